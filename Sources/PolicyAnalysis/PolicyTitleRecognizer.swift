import PolicyText

/// A 《…》 pair found in the reading view (reading offsets of the marks).
struct TitleSpan: Sendable {
    /// Offset of 《 and of 》 in the reading view.
    var open: Int
    var close: Int
    /// Normalized title text between the marks.
    var title: [Unicode.Scalar]
    var readingRange: Range<Int> { open..<(close + 1) }
}

/// Result of one linear pass over 《》 and “”.
struct MarkScan: Sendable {
    var titles: [TitleSpan] = []
    /// For every title: the number of its text among the distinct texts, in order of first appearance.
    var titleTextIDs: [Int] = []
    var unclosedTitleOpeners: [Int] = []
    var strayTitleClosers: [Int] = []
    var unclosedQuoteOpeners: [Int] = []
    var strayQuoteClosers: [Int] = []
    /// Balanced “…” pairs (reading offsets of the marks).
    var quotes: [(open: Int, close: Int)] = []
}

/// Finds 《…》 titles in the reading view, their attributes, and unbalanced marks.
public enum PolicyTitleRecognizer {
    /// A title never spans more than this many non-white scalars: an unclosed 《 must not swallow the text.
    static let maxTitleLength = 100
    /// Bound on unbalanced-mark findings per document (pathological input stays readable).
    static let maxMarkFindings = 1000
    static let unbalancedMarkCode = "unbalanced-mark"

    /// Keeps the first `maxMarkFindings` unbalanced-mark findings of `findings` (sorted by range): the
    /// bound is per document, also when the document was analysed in parts.
    static func capUnbalancedMarks(_ findings: inout [Finding]) {
        var seen = 0
        for f in findings where f.code == unbalancedMarkCode { seen += 1 }
        guard seen > maxMarkFindings else { return }
        seen = 0
        findings.removeAll { f in
            guard f.code == unbalancedMarkCode else { return false }
            seen += 1
            return seen > maxMarkFindings
        }
    }

    public static func titles(in view: ReadingView) -> [PolicyMention] {
        let s = view.scalars
        let scan = scanMarks(s)
        let titles = scan.titles
        let texts = TitleTexts(scan)
        return titles.indices.map { mention(for: titles[$0], text: texts.ids[$0], of: texts, in: s, view: view) }
    }

    public static func unbalancedMarks(in view: ReadingView) -> [Finding] {
        unbalancedMarks(scan: scanMarks(view.scalars), view: view)
    }

    // MARK: Scan

    /// One pass, linear in the text: openers live on a stack whose bottom is dropped once it is older
    /// than `maxTitleLength` non-white scalars; a sentence end or paragraph break drops all openers.
    /// `articleStarts` (reading offsets, ascending): where articles start. No mark pairs across one: a 《
    /// or “ still open there is unclosed, and a 》 or ” after it is stray. (Otherwise a document analysed
    /// in article-aligned parts, after an edit or in blocks, would pair its marks differently.)
    static func scanMarks(_ s: [Unicode.Scalar], articleStarts: [Int] = []) -> MarkScan {
        var scanner = MarkScanner()
        scanner.run(s, resets: articleStarts)
        var out = scanner.out
        var pairs = scanner.pairs

        // Keep outermost pairs only (nested 《》 inside a title belong to it). A title cited again
        // shares the scalars of its first citation.
        pairs.sort { $0.0 < $1.0 }
        var texts = ScalarInterner(expectedCount: pairs.count)
        var scratch: [Unicode.Scalar] = []
        var outerEnd = -1
        for (o, c) in pairs {
            if o < outerEnd { continue }
            outerEnd = c
            PolicyScan.compact(s, (o + 1)..<c, into: &scratch)
            if scratch.isEmpty { continue }
            let (id, title) = texts.intern(scratch)
            out.titles.append(TitleSpan(open: o, close: c, title: title))
            out.titleTextIDs.append(id)
        }
        return out
    }

