import XCTest
@testable import PolicyAnalysis

/// The checks on the real corpus and on the repository's sample with deliberate defects.
final class CheckCorpusTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func corpusFile(_ name: String) throws -> String {
        let candidates = [packageRoot.appendingPathComponent("../shared/corpus/\(name)").path,
                          "/work/shared/corpus/\(name)"]
        for p in candidates where FileManager.default.fileExists(atPath: p) {
            return try String(contentsOfFile: p, encoding: .utf8)
        }
        throw XCTSkip("corpus file \(name) absent")
    }

    static let files = ["000_f380c44fdf15ab1d.txt", "001_b90c729489e23ec3.txt",
                        "002_e9d7a20cf4f4314f.txt", "003_e5e4fb435980d6b6.txt"]

    /// Warnings and errors of the consistency checks, as "file code [covered text]".
    static func problems(_ name: String, _ text: String) -> [String] {
        CheckEndToEndTests.analyzed(text).filter { $0.severity <= .warning }
            .map { "\(name.prefix(3)) \($0.code) [\(covered($0, in: text))]" }
    }

    func testCorpusWarningsAreExactlyTheKnownDefects() throws {
        var all: [String] = []
        for f in Self.files { all += Self.problems(f, try Self.corpusFile(f)) }
        // 32023年 (page number glued to the date) and the 45-versus-40 breakdown; nothing else.
        XCTAssertEqual(all, ["000 impossible-date [32023年]", "003 sum-mismatch [45个]"], all.joined(separator: "\n"))
    }

    func testBreakdownOf45ClustersStatesItsArithmetic() throws {
        let text = try Self.corpusFile("003_e5e4fb435980d6b6.txt")
        let fs = CheckEndToEndTests.analyzed(text).filter { $0.code == "sum-mismatch" }
        XCTAssertEqual(fs.count, 1)
        guard let f = fs.first else { return }
        let at = scalarOffset(of: "45个国家先进制造业集群，包括", in: text)
        XCTAssertEqual(f.range.lowerBound, at)
        XCTAssertTrue(f.message.contains("13个 + 13个 + 7个 + 4个 + 3个 = 40个"), f.message)
        XCTAssertEqual(f.related.count, 5)
        XCTAssertEqual(f.suggestedReplacement, "40个")
    }

    func testKnownTrapsStaySilent() throws {
        let t003 = try Self.corpusFile("003_e5e4fb435980d6b6.txt")
        let shares = try XCTUnwrap(scalarOffset(of: "50%以上的税收", in: t003))
        XCTAssertTrue(CheckEndToEndTests.analyzed(t003).allSatisfy { $0.range.upperBound <= shares || $0.range.lowerBound > shares + 60 })
        // 001: 23亿元 in the headline against 23.48亿元 in the body; 两项合计 totals that add up.
        let t001 = try Self.corpusFile("001_b90c729489e23ec3.txt")
        let fs001 = CheckEndToEndTests.analyzed(t001)
        XCTAssertTrue(fs001.filter { ["sum-mismatch", "conflicting-figure"].contains($0.code) }.isEmpty, describe(fs001, t001))
    }

    func testSampleDocumentDefectsAllFire() throws {
        let path = Self.packageRoot.appendingPathComponent("samples/sample-policy-news.txt").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("sample absent") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let got = Set(Self.problems("sample", text).map { String($0.dropFirst(4)) })
        let expected: Set<String> = [
            "impossible-date [32024年]", "count-mismatch [六大行动]", "sum-mismatch [3200 亿元]",
            "ratio-mismatch [80%]", "range-order [2026—2024年]", "impossible-share [112%]",
        ]
        XCTAssertEqual(got, expected, got.sorted().joined(separator: "\n"))
    }
}

/// Real documents with one defect injected: the check must find it in its messy surroundings.
final class CheckCorpusMutationTests: XCTestCase {
    static let mutations: [(file: String, from: String, to: String, code: String, covered: String)] = [
        ("002_e9d7a20cf4f4314f.txt", "增长面达77.5%", "增长面达80.5%", "ratio-mismatch", "80.5%"),
        ("002_e9d7a20cf4f4314f.txt", "固定资产投资分别增长28.7%和39.4%", "固定资产投资分别增长27.8%和39.4%", "conflicting-figure", "28.7%"),
        ("002_e9d7a20cf4f4314f.txt", "分别增长299.7%、109.1%和76.0%", "分别增长299.7%和76.0%", "list-length-mismatch", "299.7%和76.0%"),
        ("001_b90c729489e23ec3.txt", "销3.76亿元", "销3.86亿元", "sum-mismatch", "3.86亿元"),
        ("001_b90c729489e23ec3.txt", "重点开展六\n大行动。", "重点开展七\n大行动。", "count-mismatch", "七\n大行动"),
        ("003_e5e4fb435980d6b6.txt", "增加到31.4万亿元", "增加到15.4万亿元", "direction-mismatch", "15.4万亿元"),
        ("003_e5e4fb435980d6b6.txt", "编者按：1月11日", "编者按：1月32日", "impossible-date", "1月32日"),
    ]

    func testInjectedDefectsAreFound() throws {
        for m in Self.mutations {
            let original = try CheckCorpusTests.corpusFile(m.file)
            XCTAssertTrue(original.contains(m.from), "\(m.file) no longer contains \(m.from)")
            let text = original.replacingOccurrences(of: m.from, with: m.to)
            let fs = CheckEndToEndTests.analyzed(text).filter { $0.code == m.code }
            XCTAssertEqual(fs.map { covered($0, in: text) }, [m.covered], "\(m.code): \(describe(CheckEndToEndTests.analyzed(text), text))")
        }
    }
}
