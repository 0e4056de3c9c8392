import XCTest
import Foundation
@testable import PolicyText
import TestSupport

final class ReadingViewTests: XCTestCase {
    private func view(_ s: String) -> ReadingView { ReadingView(source: Array(s.unicodeScalars)) }

    /// Hard-wraps `text` at `width` ems (CJK 1 em, ASCII ½ em), like a narrow newspaper column;
    /// `separator` between lines.
    private func wrapped(_ text: String, width: Int = 15, separator: String = "\n\n") -> String {
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var half = 0
        for c in text.unicodeScalars {
            let w = c.value < 0x1100 ? 1 : 2
            if half + w > 2 * width {
                lines.append(String(line))
                line = String.UnicodeScalarView()
                half = 0
            }
            line.append(c)
            half += w
        }
        if !line.isEmpty { lines.append(String(line)) }
        return lines.joined(separator: separator)
    }

    private let filler = "各地区各部门要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，更好统筹发展和安全，推动经济运行整体好转。"

    // MARK: line joining

    func testWrappedColumnJoinsAcrossBlankLinesInsideWordsAndNumbers() {
        let paragraph = "电子信息制造业已发展成为山西省具有代表性的高成长性产业，2022年实现营业收入1697.2亿元，" + filler + filler
        let v = view(wrapped(paragraph))
        XCTAssertEqual(v.string, paragraph)
        XCTAssertEqual(v.wrapWidth, 15)
    }

    func testWrapWithoutBlankLinesAlsoJoins() {
        let paragraph = filler + "全省规模以上工业增加值增长5.34%，" + filler
        XCTAssertEqual(view(wrapped(paragraph, separator: "\n")).string, paragraph)
    }

    func testSentenceEndAndShortLinesEndParagraphs() {
        // Headline, byline, then two wrapped paragraphs; the first ends with 。 on a short line.
        let p1 = filler
        let p2 = "山西省工信系统将围绕半导体、光伏、新型化学电池、智能电子、计算等重点领域，" + filler
        let doc = "山西加快发展\n\n本报记者 张三\n\n" + wrapped(p1) + "\n\n" + wrapped(p2)
        XCTAssertEqual(view(doc).string, "山西加快发展\n本报记者 张三\n" + p1 + "\n" + p2)
    }

    func testFullWidthLineEndingInFullStopStillEndsParagraph() {
        let p1 = String(filler.unicodeScalars.prefix(44)) + "。"  // 45 scalars: last line exactly full
        let doc = wrapped(p1) + "\n\n" + wrapped(filler)
        XCTAssertEqual(view(doc).string, p1 + "\n" + filler)
    }

    func testMarkdownHeadingsStayTheirOwnParagraph() {
        let heading = "## 江西力争培育二十个省级先进制造业集"   // as wide as the wrap, no punctuation
        let doc = wrapped(filler) + "\n\n" + heading + "\n\n" + wrapped(filler)
        XCTAssertEqual(view(doc).string, filler + "\n" + heading + "\n" + filler)
    }

    func testPageHeaderStaysItsOwnLine() {
        let doc = "地方新闻 32023年3月31日\n编辑：徐恒 电话：010-88558813 E-mail：xuh@cena.com.cn\n\n" + wrapped(filler)
        let lines = view(doc).string.split(separator: "\n")
        XCTAssertEqual(lines.first, "地方新闻32023年3月31日")
        XCTAssertEqual(lines.count, 3)
    }

    func testLineStartingWithClosingPunctuationContinuesPreviousLine() {
        XCTAssertEqual(view("推进产业高端化\n、智能化").string, "推进产业高端化、智能化")
    }

    func testHeadlineAndSubtitleOnADoubleSpacedPageStayApart() {
        let body = wrapped(filler + filler)
        let v = view(body + "\n\n家电消费迈入“数智化”时代\n\n“新家电”成新宠\n\n" + body)
        XCTAssertTrue(v.string.contains("。\n家电消费迈入“数智化”时代\n“新家电”成新宠\n各地区"), v.string)
    }

