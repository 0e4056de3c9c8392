import XCTest
@testable import PolicyAnalysis
import PolicyText

final class StructureTests: XCTestCase {
    private func parse(_ t: String) -> (DocumentStructure, [Unicode.Scalar]) {
        let s = Array(t.unicodeScalars)
        return (StructureParser.parse(view: ReadingView(source: s)), s)
    }

    func testPlainTextWithoutMarkersIsOneArticle() {
        let (d, s) = parse("第一段正文内容，说明情况。\n第二段正文内容，继续说明。")
        XCTAssertEqual(d.articles.count, 1)
        XCTAssertNil(d.articles[0].headline)
        XCTAssertEqual(d.articles[0].range, 0..<s.count)
    }

    func testMarkdownHeadingsStartArticlesAndSubheadingsAreSections() {
        let text = """
        ## 上海：加快打造智能制造集聚地

        本报记者 吴丽琳

        近日，《白皮书》发布。

        ### 智能制造基础优势明显

        上海智能制造基础优势明显。

        ## 江西培育先进制造业集群

        本报讯 江西省工业和信息化厅近日印发了办法。(赣文)
        """
        let (d, s) = parse(text)
        XCTAssertEqual(d.articles.map(\.headline), ["上海：加快打造智能制造集聚地", "江西培育先进制造业集群"])
        XCTAssertEqual(d.articles.map(\.byline), ["本报记者 吴丽琳", "本报讯"])
        XCTAssertEqual(d.articles[0].sections.map(\.title), ["智能制造基础优势明显"])
        XCTAssertEqual(d.articles[0].sections.first?.level, 3)
        let sec = d.articles[0].sections[0]
        XCTAssertTrue(PolicyTestSupport.text(s, sec.range).hasSuffix("上海智能制造基础优势明显。"))
        XCTAssertTrue(PolicyTestSupport.text(s, d.articles[1].range).hasSuffix("(赣文)"))
    }

    func testHeadlineBeforeBylineStartsArticleAndPageHeaderIsNotAHeadline() {
        let text = """
        地方新闻 32023年3月31日
        编辑：徐恒 电话：010-88558813
        天津市产业链对接平台
        正式上线
        本报讯 为保障产业链供应链畅通运转，平台于近日宣布上线。
        平台由天津市工业和信息化局指导。 （吴丽琳）
        """
        let (d, s) = parse(text)
        XCTAssertEqual(d.articles.count, 1)
        XCTAssertEqual(d.articles[0].headline, "天津市产业链对接平台正式上线")
        XCTAssertEqual(d.articles[0].byline, "本报讯")
        XCTAssertTrue(PolicyTestSupport.text(s, d.articles[0].range).hasPrefix("天津市"))
    }

    func testHeadlinePrintedAfterItsArticleAttachesToIt() {
        // As on page 001: sign-off, then the headline of the article that just ended, then the next article.
        let text = """
        本报讯 近日，湖北印发了中小企业特色产业集群高质量发展工作方案。根据方案，湖北将培育特色产业集群。 （鄂 文）

        湖北推动

        中小企业特色产业集群高质量发展

        本报讯 近日，山西召开2025年科技工作会议，重点开展六大行动。 （晋 讯）

        山西开展六大行动
        """
        let (d, _) = parse(text)
        XCTAssertEqual(d.articles.count, 2)
        XCTAssertEqual(d.articles.map(\.headline), ["湖北推动中小企业特色产业集群高质量发展", "山西开展六大行动"])
    }

    func testSignOffEndsArticle() {
        let text = "本报讯 第一篇文章的正文。（鄂 文）\n后续没有署名的第二篇正文。"
        let (d, _) = parse(text)
        XCTAssertEqual(d.articles.count, 2)
        XCTAssertEqual(d.articles[1].byline, nil)
    }

