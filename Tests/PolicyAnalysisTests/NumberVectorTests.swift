import Foundation
import XCTest
@testable import PolicyAnalysis

/// Other tools' test vectors (cn2an, chinese2digits, JioNLP) run against our numeral and figure
/// reader. Rows whose meaning differs on purpose are named exceptions; the rest must pass at the
/// measured rate.
final class NumberVectorTests: XCTestCase {
    func testCn2anNumbers() throws {
        let rows = try FigureTestData.vectors("cn2an_numbers.tsv")
        var failures: [String] = []
        for (input, expected) in rows {
            let got = ChineseNumber.parse(input)
            if got != Decimal(string: expected) { failures.append("\(input) → \(got.map { "\($0)" } ?? "nil") ≠ \(expected)") }
        }
        print("cn2an_numbers: \(rows.count - failures.count)/\(rows.count) pass; failures: \(failures)")
        XCTAssertEqual(failures, [])
    }

    func testCn2anInverted() throws {
        let rows = try FigureTestData.vectors("cn2an_an2cn_inverted.tsv")
        var failures: [String] = []
        for (input, expected) in rows {
            let got = ChineseNumber.parse(input)
            if got != Decimal(string: expected) { failures.append("\(input) → \(got.map { "\($0)" } ?? "nil") ≠ \(expected)") }
        }
        print("cn2an_an2cn_inverted: \(rows.count - failures.count)/\(rows.count) pass; failures: \(failures)")
        XCTAssertEqual(failures, [])
    }
}
