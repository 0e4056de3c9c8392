import XCTest
@testable import PolicyAnalysis

/// False-alarm audit on text nobody here wrote: 14,409 news sentences (CLUENER2020 dev + train,
/// People's Daily 1998 dev), one per line. They hold many figures, dates and 分别 lists and no
/// known inconsistency, so every warning here would be a false alarm.
final class CheckExternalTextTests: XCTestCase {
    func testNewsSentencesRaiseNoConsistencyFindings() throws {
        let roots = [CheckCorpusTests.packageRoot.appendingPathComponent("../shared/external").path, "/work/shared/external"]
        guard let root = roots.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("shared external data absent")
        }
        var sentences = 0
        var report: [String] = []
        for file in ["cluener2020-dev.jsonl", "peoples-daily-1998-dev.jsonl", "train/cluener2020-train.jsonl"] {
            guard let data = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
            var texts: [String] = []
            for line in data.split(separator: "\n") {
                if let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let t = obj["text"] as? String { texts.append(t) }
            }
            sentences += texts.count
            let joined = texts.joined(separator: "\n")
            report += CheckEndToEndTests.analyzed(joined).map { "\(file) \($0.code) [\(covered($0, in: joined))] \($0.message)" }
        }
        guard sentences > 0 else { throw XCTSkip("no sentences read") }
        XCTAssertEqual(report, [], report.joined(separator: "\n"))
    }
}
