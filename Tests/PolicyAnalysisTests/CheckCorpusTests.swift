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
