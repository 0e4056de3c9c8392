import XCTest
@testable import PolicyText
import TestSupport

final class UTF8DecodingTests: XCTestCase {
    func testEveryLengthOfSequenceDecodesLikeTheStandardLibrary() {
        for text in ["", "a", "é", "工业和信息化部", "𠮷野家", "1697.2 亿元\r\n16.6%", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"] {
            XCTAssertEqual(UTF8Decoding.scalars(of: text), Array(text.unicodeScalars), text)
        }
    }

    func testRandomTextsDecodeLikeTheStandardLibrary() {
        var rng = SplitMix64(seed: 0x5EED)
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x80...0x7FF, 0x4E00...0x9FFF, 0x1_0000...0x2_FFFF]
        for _ in 0..<200 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<300, using: &rng) {
                let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
                if let s = Unicode.Scalar(UInt32.random(in: pool, using: &rng)) { view.append(s) }
            }
            let text = String(view)
            XCTAssertEqual(UTF8Decoding.scalars(of: text), Array(text.unicodeScalars))
        }
    }

    func testBridgedAndSubstringBackedStringsDecode() {
        let long = String(repeating: "江苏省工信厅2024年", count: 1000)
        let sub = long.dropFirst(3).prefix(500)
        XCTAssertEqual(UTF8Decoding.scalars(of: String(sub)), Array(String(sub).unicodeScalars))
        XCTAssertEqual(DocumentText(long).scalars.count, long.unicodeScalars.count)
    }

    /// The byte-at-a-time decoder the block paths must agree with, on any bytes (valid or not).
    static func referenceDecode(_ bytes: [UInt8]) -> [UInt32] {
        var out: [UInt32] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = UInt32(bytes[i])
            if b0 & 0xF0 == 0xE0 {
                guard i + 2 < n else { break }
                out.append((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
                i += 3
            } else if b0 < 0x80 {
                out.append(b0)
                i += 1
            } else if b0 < 0xE0 {
                guard i + 1 < n else { break }
                out.append((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
                i += 2
            } else {
                guard i + 3 < n else { break }
                out.append((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                    | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F))
                i += 4
            }
        }
        return out
    }

    static func decoded(_ bytes: [UInt8]) -> [UInt32] {
        bytes.withUnsafeBufferPointer { UTF8Decoding.decode(validUTF8: $0) }.map(\.value)
    }

    func testSequencesAtEveryBlockOffsetDecodeAndIndexLines() {
        // Two-sequence blocks read 8 bytes: shift every kind of sequence and terminator across a block edge.
        let pieces = ["山", "西", "，", "a", "é", "𠮷", "\r", "\n", "\r\n", " "]
        var rng = SplitMix64(seed: 0xB10C)
        for _ in 0..<400 {
            var text = String(repeating: "x", count: Int.random(in: 0..<8, using: &rng))
            for _ in 0..<Int.random(in: 0..<40, using: &rng) {
                // Mostly ideographs, so long three-byte runs form.
                text += Int.random(in: 0..<3, using: &rng) == 0 ? pieces.randomElement(using: &rng)! : "中"
            }
            XCTAssertEqual(UTF8Decoding.scalars(of: text), Array(text.unicodeScalars), text.debugDescription)
            let document = DocumentText(text)
            XCTAssertTrue(document.indexMatchesRebuild(), text.debugDescription)
        }
    }

    /// Long lines get checkpoints whether they come first, in the middle or last, and ASCII ones none.
    func testLongLinesGetTheCheckpointsOfAScan() {
        let long = String(repeating: "中a", count: 700), ascii = String(repeating: "ab", count: 700)
        for text in [long, long + "\n", "x\n" + long + "\r\n" + ascii + "\n" + long, ascii + "\n" + long + "\n\n"] {
            let document = DocumentText(text)
            XCTAssertTrue(document.indexMatchesRebuild(), "\(text.unicodeScalars.count)")
            XCTAssertEqual(document.position(at: document.scalars.count, encoding: .utf16),
                           DocumentText(scalars: document.scalars).position(at: document.scalars.count, encoding: .utf16))
        }
    }

    func testCrLfAcrossABlockEdgeAndLoneCrIndexLikeAScan() {
        for prefix in 0..<10 {
            let lead = String(repeating: "山", count: prefix)
            for text in [lead + "\r\n" + lead, lead + "\r" + lead, lead + "\r", lead + "\r\r\n\n", "a" + lead + "\r\n"] {
                let document = DocumentText(text)
                XCTAssertTrue(document.indexMatchesRebuild(), text.debugDescription)
                XCTAssertEqual(document.scalars, Array(text.unicodeScalars))
            }
        }
    }

    func testTruncatedAndIllFormedBytesDecodeLikeTheByteDecoder() {
        // A sequence cut off at the end is dropped, wherever the block paths stop.
        for count in 0..<12 {
            let ideographs = Array(String(repeating: "山", count: count).utf8)
            for cut in 1...2 where ideographs.count >= cut {
                let bytes = Array(ideographs.dropLast(cut))
                XCTAssertEqual(Self.decoded(bytes), Self.referenceDecode(bytes))
                XCTAssertEqual(Self.decoded(bytes).count, count - 1)
            }
        }
        // Random bytes biased to three-byte leads and continuations: a block whose pattern fails part way
        // (a bad continuation in its second sequence) must fall back without changing the result.
        var rng = SplitMix64(seed: 0xBAD)
        let alphabet: [UInt8] = [0xE5, 0xE4, 0xB1, 0x80, 0xBF, 0x41, 0x0A, 0x0D, 0xC3, 0xF0, 0x9F, 0xFF, 0x7F]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            XCTAssertEqual(Self.decoded(bytes), Self.referenceDecode(bytes), "\(bytes)")
        }
    }
}

final class UTF8SizingTests: XCTestCase {
    func testLeadByteCountIsTheScalarCountOfValidText() {
        var rng = SplitMix64(seed: 0x51E)
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x80...0x7FF, 0x4E00...0x9FFF, 0x1_0000...0x2_FFFF]
        for round in 0..<320 {
            var view = String.UnicodeScalarView()
            // Short texts around the 8-byte words of the count, and long ones past its 255-word runs.
            let length = round < 300 ? Int.random(in: 0..<120, using: &rng) : Int.random(in: 500..<3000, using: &rng)
            for _ in 0..<length {
                let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
                if let s = Unicode.Scalar(UInt32.random(in: pool, using: &rng)) { view.append(s) }
            }
            let text = String(view)
            let count = Array(text.utf8).withUnsafeBufferPointer { UTF8Decoding.leadByteCount($0) }
            XCTAssertEqual(count, text.unicodeScalars.count, text)
        }
    }

    func testDecodedStringsAreSizedToTheirScalarsNotTheirBytes() {
        // Three bytes per ideograph: an array sized by bytes had three times the capacity it needs.
        let text = String(repeating: "江苏省工信厅印发行动计划\n", count: 20_000)
        let document = DocumentText(text)
        XCTAssertEqual(document.scalars.count, text.unicodeScalars.count)
        XCTAssertLessThan(document.scalars.capacity, document.scalars.count * 5 / 4)
        XCTAssertLessThan(UTF8Decoding.scalars(of: text).capacity, text.unicodeScalars.count * 5 / 4)
    }

    func testStrictDecodeOfIllFormedBytesStaysInsideItsArray() {
        // Sized by lead bytes: every scalar written starts at one, so ill-formed input cannot overrun.
        var rng = SplitMix64(seed: 0x57C7)
        let alphabet: [UInt8] = [0xE5, 0xB1, 0x80, 0xBF, 0x41, 0x0A, 0xC3, 0xF0, 0x9F, 0xFF, 0xEF, 0xBB]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let strict = bytes.withUnsafeBufferPointer { UTF8Decoding.scalars(strictUTF8: $0) }
            switch strict {
            case .success(let scalars):
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self).unicodeScalars.count, scalars.count + (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 1 : 0))
            case .failure(let error):
                XCTAssertNil(String(validating: bytes, as: UTF8.self), "\(bytes) failed at \(error.byteOffset)")
            }
        }
    }
}