    static func unbalancedMarks(scan: MarkScan, view: ReadingView) -> [Finding] {
        // The first `maxMarkFindings` in text order, so that a document's findings do not depend on how
        // it was cut into parts (see `capUnbalancedMarks`).
        let kinds: [([Int], String, String)] = [
            (scan.unclosedTitleOpeners, "书名号“《”没有对应的“》”", "Opening title mark 《 has no matching 》"),
            (scan.strayTitleClosers, "书名号“》”没有对应的“《”", "Closing title mark 》 has no matching 《"),
            (scan.unclosedQuoteOpeners, "左引号“没有对应的右引号”", "Opening quotation mark “ has no matching ”"),
            (scan.strayQuoteClosers, "右引号”没有对应的左引号“", "Closing quotation mark ” has no matching “"),
        ]
        var first: [(offset: Int, kind: Int)] = []
        for (k, kind) in kinds.enumerated() {
            first += kind.0.sorted().prefix(maxMarkFindings).map { ($0, k) }
        }
        first.sort { ($0.offset, $0.kind) < ($1.offset, $1.kind) }
        var out: [Finding] = []
        out.reserveCapacity(min(first.count, maxMarkFindings))
        for (o, k) in first.prefix(maxMarkFindings) {
            out.append(Finding(code: unbalancedMarkCode, severity: .warning,
                               range: view.sourceRange(forReading: o..<(o + 1)), message: kinds[k].1, messageEnglish: kinds[k].2))
        }
        return out
    }

    // MARK: Attributes

    /// The mention of title `t`, whose text is `texts` entry `id`, made by one initializer call (filling
    /// in a mention field by field copied it). Its issuer and date are looked for back to `scopeStart` at
    /// most: the start of the last article starting before it (a date in the article before is not this
    /// title's, and a document analysed in article-aligned parts could not see it).
    static func mention(for t: TitleSpan, text id: Int, of texts: TitleTexts, in s: [Unicode.Scalar],
                        view: ReadingView, articleIndex: Int? = nil, aliasIndex: Int? = nil,
                        scopeStart: Int = 0) -> PolicyMention {
        let range = view.sourceRange(forReading: t.readingRange)
        if texts.isMedia[id] {
            return PolicyMention(title: texts.strings[id], range: range, isMedia: true, aliasIndex: aliasIndex,
                                 articleIndex: articleIndex)
        }
        let ctx = TitleContext.issuerAndDate(before: t.open, in: s, notBefore: scopeStart)
        return PolicyMention(title: texts.strings[id], range: range, kind: texts.kinds[id], aliasIndex: aliasIndex,
                             period: texts.periods[id], region: texts.regions[id], issuer: ctx.issuer, date: ctx.date,
                             articleIndex: articleIndex)
    }

    private static let kindSuffixes: [([Unicode.Scalar], PolicyKind)] = ([
        ("白皮书", .whitePaper), ("纲要", .outline), ("规划", .plan), ("计划", .actionPlan), ("方案", .scheme),
        ("办法", .measures), ("条例", .regulation), ("意见", .opinion), ("通知", .notice), ("报告", .report),
        ("指南", .guide), ("标准", .standard), ("措施", .policyMeasures), ("细则", .rules), ("决定", .decision),
        ("目录", .catalogue), ("清单", .list), ("法", .law),
    ] as [(String, PolicyKind)]).map { (Array($0.0.unicodeScalars), $0.1) }

    private static let draftSuffix: [Unicode.Scalar] = Array("征求意见稿".unicodeScalars)

    /// Title without a trailing parenthesized part (（2022—2025年）, （草案）, (试行)) or 征求意见稿.
    static func stem(_ t: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var t = t
        for _ in 0..<2 {
            if let last = t.last, last == "）" || last == ")" {
                var j = t.count - 2
                while j >= 0, j >= t.count - 20, t[j] != "（" && t[j] != "(" { j -= 1 }
                if j > 0, t[j] == "（" || t[j] == "(" { t.removeSubrange(j...) }
            }
            if t.count > draftSuffix.count, PolicyScan.hasSuffix(t, draftSuffix) { t.removeLast(draftSuffix.count) }
        }
        return t
    }

