import Foundation
import PolicyAnalysis
@testable import PolicyConfiguration
import XCTest

final class JSONParserTests: XCTestCase {
    private func error(_ text: String) -> JSONSyntaxError? {
        do { _ = try JSONParser.parse(Array(text.utf8)); return nil } catch { return error }
    }

    func testParsesValuesAndKeepsNumbersAsWritten() throws {
        let (v, _) = try JSONParser.parse(Array(#"{"a": [1.50, -2e3, true, null, "x\u00e9\ud83d\ude00\n"], "b": {}}"#.utf8))
        guard case .object(let m) = v else { return XCTFail("\(v)") }
        XCTAssertEqual(m.map(\.key), ["a", "b"])
        guard case .array(let items) = m[0].value else { return XCTFail() }
        XCTAssertEqual(items.map(\.0), [.number("1.50"), .number("-2e3"), .bool(true), .null, .string("xé😀\n")])
    }

    func testSyntaxErrorsNameLineAndColumnInCharacters() {
        XCTAssertEqual(error("{\n  \"a\": 1,\n}")?.location, SourceLocation(line: 3, column: 1))
        XCTAssertEqual(error("{\n  \"a\": 1,\n}")?.message, "trailing comma before '}'")
        XCTAssertEqual(error("{\"中文\": tru}")?.location, SourceLocation(line: 1, column: 8), "columns count characters, not bytes")
        XCTAssertEqual(error("[1 2]")?.message, "unexpected '2'; expected ',' or ']'")
        XCTAssertEqual(error("{\"a\": \"open\n}")?.location.line, 1)
        XCTAssertTrue(error("{\"a\": \"open\n}")?.message.contains("line break inside a string") == true)
        XCTAssertEqual(error("// c\n{}")?.message, "comments are not allowed in JSON")
        XCTAssertEqual(error("{} x")?.location, SourceLocation(line: 1, column: 4))
        XCTAssertEqual(error("{\"a\":1,\"a\":2}")?.message, "duplicate member \"a\"")
        XCTAssertEqual(error("")?.message, "unexpected end of file; expected a value")
        XCTAssertEqual(error("01")?.message, "numbers may not have leading zeros")
        XCTAssertEqual(error("\"\\ud800\"")?.message, "lone surrogate in a \\u escape")
        XCTAssertNotNil(error(String(repeating: "[", count: 10_000)), "deep nesting is an error, not a crash")
    }

    func testByteOrderMarkIsAccepted() throws {
        XCTAssertNoThrow(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
    }
}

final class ConfigurationTests: XCTestCase {
    func testAllSettingsAreRead() throws {
        let c = try Configuration.parse(Array("""
            {
              "rules": {"sum-mismatch": "error", "undefined-alias": "off", "x": "info"},
              "disabledRules": ["year-typo"],
              "organizations": [{"canonical": "江苏省工业和信息化厅", "shortForms": ["省工信厅"], "type": "government", "parent": "江苏省人民政府"}],
              "ignoreAbbreviations": ["《方案》"],
              "locale": "en-US",
              "inlayHints": false,
              "future": 1
            }
            """.utf8))
        XCTAssertEqual(c.rules, ["sum-mismatch": .error, "undefined-alias": .off, "x": .information])
        XCTAssertEqual(c.disabledRules, ["year-typo"])
        XCTAssertEqual(c.organizations, [.init(canonical: "江苏省工业和信息化厅", shortForms: ["省工信厅"], type: .government, parent: "江苏省人民政府")])
        XCTAssertEqual(c.lexiconEntries, [LexiconEntry(canonical: "江苏省工业和信息化厅", shortForms: ["省工信厅"], type: .government, parent: "江苏省人民政府")])
        XCTAssertEqual(c.ignoreAbbreviations, ["《方案》"])
        XCTAssertEqual(c.locale, .en)
        XCTAssertFalse(c.inlayHints)
        XCTAssertEqual(c.unknownKeys, ["future"])
    }

    func testSchemaErrorsPointAtTheOffendingValue() {
        func failure(_ s: String) -> ConfigurationError? {
            do { _ = try Configuration.parse(Array(s.utf8), path: "c.json"); return nil } catch { return error }
        }
        XCTAssertEqual(failure("{\n  \"rules\": {\"a\": \"loud\"}\n}")?.description,
                       "c.json:2:18: rule \"a\": unknown severity \"loud\"; use off, error, warning, information or hint")
        XCTAssertEqual(failure("[]")?.description, "c.json:1:1: the configuration must be a JSON object, not an array")
        XCTAssertEqual(failure("{\"locale\": \"fr\"}")?.location, SourceLocation(line: 1, column: 12))
        XCTAssertEqual(failure("{\"disabledRules\": [\"a\", 3]}")?.location, SourceLocation(line: 1, column: 25))
        XCTAssertEqual(failure("{\"organizations\": [{\"shortForms\": []}]}")?.message, "an organization needs a \"canonical\" name")
        XCTAssertEqual(failure("{\"organizations\": [{\"canonical\": \"X\", \"type\": \"club\"}]}")?.location, SourceLocation(line: 1, column: 47))
        XCTAssertEqual(failure("{\"inlayHints\": \"yes\"}")?.message, "\"inlayHints\" must be true or false, not a string")
    }

    func testApplyingSeveritiesDisabledRulesLocaleAndIgnoredAbbreviations() {
        var c = Configuration()
        c.rules = ["a": .error, "b": .off]
        c.disabledRules = ["c"]
        c.ignoreAbbreviations = ["方案"]
        c.locale = .en
        let text = Array("《方案》和《规划》".unicodeScalars)
        let findings = [
            Finding(code: "a", severity: .hint, range: 5..<9, message: "中", messageEnglish: "en"),
            Finding(code: "b", severity: .error, range: 5..<9, message: "中", messageEnglish: "en"),
            Finding(code: "c", severity: .error, range: 5..<9, message: "中", messageEnglish: "en"),
            Finding(code: "d", severity: .warning, range: 0..<4, message: "中", messageEnglish: "en"),
            Finding(code: "e", severity: .warning, range: 5..<9, message: "中", messageEnglish: ""),
        ]
        let out = c.apply(to: findings, text: text)
        XCTAssertEqual(out.map(\.code), ["a", "e"], "b off, c disabled, d on an ignored abbreviation")
        XCTAssertEqual(out.map(\.severity), [.error, .warning])
        XCTAssertEqual(out.map(\.message), ["en", "中"], "English where there is one")
    }

    func testIgnoredAbbreviationsDropAliasesAndRenumberPolicies() {
        var c = Configuration()
        c.ignoreAbbreviations = ["《方案》"]
        var m = DocumentModel()
        m.aliases = [AliasDefinition(alias: "方案", definitionRange: 0..<4, fullTitle: "A", fullTitleRange: nil, articleIndex: nil),
                     AliasDefinition(alias: "规划", definitionRange: 5..<9, fullTitle: "B", fullTitleRange: nil, articleIndex: nil)]
        m.policies = [PolicyMention(title: "方案", range: 0..<4, aliasIndex: 0), PolicyMention(title: "规划", range: 5..<9, aliasIndex: 1)]
        let out = c.apply(to: m, text: Array("《方案》和《规划》".unicodeScalars))
        XCTAssertEqual(out.aliases.map(\.alias), ["规划"])
        XCTAssertEqual(out.policies.map(\.aliasIndex), [nil, 0])
    }

    func testDiscoveryWalksUpFromTheWorkingDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try Data(#"{"locale": "en"}"#.utf8).write(to: root.appendingPathComponent("a/.policy-lsp.json"))
        XCTAssertEqual(Configuration.discover(from: deep.path), root.appendingPathComponent("a/.policy-lsp.json").path)
        XCTAssertEqual(try Configuration.resolve(explicit: nil, from: deep.path).locale, .en)
        try Data(#"{"locale": "zh"}"#.utf8).write(to: root.appendingPathComponent("a/b/.policy-lsp.json"))
        XCTAssertEqual(try Configuration.resolve(explicit: nil, from: deep.path).locale, .zh, "the nearest file wins")
        let other = root.appendingPathComponent("other.json")
        try Data(#"{"locale": "en"}"#.utf8).write(to: other)
        XCTAssertEqual(try Configuration.resolve(explicit: other.path, from: deep.path).source, other.path)
        XCTAssertThrowsError(try Configuration.load(path: root.appendingPathComponent("none.json").path))
    }
}
