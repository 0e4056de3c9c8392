import Foundation
import PolicyAnalysis
@testable import PolicyBatch
import XCTest

final class CheckCommandTests: XCTestCase {
    func testTextOutputIsCompilerStyleSortedPerFileInInputOrderWithSummary() throws {
        let dir = try TempDir()
        try dir.write("b.txt", "第一行\n中文WARN和ERR\n")
        try dir.write("a.txt", "INFO\n")
        try dir.write("sub/c.md", "nothing here\n")
        try dir.write("ignored.pdf", "ERR")
        let r = runCommand(runCheck, ["b.txt", "."], in: dir.path)
        // b.txt named first; then the folder walk: ./a.txt, ./b.txt (again), ./sub/c.md.
        XCTAssertEqual(r.stdout, """
            b.txt:2:3: warning: 发现WARN [fake-warning]
            b.txt:2:8: error: 发现ERR [fake-error]
            ./a.txt:1:1: info: 发现INFO [fake-info]
            ./b.txt:2:3: warning: 发现WARN [fake-warning]
            ./b.txt:2:8: error: 发现ERR [fake-error]
            4 files, 2 warnings, 2 errors

            """)
        XCTAssertEqual(r.code, 1)
    }

    func testColumnsCountCharactersNotBytesOrUTF16Units() throws {
        let dir = try TempDir()
        // 𝒳 is one character, two UTF-16 units, four UTF-8 bytes.
        try dir.write("x.txt", "𝒳中ERR")
        let r = runCommand(runCheck, ["x.txt"], in: dir.path)
        XCTAssertTrue(r.stdout.hasPrefix("x.txt:1:3: error:"), r.stdout)
    }

    func testExitCodesFollowFailOn() throws {
        let dir = try TempDir()
        try dir.write("clean.txt", "没有问题")
        try dir.write("warn.txt", "WARN")
        try dir.write("info.txt", "INFO HINT")
        XCTAssertEqual(runCommand(runCheck, ["clean.txt"], in: dir.path).code, 0)
        XCTAssertEqual(runCommand(runCheck, ["warn.txt"], in: dir.path).code, 1)
        XCTAssertEqual(runCommand(runCheck, ["--fail-on", "error", "warn.txt"], in: dir.path).code, 0)
        XCTAssertEqual(runCommand(runCheck, ["info.txt"], in: dir.path).code, 0, "info is below the default warning")
        XCTAssertEqual(runCommand(runCheck, ["--fail-on=info", "info.txt"], in: dir.path).code, 1)
        XCTAssertEqual(runCommand(runCheck, ["--fail-on", "fatal", "warn.txt"], in: dir.path).code, 2)
        XCTAssertEqual(runCommand(runCheck, ["--bogus", "warn.txt"], in: dir.path).code, 2)
        XCTAssertEqual(runCommand(runCheck, [], in: dir.path).code, 2)
        XCTAssertEqual(runCommand(runCheck, ["--format", "xml", "warn.txt"], in: dir.path).code, 2)
        let missing = runCommand(runCheck, ["clean.txt", "nope.txt"], in: dir.path)
        XCTAssertEqual(missing.code, 2)
        XCTAssertEqual(missing.stderr, "policy-lsp: check: nope.txt: no such file or directory\n")
        XCTAssertEqual(missing.stdout, "", "a missing argument is a usage error: nothing is checked")
    }

