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

extension NumberVectorTests {
    /// chinese2digits: `span=>digits` pairs; each span must parse to the value (percent forms scaled
    /// back to a ratio since chinese2digits converts them).
    func chinese2digitsFailures() throws -> (total: Int, failures: [String]) {
        let rows = try FigureTestData.vectors("chinese2digits_numbers.tsv")
        var total = 0
        var failures: [String] = []
        for (_, expected) in rows {
            for pair in expected.components(separatedBy: "; ") where pair.contains("=>") {
                total += 1
                let parts = pair.components(separatedBy: "=>")
                let span = parts[0], want = Decimal(string: parts[1])
                var got = ChineseNumber.read(span).map { r -> Decimal in
                    switch r.unit { case "%": r.value / 100; case "‰": r.value / 1000; case "‱": r.value / 10000; default: r.value }
                }
                if got != want, let g = got, let w = want, abs(NSDecimalNumber(decimal: g - w).doubleValue) < 1e-12 { got = w }
                if got != want { failures.append(span) }
            }
        }
        return (total, failures)
    }

    /// JioNLP parse_money: the first figure of the input and its bounds.
    func jionlpNumbersFailures() throws -> (total: Int, failures: [String]) {
        let rows = try FigureTestData.vectors("jionlp_numbers.tsv")
        var failures: [String] = []
        for (input, expected) in rows {
            guard let data = expected.data(using: .utf8),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            var want: [Decimal] = []
            if let s = obj["num"] as? String { want = [Decimal(string: s) ?? .nan] }
            if let a = obj["num"] as? [String] { want = a.map { Decimal(string: $0) ?? .nan } }
            let f = recognizeFigures(input).figures.first
            let got = f.map { [$0.value] + ($0.upperValue.map { [$0] } ?? []) } ?? []
            if got != want { failures.append(input) }
        }
        return (rows.count, failures)
    }

    /// JioNLP extract_money: the money spans of a sentence.
    func jionlpMoneyFailures() throws -> (total: Int, failures: [String]) {
        let rows = try FigureTestData.vectors("jionlp_money_extract.tsv")
        let money: Set<String> = ["元", "美元", "欧元", "日元", "港元", "港币", "英镑", "卢布", "韩元", "泰铢", "澳元",
                                  "台币", "新台币", "日币", "元人民币", "块", "块钱", "元钱"]
        var failures: [String] = []
        for (input, expected) in rows {
            guard let data = expected.data(using: .utf8),
                  let arr = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { continue }
            let want = arr.compactMap { $0["text"] as? String }
            let got = recognizeFigures(input).figures.filter { $0.unit.map(money.contains) ?? false }.map(\.text)
            if got != want { failures.append(input) }
        }
        return (rows.count, failures)
    }

    func testChinese2digitsSpans() throws {
        // Deliberate differences: leading-point forms glued to % and 万 (.3%万, -.34%), 四百分之16 read
        // as 4 + 16%, colloquial shorthands 万三 / 千四五, the malformed 五亿七千万十七百, and a 44-digit
        // number beyond Decimal's 38 digits (we return nil rather than a rounded value).
        let exceptions: Set<String> = [".3%万", "-.34%", "四百分之16", "万三", "千四五", "五亿七千万十七百",
                                       "10000000000000000000000000000000000000000000"]
        let (total, failures) = try chinese2digitsFailures()
        print("chinese2digits_numbers: \(total - failures.count)/\(total) spans pass")
        XCTAssertEqual(Set(failures), exceptions)
        XCTAssertGreaterThanOrEqual(total - failures.count, 30)
    }

    func testJionlpNumbers() throws {
        // Deliberate differences: full-width ， is a clause separator in our text, not a thousands
        // separator; no colloquial k / w / 块三毛 / 角 / 分 money, 两个亿, 十几, 八九亿 / 三五百 adjacent-digit
        // ranges or (含); 3000多欧元 is 3000 with qualifier .more (JioNLP: [3000, 4000]); 八到九百亿 is
        // 800亿–900亿 (JioNLP reads 8亿–900亿).
        let exceptions: Set<String> = [
            "82，225.00元", "233,333，333,434.344元", "15k左右", "30w上下", "123元1角1分", "六十四万零一百四十三元一角七分",
            "两个亿卢布", "十块三毛", "一百三十五块六角七分钱", "一百二十三元1角1分", "3000多欧元", "十几块钱", "大约十多欧元",
            "10~15k元", "八到九百亿泰铢", "八九亿韩元", "三五百块", "四五千块钱", "1万(含)-5万元",
        ]
        let (total, failures) = try jionlpNumbersFailures()
        print("jionlp_numbers: \(total - failures.count)/\(total) pass")
        XCTAssertEqual(Set(failures), exceptions)
        XCTAssertGreaterThanOrEqual(total - failures.count, 35)
    }

    func testJionlpMoneyExtraction() throws {
        // Deliberate differences: 圆整 大写 cheques, 角/分 subunits, (含) inside ranges, k salaries.
        let exceptions: Set<String> = [
            "税额共计壹仟玖佰圆整，限月今年12月31日缴清。", "报账金额在1 万(含)-5 万元之间的交由上级批复。",
            "我们薪酬能给到10k~15k。", "今天去了一趟超市，开销123元1角1分",
        ]
        let (total, failures) = try jionlpMoneyFailures()
        print("jionlp_money_extract: \(total - failures.count)/\(total) pass")
        XCTAssertEqual(Set(failures), exceptions)
        XCTAssertGreaterThanOrEqual(total - failures.count, 10)
    }

    func testWeNeverReadSichuanAsANumber() {
        // cn2an's transform turns 四川 into 4川; we never do.
        XCTAssertTrue(recognizeFigures("四川省发布方案").figures.isEmpty)
        XCTAssertNil(ChineseNumber.parse("四川"))
    }
}