    func testTableOfContentsIsNotTakenForArticles() {
        let text = """
        本期导读
        工信部部署重点任务 …………… 2
        广东发布算力计划 …………… 3
        江西培育产业集群 …………… 5
        ## 工信部部署重点任务

        本报讯 会议强调，要稳住工业经济。
        """
        let (d, _) = parse(text)
        XCTAssertEqual(d.articles.count, 1)
        XCTAssertEqual(d.articles[0].headline, "工信部部署重点任务")
    }

    func testEnumerationStyles() {
        let text = """
        今年重点开展六大行动。一是开展科技管理创新提升行动，建立健全工作机制。二是开展融合行动，布局项目。三是开展强化行动。
        一、总体要求
        二、重点任务
        （一）加强统筹
        （二）强化保障
        第一，“三化”是需求拉动；第二，“三化”是供给可求。
        首先，要做好战略设计；其次，要立足优势；最后，要加强合作。
        1. 提升质量
        2. 优化生态
        统一是前提，不是第二个目标。
        """
        let (d, s) = parse(text)
        let enums = d.articles.flatMap(\.enumerations)
        XCTAssertEqual(enums.map(\.style), [.yiShi, .dunHao, .parenthesized, .diYi, .shouXian, .arabic])
        let yi = enums[0]
        XCTAssertEqual(yi.items.map(\.ordinal), [1, 2, 3])
        XCTAssertEqual(yi.items.map(\.marker), ["一是", "二是", "三是"])
        XCTAssertEqual(yi.items.map(\.summary), ["开展科技管理创新提升行动", "开展融合行动", "开展强化行动"])
        XCTAssertEqual(PolicyTestSupport.text(s, yi.items[0].markerRange), "一是")
        XCTAssertEqual(PolicyTestSupport.text(s, yi.items[0].range), "一是开展科技管理创新提升行动，建立健全工作机制。")
        XCTAssertEqual(enums[1].items.map(\.summary), ["总体要求", "重点任务"])
        XCTAssertEqual(enums[2].items.map(\.marker), ["（一）", "（二）"])
        XCTAssertEqual(enums[3].items.map(\.summary), ["“三化”是需求拉动", "“三化”是供给可求"])
        XCTAssertEqual(enums[4].items.map(\.ordinal), [1, 2, 3])
        XCTAssertEqual(enums[4].items.last?.marker, "最后")
        XCTAssertEqual(enums[5].items.map(\.summary), ["提升质量", "优化生态"])
    }

    func testLetterSpacedMarkerAndItemsInSeparateParagraphs() {
        let text = "据介绍，将通过以下举措。\n一 是 加 大 政 策 资 金 支 持 力 度。每年遴选项目。\n二是多方联动、系统发力，壮大开源生态。\n"
        let (d, _) = parse(text)
        let e = d.articles.flatMap(\.enumerations)
        XCTAssertEqual(e.count, 1)
        XCTAssertEqual(e.first?.items.map(\.summary), ["加大政策资金支持力度", "多方联动、系统发力"])
    }

    func testNoEnumerationFromLoneOrdinalOrWordsContainingNumerals() {
        let (d, _) = parse("统一是关键，全国第一，二是不够的。唯一是他。1.5倍增长。")
        XCTAssertTrue(d.articles.flatMap(\.enumerations).isEmpty)
    }

    func testScanClassesAgreeWithPolicyScan() {
        typealias E = EnumerationFinder
        let classes = E.scanClasses
        let kinds: UInt8 = E.markerKinds | E.lineBreak | E.space | E.furnitureMarkStart
        for v in UInt32(0)...0xFFFF {
            guard let c = Unicode.Scalar(v) else { continue }
            let k = classes[Int(v)] & kinds
            let name = "U+\(String(v, radix: 16))"
            XCTAssertEqual(k == E.lineBreak, PolicyScan.isNewline(v), name)
            XCTAssertEqual(k == E.space, PolicyScan.isSpace(v), name)
            XCTAssertEqual(k == E.numeralStart, PolicyScan.isChineseNumeralScalar(c), name)
            XCTAssertEqual(k == E.digitStart, PolicyScan.digit(v) != nil, name)
            XCTAssertEqual(k == E.furnitureMarkStart, StructureParser.words.furnitureMarks.contains { $0.first == c }, name)
            // Every marker follows white space, clause punctuation, 第 or an opening parenthesis.
            let predecessor = PolicyScan.isWhite(v) || PolicyScan.isClausePunct(v) || v == 0x7B2C || v == 0xFF08 || v == 0x28
            XCTAssertEqual(classes[Int(v)] & E.markerPredecessor != 0, predecessor, name)
        }
    }

