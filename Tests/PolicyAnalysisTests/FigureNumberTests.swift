import Foundation
import XCTest
@testable import PolicyAnalysis

final class FigureNumberTests: XCTestCase {
    func testChineseNumerals() {
        let cases: [(String, String)] = [
            ("一百九十万零三千九百七十一", "1903971"), ("两", "2"), ("十二", "12"), ("廿二", "22"), ("〇", "0"),
            ("壹佰贰拾叁", "123"), ("5.34万亿", "5340000000000"), ("2.4万", "24000"), ("16.4亿", "1640000000"),
            ("1,225", "1225"), ("1/3", "0.333333333333"), ("三分之一", "0.333333333333"), ("百分之六点五", "6.5"),
            ("16.6%", "16.6"), ("两千六", "2600"), ("一百零五", "105"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(ChineseNumber.parse(input), Decimal(string: expected), input)
        }
        XCTAssertEqual(ChineseNumber.read("百分之六点五")?.unit, "%")
        XCTAssertEqual(ChineseNumber.read("1/3")?.isFraction, true)
    }

    /// Past 18 significant digits a run is read again into a Decimal; past 38 it is no number at all.
    func testLongArabicRuns() {
        let cases: [(String, String)] = [
            ("123456789012345678", "123456789012345678"),                  // 18: the UInt64 path
            ("1234567890123456789", "1234567890123456789"),                // 19: read again
            ("0001234567890123456789.5", "1234567890123456789.5"),         // leading zeros are not significant
            ("12,345,678,901,234,567,890", "12345678901234567890"),        // thousands groups on both paths
            ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),  // 38
            ("0.000000000000000000001234", "0.000000000000000000001234"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(ChineseNumber.parse(input), Decimal(string: expected), input)
        }
        XCTAssertNil(ChineseNumber.parse("123456789012345678901234567890123456789"), "39 significant digits")
    }

    func testNotNumerals() {
        for s in ["", "四川", "一些", "abc", "1/0", "万", "5G"] { XCTAssertNil(ChineseNumber.parse(s), s) }
    }
}
