import Foundation
import XCTest
@testable import PolicyAnalysis
import PolicyText
import TestSupport

/// Analysis that reuses unchanged articles must give exactly what a fresh analysis of the whole text gives.
final class IncrementalAnalysisTests: XCTestCase {
    private func describe(_ model: DocumentModel) -> String { PolicyTestSupport.describe(model) }

    private func whole(_ text: String) -> String {
        describe(DocumentAnalyzer.analyze(scalars: DocumentText(text).scalars))
    }

    private func segmented(_ text: String, _ cache: inout AnalysisCache) -> String {
        describe(DocumentAnalyzer.analyze(scalars: DocumentText(text).scalars, reusing: &cache))
    }

    private func corpusTexts() throws -> [String] {
        try ["000", "001", "002", "003"].map { try PolicyTestSupport.corpus($0) }
    }

    func testSegmentedAnalysisEqualsWholeAnalysisOnRealText() throws {
        var texts = try corpusTexts()
        texts.append(texts.joined(separator: "\n\n"))
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/sample-policy-news.txt")
        texts.append(try String(contentsOf: sample, encoding: .utf8))
        // News sentences, 40 to a paragraph: many short articles and headline-like lines.
        let news = try FigureTestData.text("external/cluener2020-dev.jsonl").split(separator: "\n").prefix(2000)
            .compactMap { line -> String? in
                guard let data = line.data(using: .utf8),
                      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
                return object["text"] as? String
            }
        texts.append(stride(from: 0, to: news.count, by: 40).map { news[$0..<min($0 + 40, news.count)].joined() }
            .joined(separator: "\n\n"))
        for (i, text) in texts.enumerated() {
            var cache = AnalysisCache()
            XCTAssertEqual(segmented(text, &cache), whole(text), "text \(i)")
        }
    }

    func testAnEditInOneArticleAnalysesOnlyThatArticle() throws {
        let text = try corpusTexts().joined(separator: "\n\n")
        var cache = AnalysisCache()
        _ = segmented(text, &cache)
        let segments = cache.analysedSegments
        XCTAssertGreaterThan(segments, 8, "the joined corpus has many articles")
        XCTAssertEqual(cache.reusedSegments, 0)

        // One character typed in the middle of the text.
        var scalars = Array(text.unicodeScalars)
        let middle = scalars.count / 2
        scalars.insert("的", at: middle)
        let edited = String(String.UnicodeScalarView(scalars))
        XCTAssertEqual(segmented(edited, &cache), whole(edited))
        XCTAssertEqual(cache.analysedSegments, 1)
        XCTAssertEqual(cache.reusedSegments, segments - 1)

        // Nothing changed: nothing is analysed.
        XCTAssertEqual(segmented(edited, &cache), whole(edited))
        XCTAssertEqual(cache.analysedSegments, 0)
    }

    func testRandomEditsGiveWhatAFreshAnalysisGives() throws {
        let corpus = try corpusTexts()
        var scalars = Array((corpus[0] + "\n\n" + corpus[1]).unicodeScalars)
        let snippets = ["的", "\n", "\n\n", "（以下简称《行动计划》）", "《行动计划》", "1697.2亿元", "增长16.6%",
                        "\n\n江苏发布光伏产业新政\n", "工信部", "一是", "；二是", "32023年", "重 点 产 业 链", "合计", ""]
        var rng = SplitMix64(seed: 0x1DEA)
        var cache = AnalysisCache()
        var stepsThatReused = 0
        for step in 0..<40 {
            let at = Int.random(in: 0...scalars.count, using: &rng)
            let removed = min(Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0..<200, using: &rng) : 0,
                              scalars.count - at)
            let insert = Array(snippets[Int.random(in: 0..<snippets.count, using: &rng)].unicodeScalars)
            scalars.replaceSubrange(at..<(at + removed), with: insert)
            let text = String(String.UnicodeScalarView(scalars))
            XCTAssertEqual(segmented(text, &cache), whole(text), "step \(step)")
            if cache.reusedSegments > 0 && cache.analysedSegments <= 2 { stepsThatReused += 1 }
        }
        XCTAssertGreaterThan(stepsThatReused, 30, "most edits touch one or two articles")
    }

    func testACancelledAnalysisReturnsNothingAndKeepsTheCache() throws {
        let text = try corpusTexts().joined(separator: "\n\n")
        var cache = AnalysisCache()
        _ = segmented(text, &cache)
        let analysed = cache.analysedSegments
        var asked = 0
        let result = DocumentAnalyzer.analyze(scalars: Array((text + "。").unicodeScalars), reusing: &cache,
                                              isCancelled: { asked += 1; return asked > 1 })
        XCTAssertNil(result)
        XCTAssertEqual(cache.analysedSegments, analysed, "the cache is the one the last complete analysis left")
        XCTAssertEqual(segmented(text, &cache), whole(text))
        XCTAssertEqual(cache.analysedSegments, 0)
    }

    func testEntitiesOnlyAnalysisFindsTheSameEntitiesWithoutFiguresOrChecks() throws {
        for text in try corpusTexts() {
            let scalars = Array(text.unicodeScalars)
            let full = DocumentAnalyzer.analyze(scalars: scalars)
            let entities = DocumentAnalyzer.analyzeEntities(scalars: scalars)
            func described<T>(_ value: T) -> String { var s = ""; dump(value, to: &s); return s }
            XCTAssertEqual(described(entities.structure), described(full.structure))
            XCTAssertEqual(described(entities.policies), described(full.policies))
            XCTAssertEqual(described(entities.aliases), described(full.aliases))
            XCTAssertEqual(described(entities.programmes), described(full.programmes))
            XCTAssertEqual(described(entities.organizations), described(full.organizations))
            XCTAssertTrue(entities.figures.isEmpty && entities.dates.isEmpty)
            XCTAssertFalse(full.figures.isEmpty)
            XCTAssertFalse(entities.findings.contains { $0.code != DocumentModel.undefinedAliasCode && !$0.code.contains("mark") })
        }
    }

    func testAChangedLexiconAnalysesEverythingAgain() throws {
        let text = try corpusTexts().joined(separator: "\n\n")
        var cache = AnalysisCache()
        _ = segmented(text, &cache)
        let lexicon = [LexiconEntry(canonical: "中国光伏行业协会", shortForms: ["光伏协会"], type: .association)]
        let model = DocumentAnalyzer.analyze(scalars: Array(text.unicodeScalars), extraLexicon: lexicon, reusing: &cache)
        XCTAssertEqual(cache.reusedSegments, 0)
        XCTAssertEqual(describe(model),
                       describe(DocumentAnalyzer.analyze(scalars: Array(text.unicodeScalars), extraLexicon: lexicon)))
    }
}

