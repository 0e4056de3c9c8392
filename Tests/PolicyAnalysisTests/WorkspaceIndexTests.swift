import XCTest
import PolicyText
import TestSupport
@testable import PolicyAnalysis

/// Pure tests of the workspace layer on hand-built models: keys, the offset index, the file summaries and
/// the cross-document index.
final class WorkspaceIndexTests: XCTestCase {
    // MARK: Keys

    func testTitleKeysMatchAcrossDashesSpacingAndBrackets() {
        let a = PolicyKey.key("广东省算力基础设施高质量发展行动计划（2024—2026年）")
        XCTAssertEqual(a, PolicyKey.key("广东省算力基础设施高质量发展行动计划(2024-2026年)"))
        XCTAssertEqual(a, PolicyKey.key("广东省算力基础设施 高质量发展行动计划【2024～2026年】".replacingOccurrences(of: "【", with: "(").replacingOccurrences(of: "】", with: ")")))
        XCTAssertEqual(a, PolicyKey.key("广东省算力基础设施高质量发展行动计划（2024年-2026年）"))
        XCTAssertEqual(PolicyKey.key("关于 推动\n制造业发展的意见"), "关于推动制造业发展的意见")
        XCTAssertNotEqual(a, PolicyKey.key("广东省算力基础设施高质量发展行动计划（2024—2025年）"), "different periods are different plans")
    }

    func testCoreDropsRegionAndPeriodSoLevelsMatch() {
        let province = PolicyKey.core("广东省算力基础设施高质量发展行动计划（2024—2026年）")
        let national = PolicyKey.core("算力基础设施高质量发展行动计划")
        XCTAssertEqual(province.region, "广东")
        XCTAssertNil(national.region)
        XCTAssertEqual(province.core, national.core)
        XCTAssertEqual(PolicyKey.core("国家算力基础设施高质量发展行动计划").region, "国家")
        XCTAssertEqual(PolicyKey.core("内蒙古自治区数字经济发展规划").core, "数字经济发展规划")
        let paper = PolicyKey.core("2024上海未来制造白皮书")
        XCTAssertEqual(paper.region, "上海", "a leading year is a period, not part of the identity")
        XCTAssertEqual(paper.core, "未来制造白皮书")
    }

    func testCoreComparesScalarsOnlyWhereCharactersAgree() {
        let titles = ["广东省算力基础设施高质量发展行动计划（2024—2026年）", "国务院关于推进数字经济的意见", "新疆维吾尔自治区数据条例",
                      "北京\u{0301}市规划", "\u{F963}京市规划", "香港特别行政区·数字政策", "上海市AI（试行）", "中国", "江苏"]
        for t in titles {
            let key = PolicyKey.key(t)
            let byCharacters = PolicyKey.coreComparingCharacters(PolicyKey.removingPeriods(Array(key.unicodeScalars)))
            XCTAssertEqual(PolicyKey.core(t).region, byCharacters.region, t)
            XCTAssertEqual(PolicyKey.core(t).core, byCharacters.core, t)
        }
        XCTAssertNil(PolicyKey.core("北京\u{0301}市规划").region, "an accent on 京 makes another character")
    }

    // MARK: Offset index

    /// 以下简称 in two articles: 《行动计划》 means a different policy in each.
    func twoArticleModel() -> DocumentModel {
        var m = DocumentModel()
        m.structure = DocumentStructure(articles: [Article(headline: "甲", range: 0..<100), Article(headline: "乙", range: 100..<200)])
        m.aliases = [
            AliasDefinition(alias: "行动计划", definitionRange: 30..<36, fullTitle: "江苏省机器人行动计划", fullTitleRange: 10..<22, articleIndex: 0, uses: [50..<56]),
            AliasDefinition(alias: "行动计划", definitionRange: 130..<136, fullTitle: "广东省算力行动计划", fullTitleRange: 110..<121, articleIndex: 1, uses: []),
        ]
        m.policies = [
            PolicyMention(title: "江苏省机器人行动计划", range: 10..<22, kind: .actionPlan, articleIndex: 0),
            PolicyMention(title: "行动计划", range: 30..<36, aliasIndex: 0, articleIndex: 0),
            PolicyMention(title: "行动计划", range: 50..<56, aliasIndex: 0, articleIndex: 0),
            PolicyMention(title: "广东省算力行动计划", range: 110..<121, kind: .actionPlan, articleIndex: 1),
            PolicyMention(title: "行动计划", range: 130..<136, aliasIndex: 1, articleIndex: 1),
            // The recognizer left this use unlinked: resolution must pick the same article's definition.
            PolicyMention(title: "行动计划", range: 150..<156, articleIndex: 1),
            PolicyMention(title: "中国电子报", range: 170..<177, isMedia: true, articleIndex: 1),
        ]
        m.figures = [Figure(text: "1697.2亿元", range: 60..<68, value: Decimal(string: "169720000000")!, unit: "元", shape: .amount, scale: 100_000_000)]
        m.organizations = [
            OrganizationMention(text: "工信部", range: 80..<83, canonical: "工业和信息化部", type: .government),
            OrganizationMention(text: "工业和信息化部", range: 180..<187, canonical: "工业和信息化部", type: .government),
        ]
        return m
    }

