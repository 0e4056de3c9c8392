import XCTest
@testable import PolicyAnalysis
import PolicyText

final class AliasTests: XCTestCase {
    private func analyze(_ t: String) -> (DocumentModel, [Unicode.Scalar]) { PolicyTestSupport.analyze(t) }

    func testAllDefinitionForms() {
        let text = """
        工信部印发《甲产业发展规划》（以下简称《规划》）。
        省政府发布《乙数据条例》(以下简称《条例》)。
        “东数西算”工程（以下简称“工程”）推进。
        全国工业和信息化工作会议（以下简称工作会议）召开。
        中国电子信息产业发展研究院（简称赛迪研究院）发布报告。
        国家发展和改革委员会（下称发改委）表示。
        """
        let (m, _) = analyze(text)
        XCTAssertEqual(m.aliases.map(\.alias), ["规划", "条例", "工程", "工作会议", "赛迪研究院", "发改委"])
        XCTAssertEqual(m.aliases.map(\.fullTitle), ["甲产业发展规划", "乙数据条例", "“东数西算”工程", "全国工业和信息化工作会议",
                                                   "中国电子信息产业发展研究院", "国家发展和改革委员会"])
        // The 《规划》 definition mention points at its definition.
        let def = m.policies.first { $0.title == "规划" }
        XCTAssertEqual(def?.aliasIndex, 0)
        XCTAssertNotNil(m.aliases[0].fullTitleRange)
    }

    func testUsesResolveToDefinitionInSameArticle() {
        let (m, s) = analyze("工信部印发《甲产业发展规划》（以下简称《规划》）。《规划》提出目标。会议指出，《规划》要落实。")
        XCTAssertEqual(m.aliases.count, 1)
        XCTAssertEqual(m.aliases[0].uses.count, 2)
        XCTAssertEqual(m.aliases[0].uses.map { PolicyTestSupport.text(s, $0) }, ["《规划》", "《规划》"])
        XCTAssertEqual(m.policies.filter { $0.title == "规划" }.map(\.aliasIndex), [0, 0, 0])
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testPlainAliasUsesAreFound() {
        let (m, _) = analyze("全国工业和信息化工作会议（以下简称工作会议）在北京召开。工作会议强调，工作会议提出要稳增长。")
        XCTAssertEqual(m.aliases.first?.uses.count, 2)
    }

    func testEachArticleResolvesToItsOwnDefinition() {
        let text = """
        ## 江西发布管理办法

        本报讯 江西省工业和信息化厅印发《江西省集群培育管理办法》(以下简称《行动计划》)。《行动计划》提出目标。

        ## 广东发布行动计划

        本报讯 广东近日印发了《广东省算力行动计划(2024—2025年)》(以下简称《行动计划》)。《行动计划》提出，到2025年。
        """
        let (m, _) = analyze(text)
        XCTAssertEqual(m.structure.articles.count, 2)
        XCTAssertEqual(m.aliases.count, 2)
        XCTAssertEqual(m.aliases.map(\.articleIndex), [0, 1])
        let uses = m.policies.filter { $0.title == "行动计划" }
        XCTAssertEqual(uses.count, 4)
        XCTAssertEqual(uses.compactMap { $0.aliasIndex.map { m.aliases[$0].fullTitle } },
                       ["江西省集群培育管理办法", "江西省集群培育管理办法",
                        "广东省算力行动计划(2024—2025年)", "广东省算力行动计划(2024—2025年)"])
    }

    func testUndefinedAbbreviationIsReported() {
        let (m, s) = analyze("《报告》指出，2022年家电销售增长。《报告》预计，市场回暖。")
        let f = m.findings.filter { $0.code == DocumentModel.undefinedAliasCode }
        XCTAssertEqual(f.count, 2)
        XCTAssertEqual(f.first?.severity, .information)
        XCTAssertEqual(f.first.map { PolicyTestSupport.text(s, $0.range) }, "《报告》")
        XCTAssertEqual(m.undefinedAliasPolicyIndices, [0, 1])
    }

    func testAbbreviationThatIsPartOfAFullTitleIsNotReported() {
        let (m, _) = analyze("上海印发了《上海市智能工厂行动计划(2022—2025年)》。《行动计划》提出，建设200家智能工厂。")
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testFullShortTitlesAreNotAbbreviationShaped() {
        for t in ["行动计划", "方案", "白皮书", "意见", "管理办法", "实施方案", "报告", "指导意见"] {
            XCTAssertTrue(PolicyTitleRecognizer.isAbbreviationShaped(t), t)
        }
        for t in ["数据安全法", "中国电子报", "中小企业促进法", "红楼梦", "山西省行动计划"] {
            XCTAssertFalse(PolicyTitleRecognizer.isAbbreviationShaped(t), t)
        }
    }

    func testUseBeforeDefinitionOnAPagePrintedOutOfOrderResolves() {
        // Newspaper pages print a lead paragraph after the body that uses its abbreviation.
        let (m, _) = analyze("针对半导体产业，《行动计划》提出目标。\n本报记者 张三\n在日前发布的《山西省电子信息制造业2023年行动计划》（以下简称《行动计划》）中明确指出。")
        let first = m.policies.first
        XCTAssertEqual(first?.title, "行动计划")
        XCTAssertEqual(first?.aliasIndex.map { m.aliases[$0].fullTitle }, "山西省电子信息制造业2023年行动计划")
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testNoDefinitionWithoutKeyword() {
        let (m, _) = analyze("简称是一个词。他们称之为“东数西算”。")
        XCTAssertTrue(m.aliases.isEmpty)
    }
}

final class AliasScalingTests: XCTestCase {
    func testManyDefinitionsAndUsesStayFast() {
        var text = ""
        for i in 0..<3000 { text += "印发《第\(i)号规划》（以下简称《规划》）。《规划》提出目标。《方案》指出。" }
        let start = Date()
        let (m, _) = PolicyTestSupport.analyze(text)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(m.aliases.count, 3000)
        XCTAssertEqual(m.aliases.last?.uses.count, 1)
        XCTAssertEqual(m.undefinedAliasPolicyIndices.count, 3000)
    }
}
