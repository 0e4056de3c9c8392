import Foundation
import XCTest
import JSONRPC
import TestSupport

/// Protocol abuse over a real pipe to the built binary. After each abuse the server must answer the
/// next valid request correctly (or exit cleanly where the spec says so). Complements
/// `EndToEndTests.testAbuseThenServesNextRequest` and friends, which cover a few of these briefly.
final class ReliabilityProtocolTests: XCTestCase {
    let uri = "file:///reliability/doc.txt"
    let text = "工业和信息化部印发《工业互联网创新发展行动计划》（以下简称《行动计划》）。\n《行动计划》提出，营收增长16.6%。\n"

    /// A running, initialized server with one open document; checks it still works at the end.
    func withServer(file: StaticString = #filePath, line: UInt = #line, _ body: (BinaryClient) throws -> Void) throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize(), "initialize", file: file, line: line)
        c.open(uri, text)
        try body(c)
        assertServesCorrectly(c, file: file, line: line)
        c.shutdownAndExit(file: file, line: line)
    }

    /// The next valid request is answered correctly: the document text round-trips and a hover on the
    /// title answers its title.
    func assertServesCorrectly(_ c: BinaryClient, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(c.isRunning, "server died", file: file, line: line)
        let doc = c.documentText(uri)
        XCTAssertEqual(doc?.text, text, "document text after abuse", file: file, line: line)
        let hover = c.request("textDocument/hover", positionParams(uri, 0, 12))
        let value = hover.flatMap { try? $0.get() }?["contents"]?["value"]?.stringValue ?? ""
        XCTAssertTrue(value.contains("工业互联网创新发展行动计划"), "hover after abuse: \(String(describing: hover))",
                      file: file, line: line)
    }

    // MARK: Framing

    func testGarbageBytesOfEveryKind() throws {
        try withServer { c in
            var rng = SplitMix64(seed: 9)
            var junk = Data(count: 256 << 10)
            for i in junk.indices { junk[i] = UInt8(truncatingIfNeeded: rng.next()) }
            c.writeRaw(junk)
            // Nothing but line breaks, NULs, a header-looking line without a value, a negative length.
            c.writeRaw(Data(repeating: 0x0A, count: 10_000))
            c.writeRaw(Data(repeating: 0x00, count: 10_000))
            c.writeRaw("\r\n\r\nContent-Length:\r\n\r\nContent-Length: -5\r\n\r\nContent-Length: 0x10\r\n\r\n")
            c.writeRaw("Content-Length: 99999999999999999999999999\r\n\r\n")
            // A header block that never ends (longer than the header limit).
            c.writeRaw("X-Junk: " + String(repeating: "a", count: 64 << 10))
            c.writeRaw("\r\n\r\n")
        }
    }

