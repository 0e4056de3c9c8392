import Foundation
import XCTest
@testable import JSONRPC
import TestSupport

final class MessageFramerTests: XCTestCase {
    private func framed(_ json: String) -> [UInt8] {
        Array(frame(Data(json.utf8)))
    }

    private func bodies(_ events: [MessageFramer.Event]) -> [String] {
        events.compactMap { if case .message(let d) = $0 { return String(decoding: d, as: UTF8.self) } else { return nil } }
    }

    func testSplitAtEveryByteBoundary() {
        let stream = framed(#"{"a":"政策"}"#) + framed(#"{"b":2}"#)
        for cut in 0...stream.count {
            var framer = MessageFramer()
            var events = framer.feed(stream[0..<cut])
            events += framer.feed(stream[cut...])
            XCTAssertEqual(bodies(events), [#"{"a":"政策"}"#, #"{"b":2}"#], "cut at \(cut)")
        }
    }

    func testByteByByte() {
        let stream = framed(#"{"x":1}"#) + framed(#"{"y":"𠀀"}"#)
        var framer = MessageFramer()
        var events: [MessageFramer.Event] = []
        for b in stream { events += framer.feed([b]) }
        XCTAssertEqual(bodies(events), [#"{"x":1}"#, #"{"y":"𠀀"}"#])
    }

    func testJoinedMessagesInOneRead() {
        var framer = MessageFramer()
        let events = framer.feed(framed("[1]") + framed("[2]") + framed("[3]"))
        XCTAssertEqual(bodies(events), ["[1]", "[2]", "[3]"])
    }

    func testContentTypeIsAcceptedAndIgnored() {
        let body = #"{"k":true}"#
        let bytes = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        var framer = MessageFramer()
        XCTAssertEqual(bodies(framer.feed(bytes)), [body])
    }

    func testHeaderWithoutContentLengthIsReportedAndStreamRecovers() {
        var framer = MessageFramer()
        let events = framer.feed(Array("X-Junk: 1\r\n\r\n".utf8) + framed("[7]"))
        XCTAssertEqual(events.count, 2)
        guard case .malformed(let reason) = events[0] else { return XCTFail("expected malformed") }
        XCTAssertTrue(reason.contains("Content-Length"))
        XCTAssertEqual(bodies(events), ["[7]"])
    }

    func testGarbageBeforeHeaderResynchronizes() {
        var framer = MessageFramer()
        let events = framer.feed(Array("\u{1}\u{2}garbage".utf8) + framed("[8]"))
        XCTAssertEqual(bodies(events), ["[8]"])
    }

    func testHeaderSpellings() {
        let headers = ["content-length:3", "CONTENT-LENGTH : \t3 ", "Content-Length: 003", "Content-Type: x\r\nContent-Length: 3",
                       "Content-Length: 9\r\nContent-Length: 3", "Content-Length: 3\nX-Note: é", "xxContent-Length: 3", "Content-Length: +3"]
        for h in headers {
            var framer = MessageFramer()
            XCTAssertEqual(bodies(framer.feed(Array((h + "\r\n\r\n[1]").utf8))), ["[1]"], h)
        }
        for h in ["Content-Length: 3x", "Content-Length: 3\r\nContent-Length: -1", "Content-Length:"] {
            var framer = MessageFramer()
            let events = framer.feed(Array((h + "\r\n\r\n").utf8) + framed("[2]"))
            XCTAssertEqual(bodies(events).last, "[2]", h)
        }
    }

    func testInvalidContentLength() {
        var framer = MessageFramer()
        let events = framer.feed(Array("Content-Length: -4\r\n\r\n".utf8) + framed("[9]"))
        XCTAssertTrue(events.contains { if case .malformed = $0 { return true } else { return false } })
        XCTAssertEqual(bodies(events), ["[9]"])
    }

    func testOversizedBodyIsSkippedWithoutBuffering() {
        var framer = MessageFramer(maxBodySize: 100)
        var events = framer.feed(Array("Content-Length: 100000\r\n\r\n".utf8))
        for _ in 0..<100 { events += framer.feed([UInt8](repeating: 0x41, count: 1000)) }
        events += framer.feed(framed("[10]"))
        XCTAssertEqual(events.filter { if case .malformed = $0 { return true } else { return false } }.count, 1)
        XCTAssertEqual(bodies(events), ["[10]"])
    }

    func testTruncatedBodyAtEndOfInputIsReported() {
        var framer = MessageFramer()
        XCTAssertTrue(framer.feed(Array("Content-Length: 50\r\n\r\n{\"a\"".utf8)).isEmpty)
        let end = framer.finish()
        XCTAssertEqual(end.count, 1)
        guard case .malformed(let reason) = end[0] else { return XCTFail() }
        XCTAssertTrue(reason.contains("end of input"))
    }

    func testHeaderWithoutBodyAtEndOfInput() {
        var framer = MessageFramer()
        _ = framer.feed(Array("Content-Length: 10\r\n".utf8))
        XCTAssertEqual(framer.finish().count, 1)
    }

    func testRandomChunkingPreservesMessages() {
        var rng = SplitMix64(seed: 42)
        var stream: [UInt8] = []
        var expected: [String] = []
        for i in 0..<200 {
            let body = #"{"i":\#(i),"t":"\#(String(repeating: "数", count: i % 17))"}"#
            expected.append(body)
            stream += framed(body)
        }
        var framer = MessageFramer()
        var events: [MessageFramer.Event] = []
        var index = 0
        while index < stream.count {
            let n = Int(rng.next() % 97) + 1
            let end = min(stream.count, index + n)
            events += framer.feed(stream[index..<end])
            index = end
        }
        XCTAssertEqual(bodies(events), expected)
    }
}

