import JSONRPC
import XCTest
@testable import PolicyServer

/// Settings arrive in the shapes editors send them: flat (VS Code initializationOptions, ALE, eglot's
/// answer to workspace/configuration) or wrapped in the section (Helix's `config`, didChangeConfiguration).
final class EditorSettingsTests: XCTestCase {
    func testFlatSettingsApply() {
        var s = ServerSettings()
        s.apply(.object(["diagnosticsDelayMs": .int(250), "logToClient": .bool(true), "locale": .string("en"),
                         "rules": .object(["range-order": .string("off"), "sum-mismatch": .string("hint")])]))
        XCTAssertEqual(s.diagnosticsDelayMs, 250)
        XCTAssertTrue(s.logToClient)
        XCTAssertEqual(s.locale, "en")
        XCTAssertEqual(s.ruleSeverity["range-order"], .some(nil))
        XCTAssertEqual(s.ruleSeverity["sum-mismatch"], .hint)
    }

    func testSettingsWrappedInThePolicyLspSectionApply() {
        var s = ServerSettings()
        s.apply(.object(["policyLsp": .object(["diagnosticsDelayMs": .int(7), "rules": .object(["impossible-share": .string("error")])]),
                         "otherServer": .object(["diagnosticsDelayMs": .int(999)])]))
        XCTAssertEqual(s.diagnosticsDelayMs, 7)
        XCTAssertEqual(s.ruleSeverity["impossible-share"], .error)
    }

    func testAnUnrelatedSectionOrANonObjectSectionChangesNothing() {
        var s = ServerSettings()
        s.apply(.object(["otherServer": .object(["diagnosticsDelayMs": .int(999)]), "policyLsp": .string("on")]))
        XCTAssertEqual(s.diagnosticsDelayMs, 40)
        XCTAssertTrue(s.ruleSeverity.isEmpty)
    }

    /// ALE and Neovim 0.7 do not answer workspace/configuration; they push the section instead.
    func testDidChangeConfigurationPushAppliesThePolicyLspSection() {
        let h = ServerHarness()
        _ = h.initialize()
        h.notify("workspace/didChangeConfiguration", .object(["settings": .object([
            "policyLsp": .object(["diagnosticsDelayMs": .int(123), "rules": .object(["alias-conflict": .string("warning")])]),
        ])]))
        let settings = h.server.queue.sync { h.server.settings }
        XCTAssertEqual(settings.diagnosticsDelayMs, 123)
        XCTAssertEqual(settings.ruleSeverity["alias-conflict"], .warning)
    }

    /// Vim's LSP channel (and so yegappan/lsp) can only answer requests whose id is a number.
    func testRequestsToTheClientUseIntegerIDs() {
        let h = ServerHarness()
        _ = h.initialize(extra: ["capabilities": .object(["workspace": .object(["configuration": .bool(true)])])])
        let m = h.waitFor {
            if case .request(_, "workspace/configuration", _) = $0 { return true }
            return false
        }
        guard case .request(let id, _, let params)? = m else { return XCTFail("no workspace/configuration request") }
        guard case .int = id else { return XCTFail("id \(id) is not an integer") }
        XCTAssertEqual(params?["items"]?.arrayValue?.first?["section"]?.stringValue, "policyLsp")
    }
}
