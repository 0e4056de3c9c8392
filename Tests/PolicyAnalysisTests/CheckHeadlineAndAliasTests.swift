import XCTest
@testable import PolicyAnalysis

/// Headline against body, abbreviations defined twice, and a document where everything agrees.
final class CheckHeadlineAndAliasTests: XCTestCase {
    /// One article whose headline is the first line.
    private func article(_ text: String) -> Article {
        let s = Array(text.unicodeScalars)
        let end = s.firstIndex(of: "\n") ?? s.count
        return Article(headline: String(String.UnicodeScalarView(s[0..<end])), headlineRange: 0..<end, range: 0..<s.count)
    }

    private func conflicts(_ text: String) -> [Finding] {
        runChecks(text, articles: [article(text)]).filter { $0.code == "conflicting-figure" }
    }

    func testHeadlineFigureThatDisagreesWithTheBody() {
        let text = "河南1—2月电子信息制造业增加值增长28.7%\n本报讯 1—2月，全省电子信息制造业增加值增长27.8%，高于全省平均水平。"
        let fs = conflicts(text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(f.range.lowerBound, scalarOffset(of: "28.7%", in: text))
        XCTAssertTrue(f.message.contains("27.8%"), f.message)
        XCTAssertEqual(f.related.first?.range.lowerBound, scalarOffset(of: "27.8%", in: text))
    }

    func testRoundedHeadlineAndFenBieListsAgree() {
        let rounded = "吉林今年以来家电及3C产品以旧换新销售额23亿元\n2024年全年，拉动销售额23.63亿元。2025年，家电销售额12.75亿元；手机销售额10.73亿元。两项合计销售额23.48亿元。"
        XCTAssertEqual(conflicts(rounded).count, 0, describe(conflicts(rounded), rounded))
        let listed = "河南1—2月计算机通信和其他电子设备制造业增加值增长28.7%\n新一代信息技术产业、新能源汽车产业增加值分别增长28.7%和27.8%。1—2月，河南计算机通信和其他电子设备制造业增加值、固定资产投资分别增长28.7%和39.4%。"
        XCTAssertEqual(conflicts(listed).count, 0, describe(conflicts(listed), listed))
        let otherMetric = "全省软件收入增长12%\n全省软件业务收入突破3000亿元。"
        XCTAssertEqual(conflicts(otherMetric).count, 0, describe(conflicts(otherMetric), otherMetric))
    }

    func testSameAbbreviationDefinedTwiceInOneArticle() {
        let a1 = AliasDefinition(alias: "行动计划", definitionRange: 10..<16, fullTitle: "山西省电子信息制造业2023年行动计划",
                                 fullTitleRange: 0..<8, articleIndex: 0)
        let a2 = AliasDefinition(alias: "行动计划", definitionRange: 40..<46, fullTitle: "山西省算力基础设施行动计划",
                                 fullTitleRange: 30..<38, articleIndex: 0)
        let fs = runChecks(String(repeating: "字", count: 60), aliases: [a1, a2]).filter { $0.code == "alias-conflict" }
        XCTAssertEqual(fs.count, 1)
        XCTAssertEqual(fs.first?.range, 40..<46)
        XCTAssertEqual(fs.first?.related.first?.range, 10..<16)
    }

    func testSameAbbreviationInDifferentArticlesOrSameTitleIsFine() {
        let a1 = AliasDefinition(alias: "行动计划", definitionRange: 10..<16, fullTitle: "甲行动计划", fullTitleRange: nil, articleIndex: 0)
        let a2 = AliasDefinition(alias: "行动计划", definitionRange: 40..<46, fullTitle: "乙行动计划", fullTitleRange: nil, articleIndex: 1)
        let a3 = AliasDefinition(alias: "行动计划", definitionRange: 50..<56, fullTitle: "乙 行动计划", fullTitleRange: nil, articleIndex: 1)
        let fs = runChecks(String(repeating: "字", count: 60), aliases: [a1, a2, a3]).filter { $0.code == "alias-conflict" }
        XCTAssertEqual(fs.count, 0, describe(fs, ""))
    }

    func testConsistentDocumentHasNoFindings() {
        let text = """
        江苏光伏产业营业收入增长25%
        2024年5月20日，江苏省工业和信息化厅印发《江苏省光伏产业高质量发展行动方案（2024—2026年）》。《行动方案》部署了五大行动：一是实施强链补链行动；二是实施技术攻关行动；三是实施智能制造行动；四是实施绿色低碳行动；五是实施应用推广行动。
        2023年，全省光伏产业实现营业收入3100亿元，同比增长25%，其中硅片、电池片、组件分别实现营业收入800亿元、1100亿元和1200亿元。全省60个光伏重点园区中有45个实现产值增长，增长面达75%。
        全省软件业务收入从120亿元增长到150亿元，增长25%。高技术制造业投资增长16.2%，高于全省固定资产投资5.6%的增速10.6个百分点。制造业企业占比达到62%。家电核销2.4亿元；手机核销1.36亿元。两项合计核销3.76亿元。
        """
        let fs = runChecks(text, articles: [article(text)])
        XCTAssertEqual(fs.count, 0, describe(fs, text))
    }
}
