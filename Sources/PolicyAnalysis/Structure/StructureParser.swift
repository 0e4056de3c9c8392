import PolicyText

/// An article as found in the reading view (reading offsets), before conversion to the model.
struct ReadingArticle: Sendable {
    var range: Range<Int>
    var headline: String?
    var headlineRange: Range<Int>?
    var byline: String?
    var sections: [ReadingSection] = []
    /// The paragraph-break newlines inside `range` (see `PolicyScan.isParagraphBreak`), found while the
    /// lines were split, for the enumeration finder: sorted offsets from `range.lowerBound`, so they stay
    /// right when the article is moved.
    var paragraphBreaks: [Int] = []
    /// Where an enumeration marker may start (see `EnumerationFinder.scanClasses`), found with the lines:
    /// sorted offsets from `range.lowerBound`, like `paragraphBreaks`.
    var markerStarts: [Int] = []
}

struct ReadingSection: Sendable {
    var title: String
    var titleRange: Range<Int>
    var range: Range<Int>
    var level: Int
}

/// Splits a page into articles (headlines, bylines, sign-offs, Markdown headings), sections and
/// enumerations. Works on the reading view's paragraphs (one per line); on raw hard-wrapped text it
/// degrades gracefully (see `narrowColumnWidth`).
public enum StructureParser {
    public static func parse(view: ReadingView) -> DocumentStructure {
        let articles = parseReading(view.scalars)
        return toModel(articles, view: view)
    }

    static func toModel(_ articles: [ReadingArticle], view: ReadingView) -> DocumentStructure {
        let s = view.scalars
        return DocumentStructure(articles: articles.map { a in
            var enums = EnumerationFinder.find(in: s, range: a.range,
                                               paragraphBreaks: a.paragraphBreaks,
                                               markerStarts: a.markerStarts)
            for e in enums.indices {
                for i in enums[e].items.indices {
                    enums[e].items[i].markerRange = view.sourceRange(forReading: enums[e].items[i].markerRange)
                    enums[e].items[i].range = view.sourceRange(forReading: enums[e].items[i].range)
                }
            }
            return Article(
                headline: a.headline,
                headlineRange: a.headlineRange.map { view.sourceRange(forReading: $0) },
                byline: a.byline,
                range: view.sourceRange(forReading: a.range),
                sections: a.sections.map {
                    Section(title: $0.title, titleRange: view.sourceRange(forReading: $0.titleRange),
                            range: view.sourceRange(forReading: $0.range), level: $0.level)
                },
                enumerations: enums)
        })
    }

    // MARK: Lines

    enum LineKind: Equatable {
        case heading(Int)       // Markdown #…
        case furniture          // page header, editor line, table of contents
        case byline             // 本报记者 …, 本报讯 …, 来源：…, 记者 …
        case continuation       // （上接第1版）…
        case candidate          // short standalone line without final punctuation
        case body
    }

    struct Line {
        var range: Range<Int>          // trimmed content
        var kind: LineKind
        /// Where the line's compact text (`PolicyScan.compact`) of its first 200 scalars, cut after
        /// `textLimit` scalars, lies in the shared text pool (see `lines`): every test on it reads at most
        /// 80 scalars, and a count above 80 only means "long".
        var textRange: Range<Int>
        /// Display width ×2 (CJK 2, ASCII 1) of the text when it has at most 80 scalars (only such widths
        /// are ever compared), else Int.max / 4.
        var width: Int
        var signOff = false            // ends with （鄂 文） and the like
        /// Where in the compact text a furniture mark may start (at or after: the first scalar that is the
        /// first of one of `Words.furnitureMarks`; 0 in a text with white space or of more than 80 scalars,
        /// which `isFurniture` does not search), or -1 when none can.
        var furnitureMarksFrom = -1
        /// Index in the labels `classify` returns of a byline's or a Markdown heading's text, or -1: kept
        /// out of the line so that lines copy without reference counting.
        var label = -1
    }

    static let textLimit = 81

    /// A line's compact text.
    typealias Text = UnsafeBufferPointer<Unicode.Scalar>