    func testTwoLineParagraphOnADoubleSpacedPageStillJoinsWhenNotAHeadline() {
        let body = wrapped(filler + filler)
        // Ends with a full stop: a wrapped sentence, not a headline.
        let sentence = view(body + "\n\n家电消费迈入“数智化”时代的新\n\n家电成新宠。\n\n" + body)
        XCTAssertTrue(sentence.string.contains("。\n家电消费迈入“数智化”时代的新家电成新宠。\n"), sentence.string)
        // Second line about as wide as the first: a wrap, not a subtitle (it wraps on into the body).
        let wide = view(body + "\n\n家电消费迈入“数智化”时代\n\n“新家电”成新宠的一年\n\n" + body)
        XCTAssertTrue(wide.string.contains("。\n家电消费迈入“数智化”时代“新家电”成新宠的一年各地区"), wide.string)
    }

    func testOneParagraphPerLineIsKept() {
        let doc = "第一段没有句号\n\n第二段。\n第三段也很长很长很长很长很长很长很长很长很长很长"
        XCTAssertEqual(view(doc).string, "第一段没有句号\n第二段。\n第三段也很长很长很长很长很长很长很长很长很长很长")
    }

    func testHyphenatedLatinJoinsWithoutHyphen() {
        XCTAssertEqual(view("民生证券研报指出，以 ChatG-\n\nPT 为代表").string, "民生证券研报指出，以 ChatGPT 为代表")
        // A hyphen before a digit is real (GPT-4), and is kept.
        XCTAssertEqual(view("GPT-\n4").string, "GPT-\n4")
    }

    func testLatinWordsAcrossAWrapGetOneSpace() {
        let doc = wrapped(filler) + "\n\n着力推动高质量发展采用先进的Mini\n\n" + wrapped("LED显示屏等" + filler)
        XCTAssertTrue(view(doc).string.contains("\n着力推动高质量发展采用先进的Mini LED显示屏等"))
    }

    // MARK: spacing

    func testLetterSpacedRunIsJoined() {
        XCTAssertEqual(view("12 条重 点 产 业 链 ， 全 面 实 施 “ 链 长").string, "12条重点产业链，全面实施“链长")
        XCTAssertEqual(view("的 AWA（自 动 化 办 公 助 手）的 能力").string, "的 AWA（自动化办公助手）的能力")
        XCTAssertEqual(view("《报 告》 显 示 ， 2022 年 ，“ 新 家").string, "《报告》显示，2022年，“新家")
    }

    /// The spaces joining a letter-spaced run to the words on either side go too; a run never spans a
    /// paragraph break, so two letter-spaced tokens after one stay apart.
    func testLetterSpacedRunEndsAtItsNeighboursAndAtParagraphBreaks() {
        XCTAssertEqual(view("重 点 产 业 链 示范区建设").string, "重点产业链示范区建设")
        XCTAssertEqual(view("建设 重 点 产 业 链").string, "建设重点产业链")
        XCTAssertEqual(view("各 地  区 各 部 门").string, "各地区各部门")
        XCTAssertEqual(view("甲 乙 丙\n丁 戊").string, "甲乙丙\n丁 戊")
        XCTAssertEqual(view("一 二\n三 四 五").string, "一 二\n三四五")
    }