    /// The block scan of `StructureParser.lines` against a scalar-by-scalar reading of what it finds, on
    /// texts of many short lines mixing markers, their predecessors, white space, page-furniture marks
    /// and astral scalars whose low 16 bits are a line break, a space or a numeral.
    func testLineScanAgreesWithScalarByScalarReading() {
        let palette: [Unicode.Scalar] = ["政", "策", "一", "二", "十", "第", "最", "1", "９", "，", "。", "（", "(", " ",
                                         "\u{3000}", "\n", "\r", "\u{2028}", "编", "电", "美", "E", "a", "“", "\u{1000A}",
                                         "\u{10020}", "\u{14E00}"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % bound
        }
        for round in 0..<300 {
            let length = round < 40 ? round : next(round % 3 == 0 ? 1200 : 400)
            // Every third text has long lines (cut after 81 and 200 scalars) with spaced ASCII words.
            let s = (0..<length).map { _ -> Unicode.Scalar in
                let c = next(4) == 0 ? palette[next(palette.count)] : "业"
                return round % 3 == 0 && PolicyScan.isNewline(c.value) && next(8) != 0 ? "a" : c
            }
            var lines: [StructureParser.Line] = []
            let (texts, breaks, starts) = StructureParser.lines(s, into: &lines)
            var expectedLines: [(range: Range<Int>, text: [Unicode.Scalar], untrimmed: Range<Int>)] = []
            var expectedBreaks: [Int] = []
            var expectedStarts: [Int] = []
            var lineStart = 0
            for i in 0...s.count {
                if i < s.count, !PolicyScan.isNewline(s[i].value) {
                    let kind = s[i].value < 0x1_0000 ? EnumerationFinder.scanClasses[Int(s[i].value)] & EnumerationFinder.markerKinds : 0
                    let v = i > 0 ? s[i - 1].value : 0x0A
                    let afterPredecessor = PolicyScan.isWhite(v) || PolicyScan.isClausePunct(v) || v == 0x7B2C || v == 0xFF08 || v == 0x28
                    if kind != 0 && afterPredecessor { expectedStarts.append(i) }
                    continue
                }
                var a = lineStart, b = i
                while a < b, PolicyScan.isSpace(s[a].value) { a += 1 }
                while b > a, PolicyScan.isSpace(s[b - 1].value) { b -= 1 }
                if a < b { expectedLines.append((a..<b, Array(PolicyScan.compact(s, a..<min(b, a + 200)).prefix(81)), lineStart..<i)) }
                if i < s.count, PolicyScan.isParagraphBreak(s, newlineAt: i) { expectedBreaks.append(i) }
                lineStart = i + 1
            }
            XCTAssertEqual(lines.map(\.range), expectedLines.map(\.range), "round \(round)")
            XCTAssertEqual(lines.map { Array(texts[$0.textRange]) }, expectedLines.map(\.text), "round \(round)")
            XCTAssertEqual(breaks, expectedBreaks, "round \(round)")
            XCTAssertEqual(starts, expectedStarts, "round \(round)")
            guard lines.count == expectedLines.count else { continue }
            for (l, expected) in zip(lines, expectedLines) {
                let t = Array(texts[l.textRange])
                let width = t.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
                XCTAssertEqual(l.width, t.count <= 80 && l.range.count <= 200 ? width : Int.max / 4, "round \(round)")
                // Where a mark may start: known exactly in a short line without white space.
                let line = s[expected.untrimmed]
                let firstMark = line.firstIndex { c in StructureParser.words.furnitureMarks.contains { $0.first == c } }
                XCTAssertEqual(l.furnitureMarksFrom >= 0, firstMark != nil, "round \(round)")
                if let m = firstMark, t.count <= 80, !line.contains(where: { PolicyScan.isSpace($0.value) }) {
                    XCTAssertEqual(l.furnitureMarksFrom, m - l.range.lowerBound, "round \(round)")
                }
            }
        }
    }

