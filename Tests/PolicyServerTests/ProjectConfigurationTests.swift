import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

/// The server reads the same `.policy-lsp.json` as the CLI, from the workspace root upward.
final class ProjectConfigurationTests: XCTestCase {
    func workspace(_ config: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-lsp-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try config.write(to: dir.appendingPathComponent(".policy-lsp.json"), atomically: true, encoding: .utf8)
        return dir
    }

    func start(_ dir: URL) -> ServerHarness {
        let h = ServerHarness()
        _ = h.initialize(extra: ["rootUri": .string(dir.absoluteString)])
        return h
    }

    let defective = "全省60个园区中有45个实现增长，增长面达80%。今年实施“数字天津”建设，占比达到112%。"

    func testRulesAndLocaleFromTheProjectFile() throws {
        let dir = try workspace(#"{"rules": {"ratio-mismatch": "error", "impossible-share": "off"}, "locale": "en"}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = start(dir)
        let uri = dir.appendingPathComponent("a.txt").absoluteString
        h.open(uri, defective)
        let d = try XCTUnwrap(h.diagnostics(for: uri)?.arrayValue)
        XCTAssertEqual(d.map { $0["code"]?.stringValue ?? "" }, ["ratio-mismatch"])
        XCTAssertEqual(d.first?["severity"], .int(1))
        XCTAssertTrue(d.first?["message"]?.stringValue?.contains("75.0%") == true)
        XCTAssertFalse(d.first?["message"]?.stringValue?.contains("不符") ?? true, "English requested by the project file")
    }

    func testEditorSettingsWinOverTheProjectFile() throws {
        let dir = try workspace(#"{"rules": {"ratio-mismatch": "off"}}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = ServerHarness()
        _ = h.initialize(extra: ["rootUri": .string(dir.absoluteString),
                                 "initializationOptions": .object(["rules": .object(["ratio-mismatch": .string("hint")])])])
        let uri = dir.appendingPathComponent("b.txt").absoluteString
        h.open(uri, defective)
        let d = try XCTUnwrap(h.diagnostics(for: uri)?.arrayValue)
        XCTAssertEqual(d.first { $0["code"] == .string("ratio-mismatch") }?["severity"], .int(4))
    }

    func testExtraOrganizationsReachHover() throws {
        let dir = try workspace(#"{"organizations": [{"canonical": "测绘地理信息示范联盟", "shortForms": ["测绘联盟"], "type": "association"}]}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = start(dir)
        let uri = dir.appendingPathComponent("c.txt").absoluteString
        h.open(uri, "测绘联盟发布了年度报告。")
        _ = h.diagnostics(for: uri)
        let hover = h.request("textDocument/hover", positionParams(uri, 0, 1)).value
        XCTAssertTrue(hover?["contents"]?["value"]?.stringValue?.contains("测绘地理信息示范联盟") == true, "\(String(describing: hover))")
    }

    func testBrokenProjectFileIsReportedAndDefaultsApply() throws {
        let dir = try workspace("{\n  \"rules\": {\"ratio-mismatch\": \"loud\"}\n}")
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = start(dir)
        let message = h.waitFor { if case .notification("window/showMessage", _) = $0 { return true } else { return false } }
        if case .notification(_, let p)? = message {
            XCTAssertTrue(p?["message"]?.stringValue?.contains(".policy-lsp.json:2:") == true, "\(String(describing: p))")
        }
        let uri = dir.appendingPathComponent("d.txt").absoluteString
        h.open(uri, defective)
        let d = try XCTUnwrap(h.diagnostics(for: uri)?.arrayValue)
        XCTAssertTrue(d.contains { $0["code"] == .string("ratio-mismatch") })
    }
}
