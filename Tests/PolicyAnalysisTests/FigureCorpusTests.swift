import Foundation
import XCTest
import PolicyText
@testable import PolicyAnalysis

/// Spot checks on the real corpus (read through the identity reading view for now, so figures split
/// by a hard line break are not asserted).
final class FigureCorpusTests: XCTestCase {
    func read(_ prefix: String) throws -> (figures: [Figure], dates: [DateMention]) {
        recognizeFigures(try FigureTestData.corpus(prefix))
    }

    func figure(_ text: String, in r: (figures: [Figure], dates: [DateMention]), file: StaticString = #filePath,
                line: UInt = #line) throws -> Figure {
        try XCTUnwrap(r.figures.first { $0.text == text }, "no figure \(text)", file: file, line: line)
    }

    func test000() throws {
        let r = try read("000")
        let income = try figure("1697.2亿元", in: r)
        XCTAssertEqual(income.value, dec("169720000000"))
        XCTAssertEqual(income.metric, "营业收入")
        let growth = try figure("16.6%", in: r)
        XCTAssertEqual(growth.value, dec("16.6"))
        XCTAssertEqual(growth.timeContext, "“十四五”以来")
        XCTAssertEqual(r.dates.first?.normalized, "32023-03-31")
        XCTAssertFalse(r.figures.contains { $0.text.contains("88558813") || $0.text.contains("010") })
        XCTAssertEqual(try figure("五大产业", in: r).value, 5)
    }

    func test001() throws {
        let r = try read("001")
        XCTAssertEqual(try figure("5.34万亿元", in: r).value, dec("5340000000000"))
        XCTAssertEqual(try figure("1/3", in: r).shape, .fraction)
        XCTAssertEqual(try figure("75.9%", in: r).value, dec("75.9"))
        let range = try figure("3~5个", in: r)
        XCTAssertEqual([range.value, range.upperValue], [3, 5])
        XCTAssertEqual(try figure("六大行动", in: r).shape, .count)
        XCTAssertEqual(try figure("23.48亿元", in: r).statedDecimals, 2)
        XCTAssertTrue(r.dates.contains { $0.normalized == "--04-09" })
    }

    func test002() throws {
        let r = try read("002")
        let density = try figure("260台/万人", in: r)
        XCTAssertEqual(density.shape, .rate)
        XCTAssertEqual(density.metric, "机器人密度")
        XCTAssertEqual(try figure("42%", in: r).value, 42)
        XCTAssertEqual(try figure("三方面", in: r).value, 3)
        XCTAssertEqual(try figure("四个方面", in: r).value, 4)
        let points = try figure("1.9个百分点", in: r)
        XCTAssertEqual(points.shape, .percentagePoints)
        XCTAssertEqual(points.timeContext, "1—2月")
        XCTAssertTrue(r.dates.contains { $0.normalized == "2022/2025" && $0.endYear == 2025 })
    }

    func test003() throws {
        let r = try read("003")
        XCTAssertEqual(try figure("16.98万亿元", in: r).value, dec("16980000000000"))
        let growth = try figure("3.6%", in: r)
        XCTAssertEqual(growth.timeContext, "2022年")
        XCTAssertEqual(growth.metric, "工业增加值")
        XCTAssertEqual(try figure("0.5个百分点", in: r).shape, .percentagePoints)
        XCTAssertEqual(r.figures.filter { $0.text == "45个" }.count, 4)
        // The breakdown of the 45 clusters (13+13+7+4+3 = 40) is read part by part.
        let parts = r.figures.filter { ["13个", "7个", "4个", "3个"].contains($0.text) }.map(\.value)
        XCTAssertEqual(parts.reduce(0, +), 40)
    }

    /// Large input (speed is measured by policy-lsp-bench, not here).
    func testRepeatedCorpusFindsEveryCopy() throws {
        var text = ""
        for p in ["000", "001", "002", "003"] { text += try FigureTestData.corpus(p) }
        let big = Array(String(repeating: text, count: 20).unicodeScalars)   // ~1.6 MB of UTF-8
        let once = FigureRecognizer.recognize(in: ReadingView(source: Array(text.unicodeScalars)))
        let r = FigureRecognizer.recognize(in: ReadingView(source: big))
        XCTAssertGreaterThan(r.figures.count, 1000)
        XCTAssertEqual(r.figures.count, 20 * once.figures.count)
    }
}