    /// Kind by suffix; `.other` when no suffix matches.
    public static func kind(ofTitle title: String) -> PolicyKind { kind(of: Array(title.unicodeScalars)) }

    static func kind(of title: [Unicode.Scalar]) -> PolicyKind {
        let t = stem(title)
        // 方法 is a method (standards), not a law.
        if t.count >= 2, t[t.count - 2] == "方", t[t.count - 1] == "法" { return .other }
        for (suf, k) in kindSuffixes where PolicyScan.hasSuffix(t, suf) {
            return k
        }
        return .other
    }

    private static let mediaNames: [[Unicode.Scalar]] = ["求是", "瞭望", "半月谈", "新闻联播", "焦点访谈", "财经", "新华每日电讯"]
        .map { Array($0.unicodeScalars) }
    private static let mediaSuffixes: [[Unicode.Scalar]] = ["杂志", "周刊", "月刊", "旬刊", "画报", "日报", "晚报", "时报", "商报"]
        .map { Array($0.unicodeScalars) }
    private static let documentBao: [[Unicode.Scalar]] = ["通报", "公报", "简报", "快报", "情报", "年报", "季报", "月报",
                                                           "汇报", "预报", "举报", "申报", "呈报", "报告"]
        .map { Array($0.unicodeScalars) }

    /// 《中国电子报》, 《人民日报》, …杂志, …周刊: media, not policies.
    public static func isMediaTitle(_ title: String) -> Bool { isMedia(Array(title.unicodeScalars)) }

    static func isMedia(_ t: [Unicode.Scalar]) -> Bool {
        if mediaNames.contains(t) { return true }
        guard t.count >= 2, t.count <= 16 else { return false }
        for suf in mediaSuffixes where PolicyScan.hasSuffix(t, suf) { return true }
        if t.last == "报" {
            return !documentBao.contains { PolicyScan.hasSuffix(t, $0) }
        }
        return false
    }

    /// 2021—2023年 / 2024-2026年 in the title; else a single 2023年.
    static func period(in t: [Unicode.Scalar]) -> String? {
        let n = t.count
        var i = 0
        var single: String?
        while i < n {
            guard PolicyScan.digit(t[i].value) != nil else { i += 1; continue }
            var j = i
            while j < n, PolicyScan.digit(t[j].value) != nil { j += 1 }
            if j - i == 4 {
                var k = j
                if k < n, t[k] == "年" { k += 1 }
                if k < n, ["—", "–", "-", "~", "～", "至", "到", "－", "―"].contains(t[k]) {
                    var k2 = k + 1
                    if k2 < n, t[k2] == "—" { k2 += 1 } // ——
                    var e = k2
                    while e < n, PolicyScan.digit(t[e].value) != nil { e += 1 }
                    if e - k2 == 4 {
                        if e < n, t[e] == "年" { e += 1 }
                        return PolicyScan.string(t[i..<e])
                    }
                }
                if single == nil, j < n, t[j] == "年", !(j + 1 < n && t[j + 1] == "度" && false) {
                    single = PolicyScan.string(t[i...j])
                }
            }
            i = j
        }
        return single
    }

    static let guojia: [Unicode.Scalar] = ["国", "家"]

