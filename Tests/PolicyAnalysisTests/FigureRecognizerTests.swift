import Foundation
import XCTest
import PolicyText
@testable import PolicyAnalysis

func recognizeFigures(_ text: String) -> (figures: [Figure], dates: [DateMention]) {
    let found = FigureRecognizer.recognize(in: ReadingView(source: Array(text.unicodeScalars)))
    return (found.figures, found.dates)
}

func dec(_ s: String) -> Decimal { Decimal(string: s) ?? .nan }

final class FigureRecognizerTests: XCTestCase {
    // MARK: values and units

    func testScaledAmountWithSpaceKeepsStatedDecimalsAndScale() throws {
        let f = try XCTUnwrap(recognizeFigures("企业实现营业收入 1697.2 亿元，").figures.first)
        XCTAssertEqual(f.text, "1697.2亿元")  // reading text: typesetting space dropped; `range` still spans the source
        XCTAssertEqual(f.value, dec("169720000000"))
        XCTAssertEqual(f.unit, "元")
        XCTAssertEqual(f.scale, dec("100000000"))
        XCTAssertEqual(f.statedDecimals, 1)
        XCTAssertEqual(f.shape, .amount)
        XCTAssertEqual(f.metric, "营业收入")
        XCTAssertEqual(f.range, 9..<18)
    }

    func testCountWithScaleAndMeasureWord() throws {
        let f = try XCTUnwrap(recognizeFigures("覆盖4亿户家庭").figures.first)
        XCTAssertEqual(f.value, dec("400000000"))
        XCTAssertEqual(f.unit, "户")
        XCTAssertEqual(f.shape, .count)
    }

    func testMixedScalesWanYi() throws {
        let f = try XCTUnwrap(recognizeFigures("营收5.34万亿元").figures.first)
        XCTAssertEqual(f.value, dec("5340000000000"))
        XCTAssertEqual(f.scale, dec("1000000000000"))
        XCTAssertEqual(f.statedDecimals, 2)
        XCTAssertEqual(f.metric, "营收")
    }

    func testPercentageKeepsNumberAsWritten() throws {
        let fs = recognizeFigures("增长16.6%，占比42％，百分之六点五。").figures
        XCTAssertEqual(fs.map(\.value), [dec("16.6"), dec("42"), dec("6.5")])
        XCTAssertEqual(fs.map(\.unit), ["%", "%", "%"])
        XCTAssertEqual(fs.map(\.shape), [.percentage, .percentage, .percentage])
    }

    func testPercentagePoints() throws {
        let f = try XCTUnwrap(recognizeFigures("比上年全年加快1.9个百分点。").figures.first)
        XCTAssertEqual(f.value, dec("1.9"))
        XCTAssertEqual(f.unit, "个百分点")
        XCTAssertEqual(f.shape, .percentagePoints)
    }

    func testSharedPercentagePointsUnitInList() {
        let fs = recognizeFigures("分别增长1.4个和1.2个百分点").figures
        XCTAssertEqual(fs.map(\.unit), ["个百分点", "个百分点"])
        let gs = recognizeFigures("高于全国12、26.7和18.2个百分点").figures
        XCTAssertEqual(gs.map(\.value), [dec("12"), dec("26.7"), dec("18.2")])
        XCTAssertEqual(gs.map(\.shape), [.percentagePoints, .percentagePoints, .percentagePoints])
    }

    func testRate() throws {
        let f = try XCTUnwrap(recognizeFigures("上海机器人密度为260台/万人").figures.first)
        XCTAssertEqual(f.unit, "台/万人")
        XCTAssertEqual(f.shape, .rate)
        XCTAssertEqual(f.metric, "机器人密度")
    }

