/// Enumerated points inside an article: 一是…二是…, 一、二、, （一）（二）, 第一…第二, 首先…其次…最后, 1. 2.
enum EnumerationFinder {
    struct Item {
        var ordinal: Int
        var marker: String
        var markerRange: Range<Int>
        var range: Range<Int>
        var summary: String
    }

    struct Found {
        var style: Enumeration.Style
        var items: [Item]
    }

    private struct Marker {
        var style: Enumeration.Style
        var ordinal: Int      // 0 for 最后 (next in sequence)
        var range: Range<Int>
    }

    /// Largest gap between two consecutive markers of one enumeration.
    static let maxGap = 2000

    static func paragraphEnd(after i: Int, breaks: [Int], limit: Int) -> Int {
        var lo = 0, hi = breaks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if breaks[mid] <= i { lo = mid + 1 } else { hi = mid }
        }
        return lo < breaks.count ? min(breaks[lo], limit) : limit
    }

    static func find(in s: [Unicode.Scalar], range: Range<Int>, paragraphBreaks: [Int]) -> [Found] {
        let markers = self.markers(in: s, range: range)
        var out: [Found] = []
        for style in [Enumeration.Style.yiShi, .dunHao, .parenthesized, .diYi, .shouXian, .arabic] {
            var run: [Marker] = []
            func flush() {
                if run.count >= 2 { out.append(build(run, style, s, range, paragraphBreaks)) }
                run = []
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
                    run = [m]
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
                              _ breaks: [Int]) -> Found {
        var items: [Item] = []
        for (i, m) in run.enumerated() {
            var pend = paragraphEnd(after: m.range.lowerBound, breaks: breaks, limit: range.upperBound)
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
            items.append(Item(ordinal: m.ordinal, marker: PolicyScan.compactString(s, m.range),
                              markerRange: m.range, range: m.range.lowerBound..<end,
                              summary: summary(s, from: m.range.upperBound, to: end)))
        }
        return Found(style: style, items: items)
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
        return PolicyScan.compactString(s, i..<e)
    }

    /// Whether offset `i` starts a clause: text start, after a line break, or after 。；：，!? (for
    /// inline styles).
    private static func clauseStart(_ s: [Unicode.Scalar], _ i: Int, _ lo: Int, lineOnly: Bool) -> Bool {
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

    /// 1 for the BMP scalars that may start a marker: Chinese numerals, 首其再最, ASCII and full-width digits.
    private static let markerStarts: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x1_0000)
        for c in "一二三四五六七八九十首其再最0123456789".unicodeScalars { table[Int(c.value)] = 1 }
        for v in 0xFF10...0xFF19 { table[v] = 1 }
        return table
    }()

    /// First offset in `i..<hi` whose scalar may start a marker (scalars above the BMP always may), or `hi`.
    private static func nextMarkerStart(_ s: [Unicode.Scalar], from i: Int, to hi: Int) -> Int {
        markerStarts.withUnsafeBufferPointer { table in
            s.withUnsafeBufferPointer { p in
                // Branch-free: a scalar above the BMP has bits above 16.
                @inline(__always) func may(_ v: UInt32) -> UInt32 { v >> 16 | UInt32(table[Int(v & 0xFFFF)]) }
                var j = i
                // Four scalars per test: most stretches of text hold no marker start at all.
                while j &+ 4 <= hi, may(p[j].value) | may(p[j &+ 1].value) | may(p[j &+ 2].value) | may(p[j &+ 3].value) == 0 {
                    j &+= 4
                }
                while j < hi {
                    if may(p[j].value) != 0 { return j }
                    j += 1
                }
                return hi
            }
        }
    }

    private static func markers(in s: [Unicode.Scalar], range: Range<Int>) -> [Marker] {
        var out: [Marker] = []
        let lo = max(0, range.lowerBound), hi = min(s.count, range.upperBound)
        var i = lo
        while i < hi {
            // Most scalars start no marker: one bitmap test each instead of the checks below.
            i = nextMarkerStart(s, from: i, to: hi)
            guard i < hi else { break }
            let c = s[i]
            // Chinese numeral run: 一是 / 一、 / 第一
            if PolicyScan.isChineseNumeralScalar(c) {
                var j = i
                while j < hi, j - i < 3, PolicyScan.isChineseNumeralScalar(s[j]) {
                    j += 1
                    // Letter spacing: 一 是
                    if j < hi, PolicyScan.isSpace(s[j].value), j + 1 < hi, !PolicyScan.isChineseNumeralScalar(s[j + 1]) { break }
                }
                let isDi = i > lo && s[i - 1] == "第"
                var k = j
                while k < hi, k - j < 3, PolicyScan.isSpace(s[k].value) { k += 1 }
                // Most numerals (一个, 进一步, 统一) stand in no marker context: only those that do are
                // read (the numeral's scalars are copied for that, not for every 一 in the text).
                let mayMark = isDi || (k < hi && s[k] == "是") || (j < hi && s[j] == "、")
                    || (i > lo && (s[i - 1] == "（" || s[i - 1] == "(") && j < hi && (s[j] == "）" || s[j] == ")"))
                if mayMark, let n = PolicyScan.chineseNumeral(Array(s[i..<j])) {
                    if isDi {
                        if k < hi, s[k] == "，" || s[k] == "、" || s[k] == "：" || s[k] == "," || s[k] == ":" || s[k] == "是",
                           clauseStart(s, i - 1, lo, lineOnly: false) {
                            out.append(Marker(style: .diYi, ordinal: n, range: (i - 1)..<j))
                        }
                    } else if k < hi, s[k] == "是", clauseStart(s, i, lo, lineOnly: false) {
                        out.append(Marker(style: .yiShi, ordinal: n, range: i..<(k + 1)))
                        i = k + 1
                        continue
                    } else if j < hi, s[j] == "、", clauseStart(s, i, lo, lineOnly: true) {
                        out.append(Marker(style: .dunHao, ordinal: n, range: i..<(j + 1)))
                    } else if i > lo, s[i - 1] == "（" || s[i - 1] == "(", j < hi, s[j] == "）" || s[j] == ")",
                              clauseStart(s, i - 1, lo, lineOnly: true) {
                        out.append(Marker(style: .parenthesized, ordinal: n, range: (i - 1)..<(j + 1)))
                    }
                }
                i = max(j, i + 1)
                continue
            }
            if c == "首" || c == "其" || c == "再" || c == "最" {
                for (ws, o) in sequenceWords {
                    if let e = PolicyScan.match(s, at: i, ws, limit: hi), e < hi,
                       s[e] == "，" || s[e] == "：" || s[e] == "," || s[e] == "是",
                       clauseStart(s, i, lo, lineOnly: false) {
                        out.append(Marker(style: .shouXian, ordinal: o, range: i..<e))
                        i = e
                        break
                    }
                }
                i += 1
                continue
            }
            if let d = PolicyScan.digit(c.value) {
                // 1. / 1、 / （1） at a line start.
                var j = i
                var n = 0
                while j < hi, j - i < 3, let dv = PolicyScan.digit(s[j].value) { n = n * 10 + dv; j += 1 }
                _ = d
                if j < hi, j - i < 3, n > 0 {
                    let after = s[j]
                    let paren = i > lo && (s[i - 1] == "（" || s[i - 1] == "(") && (after == "）" || after == ")")
                    if paren, clauseStart(s, i - 1, lo, lineOnly: true) {
                        out.append(Marker(style: .parenthesized, ordinal: n, range: (i - 1)..<(j + 1)))
                    } else if after == "." || after == "．" || after == "、",
                              !(j + 1 < hi && PolicyScan.digit(s[j + 1].value) != nil),
                              lineStart(s, i, lo) {
                        out.append(Marker(style: .arabic, ordinal: n, range: i..<(j + 1)))
                    }
                }
                while j < hi, PolicyScan.digit(s[j].value) != nil { j += 1 }
                i = max(j, i + 1)
                continue
            }
            i += 1
        }
        return out
    }

    private static func lineStart(_ s: [Unicode.Scalar], _ i: Int, _ lo: Int) -> Bool {
        var j = i - 1
        while j >= lo, PolicyScan.isSpace(s[j].value) { j -= 1 }
        return j < lo || PolicyScan.isNewline(s[j].value)
    }
}
