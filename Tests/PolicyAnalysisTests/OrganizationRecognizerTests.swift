import XCTest
@testable import PolicyAnalysis
import PolicyText

final class OrganizationRecognizerTests: XCTestCase {
    private func orgs(_ text: String, articles: [Article] = [], extra: [LexiconEntry] = []) -> [OrganizationMention] {
        OrganizationRecognizer.recognize(in: ReadingView(source: Array(text.unicodeScalars)), articles: articles,
                                         extraLexicon: extra)
    }

    private func texts(_ text: String) -> [String] { orgs(text).map(\.text) }

    // MARK: Lexicon

    func testShortFormOfMinistryHasFullCanonicalNameAndParent() throws {
        let found = orgs("据工信部预测，2022年规上工业增加值同比增长3.6%。")
        XCTAssertEqual(found.count, 1)
        let m = try XCTUnwrap(found.first)
        XCTAssertEqual(m.text, "工信部")
        XCTAssertEqual(m.canonical, "工业和信息化部")
        XCTAssertEqual(m.type, .government)
        XCTAssertEqual(m.parent, "国务院")
        XCTAssertEqual(m.range, 1..<4)
    }

    func testLongestLexiconMatchWins() {
        XCTAssertEqual(orgs("国家发展改革委印发通知").map(\.canonical), ["国家发展和改革委员会"])
        XCTAssertEqual(orgs("由国家统计局发布").map(\.canonical), ["国家统计局"])
        XCTAssertEqual(orgs("国家互联网信息办公室、网信办").map(\.canonical), ["国家互联网信息办公室", "国家互联网信息办公室"])
    }

    func testWordsThatContinuePastTheNameAreNotTheName() {
        // 商务部门 is "the commerce departments", 部署 a verb: no 商务部 here.
        XCTAssertEqual(texts("各地商务部门要部署落实"), [])
    }

    func testBrandBeforeAPersonsTitleIsACompanyAndNamesItElsewhere() {
        let found = orgs("西井科技作为国家级专精特新企业，发展迅速。在西井科技CEO谭黎敏看来，技术是关键。")
        XCTAssertEqual(found.map(\.text), ["西井科技", "西井科技"])
        XCTAssertEqual(found.map(\.type), [.company, .company])
        XCTAssertEqual(found.first?.range, 0..<4)
        XCTAssertEqual(texts("植信投资首席经济学家连平表示"), ["植信投资"])
    }

    func testScienceAndInvestmentPhrasesWithoutATitleAreNotCompanies() {
        XCTAssertEqual(texts("农业科技作为乡村振兴的支撑，扩大有效投资，加快科技创新。"), [])
        XCTAssertEqual(texts("要促进科技董事会改革"), [])  // 科技 + 董事会 is no title
        XCTAssertEqual(texts("数字科技CEO论坛"), [])        // generic head
    }

    func testCuratedIndustrialCompaniesAreKnown() {
        XCTAssertEqual(orgs("在机器人领域，新时达、埃斯顿和汇川技术持续发力").map(\.canonical),
                       ["上海新时达电气股份有限公司", "南京埃斯顿自动化股份有限公司", "深圳市汇川技术股份有限公司"])
    }

    func testBrandNamesAndForeignFirms() {
        XCTAssertEqual(texts("上海吸引了ABB、发那科、库卡等企业，华为和比亚迪也在此布局"),
                       ["ABB", "发那科", "库卡", "华为", "比亚迪"])
        XCTAssertEqual(orgs("宁德时代发布新品").first?.type, .company)
        // Latin names only as whole words.
        XCTAssertEqual(texts("ABBA乐队"), [])
    }

    func testMediaNamesInsideTitleMarks() {
        let found = orgs("告诉《中国电子报》记者，新华社报道")
        XCTAssertEqual(found.map(\.text), ["中国电子报", "新华社"])
        XCTAssertEqual(found.map(\.type), [.media, .media])
        XCTAssertEqual(found.last?.canonical, "新华通讯社")
    }

    func testExtraLexiconFromConfiguration() {
        let extra = [LexiconEntry(canonical: "西井科技股份有限公司", shortForms: ["西井科技"], type: .company)]
        XCTAssertEqual(texts("西井科技作为国家级专精特新企业"), [])
        let found = orgs("西井科技作为国家级专精特新企业", extra: extra)
        XCTAssertEqual(found.map(\.canonical), ["西井科技股份有限公司"])
    }

