import Foundation
import PolicyAnalysis
@testable import PolicyBatch
import XCTest

/// A text with every kind of entity at known places, and a model that marks them.
private let sampleText = "工信部称：2023年营收😀1697.2亿元，增长16.6%。\n《十四五\n规划》（以下简称《规划》）推进“东数西算”工程。《规划》<b>&\"x\"</b>"

private func scalarRange(_ needle: String, in text: String, occurrence: Int = 0) -> Range<Int> {
    let s = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
    var found = 0
    for i in 0...(s.count - n.count) where Array(s[i..<(i + n.count)]) == n {
        if found == occurrence { return i..<(i + n.count) }
        found += 1
    }
    preconditionFailure("\(needle) not in text")
}

private let sampleAnalyzer: Analyzer = { _ in
    let t = sampleText
    var m = DocumentModel()
    let full = scalarRange("《十四五\n规划》", in: t)
    let def = scalarRange("《规划》", in: t, occurrence: 0)
    let use = scalarRange("《规划》", in: t, occurrence: 1)
    m.aliases = [AliasDefinition(alias: "规划", definitionRange: def, fullTitle: "十四五规划", fullTitleRange: full, articleIndex: 0, uses: [use])]
    m.policies = [
        PolicyMention(title: "十四五规划", range: full, kind: .plan, issuer: "工业和信息化部", date: nil),
        PolicyMention(title: "规划", range: def, kind: .plan, aliasIndex: 0),
        PolicyMention(title: "规划", range: use, kind: .plan, aliasIndex: 0),
    ]
    m.programmes = [ProgrammeMention(name: "东数西算", range: scalarRange("“东数西算”工程", in: t))]
    m.figures = [
        Figure(text: "1697.2亿元", range: scalarRange("1697.2亿元", in: t), value: Decimal(string: "169720000000")!, unit: "元",
               shape: .amount, statedDecimals: 1, scale: Decimal(string: "100000000")!, metric: "营收", timeContext: "2023年"),
        Figure(text: "16.6%", range: scalarRange("16.6%", in: t), value: Decimal(string: "16.6")!, unit: "%", shape: .percentage,
               qualifier: .over, statedDecimals: 1, metric: "增长"),
    ]
    m.dates = [DateMention(text: "2023年", range: scalarRange("2023年", in: t), year: 2023, normalized: "2023")]
    m.organizations = [OrganizationMention(text: "工信部", range: scalarRange("工信部", in: t), canonical: "工业和信息化部", type: .government)]
    m.findings = [Finding(code: "sum-mismatch", severity: .warning, range: scalarRange("16.6%", in: t),
                          message: "合计<不符>", messageEnglish: "total does not match")]
    m.structure = DocumentStructure(articles: [Article(headline: "标题", headlineRange: 0..<3, range: 0..<Array(t.unicodeScalars).count,
                                                       sections: [Section(title: "节", titleRange: 0..<1, range: 0..<5, level: 2)])])
    return m
}

final class AnnotateTests: XCTestCase {
    private func annotate(_ args: [String], files: [String] = ["doc.txt"]) throws -> (code: Int32, stdout: String, stderr: String) {
        let dir = try TempDir()
        for f in files { try dir.write(f, sampleText) }
        return runCommand(runAnnotate, args + files, in: dir.path, analyzer: sampleAnalyzer)
    }

