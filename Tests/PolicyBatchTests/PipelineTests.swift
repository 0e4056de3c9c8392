import Foundation
@testable import PolicyBatch
import PolicyText
import XCTest

/// Counts live results so a test can see the pipeline never holds more than one window of them.
final class LiveCounter: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var live = 0
    private(set) var peak = 0
    func up() { lock.lock(); live += 1; peak = max(peak, live); lock.unlock() }
    func down() { lock.lock(); live -= 1; lock.unlock() }
}

final class Tracked: Sendable {
    let counter: LiveCounter
    let payload: [UInt8]
    init(_ counter: LiveCounter) {
        self.counter = counter
        payload = [UInt8](repeating: 1, count: 64 << 10)  // a stand-in for a document model
        counter.up()
    }
    deinit { counter.down() }
}

final class PipelineTests: XCTestCase {
    func testResultsComeInInputOrderAndAtMostOneWindowIsAlive() throws {
        let dir = try TempDir()
        var files: [String] = []
        for i in 0..<2000 { files.append(try dir.write("f\(i).txt", "\(i)")) }
        var settings = BatchSettings()
        settings.jobs = 2
        let counter = LiveCounter()
        var seen: [Int] = []
        processInOrder(files, settings: settings) { index, _, scalars in
            XCTAssertEqual(String(String.UnicodeScalarView(scalars)), "\(index)")
            return Tracked(counter)
        } emit: { index, path, outcome in
            seen.append(index)
            XCTAssertEqual(path, files[index])
            if case .skipped(let p) = outcome { XCTFail(p.description) }
        }
        XCTAssertEqual(seen, Array(0..<2000))
        XCTAssertLessThanOrEqual(counter.peak, settings.jobs * 4, "results of earlier windows must be freed")
        XCTAssertGreaterThan(counter.peak, 0)
    }

    func testSizeParsing() {
        XCTAssertEqual(BatchOptions.parseSize("16M"), 16 << 20)
        XCTAssertEqual(BatchOptions.parseSize("500k"), 500 << 10)
        XCTAssertEqual(BatchOptions.parseSize("1048576"), 1 << 20)
        XCTAssertNil(BatchOptions.parseSize("lots"))
        XCTAssertNil(BatchOptions.parseSize("-5"))
        XCTAssertNil(BatchOptions.parseSize("99999999999999999999G"))
    }

    func testBatchPositionsInEveryEncoding() {
        let s = Array("a𝒳中\r\nb\rc\n\n😀x".unicodeScalars)
        let index = DocumentText(scalars: s)  // what check, annotate and report convert with
        XCTAssertEqual(index.lineCount, 5)
        let x = s.count - 1  // the final x
        XCTAssertEqual(index.position(at: x, encoding: .utf32), .init(line: 4, character: 1))
        XCTAssertEqual(index.position(at: x, encoding: .utf16), .init(line: 4, character: 2))
        XCTAssertEqual(index.position(at: x, encoding: .utf8), .init(line: 4, character: 4))
        XCTAssertEqual(index.position(at: 3, encoding: .utf8), .init(line: 0, character: 8), "end of line 0, before \\r\\n")
        XCTAssertEqual(index.position(at: 5, encoding: .utf16), .init(line: 1, character: 0), "\\r\\n is one break")
        XCTAssertEqual(index.position(at: 7, encoding: .utf16), .init(line: 2, character: 0), "a lone \\r breaks")
        XCTAssertEqual(index.position(at: 999, encoding: .utf16), .init(line: 4, character: 3), "clamped to the end")
        XCTAssertEqual(index.position(at: -4, encoding: .utf16), .init(line: 0, character: 0))
    }

    func testBatchPositionsOnALongLine() {
        let s = Array((String(repeating: "中a", count: 5000) + "😀z").unicodeScalars)
        let index = DocumentText(scalars: s)  // what check, annotate and report convert with
        XCTAssertEqual(index.position(at: s.count - 1, encoding: .utf16).character, 10002)
        XCTAssertEqual(index.position(at: s.count - 1, encoding: .utf8).character, 5000 * 4 + 4)
        XCTAssertEqual(index.position(at: 129, encoding: .utf8).character, 64 * 4 + 3)
    }

    func testUTF8DecoderReportsTheFirstBadByte() {
        XCTAssertEqual(FileLoader.decodeUTF8(Array("ok中".utf8)), .success(Array("ok中".unicodeScalars)))
        XCTAssertEqual(FileLoader.decodeUTF8([0xEF, 0xBB, 0xBF, 0x41]), .success(["A"]), "BOM dropped")
        XCTAssertEqual(FileLoader.decodeUTF8([0x41, 0xC0, 0x80]), .failure(byteOffset: 1), "overlong")
        XCTAssertEqual(FileLoader.decodeUTF8([0x41, 0x42, 0xED, 0xA0, 0x80]), .failure(byteOffset: 2), "surrogate")
        XCTAssertEqual(FileLoader.decodeUTF8([0xF4, 0x90, 0x80, 0x80]), .failure(byteOffset: 0), "past U+10FFFF")
        XCTAssertEqual(FileLoader.decodeUTF8([0x41, 0xE4, 0xB8]), .failure(byteOffset: 1), "truncated at the end")
        XCTAssertEqual(FileLoader.decodeUTF8([0x80]), .failure(byteOffset: 0), "stray continuation")
    }

    func testBinaryDetectionLooksOnlyAtTheFirst8KB() {
        let late = Data(repeating: 0x41, count: 9000) + Data([0])
        if case .skipped = FileLoader.decode(late, path: "late") { XCTFail("a NUL after 8 KB is text (control character)") }
        if case .text = FileLoader.decode(Data([0x41, 0, 0x42]), path: "early") { XCTFail("a NUL early marks a binary file") }
    }

    func testCSVAndHTMLEscaping() {
        XCTAssertEqual(CSVText.record(["a", "b,c", "say \"hi\"", "two\nlines"]), "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
        XCTAssertEqual(HTMLText.escape("<script>alert('x')</script> & \"q\"\u{1}"),
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}")
        XCTAssertEqual(JSONText.quote("a\"b\\c\n\u{1}\u{2028}"), "\"a\\\"b\\\\c\\n\\u0001\\u2028\"")
    }
}