    func testMergedLexiconIsReusedOnlyForTheSameEntries() {
        let a = [LexiconEntry(canonical: "甲乙丙科技股份有限公司", shortForms: ["甲乙丙"], type: .company)]
        let b = [LexiconEntry(canonical: "丁戊己集团有限公司", shortForms: ["丁戊己"], type: .company)]
        let text = "甲乙丙与丁戊己签约"
        XCTAssertEqual(orgs(text, extra: a).map(\.canonical), ["甲乙丙科技股份有限公司"])
        XCTAssertEqual(orgs(text, extra: a).map(\.canonical), ["甲乙丙科技股份有限公司"])
        XCTAssertEqual(orgs(text, extra: b).map(\.canonical), ["丁戊己集团有限公司"])
        XCTAssertEqual(orgs(text, extra: a + b).map(\.canonical), ["甲乙丙科技股份有限公司", "丁戊己集团有限公司"])
        XCTAssertEqual(orgs(text).map(\.canonical), [])
    }

    func testLexiconEntryDecodesFromConfigurationJSON() throws {
        let json = #"[{"canonical":"卡奥斯物联科技股份有限公司","short":["卡奥斯"],"type":"company","parent":"海尔集团"}]"#
        let entries = try JSONDecoder().decode([LexiconEntry].self, from: Data(json.utf8))
        XCTAssertEqual(entries, [LexiconEntry(canonical: "卡奥斯物联科技股份有限公司", shortForms: ["卡奥斯"],
                                              type: .company, parent: "海尔集团")])
        let unknownType = try JSONDecoder().decode(LexiconEntry.self, from: Data(#"{"canonical":"X","type":"guild"}"#.utf8))
        XCTAssertEqual(unknownType.type, .other)
    }

    // MARK: Regions and standard departments

    func testProvinceAndDepartmentShortFormsAreExpanded() {
        let found = orgs("江西省工信厅近日印发了管理办法，江苏工信厅也发布通知")
        XCTAssertEqual(found.map(\.text), ["江西省工信厅", "江苏工信厅"])
        XCTAssertEqual(found.map(\.canonical), ["江西省工业和信息化厅", "江苏省工业和信息化厅"])
        XCTAssertEqual(found.first?.parent, "江西省人民政府")
    }

    func testProvinceOfBareShortFormComesFromPrecedingMention() {
        let found = orgs("日前，由江苏省工信厅、省通管局指导，省委省政府高度重视。")
        XCTAssertEqual(found.map(\.text), ["江苏省工信厅", "省通管局", "省委", "省政府"])
        XCTAssertEqual(found.map(\.canonical), ["江苏省工业和信息化厅", "江苏省通信管理局", "中共江苏省委", "江苏省人民政府"])
        XCTAssertEqual(found[2].type, .party)
    }

    func testProvinceFromArticleHeadlineAndArticleScope() {
        let text = "吉林推进以旧换新。省商务厅表示将加力。另一篇。省工信厅发布数据。"
        let scalars = Array(text.unicodeScalars)
        let split = Array("吉林推进以旧换新。省商务厅表示将加力。".unicodeScalars).count
        let articles = [Article(headline: "吉林：以旧换新", range: 0..<split),
                        Article(headline: "广东：算力发展", range: split..<scalars.count)]
        let found = orgs(text, articles: articles)
        XCTAssertEqual(found.map(\.canonical), ["吉林省商务厅", "广东省工业和信息化厅"])
        // Without a province anywhere the name stays unresolved rather than guessed.
        XCTAssertEqual(orgs("省工信厅发布数据").map(\.canonical), ["省工业和信息化厅"])
    }

    func testCountedOrGenericProvinceBodiesAreNotNames() {
        XCTAssertEqual(texts("各省工信厅和全省工信系统"), [])
    }

    func testProvincialGovernmentGeneralOffice() {
        let found = orgs("广东省人民政府办公厅印发方案")
        XCTAssertEqual(found.map(\.canonical), ["广东省人民政府办公厅"])
        XCTAssertEqual(found.first?.parent, "广东省人民政府")
    }

    func testGovernmentWorkReportIsNotAGovernment() {
        XCTAssertEqual(texts("江苏省政府工作报告提出"), [])
    }

    // MARK: Anchored names and suffix rules

    func testRegionAnchoredAssociationAndUniversity() {
        let found = orgs("成都市人工智能产业协会秘书长李娅娜表示，西安电子科技大学研究员郭辉认为")
        XCTAssertEqual(found.map(\.text), ["成都市人工智能产业协会", "西安电子科技大学"])
        XCTAssertEqual(found.map(\.type), [.association, .university])
    }

    func testChinaAnchoredAssociationStopsBeforeTitle() {
        XCTAssertEqual(texts("中国电子视像行业协会副秘书长董敏向记者表示"), ["中国电子视像行业协会"])
    }

    func testChinaInsideAWordAnchorsNothing() {
        XCTAssertEqual(texts("为全面建设社会主义现代化国家开好局，发展中国家代表团"), [])
    }

    func testFreeStandingCompanyWithRegionInParentheses() {
        let found = orgs("”纳琳威纳米科技（上海）有限公司董秘唐璇表示")
        XCTAssertEqual(found.map(\.text), ["纳琳威纳米科技（上海）有限公司"])
        XCTAssertEqual(found.first?.type, .company)
    }

    func testFreeStandingNamesStopAtParticlesAndVerbs() {
        XCTAssertEqual(texts("据太平洋证券调研，株洲南方阀门股份有限公司董事长黄靖表示"),
                       ["太平洋证券", "株洲南方阀门股份有限公司"])
        XCTAssertEqual(texts("支持企业打造技术合作联盟"), [])
    }

    func testGenericAndCountedKindsAreNotNames() {
        XCTAssertEqual(texts("鼓励全市商业银行、保险机构参与，一家公司和多家银行，行业协会"), [])
        XCTAssertEqual(texts("布局建设了18家国家制造业创新中心"), [])
    }

    // MARK: Nested bodies

    func testNestedBodyHasParent() throws {
        let found = orgs("工业和信息化部网络安全管理局发布通报")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.parent, "工业和信息化部")
        let party = try XCTUnwrap(orgs("工业和信息化部党组书记、部长金壮龙作重要讲话").first)
        XCTAssertEqual(party.text, "工业和信息化部党组")
        XCTAssertEqual(party.type, .party)
        XCTAssertEqual(party.parent, "工业和信息化部")
    }

    func testNestedInstituteUnderShortFormGetsFullCanonical() throws {
        let m = try XCTUnwrap(orgs("中国社科院科学技术和社会研究中心主任段伟文建议").first)
        XCTAssertEqual(m.text, "中国社科院科学技术和社会研究中心")
        XCTAssertEqual(m.canonical, "中国社会科学院科学技术和社会研究中心")
        XCTAssertEqual(m.parent, "中国社会科学院")
        XCTAssertEqual(m.type, .institute)
    }

    func testConjunctionInsideNestedNameButNotBetweenTwoBodies() {
        XCTAssertEqual(texts("中国社会科学院中国产业与企业竞争力研究中心副主任"),
                       ["中国社会科学院中国产业与企业竞争力研究中心"])
        XCTAssertEqual(texts("四川省经济和信息化厅与四川省通信管理局日前联合印发"),
                       ["四川省经济和信息化厅", "四川省通信管理局"])
        XCTAssertEqual(texts("工业和信息化部与各地区、各部门一道"), ["工业和信息化部"])
    }

    func testBranchOfCompany() throws {
        let m = try XCTUnwrap(orgs("中国移动天津公司提供支持").first)
        XCTAssertEqual(m.text, "中国移动天津公司")
        XCTAssertEqual(m.parent, "中国移动通信集团有限公司")
        XCTAssertEqual(m.type, .company)
    }

    func testLegalFormAfterBrandIsTheSameCompany() throws {
        let m = try XCTUnwrap(orgs("天合光能股份有限公司董事长高纪凡认为").first)
        XCTAssertEqual(m.text, "天合光能股份有限公司")
        XCTAssertEqual(m.canonical, "天合光能股份有限公司")
        XCTAssertNil(m.parent)
    }

    // MARK: Nothing to find, robustness

    func testDocumentWithoutOrganizations() {
        let text = """
        推进产业高端化智能化绿色化发展。2022年，规模以上电子信息制造企业实现营业收入1697.2亿元，
        “十四五”以来实现年均增长16.6%。加快构建以“硅料—硅片—电池—组件”为主链的产业链生态体系，
        支持建立制造业创新中心、技术创新中心、重点实验室等研发创新平台。中小企业还贡献了50%以上的税收。
        """
        XCTAssertEqual(texts(text), [])
    }

    func testPathologicalInputDoesNotTrapAndStaysLinear() {
        XCTAssertEqual(texts(""), [])
        XCTAssertEqual(texts("部"), [])
        XCTAssertEqual(texts("省"), [])
        func hostile(_ n: Int) -> String {
            String(repeating: "有限公司", count: 2 * n) + String(repeating: "中国", count: 2 * n) + String(repeating: "（", count: n)
        }
        func seconds(_ text: String) -> TimeInterval {
            let start = Date()
            _ = orgs(text)
            return max(Date().timeIntervalSince(start), 0.001)
        }
        // Linear: four times the input may take at most 12 times as long. A ratio, not a time limit, so a
        // loaded machine or a debug build does not fail it; the faster of two samples, as one can be a
        // neighbour's burst.
        let quarter = hostile(1_250), whole = hostile(5_000)
        _ = seconds(quarter)  // warm up: the lexicon loads once
        let small = min(seconds(quarter), seconds(quarter))
        let large = min(seconds(whole), seconds(whole))
        XCTAssertLessThanOrEqual(large, max(0.05, 12 * small), "4× the input took \(large / small)× the time")
    }

    func testRangesAreSourceRangesWithAstralCharacters() throws {
        // An emoji is one scalar: offsets count scalars, not UTF-16 units.
        let m = try XCTUnwrap(orgs("😀商务部发布").first)
        XCTAssertEqual(m.range, 1..<4)
    }

    func testConfiguredSingleScalarAndAstralNames() {
        let single = LexiconEntry(canonical: "甲乙公司", shortForms: ["甲"], type: .company)
        let astral = LexiconEntry(canonical: "𠀀科技有限公司", type: .company)
        // A one-scalar short form, also as the document's last scalar.
        let atEnd = orgs("公告由甲", extra: [single])
        XCTAssertTrue(atEnd.contains { $0.canonical == "甲乙公司" && $0.text == "甲" }, "\(atEnd)")
        let found = orgs("据𠀀科技有限公司披露，甲将扩产。", extra: [single, astral])
        XCTAssertTrue(found.contains { $0.canonical == "𠀀科技有限公司" && $0.range == 1..<8 }, "\(found)")
        XCTAssertTrue(found.contains { $0.canonical == "甲乙公司" && $0.text == "甲" }, "\(found)")
    }

    // MARK: The bundled lexicon file

    func testBundledLexiconLoads() {
        let lexicon = OrganizationLexicon.bundled
        XCTAssertGreaterThan(lexicon.entries.count, 100)
        XCTAssertGreaterThan(lexicon.regions.count, 30)
        XCTAssertGreaterThan(lexicon.departments.count, 30)
    }

    func testLexiconFileRecords() throws {
        let text = """
            # comment
            region\t江苏省\tprovince\t\t江苏|苏
            region\t南京市\tcity\t江苏省\t南京\r
            department\t工业和信息化厅\tgovernment\t工信厅
            entry\t工业和信息化部\tgovernment\t国务院\t工信部
            entry\t某某协会\t\t\t

            """
        let lexicon = try OrganizationLexicon.decode(Array(text.utf8))
        XCTAssertEqual(lexicon.regions.map(\.name), ["江苏省", "南京市"])
        XCTAssertEqual(lexicon.regions[0].kind, .province)
        XCTAssertNil(lexicon.regions[0].province)
        XCTAssertEqual(lexicon.regions[1].province, "江苏省")
        XCTAssertEqual(lexicon.departments.map(\.full), ["工业和信息化厅"])
        XCTAssertEqual(lexicon.entries, [
            LexiconEntry(canonical: "工业和信息化部", shortForms: ["工信部"], type: .government, parent: "国务院"),
            LexiconEntry(canonical: "某某协会", type: .other),
        ])
    }

    func testMalformedLexiconFileThrows() {
        for bad in ["regions\t江苏省\tprovince\t\t", "region\t江苏省\tprovince", "entry\t工信部\tgovernment\t\t\t"] {
            XCTAssertThrowsError(try OrganizationLexicon.decode(Array(bad.utf8)), bad)
        }
        XCTAssertThrowsError(try OrganizationLexicon.decode(Array("entry\t".utf8) + [0xE5, 0xB7] + Array("\tother\t\t".utf8)))
    }
}

final class CandidateInsertionTests: XCTestCase {
    func testInsertsBeforeTheGivenIndicesKeepingOrder() {
        var xs = ["a", "b", "c"]
        xs.insert([(0, "0"), (1, "1x"), (1, "1y"), (3, "end")])
        XCTAssertEqual(xs, ["0", "a", "1x", "1y", "b", "c", "end"])
        var empty: [String] = []
        empty.insert([(0, "only")])
        XCTAssertEqual(empty, ["only"])
        var untouched = ["a"]
        untouched.insert([])
        XCTAssertEqual(untouched, ["a"])
    }

    /// Linear: 4× the elements and insertions may take at most 12× as long (one insert at a time, the
    /// tail moved for each, took 16×). The faster of two samples, as one can be a neighbour's burst.
    func testInsertingManyIsLinear() {
        func seconds(_ n: Int) -> TimeInterval {
            var best = TimeInterval.infinity
            for _ in 0..<2 {
                var xs = (0..<n).map { "名称\($0)" }
                let items = (0..<n).map { (before: $0, candidate: "插入\($0)") }
                let start = Date()
                xs.insert(items)
                best = min(best, max(Date().timeIntervalSince(start), 0.001))
                XCTAssertEqual(xs.count, 2 * n)
                XCTAssertEqual(xs[2 * n - 1], "名称\(n - 1)")
            }
            return best
        }
        let small = seconds(10_000), large = seconds(40_000)
        XCTAssertLessThanOrEqual(large, max(0.05, 12 * small), "4× the input took \(large / small)× the time")
    }
}
