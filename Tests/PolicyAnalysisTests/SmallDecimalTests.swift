import Foundation
import XCTest
@testable import PolicyAnalysis

/// Decimal compared with small integers from its fields must agree with Decimal's own comparison.
final class SmallDecimalTests: XCTestCase {
    func testLayoutProbeHolds() {
        XCTAssertTrue(SmallDecimal.layoutVerified, "the fast path is off: Decimal's layout changed")
    }

    func testComparisonsAgreeWithDecimal() {
        var values: [Decimal] = [0, 1, -1, 2, 19, 20, 99.9, 100, 100.0001, 101, -0.5, 0.0001, 16.6, 1697.2,
                                 Decimal(string: "123456789012345678901234567890")!, Decimal(string: "-1e30")!,
                                 Decimal(string: "1e-30")!, Decimal(sign: .plus, exponent: 5, significand: 3),
                                 Decimal(sign: .plus, exponent: -2, significand: 10000), Decimal(string: "65536")!,
                                 Decimal(string: "4294967296")!, Decimal(string: "18446744073709551615")!]
        values += values.map { $0 * 10 } + values.map { -$0 }
        for d in values {
            for k in [-101, -1, 0, 1, 2, 19, 100, 101, 65536] {
                XCTAssertEqual(SmallDecimal.greater(d, than: k), d > Decimal(k), "\(d) > \(k)")
                XCTAssertEqual(SmallDecimal.less(d, than: k), d < Decimal(k), "\(d) < \(k)")
                if let c = SmallDecimal.compare(d, k) {
                    XCTAssertEqual(c, d < Decimal(k) ? -1 : (d > Decimal(k) ? 1 : 0), "\(d) vs \(k)")
                }
            }
            if let i = SmallDecimal.integer(d) {
                XCTAssertEqual(Decimal(i), d, "integer(\(d))")
            }
        }
        XCTAssertEqual(SmallDecimal.integer(12), 12)
        XCTAssertEqual(SmallDecimal.integer(Decimal(sign: .plus, exponent: -1, significand: 120)), 12)
        XCTAssertNil(SmallDecimal.integer(12.5))
        XCTAssertEqual(SmallDecimal.integer(-7), -7)
    }
}
