import Foundation
import XCTest
@testable import PolicyAnalysis
import PolicyText

/// A large document is analysed in article-aligned blocks (`DocumentAnalyzer.analyzeInBlocks`). Where it
/// is cut must not change the model: every block size gives what the whole analysis gives.
final class BlockedAnalysisTests: XCTestCase {
    private func describe(_ model: DocumentModel) -> String { PolicyTestSupport.describe(model) }

    private func analyze(_ text: String, blockScalars: Int) -> DocumentModel {
        DocumentAnalyzer.analyze(scalars: DocumentText(text).scalars, extraLexicon: [], blockScalars: blockScalars)
    }

    /// Articles with a markdown headline each, so that the structure parse starts one per headline.
    private func articles(_ count: Int, _ body: (Int) -> String) -> String {
        (0..<count).map { "## 第\($0 + 1)篇报道的标题\n\n本报讯 \(body($0))\n" }.joined(separator: "\n")
    }

    func testEveryBlockSizeGivesTheWholeAnalysisOnRealText() throws {
        let corpus = try ["000", "001", "002", "003"].map { try PolicyTestSupport.corpus($0) }
        let joined = corpus.joined(separator: "\n\n")
        // The corpus three times over: every abbreviation is defined again in each copy, and uses resolve
        // to the nearest definition, across block boundaries too.
        let texts = corpus + [joined, [joined, joined, joined].joined(separator: "\n\n")]
        for (i, text) in texts.enumerated() {
            let whole = describe(analyze(text, blockScalars: .max))
            let readingCount = ReadingView(source: DocumentText(text).scalars).scalars.count
            for size in [300, 2_000, 20_000] where size < readingCount {
                XCTAssertEqual(describe(analyze(text, blockScalars: size)), whole, "text \(i), blocks of \(size)")
            }
        }
    }

    func testTheDefaultBlockSizeCutsOnlyDocumentsOfSeveralMegabytes() throws {
        let joined = try ["000", "001", "002", "003"].map { try PolicyTestSupport.corpus($0) }.joined(separator: "\n\n")
        let copies = 2_000_000 / joined.utf8.count + 1
        let twoMegabytes = Array(repeating: joined, count: copies).joined(separator: "\n\n")
        let readingCount = ReadingView(source: DocumentText(twoMegabytes).scalars).scalars.count
        XCTAssertLessThan(readingCount, DocumentAnalyzer.blockScalars, "a 2 MB document is analysed whole")
        XCTAssertGreaterThan(3 * readingCount, DocumentAnalyzer.blockScalars, "a 6 MB one is cut")
    }

    func testPlainAbbreviationsResolveInEveryArticleOfALongDocument() {
        // 100 articles, each defining its own plain abbreviation and using it twice. The search for uses
        // was bounded per document (64 definitions), so definitions past the 64th had none.
        let text = articles(100) { k in
            "某某市第\(k + 1)届数字经济发展大会（以下简称大会\(k + 1)号）开幕。大会\(k + 1)号发布成果，大会\(k + 1)号闭幕。"
        }
        let model = analyze(text, blockScalars: .max)
        XCTAssertEqual(model.structure.articles.count, 100)
        XCTAssertEqual(model.aliases.count, 100)
        for alias in model.aliases {
            XCTAssertEqual(alias.uses.count, 2, alias.alias)
        }
        XCTAssertEqual(describe(analyze(text, blockScalars: 500)), describe(model))
    }

    func testTheBoundOnUnbalancedMarksIsPerDocumentAndKeepsTheFirstInTextOrder() {
        // 40 articles with 40 unclosed 《 each: 1,600 in all, over the bound of 1,000.
        let text = articles(40) { _ in String(repeating: "见《文件。", count: 40) }
        let model = analyze(text, blockScalars: .max)
        let flagged = model.findings.filter { $0.code == "unbalanced-mark" }.map(\.range.lowerBound)
        XCTAssertEqual(flagged.count, PolicyTitleRecognizer.maxMarkFindings)
        let scalars = DocumentText(text).scalars
        let all = scalars.indices.filter { scalars[$0] == "《" }
        XCTAssertEqual(all.count, 1_600)
        XCTAssertEqual(flagged, Array(all.prefix(PolicyTitleRecognizer.maxMarkFindings)))
        XCTAssertEqual(describe(analyze(text, blockScalars: 400)), describe(model))
        var cache = AnalysisCache()
        XCTAssertEqual(describe(DocumentAnalyzer.analyze(scalars: scalars, reusing: &cache)), describe(model))
    }