    func testHeaderWithoutBodyThenValidMessages() throws {
        try withServer { c in
            // The declared body swallows the bytes of the following message(s); the stream must
            // resynchronize at a later header.
            c.writeRaw("Content-Length: 40\r\n\r\n")
            for _ in 0..<3 { c.notify("$/noop", .object([:])) }
            c.writeRaw("Content-Length: 0\r\n\r\n")  // empty body: a parse error, nothing swallowed
            XCTAssertNotNil(c.waitFor { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } })
        }
    }

    func testContentLengthLargerThanBodyThenEOFExitsCleanly() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.open(uri, text)
        XCTAssertEqual(c.documentText(uri)?.text, text)
        c.writeRaw("Content-Length: 5000\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1")
        c.closeInput()
        // End of input without shutdown: exit 1, promptly, not a crash signal.
        XCTAssertEqual(c.waitForExit(), 1)
        XCTAssertEqual(c.process.terminationReason, .exit)
    }

    func testHundredMegabyteContentLengthDoesNotBufferTheBody() throws {
        try withServer { c in
            let before = c.residentBytes()
            c.writeRaw("Content-Length: 104857600\r\n\r\n")
            let chunk = Data(repeating: 0x7B, count: 1 << 20)
            for _ in 0..<100 { c.writeRaw(chunk) }
            XCTAssertNotNil(c.waitFor { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } })
            if let before, let after = c.peakResidentBytes() {
                // The body is skipped as it streams by: peak memory must not hold 100 MB.
                XCTAssertLessThan(after - before, 48 << 20, "server peak RSS grew by \((after - before) >> 20) MB")
            }
        }
    }

    func testBodyJustUnderTheLimitIsAnsweredAsParseError() throws {
        try withServer { c in
            // 32 MB of JSON whitespace then garbage: buffered (under the 64 MB limit), rejected, freed.
            var body = Data(repeating: 0x20, count: 32 << 20)
            body.append(Data("nope".utf8))
            c.writeRaw(frame(body))
            XCTAssertNotNil(c.waitFor(timeout: 60) { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } })
        }
    }

    func testMessagesDribbledOneByteAtATime() throws {
        try withServer { c in
            let id = c.makeID()
            let body = try JSONCoding.encoder.encode(Message.request(id: .int(id), method: "policyLsp/documentText",
                                                                     params: docParams(uri)).jsonValue)
            for byte in frame(body) { c.writeRaw(Data([byte])) }
            XCTAssertEqual(c.response(to: id).flatMap { try? $0.get() }?["text"]?.stringValue, text)
        }
    }

    // MARK: Bodies

    func testInvalidUTF8InABody() throws {
        try withServer { c in
            // Invalid bytes inside a JSON string of a request, of a didOpen text, and as the whole body.
            var request = Data(#"{"jsonrpc":"2.0","id":41,"method":"policyLsp/documentText","params":{"textDocument":{"uri":"file:///"#.utf8)
            request.append(contentsOf: [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80])
            request.append(Data(#""}}}"#.utf8))
            c.writeRaw(frame(request))
            var open = Data(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///bad-utf8.txt","languageId":"plaintext","version":1,"text":"《规划"#.utf8)
            open.append(contentsOf: [0x80, 0xBF, 0xF8, 0x88, 0x80, 0x80, 0x80])
            open.append(Data(#"》"}}}"#.utf8))
            c.writeRaw(frame(open))
            c.writeRaw(frame(Data([0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D])))  // UTF-16 BOM'd "{}"
            // Whatever the decoder decides (parse error, or U+FFFD), request 41 is answered and nothing hangs.
            XCTAssertNotNil(c.waitFor { m in
                if case .response(.int(41), _) = m { return true }
                if case .errorWithoutID = m { return true }
                return false
            })
            // If the invalid didOpen was accepted, its text must be valid Unicode the server can analyse.
            if let bad = c.documentText("file:///bad-utf8.txt") {
                XCTAssertTrue(bad.text.hasPrefix("《规划"))
            }
        }
    }

    func testJSONNestedTenThousandDeep() throws {
        try withServer { c in
            let depth = 10_000
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let nested = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
                let id = c.makeID()
                c.writeRaw(frame(Data("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"textDocument/hover\",\"params\":{\"x\":\(nested)}}".utf8)))
                // Rejected as a parse error (depth limit) or answered as invalid params: never a stack overflow.
                XCTAssertNotNil(c.waitFor { m in
                    if case .response(.int(id), .failure) = m { return true }
                    if case .errorWithoutID(let e) = m { return e.code == -32700 }
                    return false
                }, "nested \(open)")
                // Deep nesting where the server passes values through untyped: initializationOptions-like
                // settings via didChangeConfiguration, and a notification.
                c.writeRaw(frame(Data("{\"jsonrpc\":\"2.0\",\"method\":\"workspace/didChangeConfiguration\",\"params\":{\"settings\":\(nested)}}".utf8)))
            }
        }
    }

    func testBatchesAndNonObjectMessages() throws {
        try withServer { c in
            for body in ["[]", "[1,2,3]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]", "null", "42", "\"str\"", "true",
                         "{}", "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"shutdown\"}", "{\"id\":{},\"method\":\"shutdown\"}",
                         "{\"id\":[1],\"method\":\"shutdown\"}", "{\"id\":1.5,\"method\":\"shutdown\"}",
                         "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"shutdown\"}", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42}",
                         "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"shutdown\",\"params\":\"x\"}",
                         "{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999999,\"method\":\"shutdown\"}",
                         "{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"shutdown\"}",
                         "{\"jsonrpc\":\"2.0\",\"id\":-9223372036854775808,\"result\":null}",
                         "{\"jsonrpc\":\"2.0\",\"id\":\"\(String(repeating: "x", count: 1 << 20))\",\"result\":{}}",
                         "{\"jsonrpc\":\"2.0\",\"method\":\"\(String(repeating: "m", count: 1 << 20))\"}",
                         "{\"jsonrpc\":\"2.0\",\"id\":12,\"error\":{\"code\":\"x\"}}"] {
                c.writeRaw(frame(Data(body.utf8)))
            }
            // None of the bodies above is a valid shutdown: the server must still be running.
            XCTAssertTrue(c.isAlive())
        }
    }

    // MARK: Parameters

    /// Values of every JSON type and a few nasty numbers, for substituting anywhere.
    static let wrongValues: [JSONValue] = [
        .null, .bool(true), .int(-1), .int(Int.max), .int(Int.min), .double(1e300), .double(-0.5),
        .string(""), .string("\u{0}"), .array([]), .array([.int(1)]), .object([:]), .object(["uri": .int(3)]),
    ]

    /// Each method the server advertises or accepts, with a valid params object to mutate.
    var validParams: [(method: String, isRequest: Bool, params: JSONValue)] {
        let td: JSONValue = .object(["uri": .string(uri)])
        let pos = position(0, 3)
        return [
            ("textDocument/hover", true, .object(["textDocument": td, "position": pos])),
            ("textDocument/documentSymbol", true, .object(["textDocument": td])),
            ("textDocument/definition", true, .object(["textDocument": td, "position": pos])),
            ("textDocument/references", true, .object(["textDocument": td, "position": pos,
                                                        "context": .object(["includeDeclaration": .bool(true)])])),
            ("textDocument/codeAction", true, .object(["textDocument": td, "range": range(0, 0, 0, 3),
                                                        "context": .object(["diagnostics": .array([])])])),
            ("textDocument/documentHighlight", true, .object(["textDocument": td, "position": pos])),
            ("textDocument/foldingRange", true, .object(["textDocument": td])),
            ("textDocument/inlayHint", true, .object(["textDocument": td, "range": range(0, 0, 1, 0)])),
            ("textDocument/semanticTokens/full", true, .object(["textDocument": td])),
            ("textDocument/prepareRename", true, .object(["textDocument": td, "position": pos])),
            ("textDocument/rename", true, .object(["textDocument": td, "position": pos, "newName": .string("x")])),
            ("workspace/symbol", true, .object(["query": .string("计划")])),
            ("workspace/executeCommand", true, .object(["command": .string("policyLsp.unknown"), "arguments": .array([])])),
            ("policyLsp/documentText", true, .object(["textDocument": td])),
            ("textDocument/didSave", false, .object(["textDocument": td])),
            ("workspace/didChangeConfiguration", false, .object(["settings": .object([:])])),
            ("workspace/didChangeWatchedFiles", false, .object(["changes": .array([])])),
            // didChange/didClose/didOpen are abused on a scratch document (they would otherwise change `uri`).
            ("textDocument/didChange", false, .object([
                "textDocument": .object(["uri": .string("file:///scratch.txt"), "version": .int(2)]),
                "contentChanges": .array([.object(["range": range(0, 0, 0, 1), "text": .string("x")])])])),
            ("textDocument/didClose", false, .object(["textDocument": .object(["uri": .string("file:///scratch.txt")])])),
            ("textDocument/didOpen", false, .object(["textDocument": .object([
                "uri": .string("file:///scratch.txt"), "languageId": .string("plaintext"), "version": .int(1),
                "text": .string("《规划》")])])),
        ]
    }

    /// Every leaf and every object of `value`, replaced in turn by each wrong value.
    static func mutations(of value: JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        for w in wrongValues { out.append(w) }
        if case .object(let o) = value {
            for (k, v) in o {
                var missing = o
                missing[k] = nil
                out.append(.object(missing))
                for m in mutations(of: v) {
                    var copy = o
                    copy[k] = m
                    out.append(.object(copy))
                }
            }
        } else if case .array(let a) = value {
            for (i, v) in a.enumerated() {
                for m in mutations(of: v) {
                    var copy = a
                    copy[i] = m
                    out.append(.array(copy))
                }
            }
        }
        return out
    }

    func testWrongTypesInParamsForEveryMethod() throws {
        try withServer { c in
            var requests = 0
            for (method, isRequest, params) in validParams {
                let variants = Self.mutations(of: params)
                for p in variants {
                    if isRequest {
                        let id = c.makeID()
                        c.send(.request(id: .int(id), method: method, params: p))
                        requests += 1
                        // Answer in order, so a hang is attributed to the right method.
                        let r = c.response(to: id, timeout: 30)
                        XCTAssertNotNil(r, "\(method) with \(p) was not answered")
                        if r == nil { return }
                        if case .failure(let e)? = r {
                            XCTAssertNotEqual(e.code, -32603, "\(method) internal error on \(p): \(e.message)")
                        }
                    } else {
                        c.notify(method, p)
                    }
                }
                XCTAssertTrue(c.isRunning, "died on \(method)")
            }
            print("reliability: \(requests) mistyped requests answered")
            c.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string("file:///scratch.txt")])]))
            // The abused configuration must not have disabled diagnostics for the main document.
            c.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(2)]),
                "contentChanges": .array([.object(["text": .string(text)])])]))
            XCTAssertNotNil(c.diagnostics(uri, version: 2))
        }
    }

    func testWrongTypesInInitializeThenAProperInitialize() throws {
        let valid: JSONValue = .object(["processId": .null, "rootUri": .null, "capabilities": .object([
            "general": .object(["positionEncodings": .array([.string("utf-16")])]),
            "workspace": .object(["configuration": .bool(true)]),
            "textDocument": .object(["hover": .object(["contentFormat": .array([.string("markdown")])])]),
        ]), "initializationOptions": .object(["diagnosticsDelayMs": .int(10), "rules": .object([:])]),
           "locale": .string("zh-cn"), "trace": .string("off")])
        var c = try BinaryClient()
        var rejected = 0, tolerated = 0
        for p in Self.mutations(of: valid) {
            guard let r = c.request("initialize", p) else { return XCTFail("initialize with \(p) unanswered") }
            switch r {
            case .failure(let e):
                // Invalid params (-32602; -32600 when params is not even an object) leave the server
                // uninitialized, ready for a proper initialize.
                XCTAssertTrue([-32602, -32600].contains(e.code), "\(p): \(e)")
                rejected += 1
            case .success(let result):
                // A tolerated mistyped optional field: the server initialized and must work; start a new one.
                XCTAssertNotNil(result["capabilities"], "\(p)")
                tolerated += 1
                c.notify("initialized", .object([:]))
                c.open(uri, text)
                XCTAssertEqual(c.documentText(uri)?.text, text, "after initialize with \(p)")
                c.shutdownAndExit()
                c = try BinaryClient()
            }
        }
        print("reliability: initialize mutations rejected \(rejected), tolerated \(tolerated)")
        XCTAssertNotNil(c.initialize())
        c.open(uri, text)
        assertServesCorrectly(c)
        c.shutdownAndExit()
    }

    // MARK: Positions and documents

    func testPositionsOnLinesThatDoNotExist() throws {
        try withServer { c in
            let lines = [-1, 2, 3, 1_000_000, Int(Int32.max), Int(UInt32.max), Int.max, Int.min]
            let characters = [-1, 0, 1, 10_000, Int(Int32.max), Int.max, Int.min]
            for method in ["textDocument/hover", "textDocument/definition", "textDocument/references",
                           "textDocument/documentHighlight", "textDocument/prepareRename"] {
                for l in lines {
                    for ch in characters {
                        var params = positionParams(uri, l, ch)
                        if method == "textDocument/references", case .object(var o) = params {
                            o["context"] = .object(["includeDeclaration": .bool(true)])
                            params = .object(o)
                        }
                        let r = c.request(method, params, timeout: 30)
                        XCTAssertNotNil(r, "\(method) \(l):\(ch) unanswered")
                        if case .failure(let e)? = r {
                            XCTAssertTrue([-32602, -32601].contains(e.code), "\(method) \(l):\(ch): \(e)")
                        }
                    }
                }
            }
            // Past-the-end characters on lines that DO exist clamp to the line end (no error, no crash).
            XCTAssertNotNil(try c.request("textDocument/hover", positionParams(uri, 0, Int.max))?.get())
        }
    }

    func testEditsOutsideTheDocumentAreClamped() throws {
        try withServer { c in
            let scratch = "file:///scratch-edits.txt"
            c.open(scratch, "第一行\n第二行")
            var version = 1
            for (l1, c1, l2, c2) in [(5, 0, 9, 9), (-1, -1, 0, 1), (1, 100, 0, 0), (Int.max, Int.max, Int.max, Int.max),
                                     (Int.min, 0, Int.min, 0), (0, Int.min, 0, Int.max)] {
                version += 1
                c.notify("textDocument/didChange", .object([
                    "textDocument": .object(["uri": .string(scratch), "version": .int(version)]),
                    "contentChanges": .array([.object(["range": range(l1, c1, l2, c2), "text": .string("x")])])]))
            }
            // Clamping, step by step: "第一行\n第二行x" (past the end → end), "x一行\n第二行x" (negative → 0),
            // "x" (start after end → swapped, last-line column past its end → text end), "xx", "xxx",
            // "x" (negative column → line start, huge column on the last line → its end).
            let doc = c.documentText(scratch)
            XCTAssertEqual(doc?.version, version)
            XCTAssertEqual(doc?.text, "x")
        }
    }

    func testEditsToANeverOpenedDocument() throws {
        try withServer { c in
            let ghost = "file:///never-opened.txt"
            for v in 1...50 {
                c.notify("textDocument/didChange", .object([
                    "textDocument": .object(["uri": .string(ghost), "version": .int(v)]),
                    "contentChanges": .array([.object(["range": range(0, 0, 0, 0), "text": .string("x")])])]))
            }
            c.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(ghost)])]))
            c.notify("textDocument/didSave", .object(["textDocument": .object(["uri": .string(ghost)])]))
            // The ghost did not come to life, and no diagnostics with a version were published for it.
            if case .failure(let e)? = c.request("policyLsp/documentText", docParams(ghost)) {
                XCTAssertEqual(e.code, -32602)
            } else {
                XCTFail("a never-opened document has no text")
            }
            XCTAssertFalse(c.publishedVersions.contains { $0.0 == ghost && $0.1 != nil })
            // Opening it now starts from the opened text.
            c.open(ghost, "新文本", version: 100)
            XCTAssertEqual(c.documentText(ghost)?.text, "新文本")
        }
    }

    func testReopenAndDoubleOpenAndCloseTwice() throws {
        try withServer { c in
            let u = "file:///twice.txt"
            c.open(u, "一", version: 1)
            c.open(u, "二", version: 5)  // a second didOpen replaces the first
            XCTAssertEqual(c.documentText(u)?.text, "二")
            c.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(u)])]))
            c.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(u)])]))
            XCTAssertNil(c.documentText(u))
        }
    }

    // MARK: Lifecycle

    func testRequestsAndNotificationsAfterShutdown() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.open(uri, text)
        XCTAssertEqual(try c.request("shutdown", nil)?.get(), .null)
        // Every request after shutdown is InvalidRequest; a second shutdown too.
        for method in ["textDocument/hover", "textDocument/documentSymbol", "policyLsp/documentText", "shutdown",
                       "initialize", "no/such/method"] {
            let r = c.request(method, positionParams(uri, 0, 0))
            XCTAssertEqual(r.flatMap { if case .failure(let e) = $0 { return e.code } else { return nil } }, -32600, method)
        }
        // Notifications after shutdown are ignored (not answered, not fatal).
        c.open("file:///late.txt", "晚")
        c.notify("textDocument/didChange", .object(["textDocument": .object(["uri": .string(uri), "version": .int(9)]),
                                                    "contentChanges": .array([.object(["text": .string("")])])]))
        c.notify("exit", nil)
        XCTAssertEqual(c.waitForExit(), 0)
        XCTAssertEqual(c.process.terminationReason, .exit)
    }

    func testExitWithoutShutdownAndDataAfterExit() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.notify("exit", nil)
        c.notify("$/cancelRequest", .object(["id": .int(1)]))  // after exit: must not matter
        XCTAssertEqual(c.waitForExit(), 1)
        XCTAssertEqual(c.process.terminationReason, .exit)
    }

    func testTenThousandCancelsForUnknownIDs() throws {
        try withServer { c in
            let before = c.residentBytes()
            var batch = Data()
            for i in 0..<10_000 {
                let id: JSONValue = i % 3 == 0 ? .int(900_000 + i) : i % 3 == 1 ? .string("nope-\(i)") : .null
                let body = try JSONCoding.encoder.encode(Message.notification(method: "$/cancelRequest",
                                                                             params: .object(["id": id])).jsonValue)
                batch.append(frame(body))
            }
            // Cancels with wrong shapes too.
            for p in Self.wrongValues {
                batch.append(frame(try JSONCoding.encoder.encode(Message.notification(method: "$/cancelRequest", params: .object(["id": p])).jsonValue)))
            }
            batch.append(frame(Data(#"{"jsonrpc":"2.0","method":"$/cancelRequest"}"#.utf8)))
            c.writeRaw(batch)
            XCTAssertTrue(c.isAlive())
            if let before, let after = c.residentBytes() {
                XCTAssertLessThan(after - before, 32 << 20, "cancels grew the server by \((after - before) >> 20) MB")
            }
        }
    }

    func testCancelEveryRequestInAFlood() throws {
        try withServer { c in
            // Requests and their cancels interleaved at full speed: every request gets exactly one answer,
            // a result or RequestCancelled, and the server keeps serving.
            var ids: [Int] = []
            var batch = Data()
            for _ in 0..<2_000 {
                let id = c.makeID()
                ids.append(id)
                batch.append(frame(try JSONCoding.encoder.encode(Message.request(
                    id: .int(id), method: "textDocument/documentSymbol", params: docParams(uri)).jsonValue)))
                batch.append(frame(try JSONCoding.encoder.encode(Message.notification(
                    method: "$/cancelRequest", params: .object(["id": .int(id)])).jsonValue)))
            }
            c.writeRaw(batch)
            var cancelled = 0
            for id in ids {
                guard let r = c.response(to: id) else { return XCTFail("request \(id) unanswered") }
                if case .failure(let e) = r {
                    XCTAssertEqual(e.code, -32800)
                    cancelled += 1
                }
            }
            print("reliability: \(cancelled) of \(ids.count) flooded requests were cancelled")
        }
    }

    func testThreeThousandRequestsInOneWriteAreAllAnswered() throws {
        // A burst larger than the pipe buffers in both directions: nothing is lost.
        try withServer { c in
            var ids: [Int] = []
            var batch = Data()
            for _ in 0..<3_000 {
                let id = c.makeID()
                ids.append(id)
                batch.append(frame(try JSONCoding.encoder.encode(Message.request(
                    id: .int(id), method: "policyLsp/documentText", params: docParams(uri)).jsonValue)))
            }
            c.writeRaw(batch)
            for id in ids {
                XCTAssertEqual(c.response(to: id).flatMap { try? $0.get() }?["text"]?.stringValue, text, "response \(id)")
            }
        }
    }
}