    func testFractions() {
        let fs = recognizeFigures("占全球1/3和2/5，约三分之一").figures
        XCTAssertEqual(fs.map(\.shape), [.fraction, .fraction, .fraction])
        XCTAssertEqual(fs.map(\.value), [dec("0.333333333333"), dec("0.4"), dec("0.333333333333")])
        XCTAssertEqual(fs.map(\.text), ["1/3", "2/5", "三分之一"])
        XCTAssertEqual(fs.last?.qualifier, .about)
    }

    func testLatinUnitsAndTechnologyNames() {
        let fs = recognizeFigures("建设16GW电池、6英寸/8英寸衬底，5G基站，IPv6，GPT-4，时延1ms，算力38EFLOPS。").figures
        XCTAssertEqual(fs.map(\.text), ["16GW", "6英寸", "8英寸", "1ms", "38EFLOPS"])
    }

    // MARK: counts

    func testChineseCounts() {
        let fs = recognizeFigures("瞄准五大产业，实施六大行动，从三方面提升，四个方面，两个中心，8个项目").figures
        XCTAssertEqual(fs.map(\.text), ["五大产业", "六大行动", "三方面", "四个方面", "两个", "8个"])
        XCTAssertEqual(fs.map(\.value), [5, 6, 3, 4, 2, 8].map { Decimal($0) })
        XCTAssertTrue(fs.allSatisfy { $0.shape == .count })
        XCTAssertEqual(fs.map(\.unit), ["大产业", "大行动", "方面", "个方面", "个", "个"])
    }

    func testChineseWordsThatAreNotNumbers() {
        let text = "四川省一些企业推进一体化，统一部署，进一步发展，推进一批项目，一是强化，第一，第三大，千家万户，零部件，十四五规划，一个目标。"
        XCTAssertEqual(recognizeFigures(text).figures.map(\.text), [])
    }

    func testBareNumbersPhoneEmailAndPagesAreNotFigures() {
        let text = "地方新闻 3\n编辑：徐恒 电话：010-88558813 E-mail：xuh123@cena.com.cn\n上接第1版\n推进“20035”工程"
        XCTAssertEqual(recognizeFigures(text).figures.map(\.text), [])
    }

    // MARK: ranges and qualifiers

    func testRanges() {
        let fs = recognizeFigures("争创3~5个，培育10—15个，3-5个，3至5个，3到5个，两到三万元，1万元--5万元").figures
        XCTAssertEqual(fs.map(\.value), [3, 10, 3, 3, 3, 20000, 10000].map { Decimal($0) })
        XCTAssertEqual(fs.map(\.upperValue), [5, 15, 5, 5, 5, 30000, 50000].map { Decimal($0) })
        XCTAssertTrue(fs.allSatisfy { $0.shape == .range })
    }

    func testQualifiers() {
        let fs = recognizeFigures("超过600亿元，超300项，突破1000亿元，逾200家企业，近700万元，接近3万亿元，不到2万美元，约4.287亿美元，3.1%左右，2.4万余家，3000多欧元，50%以上，40%以下").figures
        XCTAssertEqual(fs.map(\.qualifier), [.over, .over, .over, .over, .nearly, .nearly, .nearly, .about, .about, .more, .more, .over, .nearly])
        // The prefix qualifier stays outside the figure's range.
        XCTAssertEqual(fs.first?.text, "600亿元")
        XCTAssertEqual(fs[9].text, "2.4万余家")
        XCTAssertEqual(fs[9].value, dec("24000"))
    }

    func testFuzzyMagnitude() throws {
        let f = try XCTUnwrap(recognizeFigures("覆盖数百万台设备").figures.first)
        XCTAssertEqual(f.value, dec("1000000"))
        XCTAssertEqual(f.upperValue, dec("10000000"))
        XCTAssertEqual(f.shape, .range)
    }

    // MARK: context

    func testTimeContextIsNearestPrecedingInSentence() {
        let fs = recognizeFigures("2022年，企业营收增长5%，“十四五”以来年均增长16.6%。1—2月，投资增长3%，比上年全年加快1.9个百分点。前10月产量增长2%。").figures
        XCTAssertEqual(fs.map(\.timeContext), ["2022年", "“十四五”以来", "1—2月", "1—2月", "前10月"])
    }