    func testJSONForOneFileIsOneObjectWithEntitiesInTextOrderAndTheOutline() throws {
        let r = try annotate(["--format", "json"])
        XCTAssertEqual(r.code, 0, r.stderr)
        let root = try XCTUnwrap(try jsonObject(r.stdout) as? [String: Any])
        XCTAssertEqual(root["file"] as? String, "doc.txt")
        let entities = try XCTUnwrap(root["entities"] as? [[String: Any]])
        XCTAssertEqual(entities.map { $0["kind"] as? String },
                       ["organization", "date", "figure", "figure", "policy", "policy", "alias", "programme", "policy", "alias"])
        let amount = entities[2]
        XCTAssertEqual(amount["text"] as? String, "1697.2亿元")
        XCTAssertEqual(amount["value"] as? String, "169720000000")
        XCTAssertEqual(amount["unit"] as? String, "元")
        XCTAssertEqual(amount["metric"] as? String, "营收")
        XCTAssertEqual(amount["period"] as? String, "2023年")
        let percent = entities[3]
        XCTAssertEqual(percent["value"] as? String, "16.6")
        XCTAssertEqual(percent["unit"] as? String, "%")
        XCTAssertEqual(percent["qualifier"] as? String, "超过")
        let title = entities[4]
        XCTAssertEqual(title["text"] as? String, "《十四五\n规划》", "text is the source, line break included")
        XCTAssertEqual(title["issuer"] as? String, "工业和信息化部")
        let alias = entities[5]
        XCTAssertEqual(alias["canonical"] as? String, "十四五规划")
        XCTAssertNotNil(alias["definition"] as? [String: Any])
        XCTAssertEqual(entities[0]["canonical"] as? String, "工业和信息化部")
        let outline = try XCTUnwrap(root["outline"] as? [[String: Any]])
        XCTAssertEqual(outline.first?["headline"] as? String, "标题")
        XCTAssertEqual((outline.first?["sections"] as? [[String: Any]])?.first?["title"] as? String, "节")
    }

    func testPositionsFollowTheRequestedEncoding() throws {
        // 1697.2亿元 sits after "工信部称：2023年营收😀"; the emoji is 2 UTF-16 units and 4 UTF-8 bytes.
        let prefix = "工信部称：2023年营收😀"
        for (encoding, expected) in [("utf-16", prefix.utf16.count), ("utf-8", prefix.utf8.count), ("utf-32", prefix.unicodeScalars.count)] {
            let r = try annotate(["--format", "jsonl", "--position-encoding", encoding])
            let records = try r.stdout.split(separator: "\n").map { try XCTUnwrap(try jsonObject(String($0)) as? [String: Any]) }
            let figure = try XCTUnwrap(records.first { $0["text"] as? String == "1697.2亿元" })
            let start = try XCTUnwrap((figure["range"] as? [String: Any])?["start"] as? [String: Any])
            XCTAssertEqual(start["line"] as? Int, 0)
            XCTAssertEqual(start["character"] as? Int, expected, encoding)
        }
        // The title spans a line break: it ends on line 2 (zero-based 2) after "规划》".
        let r = try annotate(["--format", "jsonl"])
        let title = try XCTUnwrap(r.stdout.split(separator: "\n").map { try jsonObject(String($0)) as? [String: Any] }
            .first { $0?["title"] as? String == "十四五规划" } ?? nil)
        let end = try XCTUnwrap((title["range"] as? [String: Any])?["end"] as? [String: Any])
        XCTAssertEqual(end["line"] as? Int, 2)
        XCTAssertEqual(end["character"] as? Int, 3)
    }

