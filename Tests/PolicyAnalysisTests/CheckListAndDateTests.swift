import XCTest
@testable import PolicyAnalysis

/// Stated counts, 分别 lists, impossible dates, backwards ranges, impossible shares.
final class CheckListAndDateTests: XCTestCase {
    private func only(_ code: String, _ text: String) -> [Finding] {
        runChecks(text).filter { $0.code == code }
    }

    // MARK: count-mismatch

    func testSixActionsWithFiveEnumeratedItems() {
        let text = "《行动方案》部署了六大行动：一是实施强链补链行动；二是实施技术攻关行动；三是实施智能制造行动；四是实施绿色低碳行动；五是实施应用推广行动。\n\n2023年，全省光伏产业实现营业收入3200亿元。"
        let fs = only("count-mismatch", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        guard let f = fs.first else { return }
        XCTAssertEqual(covered(f, in: text), "六大行动")
        XCTAssertTrue(f.message.contains("列举了5项"), f.message)
        XCTAssertEqual(f.related.count, 5)
        XCTAssertEqual(f.suggestedReplacement, "五大行动")
    }

    func testEnumerationAcrossParagraphsThatMatchesStaysSilent() {
        var text = "今年全省科技系统重点开展六大行动。"
        for n in ["一", "二", "三", "四", "五", "六"] { text += "\(n)是开展科技创新行动，推动融通创新。\n\n" }
        text += "吉林省商务厅相关负责人表示，下一步，将持续深化以旧换新工作。一是防范资金风险。\n\n二是扩大政策范围。"
        XCTAssertEqual(only("count-mismatch", text).count, 0, describe(only("count-mismatch", text), text))
    }

    func testSemicolonListAfterColonIsCounted() {
        let good = "下一代人形机器人的进化方向将聚焦于三个方面：更高的智能水平，实现自主决策；更强的感知能力，获取环境信息；更灵活的操控能力，实现多种姿态。"
        XCTAssertEqual(only("count-mismatch", good).count, 0, describe(only("count-mismatch", good), good))
        let bad = "进化方向将聚焦于四个方面：更高的智能水平，实现自主决策；更强的感知能力；更灵活的操控能力。"
        let fs = only("count-mismatch", bad)
        XCTAssertEqual(fs.count, 1, describe(fs, bad))
        XCTAssertEqual(fs.first?.suggestedReplacement, "三个方面")
    }

    func testCountsWithoutAFollowingListStaySilent() {
        for t in ["重点开展六大行动，以促进科技创新与产业创新深度融合。一是加强协同。二是扩大开放。",
                  "并围绕新闻资讯、生活购物等七大领域开展适老化改造。",
                  "重点推进三方面任务：一是要强基础补短板；二是要提升质量水平；三是要支撑共同富裕。",
                  "聚焦五大产业：半导体、光伏、新型化学电池、智能电子和计算。"] {
            XCTAssertEqual(only("count-mismatch", t).count, 0, describe(only("count-mismatch", t), t))
        }
    }

    // MARK: list-length-mismatch

    func testFenBieWithFewerValuesThanItems() {
        let counted = "1—2月，三种产品产量分别增长299.7%和109.1%。"
        let fs = only("list-length-mismatch", counted)
        XCTAssertEqual(fs.count, 1, describe(fs, counted))
        XCTAssertEqual(fs.first.map { covered($0, in: counted) }, "299.7%和109.1%")
        XCTAssertTrue(fs.first?.message.contains("3项") ?? false)
        let listed = "平板电脑、微型计算机设备、显示器产量分别增长299.7%和109.1%。"
        XCTAssertEqual(only("list-length-mismatch", listed).count, 1, describe(runChecks(listed), listed))
    }

    func testFenBieListsThatPairUpStaySilent() {
        for t in ["平板电脑、微型计算机设备、显示器产量分别增长299.7%、109.1%和76.0%。",
                  "河南计算机通信和其他电子设备制造业增加值、固定资产投资分别增长28.7%和39.4%。",
                  "全省高技术制造业、工业战略性新兴产业增加值同比分别增长12.9%和6.0%，分别拉动全省规上工业增加值增长1.4个和1.2个百分点。",
                  "有关链主企业、服务商和运营商围绕试点方案分别进行了讲解。"] {
            XCTAssertEqual(only("list-length-mismatch", t).count, 0, describe(only("list-length-mismatch", t), t))
        }
    }

    // MARK: impossible-date

    func testImpossibleYearMonthAndDay() {
        let header = "地方新闻 32023年3月31日\n编辑：徐恒"
        let fs = only("impossible-date", header)
        XCTAssertEqual(fs.count, 1, describe(fs, header))
        XCTAssertEqual(fs.first.map { covered($0, in: header) }, "32023年")
        XCTAssertEqual(fs.first?.severity, .error)
        let feb = "2023年2月30日，会议召开。"
        XCTAssertEqual(only("impossible-date", feb).map { covered($0, in: feb) }, ["2023年2月30日"])
        let month = "2023年13月，项目开工。"
        XCTAssertEqual(only("impossible-date", month).map { covered($0, in: month) }, ["13月"])
    }

    func testPossibleDatesAndDurationsStaySilent() {
        for t in ["2024年2月29日发布。连续34年位居全国之首。用13个月建成。1—2月，增长6.9%。2022年1-10月出口增长。4月9日召开。3 月 9 日印发。"] {
            XCTAssertEqual(only("impossible-date", t).count, 0, describe(only("impossible-date", t), t))
        }
        XCTAssertEqual(only("impossible-date", "2023年2月29日").count, 1)
    }

    // MARK: range-order

    func testPeriodThatRunsBackwards() {
        let text = "用三年时间（2026—2024年）服务超过2000家中小企业。"
        let fs = only("range-order", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first.map { covered($0, in: text) }, "2026—2024年")
        XCTAssertEqual(only("range-order", "培育5~3家龙头企业。").count, 1)
    }

    func testForwardPeriodsStaySilent() {
        let text = "《行动计划(2022—2025年)》、《工作方案（2025- 2027年）》，从2012年至2021年，2020—2023年，培育3~5家企业。"
        XCTAssertEqual(only("range-order", text).count, 0, describe(only("range-order", text), text))
    }

    // MARK: impossible-share

    func testShareAboveOneHundredPercent() {
        let text = "服务超过2000家中小企业，其中制造业企业占比达到112%。"
        let fs = only("impossible-share", text)
        XCTAssertEqual(fs.count, 1, describe(fs, text))
        XCTAssertEqual(fs.first.map { covered($0, in: text) }, "112%")
    }

    func testGrowthAboveOneHundredPercentIsNotAShare() {
        for t in ["低音破壁机、果蔬净化清洗机同比增长分别高达2370%、457%。",
                  "重点行业核心数据、重要数据灾备覆盖率达100%。",
                  "新增国产化算力占比达到70%。"] {
            XCTAssertEqual(only("impossible-share", t).count, 0, describe(only("impossible-share", t), t))
        }
    }
}

final class CheckListNamesWithJoinersTests: XCTestCase {
    func testJoinersInsideNamesDoNotAddItems() {
        let t = "其中计算机及办公设备制造业、电子及通信设备制造业投资分别增长46.5%和21.3%。"
        let fs = runChecks(t).filter { $0.code == "list-length-mismatch" }
        XCTAssertEqual(fs.count, 0, describe(fs, t))
    }
}