    func testMetricIsNearestMetricWordInClause() {
        let fs = recognizeFigures("制造业增加值从16.98万亿元增加到31.4万亿元，固定资产投资增长5.6%，出货量达8万台。").figures
        XCTAssertEqual(fs.map(\.metric), ["增加值", "增加值", "固定资产投资", "出货量"])
    }

    // MARK: dates

    func testDates() {
        let ds = recognizeFigures("2023年3月31日，4月9日，（2022—2025年），2023年，1—2月，2012年至2021年，2022年1-10月，2023年一季度，上半年，二〇二三年七月四日").dates
        XCTAssertEqual(ds.map(\.normalized), ["2023-03-31", "--04-09", "2022/2025", "2023", "--01/--02", "2012/2021",
                                              "2022-01/2022-10", "2023-Q1", "H1", "2023-07-04"])
        XCTAssertEqual(ds[2].endYear, 2025)
        XCTAssertEqual(ds[4].endMonth, 2)
    }

    func testImpossibleDatesAreStillRead() {
        let r = recognizeFigures("地方新闻 32023年3月31日；2月30日")
        XCTAssertEqual(r.dates.map(\.normalized), ["32023-03-31", "--02-30"])
        XCTAssertEqual(r.dates.first?.year, 32023)
        XCTAssertEqual(r.figures.count, 0)
    }

    func testDatesAreNotFigures() {
        XCTAssertEqual(recognizeFigures("2023年3月，2024年电子信息").figures.count, 0)
    }

    // MARK: guard rails

    func testHugeNumbersDoNotTrap() {
        let digits = String(repeating: "9", count: 10_000) + "亿元"
        let chinese = String(repeating: "九", count: 1_000) + "万元，" + String(repeating: "一千", count: 500) + "亿元"
        let r = recognizeFigures(digits + "，" + chinese + "，增长5%")
        XCTAssertEqual(r.figures.last?.value, 5)
        XCTAssertNil(ChineseNumber.parse(String(repeating: "9", count: 39)))
        XCTAssertNotNil(ChineseNumber.parse(String(repeating: "9", count: 38)))
    }

    /// The start scan visits sixteen positions at a time: figures and periods at every offset from a
    /// block boundary, ending the text, and running across a boundary are read all the same.
    func testStartsAtEveryOffsetOfTheScanBlocks() {
        for offset in 0..<40 {
            let pad = String(repeating: "的", count: offset)
            let r = recognizeFigures(pad + "1,234.5万元和百分之五，一批三季度共五大产业12%")
            XCTAssertEqual(r.figures.map(\.text), ["1,234.5万元", "百分之五", "五大产业", "12%"], "offset \(offset)")
            XCTAssertEqual(r.figures.first?.range, offset..<offset + 9)
            XCTAssertEqual(r.dates.map(\.normalized), ["Q3"], "offset \(offset)")
        }
    }

    /// Scalars above the BMP whose low 16 bits name a start (三 U+4E09, 测 U+6D4B) start nothing and
    /// rule out nothing.
    func testScalarsAboveTheBMPInTheStartScan() {
        let r = recognizeFigures("\u{14E09}个，三\u{16D4B}，五\u{20000}个，增长\u{14E09}5%")
        XCTAssertEqual(r.figures.map(\.text), ["5%"])
    }

