import XCTest
@testable import PolicyAnalysis
import PolicyText

/// Real corpus text: split titles, per-article alias scoping, media, and the hand-annotated fixtures.
final class PolicyCorpusTests: XCTestCase {
    private func model(_ prefix: String) throws -> (DocumentModel, [Unicode.Scalar]) {
        PolicyTestSupport.analyze(try PolicyTestSupport.corpus(prefix))
    }

    func testCorpus000SplitTitleAndItsAbbreviation() throws {
        let (m, s) = try model("000")
        // 《山西省\n\n电子信息制造业2023年行\n\n动计划》 is split over three lines.
        let full = m.policies.first { $0.title == "山西省电子信息制造业2023年行动计划" }
        XCTAssertNotNil(full)
        if let f = full {
            XCTAssertTrue(PolicyTestSupport.text(s, f.range).contains("\n"), "the source range spans the line breaks")
            XCTAssertEqual(f.kind, .actionPlan)
            XCTAssertEqual(f.region, "山西省")
            XCTAssertEqual(f.period, "2023年")
        }
        // 《行动计\n划》 is the definition; the two uses earlier on the page resolve to it.
        let alias = m.aliases.first { $0.alias == "行动计划" }
        XCTAssertEqual(alias?.fullTitle, "山西省电子信息制造业2023年行动计划")
        XCTAssertEqual(alias?.uses.count, 2)
        XCTAssertEqual(m.policies.filter { $0.title == "行动计划" }.count, 3)
        XCTAssertTrue(m.policies.filter { $0.title == "行动计划" }.allSatisfy { $0.aliasIndex != nil })
        // 《中\n\n国电子报》 is media.
        XCTAssertEqual(m.policies.filter { $0.title == "中国电子报" }.count, 4)
    }

    func testCorpus000UndefinedReportAbbreviation() throws {
        let (m, _) = try model("000")
        let undefined = m.undefinedAliasPolicyIndices.map { m.policies[$0].title }
        XCTAssertEqual(undefined, Array(repeating: "报告", count: 5))
    }

    func testCorpus002AliasesAreScopedPerArticle() throws {
        let (m, _) = try model("002")
        XCTAssertEqual(m.structure.articles.count, 5)
        let guangdong = 3
        XCTAssertEqual(m.structure.articles[guangdong].headline, "广东发布算力基础设施高质量发展行动计划")
        let uses = m.policies.filter { $0.title == "行动计划" }
        XCTAssertEqual(uses.count, 4)
        for u in uses {
            XCTAssertEqual(u.articleIndex, guangdong)
            XCTAssertEqual(u.aliasIndex.map { m.aliases[$0].fullTitle },
                           "广东省算力基础设施高质量发展行动方案“粤算”行动计划(2024—2025年)")
        }
        XCTAssertEqual(m.aliases.map(\.articleIndex), [0, 1, 3, 4])
        XCTAssertEqual(m.aliases.map(\.alias), ["白皮书", "管理办法", "行动计划", "实施方案"])
        XCTAssertTrue(m.findings.isEmpty, "002 has balanced marks and only defined abbreviations")
        let shanghai = m.policies.first { $0.title.hasPrefix("上海市推进智能工厂建设") }
        XCTAssertEqual(shanghai?.period, "2022—2025年")
        XCTAssertEqual(shanghai?.date, "2023年2月")
        XCTAssertEqual(m.policies.first { $0.title == "江西省先进制造业集群培育管理办法" }?.issuer, "江西省工业和信息化厅")
        XCTAssertEqual(m.programmes.map(\.name), ["“20035”工程", "“机器人+”行动", "“智能工厂+”行动", "“工赋上海”行动计划"])
    }

