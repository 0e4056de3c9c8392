/// Enumerated points inside an article: 一是…二是…, 一、二、, （一）（二）, 第一…第二, 首先…其次…最后, 1. 2.
/// Found as model values with reading offsets, which the caller maps to the source in place.
enum EnumerationFinder {

    private struct Marker {
        var style: Enumeration.Style
        var ordinal: Int      // 0 for 最后 (next in sequence)
        var range: Range<Int>
    }

    /// Largest gap between two consecutive markers of one enumeration.
    static let maxGap = 2000

    /// The first paragraph break after `i`, at most `limit`; `breaks` are sorted offsets from `base`.
    static func paragraphEnd(after i: Int, breaks: [Int], base: Int, limit: Int) -> Int {
        var lo = 0, hi = breaks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if base + breaks[mid] <= i { lo = mid + 1 } else { hi = mid }
        }
        return lo < breaks.count ? min(base + breaks[lo], limit) : limit
    }

    /// `paragraphBreaks`: the paragraph-break newlines in `range`; `markerStarts`: the scalars of marker
    /// kind there after a marker predecessor (see `scanClasses`); both as `StructureParser.lines` found
    /// them, sorted offsets from `range.lowerBound`.
    static func find(in s: [Unicode.Scalar], range: Range<Int>, paragraphBreaks: [Int], markerStarts: [Int]) -> [Enumeration] {
        let markers = self.markers(in: s, range: range, starts: markerStarts)
        // An enumeration has two markers at least.
        guard markers.count >= 2 else { return [] }
        var out: [Enumeration] = []
        // One buffer for every run.
        var run: [Marker] = []
        run.reserveCapacity(markers.count)
        for style in [Enumeration.Style.yiShi, .dunHao, .parenthesized, .diYi, .shouXian, .arabic] {
            func flush() {
                if run.count >= 2 { out.append(build(run, style, s, range, paragraphBreaks)) }
                run.removeAll(keepingCapacity: true)
            }
            for m in markers where m.style == style {
                if let last = run.last, m.range.lowerBound - last.range.upperBound <= maxGap,
                   m.ordinal == last.ordinal + 1 || (m.ordinal == 0 && style == .shouXian) {
                    var m = m
                    if m.ordinal == 0 { m.ordinal = last.ordinal + 1 }
                    run.append(m)
                    if style == .shouXian && s[m.range.lowerBound] == "最" { flush() }
                } else if m.ordinal == 1 {
                    flush()
                    run.append(m)
                }
            }
            flush()
        }
        out.sort { ($0.items.first?.markerRange.lowerBound ?? 0) < ($1.items.first?.markerRange.lowerBound ?? 0) }
        return out
    }

    /// Longest line taken as a heading-like item.
    static let maxHeadingLength = 2_000

    private static func build(_ run: [Marker], _ style: Enumeration.Style, _ s: [Unicode.Scalar], _ range: Range<Int>,
                              _ breaks: [Int]) -> Enumeration {
        var items: [EnumerationItem] = []
        items.reserveCapacity(run.count)
        for (i, m) in run.enumerated() {
            var pend = paragraphEnd(after: m.range.lowerBound, breaks: breaks, base: range.lowerBound, limit: range.upperBound)
            let nextStart = i + 1 < run.count ? run[i + 1].range.lowerBound : range.upperBound
            // A heading-like item (一、总体要求) ends with its line. The scan stops at the first clause
            // punctuation, at the next item (the item ends there either way) and after `maxHeadingLength`
            // (no heading is that long): scanning every item's whole line was quadratic on a 5 MB line.
            var nl = m.range.upperBound
            var punct = false
            let scanEnd = min(pend, nextStart, m.range.upperBound + maxHeadingLength)
            while nl < scanEnd, !PolicyScan.isNewline(s[nl].value) {
                if PolicyScan.isClausePunct(s[nl].value) { punct = true; break }
                nl += 1
            }
            if nl == m.range.upperBound + maxHeadingLength, nl < pend, !PolicyScan.isNewline(s[nl].value) { punct = true }
            if !punct { pend = nl }
            var end = max(m.range.upperBound, min(pend, nextStart))
            while end > m.range.upperBound, PolicyScan.isWhite(s[end - 1].value) { end -= 1 }
            items.append(EnumerationItem(ordinal: m.ordinal, marker: PolicyScan.compactString(s, m.range),
                                         markerRange: m.range, range: m.range.lowerBound..<end,
                                         summary: summary(s, from: m.range.upperBound, to: end)))
        }
        return Enumeration(style: style, items: items)
    }

    /// First clause of the item, compact, at most 40 scalars.
    static func summary(_ s: [Unicode.Scalar], from a: Int, to b: Int) -> String {
        var i = a
        while i < b, PolicyScan.isWhite(s[i].value) || s[i] == "，" || s[i] == "：" || s[i] == "," || s[i] == ":" { i += 1 }
        var e = i
        var count = 0
        while e < b, count < 40 {
            let v = s[e].value
            if PolicyScan.isClausePunct(v) && v != 0x3001 { break }
            if !PolicyScan.isWhite(v) { count += 1 }
            e += 1
        }
        return PolicyScan.compactString(s, i..<e, nonWhite: count)
    }

    /// Whether offset `i` starts a clause: text start, after a line break, or after 。；：，!? (for
    /// inline styles).
    private static func clauseStart(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ lo: Int, lineOnly: Bool) -> Bool {
        var j = i - 1
        while j >= lo, PolicyScan.isSpace(s[j].value) { j -= 1 }
        if j < lo { return true }
        let v = s[j].value
        if PolicyScan.isNewline(v) { return true }
        if lineOnly { return v == 0x3002 || v == 0xFF1B || v == 0xFF1A }
        return PolicyScan.isSentenceFinal(v) || v == 0xFF0C || v == 0xFF1A || v == 0x3A || v == 0x2C
    }

    private static let sequenceWords: [([Unicode.Scalar], Int)] = [("首先", 1), ("其次", 2), ("再次", 3), ("最后", 0)]
        .map { (Array($0.0.unicodeScalars), $0.1) }

    /// Class bits of a BMP scalar (see `scanClasses`): the kind of marker it may start (one of the first
    /// three), or what else the line scan of `StructureParser.lines` looks for.
    static let numeralStart: UInt8 = 1, sequenceWordStart: UInt8 = 2, digitStart: UInt8 = 4, lineBreak: UInt8 = 8,
               space: UInt8 = 16, furnitureMarkStart: UInt8 = 32, markerPredecessor: UInt8 = 64
    /// The bits of the marker kinds.
    static let markerKinds: UInt8 = numeralStart | sequenceWordStart | digitStart

    /// For every BMP scalar, its class bits: the kind of marker it may start — Chinese numerals 一…十 (also
    /// 一是, 第一, （一）), the first scalars of 首先 其次 再次 最后, ASCII and full-width digits; and for the
    /// scan of `StructureParser.lines`, which finds line ends and marker starts in one pass, the line
    /// breaks (`PolicyScan.isNewline`), the other white space (`PolicyScan.isSpace`), the first scalars of
    /// the page-furniture marks (编辑：, 责任编辑, …) and the scalars after which a marker may start.
    /// Every marker follows the range start, white space, clause punctuation, 第 or an opening parenthesis
    /// (see the tests in `markers`), so a scalar of marker kind after none of these (进一步, 统一, 1697.2) is
    /// no marker start. Ranges start at 0 or after white space (articles start at line starts); `markers`
    /// reads a range's start anyway.
    static let scanClasses: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x1_0000)
        for c in "一二三四五六七八九十".unicodeScalars { table[Int(c.value)] = numeralStart }
        for (word, _) in sequenceWords { table[Int(word[0].value)] = sequenceWordStart }
        for v in 0x30...0x39 { table[v] = digitStart }
        for v in 0xFF10...0xFF19 { table[v] = digitStart }
        // As `PolicyScan.isNewline` and `isSpace` (a test checks every BMP scalar).
        let lineBreaks = [0x0A, 0x0D, 0x2028, 0x2029]
        let spaces = [0x09, 0x0B, 0x0C, 0x20, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x3000, 0xFEFF]
        for v in lineBreaks { table[v] = lineBreak }
        for v in spaces { table[v] = space }
        for mark in StructureParser.words.furnitureMarks {
            if let v = mark.first?.value, v < 0x1_0000, table[Int(v)] == 0 { table[Int(v)] = furnitureMarkStart }
        }
        // Marker predecessors: white space, clause punctuation (`PolicyScan.isClausePunct`), 第 and opening
        // parentheses.
        let clausePunct = [0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF1B, 0x3B, 0x2026, 0xFF0E, 0xFF0C, 0x3001, 0xFF1A, 0x2C, 0x3A]
        for v in lineBreaks + spaces + clausePunct + [0x7B2C, 0xFF08, 0x28] { table[v] |= markerPredecessor }
        return table
    }()

    private static func markers(in s: [Unicode.Scalar], range: Range<Int>, starts: [Int]) -> [Marker] {
        var out: [Marker] = []
        // At most one per listed start and one at the range start.
        if !starts.isEmpty { out.reserveCapacity(starts.count + 1) }
        let lo = max(0, range.lowerBound), hi = min(s.count, range.upperBound)
        scanClasses.withUnsafeBufferPointer { classTable in
            s.withUnsafeBufferPointer { p in
                guard let classes = classTable.baseAddress, lo < hi else { return }
                @inline(__always) func kind(_ c: Unicode.Scalar) -> UInt8 {
                    c.value < 0x1_0000 ? classes[Int(c.value)] & markerKinds : 0
                }
                var next = 0       // in `starts`
                var i = lo
                while i < hi {
                    // The range start, then the listed offsets not passed already.
                    if i > lo || kind(p[lo]) == 0 {
                        while next < starts.count, lo + starts[next] < i { next += 1 }
                        guard next < starts.count, lo + starts[next] < hi else { break }
                        i = lo + starts[next]
                        next += 1
                    }
                    let c = p[i]
                    switch kind(c) {
                    case numeralStart:
                        // Chinese numeral run: 一是 / 一、 / 第一
                        var j = i
                        while j < hi, j - i < 3, kind(p[j]) == numeralStart {
                            j += 1
                            // Letter spacing: 一 是
                            if j < hi, PolicyScan.isSpace(p[j].value), j + 1 < hi, kind(p[j + 1]) != numeralStart { break }
                        }
                        let isDi = i > lo && p[i - 1] == "第"
                        var k = j
                        while k < hi, k - j < 3, PolicyScan.isSpace(p[k].value) { k += 1 }
                        // Most numerals that get here (一个, 一批) still stand in no marker context: only
                        // those that do are read.
                        let mayMark = isDi || (k < hi && p[k] == "是") || (j < hi && p[j] == "、")
                            || (i > lo && (p[i - 1] == "（" || p[i - 1] == "(") && j < hi && (p[j] == "）" || p[j] == ")"))
                        if mayMark, let n = PolicyScan.chineseNumeral(p[i..<j]) {
                            if isDi {
                                if k < hi, p[k] == "，" || p[k] == "、" || p[k] == "：" || p[k] == "," || p[k] == ":" || p[k] == "是",
                                   clauseStart(p, i - 1, lo, lineOnly: false) {
                                    out.append(Marker(style: .diYi, ordinal: n, range: (i - 1)..<j))
                                }
                            } else if k < hi, p[k] == "是", clauseStart(p, i, lo, lineOnly: false) {
                                out.append(Marker(style: .yiShi, ordinal: n, range: i..<(k + 1)))
                                i = k + 1
                                continue
                            } else if j < hi, p[j] == "、", clauseStart(p, i, lo, lineOnly: true) {
                                out.append(Marker(style: .dunHao, ordinal: n, range: i..<(j + 1)))
                            } else if i > lo, p[i - 1] == "（" || p[i - 1] == "(", j < hi, p[j] == "）" || p[j] == ")",
                                      clauseStart(p, i - 1, lo, lineOnly: true) {
                                out.append(Marker(style: .parenthesized, ordinal: n, range: (i - 1)..<(j + 1)))
                            }
                        }
                        i = max(j, i + 1)
                    case sequenceWordStart:
                        for (ws, o) in sequenceWords {
                            if let e = PolicyScan.match(s, at: i, ws, limit: hi), e < hi,
                               p[e] == "，" || p[e] == "：" || p[e] == "," || p[e] == "是",
                               clauseStart(p, i, lo, lineOnly: false) {
                                out.append(Marker(style: .shouXian, ordinal: o, range: i..<e))
                                i = e
                                break
                            }
                        }
                        i += 1
                    case digitStart:
                        // 1. / 1、 / （1） at a line start.
                        var j = i
                        var n = 0
                        while j < hi, j - i < 3, let dv = PolicyScan.digit(p[j].value) { n = n * 10 + dv; j += 1 }
                        if j < hi, j - i < 3, n > 0 {
                            let after = p[j]
                            let paren = i > lo && (p[i - 1] == "（" || p[i - 1] == "(") && (after == "）" || after == ")")
                            if paren, clauseStart(p, i - 1, lo, lineOnly: true) {
                                out.append(Marker(style: .parenthesized, ordinal: n, range: (i - 1)..<(j + 1)))
                            } else if after == "." || after == "．" || after == "、",
                                      !(j + 1 < hi && PolicyScan.digit(p[j + 1].value) != nil),
                                      lineStart(p, i, lo) {
                                out.append(Marker(style: .arabic, ordinal: n, range: i..<(j + 1)))
                            }
                        }
                        while j < hi, PolicyScan.digit(p[j].value) != nil { j += 1 }
                        i = max(j, i + 1)
                    default:
                        i += 1
                    }
                }
            }
        }
        return out
    }

    private static func lineStart(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ lo: Int) -> Bool {
        var j = i - 1
        while j >= lo, PolicyScan.isSpace(s[j].value) { j -= 1 }
        return j < lo || PolicyScan.isNewline(s[j].value)
    }
}
