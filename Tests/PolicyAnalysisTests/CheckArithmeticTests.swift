import XCTest
@testable import PolicyAnalysis

/// Sums, ratios, differences, growth and direction, on small documents read by the mini figure reader.
final class CheckArithmeticTests: XCTestCase {
    private func only(_ code: String, _ text: String) -> [Finding] {
        runChecks(text).filter { $0.code == code }
    }

    // MARK: sum-mismatch

    func testBreakdownAfterIncludingThatDoesNotAddUpIsFlaggedAtTheTotal() {
        let text = "工信部公布45个国家先进制造业集群的名单。45个国家先进制造业集群，包括新一代信息技术领域13个、高端装备领域13个、新材料领域7个、消费品领域4个、新能源及智能网联汽车领域3个。"
        let fs = only("sum-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(f.range.lowerBound, scalarOffset(of: "45个", in: text, occurrence: 2))
        XCTAssertEqual(covered(f, in: text), "45个")
        XCTAssertTrue(f.message.contains("= 40个"), f.message)
        XCTAssertTrue(f.messageEnglish.contains("40"), f.messageEnglish)
        XCTAssertEqual(f.related.count, 5)
        XCTAssertEqual(f.suggestedReplacement, "40个")
        XCTAssertEqual(f.severity, .warning)
    }

    func testBreakdownWithQiZhongAndFenBieIsSummedInBaseUnits() {
        let text = "2023年，全省光伏产业实现营业收入3200亿元，同比增长25%，其中硅片、电池片、组件分别实现营业收入800亿元、1100亿元和1200亿元。"
        let fs = only("sum-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first.map { covered($0, in: text) }, "3200亿元")
        XCTAssertEqual(fs.first?.suggestedReplacement, "3100亿元")
    }

    func testBreakdownThatAddsUpOrIsPartialOrRoundedStaysSilent() {
        let texts = [
            "45个国家先进制造业集群，包括新一代信息技术领域18个、高端装备领域13个、新材料领域7个、消费品领域4个、新能源及智能网联汽车领域3个。",
            // A list ending in 等 is partial.
            "45个国家先进制造业集群，包括新一代信息技术领域13个、高端装备领域13个等。",
            // 超 makes the total a lower bound.
            "超过45个集群，包括电子信息领域13个、高端装备领域13个。",
            // Rounded total: 23亿元 stands for 22.5–23.5亿元.
            "销售额23亿元，其中家电12.75亿元、手机10.73亿元。",
            // Shares of different wholes are not parts of one total.
            "中小企业贡献了50%以上的税收、60%以上的国内生产总值、70%以上的技术创新、80%以上的城镇劳动就业、90%以上的企业数量。",
            // 其中 without 分别 may list only some parts.
            "全年完成投资1000亿元，其中工业投资400亿元、基础设施投资300亿元。",
            "包括但不限于电子信息领域13个、装备领域12个，共有45个。",
            // The parts that add up come first; a later figure of the same unit is not a part.
            "共有10个基地，其中东部6个、西部4个，覆盖20个省份。",
        ]
        for t in texts { XCTAssertEqual(only("sum-mismatch", t).count, 0, describe(only("sum-mismatch", t), t)) }
    }

    func testTotalAfterHeJiWithStatedCountUsesTheMatchingLabels() {
        let bad = "2025年，家电以旧换新核销2.4亿元，销售41.4万台，销售额12.75亿元；手机等3C产品购新核销1.36亿元，销售37.56万台，销售额10.73亿元。两项合计核销3.86亿元，销售78.96万台，销售额23.48亿元。"
        let fs = only("sum-mismatch", bad)
        XCTAssertEqual(fs.count, 1, describe(fs, bad))
        XCTAssertEqual(fs.first.map { covered($0, in: bad) }, "3.86亿元")
        XCTAssertEqual(fs.first?.suggestedReplacement, "3.76亿元")
        let good = bad.replacingOccurrences(of: "3.86亿元", with: "3.76亿元")
        XCTAssertEqual(only("sum-mismatch", good).count, 0, describe(only("sum-mismatch", good), good))
    }

    func testGongAfterAListOfPartsIsChecked() {
        let text = "东部3个、西部5个，共9个。"
        let fs = only("sum-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first?.suggestedReplacement, "8个")
        XCTAssertEqual(only("sum-mismatch", "东部3个、西部5个，共8个。").count, 0)
        // 共建 is not 共.
        XCTAssertEqual(only("sum-mismatch", "东部3个、西部5个，共建9个平台。").count, 0)
    }

    // MARK: ratio-mismatch

    func testShareStatedNextToItsCountsIsRecomputed() {
        let text = "在全省40个工业行业大类中，有31个行业增加值实现同比增长，增长面达80.5%。"
        let fs = only("ratio-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(covered(f, in: text), "80.5%")
        XCTAssertTrue(f.message.contains("31/40 = 77.5%"), f.message)
        XCTAssertEqual(f.suggestedReplacement, "77.5%")
        XCTAssertEqual(f.related.count, 2)
    }

    func testShareThatAgreesOrHasNoStatedWholeStaysSilent() {
        for t in ["在全省40个工业行业大类中，有31个行业增加值实现同比增长，增长面达77.5%。",
                  "全省60个园区中有45个实现产值增长，增长面达75%。",
                  "布局建设了18家国家制造业创新中心，占全部国家级创新中心数量的70%。"] {
            XCTAssertEqual(only("ratio-mismatch", t).count, 0, describe(only("ratio-mismatch", t), t))
        }
    }

    // MARK: difference-mismatch

    func testPercentagePointGapAgainstTwoStatedRates() {
        let text = "全省高技术制造业投资增长16.2%，高于全省固定资产投资5.6%的增速12.6个百分点。"
        let fs = only("difference-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(covered(f, in: text), "12.6个百分点")
        XCTAssertTrue(f.message.contains("16.2% − 5.6% = 10.6个百分点"), f.message)
        XCTAssertEqual(f.suggestedReplacement, "10.6个百分点")
    }

    func testComparisonWithBiAndFromToAreChecked() {
        let bi = "今年增长8.9%，比上年的6.1%加快1.8个百分点。"
        XCTAssertEqual(only("difference-mismatch", bi).first?.suggestedReplacement, "2.8个百分点", describe(runChecks(bi), bi))
        let fromTo = "占整体家电市场的比例从上年的31.5%提升至34.1%，提高3.6个百分点。"
        XCTAssertEqual(only("difference-mismatch", fromTo).first?.suggestedReplacement, "2.6个百分点", describe(runChecks(fromTo), fromTo))
    }

    func testDifferenceNearMissesStaySilent() {
        for t in ["全省高技术制造业投资增长16.2%，高于全省固定资产投资5.6%的增速10.6个百分点。",
                  // The second rate is not stated here.
                  "全省高技术制造业投资增长16.2%，高于全省固定资产投资增速12.6个百分点。",
                  "零售额分别增长38.2%、37.6%和40%，高于全国12、26.7和18.2个百分点。",
                  "比上年的6.10%加快2.8个百分点，今年增长8.9%。",
                  "1—2月，河南规模以上工业增加值同比增长6.9%，比上年全年加快1.9个百分点。"] {
            XCTAssertEqual(only("difference-mismatch", t).count, 0, describe(only("difference-mismatch", t), t))
        }
    }

    // MARK: growth-mismatch and direction-mismatch

    func testGrowthRateFromTwoStatedValues() {
        let text = "全省软件业务收入从120亿元增长到150亿元，增长20%。"
        let fs = only("growth-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(covered(f, in: text), "20%")
        XCTAssertTrue(f.message.contains("= 25.0%"), f.message)
        XCTAssertEqual(f.suggestedReplacement, "25%")
    }

    func testGrowthAgainstAStatedBaseWithBi() {
        let text = "2023年全省软件业务收入150亿元，比上年的120亿元增长20%。"
        let fs = only("growth-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first?.suggestedReplacement, "25%")
        for t in ["2023年全省软件业务收入150亿元，比上年的120亿元增长25%。",
                  // 30亿元 is the increment, not the base.
                  "2023年全省软件业务收入150亿元，比上年增加30亿元，增长25%。",
                  "2023年全省软件业务收入150亿元，比上年增加30亿元增长25%。"] {
            XCTAssertEqual(only("growth-mismatch", t).count, 0, describe(only("growth-mismatch", t), t))
        }
    }

    func testGrowthNearMissesStaySilent() {
        for t in ["全省软件业务收入从120亿元增长到150亿元，增长25%。",
                  "全省软件业务收入从120亿元增长到150亿元，年均增长20%。",
                  "全省软件业务收入从约120亿元增长到150亿元，增长20%。"] {
            XCTAssertEqual(only("growth-mismatch", t).count, 0, describe(only("growth-mismatch", t), t))
        }
    }

    func testDirectionWordThatContradictsTheValues() {
        let text = "从2012年至2021年，制造业增加值从16.98万亿元增加到15.4万亿元。"
        let fs = only("direction-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first.map { covered($0, in: text) }, "15.4万亿元")
        XCTAssertTrue(fs.first?.message.contains("增加到") ?? false, fs.first?.message ?? "")
        let down = "库存从500台下降到650台。"
        XCTAssertEqual(only("direction-mismatch", down).count, 1, describe(runChecks(down), down))
    }

    func testDirectionNearMissesStaySilent() {
        for t in ["从2012年至2021年，制造业增加值从16.98万亿元增加到31.4万亿元。",
                  "占整体家电市场的比例从上年的31.5%提升至34.1%。",
                  "柔性关节从1.0版本的34个增加至41个。",
                  "库存从500台下降到350台。"] {
            XCTAssertEqual(only("direction-mismatch", t).count, 0, describe(only("direction-mismatch", t), t))
        }
    }
}
