import XCTest
@testable import PolicyText
import TestSupport


/// Reference model written independently of LineIndex: lines come from Swift's grapheme breaking
/// ("\r\n" is one Character), columns from String's own UTF-8/UTF-16 views.
struct NaiveText {
    var scalars: [Unicode.Scalar]

    /// Content range of every line.
    var lines: [Range<Int>] {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        var out: [Range<Int>] = []
        var start = 0, offset = 0
        for ch in String(s) {
            let n = ch.unicodeScalars.count
            if ch == "\n" || ch == "\r" || ch == "\r\n" {
                out.append(start..<offset)
                start = offset + n
            }
            offset += n
        }
        out.append(start..<offset)
        return out
    }

    static func units(_ c: Unicode.Scalar, _ e: PositionEncoding) -> Int {
        switch e {
        case .utf8: return String(c).utf8.count
        case .utf16: return String(c).utf16.count
        case .utf32: return 1
        }
    }

    func offset(line: Int, column: Int, encoding e: PositionEncoding) -> Int? {
        let ls = lines
        guard line >= 0, line < ls.count else { return nil }
        var u = 0
        for i in ls[line] {
            u += Self.units(scalars[i], e)
            if u > column { return i }
        }
        return ls[line].upperBound
    }

    func position(of offset: Int, encoding e: PositionEncoding) -> TextPosition {
        let ls = lines
        for (n, r) in ls.enumerated() where offset <= r.upperBound || n == ls.count - 1 {
            if offset < r.lowerBound { continue }
            let end = min(offset, r.upperBound)
            return TextPosition(line: n, character: scalars[r.lowerBound..<end].reduce(0) { $0 + Self.units($1, e) })
        }
        // Offset inside a terminator: belongs to the line before the next start.
        let n = ls.lastIndex { $0.lowerBound <= offset } ?? 0
        return TextPosition(line: n, character: scalars[ls[n]].reduce(0) { $0 + Self.units($1, e) })
    }

    func lineLength(_ line: Int, _ e: PositionEncoding) -> Int {
        scalars[lines[line]].reduce(0) { $0 + Self.units($1, e) }
    }
}

final class DocumentTextTests: XCTestCase {
    // 山 BMP Chinese (3 UTF-8, 1 UTF-16); 𠀀 astral CJK and 😀 emoji (4 UTF-8, 2 UTF-16).
    let sample = "山西𠀀省\r\n😀a中\rb\n\n末"

    func testLinesSplitAtLfCrLfAndCr() {
        let t = DocumentText(sample)
        XCTAssertEqual(t.lineCount, 5)
        XCTAssertEqual(t.lineRange(0), 0..<4)
        XCTAssertEqual(t.lineRange(1), 6..<9)
        XCTAssertEqual(t.lineRange(2), 10..<11)
        XCTAssertEqual(t.lineRange(3), 12..<12)
        XCTAssertEqual(t.lineRange(4), 13..<14)
        XCTAssertEqual(DocumentText("a\n").lineCount, 2)
        XCTAssertEqual(DocumentText("").lineCount, 1)
        XCTAssertEqual(DocumentText("\r\r\n\n").lineCount, 4)
    }

