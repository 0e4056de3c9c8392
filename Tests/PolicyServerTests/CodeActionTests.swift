import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

final class CodeActionTests: XCTestCase {
    func actions(_ h: ServerHarness, _ uri: String, _ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int,
                 diagnostics: [JSONValue] = []) -> [JSONValue] {
        let r = h.request("textDocument/codeAction", .object([
            "textDocument": .object(["uri": .string(uri)]), "range": range(l1, c1, l2, c2),
            "context": .object(["diagnostics": .array(diagnostics)]),
        ]))
        return r.value?.arrayValue ?? []
    }

    func edits(_ action: JSONValue, _ uri: String) -> [JSONValue] {
        action["edit"]?["changes"]?[uri]?.arrayValue ?? []
    }

    func testReplaceStatedTotalWithComputedSum() throws {
        let h = ServerHarness()
        _ = h.initialize(encodings: ["utf-16"])
        let uri = "file:///sum.txt"
        let text = "2023年，全省光伏产业实现营业收入3200亿元，其中硅片、电池片、组件分别实现营业收入800亿元、1100亿元和1200亿元。"
        h.open(uri, text)
        let diagnostics = try XCTUnwrap(h.diagnostics(for: uri)?.arrayValue)
        let sum = try XCTUnwrap(diagnostics.first { $0["code"] == .string("sum-mismatch") })
        let start = sum["range"]!["start"]!, end = sum["range"]!["end"]!
        let list = actions(h, uri, start["line"]!.intValue!, start["character"]!.intValue!,
                           end["line"]!.intValue!, end["character"]!.intValue!, diagnostics: [sum])
        let fix = try XCTUnwrap(list.first { $0["isPreferred"] == .bool(true) })
        XCTAssertEqual(fix["kind"], .string("quickfix"))
        XCTAssertEqual(edits(fix, uri).first?["newText"], .string("3100亿元"))
        XCTAssertEqual(edits(fix, uri).first?["range"], sum["range"])
        XCTAssertEqual(fix["diagnostics"]?.arrayValue?.first?["code"], .string("sum-mismatch"))
        XCTAssertEqual(sum["data"]?["replacement"], .string("3100亿元"))
    }

    func testExpandAbbreviationToFullTitle() throws {
        let h = ServerHarness()
        _ = h.initialize(encodings: ["utf-16"])
        let uri = "file:///alias.txt"
        h.open(uri, "省工信厅印发《江苏省光伏产业高质量发展行动方案》（以下简称《行动方案》）。\n《行动方案》提出六项任务。")
        _ = h.diagnostics(for: uri)
        let list = actions(h, uri, 1, 1, 1, 1)
        let expand = try XCTUnwrap(list.first { ($0["title"]?.stringValue ?? "").contains("展开") })
        XCTAssertEqual(edits(expand, uri).first?["newText"], .string("《江苏省光伏产业高质量发展行动方案》"))
        XCTAssertEqual(edits(expand, uri).first?["range"], range(1, 0, 1, 6))
        // At the definition itself nothing is offered.
        XCTAssertTrue(actions(h, uri, 0, 35, 0, 35).allSatisfy { !($0["title"]?.stringValue ?? "").contains("展开") })
    }

    func testInsertMissingDefinitionAfterTheFullTitle() throws {
        let h = ServerHarness()
        _ = h.initialize(encodings: ["utf-8"])
        let uri = "file:///undefined.txt"
        h.open(uri, "赛迪顾问发布《2023年中国家电行业发展报告》。\n《报告》指出，消费回暖。")
        // The full title is in the same article, so no diagnostic — but the 以下简称 is still missing.
        _ = h.diagnostics(for: uri)
        let list = actions(h, uri, 1, 3, 1, 3)
        let insert = try XCTUnwrap(list.first { ($0["title"]?.stringValue ?? "").contains("插入") })
        let e = try XCTUnwrap(edits(insert, uri).first)
        XCTAssertEqual(e["newText"], .string("（以下简称《报告》）"))
        // UTF-8 columns: the title ends after 《2023年中国家电行业发展报告》 on line 0.
        let prefix = "赛迪顾问发布《2023年中国家电行业发展报告》"
        XCTAssertEqual(e["range"], range(0, prefix.utf8.count, 0, prefix.utf8.count))
    }

    func testCleanTextOffersNothingAndKindFilterIsRespected() {
        let h = ServerHarness()
        _ = h.initialize()
        let uri = "file:///clean.txt"
        h.open(uri, "全省60个园区中有45个实现增长，增长面达75%。")
        _ = h.diagnostics(for: uri)
        XCTAssertEqual(actions(h, uri, 0, 0, 0, 20).count, 0)
        let r = h.request("textDocument/codeAction", .object([
            "textDocument": .object(["uri": .string(uri)]), "range": range(0, 0, 0, 20),
            "context": .object(["diagnostics": .array([]), "only": .array([.string("refactor")])]),
        ]))
        XCTAssertEqual(r.value, .array([]))
    }
}