    func testMarkersAfterSpacesParenthesesAndAstralScalars() {
        // Markers at the text start, after letter spacing and full-width spaces, after an astral scalar whose
        // low 16 bits are a line break (U+1000A) or a numeral (U+14E00), and none inside words.
        let text = "一、总体要求\n\u{3000}二、重点任务 \u{1000A}三、不是标记\n  (1) 第一项\n（2）第二项\n\u{14E00}进一步统一"
        let (d, _) = parse(text)
        let enums = d.articles.flatMap(\.enumerations)
        XCTAssertEqual(enums.map(\.style), [.dunHao, .parenthesized])
        XCTAssertEqual(enums.first?.items.map(\.marker), ["一、", "二、"])
        XCTAssertEqual(enums.last?.items.map(\.marker), ["(1)", "（2）"])
    }

    func testCorpus002ArticlesAndSections() throws {
        let text = try PolicyTestSupport.corpus("002")
        let (d, _) = parse(text)
        XCTAssertEqual(d.articles.count, 5)
        XCTAssertEqual(d.articles.map(\.headline), ["上海：加快打造全国智能制造产业集聚地", "江西力争到2026年培育20个省级先进制造业集群",
                                                    "河南1—2月计算机通信和其他电子设备制造业增加值增长28.7%",
                                                    "广东发布算力基础设施高质量发展行动计划", "四川印发工作实施方案 促进数字技术适老化高质量发展"])
        XCTAssertEqual(d.articles.map(\.byline), ["本报记者 吴丽琳", "本报讯", "本报讯", "本报讯", "本报讯"])
        XCTAssertEqual(d.articles[0].sections.map(\.title), ["智能制造基础优势明显", "从三方面提升智能制造发展质量"])
    }

    func testCorpus003IsOneArticleWithSectionsAndEnumerations() throws {
        let text = try PolicyTestSupport.corpus("003")
        let (d, _) = parse(text)
        XCTAssertEqual(d.articles.count, 1)
        XCTAssertEqual(d.articles[0].headline, "2023年工业和信息化重点领域热点解析")
        XCTAssertEqual(d.articles[0].byline?.hasPrefix("来源：中国电子报"), true)
        XCTAssertEqual(d.articles[0].sections.count, 8)
        XCTAssertEqual(d.articles[0].sections.first?.title, "新型工业化支撑推动中国式现代化")
        let styles = Set(d.articles[0].enumerations.map(\.style))
        XCTAssertTrue(styles.isSuperset(of: [.yiShi, .diYi, .shouXian]))
    }

    func testCorpus001HeadlinesPrintedAfterArticles() throws {
        let text = try PolicyTestSupport.corpus("001")
        let (d, _) = parse(text)
        let headlines = d.articles.compactMap(\.headline)
        XCTAssertTrue(headlines.contains("湖北推动中小企业特色产业集群高质量发展"))
        // The Hubei headline belongs to the article whose lead is about Hubei, not to the Shanxi one after it.
        let hubei = d.articles.first { $0.headline == "湖北推动中小企业特色产业集群高质量发展" }
        let shanxi = d.articles.first { $0.headline?.hasPrefix("山西开展六大行动") == true }
        XCTAssertNotNil(shanxi)
        if let h = hubei, let sx = shanxi { XCTAssertLessThan(h.range.upperBound, sx.range.lowerBound + 1) }
        XCTAssertEqual(d.articles.first?.headline, "广东加快打造全球人工智能与机器人发展高地")
        XCTAssertEqual(d.articles.first?.byline, "本报记者 卢梦琪")
    }
}