    func testJSONLinesHasOneRecordPerEntityWithTheFile() throws {
        let r = try annotate(["--format", "jsonl"], files: ["a.txt", "b.txt"])
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 20)
        for line in lines {
            let o = try XCTUnwrap(try jsonObject(String(line)) as? [String: Any])
            XCTAssertNotNil(o["file"] as? String)
        }
        XCTAssertTrue(lines.first?.contains("\"file\":\"a.txt\"") == true)
        XCTAssertTrue(lines.last?.contains("\"file\":\"b.txt\"") == true)
    }

    func testSeveralFilesGiveAnArray() throws {
        let r = try annotate([], files: ["a.txt", "b.txt"])
        let array = try XCTUnwrap(try jsonObject(r.stdout) as? [[String: Any]])
        XCTAssertEqual(array.map { $0["file"] as? String }, ["a.txt", "b.txt"])
    }

    func testCSVQuotesFieldsPerRFC4180() throws {
        let r = try annotate(["--format", "csv"])
        XCTAssertTrue(r.stdout.hasPrefix("file,kind,text,startLine,startCharacter,endLine,endCharacter,value,unit,qualifier,metric,canonical,issuer,period,definition\r\n"))
        XCTAssertTrue(r.stdout.contains("doc.txt,policy,\"《十四五\n规划》\",1,0,2,3,,,,,,工业和信息化部,,\r\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("doc.txt,figure,1697.2亿元,0,14,0,22,169720000000,元,,营收,,,2023年,\r\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("doc.txt,programme,“东数西算”工程,"), r.stdout)
        // Every record parses back to the header's field count with Python's csv module semantics: check quotes pair up.
        XCTAssertEqual(r.stdout.filter { $0 == "\"" }.count % 2, 0)
    }

    func testDecimalStringsHaveNoExponentOrFloatNoise() {
        XCTAssertEqual(decimalString(Decimal(string: "1697.2")! * Decimal(string: "100000000")!), "169720000000")
        XCTAssertEqual(decimalString(Decimal(string: "0.1")! + Decimal(string: "0.2")!), "0.3")
        XCTAssertEqual(decimalString(Decimal(string: "1e30")!), "1000000000000000000000000000000")
        XCTAssertEqual(decimalString(Decimal(string: "0.000015")!), "0.000015")
    }
}

final class ReportTests: XCTestCase {
    func testReportIsSelfContainedEscapedAndHighlightsEveryKind() throws {
        let dir = try TempDir()
        try dir.write("a <doc>.txt", sampleText)
        try dir.write("b.txt", sampleText)
        let r = runCommand(runReport, ["a <doc>.txt", "b.txt", "-o", "out/report.html"], in: dir.path, analyzer: sampleAnalyzer)
        XCTAssertEqual(r.code, 2, "out/ does not exist yet")
        try dir.mkdir("out")
        let ok = runCommand(runReport, ["a <doc>.txt", "b.txt", "-o", "out/report.html", "--title", "T&C"], in: dir.path, analyzer: sampleAnalyzer)
        XCTAssertEqual(ok.code, 0, ok.stderr)
        let html = try String(contentsOfFile: dir.path + "/out/report.html", encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>T&amp;C</title>"))
        XCTAssertFalse(html.contains("<b>"), "document text is escaped")
        XCTAssertTrue(html.contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"))
        XCTAssertTrue(html.contains("a &lt;doc&gt;.txt"))
        XCTAssertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script") || html.contains("<link"),
                       "no network, no external assets")
        for cls in ["hl-policy", "hl-figure", "hl-org", "hl-date"] {
            XCTAssertTrue(html.contains("<span class=\"\(cls)\""), cls)
        }
        // The finding overlaps a figure: one span carries both classes and both hover texts.
        XCTAssertTrue(html.contains("<span class=\"hl-figure diag diag-warning\" title=\"数字 figure: 16.6 %"), html)
        XCTAssertTrue(html.contains("warning: 合计&lt;不符&gt; [sum-mismatch]"))
        // Index: the full title and its abbreviation uses gather under one entry with links to anchors.
        XCTAssertTrue(html.contains("《十四五规划》</span> <a href=\"#doc1-p1\""), html)
        XCTAssertTrue(html.contains("id=\"doc1-p1\""))
        XCTAssertTrue(html.contains("id=\"doc2-p3\""))
        XCTAssertTrue(html.contains("6 mentions"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/out/.report.html.\(getpid()).part"), "scratch removed")
        // Balanced tags: every <span opened inside the text is closed.
        XCTAssertEqual(html.components(separatedBy: "<span").count, html.components(separatedBy: "</span>").count)
    }

    func testReportNeedsAnOutputFile() throws {
        let dir = try TempDir()
        try dir.write("a.txt", "x")
        XCTAssertEqual(runCommand(runReport, ["a.txt"], in: dir.path).code, 2)
    }
}
