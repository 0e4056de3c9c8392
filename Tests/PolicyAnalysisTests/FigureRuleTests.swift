import Foundation
import XCTest
import PolicyText
@testable import PolicyAnalysis

/// Rules added for the hand-annotated quality set, each with the cases that must stay silent.
final class FigureRuleTests: XCTestCase {
    func only(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Figure {
        let figures = recognizeFigures(text).figures
        XCTAssertEqual(figures.count, 1, "\(figures.map(\.text))", file: file, line: line)
        return try XCTUnwrap(figures.first, file: file, line: line)
    }

    func testTenthsWithQualifiers() throws {
        let f = try only("近八成行业生产保持增长")
        XCTAssertEqual([f.text, f.unit], ["八成", "成"])
        XCTAssertEqual(f.value, 8)
        XCTAssertEqual(f.qualifier, .nearly)
        XCTAssertEqual(try only("超六成行业生产改善").qualifier, .over)
    }

    func testTenthsNeedARealNumeral() {
        XCTAssertTrue(recognizeFigures("一成不变，建成投产，形成合力").figures.isEmpty)
    }

    func testBareScaleAmounts() throws {
        let f = try only("机器人市场规模已超千亿元")
        XCTAssertEqual([f.text, f.unit], ["千亿元", "元"])
        XCTAssertEqual(f.value, dec("100000000000"))
        XCTAssertEqual(f.qualifier, .over)
        let g = try only("产业规模突破万亿元大关")
        XCTAssertEqual(g.value, dec("1000000000000"))
        XCTAssertEqual(g.qualifier, .over)
    }

    func testBareScaleClassesAndIdiomsStaySilent() {
        XCTAssertTrue(recognizeFigures("8个万亿元级支柱产业集群").figures.allSatisfy { $0.text == "8个" })
        XCTAssertTrue(recognizeFigures("建设万亿级产业基地，走进千家万户，一批百亿级产业").figures.isEmpty)
    }

    func testConsecutiveYears() throws {
        let f = try only("连续13年位居世界首位")
        XCTAssertEqual([f.text, f.unit], ["13年", "年"])
        XCTAssertEqual(f.value, 13)
        XCTAssertEqual(try only("连续 7 年位居全国").value, 7)
        // A year after 连续 is still a date, not a count.
        let r = recognizeFigures("连续2023年")
        XCTAssertTrue(r.figures.isEmpty)
        XCTAssertEqual(r.dates.first?.year, 2023)
        XCTAssertTrue(recognizeFigures("过去13年间").figures.isEmpty)
    }

    func testInclusiveThreshold() throws {
        let f = try only("10亿元及以上项目完成投资")
        XCTAssertEqual(f.qualifier, .over)
        XCTAssertEqual(f.text, "10亿元")
    }

    func testAboutOnTheShareVerbCoversItsClause() throws {
        let r = recognizeFigures("机器人市场约占全国的42%、全球市场的16%；另有30%来自出口")
        XCTAssertEqual(r.figures.map(\.qualifier), [.about, .about, nil])
        XCTAssertEqual(recognizeFigures("产量分别约占全球1/3和2/5，以占全国").figures.map(\.qualifier), [.about, .about])
        // Without 约 nothing is added.
        XCTAssertEqual(recognizeFigures("市场占全国的42%").figures.first?.qualifier, nil)
    }

    func testMajorIndustriesKeepTheirNoun() throws {
        XCTAssertEqual(try only("全省五大主导产业增加值").unit, "大主导产业")
        XCTAssertEqual(try only("围绕六大重点产业").unit, "大重点产业")
    }
}
