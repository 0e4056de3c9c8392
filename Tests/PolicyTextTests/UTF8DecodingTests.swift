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
}