    /// 省/市/自治区 prefix (province list or a short place name ending 市/省), or 国家.
    static func region(in t: [Unicode.Scalar]) -> String? {
        var i = 0
        while i < t.count, PolicyScan.digit(t[i].value) != nil || t[i] == "“" || t[i] == "年" { i += 1 }
        if PolicyScan.hasPrefix(t, at: i, guojia) { return "国家" }
        if let e = PolicyScan.province(in: t, at: i, limit: t.count) { return PolicyScan.string(t[i..<e]) }
        // A short place name: 深圳市…, 苏州市…
        var j = i
        while j < t.count, j - i <= 4, PolicyScan.isHan(t[j].value) {
            if j - i >= 2, t[j] == "市" || t[j] == "省" {
                let next = j + 1 < t.count ? t[j + 1] : " "
                if next != "场" && next != "民" { return PolicyScan.string(t[i...j]) }
            }
            j += 1
        }
        return nil
    }

    // MARK: Abbreviations

    private static let genericWords: [[Unicode.Scalar]] = [
        "行动", "实施", "管理", "工作", "指导", "若干", "暂行", "总体", "专项", "三年", "发展", "政策", "试点", "建设",
        "推进", "配套", "扶持", "操作", "认定", "评价", "考核", "申报", "支持", "促进", "培育", "工作实施", "行动实施",
        "规划", "计划", "方案", "办法", "条例", "意见", "通知", "白皮书", "报告", "指南", "标准", "措施", "细则", "决定",
        "目录", "清单", "纲要", "法", "规定", "政策措施", "实施意见", "指导意见", "行动计划", "行动方案", "实施方案",
        "管理办法", "实施细则", "征求意见稿", "草案", "修订", "试行",
    ].map { Array($0.unicodeScalars) }

    /// An abbreviation-shaped title: short and made only of generic words ending in a policy kind
    /// (《行动计划》, 《方案》, 《白皮书》, 《意见》, 《管理办法》) — not 《数据安全法》.
    public static func isAbbreviationShaped(_ title: String) -> Bool { isAbbreviationShaped(Array(title.unicodeScalars)) }

    static func isAbbreviationShaped(_ t: [Unicode.Scalar]) -> Bool {
        guard !t.isEmpty, t.count <= 8 else { return false }
        let media = isMedia(t)
        return isAbbreviationShaped(t, media: media, kind: media ? .other : kind(of: t))
    }

    /// The same, given what `isMedia` and (for non-media) `kind(of:)` say of `t`.
    static func isAbbreviationShaped(_ t: [Unicode.Scalar], media: Bool, kind: PolicyKind) -> Bool {
        guard !t.isEmpty, t.count <= 8, !media, kind != .other else { return false }
        // Segment into generic words (tiny DP over at most 8 scalars; bit i: a segmentation ends at i).
        var ok: UInt16 = 1
        for i in 0..<t.count where ok & (1 << i) != 0 {
            for w in genericWords where w[0] == t[i] && i + w.count <= t.count && PolicyScan.hasPrefix(t, at: i, w) {
                ok |= 1 << (i + w.count)
            }
        }
        return ok & (1 << t.count) != 0
    }
}

/// What depends on a title's text alone, worked out once per distinct text: documents cite the same
/// titles again and again (《意见》, a law quoted in every article).
struct TitleTexts {
    /// For every title of the scan: the index of its text in the arrays below.
    var ids: [Int] = []
    var strings: [String] = []
    var isMedia: [Bool] = []
    /// `.other` for media (whose kind is not reported).
    var kinds: [PolicyKind] = []
    var periods: [String?] = []
    var regions: [String?] = []
    var abbreviationShaped: [Bool] = []

    init(_ scan: MarkScan) {
        ids = scan.titleTextIDs
        for (t, id) in zip(scan.titles, ids) where id == strings.count {
            let media = PolicyTitleRecognizer.isMedia(t.title)
            let kind = media ? PolicyKind.other : PolicyTitleRecognizer.kind(of: t.title)
            strings.append(PolicyScan.string(t.title))
            isMedia.append(media)
            kinds.append(kind)
            periods.append(media ? nil : PolicyTitleRecognizer.period(in: t.title))
            regions.append(media ? nil : PolicyTitleRecognizer.region(in: t.title))
            abbreviationShaped.append(PolicyTitleRecognizer.isAbbreviationShaped(t.title, media: media, kind: kind))
        }
    }
}

