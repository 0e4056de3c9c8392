import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

final class LifecycleTests: XCTestCase {
    func testRequestBeforeInitializeIsServerNotInitialized() {
        let h = ServerHarness()
        XCTAssertEqual(h.request("textDocument/hover", positionParams("file:///a", 0, 0)).errorCode, -32002)
        XCTAssertNotNil(h.initialize())
    }

    func testInitializeAnswersServerInfoAndOnlyWorkingCapabilities() throws {
        let h = ServerHarness()
        let result = try XCTUnwrap(h.initialize())
        XCTAssertEqual(result["serverInfo"]?["name"], .string("policy-lsp"))
        XCTAssertEqual(result["serverInfo"]?["version"], .string(policyLSPVersion))
        let caps = try XCTUnwrap(result["capabilities"])
        XCTAssertEqual(caps["textDocumentSync"]?["change"], .int(2))
        XCTAssertEqual(caps["hoverProvider"], .bool(true))
        XCTAssertEqual(caps["documentSymbolProvider"], .bool(true))
        // Every advertised provider must be a method the server answers.
        guard case .object(let all) = caps else { return XCTFail() }
        let methods = ["hoverProvider": "textDocument/hover", "documentSymbolProvider": "textDocument/documentSymbol",
                       "definitionProvider": "textDocument/definition", "referencesProvider": "textDocument/references"]
        h.open("file:///x.txt", "《规划》")
        for (cap, method) in methods where all[cap] != nil {
            XCTAssertNotEqual(h.request(method, positionParams("file:///x.txt", 0, 1)).errorCode, -32601, method)
        }
    }

    func testSecondInitializeIsInvalidRequest() {
        let h = ServerHarness()
        _ = h.initialize()
        XCTAssertEqual(h.request("initialize", .object(["capabilities": .object([:])])).errorCode, -32600)
    }

    func testShutdownWithNullParamsThenRequestsAreInvalidAndExitIsZero() {
        let h = ServerHarness()
        _ = h.initialize()
        // Emacs eglot sends "params": null; decoding maps null to absent.
        XCTAssertEqual(h.request("shutdown", nil).value, .null)
        XCTAssertEqual(h.request("textDocument/hover", positionParams("file:///a", 0, 0)).errorCode, -32600)
        h.notify("exit")
        XCTAssertEqual(h.waitForExit(), 0)
    }

    func testExitWithoutShutdownIsOne() {
        let h = ServerHarness()
        _ = h.initialize()
        h.notify("exit")
        XCTAssertEqual(h.waitForExit(), 1)
    }

    func testEndOfInputExits() {
        let h = ServerHarness()
        _ = h.initialize()
        h.server.receive(.endOfInput)
        XCTAssertEqual(h.waitForExit(), 1)
    }

    func testUnknownRequestIsMethodNotFoundButUnknownNotificationIsIgnored() {
        let h = ServerHarness()
        _ = h.initialize()
        h.notify("$/setTrace", .object(["value": .string("off")]))
        h.notify("custom/unknownNotification", .object([:]))
        XCTAssertEqual(h.request("custom/unknown", nil).errorCode, -32601)
        XCTAssertEqual(h.request("$/unknownRequest", nil).errorCode, -32601)
    }

    func testInvalidParams() {
        let h = ServerHarness()
        _ = h.initialize()
        let r = h.request("textDocument/hover", .object(["textDocument": .int(3)]))
        XCTAssertEqual(r.errorCode, -32602)
        XCTAssertEqual(h.request("textDocument/documentSymbol", .object([:])).errorCode, -32602)
    }

    func testMalformedMessagesAreAnsweredAndServingContinues() {
        let h = ServerHarness()
        _ = h.initialize()
        h.server.receive(.undecodable(MessageDecodingError(error: ResponseError(code: -32700, message: "parse error"), id: nil)))
        let parse = h.waitFor { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } }
        XCTAssertNotNil(parse)
        h.server.receive(.undecodable(MessageDecodingError(error: ResponseError(code: -32600, message: "bad"), id: .int(77))))
        XCTAssertEqual(h.response(to: .int(77)).errorCode, -32600)
        h.server.receive(.framingError("header without Content-Length"))
        XCTAssertNotNil(h.waitFor { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } })
        h.open("file:///ok.txt", "ok")
        XCTAssertNotNil(h.request("textDocument/documentSymbol", docParams("file:///ok.txt")).value)
    }

    func testCancelledRequestAnswersRequestCancelled() {
        let h = ServerHarness()
        _ = h.initialize()
        h.open("file:///c.txt", "《规划》")
        let resume = h.pauseServer()
        let id = h.makeID()
        h.send(.request(id: id, method: "textDocument/documentSymbol", params: docParams("file:///c.txt")))
        h.notify("$/cancelRequest", .object(["id": id.jsonValue]))
        resume()
        XCTAssertEqual(h.response(to: id).errorCode, -32800)
        // The next request is served normally.
        XCTAssertNotNil(h.request("textDocument/documentSymbol", docParams("file:///c.txt")).value)
    }

    func testCancelForUnknownIDsLeavesNoState() {
        let h = ServerHarness()
        _ = h.initialize()
        for i in 0..<10_000 { h.notify("$/cancelRequest", .object(["id": .int(500_000 + i)])) }
        XCTAssertEqual(h.server.inflight.withLock { $0.cancelled.count }, 0)
        h.open("file:///u.txt", "text")
        XCTAssertNotNil(h.request("textDocument/documentSymbol", docParams("file:///u.txt")).value)
    }

    func testServerToClientRequestIsMatchedWithReply() throws {
        let h = ServerHarness()
        var params: [String: JSONValue] = [:]
        params["capabilities"] = .object(["workspace": .object(["configuration": .bool(true)])])
        _ = h.request("initialize", .object(params))
        h.notify("initialized", .object([:]))
        let m = try XCTUnwrap(h.waitFor { if case .request(_, "workspace/configuration", _) = $0 { return true } else { return false } })
        guard case .request(let id, _, _) = m else { return XCTFail() }
        h.send(.response(id: id, result: .success(.array([.object(["diagnosticsDelayMs": .int(7)])]))))
        // The reply is applied on the server queue; a request after it sees the new setting.
        _ = h.request("textDocument/documentSymbol", docParams("file:///none"))
        XCTAssertEqual(h.server.queue.sync { h.server.settings.diagnosticsDelayMs }, 7)
    }

    func testPositionEncodingNegotiation() {
        XCTAssertEqual(LanguageServer.negotiateEncoding(nil), .utf16)
        XCTAssertEqual(LanguageServer.negotiateEncoding([]), .utf16)
        XCTAssertEqual(LanguageServer.negotiateEncoding(["utf-8", "utf-16"]), .utf8)
        XCTAssertEqual(LanguageServer.negotiateEncoding(["utf-32"]), .utf32)
        XCTAssertEqual(LanguageServer.negotiateEncoding(["latin-1", "utf-16"]), .utf16)
        let h = ServerHarness()
        let r = h.initialize(encodings: ["utf-32", "utf-16"])
        XCTAssertEqual(r?["capabilities"]?["positionEncoding"], .string("utf-32"))
    }
}