    /// The lines of the text (trimmed, blank ones left out) into `out`; returns the pool holding their
    /// compact texts one after the other, the offsets of the newlines that are paragraph breaks, and the
    /// offsets where an enumeration marker may start (a scalar of marker kind after one that
    /// `EnumerationFinder.scanClasses` marks as a marker predecessor, or at the text start).
    ///
    /// Every scalar's class byte is loaded once; then sixteen positions at a time give a bit mask of the
    /// line breaks and one of the marker starts, and only their set bits are visited, while the class
    /// bytes of a line are or-ed together to tell whether it has white space or a page-furniture mark.
    /// Testing position by position cost a mispredicted branch every few scalars.
    ///
    /// `given`: the class bytes in `writeClasses`' layout when the caller has them (`ReadingClasses`).
    static func lines(_ s: [Unicode.Scalar], into out: inout [Line], classes given: UnsafePointer<UInt8>? = nil)
        -> (texts: [Unicode.Scalar], paragraphBreaks: [Int], markerStarts: [Int]) {
        var lines: [Line] = []
        var breaks: [Int] = []
        var markerStarts: [Int] = []
        let n = s.count
        typealias C = EnumerationFinder
        // A compact text is never longer than its line, so the text's length bounds the pool (and sixteen
        // more take the whole blocks `compactPrefix` copies).
        let texts = [Unicode.Scalar](unsafeUninitializedCapacity: n + 16) { pool, used in
            used = 0
            C.scanClasses.withUnsafeBufferPointer { classTable in
                s.withUnsafeBufferPointer { p in
                    // classes[1 + i] is the class of s[i]; classes[0] stands before the text, where a marker
                    // may start; sixteen zero bytes follow the last, so that the last block's loads stay inside.
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: given == nil ? n + 17 : 0) { classBuffer in
                        guard let base = p.baseAddress, let poolBase = pool.baseAddress, let table = classTable.baseAddress,
                              let classes = given.map(UnsafeMutablePointer.init(mutating:)) ?? classBuffer.baseAddress
                        else { return }
                        // Local arrays: appending to captured ones checked their uniqueness every time.
                        // Reading-view paragraphs run to dozens of scalars: growing them would copy more
                        // than the slack.
                        var ls: [Line] = []
                        var paragraphBreaks: [Int] = []
                        var starts: [Int] = []
                        ls.reserveCapacity(n / 32 + 16)
                        paragraphBreaks.reserveCapacity(n / 32 + 16)
                        starts.reserveCapacity(n / 64 + 16)
                        if given == nil { writeClasses(base, n, table, into: classes) }
                        let bytes = UnsafeRawPointer(classes)
                        let markerKinds = SIMD16<UInt8>(repeating: C.markerKinds)
                        let predecessors = SIMD16<UInt8>(repeating: C.markerPredecessor)
                        let lineBreaks = SIMD16<UInt8>(repeating: C.lineBreak)
                        let furnitureMarkStarts = SIMD16<UInt8>(repeating: C.furnitureMarkStart)
                        let zero = SIMD16<UInt8>(repeating: 0)

                        /// Adds the line lineStart..<e, whose class bytes or-ed together are `lineClasses`.
                        @inline(__always) func addLine(_ lineStart: Int, _ e: Int, _ lineClasses: UInt8) {
                            var a = lineStart, b = e
                            let hasSpace = lineClasses & C.space != 0
                            if hasSpace {
                                while a < b, PolicyScan.isSpace(p[a].value) { a += 1 }
                                while b > a, PolicyScan.isSpace(p[b - 1].value) { b -= 1 }
                            }
                            guard a < b else { return }
                            let text = poolBase + used
                            // Without white space the compact text is the line itself.
                            let count: Int
                            if hasSpace {
                                count = compactPrefix(p, a..<min(b, a + 200), classes: classes, into: text)
                            } else {
                                count = min(b - a, textLimit)
                                text.initialize(from: base + a, count: count)
                            }
                            // Only widths up to 80 are ever compared (see `Line.width`).
                            var width = Int.max / 4
                            if count <= 80 && b - a <= 200 {
                                width = 0
                                // 1 per scalar, 2 from U+2E80 on (the borrow of 0x2E7F - v), without branches.
                                for k in 0..<count { width &+= 1 &+ Int((0x2E7F &- text[k].value) >> 31) }
                            }
                            var furnitureMarksFrom = -1
                            if lineClasses & C.furnitureMarkStart != 0 {
                                furnitureMarksFrom = 0
                                // Only texts of at most 80 scalars are searched for marks (see `isFurniture`).
                                // The compact text of a line without white space starts at `a` (= lineStart),
                                // and its first mark start lies before `e`.
                                if !hasSpace && count <= 80 {
                                    var j = a
                                    while true {
                                        let block = bytes.loadUnaligned(fromByteOffset: 1 &+ j, as: SIMD16<UInt8>.self)
                                        let bits = (block & furnitureMarkStarts .!= zero).laneBits
                                        if bits != 0 {
                                            furnitureMarksFrom = j &+ bits.trailingZeroBitCount &- a
                                            break
                                        }
                                        j &+= 16
                                    }
                                }
                            }
                            ls.append(Line(range: a..<b, kind: .body, textRange: used..<(used + count), width: width,
                                           furnitureMarksFrom: furnitureMarksFrom))
                            used += count
                        }

                        let lanes = SIMD16<UInt8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
                        var lineStart = 0
                        // The class bytes of the line so far, or-ed lane by lane.
                        var lineClasses = zero
                        var i = 0
                        while i < n {
                            let here = bytes.loadUnaligned(fromByteOffset: i &+ 1, as: SIMD16<UInt8>.self)
                            let before = bytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                            let startLanes = (here & markerKinds .!= zero) .& (before & predecessors .!= zero)
                            let endLanes = here & lineBreaks .!= zero
                            let previous = lineClasses
                            lineClasses |= here
                            // Most blocks have neither: one test for both.
                            let either = unsafeBitCast(startLanes .| endLanes, to: SIMD2<UInt64>.self)
                            if either[0] | either[1] != 0 {
                                var startBits = startLanes.laneBits
                                while startBits != 0 {
                                    starts.append(i &+ startBits.trailingZeroBitCount)
                                    startBits &= startBits &- 1
                                }
                                var endBits = endLanes.laneBits
                                if endBits != 0 {
                                    lineClasses = previous
                                    repeat {
                                        let k = endBits.trailingZeroBitCount
                                        endBits &= endBits &- 1
                                        let e = i &+ k
                                        // This block's lanes from the line start on and before the break.
                                        let from = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: max(lineStart &- i, 0)))
                                        let to = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: k))
                                        let own = lanes .>= from .& (lanes .< to)
                                        addLine(lineStart, e, Self.orAcross(lineClasses | zero.replacing(with: here, where: own)))
                                        if PolicyScan.isParagraphBreak(s, newlineAt: e) { paragraphBreaks.append(e) }
                                        lineStart = e &+ 1
                                        lineClasses = zero
                                    } while endBits != 0
                                    // The lanes after the last break start the next line.
                                    let from = SIMD16<UInt8>(repeating: UInt8(truncatingIfNeeded: lineStart &- i))
                                    lineClasses = zero.replacing(with: here, where: lanes .>= from)
                                }
                            }
                            i &+= 16
                        }
                        // The padding after the text has no class bits.
                        addLine(lineStart, n, Self.orAcross(lineClasses))
                        lines = ls
                        breaks = paragraphBreaks
                        markerStarts = starts
                    }
                }
            }
        }
        out = lines
        return (texts, breaks, markerStarts)
    }

    /// Writes the class (`EnumerationFinder.scanClasses`) of each of the `n` scalars at `s` to
    /// `classes[1...n]` (scalars above the BMP are in no class), the marker-predecessor class to
    /// `classes[0]` (a marker may start the text), and sixteen zero bytes after the last.
    private static func writeClasses(_ s: UnsafePointer<Unicode.Scalar>, _ n: Int, _ table: UnsafePointer<UInt8>,
                                     into classes: UnsafeMutablePointer<UInt8>) {
        classes[0] = EnumerationFinder.markerPredecessor
        ClassBytes.load(UnsafeBufferPointer(start: s, count: n), table: table, into: classes + 1, astral: { _ in 0 })
        (classes + 1 + n).initialize(repeating: 0, count: 16)
    }

    /// The sixteen bytes or-ed together.
    @inline(__always) private static func orAcross(_ v: SIMD16<UInt8>) -> UInt8 {
        let halves = unsafeBitCast(v, to: SIMD2<UInt64>.self)
        var x = halves[0] | halves[1]
        x |= x >> 32
        x |= x >> 16
        x |= x >> 8
        return UInt8(truncatingIfNeeded: x)
    }

    /// Writes `PolicyScan.compact(s, r)` cut after `textLimit` scalars to `out`; returns its length.
    /// `classes` are the class bytes of `writeClasses` (`classes[1 + i]` for `s[i]`). The runs between
    /// white scalars are found sixteen positions at a time from the class bytes and copied sixteen scalars
    /// at a time where the text goes on that far, so `out` needs room for `r.count + 16` scalars.
    private static func compactPrefix(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ r: Range<Int>,
                                      classes: UnsafePointer<UInt8>,
                                      into out: UnsafeMutablePointer<Unicode.Scalar>) -> Int {
        guard let base = s.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base), outRaw = UnsafeMutableRawPointer(out)
        let bytes = UnsafeRawPointer(classes + 1)
        let white = SIMD16<UInt8>(repeating: EnumerationFinder.space | EnumerationFinder.lineBreak)
        let zero = SIMD16<UInt8>(repeating: 0)
        let n = s.count, end = r.upperBound
        var k = 0
        var i = r.lowerBound
        var pendingSpace = false
        while i < end, k < textLimit {
            let whiteBits = (bytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) & white .!= zero).laneBits
            let run = min(whiteBits.trailingZeroBitCount, 16, end &- i)
            if run == 0 {
                // The white scalars from i on in this block.
                pendingSpace = true
                i &+= (~whiteBits).trailingZeroBitCount
                continue
            }
            if pendingSpace {
                if k > 0, PolicyScan.isASCIIAlnum(out[k - 1].value), PolicyScan.isASCIIAlnum(s[i].value) {
                    out[k] = " "
                    k += 1
                    if k == textLimit { break }
                }
                pendingSpace = false
            }
            let m = min(run, textLimit &- k)
            if i &+ 16 <= n {
                for q in 0..<4 {
                    outRaw.storeBytes(of: raw.loadUnaligned(fromByteOffset: (i &+ 4 &* q) &* 4, as: SIMD4<UInt32>.self),
                                      toByteOffset: (k &+ 4 &* q) &* 4, as: SIMD4<UInt32>.self)
                }
            } else {
                (out + k).initialize(from: base + i, count: m)
            }
            k &+= m
            i &+= m
        }
        return k
    }

    /// The words the line tests look for, in one value that `classify` reads once (each static
    /// read costs a lazy-initialization check).
    struct Words {
        private static func sc(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
        let bylinePrefixes: [[Unicode.Scalar]] = ["本报记者", "本报讯", "本报通讯员", "本报特约记者", "来源：", "来源:",
                                                  "作者：", "作者:", "文/", "文／", "新华社", "特约记者", "通讯员"].map(sc)
        let columnNames: [[Unicode.Scalar]] = ["地方新闻", "要闻", "综合新闻", "综合", "国际新闻", "国内新闻", "产业新闻",
                                               "产业", "财经", "评论", "专题", "视点", "观察", "聚焦", "新闻",
                                               "行业", "区域", "数字经济", "本版", "时评", "特别报道", "深度",
                                               "本期导读", "导读", "目录", "本期目录", "要目"].map(sc)
        let continuedFrom = sc("（上接")
        let continuedFromASCII = sc("(上接")
        let continuedOn = sc("下转")
        let benBaoXun = sc("本报讯")
        let reporter = sc("记者")
        let furnitureMarks: [[Unicode.Scalar]] = ["编辑：", "编辑:", "责任编辑", "美编", "校对", "E-mail", "电话：",
                                                  "版式", "责编"].map(sc)
        /// A line starting with none of these scalars is no byline (one test instead of a search).
        let bylineFirsts: FirstScalarFilter
        let furnitureFirsts: FirstScalarFilter
        let columnNameFirsts: FirstScalarFilter

        init() {
            bylineFirsts = FirstScalarFilter(bylinePrefixes + [reporter])
            furnitureFirsts = FirstScalarFilter(furnitureMarks)
            columnNameFirsts = FirstScalarFilter(columnNames)
        }
    }

    static let words = Words()

    /// `texts` is the text pool of `lines`. Returns the texts of the bylines and headings (see `Line.label`).
    static func classify(_ lines: inout [Line], _ texts: Text, _ s: [Unicode.Scalar]) -> [String] {
        func text(_ l: Line) -> Text { Text(rebasing: texts[l.textRange]) }
        let w = words
        var labels: [String] = []
        let narrow = narrowColumnWidth(lines)
        for k in lines.indices {
            let t = text(lines[k])
            // Markdown heading.
            if t.first == "#" {
                var lvl = 0
                while lvl < t.count, t[lvl] == "#" { lvl += 1 }
                if lvl <= 6 {
                    lines[k].kind = .heading(lvl)
                    var a = lines[k].range.lowerBound
                    while a < lines[k].range.upperBound, s[a] == "#" { a += 1 }
                    lines[k].label = labels.count
                    labels.append(headlineText(s, CollectionOfOne(a..<lines[k].range.upperBound)))
                    continue
                }
            }
            if isFurniture(t, w, marksFrom: lines[k].furnitureMarksFrom) || isTOCLine(t) { lines[k].kind = .furniture; continue }
            if hasPrefix(t, at: 0, w.continuedFrom) || hasPrefix(t, at: 0, w.continuedFromASCII) {
                lines[k].kind = .continuation
                continue
            }
            if let by = byline(t, lines[k].range, s, w) {
                lines[k].kind = .byline
                lines[k].label = labels.count
                labels.append(by)
                lines[k].signOff = isSignOff(s, lines[k].range, w)
                continue
            }
            lines[k].signOff = isSignOff(s, lines[k].range, w)
            if !lines[k].signOff && isCandidate(t, width: lines[k].width, narrow: narrow)
                && (k == 0 || endsBlock(lines[k - 1], s)) {
                lines[k].kind = .candidate
            }
        }
        // Up to three headline-shaped lines between a sign-off (or the text start) and a byline are a
        // headline even when they are as wide as the column.
        for k in lines.indices where lines[k].kind == .byline {
            var j = k
            while j > 0, k - j < 3, lines[j - 1].kind == .body || lines[j - 1].kind == .candidate,
                  !lines[j - 1].signOff, isCandidate(text(lines[j - 1]), width: lines[j - 1].width, narrow: nil) {
                j -= 1
            }
            guard j < k else { continue }
            if j == 0 || lines[j - 1].signOff || lines[j - 1].kind == .furniture || lines[j - 1].kind == .byline
                || endsBlock(lines[j - 1], s) {
                for m in j..<k { lines[m].kind = .candidate }
            }
        }
        // Two or more consecutive "text   12" lines form a table of contents.
        var k = 0
        while k < lines.count {
            if isLooseTOCLine(text(lines[k]), s, lines[k].range) {
                var e = k
                while e < lines.count, isLooseTOCLine(text(lines[e]), s, lines[e].range) { e += 1 }
                if e - k >= 2 { for j in k..<e { lines[j].kind = .furniture } }
                k = e
            } else {
                k += 1
            }
        }
        return labels
    }

    /// Width (×2 units) of hard-wrapped columns, when most lines share it (raw PDF text); nil for
    /// paragraph-per-line text.
    static func narrowColumnWidth(_ lines: [Line]) -> Int? {
        guard lines.count >= 20 else { return nil }
        var counts = [Int](repeating: 0, count: 82)
        for l in lines where l.width <= 80 { counts[max(l.width, 0)] += 1 }
        // The most common width; ties go to the wider.
        var w = -1, c = 0
        for width in 0...80 where counts[width] > 0 && counts[width] >= c {
            w = width
            c = counts[width]
        }
        guard w >= 0 else { return nil }
        // Neighbouring widths (ASCII mixes in half units) count towards the column.
        let near = c + (w > 0 ? counts[w - 1] : 0) + counts[w + 1]
        return near * 100 >= lines.count * 25 && w >= 16 ? w : nil
    }


    /// The first scalars of some words as two 64-bit masks (bits `v & 63` and `(v >> 6) & 63` of each
    /// first scalar `v`): most other scalars fail one of the two tests, so the words are compared only
    /// where one may start.
    struct FirstScalarFilter {
        let low: UInt64, high: UInt64

        init(_ words: [[Unicode.Scalar]]) {
            var low: UInt64 = 0, high: UInt64 = 0
            for w in words {
                guard let v = w.first?.value else { continue }
                low |= 1 << UInt64(v & 63)
                high |= 1 << UInt64(v >> 6 & 63)
            }
            self.low = low
            self.high = high
        }

        @inline(__always) func mayStart(_ c: Unicode.Scalar) -> Bool {
            low >> UInt64(c.value & 63) & high >> UInt64(c.value >> 6 & 63) & 1 != 0
        }
    }

    /// Exact match of `word` at `i` (`PolicyScan.hasPrefix` on a line text).
    @inline(__always) static func hasPrefix(_ t: Text, at i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= t.count else { return false }
        for k in 0..<word.count where t[i + k] != word[k] { return false }
        return true
    }

    /// `marksFrom`: where in `t` a furniture mark may start, or -1 (see `Line.furnitureMarksFrom`).
    static func isFurniture(_ t: Text, _ w: Words, marksFrom: Int) -> Bool {
        if marksFrom >= 0 && marksFrom < t.count && t.count <= 80 {
            // One pass over the rest of the line; marks are tried only where their first scalar stands.
            let firsts = w.furnitureFirsts
            for i in marksFrom..<t.count where firsts.mayStart(t[i]) {
                for m in w.furnitureMarks where m[0] == t[i] && hasPrefix(t, at: i, m) { return true }
            }
        }
        guard t.count <= 24, let first = t.first, w.columnNameFirsts.mayStart(first) else { return false }
        for c in w.columnNames where hasPrefix(t, at: 0, c) {
            if t.count == c.count { return true }
            // 地方新闻 32023年3月31日: the column name followed by a page number or a date.
            if PolicyScan.digit(t[c.count].value) != nil { return true }
        }
        return false
    }

    /// A line ending in a page number after leader dots: 工信部发布……………… 3
    static func isTOCLine(_ t: Text) -> Bool {
        guard t.count >= 4, t.count <= 60 else { return false }
        var j = t.count
        while j > 0, PolicyScan.digit(t[j - 1].value) != nil { j -= 1 }
        if j < t.count, t[j...].count <= 3 {
            var leaders = 0
            var k = j
            while k > 0, isLeader(t[k - 1].value) { leaders += 1; k -= 1 }
            return leaders >= 2 && k > 0
        }
        return false
    }

    /// Leader dots between a table-of-contents entry and its page number: … . · ． - — ⋯
    @inline(__always) private static func isLeader(_ v: UInt32) -> Bool {
        v == 0x2026 || v == 0x2E || v == 0xB7 || v == 0xFF0E || v == 0x2D || v == 0x2014 || v == 0x22EF
    }

    /// Short text, some spaces, a page number — only counts in runs (see `classify`).
    static func isLooseTOCLine(_ t: Text, _ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        guard t.count >= 3, t.count <= 40 else { return false }
        var b = r.upperBound
        var digits = 0
        while b > r.lowerBound, PolicyScan.digit(s[b - 1].value) != nil { b -= 1; digits += 1 }
        if b > r.lowerBound, s[b - 1] == "版" { return digits == 0 ? false : true }
        guard digits >= 1, digits <= 3 else { return false }
        var spaces = 0
        while b > r.lowerBound, PolicyScan.isSpace(s[b - 1].value) || s[b - 1] == "…" || s[b - 1] == "." || s[b - 1] == "·" {
            b -= 1
            spaces += 1
        }
        guard spaces >= 1, b > r.lowerBound else { return false }
        let last = s[b - 1].value
        return PolicyScan.isHan(last) && !PolicyScan.isClausePunct(last)
    }

    /// The byline of a line with compact text `t` and range `r`, if it is one.
    static func byline(_ t: Text, _ r: Range<Int>, _ s: [Unicode.Scalar], _ w: Words) -> String? {
        // Every byline starts with one of 本来作文新特通记.
        guard let first = t.first, w.bylineFirsts.mayStart(first) else { return nil }
        for p in w.bylinePrefixes where hasPrefix(t, at: 0, p) {
            if p == w.benBaoXun {
                // 本报讯（记者 X）: keep the parenthesis.
                var e = p.count
                if e < t.count, t[e] == "（" || t[e] == "(" {
                    while e < t.count, e < 24, t[e] != "）" && t[e] != ")" { e += 1 }
                    if e < t.count { e += 1 }
                }
                return PolicyScan.string(t[0..<e])
            }
            return collapsedLine(s, r, limit: 60)
        }
        // 记者 张三 — a short line or a name after a space.
        if hasPrefix(t, at: 0, w.reporter) {
            var i = r.lowerBound + 2
            let spaced = i < r.upperBound && PolicyScan.isSpace(s[i].value)
            while i < r.upperBound, PolicyScan.isSpace(s[i].value) { i += 1 }
            if spaced || t.count <= 8 { return collapsedLine(s, r, limit: 30) }
        }
        return nil
    }

    private static func collapsedLine(_ s: [Unicode.Scalar], _ r: Range<Int>, limit: Int) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(limit)  // a space stands for at least one space
        var space = false
        for i in r.lowerBound..<min(r.upperBound, r.lowerBound + limit) {
            if PolicyScan.isSpace(s[i].value) { space = true; continue }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.append(s[i])
        }
        return PolicyScan.string(out)
    }

    /// Paragraph ending with a sign-off: （鄂 文）, (赣文), （吴丽琳）, （文 / 张三）, （下转第2版）.
    static func isSignOff(_ s: [Unicode.Scalar], _ r: Range<Int>, _ w: Words) -> Bool {
        guard r.count >= 3 else { return false }
        let last = s[r.upperBound - 1]
        guard last == "）" || last == ")" else { return false }
        var j = r.upperBound - 2
        var inner = 0
        while j >= r.lowerBound, r.upperBound - j <= 16, s[j] != "（" && s[j] != "(" {
            let v = s[j].value
            if PolicyScan.isHan(v) { inner += 1 } else if !(PolicyScan.isSpace(v) || v == 0x2F || v == 0xFF0F || v == 0xB7) {
                // 下转第2版 has a digit.
                if PolicyScan.digit(v) == nil { return false }
            }
            j -= 1
        }
        guard j >= r.lowerBound, s[j] == "（" || s[j] == "(", inner >= 1 else { return false }
        let content = PolicyScan.compact(s, (j + 1)..<(r.upperBound - 1))
        if content.contains(where: { PolicyScan.digit($0.value) != nil }) {
            return PolicyScan.hasPrefix(content, at: 0, w.continuedOn)
        }
        guard content.count <= 8 else { return false }
        if j == r.lowerBound { return true }
        var k = j - 1
        while k >= r.lowerBound, PolicyScan.isSpace(s[k].value) { k -= 1 }
        guard k >= r.lowerBound else { return true }
        let v = s[k].value
        return PolicyScan.isSentenceFinal(v) || ((v == 0x201D || v == 0xFF09) && k > r.lowerBound
                                                && PolicyScan.isSentenceFinal(s[k - 1].value))
    }


    /// Whether a line closes what came before it, so that the next line may be a headline: a line
    /// wrapped in the middle of a paragraph does not.
    static func endsBlock(_ l: Line, _ s: [Unicode.Scalar]) -> Bool {
        switch l.kind {
        case .heading, .furniture, .byline, .candidate: return true
        case .continuation, .body:
            if l.signOff { return true }
            var j = l.range.upperBound - 1
            guard j >= l.range.lowerBound else { return true }
            var v = s[j].value
            if (v == 0x201D || v == 0xFF09 || v == 0x29 || v == 0x2019), j > l.range.lowerBound {
                j -= 1
                v = s[j].value
            }
            return PolicyScan.isSentenceFinal(v)
        }
    }

    /// Headline-shaped: short, no final clause punctuation, balanced 《》“”（）.
    static func isCandidate(_ t: Text, width: Int, narrow: Int?) -> Bool {
        guard t.count >= 2, t.count <= 40, let last = t.last else { return false }
        let v = last.value
        if PolicyScan.isClausePunct(v) && v != 0xFF1F && v != 0xFF01 { return false }
        if v == 0x2014 || v == 0x2013 || v == 0x2D || v == 0x201C || v == 0x300A || v == 0xFF08 || v == 0x28 { return false }
        if let w = narrow, width >= w - 4, width <= w + 3 { return false }
        // One pass: balanced brackets and quotes, no 。，；, and some Han.
        var depth = (0, 0, 0)
        var han = false
        for c in t {
            // Han text answers in the first compare.
            if c.value &- 0x4E00 < 0x5200 {
                han = true
                continue
            }
            switch c {
            case "《": depth.0 += 1
            case "》": depth.0 -= 1
            case "“": depth.1 += 1
            case "”": depth.1 -= 1
            case "（", "(": depth.2 += 1
            case "）", ")": depth.2 -= 1
            case "。", "，", "；", ",": return false
            default: if PolicyScan.isHan(c.value) { han = true }
            }
        }
        return depth == (0, 0, 0) && han
    }

    /// Headline as a reader writes it: line breaks and letter spacing removed, but a space between
    /// two multi-character runs (main title / second line: `四川印发工作实施方案 促进…`) kept.
    static func headlineText<Lines: Sequence<Range<Int>>>(_ s: [Unicode.Scalar], _ lineRanges: Lines) -> String {
        // Runs: maximal non-white stretches. A space goes before a run that follows a space inside its
        // line when the two runs meet in ASCII letters or digits (known at the run's first scalar) or both
        // are at least two scalars long (known at its second). A kept space stands for at least one white
        // scalar, so the text never outgrows its lines.
        var capacity = 0
        for r in lineRanges { capacity += r.count }
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: capacity) { out in
            var n = 0
            s.withUnsafeBufferPointer { p in
                var previousCount = 0        // length of the previous run, 0 before the first
                var previousLast: UInt32 = 0 // its last scalar
                for r in lineRanges {
                    var spaced = false       // white since the last run in this line
                    var seenText = false
                    var runCount = 0         // length of the run being read, 0 between runs
                    var spaceIfLong = false  // a space goes before the run if it reaches two scalars
                    for i in r {
                        let c = p[i]
                        if PolicyScan.isWhite(c.value) {
                            if runCount > 0 {
                                previousCount = runCount
                                previousLast = out[n - 1].value
                                runCount = 0
                            }
                            spaced = true
                            continue
                        }
                        if runCount == 0 {
                            spaceIfLong = false
                            if spaced && seenText && previousCount > 0 {
                                if PolicyScan.isASCIIAlnum(previousLast) && PolicyScan.isASCIIAlnum(c.value) {
                                    out[n] = " "
                                    n += 1
                                } else {
                                    spaceIfLong = previousCount >= 2
                                }
                            }
                        } else if runCount == 1 && spaceIfLong {
                            out[n] = out[n - 1]
                            out[n - 1] = " "
                            n += 1
                        }
                        runCount += 1
                        seenText = true
                        spaced = false
                        out[n] = c
                        n += 1
                    }
                    if runCount > 0 {
                        previousCount = runCount
                        previousLast = out[n - 1].value
                    }
                }
            }
            return PolicyScan.string(UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }

    // MARK: Articles

    private struct Builder {
        var start: Int
        var end: Int
        var headline: String?
        var headlineRange: Range<Int>?
        var byline: String?
        var body = 0
        var closedBySignOff = false
        var bodyStart: Int?

        init(_ r: Range<Int>) {
            start = r.lowerBound
            end = r.upperBound
        }

        /// Grows the article to cover `r`.
        mutating func extend(to r: Range<Int>) {
            start = min(start, r.lowerBound)
            end = max(end, r.upperBound)
        }

        /// The start of the article's text, at most `limit` scalars.
        func text(limit: Int) -> Range<Int> {
            let st = bodyStart ?? start
            return st..<min(end, st + limit)
        }
    }

    private struct SectionHead {
        var article: Int
        var title: String
        var range: Range<Int>
        var level: Int
        var markdown: Bool
    }

    /// The kind of the first line from `e` on that is not furniture.
    private static func nextKind(_ ls: [Line], after e: Int) -> LineKind? {
        var j = e
        while j < ls.count, ls[j].kind == .furniture { j += 1 }
        return j < ls.count ? ls[j].kind : nil
    }

    /// The start of the text after line `e`, past furniture and headline-shaped lines: at most `limit`
    /// scalars, empty at the end of `s`.
    private static func followingText(_ ls: [Line], from e: Int, limit: Int, count: Int) -> Range<Int> {
        var j = e
        while j < ls.count, ls[j].kind == .furniture || ls[j].kind == .candidate { j += 1 }
        guard j < ls.count else { return count..<count }
        let st = ls[j].range.lowerBound
        return st..<min(count, st + limit)
    }

    static func parseReading(_ s: [Unicode.Scalar], classes: ReadingClasses? = nil) -> [ReadingArticle] {
        var ls: [Line] = []
        let (texts, breaks, markerStarts) = classes?.structure?.withUnsafeBufferPointer { lines(s, into: &ls, classes: $0.baseAddress) }
            ?? lines(s, into: &ls)
        let labels = texts.withUnsafeBufferPointer { classify(&ls, $0, s) }
        // Runs of 1…3 candidate lines are headline blocks; longer runs are body text.
        var k = 0
        while k < ls.count {
            guard ls[k].kind == .candidate else { k += 1; continue }
            var e = k
            while e < ls.count, ls[e].kind == .candidate { e += 1 }
            if e - k > 3 { for j in k..<e { ls[j].kind = .body } }
            k = e
        }

        // The article being filled is always the last one (`cur`, nil once it is closed), so the section
        // heads of each article lie together in `heads`.
        var arts: [Builder] = []
        var cur: Int?
        var heads: [SectionHead] = []

        k = 0
        while k < ls.count {
            let line = ls[k]
            switch line.kind {
            case .furniture:
                k += 1
            case .heading(let lvl):
                let title = labels[line.label]
                if lvl <= 2 {
                    arts.append(Builder(line.range))
                    cur = arts.count - 1
                    arts[arts.count - 1].headline = title.isEmpty ? nil : title
                    arts[arts.count - 1].headlineRange = line.range
                } else {
                    if cur == nil {
                        arts.append(Builder(line.range))
                        cur = arts.count - 1
                    }
                    arts[arts.count - 1].extend(to: line.range)
                    heads.append(SectionHead(article: arts.count - 1, title: title, range: line.range, level: lvl, markdown: true))
                }
                k += 1
            case .byline:
                if let a = cur, arts[a].body == 0, arts[a].byline == nil {
                    arts[a].byline = labels[line.label]
                    arts[a].extend(to: line.range)
                } else {
                    arts.append(Builder(line.range))
                    cur = arts.count - 1
                    arts[arts.count - 1].byline = labels[line.label]
                }
                if let a = cur {
                    if line.textRange.count > labels[line.label].unicodeScalars.count + 2 {
                        arts[a].body += 1
                        if arts[a].bodyStart == nil { arts[a].bodyStart = line.range.lowerBound }
                    }
                    if line.signOff { arts[a].closedBySignOff = true; cur = nil }
                }
                k += 1
            case .continuation:
                arts.append(Builder(line.range))
                cur = arts.count - 1
                arts[arts.count - 1].body = 1
                arts[arts.count - 1].bodyStart = line.range.lowerBound
                if line.signOff { arts[arts.count - 1].closedBySignOff = true; cur = nil }
                k += 1
            case .candidate:
                var e = k
                while e < ls.count, ls[e].kind == .candidate { e += 1 }
                let block = ls[k].range.lowerBound..<ls[e - 1].range.upperBound
                // The lines' compact texts lie one after the other in the pool.
                let blockText = texts[ls[k].textRange.lowerBound..<ls[e - 1].textRange.upperBound]
                let headline = headlineText(s, ls[k..<e].lazy.map { $0.range })
                let next = nextKind(ls, after: e)
                let prev = arts.indices.last
                // After a sign-off, a headline may belong to the article that just ended (printed
                // after its article) — decide by shared character pairs.
                var attachedToPrevious = false
                if cur == nil, let p = prev, arts[p].closedBySignOff, arts[p].headline == nil {
                    let after = HeadlineOverlap.score(blockText, s, followingText(ls, from: e, limit: 600, count: s.count))
                    // No share exceeds 1: when every pair follows, the text before cannot win.
                    if after < 1, HeadlineOverlap.score(blockText, s, arts[p].text(limit: 1500), decidedAbove: after) > after {
                        arts[p].headline = headline
                        arts[p].headlineRange = block
                        arts[p].extend(to: block)
                        attachedToPrevious = true
                    }
                }
                if !attachedToPrevious {
                    if let a = cur, next != .byline {
                        if arts[a].body == 0 && arts[a].headline == nil {
                            arts[a].headline = headline
                            arts[a].headlineRange = block
                            arts[a].extend(to: block)
                        } else if next == nil || next == .heading(1) || next == .heading(2), arts[a].headline == nil {
                            arts[a].headline = headline
                            arts[a].headlineRange = block
                            arts[a].extend(to: block)
                        } else {
                            arts[a].extend(to: block)
                            heads.append(SectionHead(article: a, title: headline, range: block, level: 3, markdown: false))
                        }
                    } else {
                        arts.append(Builder(ls[k].range))
                        cur = arts.count - 1
                        arts[arts.count - 1].headline = headline
                        arts[arts.count - 1].headlineRange = block
                        arts[arts.count - 1].extend(to: block)
                    }
                }
                k = e
            case .body:
                if cur == nil {
                    arts.append(Builder(line.range))
                    cur = arts.count - 1
                }
                let a = arts.count - 1
                arts[a].extend(to: line.range)
                arts[a].body += 1
                if arts[a].bodyStart == nil { arts[a].bodyStart = line.range.lowerBound }
                if line.signOff { arts[a].closedBySignOff = true; cur = nil }
                k += 1
            }
        }

        var nextHead = 0
        return arts.indices.map { i in
            let b = arts[i]
            var a = ReadingArticle(range: b.start..<b.end, headline: b.headline, headlineRange: b.headlineRange,
                                   byline: b.byline)
            let first = nextHead
            while nextHead < heads.count, heads[nextHead].article == i { nextHead += 1 }
            a.sections = sections(b, heads[first..<nextHead], s)
            a.paragraphBreaks = breaks[firstIndex(in: breaks, atLeast: b.start)..<firstIndex(in: breaks, atLeast: b.end)]
                .map { $0 - b.start }
            a.markerStarts = markerStarts[firstIndex(in: markerStarts, atLeast: b.start)..<firstIndex(in: markerStarts, atLeast: b.end)]
                .map { $0 - b.start }
            return a
        }
    }

    /// Index of the first element ≥ `value` in a sorted array.
    private static func firstIndex(in sorted: [Int], atLeast value: Int) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Section extents. A Markdown section runs to the next heading; a plain sub-heading may be
    /// printed after its section (newspaper layout), decided by shared character pairs.
    private static func sections(_ b: Builder, _ heads: ArraySlice<SectionHead>, _ s: [Unicode.Scalar]) -> [ReadingSection] {
        var out: [ReadingSection] = []
        guard !heads.isEmpty else { return out }
        out.reserveCapacity(heads.count)
        var prevEnd = b.headlineRange.map { max($0.upperBound, b.start) } ?? b.start
        for i in heads.indices {
            let h = heads[i]
            let nextStart = i + 1 < heads.endIndex ? heads[i + 1].range.lowerBound : b.end
            var range = h.range.lowerBound..<max(h.range.upperBound, nextStart)
            if !h.markdown, prevEnd < h.range.lowerBound {
                let t = PolicyScan.compact(s, h.range)[...]
                // Equal-sized windows on both sides, so a long stretch does not win by size.
                let after = HeadlineOverlap.score(t, s, h.range.upperBound..<min(nextStart, h.range.upperBound + 300))
                // No share exceeds 1: from ⅔ after on, the text before cannot win.
                if after * 1.5 < 1 {
                    let before = HeadlineOverlap.score(t, s, max(prevEnd, h.range.lowerBound - 300)..<h.range.lowerBound,
                                                       decidedAbove: after * 1.5, atLeast: 0.3)
                    if before > after * 1.5 && before >= 0.3 { range = prevEnd..<h.range.upperBound }
                }
            }
            // The compact text without its leading #s: no space is ever put after a #, so leading #s and
            // white can be passed before compacting.
            var titleStart = h.range.lowerBound
            while titleStart < h.range.upperBound, s[titleStart] == "#" || PolicyScan.isWhite(s[titleStart].value) {
                titleStart += 1
            }
            out.append(ReadingSection(title: PolicyScan.compactString(s, titleStart..<h.range.upperBound),
                                      titleRange: h.range, range: range, level: h.level))
            prevEnd = range.upperBound
        }
        return out
    }
}