/// Backward scan from a 《 for the issuer and date in the same sentence.
enum TitleContext {
    /// The words the issuer reading looks for, in one value read once per title (each static read costs a
    /// lazy-initialization check).
    struct Words {
        private static func sc(_ words: [String]) -> [[Unicode.Scalar]] { words.map { Array($0.unicodeScalars) } }
        let verbs = sc(["联合印发", "印发", "发布", "出台", "制定", "公布", "颁布", "编制", "推出", "下发", "出炉", "修订"])
        let skipWords = sc(["近日", "日前", "近期", "正式", "联合", "共同", "首次", "再次", "已经", "已", "也", "还", "于",
                            "今年", "此前", "刚刚", "最新"])
        let orgSuffixes = sc(["部", "厅", "局", "委", "委员会", "办", "办公厅", "办公室", "政府", "院", "中心", "协会", "联盟",
                              "集团", "公司", "银行", "会", "所", "署", "小组", "机构", "省", "市", "区", "县", "州", "国务院",
                              "党中央"])
        /// 由X指导/牵头/组织/主办: the words that end X.
        let roleWords = sc(["指导", "牵头", "组织", "主办"])
        /// The last scalars of `verbs`: most ends of a window are none of these.
        let verbEnds: [Unicode.Scalar]

        init() {
            verbEnds = verbs.compactMap(\.last).reduce(into: []) { ends, c in
                if !ends.contains(c) { ends.append(c) }
            }
        }
    }

    static let words = Words()

