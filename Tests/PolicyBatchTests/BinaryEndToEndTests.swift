import Foundation
import XCTest

/// The built executable: exit codes, streams kept apart (machine formats keep stdout pure JSON).
final class BinaryEndToEndTests: XCTestCase {
    func testCheckAnnotateAndReportThroughTheRealBinary() throws {
        let exe = try policyLSPExecutable().path
        let dir = try TempDir()
        try dir.write("clean.txt", "江苏省工业和信息化厅发布通知。\n")
        try dir.write("broken.txt", "关于印发《行动计划的通知。\n")
        try dir.write("bad.txt", Data([0x41, 0xFF]))
        let clean = try runProcess(exe, ["check", "clean.txt"], directory: dir.path)
        XCTAssertEqual(clean.code, 0, clean.stdout + clean.stderr)
        XCTAssertEqual(clean.stdout, "1 files, 0 warnings, 0 errors\n")

        let usage = try runProcess(exe, ["check", "--format", "yaml", "clean.txt"], directory: dir.path)
        XCTAssertEqual(usage.code, 2)
        XCTAssertTrue(usage.stderr.contains("--format"), usage.stderr)

        let bad = try runProcess(exe, ["check", "--format", "sarif", "clean.txt", "bad.txt"], directory: dir.path)
        XCTAssertEqual(bad.code, 2)
        XCTAssertNoThrow(try jsonObject(bad.stdout), "stdout stays one JSON document: \(bad.stdout)")
        XCTAssertTrue(bad.stderr.contains("bad.txt: error: invalid UTF-8 at byte 1"), bad.stderr)

        let annotate = try runProcess(exe, ["annotate", "--format", "jsonl", "clean.txt", "broken.txt"], directory: dir.path)
        XCTAssertEqual(annotate.code, 0, annotate.stderr)
        for line in annotate.stdout.split(separator: "\n") { XCTAssertNoThrow(try jsonObject(String(line)), String(line)) }

        let report = try runProcess(exe, ["report", ".", "-o", "r.html"], directory: dir.path)
        XCTAssertEqual(report.code, 2, "bad.txt is an input error, the report is still written")
        let html = try String(contentsOfFile: dir.path + "/r.html", encoding: .utf8)
        XCTAssertTrue(html.contains("invalid UTF-8 at byte 1"), "skipped inputs are listed in the report")
        XCTAssertTrue(html.contains("<section class=\"document\" id=\"doc2\""))

        let help = try runProcess(exe, ["--help"])
        for word in ["check", "annotate", "report", "--fail-on", "--position-encoding", "--config"] {
            XCTAssertTrue(help.stdout.contains(word), word)
        }
    }
}