    func testEntityUnderOffsetIsTheInnermostAndEndOffsetCounts() {
        let e = DocumentEntities(model: twoArticleModel())
        XCTAssertEqual(e.entity(at: 12)?.kind, .policy)
        XCTAssertEqual(e.entity(at: 12)?.index, 0)
        XCTAssertEqual(e.entity(at: 62)?.kind, .figure)
        XCTAssertEqual(e.entity(at: 68)?.kind, .figure, "a cursor just after the figure still finds it")
        XCTAssertNil(e.entity(at: 95), "nothing there")
        XCTAssertEqual(e.entity(at: 81)?.kind, .organization)
    }

    func testUnlinkedAbbreviationResolvesToItsOwnArticlesDefinition() {
        let e = DocumentEntities(model: twoArticleModel())
        XCTAssertEqual(e.mentionAlias[5], 1)
        XCTAssertEqual(e.mentionKey[5], PolicyKey.key("广东省算力行动计划"))
        XCTAssertEqual(e.mentionKey[2], PolicyKey.key("江苏省机器人行动计划"))
        XCTAssertNil(e.identity(of: EntityRef(kind: .policy, index: 6, range: 170..<177)), "media is no policy")
        let gd = e.mentions(of: .policy(PolicyKey.key("广东省算力行动计划"))).map(\.range)
        XCTAssertEqual(gd, [110..<121, 130..<136, 150..<156])
        XCTAssertEqual(e.firstFullMention(key: PolicyKey.key("广东省算力行动计划")), 3)
        XCTAssertEqual(e.mentions(of: .organization("工业和信息化部")).count, 2)
    }

    func testAliasOccurrencesAreDefinitionAndUses() {
        let e = DocumentEntities(model: twoArticleModel())
        XCTAssertEqual(e.aliasOccurrences(0), [30..<36, 50..<56])
        XCTAssertEqual(e.aliasOccurrences(1), [130..<136, 150..<156])
        XCTAssertEqual(e.aliasOccurrences(7), [])
    }

    func testEntitiesOverlappingARange() {
        let e = DocumentEntities(model: twoArticleModel())
        XCTAssertEqual(e.entities(overlapping: 45..<70).map(\.range), [50..<56, 60..<68])
        XCTAssertEqual(e.entities(overlapping: 300..<400).count, 0)
    }

    /// Hover and definition must not scan: 2 MB worth of entities, 200,000 lookups.
    func testLookupIsLogarithmicOnALargeDocument() {
        var m = DocumentModel()
        let n = 200_000  // one figure every 10 scalars ≈ 2 M scalars
        m.figures = (0..<n).map { i in
            Figure(text: "1", range: (i * 10)..<(i * 10 + 4), value: 1, unit: nil, shape: .count)
        }
        m.policies = [PolicyMention(title: "很长的标题", range: 0..<(n * 10))]  // one entity spanning everything
        let e = DocumentEntities(model: m)
        let start = Date()
        var found = 0
        for i in 0..<n where e.entity(at: i * 10 + 2)?.kind == .figure { found += 1 }
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(found, n)
        XCTAssertLessThan(seconds, 5.0, "200k lookups took \(seconds)s")
    }