    private static func isLeadingJunk(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "由", "在", "经", "并", "据", "还", "是", "对", "向", "为", "和", "与", "及": return true
        default: return false
        }
    }

    static func issuerAndDate(before open: Int, in s: [Unicode.Scalar], notBefore floor: Int = 0) -> (issuer: String?, date: String?) {
        let words = self.words
        // Window: back to the sentence start, at most 80 scalars; compacted with an offset map.
        var lo = open
        var steps = 0
        var hasDigit = false
        while lo > floor, steps < 80 {
            let v = s[lo - 1].value
            // Han (most of the window) is neither a sentence end nor a line break nor a digit.
            if v < 0x4E00 || v >= 0xFF00 {
                if v == 0x3002 || v == 0xFF01 || v == 0xFF1F || v == 0xFF1B || v == 0x3B { break }
                if PolicyScan.isNewline(v), PolicyScan.isParagraphBreak(s, newlineAt: lo - 1) { break }
                if PolicyScan.digit(v) != nil { hasDigit = true }
            }
            lo -= 1
            steps += 1
        }
        // An issuer needs a verb ending among the last four scalars of the compacted window (see `issuer`),
        // a date a digit: most titles have neither, and their window is not built.
        var verbMayEnd = false
        var tail = 0
        var j = open
        var spaceSeen = false
        while j > lo, tail < 4 {
            j -= 1
            let c = s[j]
            if PolicyScan.isNewline(c.value) { continue }
            if PolicyScan.isSpace(c.value) {
                // A white run compacts to one space.
                if !spaceSeen { tail += 1 }
                spaceSeen = true
                continue
            }
            spaceSeen = false
            tail += 1
            if words.verbEnds.contains(c) {
                verbMayEnd = true
                break
            }
        }
        guard verbMayEnd || hasDigit else { return (nil, nil) }
        // Spaces separate runs (本报讯 江西省…); line breaks may be hard wraps and are dropped.
        var hasSpace = false
        let w = [Unicode.Scalar](unsafeUninitializedCapacity: open - lo) { buffer, count in
            var k = 0
            s.withUnsafeBufferPointer { p in
                for i in lo..<open {
                    let c = p[i], v = c.value
                    // Han and the scalars up to U+FDFF: no space, line break or digit (one compare).
                    if v &- 0x4E00 < 0xB000 {
                        buffer[k] = c
                        k += 1
                    } else if PolicyScan.isSpace(v) {
                        if k == 0 || buffer[k - 1] != " " {
                            buffer[k] = " "
                            k += 1
                            hasSpace = true
                        }
                    } else if !PolicyScan.isNewline(v) {
                        buffer[k] = c
                        k += 1
                    }
                }
            }
            count = k
        }
        // A date needs a digit.
        return (verbMayEnd ? issuer(in: w, words) : nil, hasDigit ? date(in: hasSpace ? w.filter { $0 != " " } : w) : nil)
    }

    static func issuer(in w: [Unicode.Scalar], _ words: Words) -> String? {
        let verbs = words.verbs
        // Last verb, at most 3 scalars before the end (印发了《, 发布的《).
        var verbStart: Int?
        var e = w.count
        while e > 0, w.count - e <= 3 {
            let last = w[e - 1]
            if words.verbEnds.contains(last) {
                for v in verbs where v[v.count - 1] == last && e - v.count >= 0 && PolicyScan.hasPrefix(w, at: e - v.count, v) {
                    verbStart = e - v.count
                    break
                }
            }
            if verbStart != nil { break }
            e -= 1
        }
        guard var end = verbStart else { return nil }
        // 由X指导/牵头…编制: X is the issuer.
        if let you = w[..<end].lastIndex(of: "由") {
            var j = you + 1
            while j < end, PolicyScan.isHan(w[j].value) || w[j] == "、" {
                if w[j] == "、" || words.roleWords.contains(where: { PolicyScan.hasPrefix(w, at: j, $0) }) { break }
                j += 1
            }
            if let org = validOrg(w, (you + 1)..<j, words) { return org }
        }
        // Skip time and adverb words before the verb.
        var changed = true
        while changed {
            changed = false
            for k in words.skipWords where end - k.count >= 0 && PolicyScan.hasPrefix(w, at: end - k.count, k) {
                end -= k.count
                changed = true
            }
        }
        var start = end
        while start > 0, PolicyScan.isHan(w[start - 1].value) || w[start - 1] == "、", end - start < 40 { start -= 1 }
        while start < end, isLeadingJunk(w[start]) || w[start] == "、" { start += 1 }
        return validOrg(w, start..<end, words)
    }

    /// w[r] as an issuer, when it is a province or ends in an organization suffix (read in place).
    private static func validOrg(_ w: [Unicode.Scalar], _ r: Range<Int>, _ words: Words) -> String? {
        guard r.count >= 2 else { return nil }
        if let e = PolicyScan.province(in: w, at: r.lowerBound, limit: r.upperBound), e == r.upperBound {
            return PolicyScan.string(w, r)
        }
        if r.count == 2, PolicyScan.hasPrefix(w, at: r.lowerBound, PolicyTitleRecognizer.guojia) { return nil }
        for suf in words.orgSuffixes where r.count > suf.count && PolicyScan.hasPrefix(w, at: r.upperBound - suf.count, suf) {
            return PolicyScan.string(w, r)
        }
        return nil
    }

    /// Last [YYYY年]M月[D日] in the window, compact.
    static func date(in w: [Unicode.Scalar]) -> String? {
        var best: String?
        var i = 0
        let n = w.count
        while i < n {
            guard PolicyScan.digit(w[i].value) != nil else { i += 1; continue }
            let start = i
            var j = i
            while j < n, PolicyScan.digit(w[j].value) != nil { j += 1 }
            var k = j
            var sawMonth = false
            if j - start == 4, k < n, w[k] == "年" {
                k += 1
                let m0 = k
                while k < n, PolicyScan.digit(w[k].value) != nil { k += 1 }
                if k > m0, k - m0 <= 2, k < n, w[k] == "月" { k += 1; sawMonth = true } else { k = m0 }
            } else if j - start <= 2, k < n, w[k] == "月" {
                k += 1
                sawMonth = true
            }
            if sawMonth {
                let d0 = k
                while k < n, PolicyScan.digit(w[k].value) != nil { k += 1 }
                if k > d0, k - d0 <= 2, k < n, w[k] == "日" || w[k] == "号" { k += 1 } else { k = d0 }
                best = PolicyScan.string(w[start..<k])
                i = k
            } else {
                i = j
            }
        }
        return best
    }
}