    /// The reading view's per-scalar table says what the `ScalarClass` predicates say, for every BMP scalar.
    func testClassTableAgreesWithScalarClasses() {
        typealias C = ScalarClassTable
        let table = C.table
        XCTAssertEqual(table.count, 0x1_0000)
        for v in UInt32(0)..<0x1_0000 {
            let f = table[Int(v)]
            let rewritten = v == 0x20 || v == 0xFF0E || ScalarClass.fold(v) != nil
            guard (f & C.wide != 0) == (ScalarClass.halfWidths(v) == 2),
                  (f & C.horizontalSpace != 0) == ScalarClass.isHorizontalSpace(v),
                  (f & C.lineBreak != 0) == (v == 0x0A || v == 0x0D),
                  (f & C.rewritten != 0) == rewritten,
                  (f & C.spaceOrTab != 0) == (v == 0x20 || v == 0x09),
                  (f & C.closing != 0) == ScalarClass.isClosing(v),
                  (f & C.sentenceFinal != 0) == ScalarClass.isSentenceFinal(v) else {
                return XCTFail("U+\(String(v, radix: 16, uppercase: true)): table \(f)")
            }
        }
        XCTAssertEqual(C.astralClasses(0x2_0000), C.wide)
        XCTAssertEqual(C.astralClasses(0x1_0000), 0)
        // Every scalar that starts a marker is marked (the mark only turns the others away early).
        let markers = ["1. 甲", "12、乙", "(3)丙", "（十）丁", "一、戊", "二、", "三、", "四、", "五、", "六、", "七、", "八、",
                       "九、", "十、", "第一，", "首先，", "其次，", "再次，", "最后，"]
        for m in markers {
            let s = Array(m.unicodeScalars)
            s.withUnsafeBufferPointer { b in
                XCTAssertGreaterThan(ReadingView.listMarkerLength(b, 0, b.count), 0, m)
                XCTAssertNotEqual(table[Int(b[0].value)] & C.markerStart, 0, m)
            }
        }
    }

    /// `ReadingView.scanLines` over `source` with its classes.
    private func scannedLines(_ source: [Unicode.Scalar]) -> [ReadingView.Line] {
        source.withUnsafeBufferPointer { s in
            ReadingView.withClasses(of: s) { c in
                var lines: [ReadingView.Line] = []
                ReadingView.scanLines(s, c, into: &lines)
                return lines
            }
        }
    }

    /// Many more lines than the first preallocated chunk holds (one per 16 scalars): the scan resumes in
    /// further chunks where it stopped, blank lines and physical line numbers included.
    func testLineScanContinuesPastItsFirstChunk() {
        let text = (0..<700).map { k in k % 7 == 0 ? "\u{3000}\n" : k % 3 == 0 ? "中\r\n" : "a\n" }.joined()
        let source = Array(text.unicodeScalars)
        let lines = scannedLines(source)
        var expected: [(start: Int, physical: Int)] = []
        var offset = 0
        for k in 0..<700 {
            if k % 7 != 0 { expected.append((offset, k)) }
            offset += k % 7 == 0 ? 2 : k % 3 == 0 ? 3 : 2
        }
        XCTAssertGreaterThan(expected.count, source.count / 16 + 16)
        XCTAssertEqual(lines.map(\.start), expected.map(\.start))
        XCTAssertEqual(lines.map(\.physical), expected.map(\.physical))
    }

    /// Lines whose widths and ends are found sixteen scalars at a time read as when found one by one:
    /// every kind of scalar at every offset of a block, lines ending inside and at the edge of a block, and
    /// lines long enough that the byte counters are emptied on the way.
    func testLineScanBlocksMatchAPlainScan() {
        let pieces: [String] = ["中", "，", "。", "a", "1", "１", " ", "\u{3000}", "\t", "\n", "\r\n", "\n\n", "𠮷", "％", "“",
                                "一、", "（二）", "3.", "第一，", "首先，"]
        let unbroken = pieces.filter { !$0.contains("\n") }
        var rng = SplitMix64(seed: 0x5CA1)
        for round in 0..<300 {
            var text = ""
            let long = round % 60 == 0
            for _ in 0..<(long ? Int.random(in: 4_000..<9_000, using: &rng) : Int.random(in: 0..<60, using: &rng)) {
                text += Int.random(in: 0..<2, using: &rng) == 0
                    ? (long ? unbroken : pieces).randomElement(using: &rng)! : "国"
            }
            let source = Array(text.unicodeScalars)
            let lines = scannedLines(source)
            // The plain scan: physical lines, trimmed, widths summed scalar by scalar.
            var expected: [(Int, Int, Int, Int, Bool)] = []
            var start = 0, i = 0
            func finish(_ end: Int) {
                var a = start, b = end
                while a < b, ScalarClass.isHorizontalSpace(source[a].value) { a += 1 }
                while b > a, ScalarClass.isHorizontalSpace(source[b - 1].value) { b -= 1 }
                guard a < b else { return }
                let content = source[a..<b].map(\.value)
                let w = content.reduce(0) { $0 + ScalarClass.halfWidths($1) }
                let spaces = content.filter { $0 == 0x20 || $0 == 0x09 }.count
                let verbatim = !content.contains { $0 == 0x20 || $0 == 0xFF0E || ScalarClass.fold($0) != nil }
                expected.append((a, b, w, w - spaces, verbatim))
            }
            while i < source.count {
                let v = source[i].value
                if v == 0x0A || v == 0x0D {
                    finish(i)
                    i += v == 0x0D && i + 1 < source.count && source[i + 1].value == 0x0A ? 2 : 1
                    start = i
                } else {
                    i += 1
                }
            }
            finish(source.count)
            XCTAssertEqual(lines.count, expected.count, text.debugDescription)
            for (l, x) in zip(lines, expected) {
                XCTAssertTrue(l.start == x.0 && l.end == x.1 && l.halfWidth == x.2 && l.halfWidthNoSpace == x.3
                              && l.verbatim == x.4, text.debugDescription)
                let marker = source.withUnsafeBufferPointer { ReadingView.listMarkerLength($0, l.start, l.end) > 0 }
                XCTAssertEqual(l.marker, marker, text.debugDescription)
            }
        }
    }

