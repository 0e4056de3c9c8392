import XCTest
@testable import PolicyAnalysis

/// The checks through the whole analysis (reading view, real figure reader, structure, aliases).
final class CheckEndToEndTests: XCTestCase {
    static func analyzed(_ text: String) -> [Finding] {
        let codes = Set(ConsistencyChecker.codes)
        return DocumentAnalyzer.analyze(scalars: Array(text.unicodeScalars)).findings.filter { codes.contains($0.code) }
    }

    /// (code, document, text the finding must cover)
    static let mustFire: [(String, String, String)] = [
        ("sum-mismatch", "45个国家先进制造业集群，包括新一代信息技术领域13个、高端装备领域13个、新材料领域7个、消费品领域4个、新能源及智能网联汽车领域3个。", "45个"),
        ("sum-mismatch", "2023年，全省光伏产业实现营业收入 3200 亿元，同比增长25%，其中硅片、电池片、组件分别实现营业收入800亿元、1100亿元和1200亿元。", "3200 亿元"),
        ("sum-mismatch", "2025年，家电以旧换新核销2.4亿元，销售41.4万台；手机等3C产品购新核销 1.36 亿元，销售 37.56 万台。两项合计核销3.86亿元，销售78.96万台。", "3.86亿元"),
        ("ratio-mismatch", "在全省40个工业行业大类中，有31个行业增加值实现同比增长，增长面达80.5%。", "80.5%"),
        ("difference-mismatch", "全省高技术制造业投资增长16.2%，高于全省固定资产投资5.6%的增速12.6个百分点。", "12.6个百分点"),
        ("growth-mismatch", "全省软件业务收入从120亿元增长到150亿元，增长20%。", "20%"),
        ("direction-mismatch", "从2012年至2021年，制造业增加值从16.98万亿元增加到15.4万亿元。", "15.4万亿元"),
        ("count-mismatch", "《行动方案》部署了六大行动：一是实施强链补链行动；二是实施技术攻关行动；三是实施智能制造行动；四是实施绿色低碳行动；五是实施应用推广行动。\n\n2023年，全省光伏产业快速发展。", "六大行动"),
        ("list-length-mismatch", "平板电脑、微型计算机设备、显示器产量分别增长299.7%和109.1%。", "299.7%和109.1%"),
        ("impossible-date", "地方新闻 32023年3月31日\n编辑：徐恒", "32023年"),
        ("impossible-date", "2023年2月30日，会议召开。", "2023年2月30日"),
        ("range-order", "用三年时间（2025—2022年）服务中小企业。", "2025—2022年"),
        ("impossible-share", "服务超过2000家中小企业，其中制造业企业占比达到112%。", "112%"),
    ]

    static let mustStaySilent: [(String, String)] = [
        ("sum-mismatch", "45个国家先进制造业集群，包括新一代信息技术领域18个、高端装备领域13个、新材料领域7个、消费品领域4个、新能源及智能网联汽车领域3个。"),
        ("sum-mismatch", "中小企业还贡献了50%以上的税收、60%以上的国内生产总值、70%以上的技术创新、80%以上的城镇劳动就业、90%以上的企业数量。"),
        ("sum-mismatch", "2025年，家电以旧换新核销2.4亿元，销售41.4万台；手机等3C产品购新核销 1.36 亿元，销售 37.56 万台。两项合计核销3.76亿元，销售78.96万台。"),
        ("ratio-mismatch", "在全省40个工业行业大类中，有31个行业增加值实现同比增长，增长面达77.5%。"),
        ("difference-mismatch", "全省高技术制造业投资增长16.2%，高于全省固定资产投资增速10.6个百分点。"),
        ("difference-mismatch", "零售额分别增长38.2%、37.6%和 40%，高于全国 12、26.7和18.2个百分点。"),
        ("growth-mismatch", "全省软件业务收入从120亿元增长到150亿元，增长25%。"),
        ("direction-mismatch", "柔性关节从 1.0版本的34个增加至41个。占比从上年的 31.5%提升至34.1%。"),
        ("count-mismatch", "并围绕新闻资讯、生活购物等七大领域开展适老化改造。重点推进三方面任务：一是要强基础补短板；二是要提升质量水平；三是要支撑共同富裕。"),
        ("list-length-mismatch", "其中计算机及办公设备制造业、电子及通信设备制造业投资分别增长46.5%和21.3%。手机和电视机出货量分别约占全球1/3和2/5。"),
        ("impossible-date", "2024年2月29日发布。连续34年位居全国之首。用13个月建成。1—2月，增长6.9%。"),
        ("range-order", "《行动计划(2022—2025年)》、《工作方案（2025- 2027年）》。"),
        // Found on news text (CLUENER train): glued numbers, shared values, counts that are names.
        ("impossible-date", "后市曼联继续降水可能很大，曼城主场不败可以信赖。推荐：31\n2007年9月更名改制为江苏长江城市信用社股份有限公司。"),
        ("impossible-date", "星期10月29日21:3510月29号歙县二区王艳总结。城市选拔赛的选手将在6月2728日来到长沙。"),
        ("count-mismatch", "星际争霸2项目：冠军2000元、亚军1000元、季军500元。"),
        ("count-mismatch", "原来定位四个高：高起点的规划、\n仙游县委开展拉网式大检查\n"),
        ("list-length-mismatch", "高某自负六成责任，10名被告分别赔偿原告3000多元至2万不等。三家企业分别获得100万元奖励。"),
        ("sum-mismatch", "该地块楼面价肯定会超过每平方米1万元，中信银行u盾分别为42元、40元和40元。"),
        ("impossible-share", "低音破壁机、果蔬净化清洗机同比增长分别高达2370%、457%。灾备覆盖率达100%。"),
    ]

    func testEveryCodeFiresThroughTheWholeAnalysis() {
        for (code, doc, expected) in Self.mustFire {
            let fs = Self.analyzed(doc).filter { $0.code == code }
            XCTAssertEqual(fs.count, 1, "\(code): \(describe(Self.analyzed(doc), doc))")
            XCTAssertEqual(fs.first.map { covered($0, in: doc) }, expected, code)
            XCTAssertFalse(fs.first?.message.isEmpty ?? true)
            XCTAssertFalse(fs.first?.messageEnglish.isEmpty ?? true)
        }
    }

    func testNearMissesStaySilentThroughTheWholeAnalysis() {
        for (code, doc) in Self.mustStaySilent {
            let fs = Self.analyzed(doc).filter { $0.code == code }
            XCTAssertEqual(fs.count, 0, "\(code): \(describe(fs, doc))")
        }
    }
}
