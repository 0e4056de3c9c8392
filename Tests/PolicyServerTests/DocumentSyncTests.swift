import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer
import TestSupport

/// The server's copy of a document must equal the client's after every incremental edit, in every
/// position encoding, on Chinese text with astral characters and mixed line endings.
final class DocumentSyncTests: XCTestCase {
    /// A client-side model of the text: an array of Unicode scalars with LSP position arithmetic.
    struct ClientText {
        var scalars: [Unicode.Scalar]

        func lineStarts() -> [Int] {
            var starts = [0]
            var i = 0
            while i < scalars.count {
                if scalars[i] == "\r" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                    starts.append(i + 1)
                } else if scalars[i] == "\n" {
                    starts.append(i + 1)
                }
                i += 1
            }
            return starts
        }

        func width(_ s: Unicode.Scalar, _ encoding: String) -> Int {
            switch encoding {
            case "utf-8": return UTF8.width(s)
            case "utf-16": return UTF16.width(s)
            default: return 1
            }
        }

        func position(of offset: Int, _ encoding: String) -> (Int, Int) {
            let starts = lineStarts()
            var line = 0
            while line + 1 < starts.count && starts[line + 1] <= offset { line += 1 }
            var col = 0
            for i in starts[line]..<offset { col += width(scalars[i], encoding) }
            return (line, col)
        }

        /// The end of line `line`'s content (before its terminator).
        func lineEnd(_ line: Int, _ starts: [Int]) -> Int {
            var end = line + 1 < starts.count ? starts[line + 1] : scalars.count
            if end > starts[line], line + 1 < starts.count {
                end -= 1
                if end > starts[line], scalars[end] == "\n", scalars[end - 1] == "\r" { end -= 1 }
            }
            return end
        }

        var string: String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars)
            return String(v)
        }
    }

    let pieces: [String] = ["政策", "𠀀", "😀", "\r\n", "\n", "\r", "a", "《规划》", "１６．６％", "", "年均增长16.6%", "𝔘"]

    func runRandomEdits(encoding: String, seed: UInt64, edits: Int) throws {
        let h = ServerHarness()
        _ = h.initialize(encodings: [encoding])
        // Offset keeps the sequences these tests were written against.
        var rng = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
        var client = ClientText(scalars: Array("山西省𠀀电子信息\r\n制造业😀营收\r1697.2 亿元\n".unicodeScalars))
        let uri = "file:///sync-\(encoding)-\(seed).txt"
        h.open(uri, client.string)
        for version in 2..<(edits + 2) {
            // Pick scalar offsets (never inside a character) so the client model is unambiguous.
            let a = Int(rng.next() % UInt64(client.scalars.count + 1))
            let b = min(client.scalars.count, a + Int(rng.next() % 4))
            // Never split a CRLF pair: that changes line structure in ways LSP positions cannot express.
            func safe(_ o: Int) -> Int {
                if o > 0, o < client.scalars.count, client.scalars[o - 1] == "\r", client.scalars[o] == "\n" { return o - 1 }
                return o
            }
            let start = safe(a), end = max(start, safe(b))
            let insert = pieces[Int(rng.next() % UInt64(pieces.count))]
            let (l1, c1) = client.position(of: start, encoding)
            let (l2, c2) = client.position(of: end, encoding)
            var newScalars = Array(client.scalars[0..<start])
            newScalars += Array(insert.unicodeScalars)
            newScalars += Array(client.scalars[end...])
            client.scalars = newScalars
            h.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(version)]),
                "contentChanges": .array([.object(["range": range(l1, c1, l2, c2), "text": .string(insert)])]),
            ]))
            let r = h.request("policyLsp/documentText", docParams(uri))
            XCTAssertEqual(r.value?["text"]?.stringValue, client.string, "after edit \(version) (\(encoding))")
            XCTAssertEqual(r.value?["version"]?.intValue, version)
            if r.value?["text"]?.stringValue != client.string { return }
        }
    }

    func testRandomEditsUTF16() throws { try runRandomEdits(encoding: "utf-16", seed: 1, edits: 300) }
    func testRandomEditsUTF8() throws { try runRandomEdits(encoding: "utf-8", seed: 2, edits: 300) }
    func testRandomEditsUTF32() throws { try runRandomEdits(encoding: "utf-32", seed: 3, edits: 300) }

    func testEditPastTheEndIsClampedNotACrash() {
        let h = ServerHarness()
        _ = h.initialize()
        let uri = "file:///clamp.txt"
        h.open(uri, "一行\n两行")
        h.notify("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(2)]),
            "contentChanges": .array([.object(["range": range(1, 1, 99, 5), "text": .string("〇")])]),
        ]))
        XCTAssertEqual(h.request("policyLsp/documentText", docParams(uri)).value?["text"]?.stringValue, "一行\n两〇")
    }

    func testFullReplacementAndClose() {
        let h = ServerHarness()
        _ = h.initialize()
        let uri = "file:///full.txt"
        h.open(uri, "旧")
        h.notify("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(2)]),
            "contentChanges": .array([.object(["text": .string("新《规划》")])]),
        ]))
        XCTAssertEqual(h.request("policyLsp/documentText", docParams(uri)).value?["text"]?.stringValue, "新《规划》")
        h.notify("textDocument/didClose", docParams(uri))
        let cleared = h.waitFor {
            guard case .notification("textDocument/publishDiagnostics", let p?) = $0 else { return false }
            return p["uri"]?.stringValue == uri && p["diagnostics"] == .array([]) && p["version"] == nil
        }
        XCTAssertNotNil(cleared)
        XCTAssertEqual(h.request("policyLsp/documentText", docParams(uri)).errorCode, -32602)
    }

    func testDiagnosticsAreDebouncedAndBelongToTheLatestVersion() {
        let h = ServerHarness()
        _ = h.initialize()
        let uri = "file:///debounce.txt"
        h.open(uri, "《")
        _ = h.diagnostics(for: uri, version: 1)
        for v in 2...20 {
            h.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(v)]),
                "contentChanges": .array([.object(["text": .string(String(repeating: "《", count: v))])]),
            ]))
        }
        XCTAssertNotNil(h.diagnostics(for: uri, version: 20))
        // A burst of changes publishes for the last version only: nothing for 2…19 is left in the inbox.
        let stale = h.waitFor(timeout: 0.3, failOnTimeout: false) {
            guard case .notification("textDocument/publishDiagnostics", let p?) = $0 else { return false }
            return (p["version"]?.intValue ?? 0) < 20
        }
        XCTAssertNil(stale)
    }
}