    func testOrdinarySpacesAreKept() {
        XCTAssertEqual(view("本报记者 卢梦琪").string, "本报记者 卢梦琪")
        XCTAssertEqual(view("MiniLED 封装等关键技术").string, "MiniLED 封装等关键技术")
        XCTAssertEqual(view("四川印发工作实施方案 促进数字技术适老化").string, "四川印发工作实施方案 促进数字技术适老化")
        XCTAssertEqual(view("（鄂 文）").string, "（鄂 文）")  // two tokens are no letter-spaced run
        XCTAssertEqual(view("2022年  100  200").string, "2022年  100  200")  // columns, not typesetting
    }

    func testSpaceBetweenDigitAndCJKIsDropped() {
        XCTAssertEqual(view("营业收入 1697.2 亿元，增长 16.6% 的").string, "营业收入1697.2亿元，增长16.6%的")
        XCTAssertEqual(view("连续 7 年位居 GDP 首位").string, "连续7年位居 GDP 首位")
    }

    // MARK: folding

    func testFullWidthFormsFold() {
        XCTAssertEqual(view("２０２３年ＡＢｃ增长１５．６％").string, "2023年ABc增长15.6%")
        XCTAssertEqual(view("ＡＢ　是").string, "AB 是")
        // Kept: ranges and signs are the figure reader's business; ． not between digits.
        XCTAssertEqual(view("3～5个，－2，第．节").string, "3～5个，－2，第．节")
    }

    // MARK: mapping

    func testMappingSpansJoinedLineBreak() {
        // The column breaks inside the title, between 电子 and 信息.
        let text = "各地区各部门要坚持稳中求进，《山西省电子信息制造业行动计划》" + filler
        let src = Array(wrapped(text).unicodeScalars)
        let v = ReadingView(source: src)
        XCTAssertEqual(v.string, text)
        let start = Array(text.unicodeScalars).firstIndex(of: "《") ?? -1
        let title = start..<(start + 16)
        let r = v.sourceRange(forReading: title)
        XCTAssertEqual(String(String.UnicodeScalarView(src[r])), "《\n\n山西省电子信息制造业行动计划》")
        XCTAssertEqual(v.sourceOffset(forReading: start), 14)
        XCTAssertEqual(v.sourceOffset(forReading: start + 1), 17)
        XCTAssertEqual(v.sourceOffset(forReading: v.scalars.count), v.sourceCount)
        // The line break and blank line map forward to the next reading character.
        XCTAssertEqual(v.readingOffset(forSource: 15), start + 1)
        XCTAssertEqual(v.readingOffset(forSource: 17), start + 1)
        XCTAssertEqual(v.readingOffset(forSource: 999), v.scalars.count)
        XCTAssertEqual(v.sourceRange(forReading: 3..<3), 3..<3)
    }