/// Share of a heading's Han character pairs that occur in a stretch of text.
enum HeadlineOverlap {
    /// The share, or as soon as it is above `threshold` and at least `floor`, a smaller share that
    /// also is: a caller that only compares it with these learns the same at less cost.
    static func score(_ heading: ArraySlice<Unicode.Scalar>, _ s: [Unicode.Scalar], _ r: Range<Int>,
                      decidedAbove threshold: Double = 1, atLeast floor: Double = 0) -> Double {
        let lo = max(0, r.lowerBound), hi = min(s.count, r.upperBound)
        // Scratch on the stack: the heading's Han pairs, its distinct ones grouped by their word of a
        // 4096-bit filter of the pairs (`filterBit`; the filter rejects nearly every text pair), where each
        // word's group starts and ends, and a found flag per group place. A group holds about one pair: a
        // text pair that passes the filter is compared with its group's pairs, without a search.
        let n = max(heading.count, 1)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * n + 64 + 65 + 64) { scratch in
            guard let base = scratch.baseAddress else { return 0 }
            let pairs = base, grouped = base + n, found = base + 2 * n, filter = base + 3 * n
            let groupStarts = filter + 64, groupEnds = groupStarts + 65
            var count = 0
            var prev: UInt32 = 0
            for c in heading {
                let v = c.value
                if PolicyScan.isHan(v) {
                    if prev != 0 {
                        pairs[count] = UInt64(prev) << 32 | UInt64(v)
                        count += 1
                    }
                    prev = v
                } else {
                    prev = 0
                }
            }
            guard count > 0 else { return 0 }
            @inline(__always) func place(_ pair: UInt64) -> (word: Int, bit: UInt64) {
                filterBit(UInt32(truncatingIfNeeded: pair >> 32), UInt32(truncatingIfNeeded: pair))
            }
            filter.initialize(repeating: 0, count: 64)
            groupStarts.initialize(repeating: 0, count: 65)
            for k in 0..<count {
                let (word, bit) = place(pairs[k])
                filter[word] |= bit
                groupStarts[word + 1] += 1
            }
            for word in 0..<64 {
                groupStarts[word + 1] += groupStarts[word]
                groupEnds[word] = groupStarts[word]
            }
            // Each distinct pair once in its group.
            var unique = 0
            for k in 0..<count {
                let pair = pairs[k], word = place(pair).word
                var j = Int(groupStarts[word])
                let end = Int(groupEnds[word])
                while j < end, grouped[j] != pair { j += 1 }
                if j == end {
                    grouped[end] = pair
                    found[end] = 0
                    groupEnds[word] += 1
                    unique += 1
                }
            }
            // The share is decided once `stopCount` pairs are found: the least count whose share is above
            // `threshold` and at least `floor`, or all of them.
            var stopCount = unique
            for k in (1..<unique).reversed() {
                let share = Double(k) / Double(unique)
                guard share > threshold && share >= floor else { break }
                stopCount = k
            }
            var foundCount = 0
            prev = 0
            s.withUnsafeBufferPointer { p in
                guard let text = p.baseAddress else { return }
                var i = lo
                while i < hi {
                    let v = text[i].value
                    i &+= 1
                    // Han text answers in the first compare.
                    // Below U+3400 and from U+FF00 to the supplementary planes (ASCII, CJK and full-width
                    // punctuation) nothing is Han.
                    if v &- 0x4E00 < 0x5200 || (v >= 0x3400 && v &- 0xFF00 >= 0x1_0100 && isOtherHan(v)) {
                        if prev != 0 {
                            let (word, bit) = filterBit(prev, v)
                            if filter[word] & bit != 0 {
                                let key = UInt64(prev) << 32 | UInt64(v)
                                var k = Int(groupStarts[word])
                                let end = Int(groupEnds[word])
                                while k < end, grouped[k] != key { k += 1 }
                                if k < end {
                                    let isNew = 1 &- found[k]
                                    found[k] = 1
                                    foundCount &+= Int(truncatingIfNeeded: isNew)
                                    if foundCount >= stopCount { break }
                                }
                            }
                        }
                        prev = v
                    } else if !PolicyScan.isWhite(v) {
                        prev = 0
                    }
                }
            }
            return Double(foundCount) / Double(unique)
        }
    }

    /// `PolicyScan.isHan` outside U+4E00…U+9FFF; not inlined, so that the common test stays first.
    @inline(never) private static func isOtherHan(_ v: UInt32) -> Bool { PolicyScan.isHan(v) }

    /// A pair's place in the 64-word filter: the second scalar's low six bits pick the bit, the first
    /// scalar's low six bits mixed with the second's next six pick the word.
    @inline(__always) private static func filterBit(_ first: UInt32, _ second: UInt32) -> (word: Int, bit: UInt64) {
        (Int((first ^ second >> 6) & 63), 1 << UInt64(second & 63))
    }
}
