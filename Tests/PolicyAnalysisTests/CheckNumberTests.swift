import Foundation
import XCTest
@testable import PolicyAnalysis

/// The checks' fast number paths against Foundation's Decimal, which they must agree with exactly.
final class CheckNumberTests: XCTestCase {
    private func samples() -> [Decimal] {
        var out: [Decimal] = [0, 1, -1, 7, 10, 100, 3100, 12.5, -0.05, 0.001, 80.5, 1234567.891]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let m = UInt64.random(in: 0...9_999_999, using: &rng)
            let e = Int.random(in: -9...6, using: &rng)
            out.append(Decimal(sign: Bool.random(using: &rng) ? .minus : .plus, exponent: e, significand: Decimal(m)))
        }
        return out
    }

    func testPlainTextIsTheDescription() {
        for d in samples() {
            XCTAssertEqual(Num.plainText(d), d.description, "\(d)")
            for p in 0...4 {
                let r = Num.round(d, p)
                XCTAssertEqual(Num.plainText(r), r.description, "\(d) rounded to \(p)")
            }
        }
    }

    func testExactAgreesWithDecimal() {
        // Nil (does not fit) is always allowed; an answer must be Decimal's.
        let values = samples()
        var decided = 0
        for (i, a) in values.enumerated() {
            let b = values[(i * 7 + 3) % values.count]
            guard let x = Exact(a), let y = Exact(b) else { continue }
            if let c = Exact.compare(x, y) {
                decided += 1
                XCTAssertEqual(c, a < b ? -1 : (a > b ? 1 : 0), "\(a) vs \(b)")
            }
            if let s = Exact.sum(x, y) { XCTAssertEqual(s.decimal, a + b, "\(a) + \(b)") }
            if let d = Exact.difference(x, y) { XCTAssertEqual(d.decimal, a - b, "\(a) - \(b)") }
            if let p = Exact.product(x, y) { XCTAssertEqual(p.decimal, a * b, "\(a) * \(b)") }
        }
        XCTAssertGreaterThan(decided, values.count / 2)
        XCTAssertNil(Exact.sum(Exact(m: Int64.max, e: 0), Exact(m: 1, e: 0)))
        XCTAssertNil(Exact.compare(Exact(m: 1, e: 40), Exact(m: 1, e: 0)))
    }

    func testTrimmedMatchesFoundation() {
        for t in ["3200亿元", " 3200亿元 ", "\u{3000}80%", "12.5 ", "", "a\u{A0}", "\t5个"] {
            XCTAssertEqual(Num.trimmed(t), t.trimmingCharacters(in: .whitespaces), t)
        }
    }
}
