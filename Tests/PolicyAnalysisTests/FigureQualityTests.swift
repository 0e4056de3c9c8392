import Foundation
import XCTest
import PolicyText
@testable import PolicyAnalysis

/// Figure quality against hand annotations of two corpus documents (Fixtures/figures-<file>.txt): a
/// prediction counts as right only when its text, value, unit and qualifier all agree with one
/// annotated figure (each annotation matches at most once).
final class FigureQualityTests: XCTestCase {
    struct Gold: Hashable {
        var text: String
        var value: String
        var unit: String
        var qualifier: String
    }

    struct Score {
        var truePositives = 0, predicted = 0, gold = 0
        var missed: [Gold] = []
        var spurious: [Gold] = []
        var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    static func fixture(_ name: String, file: String = #filePath) throws -> [Gold] {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
        guard let s = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("fixture \(name) absent") }
        return s.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { return nil }
            return Gold(text: f[0], value: Self.canonical(f[1]), unit: f[2], qualifier: f.count > 3 ? f[3] : "")
        }
    }

    /// Decimal strings compared by value (65.0 == 65); ranges as lo~hi.
    static func canonical(_ v: String) -> String {
        v.split(separator: "~").map { Decimal(string: String($0)).map { "\($0)" } ?? String($0) }.joined(separator: "~")
    }

    static func prediction(_ f: Figure) -> Gold {
        var v = "\(f.value)"
        if let u = f.upperValue { v += "~\(u)" }
        return Gold(text: f.text.filter { !$0.isNewline }, value: canonical(v), unit: f.unit ?? "",
                    qualifier: f.qualifier?.rawValue ?? "")
    }

    static func score(corpus prefix: String, fixture: String) throws -> Score {
        let gold = try Self.fixture(fixture)
        let model = DocumentAnalyzer.analyze(DocumentText(try FigureTestData.corpus(prefix)))
        var remaining: [Gold: Int] = [:]
        for g in gold { remaining[g, default: 0] += 1 }
        var score = Score(predicted: model.figures.count, gold: gold.count)
        for f in model.figures {
            let p = prediction(f)
            if let c = remaining[p], c > 0 {
                remaining[p] = c - 1
                score.truePositives += 1
            } else {
                score.spurious.append(p)
            }
        }
        for g in gold where (remaining[g] ?? 0) > 0 {
            remaining[g]! -= 1
            score.missed.append(g)
        }
        return score
    }

    func check(_ prefix: String, _ fixture: String, minimumF1: Double) throws {
        let s = try Self.score(corpus: prefix, fixture: fixture)
        print(String(format: "figures %@: P %.3f R %.3f F1 %.3f (tp %d, predicted %d, gold %d)", prefix,
                     s.precision, s.recall, s.f1, s.truePositives, s.predicted, s.gold))
        for m in s.missed { print("  missed   \(m.text)\t\(m.value)\t\(m.unit)\t\(m.qualifier)") }
        for m in s.spurious { print("  spurious \(m.text)\t\(m.value)\t\(m.unit)\t\(m.qualifier)") }
        XCTAssertGreaterThanOrEqual(s.f1, minimumF1, "figure F1 on \(prefix)")
    }

    func testFiguresOfCorpus002() throws {
        try check("002", "figures-002_e9d7a20cf4f4314f.txt", minimumF1: 0.95)
    }

    func testFiguresOfCorpus003() throws {
        try check("003", "figures-003_e5e4fb435980d6b6.txt", minimumF1: 0.95)
    }

    func testFiguresOfBothDocumentsTogether() throws {
        let a = try Self.score(corpus: "002", fixture: "figures-002_e9d7a20cf4f4314f.txt")
        let b = try Self.score(corpus: "003", fixture: "figures-003_e5e4fb435980d6b6.txt")
        let tp = a.truePositives + b.truePositives
        let p = Double(tp) / Double(a.predicted + b.predicted), r = Double(tp) / Double(a.gold + b.gold)
        let f1 = 2 * p * r / (p + r)
        print(String(format: "figures 002+003: P %.3f R %.3f F1 %.3f", p, r, f1))
        XCTAssertGreaterThanOrEqual(f1, 0.95)
    }

    /// Dates and periods of the same two documents, annotated by hand (normalized form, text order).
    /// Not dates: 《2024上海未来制造白皮书》 (no 年), 年底 after a year (the year alone is the date).
    func testDatesOfCorpus002And003() throws {
        let expected002 = ["2023-02", "2022/2025", "2020/2023", "2023", "2026", "--04-20", "2026"]
            + Array(repeating: "--01/--02", count: 12)
            + ["2024/2025", "2025", "2025", "2025", "2025", "2025", "2025"]
        let expected003 = ["2023", "--01-11", "2022", "2023", "2023", "2012/2021", "2022", "2023", "2022", "2023",
                           "2023", "2023", "2022", "2023", "2023", "2019", "2022-11", "2021", "2022-01/2022-11",
                           "2022-01/2022-10", "2025", "2023", "2022", "2023", "2023", "2022-01/2022-11", "2023",
                           "2022", "2023"]
        for (prefix, expected) in [("002", expected002), ("003", expected003)] {
            let dates = DocumentAnalyzer.analyze(DocumentText(try FigureTestData.corpus(prefix))).dates.map(\.normalized)
            var remaining: [String: Int] = [:]
            for d in expected { remaining[d, default: 0] += 1 }
            var tp = 0
            var spurious: [String] = []
            for d in dates {
                if let c = remaining[d], c > 0 { remaining[d] = c - 1; tp += 1 } else { spurious.append(d) }
            }
            let missed = remaining.filter { $0.value > 0 }
            print("dates \(prefix): tp \(tp), predicted \(dates.count), gold \(expected.count); missed \(missed), spurious \(spurious)")
            XCTAssertEqual(tp, expected.count, "dates missed in \(prefix): \(missed)")
            XCTAssertEqual(spurious, [], "spurious dates in \(prefix)")
        }
    }

    /// The scorer itself: a wrong qualifier or unit is a miss and a spurious prediction.
    func testScorerNeedsAllFieldsToAgree() {
        let f = Figure(text: "3.1%", range: 0..<4, value: Decimal(string: "3.1")!, unit: "%", shape: .percentage,
                       qualifier: .about)
        XCTAssertEqual(Self.prediction(f), Gold(text: "3.1%", value: "3.1", unit: "%", qualifier: "约"))
        XCTAssertNotEqual(Self.prediction(f), Gold(text: "3.1%", value: "3.1", unit: "%", qualifier: ""))
        XCTAssertEqual(Self.canonical("65.0"), Self.canonical("65"))
    }
}