    /// 10,000 titles nested in one another (《《《…》》》): building and looking up stay bounded.
    func testPathologicalNestingIsBounded() {
        var m = DocumentModel()
        let n = 10_000
        m.policies = (0..<n).map { i in PolicyMention(title: "x", range: i..<(2 * n - i)) }
        let start = Date()
        let e = DocumentEntities(model: m)
        XCTAssertNotNil(e.entity(at: n))
        XCTAssertEqual(e.entity(at: 0)?.range, 0..<(2 * n))
        XCTAssertEqual(e.mentions(of: .policy(PolicyKey.key("x"))).count, n)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    // MARK: File points

    func testFilePointsCountAllThreeEncodings() {
        let text = DocumentText("ab\r\n《𠀀政策》\n末")
        // a b \r \n 《 𠀀 政 策 → offset 8 is 》; offsets need not be sorted.
        let points = FilePoints.points([100, 8, 3, 0, 8], in: text)
        XCTAssertEqual(points[1].line, 1)
        XCTAssertEqual(points[1].utf32, 4)
        XCTAssertEqual(points[1].utf16, 5)   // 𠀀 is two UTF-16 units
        XCTAssertEqual(points[1].utf8, 3 + 4 + 3 + 3)
        XCTAssertEqual(points[4], points[1])
        XCTAssertEqual(points[0].line, 2, "clamped to the end")
        XCTAssertEqual(points[0].utf32, 1)
        XCTAssertEqual(points[2], FilePoint(line: 0, utf8: 3, utf16: 3, utf32: 3), "the LF of a CRLF is on the CR's line")
        XCTAssertEqual(points[3], FilePoint(line: 0, utf8: 0, utf16: 0, utf32: 0))
        XCTAssertEqual(FilePoints.points([2], in: DocumentText("a\rb"))[0].line, 1, "a lone CR ends a line")
    }

    /// On random text with every kind of line end and characters of 1–4 UTF-8 bytes, each point agrees
    /// with DocumentText's own conversion, in all three encodings.
    func testFilePointsAgreeWithDocumentPositions() {
        var random = SplitMix64(seed: 7)
        let pieces = ["a", "7", "字", "𠀀", "é", "\n", "\r\n", "\r", " "]
        for _ in 0..<200 {
            var string = ""
            for _ in 0..<Int(random.next() % 60) { string += pieces[Int(random.next() % UInt64(pieces.count))] }
            let text = DocumentText(string)
            let n = text.scalars.count
            // Offsets between the CR and LF of a CRLF are not entity boundaries.
            let offsets = (0..<Int(random.next() % 12)).map { _ in Int(random.next() % UInt64(n + 3)) - 1 }
                .filter { !($0 > 0 && $0 < n && text.scalars[$0 - 1] == "\r" && text.scalars[$0] == "\n") }
            let points = FilePoints.points(offsets, in: text)
            for (offset, point) in zip(offsets, points) {
                for encoding in [PositionEncoding.utf8, .utf16, .utf32] {
                    let expected = text.position(at: offset, encoding: encoding)
                    XCTAssertEqual(point.line, expected.line, "\(string.debugDescription) offset \(offset)")
                    XCTAssertEqual(point.character(encoding), expected.character, "\(string.debugDescription) offset \(offset) \(encoding)")
                }
            }
        }
    }

    // MARK: Workspace

    func summary(_ id: String, _ model: DocumentModel, length: Int = 300) -> FileSummary {
        FileSummary(id: id, uri: "file://\(id)", text: DocumentText(scalars: Array(repeating: "字", count: length)), model: model)
    }

    func testIndexFindsEveryMentionAcrossFilesAndForgetsRemovedOnes() {
        var index = WorkspaceIndex()
        index.upsert(summary("/w/a.txt", twoArticleModel()))
        var other = DocumentModel()
        other.policies = [PolicyMention(title: "广东省算力行动计划", range: 0..<11, kind: .actionPlan, issuer: "广东省政府")]
        other.organizations = [OrganizationMention(text: "工信部", range: 20..<23, canonical: "工业和信息化部", type: .government)]
        index.upsert(summary("/w/b.md", other))
        let key = PolicyKey.key("广东省算力行动计划")
        let hits = index.occurrences(key: key, kinds: [.policy, .abbreviation])
        XCTAssertEqual(hits.count, 4)
        XCTAssertEqual(Set(hits.map(\.file.id)), ["/w/a.txt", "/w/b.md"])
        XCTAssertEqual(index.policyFacts(key)?.issuer, "广东省政府")
        XCTAssertEqual(index.policyFacts(key)?.abbreviations, ["行动计划"])
        XCTAssertEqual(index.occurrences(key: "工业和信息化部", kinds: [.organization]).count, 3)
        index.remove(id: "/w/b.md")
        XCTAssertEqual(index.occurrences(key: key, kinds: [.policy, .abbreviation]).count, 3)
        index.upsert(summary("/w/a.txt", DocumentModel()))
        XCTAssertEqual(index.occurrences(key: key, kinds: [.policy, .abbreviation]).count, 0, "re-upserting replaces a file")
    }

    func testWorkspaceSymbolsMatchFuzzilyThroughShortForms() {
        var index = WorkspaceIndex()
        index.upsert(summary("/w/a.txt", twoArticleModel()))
        let names = index.symbols(matching: "工信").map(\.name)
        XCTAssertEqual(names.first, "工业和信息化部")
        XCTAssertTrue(index.symbols(matching: "算力").map(\.name).contains("《广东省算力行动计划》"))
        XCTAssertTrue(index.symbols(matching: "量子计算").isEmpty)
        XCTAssertEqual(index.symbols(matching: "").count, 3, "an empty query lists everything: two policies and one organization")
    }

    func testBestDefinitionIsTheFileNamingThePolicyMostFully() {
        var index = WorkspaceIndex()
        var thin = DocumentModel()
        thin.aliases = [AliasDefinition(alias: "方案", definitionRange: 20..<24, fullTitle: "数字化转型实施方案", fullTitleRange: nil, articleIndex: nil)]
        thin.policies = [PolicyMention(title: "方案", range: 20..<24, aliasIndex: 0)]
        var full = DocumentModel()
        full.policies = [PolicyMention(title: "数字化转型实施方案", range: 5..<16), PolicyMention(title: "数字化转型实施方案", range: 40..<51)]
        index.upsert(summary("/w/1.txt", thin))
        index.upsert(summary("/w/2.txt", full))
        let best = index.bestDefinition(key: PolicyKey.key("数字化转型实施方案"))
        XCTAssertEqual(best?.file.id, "/w/2.txt")
        XCTAssertEqual(best?.mention.range.start.utf32, 5)
        let fallback = index.bestDefinition(key: PolicyKey.key("数字化转型实施方案"), excluding: "/w/2.txt")
        XCTAssertEqual(fallback?.file.id, "/w/1.txt", "without the full file, the abbreviation's file is all there is")
        XCTAssertEqual(fallback?.mention.kind, .abbreviation)
    }

    func testRelatedPoliciesSameIssuerSameProgrammeAndOtherLevel() {
        var index = WorkspaceIndex()
        var a = DocumentModel()
        a.policies = [
            PolicyMention(title: "算力基础设施高质量发展行动计划", range: 0..<17, issuer: "工业和信息化部"),
            PolicyMention(title: "工业互联网创新发展行动计划", range: 30..<45, issuer: "工业和信息化部"),
            PolicyMention(title: "无关的通知", range: 60..<67, issuer: "某某局"),
        ]
        var b = DocumentModel()
        b.structure = DocumentStructure(articles: [Article(range: 0..<100)])
        b.programmes = [ProgrammeMention(name: "东数西算", range: 50..<56)]
        b.policies = [PolicyMention(title: "广东省算力基础设施高质量发展行动计划（2024—2025年）", range: 0..<30, articleIndex: 0)]
        var c = DocumentModel()
        c.structure = DocumentStructure(articles: [Article(range: 0..<100)])
        c.programmes = [ProgrammeMention(name: "东数西算", range: 50..<56)]
        c.policies = [PolicyMention(title: "贵州省数据中心布局方案", range: 0..<12, articleIndex: 0)]
        index.upsert(summary("/w/a.txt", a))
        index.upsert(summary("/w/b.txt", b))
        index.upsert(summary("/w/c.txt", c))
        let national = index.related(to: PolicyKey.key("算力基础设施高质量发展行动计划"))
        XCTAssertEqual(national.map(\.reason), [.otherLevel, .sameIssuer])
        XCTAssertEqual(national.first?.facts.title, "广东省算力基础设施高质量发展行动计划（2024—2025年）")
        XCTAssertEqual(national.first?.location?.file.id, "/w/b.txt")
        let gd = index.related(to: PolicyKey.key("广东省算力基础设施高质量发展行动计划（2024-2025年）"))
        XCTAssertEqual(Set(gd.map(\.facts.title)), ["算力基础设施高质量发展行动计划", "贵州省数据中心布局方案"])
        XCTAssertEqual(gd.first(where: { $0.reason == .sameProgramme })?.detail, "“东数西算”")
        XCTAssertTrue(index.related(to: PolicyKey.key("无关的通知")).isEmpty)
    }

    func testCompletionTitlesMatchTheTypedPrefix() {
        var index = WorkspaceIndex()
        index.upsert(summary("/w/a.txt", twoArticleModel()))
        XCTAssertEqual(index.titles(matching: "广东").map(\.title), ["广东省算力行动计划"])
        XCTAssertEqual(index.titles(matching: "").count, 2)
    }
}
