import Foundation
import XCTest
@testable import JSONRPC
import TestSupport

/// The direct JSON path (parser, writer, streaming encoder, tree decoder) against Foundation's coders,
/// which the server used before: same values accepted, same values rejected, same text.
final class JSONCodingTests: XCTestCase {
    /// What the server did before: JSONDecoder into `JSONValue`'s Decodable init.
    private func foundationParse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    private func directParse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONValue(parsing: bytes)
    }

    private func assertSameParse(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let expected = foundationParse(bytes)
        let actual = directParse(bytes)
        XCTAssertEqual(actual, expected, "input \(String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription) \(bytes.prefix(16))",
                       file: file, line: line)
    }

    func testParsesWhatJSONDecoderParses() {
        let texts = [
            "1", "-1", "0", "-0", "-0.0", "1.0", "1e2", "1E2", "-1.25e+3", "100e-2", "1.5", "2.50", "0.1", "1e-400", "1E400",
            "12345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "0.30000000000000004", "5e-324", "1.7976931348623157e308", "123456789012345678901234567890.0",
            "01", "-", ".5", "+1", "NaN", "Infinity", "1.", "1e", "1e+", "-01", "00", "0x10",
            "true", "false", "null", "nul", "tru", "true false", "", " ", "\t\n\r 2 ", "\u{0B}2",
            "[]", "{}", "[1,]", "{\"a\":1,}", "[,]", "[,1]", "{,}", "[1,,2]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "[", "{", "]",
            "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":[1,{\"c\":null}]},\"d\":\"e\"}",
            "\"\"", "\"abc\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"\\uD83D\\uDE00\"", "\"\\u00e9\"", "\"\\u0000\"",
            "\"\\/\"", "\"\\x\"", "\"\\u00\"", "\"\\u00zz\"", "\"a\tb\"", "\"a\u{7F}b\"", "\"é𠀀文\"", "{\"\\u0061\":1}", "\"unterminated",
            "\"\\\"\\\\\\b\\f\\n\\r\\t\"", "\"\\", "\"\\u",
            String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
            String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300),
        ]
        for t in texts { assertSameParse(Array(t.utf8)) }
        let raw: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF, 0x31], [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0x80, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE0, 0x80, 0x80, 0x22], [0x22, 0xF0, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], [0x22, 0xEE, 0x80, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xE6, 0x96, 0x87, 0x22],
            [0x22, 0x5C, 0x6E, 0xE6, 0x96, 0x22],
        ]
        for b in raw { assertSameParse(b) }
    }

    /// Random JSON texts and random damage to them: the two parsers agree on every one.
    func testAgreesWithJSONDecoderOnRandomAndDamagedInput() throws {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet: [UInt8] = Array("{}[]:,\"\\/0123456789-+.eEtrufalsn \t\r\nu\u{7F}ab".utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xE6, 0x96, 0x87, 0xED, 0xA0, 0xFF]
        for _ in 0..<1000 {
            let value = randomValue(&rng, depth: 0)
            var bytes = Array(try JSONCoding.encoder.encode(value))
            assertSameParse(bytes)
            XCTAssertEqual(directParse(bytes), value)
            // Damage: replace, insert or delete a few bytes.
            for _ in 0..<(1 + Int(rng.next() % 3)) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                default: bytes.remove(at: at)
                }
            }
            assertSameParse(bytes)
        }
    }

    private func randomString(_ rng: inout SplitMix64) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "文", "《", "𠀀", "\u{2028}", "😀"]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int(rng.next() % 8) { s.append(pool[Int(rng.next() % UInt64(pool.count))]) }
        return String(s)
    }

    private func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.next() % (depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2:
            let choices = [0, 1, -1, 42, Int.max, Int.min, 1 << 53, -(1 << 40)]
            return .int(choices[Int(rng.next() % UInt64(choices.count))])
        case 3:
            let choices = [0.5, -2.25, 1e-7, 1e300, 0.1, 123456.789, 1e20]
            return .double(choices[Int(rng.next() % UInt64(choices.count))])
        case 4: return .string(randomString(&rng))
        case 5: return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o: [String: JSONValue] = [:]
            for _ in 0..<Int(rng.next() % 4) { o[randomString(&rng)] = randomValue(&rng, depth: depth + 1) }
            return .object(o)
        }
    }

    // MARK: Writing

    func testStringsAreWrittenAsJSONEncoderWritesThem() throws {
        var all = String.UnicodeScalarView()
        for v in 0..<0x80 { all.append(Unicode.Scalar(UInt8(v))) }
        let samples = [String(all), "", "/", "a/b", "\u{2028}\u{2029}", "é文《》𠀀😀", "\"quoted\" \\ back"]
        for s in samples {
            var w = JSONWriter()
            w.writeString(s)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), String(decoding: try JSONCoding.encoder.encode(s), as: UTF8.self))
        }
    }

    func testNumbersAreWrittenAsJSONEncoderWritesThem() throws {
        for i in [0, 7, 10, -1, -10, 1234567890, Int.max, Int.min] {
            var w = JSONWriter()
            w.writeInt(i)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), String(decoding: try JSONCoding.encoder.encode(i), as: UTF8.self))
        }
        for d in [0.0, -0.0, 1.0, 1.5, -2.25, 1e20, 1e300, 0.1, 1e-7, Double.leastNonzeroMagnitude, 123456789.125, 9007199254740993.0] {
            var w = JSONWriter()
            w.writeDouble(d)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), String(decoding: try JSONCoding.encoder.encode(d), as: UTF8.self))
        }
    }

    /// A value written by the writer reads back as itself.
    func testWrittenValuesParseBack() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<1000 {
            let v = randomValue(&rng, depth: 0)
            XCTAssertEqual(try JSONValue(parsing: EncodedJSON(v).bytes), v)
        }
    }

    // MARK: Streaming encoder

    struct Inner: Codable, Equatable {
        var line: Int
        var character: Int
    }

    struct Outer: Codable, Equatable {
        var name: String
        var detail: String?
        var ranges: [Inner]
        var data: [Int]
        var flag: Bool?
        var score: Double
        var extra: JSONValue?
        var children: [Outer]?
        var map: [String: [Inner]]
        var small: Int8
        var big: UInt64
    }

    /// Encodes its fields through nested containers, in an order the synthesized code never uses.
    struct Nested: Encodable {
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: JSONIndexKey.self)
            var list = c.nestedUnkeyedContainer(forKey: JSONIndexKey(stringValue: "list"))
            try list.encode(1)
            var inner = list.nestedContainer(keyedBy: JSONIndexKey.self)
            try inner.encode("x", forKey: JSONIndexKey(stringValue: "k"))
            try list.encodeNil()
            try c.encode(true, forKey: JSONIndexKey(stringValue: "after"))
            var single = c.superEncoder(forKey: JSONIndexKey(stringValue: "sup")).singleValueContainer()
            try single.encode(3)
        }
    }

    struct Empty: Encodable {
        func encode(to encoder: Encoder) throws {}
    }

    private func sample() -> Outer {
        let leaf = Outer(name: "叶 \"leaf\"\n", detail: nil, ranges: [], data: [], flag: nil, score: -0.5, extra: nil, children: nil,
                         map: [:], small: -3, big: 1 << 62)
        return Outer(name: "root/《政策》", detail: "d", ranges: [Inner(line: 1, character: 2), Inner(line: 3, character: 4)],
                     data: [0, 5, 1, 2, 0], flag: true, score: 1.0,
                     extra: .object(["a": .array([.int(1), .string("x"), .null, .double(2.5)]), "b": .bool(false)]),
                     children: [leaf, leaf], map: ["file:///a": [Inner(line: 0, character: 0)], "file:///b": []], small: 7, big: 1 << 60)
    }

    func testStreamingEncoderMatchesJSONEncoder() throws {
        let value = sample()
        let direct = try JSONValue(parsing: EncodedJSON(encoding: value).bytes)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(value))
        XCTAssertEqual(direct, foundation)
        XCTAssertNotNil(JSONStreamEncoder.encode(value), "the synthesized Codable types take the direct path")
        XCTAssertEqual(try JSONValue(parsing: EncodedJSON(encoding: [value, value]).bytes),
                       try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode([value, value])))
        // Optionals, top-level leaves and arrays of them.
        let optionals: [Int?] = [1, nil, 3]
        XCTAssertEqual(String(decoding: try EncodedJSON(encoding: optionals).bytes, as: UTF8.self), "[1,null,3]")
        XCTAssertEqual(String(decoding: try EncodedJSON(encoding: "s").bytes, as: UTF8.self), "\"s\"")
        XCTAssertEqual(String(decoding: try EncodedJSON(encoding: [Empty()]).bytes, as: UTF8.self), "[{}]")
        XCTAssertEqual(String(decoding: try EncodedJSON(encoding: [1, -2, 30]).bytes, as: UTF8.self), "[1,-2,30]")
    }

    func testUnusualEncodingFallsBackToJSONEncoder() throws {
        XCTAssertNil(JSONStreamEncoder.encode(Nested()), "superEncoder is left to JSONEncoder")
        XCTAssertEqual(try JSONValue(parsing: EncodedJSON(encoding: Nested()).bytes),
                       try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(Nested())))
        XCTAssertThrowsError(try EncodedJSON(encoding: Empty()), "a top-level value that encodes nothing is an error")
        XCTAssertThrowsError(try EncodedJSON(encoding: [Double.nan]))
        let url = URL(string: "file:///x")!
        XCTAssertEqual(try EncodedJSON(encoding: [url]).bytes, Array(try JSONCoding.encoder.encode([url])))
    }

    // MARK: Tree decoder

    private func foundationDecode<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> Result<T, Error> {
        Result { try JSONCoding.decoder.decode(T.self, from: JSONCoding.encoder.encode(value)) }
    }

    func testTreeDecoderMatchesJSONDecoder() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(sample()))
        XCTAssertEqual(try value.decode(Outer.self), try foundationDecode(Outer.self, value).get())
        XCTAssertEqual(try value.decode(Outer.self), sample())
        // Whole doubles are Ints, Ints are Doubles.
        XCTAssertEqual(try JSONValue.object(["line": .double(2), "character": .int(3)]).decode(Inner.self), Inner(line: 2, character: 3))
        let cases: [JSONValue] = [
            .object(["line": .double(1.5), "character": .int(0)]),
            .object(["line": .bool(true), "character": .int(0)]),
            .object(["line": .string("1"), "character": .int(0)]),
            .object(["line": .null, "character": .int(0)]),
            .object(["character": .int(0)]),
            .object(["line": .double(1e20), "character": .int(0)]),
            .array([.int(1)]),
            .null,
            .string("x"),
        ]
        for c in cases {
            let direct = Result { try c.decode(Inner.self) }
            let foundation = foundationDecode(Inner.self, c)
            switch (direct, foundation) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(String(describing: type(of: a)), String(describing: type(of: b)))
                if case DecodingError.keyNotFound(let k, _) = a, case DecodingError.keyNotFound(let k2, _) = b {
                    XCTAssertEqual(k.stringValue, k2.stringValue)
                }
            default: XCTFail("\(c): direct \(direct), foundation \(foundation)")
            }
        }
        XCTAssertEqual(try JSONValue.array([.int(1), .null]).decode([Int?].self), [1, nil])
        XCTAssertThrowsError(try JSONValue.int(300).decode(Int8.self))
        XCTAssertEqual(try JSONValue.object(["a": .int(1)]).decode(JSONValue.self), .object(["a": .int(1)]))
    }

    func testTypeMismatchPathsNameTheField() {
        let value: JSONValue = .object(["ranges": .array([.object(["line": .int(1), "character": .string("x")])])])
        struct Holder: Decodable { var ranges: [Inner] }
        do {
            _ = try value.decode(Holder.self)
            XCTFail("decoded a string as Int")
        } catch DecodingError.typeMismatch(_, let context) {
            XCTAssertEqual(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }, ["ranges", "0", "character"])
        } catch {
            XCTFail("\(error)")
        }
    }
}