    func testUtf16ColumnsCountAstralAsTwo() {
        let t = DocumentText(sample)
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 2), encoding: .utf16), 2)  // before 𠀀
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 3), encoding: .utf16), 2)  // inside 𠀀: rounds down
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 4), encoding: .utf16), 3)  // 省
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 5), encoding: .utf16), 4)  // line end
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 99), encoding: .utf16), 4) // clamps
        XCTAssertEqual(t.position(at: 3, encoding: .utf16), TextPosition(line: 0, character: 4))
        XCTAssertEqual(t.position(at: 8, encoding: .utf16), TextPosition(line: 1, character: 3))
        XCTAssertEqual(t.lineLength(1, encoding: .utf16), 4)
    }

    func testUtf8ColumnsCountBytes() {
        let t = DocumentText(sample)
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 3), encoding: .utf8), 1)   // 西
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 5), encoding: .utf8), 1)   // inside 西
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 6), encoding: .utf8), 2)   // 𠀀
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 9), encoding: .utf8), 2)   // inside 𠀀
        XCTAssertEqual(t.offset(at: TextPosition(line: 0, character: 10), encoding: .utf8), 3)  // 省
        XCTAssertEqual(t.position(at: 4, encoding: .utf8), TextPosition(line: 0, character: 13))
        XCTAssertEqual(t.position(at: 8, encoding: .utf8), TextPosition(line: 1, character: 5))  // 😀a
        XCTAssertEqual(t.lineLength(1, encoding: .utf8), 8)
    }

    func testUtf32ColumnsCountScalars() {
        let t = DocumentText(sample)
        XCTAssertEqual(t.offset(at: TextPosition(line: 1, character: 2), encoding: .utf32), 8)
        XCTAssertEqual(t.offset(at: TextPosition(line: 1, character: 7), encoding: .utf32), 9)
        XCTAssertEqual(t.position(at: 9, encoding: .utf32), TextPosition(line: 1, character: 3))
    }

    func testOffsetInsideTerminatorMapsToLineEnd() {
        let t = DocumentText(sample)
        XCTAssertEqual(t.position(at: 5, encoding: .utf16), TextPosition(line: 0, character: 5)) // between \r and \n
        XCTAssertEqual(t.position(at: 6, encoding: .utf16), TextPosition(line: 1, character: 0))
        XCTAssertEqual(t.position(at: 999, encoding: .utf16), TextPosition(line: 4, character: 1))
        XCTAssertEqual(t.position(at: -3, encoding: .utf16), TextPosition(line: 0, character: 0))
    }

    func testMissingLineIsNilAndClampedOffsetGoesToEnd() {
        let t = DocumentText(sample)
        XCTAssertNil(t.offset(at: TextPosition(line: 5, character: 0), encoding: .utf16))
        XCTAssertNil(t.offset(at: TextPosition(line: -1, character: 0), encoding: .utf16))
        XCTAssertEqual(t.clampedOffset(at: TextPosition(line: 5, character: 0), encoding: .utf16), 14)
        XCTAssertEqual(t.clampedOffset(at: TextPosition(line: -2, character: 3), encoding: .utf16), 0)
    }

    func testReplaceInsideLineAndAcrossLines() {
        var t = DocumentText(sample)
        XCTAssertFalse(t.replace(from: TextPosition(line: 0, character: 1), to: TextPosition(line: 0, character: 4),
                                 encoding: .utf16, with: "X"))
        XCTAssertEqual(t.string, "山X省\r\n😀a中\rb\n\n末")
        XCTAssertFalse(t.replace(from: TextPosition(line: 0, character: 3), to: TextPosition(line: 2, character: 0),
                                 encoding: .utf16, with: ""))
        XCTAssertEqual(t.string, "山X省b\n\n末")
        XCTAssertEqual(t.lineCount, 3)
    }

    func testReplaceJoiningCrAndLfMakesOneTerminator() {
        var t = DocumentText("a\rb\nc")
        XCTAssertEqual(t.lineCount, 3)
        t.replace(from: TextPosition(line: 1, character: 0), to: TextPosition(line: 1, character: 1),
                  encoding: .utf8, with: "")
        XCTAssertEqual(t.string, "a\r\nc")
        XCTAssertEqual(t.lineCount, 2)
        XCTAssertEqual(t.lineRange(1), 3..<4)
        XCTAssertTrue(t.indexMatchesRebuild())
    }

    func testReplacePastEndOrReversedReportsClamping() {
        var t = DocumentText("ab\ncd")
        XCTAssertTrue(t.replace(from: TextPosition(line: 1, character: 1), to: TextPosition(line: 9, character: 0),
                                encoding: .utf16, with: "!"))
        XCTAssertEqual(t.string, "ab\nc!")
        XCTAssertTrue(t.replace(from: TextPosition(line: 1, character: 0), to: TextPosition(line: 0, character: 1),
                                encoding: .utf16, with: ""))
        XCTAssertEqual(t.string, "ac!")
        XCTAssertFalse(t.replace(from: TextPosition(line: 0, character: 3), to: TextPosition(line: 0, character: 3),
                                 encoding: .utf16, with: "?"))
        XCTAssertEqual(t.string, "ac!?")
        t.replaceAll(with: "新\n")
        XCTAssertEqual(t.lineCount, 2)
        XCTAssertEqual(t.string, "新\n")
    }

    // MARK: property tests

    static let alphabet: [String] = ["a", "Z", " ", "é", "中", "国", "。", "𠀀", "😀", "\r", "\n", "\r\n", "1"]

    static func randomText(_ rng: inout SplitMix64, maxLength: Int) -> String {
        let n = Int.random(in: 0...maxLength, using: &rng)
        var s = ""
        for _ in 0..<n { s += alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        return s
    }

    func testRandomEditSequencesMatchNaiveModelInAllEncodings() {
        var rng = SplitMix64(seed: 20_240_331)
        for sequence in 0..<2_000 {
            let encoding = PositionEncoding.allCases[sequence % 3]
            let initial = sequence % 10 == 0 ? "" : Self.randomText(&rng, maxLength: 40)
            var doc = DocumentText(initial)
            var model = NaiveText(scalars: Array(initial.unicodeScalars))
            for step in 0..<8 {
                let lines = model.lines
                func randomPosition() -> TextPosition {
                    let line = Int.random(in: -1...(lines.count + 1), using: &rng)
                    let len = line >= 0 && line < lines.count ? model.lineLength(line, encoding) : 2
                    return TextPosition(line: line, character: Int.random(in: -1...(len + 2), using: &rng))
                }
                let a = randomPosition(), b = Int.random(in: 0..<4, using: &rng) == 0 ? a : randomPosition()
                let insert = Self.randomText(&rng, maxLength: 6)

                // Model semantics, written out plainly.
                func modelOffset(_ p: TextPosition) -> (Int, Bool) {
                    if p.line < 0 { return (0, true) }
                    if p.line >= lines.count { return (model.scalars.count, true) }
                    let o = model.offset(line: p.line, column: max(p.character, 0), encoding: encoding) ?? 0
                    let past = p.line == lines.count - 1 && p.character > model.lineLength(p.line, encoding)
                    return (o, past || p.character < 0)
                }
                var (oa, ca) = modelOffset(a)
                var (ob, cb) = modelOffset(b)
                var expectedClamp = ca || cb
                if oa > ob { swap(&oa, &ob); expectedClamp = true }
                model.scalars.replaceSubrange(oa..<ob, with: Array(insert.unicodeScalars))

                let clamped = doc.replace(from: a, to: b, encoding: encoding, with: insert)
                let context = "sequence \(sequence) step \(step) \(encoding) \(a)…\(b) \(insert.debugDescription)"
                XCTAssertEqual(doc.scalars, model.scalars, context)
                XCTAssertEqual(clamped, expectedClamp, context)
                let newLines = model.lines
                XCTAssertEqual(doc.lineCount, newLines.count, context)
                for (n, r) in newLines.enumerated() { XCTAssertEqual(doc.lineRange(n), r, context) }
                XCTAssertTrue(doc.indexMatchesRebuild(), context)
                if doc.scalars != model.scalars { return }
            }
        }
    }

    func testRandomPositionsRoundTripAndMatchNaiveModel() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<600 {
            let text = Self.randomText(&rng, maxLength: 60)
            let doc = DocumentText(text)
            let model = NaiveText(scalars: doc.scalars)
            let lines = model.lines
            for encoding in PositionEncoding.allCases {
                for o in 0...doc.scalars.count {
                    let p = doc.position(at: o, encoding: encoding)
                    XCTAssertEqual(p, model.position(of: o, encoding: encoding), "round \(round) offset \(o)")
                    let back = doc.offset(at: p, encoding: encoding)
                    // Offsets inside a terminator come back as the line's content end.
                    let expected = lines.contains { $0.contains(o) || $0.upperBound == o } ? o : lines[p.line].upperBound
                    XCTAssertEqual(back, expected, "round \(round) offset \(o) \(encoding)")
                    XCTAssertEqual(doc.position(at: back ?? -1, encoding: encoding), p)
                }
                for line in 0..<lines.count {
                    for col in 0...(model.lineLength(line, encoding) + 1) {
                        XCTAssertEqual(doc.offset(at: TextPosition(line: line, character: col), encoding: encoding),
                                       model.offset(line: line, column: col, encoding: encoding))
                    }
                }
            }
        }
    }

    /// A 2 M-scalar single line: conversions use checkpoints, so thousands of them stay cheap, and
    /// they still agree with a direct count.
    func testLongSingleLineConversionsUseCheckpoints() {
        var scalars = [Unicode.Scalar]()
        let pattern = Array("中文a😀𠀀é".unicodeScalars)
        for i in 0..<2_000_000 { scalars.append(pattern[i % pattern.count]) }
        var doc = DocumentText(scalars: scalars)
        var rng = SplitMix64(seed: 99)
        for _ in 0..<3_000 {
            let o = Int.random(in: 0...scalars.count, using: &rng)
            for e in [PositionEncoding.utf8, .utf16] {
                let p = doc.position(at: o, encoding: e)
                XCTAssertEqual(doc.offset(at: p, encoding: e), o)
            }
        }
        // Spot check against a direct count.
        let o = 1_234_567
        let direct8 = scalars[0..<o].reduce(0) { $0 + String($1).utf8.count }
        XCTAssertEqual(doc.position(at: o, encoding: .utf8).character, direct8)
        // An edit in the middle keeps the checkpoints right.
        doc.replace(range: 1000..<1001, with: ["\u{20000}", "x"])
        XCTAssertTrue(doc.indexMatchesRebuild())
        let direct16 = doc.scalars[0..<o].reduce(0) { $0 + String($1).utf16.count }
        XCTAssertEqual(doc.position(at: o, encoding: .utf16).character, direct16)
    }
}