/// The state of `PolicyTitleRecognizer.scanMarks`. Non-white scalars are counted only while a 《 is
/// open (only distances from a live 《 matter); in between, the scan jumps from mark to mark.
private struct MarkScanner {
    var out = MarkScan()
    var stack: [Int] = []          // 《 offsets
    var stackNonWhite: [Int] = []  // non-white count at each 《
    var head = 0                   // stack[head...] are live
    var pairs: [(Int, Int)] = []
    var nonWhite = 0
    var quoteOpen: Int?

    mutating func dropAllTitles() {
        while head < stack.count {
            out.unclosedTitleOpeners.append(stack[head])
            head += 1
        }
        if !stack.isEmpty {
            stack.removeAll(keepingCapacity: true)
            stackNonWhite.removeAll(keepingCapacity: true)
        }
        head = 0
    }

    /// Drops openers older than `maxTitleLength` non-white scalars.
    @inline(__always) mutating func expire() {
        while head < stack.count, nonWhite - stackNonWhite[head] > PolicyTitleRecognizer.maxTitleLength {
            out.unclosedTitleOpeners.append(stack[head])
            head += 1
        }
    }

    /// Where the scan stops pairing (see `scanMarks`): the next reset at or after the position scanned.
    var resets: [Int] = []
    var nextReset = 0

    /// Every open mark is unclosed: at a reset and at the end.
    mutating func dropAll() {
        dropAllTitles()
        if let q = quoteOpen { out.unclosedQuoteOpeners.append(q) }
        quoteOpen = nil
    }

    mutating func run(_ s: [Unicode.Scalar], resets: [Int]) {
        let n = s.count
        self.resets = resets
        s.withUnsafeBufferPointer { p in
            var i = 0
            while i < n {
                if head == stack.count {
                    // No 《 open: nothing but a mark changes the state, and without an open quote
                    // neither 。 nor a line break does (there is no title to drop, no quote to close).
                    i = quoteOpen == nil ? Self.nextTitleOrQuoteMark(p, from: i) : Self.nextMark(p, from: i)
                } else {
                    // A 《 is open: the scalars before the next mark only count. Openers they age past
                    // the limit expire at that mark (or at the end), before it is looked at.
                    let mark = Self.nextMark(p, from: i)
                    while i < mark {
                        if !PolicyScan.isWhite(p[i].value) { nonWhite += 1 }
                        i += 1
                    }
                }
                if i >= n { break }
                if nextReset < resets.count && resets[nextReset] <= i {
                    while nextReset < resets.count && resets[nextReset] <= i { nextReset += 1 }
                    dropAll()
                }
                step(s, p, i)
                i += 1
            }
        }
        dropAll()
    }

    /// May be a mark: line breaks (0A…0D), “ ” and U+2028/2029 (201C…2029), 。《》 (3002…300B).
    @inline(__always) static func mayBeMark(_ v: UInt32) -> Bool {
        v &- 0x0A < 4 || v &- 0x201C < 14 || v &- 0x3002 < 10
    }

