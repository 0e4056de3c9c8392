import XCTest
@testable import PolicyAnalysis

/// The hand-written reader that replaced JSONDecoder for the bundled organization lexicon.
final class LexiconJSONTests: XCTestCase {
    func testReadsObjectsArraysStringsAndEscapes() throws {
        let text = #"{"a": ["x", "工信部", null, 1.5e3, true, false], "b": {"c": "q\"\\\/\n\u00e9\ud83d\ude00"}}"#
        let v = try LexiconJSON.parse(Array(text.utf8))
        XCTAssertThrowsError(try v.optionalStrings("a"), "mixed arrays are not string arrays")
        guard case .array(let items)? = v.member("a") else { return XCTFail("a is an array") }
        XCTAssertEqual(items.count, 6)
        guard case .string(let s)? = items.dropFirst().first else { return XCTFail("second item is a string") }
        XCTAssertEqual(s, "工信部")
        XCTAssertEqual(try v.member("b")?.optionalString("c"), "q\"\\/\né😀")
    }

    func testMalformedInputThrows() {
        for bad in ["", "{", #"{"a" 1}"#, #"{"a": [1,]}"#, #"{"a": "x"} x"#, #"{"a": "\q"}"#, #"{"a": tru}"#,
                    String(repeating: "[", count: 100) + String(repeating: "]", count: 100)] {
            XCTAssertThrowsError(try LexiconJSON.parse(Array(bad.utf8)), bad)
        }
    }

    func testTypeMismatchesThrowLikeTheDecoder() throws {
        let v = try LexiconJSON.parse(Array(#"{"name": 3, "short": "x", "none": null}"#.utf8))
        XCTAssertThrowsError(try v.requiredString("name"))
        XCTAssertThrowsError(try v.optionalStrings("short"))
        XCTAssertNil(try v.optionalString("none"))
        XCTAssertThrowsError(try v.requiredString("missing"))
    }

    func testBundledLexiconLoads() {
        let lexicon = OrganizationLexicon.bundled
        XCTAssertGreaterThan(lexicon.entries.count, 100)
    }
}