    func testTextOutsideArticlesIsAScopeOfItsOwnForAbbreviations() {
        // A plain abbreviation defined in a table of contents (outside every article) reaches to the first
        // article's start, not into it: "later in the same article", for text that is in none. It used to
        // reach to the end of the document, so a block that held the contents could not resolve it alone.
        let text = """
        本期导读
        全国工业和信息化工作会议（以下简称工作会议）综述 …………… 2
        工作会议部署重点任务 …………… 3
        ## 工作会议部署重点任务

        本报讯 工作会议强调，要稳住工业经济。

        """
        let model = analyze(text, blockScalars: .max)
        let scalars = DocumentText(text).scalars
        let firstArticle = model.structure.articles.first?.range.lowerBound ?? 0
        XCTAssertGreaterThan(firstArticle, 0, "the contents are outside the article")
        XCTAssertEqual(model.aliases.count, 1)
        XCTAssertNil(model.aliases.first?.articleIndex)
        XCTAssertEqual(model.aliases.first?.uses.count, 1)
        XCTAssertTrue(model.aliases.first?.uses.allSatisfy { $0.upperBound <= firstArticle } ?? false)
        XCTAssertEqual(model.aliases.first.map { PolicyTestSupport.text(scalars, $0.uses[0]) }, "工作会议")
        XCTAssertEqual(describe(analyze(text, blockScalars: 20)), describe(model))
    }

    // Three rules read across article boundaries, so an analysis in article-aligned parts (the segments
    // of a re-analysis after an edit, or blocks) disagreed with the whole. The fuzzer's analysis surface
    // compares the three and found them; each now stops at the article.

    /// The whole analysis, checked to equal the analysis in segments and in small blocks.
    private func analyzedEverywayAlike(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> DocumentModel {
        let model = analyze(text, blockScalars: .max)
        var cache = AnalysisCache()
        XCTAssertEqual(describe(DocumentAnalyzer.analyze(scalars: DocumentText(text).scalars, reusing: &cache)),
                       describe(model), "in segments", file: file, line: line)
        XCTAssertEqual(describe(analyze(text, blockScalars: 8)), describe(model), "in blocks", file: file, line: line)
        return model
    }

    func testAnAnnouncedCountIsCheckedAgainstItsOwnArticleOnly() {
        // 三大任务 and three items; the next article's 四是 is not a fourth (it was: "says 3, lists 4").
        let model = analyzedEverywayAlike("""
        ## 第一篇报道

        本报讯 会议部署三大任务：一是稳增长。二是促消费。三是扩投资。

        ## 第二篇报道

        本报讯 四是强创新，这是另一篇文章的内容。

        """)
        XCTAssertEqual(model.structure.articles.count, 2)
        XCTAssertEqual(model.findings.filter { $0.code == "count-mismatch" }.count, 0)
    }

    func testAQuoteDoesNotCloseInTheNextArticle() {
        // The “ left open in the first article and the ” in the second are both unbalanced (they were
        // taken for a pair, as no sentence end came between them).
        let text = """
        ## 第一篇报道

        本报讯 他说：“要加快发展

        ## 第二篇报道

        本报讯 推进产业升级。”会议强调。

        """
        let model = analyzedEverywayAlike(text)
        let scalars = DocumentText(text).scalars
        XCTAssertEqual(model.findings.filter { $0.code == "unbalanced-mark" }.map { PolicyTestSupport.text(scalars, $0.range) },
                       ["“", "”"])
    }

    func testATitleTakesNoDateFromThePreviousArticle() {
        let text = "## 第一篇报道\n\n本报讯 会议于2023年2月\n## 第二篇报道\n本报讯 工信部印发了《某某产业行动方案》。\n"
        let model = analyzedEverywayAlike(text)
        XCTAssertEqual(model.policies.map(\.title), ["某某产业行动方案"])
        XCTAssertNil(model.policies.first?.date)
        // Within its article the date is found as before.
        let same = analyzedEverywayAlike("## 第二篇报道\n本报讯 2023年2月，工信部印发了《某某产业行动方案》。\n")
        XCTAssertEqual(same.policies.first?.date, "2023年2月")
    }

    func testABrandNamedByItsTitleIsFoundAloneInItsOwnArticleOnly() {
        // 西井科技CEO teaches the brand; alone it is found in the same report, not in the next one.
        let text = """
        ## 第一篇报道

        本报讯 西井科技作为国家级专精特新企业，发展迅速。在西井科技CEO谭黎敏看来，技术是关键。

        ## 第二篇报道

        本报讯 西井科技作为一家企业，也在发展。

        """
        let model = analyzedEverywayAlike(text)
        let secondArticle = model.structure.articles[1].range.lowerBound
        XCTAssertEqual(model.organizations.filter { $0.canonical == "西井科技" }.count, 2)
        XCTAssertTrue(model.organizations.allSatisfy { $0.range.lowerBound < secondArticle })
    }
}