    /// Offset of the first scalar at or after `from` that may be one of 《》“” (sixteen scalars tested
    /// at a time, one compare each), or the end. 《》 are 300A/300B and “” 201C/201D: setting the bits
    /// where they differ (0x1017) maps all four to 0x301F, and only 28 other scalars with them (rare
    /// brackets and zero-width spaces: `step` passes over those as it does over any non-mark).
    static func nextTitleOrQuoteMark(_ p: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        let n = p.count
        var i = from
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            let differing = SIMD16<Int32>(repeating: 0x1017), merged = SIMD16<Int32>(repeating: 0x301F)
            while i <= n - 16 {
                let hits = (raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Int32>.self) | differing) .== merged
                // `any` is one byte-mask test; the lane bits are gathered only for the block with a hit.
                if any(hits) { return i &+ hits.laneBits.trailingZeroBitCount }
                i &+= 16
            }
        }
        while i < n {
            let v = p[i].value | 1
            if v == 0x300B || v == 0x201D { return i }
            i += 1
        }
        return n
    }

    /// Offset of the first possible mark at or after `from` (sixteen scalars tested at a time), or the end.
    static func nextMark(_ p: UnsafeBufferPointer<Unicode.Scalar>, from: Int) -> Int {
        let n = p.count
        var i = from
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            let lf = SIMD16<Int32>(repeating: 0x09), cr = SIMD16<Int32>(repeating: 0x0E)
            let quoteLo = SIMD16<Int32>(repeating: 0x201B), quoteHi = SIMD16<Int32>(repeating: 0x202A)
            let markLo = SIMD16<Int32>(repeating: 0x3001), markHi = SIMD16<Int32>(repeating: 0x300C)
            while i <= n - 16 {
                let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Int32>.self)
                let breaks = (v .> lf) .& (v .< cr)
                let quotes = (v .> quoteLo) .& (v .< quoteHi)
                let marks = (v .> markLo) .& (v .< markHi)
                let hits = breaks .| quotes .| marks
                if any(hits) { return i &+ hits.laneBits.trailingZeroBitCount }
                i &+= 16
            }
        }
        while i < n {
            if mayBeMark(p[i].value) { return i }
            i += 1
        }
        return n
    }

    @inline(__always) mutating func step(_ s: [Unicode.Scalar], _ p: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int) {
        let v = p[i].value
        // Above 》 (Han, full-width punctuation): never a mark, white only as U+FEFF.
        if v > 0x300B && v != 0xFEFF {
            if head < stack.count {
                nonWhite += 1
                expire()
            }
            return
        }
        if !PolicyScan.isWhite(v) { nonWhite += 1 }
        expire()
        if head == stack.count && head > 0 {
            stack.removeAll(keepingCapacity: true)
            stackNonWhite.removeAll(keepingCapacity: true)
            head = 0
        }
        switch v {
        case 0x300A: // 《
            stack.append(i)
            stackNonWhite.append(nonWhite)
        case 0x300B: // 》
            if head < stack.count {
                let o = stack.removeLast()
                stackNonWhite.removeLast()
                pairs.append((o, i))
            } else {
                out.strayTitleClosers.append(i)
            }
        case 0x3002: // 。 ends any title
            dropAllTitles()
        case 0x201C: // “
            if let q = quoteOpen { out.unclosedQuoteOpeners.append(q) }
            quoteOpen = i
        case 0x201D: // ”
            if let q = quoteOpen {
                out.quotes.append((q, i))
                quoteOpen = nil
            } else {
                out.strayQuoteClosers.append(i)
            }
        case 0x0A, 0x0D, 0x2028, 0x2029:
            if PolicyScan.isParagraphBreak(s, newlineAt: i) {
                dropAllTitles()
                if let q = quoteOpen {
                    // Multi-paragraph quotations open every paragraph with “ and close only the
                    // last one: an open quote followed by a paragraph starting with “ is fine.
                    // (Not past the next reset: the paragraph after it is another article's.)
                    let n = nextReset < resets.count ? min(p.count, resets[nextReset]) : p.count
                    var j = i + 1
                    while j < n, PolicyScan.isWhite(p[j].value), j - i < 256 { j += 1 }
                    if !(j < n && p[j].value == 0x201C) { out.unclosedQuoteOpeners.append(q) }
                    quoteOpen = nil
                }
            }
        default:
            break
        }
    }
}