    func testJSONFormatListsFilesDiagnosticsProblemsAndSummary() throws {
        let dir = try TempDir()
        try dir.write("a.txt", "WARN\n")
        try dir.write("bad.txt", Data([0x41, 0xFF, 0x42]))
        let r = runCommand(runCheck, ["--format", "json", "a.txt", "bad.txt"], in: dir.path)
        let root = try XCTUnwrap(try jsonObject(r.stdout) as? [String: Any])
        let files = try XCTUnwrap(root["files"] as? [[String: Any]])
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(files[0]["file"] as? String, "a.txt")
        let d = try XCTUnwrap((files[0]["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["line"] as? Int, 1)
        XCTAssertEqual(d["column"] as? Int, 1)
        XCTAssertEqual(d["endColumn"] as? Int, 5)
        XCTAssertEqual(d["severity"] as? String, "warning")
        XCTAssertEqual(d["code"] as? String, "fake-warning")
        let problems = try XCTUnwrap(root["problems"] as? [[String: Any]])
        XCTAssertEqual(problems.first?["file"] as? String, "bad.txt")
        XCTAssertTrue((problems.first?["message"] as? String ?? "").contains("byte 1"))
        let summary = try XCTUnwrap(root["summary"] as? [String: Any])
        XCTAssertEqual(summary["warnings"] as? Int, 1)
        XCTAssertEqual(summary["exitCode"] as? Int, 2)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("1 files, 1 warnings, 0 errors"), "summary goes to stderr for machine formats")
    }

    func testSARIFIsValidAgainstTheSchemaAndCarriesRulesAndRegions() throws {
        let dir = try TempDir()
        try dir.write("docs/政策 一.txt", "第一行\n《规划》ERR\nWARN WARN")
        try dir.write("docs/b.txt", "clean")
        let r = runCommand(runCheck, ["--format", "sarif", "docs"], in: dir.path)
        XCTAssertEqual(r.code, 1)
        try validate(json: r.stdout, schema: "sarif-2.1.0-focused.schema.json")
        let root = try XCTUnwrap(try jsonObject(r.stdout) as? [String: Any])
        XCTAssertEqual(root["version"] as? String, "2.1.0")
        let run0 = try XCTUnwrap((root["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run0["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, ["fake-error", "fake-warning"], "each rule once, in first-seen order")
        let results = try XCTUnwrap(run0["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 3)
        let first = results[0]
        XCTAssertEqual(first["ruleId"] as? String, "fake-error")
        XCTAssertEqual(first["ruleIndex"] as? Int, 0)
        XCTAssertEqual(first["level"] as? String, "error")
        let loc = try XCTUnwrap(((first["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        let artifact = try XCTUnwrap(loc["artifactLocation"] as? [String: Any])
        XCTAssertEqual(artifact["uri"] as? String, "docs/%E6%94%BF%E7%AD%96%20%E4%B8%80.txt", "URIs are percent-encoded")
        XCTAssertEqual(artifact["uriBaseId"] as? String, "SRCROOT")
        let region = try XCTUnwrap(loc["region"] as? [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 2)
        XCTAssertEqual(region["startColumn"] as? Int, 5)
        XCTAssertEqual(region["endLine"] as? Int, 2)
        XCTAssertEqual(region["endColumn"] as? Int, 8)
    }

    func testSARIFRecordsSkippedInputsAsNotifications() throws {
        let dir = try TempDir()
        try dir.write("bin.txt", Data([0x00, 0x01, 0x02]))
        let r = runCommand(runCheck, ["--format", "sarif", "bin.txt"], in: dir.path)
        XCTAssertEqual(r.code, 0, "a binary file is skipped with a note, not an error")
        try validate(json: r.stdout, schema: "sarif-2.1.0-focused.schema.json")
        XCTAssertTrue(r.stdout.contains("toolExecutionNotifications"))
        XCTAssertTrue(r.stdout.contains("\"executionSuccessful\":true"))
    }

    func testRDJSONIsValidAndCountsColumnsInUTF8Bytes() throws {
        let dir = try TempDir()
        try dir.write("a.txt", "中文WARN")
        let r = runCommand(runCheck, ["--format", "rdjson", "a.txt"], in: dir.path)
        try validate(json: r.stdout, schema: "rdjson.schema.json")
        let root = try XCTUnwrap(try jsonObject(r.stdout) as? [String: Any])
        let d = try XCTUnwrap((root["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(d["severity"] as? String, "WARNING")
        XCTAssertEqual((d["code"] as? [String: Any])?["value"] as? String, "fake-warning")
        let range = try XCTUnwrap((d["location"] as? [String: Any])?["range"] as? [String: Any])
        XCTAssertEqual((range["start"] as? [String: Any])?["column"] as? Int, 7, "two 3-byte characters before it")
        XCTAssertEqual((range["end"] as? [String: Any])?["column"] as? Int, 11)
    }

    func testConfigurationChangesSeveritiesDisablesRulesAndPicksTheLocale() throws {
        let dir = try TempDir()
        try dir.write(".policy-lsp.json", """
            {"rules": {"fake-warning": "error", "fake-info": "off"}, "disabledRules": ["fake-hint"], "locale": "en"}
            """)
        try dir.write("sub/a.txt", "WARN INFO HINT")
        let r = runCommand(runCheck, ["a.txt"], in: dir.path + "/sub")
        XCTAssertEqual(r.stdout, "a.txt:1:1: error: found WARN [fake-warning]\n1 files, 0 warnings, 1 errors\n")
        XCTAssertEqual(r.code, 1)
        let zh = runCommand(runCheck, ["--locale", "zh", "a.txt"], in: dir.path + "/sub")
        XCTAssertTrue(zh.stdout.contains("发现WARN"), zh.stdout)
    }

    func testExplicitConfigWinsAndAMalformedOneIsAUsageErrorWithLineAndColumn() throws {
        let dir = try TempDir()
        try dir.write("a.txt", "WARN")
        try dir.write("quiet.json", #"{"rules": {"fake-warning": "off"}}"#)
        try dir.write("broken.json", "{\n  \"rules\": {\n    \"fake-warning\": \"off\",\n  }\n}\n")
        XCTAssertEqual(runCommand(runCheck, ["--config", "quiet.json", "a.txt"], in: dir.path).code, 0)
        let bad = runCommand(runCheck, ["--config", "broken.json", "a.txt"], in: dir.path)
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.contains("broken.json:4:3: trailing comma before '}'"), bad.stderr)
        XCTAssertEqual(bad.stdout, "", "nothing is checked with a broken configuration")
        let missing = runCommand(runCheck, ["--config", "absent.json", "a.txt"], in: dir.path)
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stderr.contains("absent.json"), missing.stderr)
    }

    func testBadInputsAreReportedAndTheRunGoesOn() throws {
        let dir = try TempDir()
        try dir.write("1-good.txt", "WARN")
        try dir.write("2-invalid.txt", Data("好".utf8) + Data([0xE4, 0xB8]) + Data("x".utf8))
        try dir.write("3-binary.txt", Data("PK".utf8) + Data([0, 0, 0]))
        try dir.write("4-big.txt", String(repeating: "长", count: 400))
        try dir.symlink("5-dangling.txt", to: dir.path + "/missing-target")
        try dir.write("6-last.txt", "ERR")
        let r = runCommand(runCheck, ["--max-size", "1K", "."], in: dir.path)
        XCTAssertTrue(r.stderr.contains("2-invalid.txt: error: invalid UTF-8 at byte 3"), r.stderr)
        XCTAssertTrue(r.stderr.contains("3-binary.txt: note: binary file"), r.stderr)
        XCTAssertTrue(r.stderr.contains("4-big.txt: error: larger than the size limit of 1024 bytes"), r.stderr)
        XCTAssertTrue(r.stderr.contains("5-dangling.txt: error: broken symbolic link"), r.stderr)
        XCTAssertTrue(r.stdout.contains("./6-last.txt:1:1: error"), "files after the bad ones are still checked")
        XCTAssertTrue(r.stdout.hasSuffix("2 files, 1 warnings, 1 errors (3 skipped)\n"), r.stdout)
        XCTAssertEqual(r.code, 2)
    }

    func testFilesFromReadsOnePathPerLine() throws {
        let dir = try TempDir()
        try dir.write("a.txt", "WARN")
        try dir.write("b.txt", "ERR")
        try dir.write("shard.lst", "b.txt\n\na.txt\n")
        let r = runCommand(runCheck, ["--files-from", "shard.lst"], in: dir.path)
        XCTAssertEqual(r.stdout, "b.txt:1:1: error: 发现ERR [fake-error]\na.txt:1:1: warning: 发现WARN [fake-warning]\n2 files, 1 warnings, 1 errors\n")
        XCTAssertEqual(runCommand(runCheck, ["--files-from", "none.lst"], in: dir.path).code, 2)
    }

    func testUnreadableFileIsAnInputError() throws {
        let dir = try TempDir()
        let path = try dir.write("locked.txt", "WARN")
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        // Root reads anything; /proc/self/mem is a regular file whose read fails even for root.
        let target = FileManager.default.isReadableFile(atPath: path) ? "/proc/self/mem" : "locked.txt"
        if target.hasPrefix("/proc"), !FileManager.default.fileExists(atPath: target) { throw XCTSkip("running as root without /proc") }
        let r = runCommand(runCheck, [target, "--include", "*"], in: dir.path)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("\(target): error: cannot read"), r.stderr)
    }

    func testTwoThousandFilesStreamInOrder() throws {
        let dir = try TempDir()
        for i in 0..<2000 {
            try dir.write(String(format: "corpus/%02d/f%04d.txt", i / 100, i), i % 500 == 0 ? "第\(i)号 WARN" : "第\(i)号文件，内容正常。")
        }
        let r = runCommand(runCheck, ["corpus"], in: dir.path)
        XCTAssertTrue(r.stdout.hasSuffix("2000 files, 4 warnings, 0 errors\n"), String(r.stdout.suffix(200)))
        let lines = r.stdout.split(separator: "\n").dropLast().map(String.init)
        XCTAssertEqual(lines, [0, 500, 1000, 1500].map { i in
            String(format: "corpus/%02d/f%04d.txt", i / 100, i) + ":1:\("第\(i)号 ".count + 1): warning: 发现WARN [fake-warning]"
        })
    }

    func testRealAnalyzerOnTheCorpusProducesCompilerStyleLines() throws {
        let corpus = ["../shared/corpus", "/work/shared/corpus"].map { packageRoot().appendingPathComponent($0).standardizedFileURL.path }
            .first { FileManager.default.fileExists(atPath: $0 + "/000_f380c44fdf15ab1d.txt") }
            ?? (FileManager.default.fileExists(atPath: "/work/shared/corpus/000_f380c44fdf15ab1d.txt") ? "/work/shared/corpus" : nil)
        guard let corpus else { throw XCTSkip("corpus absent") }
        let r = runCommand(runCheck, ["--include", "*.txt", corpus, "--fail-on", "error"], in: corpus, analyzer: defaultAnalyzer)
        XCTAssertTrue(r.stdout.hasSuffix("4 files, \(r.stdout.components(separatedBy: ": warning: ").count - 1) warnings, \(r.stdout.components(separatedBy: ": error: ").count - 1) errors\n"), r.stdout)
        for line in r.stdout.split(separator: "\n").dropLast() {
            let parts = line.split(separator: ":", maxSplits: 3)
            XCTAssertEqual(parts.count, 4, String(line))
            XCTAssertNotNil(Int(parts[1]), String(line))
            XCTAssertNotNil(Int(parts[2]), String(line))
            XCTAssertTrue(line.hasSuffix("]"), String(line))
        }
    }
}
