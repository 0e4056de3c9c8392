import XCTest
@testable import PolicyAnalysis
import PolicyText

final class PolicyTitleTests: XCTestCase {
    private func analyze(_ t: String) -> (DocumentModel, [Unicode.Scalar]) { PolicyTestSupport.analyze(t) }

    func testDocumentWithoutTitlesHasNoPoliciesAndNoFindings() {
        let (m, _) = analyze("工业和信息化部召开会议，部署2023年重点任务。\n会议强调，要稳住工业经济大盘。")
        XCTAssertTrue(m.policies.isEmpty)
        XCTAssertTrue(m.aliases.isEmpty)
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testEmptyTextIsEmptyModel() {
        let (m, _) = analyze("")
        XCTAssertTrue(m.policies.isEmpty)
        XCTAssertTrue(m.structure.articles.isEmpty)
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testTitleWithQuotesParenthesesAndInnerAngleBrackets() {
        let (m, s) = analyze("工业和信息化部印发《“十四五”大数据产业发展规划》。审议《条例（草案）》和《关于印发〈实施细则〉的通知》。")
        XCTAssertEqual(m.policies.map(\.title), ["“十四五”大数据产业发展规划", "条例（草案）", "关于印发〈实施细则〉的通知"])
        XCTAssertEqual(m.policies.map(\.kind), [.plan, .regulation, .notice])
        XCTAssertEqual(PolicyTestSupport.text(s, m.policies[0].range), "《“十四五”大数据产业发展规划》")
        XCTAssertEqual(m.policies[0].issuer, "工业和信息化部")
        XCTAssertTrue(m.findings.isEmpty, "balanced marks must not be flagged")
    }

    func testNestedTitleMarksYieldTheOuterTitle() {
        let (m, _) = analyze("国务院办公厅发布《关于印发《促进法》的通知》。")
        XCTAssertEqual(m.policies.map(\.title), ["关于印发《促进法》的通知"])
        XCTAssertEqual(m.policies.first?.kind, .notice)
    }

    func testTitleSplitAcrossLineBreaksAndLetterSpacingIsNormalized() {
        let (m, s) = analyze("近日，湖北印发了\n\n《湖北省中小企业特色产业集群高\n质 量 发 展 工 作 方 案（2025- 2027\n年）》。")
        XCTAssertEqual(m.policies.count, 1)
        let p = m.policies[0]
        XCTAssertEqual(p.title, "湖北省中小企业特色产业集群高质量发展工作方案（2025-2027年）")
        XCTAssertEqual(p.kind, .scheme)
        XCTAssertEqual(p.period, "2025-2027年")
        XCTAssertEqual(p.region, "湖北省")
        XCTAssertEqual(p.issuer, "湖北")
        XCTAssertTrue(PolicyTestSupport.text(s, p.range).hasPrefix("《湖北省"))
        XCTAssertTrue(PolicyTestSupport.text(s, p.range).hasSuffix("年）》"))
    }

    func testKindBySuffix() {
        let cases: [(String, PolicyKind)] = [
            ("江西省先进制造业集群培育管理办法", .measures), ("中小企业促进法", .law), ("2024上海未来制造白皮书", .whitePaper),
            ("关于加快发展的指导意见", .opinion), ("若干政策措施", .policyMeasures), ("实施细则", .rules),
            ("国民经济和社会发展第十四个五年规划纲要", .outline), ("产业结构调整指导目录", .catalogue), ("负面清单", .list),
            ("工业互联网标准体系建设指南", .guide), ("数据安全标准", .standard), ("关于深化改革的决定", .decision),
            ("质量报告", .report), ("山西省电子信息制造业2023年行动计划", .actionPlan), ("某某检测方法", .other),
            ("算力行动计划(2024—2025年)", .actionPlan), ("数据条例（征求意见稿）", .regulation), ("红楼梦", .other),
        ]
        for (t, k) in cases { XCTAssertEqual(PolicyTitleRecognizer.kind(ofTitle: t), k, t) }
    }

    func testPeriodAndRegion() {
        let (m, _) = analyze("《上海市推进智能工厂建设 领航产业高质量发展行动计划(2022—2025年)》《国家智能制造标准体系建设指南》《广西壮族自治区数字经济规划（2024-2026年）》《深圳市数据条例》《市场监管办法》")
        XCTAssertEqual(m.policies.map(\.period), ["2022—2025年", nil, "2024-2026年", nil, nil])
        XCTAssertEqual(m.policies.map(\.region), ["上海市", "国家", "广西壮族自治区", "深圳市", nil])
        XCTAssertEqual(m.policies[0].title, "上海市推进智能工厂建设领航产业高质量发展行动计划(2022—2025年)")
    }

    func testIssuerAndDateFromContext() {
        let (m, _) = analyze("3 月 9 日，广东省人民政府办公厅印发的《广东省推动人工智能与机器人产业创新发展若干政策措施》提出，支持企业。"
            + "近日，由上海市经济和信息化委员会指导、第三方研究机构编制的《2024上海未来制造白皮书》发布。"
            + "四川省经济和信息化厅与四川省通信管理局日前联合印发了《四川省促进数字技术适老化高质量发展工作实施方案》。"
            + "他提到《数据安全法》。")
        XCTAssertEqual(m.policies.map(\.issuer), ["广东省人民政府办公厅", "上海市经济和信息化委员会",
                                                  "四川省经济和信息化厅与四川省通信管理局", nil])
        XCTAssertEqual(m.policies.map(\.date), ["3月9日", nil, nil, nil])
    }

    func testMediaTitles() {
        let (m, _) = analyze("黄卓告诉《中国电子报》记者，《人民日报》《求是》杂志、《经济观察报》和《财经》周刊报道了《统计公报》。")
        XCTAssertEqual(m.policies.map(\.isMedia), [true, true, true, true, true, false])
        XCTAssertNil(m.policies[0].kind)
        XCTAssertEqual(m.policies[5].kind, .other)
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testUnclosedTitleMarkIsFlaggedAndDoesNotSwallowTheText() {
        let (m, s) = analyze("工信部印发《关于推进工业发展的意见，要求各地落实。随后发布了《数据条例》。")
        XCTAssertEqual(m.policies.map(\.title), ["数据条例"])
        let f = m.findings.filter { $0.code == "unbalanced-mark" }
        XCTAssertEqual(f.count, 1)
        XCTAssertEqual(f.first.map { PolicyTestSupport.text(s, $0.range) }, "《")
        XCTAssertEqual(f.first?.severity, .warning)
        XCTAssertFalse(f.first?.message.isEmpty ?? true)
        XCTAssertFalse(f.first?.messageEnglish.isEmpty ?? true)
    }

    func testTitleLongerThanCapIsNotATitle() {
        let long = String(repeating: "产业", count: 80)
        let (m, _) = analyze("《\(long)》")
        XCTAssertTrue(m.policies.isEmpty)
        XCTAssertEqual(m.findings.filter { $0.code == "unbalanced-mark" }.count, 2)
    }

    func testStrayClosersAndQuotesAreFlagged() {
        let (m, s) = analyze("他说》这是关键。\n“链主”企业和“链核企业发展。\n另一段”结束。")
        let flagged = m.findings.filter { $0.code == "unbalanced-mark" }.map { PolicyTestSupport.text(s, $0.range) }
        XCTAssertEqual(flagged, ["》", "“", "”"])
    }

    func testMultiParagraphQuotationConventionIsNotFlagged() {
        let (m, _) = analyze("他说：“第一段话。\n“第二段话。”\n")
        XCTAssertTrue(m.findings.isEmpty)
    }

    func testTenThousandOpenersStayLinearAndFlagged() {
        let text = String(repeating: "《", count: 10_000) + "正文》"
        let start = Date()
        let (m, _) = analyze(text)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(m.policies.map(\.title), ["正文"])
        XCTAssertEqual(m.findings.filter { $0.code == "unbalanced-mark" }.count, PolicyTitleRecognizer.maxMarkFindings)
    }

    func testPathologicalLongLineWithoutMarks() {
        let text = String(repeating: "数字经济发展", count: 200_000)
        let (m, _) = analyze(text)
        XCTAssertTrue(m.policies.isEmpty)
        XCTAssertEqual(m.structure.articles.count, 1)
    }

    func testProgrammes() {
        let (m, s) = analyze("推进“东数西算”工程，实施“机器人+”应用行动，落实“十四五”规划，推进“20035”工程。支持“链主”企业。开展“七进”\n工作。")
        XCTAssertEqual(m.programmes.map(\.name), ["“东数西算”工程", "“机器人+”应用行动", "“十四五”规划", "“20035”工程", "“七进”工作"])
        XCTAssertEqual(PolicyTestSupport.text(s, m.programmes[0].range), "“东数西算”工程")
    }

    func testQuotedNameInsideTitleIsNotAProgramme() {
        let (m, _) = analyze("广东印发了《广东省算力基础设施高质量发展行动方案“粤算”行动计划(2024—2025年)》。")
        XCTAssertTrue(m.programmes.isEmpty)
        XCTAssertEqual(m.policies.first?.kind, .actionPlan)
    }

    func testResultsAreSortedByRange() {
        let (m, _) = analyze("《甲规划》》《乙方案》“东数西算”工程。《丙办法")
        for list in [m.policies.map(\.range), m.findings.map(\.range), m.programmes.map(\.range)] {
            XCTAssertEqual(list, list.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) })
        }
    }

    func testRandomMarkSoupNeverTrapsAndRangesStayInBounds() {
        let alphabet = Array("《》“”（）()〈〉。，、；：\n \n#一二三是第首先其次最后1.、（一）本报讯记者 （鄂 文）以下简称下称行动计划方案报告省市2023年—-年月日印发".unicodeScalars)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 0..<400, using: &rng)
            let s = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let m = DocumentAnalyzer.analyze(scalars: s)
            let all = m.policies.map(\.range) + m.findings.map(\.range) + m.programmes.map(\.range)
                + m.aliases.flatMap { [$0.definitionRange] + $0.uses } + m.structure.articles.map(\.range)
                + m.structure.articles.flatMap { $0.sections.map(\.range) + $0.enumerations.flatMap { $0.items.map(\.range) } }
            for r in all { XCTAssertTrue(r.lowerBound >= 0 && r.upperBound <= s.count && r.lowerBound <= r.upperBound) }
            for p in m.policies { if let a = p.aliasIndex { XCTAssertLessThan(a, m.aliases.count) } }
        }
    }
}