    /// The start scan's classes agree with the rules they stand for, for every BMP scalar.
    func testStartClassesMatchTheirRules() {
        let words = FigureWords.shared
        let classes = words.textClasses
        for v in UInt32(0)..<0x10000 {
            guard let c = Unicode.Scalar(v) else { continue }
            let exception = "点分多余季和及与或至到大半".unicodeScalars.contains(c)
            let endsLone = PolicyScan.isHan(v) && !NumeralScanner.isNumeralChar(c) && !words.units.mayStart(with: c)
                && !exception
            XCTAssertEqual(classes.contains(c, FigureWords.endsLoneDigit), endsLone, "U+\(String(v, radix: 16))")
            XCTAssertEqual(classes.contains(c, FigureWords.alwaysStart), NumeralScanner.isASCIIDigit(c) || "十廿卅".unicodeScalars.contains(c))
            XCTAssertEqual(classes.contains(c, FigureWords.conditionalStart),
                           NumeralScanner.chineseDigit(c) != nil || "百千万数几上下第前".unicodeScalars.contains(c))
            // The start scan tells Chinese digits from the other conditional starts by this.
            if classes.contains(c, FigureWords.conditionalStart) {
                XCTAssertEqual(classes.contains(c, FigureWords.endsLoneDigit), "数几上下第前".unicodeScalars.contains(c))
            }
            XCTAssertEqual(FigureReader.isLatin(c), ("A"..."Z").contains(c) || ("a"..."z").contains(c))
            let connectors: Set<UInt32> = [0x7E, 0xFF5E, 0x301C, 0x2014, 0x2013, 0x2D, 0xFF0D, 0x81F3, 0x5230, 0x2015]
            XCTAssertEqual(words.pointClasses.contains(c, FigureWords.connector), connectors.contains(v))
            XCTAssertEqual(words.pointClasses.contains(c, FigureWords.dateUnit), "年月日".unicodeScalars.contains(c))
        }
    }

    /// Backward scans over the classes, sixteen at a time, find the same ends as one position at a time.
    func testTextClassesLastEnd() {
        let text = Array("增长，营业收入达到3.5亿元。\u{20000}同比增长12%，占比（约）30%；\n全年".unicodeScalars)
        let classes = text.withUnsafeBufferPointer { TextClasses($0, FigureWords.shared.textClasses) }
        let masks = [FigureWords.clauseEnd, FigureWords.sentenceEnd, FigureWords.metricEnd, FigureWords.timeEnd]
        classes.withClasses { c in
            for mask in masks {
                for lo in -1...text.count {
                    for hi in lo...text.count + 2 {
                        var expected = lo
                        var k = min(hi, text.count)
                        while k > max(lo, 0) {
                            if FigureWords.shared.textClasses.contains(text[k - 1], mask) { expected = k; break }
                            k -= 1
                        }
                        XCTAssertEqual(TextClasses.lastEnd(c, count: text.count, before: hi, downTo: lo, mask), expected)
                    }
                }
            }
        }
    }

    /// Reported figures are built in place field by field: `FigureFields` must name every stored
    /// property of `Figure`.
    func testFigureFieldsNameEveryStoredProperty() throws {
        let figure = Figure(text: "", range: 0..<0, value: 0, unit: nil, shape: .amount)
        let fields = try XCTUnwrap(FigureFields.offsets)
        XCTAssertEqual(Mirror(reflecting: figure).children.count, Mirror(reflecting: fields).children.count)
        let f = try XCTUnwrap(recognizeFigures("2023年营业收入约3~5.5亿元，增长12%").figures.first)
        XCTAssertEqual(f.text, "3~5.5亿元")
        XCTAssertEqual(f.range, 10..<17)
        XCTAssertEqual(f.value, 300_000_000)
        XCTAssertEqual(f.upperValue, 550_000_000)
        XCTAssertEqual(f.unit, "元")
        XCTAssertEqual(f.shape, .range)
        XCTAssertEqual(f.qualifier, .about)
        XCTAssertEqual(f.statedDecimals, 1)
        XCTAssertEqual(f.scale, 100_000_000)
        XCTAssertEqual(f.metric, "营业收入")
        XCTAssertEqual(f.timeContext, "2023年")
    }

    func testEmptyAndPunctuationOnly() {
        XCTAssertEqual(recognizeFigures("").figures.count, 0)
        XCTAssertEqual(recognizeFigures("。，、%个百分点亿元").figures.count, 0)
    }
}
