import XCTest
@testable import PolicyAnalysis
import PolicyText

/// Pathological input and odd models must never trap, and the checks must stay fast.
final class CheckRobustnessTests: XCTestCase {
    func testPathologicalTextDoesNotTrap() {
        let docs = [
            String(repeating: "9", count: 10_000) + "年13月40日",
            String(repeating: "分别", count: 10_000) + "12%",
            String(repeating: "一是二是", count: 5_000) + "六大行动：",
            String(repeating: "从1个增加到", count: 5_000),
            String(repeating: "合计", count: 5_000) + "3个",
            "六大行动：" + String(repeating: "；", count: 10_000),
            "", "。", "分别", "2025—", "年", "12%",
        ]
        for d in docs { _ = DocumentAnalyzer.analyze(scalars: Array(d.unicodeScalars)) }
    }

    func testOddModelsDoNotTrap() {
        let s = Array("河南增长28.7%\n增长27.8%，其中3个、4个。分别增长1%和2%".unicodeScalars)
        let view = ReadingView(source: s)
        var model = DocumentModel()
        model.figures = [
            Figure(text: "28.7%", range: 4..<9, value: 28.7, unit: "%", shape: .percentage, statedDecimals: 1),
            Figure(text: "x", range: 5..<1_000, value: 1, unit: "个", shape: .count),
            Figure(text: "y", range: 900..<2_000, value: 1e30, unit: "个", shape: .count),
            Figure(text: "z", range: 0..<0, value: 0, unit: nil, shape: .amount, statedDecimals: 99),
            Figure(text: "q", range: 3..<7, value: -5, upperValue: -10, unit: "%", shape: .percentage),
        ]
        model.structure = DocumentStructure(articles: [
            Article(headline: "h", headlineRange: 400..<900, range: 10..<12, sections: []),
            Article(headline: "h", headlineRange: 0..<9, range: 5..<500),
        ])
        model.aliases = [AliasDefinition(alias: "a", definitionRange: 1..<1, fullTitle: "b", fullTitleRange: nil, articleIndex: 0),
                         AliasDefinition(alias: "a", definitionRange: 9..<99, fullTitle: "c", fullTitleRange: 7..<3000, articleIndex: 0)]
        _ = ConsistencyChecker.findings(model: model, view: view)
    }

    /// The recognizer hands the checks each figure's reading range; mapping the source ranges back, as
    /// a model without them is placed, gives the same ranges (split lines and dropped spaces included).
    func testRecognizerPlacementMatchesTheSourceRanges() throws {
        var texts = ["增长\n28.7%，达到 1 2 3 亿元\r\n共计3个、4个。分别增长1%和2%"]
        for f in CheckCorpusTests.files { texts.append(try CheckCorpusTests.corpusFile(f)) }
        for text in texts {
            let view = ReadingView(source: Array(text.unicodeScalars))
            let found = FigureRecognizer.recognize(in: view)
            var model = DocumentModel()
            model.figures = found.figures
            XCTAssertFalse(found.placement.isEmpty)
            let given = CheckContext(model: model, view: view, placement: found.placement).figs
            let mapped = CheckContext(model: model, view: view).figs
            XCTAssertEqual(given.map { [$0.lo, $0.hi] }, mapped.map { [$0.lo, $0.hi] })
        }
    }

    /// The date checks' digit runs, read sixteen scalars at a time from bit masks, are the ones a
    /// scalar-by-scalar reading finds: runs across block edges, at the very end, the six marks after 9.
    func testDigitRunsMatchAPlainReading() {
        let alphabet = Array("0123456789:;<=>?/ \u{3000}\t年月日分别。\n".unicodeScalars) + ["\u{10030}", "\u{4E30}"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for length in Array(0...70) + [127, 128, 129, 500] {
            for _ in 0..<20 {
                let s = (0..<length).map { _ in alphabet[next(alphabet.count)] }
                var starts: [Int] = [], ends: [Int] = []
                var i = 0
                while i < s.count {
                    guard Chars.isDigit(s[i]) else { i += 1; continue }
                    var j = i
                    while j < s.count && Chars.isDigit(s[j]) { j += 1 }
                    var k = j
                    while k < s.count && k < j + 2 && Chars.isSpace(s[k]) { k += 1 }
                    if j - i == 4 || (k < s.count && (s[k] == "年" || s[k] == "月")) {
                        starts.append(i)
                        ends.append(j)
                    }
                    i = j
                }
                let marks = Landmarks(s, figures: [])
                XCTAssertEqual(marks.digitRunStarts, starts, String(String.UnicodeScalarView(s)))
                XCTAssertEqual(marks.digitRunEnds, ends, String(String.UnicodeScalarView(s)))
            }
        }
    }

    func testChecksAreFastOnTheCorpus() throws {
        var text = ""
        for f in CheckCorpusTests.files { text += try CheckCorpusTests.corpusFile(f) }
        let big = Array(String(repeating: text, count: 20).unicodeScalars)   // ≈ 0.4 M scalars, ≈ 1.2 MB UTF-8
        let view = ReadingView(source: big)
        let model = DocumentAnalyzer.analyze(scalars: big)
        let start = Date()
        let fs = ConsistencyChecker.findings(model: model, view: view)
        let seconds = Date().timeIntervalSince(start)
        let mb = Double(String(String.UnicodeScalarView(big)).utf8.count) / 1_000_000
        print("consistency checks: \(String(format: "%.2f", mb)) MB in \(String(format: "%.3f", seconds)) s = \(String(format: "%.0f", mb / seconds)) MB/s, \(fs.count) findings")
        XCTAssertEqual(fs.filter { $0.severity <= .warning }.count, 40)   // 2 real defects × 20 copies
        XCTAssertLessThan(seconds, 8)   // debug build on a shared machine; release is ≈ 10× faster
    }
}