    func testParagraphBreakMapsToTerminator() {
        let v = view("  第一段。\r\n\r\n第二段")
        XCTAssertEqual(v.string, "第一段。\n第二段")
        XCTAssertEqual(v.sourceOffset(forReading: 4), 6)  // the "\r"
        XCTAssertEqual(v.sourceOffset(forReading: 5), 10)
    }

    func testEmptyAndBlankSources() {
        for s in ["", "\n\n\r\n", "   \u{3000}"] {
            let v = view(s)
            XCTAssertTrue(v.scalars.isEmpty)
            XCTAssertEqual(v.sourceRange(forReading: 0..<5), v.sourceCount..<v.sourceCount)
            XCTAssertEqual(v.readingOffset(forSource: 0), 0)
            XCTAssertEqual(v.sourceOffset(forReading: -1), v.sourceCount)
        }
    }

    /// Guard rails: huge single lines and many lines build in linear time and map consistently.
    func testPathologicalInputsBuild() {
        let spaced = String(repeating: "中 ", count: 500_000)  // one 1 M-scalar letter-spaced line
        let v = view(spaced)
        XCTAssertEqual(v.scalars.count, 500_000)
        XCTAssertEqual(v.sourceOffset(forReading: 499_999), 999_998)
        let many = String(repeating: "一二三四五六七八九十一二三四五\n", count: 100_000)
        let w = view(many)
        XCTAssertEqual(w.scalars.count, 1_500_000)  // all one wrapped paragraph
        let digits = String(repeating: "１", count: 200_000)
        XCTAssertEqual(view(digits).scalars.first, "1")
    }

    // MARK: corpus