    func testCorpus003MediaAndLaws() throws {
        let (m, _) = try model("003")
        let media = m.policies.filter(\.isMedia)
        XCTAssertEqual(media.count, 10)
        XCTAssertTrue(media.allSatisfy { $0.title == "中国电子报" && $0.kind == nil })
        XCTAssertEqual(m.policies.filter { !$0.isMedia }.map(\.kind), [.law, .regulation, .measures, .measures])
        let meeting = m.aliases.first { $0.alias == "工作会议" }
        XCTAssertEqual(meeting?.fullTitle, "全国工业和信息化工作会议")
        XCTAssertGreaterThanOrEqual(meeting?.uses.count ?? 0, 10)
    }

    func testCorpusHasNoUnbalancedMarks() throws {
        for f in ["000", "001", "002", "003"] {
            let (m, _) = try model(f)
            XCTAssertEqual(m.findings.filter { $0.code == "unbalanced-mark" }.count, 0, f)
        }
    }

    /// Large input: every copy's titles are found (speed is measured by policy-lsp-bench, not here).
    func testRepeatedCorpusFindsEveryCopy() throws {
        var text = ""
        for f in ["000", "001", "002", "003"] { text += try PolicyTestSupport.corpus(f) + "\n" }
        let one = text
        for _ in 0..<9 { text += one }
        let s = Array(text.unicodeScalars)
        let m = DocumentAnalyzer.analyze(scalars: s)
        XCTAssertEqual(m.policies.count, 10 * (13 + 7 + 25 + 14))
    }

    // MARK: Fixtures

    struct Score {
        var tp = 0, predicted = 0, expected = 0, aliasCorrect = 0, aliasTotal = 0
        var precision: Double { predicted == 0 ? 1 : Double(tp) / Double(predicted) }
        var recall: Double { expected == 0 ? 1 : Double(tp) / Double(expected) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var aliasAccuracy: Double { aliasTotal == 0 ? 1 : Double(aliasCorrect) / Double(aliasTotal) }
    }

    /// Titles as multisets (normalized text); each annotated abbreviation occurrence compared in text order
    /// with the predicted resolution ("-" = unresolved).
    func score(_ prefix: String) throws -> Score {
        let fixture = try PolicyTestSupport.fixture("policies-\(prefix).txt")
        let (m, _) = try model(prefix)
        var expectedTitles: [String: Int] = [:]
        var expectedAliases: [String: [String]] = [:]
        var sc = Score()
        for line in fixture.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.count == 2, f[0] == "title" { expectedTitles[f[1], default: 0] += 1; sc.expected += 1 }
            if f.count == 3, f[0] == "alias" { expectedAliases[f[1], default: []].append(f[2]) }
        }
        var predictedTitles: [String: Int] = [:]
        for p in m.policies { predictedTitles[p.title, default: 0] += 1 }
        sc.predicted = m.policies.count
        for (t, c) in expectedTitles { sc.tp += min(c, predictedTitles[t] ?? 0) }
        for (alias, fulls) in expectedAliases {
            let predicted = m.policies.filter { $0.title == alias }.map { $0.aliasIndex.map { m.aliases[$0].fullTitle } ?? "-" }
            for (i, full) in fulls.enumerated() {
                sc.aliasTotal += 1
                if i < predicted.count, predicted[i] == full { sc.aliasCorrect += 1 }
            }
        }
        return sc
    }

    func testFixtureScores() throws {
        var total = Score()
        for f in ["000", "001", "002"] {
            let s = try score(f)
            print(String(format: "policies-%@: titles P=%.3f R=%.3f F1=%.3f, aliases resolved %d/%d = %.3f",
                         f, s.precision, s.recall, s.f1, s.aliasCorrect, s.aliasTotal, s.aliasAccuracy))
            total.tp += s.tp; total.predicted += s.predicted; total.expected += s.expected
            total.aliasCorrect += s.aliasCorrect; total.aliasTotal += s.aliasTotal
            XCTAssertGreaterThanOrEqual(s.f1, 0.98, f)
            XCTAssertGreaterThanOrEqual(s.aliasAccuracy, 0.95, f)
        }
        print(String(format: "policies total: titles F1=%.3f, aliases %.3f", total.f1, total.aliasAccuracy))
    }
}