    static func corpus(_ prefix: String) throws -> [Unicode.Scalar] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dirs = [root.appendingPathComponent("../shared/corpus").path, "/work/shared/corpus"]
        for dir in dirs {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            if let name = names.sorted().first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") }) {
                return Array(try String(contentsOfFile: dir + "/" + name, encoding: .utf8).unicodeScalars)
            }
        }
        throw XCTSkip("corpus file \(prefix) absent")
    }

    func testCorpus000ReadsAsContinuousText() throws {
        let v = ReadingView(source: try Self.corpus("000_"))
        let s = v.string
        XCTAssertTrue(s.contains("电子信息制造业已发展成为山西省具有代表性的高成长性产业。"))
        XCTAssertTrue(s.contains("营业收入1697.2亿元"))
        XCTAssertTrue(s.contains("以 ChatGPT 为代表的 AI 大模型"))
        XCTAssertTrue(s.contains("通过引入 ChatGPT在人形机器人中的应用"))
        XCTAssertFalse(s.contains("ChatG-"))
        XCTAssertTrue(s.contains("等12条重点产业链，全面实施“链长制”"))
        XCTAssertTrue(s.contains("放眼国际市场，波士顿动力"))
        XCTAssertTrue(s.contains("《山西省电子信息制造业2023年行动计划》"))
        XCTAssertTrue(s.hasPrefix("地方新闻32023年3月31日\n编辑："))
        XCTAssertTrue(s.contains("\n推进产业高端化智能化\n绿色化发展\n"))
        // The closing headline and its subtitle stay two lines.
        XCTAssertTrue(s.hasSuffix("\n家电消费迈入“数智化”时代\n“新家电”成新宠"))
        XCTAssertEqual(v.wrapWidth, 15)
    }

    func testCorpus001ReadsAsContinuousText() throws {
        let s = ReadingView(source: try Self.corpus("001_")).string
        XCTAssertTrue(s.contains("2024年电子信息制造业营收5.34万亿元"))
        XCTAssertTrue(s.contains("会上发布了8个人工智能行业大模型、30个人工智能应用场景"))
        XCTAssertTrue(s.contains("\n广东加快打造全球人工智能与机器人发展高地\n本报记者 卢梦琪\n"))
        XCTAssertTrue(s.contains("3月9日，广东省人民政府办"))
    }

    func testCorpus002And003KeepOneParagraphPerLine() throws {
        for prefix in ["002_", "003_"] {
            let src = try Self.corpus(prefix)
            let v = ReadingView(source: src)
            var u = String.UnicodeScalarView()
            u.append(contentsOf: src)
            let sourceParagraphs = String(u).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let readingParagraphs = v.string.split(separator: "\n")
            XCTAssertEqual(readingParagraphs.count, sourceParagraphs.count, prefix)
            XCTAssertNil(v.wrapWidth, prefix)
        }
        let s = ReadingView(source: try Self.corpus("002_")).string
        XCTAssertTrue(s.contains("\n## 江西力争到2026年培育20个省级先进制造业集群\n"))
        XCTAssertTrue(s.contains("《上海市推进智能工厂建设 领航产业高质量发展行动计划(2022—2025年)》"))
    }

    /// Every reading scalar comes from its mapped source scalar (folded, or a break/space for the
    /// separators), and every source scalar left out is whitespace, a line break or a wrap hyphen.
    func testCorpusMappingIsFaithful() throws {
        for prefix in ["000_", "001_", "002_", "003_"] {
            let src = try Self.corpus(prefix)
            let v = ReadingView(source: src)
            var used = [Bool](repeating: false, count: src.count)
            var previous = -1
            for (i, c) in v.scalars.enumerated() {
                let o = v.sourceOffset(forReading: i)
                XCTAssertGreaterThan(o, previous, "\(prefix) map must increase")
                previous = o
                guard o >= 0, o < src.count else { return XCTFail("\(prefix) offset out of range") }
                used[o] = true
                let sv = src[o].value
                let folded = ScalarClass.fold(sv).flatMap(Unicode.Scalar.init) ?? src[o]
                let ok = c == folded || (c == "." && sv == 0xFF0E)
                    || ((c == "\n" || c == " ") && (sv == 0x0A || sv == 0x0D))
                XCTAssertTrue(ok, "\(prefix) reading \(i) \(c) from source \(o) \(src[o])")
            }
            for (o, u) in used.enumerated() where !u {
                let sv = src[o].value
                let ok = ScalarClass.isHorizontalSpace(sv) || sv == 0x0A || sv == 0x0D
                    || (sv == 0x2D && o + 1 < src.count && (src[o + 1] == "\n" || src[o + 1] == "\r"))
                XCTAssertTrue(ok, "\(prefix) dropped source \(o) \(src[o])")
            }
        }
    }

    /// The brief's check: a reading range maps back to source text that, whitespace removed (and
    /// full-width forms folded, wrap hyphens dropped), equals the reading text.
    func testCorpusRandomRangesMapBackToSameText() throws {
        var rng = SplitMix64(seed: 31)
        for prefix in ["000_", "001_", "002_", "003_"] {
            let src = try Self.corpus(prefix)
            let v = ReadingView(source: src)
            func squeeze<S: Sequence>(_ s: S, dropWrapHyphens: Bool) -> [Unicode.Scalar] where S.Element == Unicode.Scalar {
                let a = Array(s)
                var out: [Unicode.Scalar] = []
                for (k, c) in a.enumerated() {
                    let v = c.value
                    if ScalarClass.isHorizontalSpace(v) || v == 0x0A || v == 0x0D { continue }
                    if dropWrapHyphens, v == 0x2D, k + 1 < a.count, a[k + 1] == "\n" || a[k + 1] == "\r" { continue }
                    out.append(v == 0xFF0E ? "." : (ScalarClass.fold(v).flatMap(Unicode.Scalar.init) ?? c))
                }
                return out
            }
            for _ in 0..<300 {
                let a = Int.random(in: 0..<v.scalars.count, using: &rng)
                let b = min(v.scalars.count, a + Int.random(in: 1...80, using: &rng))
                let r = v.sourceRange(forReading: a..<b)
                XCTAssertEqual(squeeze(src[r], dropWrapHyphens: true), squeeze(v.scalars[a..<b], dropWrapHyphens: false),
                               "\(prefix) \(a)..<\(b)")
            }
        }
    }
}
