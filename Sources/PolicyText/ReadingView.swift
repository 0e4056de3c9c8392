/// The text as a reader sees it: hard line breaks inside words and numbers joined, letter spacing
/// removed, full-width digits/letters folded, with a map from every reading offset back to the source.
///
/// Rules, in order (all linear in the text length):
/// 1. Lines (ending at \n, \r\n, \r) are trimmed of spaces, tabs, ideographic and no-break spaces,
///    BOM. Blank lines vanish.
/// 2. A line continues into the next non-blank line (across any blank lines) when it is a wrap: it
///    is about as wide as the document's typical wrap width (the most common printed width, CJK = 1 em,
///    ASCII = ½ em, counted when one width band holds ≥ 30 % of the lines), or it sits directly on top
///    of a line of about the same width (wide, unwrapped-at-a-column blocks), and it does not end with
///    sentence-final punctuation (。！？；：… ! ? ; :, possibly followed by closing quotes/brackets).
///    Markdown headings (`#…`) never join. `Latin-` + a Latin letter on the next line joins without
///    the hyphen (ChatG-\nPT → ChatGPT); a Latin/digit word on both sides of a wrap gets one space
///    (mapped to the line break); otherwise the pieces are glued. Paragraph breaks become one "\n"
///    (mapped to the first scalar of the line terminator).
/// 3. Folding: full-width digits ０-９ and letters Ａ-Ｚ ａ-ｚ → ASCII, ％ → %, ． → . between digits,
///    ideographic space and no-break space → space. All other punctuation (—, －, ～, ~, （）…) is kept.
/// 4. Spaces dropped: inside letter-spaced runs (≥ 3 consecutive space-separated tokens of one CJK
///    character, optionally with CJK punctuation: `重 点 产 业 链` → 重点产业链), including the spaces
///    joining such a run to CJK neighbours; and a single space between a digit (or %) and CJK, or CJK and
///    a digit (`1697.2 亿元` → 1697.2亿元). Spaces between Latin words and CJK are kept.
public struct ReadingView: Sendable {
    /// Normalized text. Real paragraph breaks are kept as a single "\n".
    public let scalars: [Unicode.Scalar]
    /// Source offset of every reading scalar; strictly increasing.
    private let map: [Int32]
    /// Length of the source text.
    public let sourceCount: Int
    /// Estimated wrap width of the document in ems, when it has one.
    public let wrapWidth: Int?

    public init(source: [Unicode.Scalar]) {
        sourceCount = source.count
        let layout = Self.layout(source)
        wrapWidth = layout.wrapWidth
        // Every reading scalar maps to a distinct source scalar, so the source length bounds the output.
        // Written in place without zero-filling first; only the first `count` elements, all
        // written by `emit`, are ever read or kept.
        let capacity = source.count
        var map: [Int32] = []
        let out = [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { o, outCount in
            var count = 0
            map = [Int32](unsafeUninitializedCapacity: capacity) { m, mapCount in
                source.withUnsafeBufferPointer { s in
                    var b = Builder(out: o, map: m)
                    Self.emit(s, layout, into: &b)
                    count = Self.dropSpaces(o, m, count: b.count)
                }
                mapCount = count
            }
            outCount = count
        }
        scalars = out
        self.map = map
    }

    public init(document: DocumentText) {
        self.init(source: document.scalars)
    }

    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Source scalar offset of reading offset `i` (i == scalars.count maps to the source end).
    public func sourceOffset(forReading i: Int) -> Int {
        if i >= map.count { return sourceCount }
        if i < 0 { return map.first.map { Int($0) } ?? sourceCount }
        return Int(map[i])
    }

    /// Source range covering the reading range: from the first character's source offset to just
    /// after the last character's source offset.
    public func sourceRange(forReading r: Range<Int>) -> Range<Int> {
        let lo = min(max(r.lowerBound, 0), map.count)
        let hi = min(max(r.upperBound, lo), map.count)
        let start = sourceOffset(forReading: lo)
        if hi == lo { return start..<start }
        return start..<max(start, Int(map[hi - 1]) + 1)
    }

    /// Reading offset of the character at or after source offset `s`.
    public func readingOffset(forSource s: Int) -> Int {
        var lo = 0, hi = map.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Int(map[mid]) < s { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: construction

    /// Writes into preallocated buffers (no per-append uniqueness checks); never writes past them.
    struct Builder {
        let out: UnsafeMutableBufferPointer<Unicode.Scalar>
        let map: UnsafeMutableBufferPointer<Int32>
        var count = 0
        var last: Unicode.Scalar? { count > 0 ? out[count - 1] : nil }
        @inline(__always) mutating func append(_ c: Unicode.Scalar, _ source: Int) {
            guard count < out.count, count < map.count else { return }
            out[count] = c
            map[count] = Int32(clamping: source)
            count += 1
        }
    }

    struct Line {
        var start: Int      // trimmed content
        var end: Int
        var terminator: Int // untrimmed content end = where the terminator starts
        var physical: Int   // physical line number
        var halfWidth: Int
        /// Width without spaces: justified CJK typesetting stretches spaces freely.
        var halfWidthNoSpace: Int
        var heading: Bool
        var final: Bool
    }

    struct Layout {
        var lines: [Line] = []          // non-blank lines only
        var joinsNext: [Bool] = []      // lines[i] continues into lines[i+1]
        var wrapWidth: Int?
        var localWidth: [Int] = []
    }

    static func layout(_ source: [Unicode.Scalar]) -> Layout {
        var lay = Layout()
        source.withUnsafeBufferPointer { s in scanLines(s, into: &lay.lines) }
        let s = source

        // Typical wrap width: the em width whose ±1 band holds the most lines (of lines ≥ 6 em).
        let ems = lay.lines.map { min(($0.halfWidth + 1) / 2, 400) }
        var hist = [Int](repeating: 0, count: 402)
        var counted = 0
        for e in ems where e >= 6 {
            hist[e] += 1
            counted += 1
        }
        var best = 0, bestCount = 0
        for m in 6...399 {
            let c = hist[m - 1] + hist[m] + hist[m + 1]
            // Ties go to the band whose centre is itself most common.
            if c > bestCount || (c == bestCount && c > 0 && hist[m] > hist[best]) { best = m; bestCount = c }
        }
        if bestCount >= 8 && bestCount * 10 >= counted * 3 { lay.wrapWidth = best }

        // Local wrap width: the same mode over a window of ±8 non-blank lines (columns of different
        // widths share a page), used when at least 4 lines of the window agree.
        let radius = 8
        var local = [Int](repeating: 0, count: ems.count)
        for i in hist.indices { hist[i] = 0 }
        func add(_ j: Int, _ d: Int) { if j >= 0, j < ems.count, ems[j] >= 6 { hist[ems[j]] += d } }
        for j in 0..<min(radius, ems.count) { add(j, 1) }
        for k in 0..<ems.count {
            add(k + radius, 1)
            add(k - radius - 1, -1)
            // The window gained and lost a line of the same width: nothing changed.
            if k > radius, k + radius < ems.count, ems[k + radius] == ems[k - radius - 1] {
                local[k] = local[k - 1]
                continue
            }
            var m = 0, mc = 0, lastE = -1
            for j in max(k - radius, 0)...min(k + radius, ems.count - 1) where ems[j] >= 6 {
                let e = ems[j]
                // Wrapped columns repeat one width: evaluating it again changes nothing.
                if e == lastE { continue }
                lastE = e
                let c = hist[e - 1] + hist[e] + hist[e + 1]
                if c > mc || (c == mc && (hist[e] > hist[m] || (hist[e] == hist[m] && e > m))) { m = e; mc = c }
            }
            local[k] = mc >= 4 ? m : (lay.wrapWidth ?? 0)
        }

        lay.localWidth = local
        let lines = lay.lines
        lay.joinsNext = [Bool](repeating: false, count: lines.count)
        func similar(_ x: Int, _ y: Int) -> Bool { abs(x - y) <= max(4, max(x, y) / 10) }
        for k in 0..<max(lines.count - 1, 0) {
            let l = lines[k], next = lines[k + 1]
            if l.heading || next.heading { continue }
            let lastV = s[l.end - 1].value, firstV = s[next.start].value
            if lastV == 0x2D, l.end - l.start >= 2, ScalarClass.isLatinLetter(s[l.end - 2].value),
               ScalarClass.isLatinLetter(firstV) {
                lay.joinsNext[k] = true
                continue
            }
            if ScalarClass.cannotStartLine(firstV) {
                lay.joinsNext[k] = true
                continue
            }
            if l.final { continue }
            // A list item starts its own line: 二、 （二） 2. 第二， 其次， never continue the line above,
            // and a short marked heading line (一、总体要求) is not wrapped text.
            if listMarkerLength(s, next.start, next.end) > 0 { continue }
            // A byline opens an article: the line above it is a headline or a sign-off, never wrapped into it.
            if startsWithByline(s, next.start, next.end) { continue }
            if listMarkerLength(s, l.start, l.end) > 0 && l.halfWidth <= 40 { continue }
            var full = false
            // Near the local or the document's wrap width (within 3 em: first lines are indented,
            // justified lines stretch), measured with or without spaces (letter-spaced lines).
            func near(_ w: Int) -> Bool {
                w > 0 && ((l.halfWidth >= 2 * w - 6 && l.halfWidth <= 2 * w + 6)
                    || (l.halfWidthNoSpace >= 2 * w - 6 && l.halfWidthNoSpace <= 2 * w + 6))
            }
            if near(local[k]) || near(lay.wrapWidth ?? 0) { full = true }
            if !full, l.halfWidth >= 40 {
                // Wide blocks not wrapped at the common width: a line directly above or below of
                // about the same width shows a wrap.
                if k > 0, lines[k - 1].physical == l.physical - 1, similar(lines[k - 1].halfWidth, l.halfWidth) {
                    full = true
                } else if next.physical == l.physical + 1, similar(next.halfWidth, l.halfWidth) {
                    full = true
                }
            }
            lay.joinsNext[k] = full
        }
        splitHeadlineBlocks(&lay, s)
        return lay
    }

    /// Pages that put a blank line after every printed line (most line gaps are exactly one blank
    /// line) carry no paragraph signal in their spacing, so a headline and its subtitle
    /// (`家电消费迈入“数智化”时代` / `“新家电”成新宠`) look like a wrapped line. There, a paragraph of
    /// exactly two lines that starts after a paragraph end, does not end in sentence punctuation and
    /// whose second line is much shorter (≤ ⅔) is a headline block: its lines stay apart. Joins forced
    /// by punctuation at the start of the next line or by a hyphen are kept.
    static func splitHeadlineBlocks(_ lay: inout Layout, _ s: [Unicode.Scalar]) {
        let lines = lay.lines
        let count = lines.count
        guard count >= 20 else { return }
        var singleBlank = 0
        for k in 1..<count where lines[k].physical - lines[k - 1].physical == 2 { singleBlank += 1 }
        guard singleBlank * 10 >= (count - 1) * 8 else { return }
        for k in 0..<(count - 1) where lay.joinsNext[k] {
            let a = lines[k], b = lines[k + 1]
            let startsParagraph = k == 0 || !lay.joinsNext[k - 1]
            let endsParagraph = k + 2 >= count || !lay.joinsNext[k + 1]
            guard startsParagraph, endsParagraph, !b.final, b.halfWidth * 3 <= a.halfWidth * 2 else { continue }
            let firstV = s[b.start].value
            if ScalarClass.cannotStartLine(firstV) || s[a.end - 1].value == 0x2D { continue }
            lay.joinsNext[k] = false
        }
    }

    /// A sign-off closes an article: `…合作。 （晋 讯）`, `（鄂 文）` alone on its line, `（吴丽琳）`.
    static func endsWithSignOff(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        guard end > start, s[end - 1].value == 0xFF09 || s[end - 1].value == 0x29 else { return false }
        var i = end - 2
        while i >= start, end - i <= 14 {
            let v = s[i].value
            if v == 0xFF08 || v == 0x28 {
                var j = i - 1
                while j >= start, ScalarClass.isHorizontalSpace(s[j].value) { j -= 1 }
                return j < start || ScalarClass.isSentenceFinal(s[j].value)
            }
            if ScalarClass.isSentenceFinal(v) || v == 0xFF0C { return false }  // ， inside: an aside, not a sign-off
            i -= 1
        }
        return false
    }

    static let bylineOpeners: [[Unicode.Scalar]] = ["本报讯", "本报记者", "来源：", "编辑：", "记者 "].map { Array($0.unicodeScalars) }

    static func startsWithByline(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Bool {
        guard i < end else { return false }
        switch s[i].value {
        case 0x672C, 0x6765, 0x7F16, 0x8BB0: break  // 本 来 编 记
        default: return false
        }
        return bylineOpeners.contains { p in
            i + p.count <= end && zip(p.indices, p).allSatisfy { s[i + $0.0] == $0.1 }
        }
    }

    /// Length of an enumeration marker at `i` (一、 （一） (1) 1. 1、 第一， 首先，), or 0 when there is none.
    static func listMarkerLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int {
        func isNumeral(_ v: UInt32) -> Bool {
            switch v {
            case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341: return true  // 一…十
            default: return false
            }
        }
        func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
        guard i < end else { return 0 }
        let v = s[i].value
        var j = i
        if isNumeral(v) {
            while j < end, isNumeral(s[j].value) { j += 1 }
            return j < end && s[j].value == 0x3001 && j - i <= 3 ? j - i + 1 : 0  // 、
        }
        if v == 0xFF08 || v == 0x28 {  // （ (
            j += 1
            let k = j
            while j < end, isNumeral(s[j].value) || isDigit(s[j].value) { j += 1 }
            return j > k && j - k <= 3 && j < end && (s[j].value == 0xFF09 || s[j].value == 0x29) ? j - i + 1 : 0
        }
        if isDigit(v) {
            while j < end, isDigit(s[j].value) { j += 1 }
            guard j - i <= 2, j + 1 < end else { return 0 }
            let p = s[j].value, after = s[j + 1].value
            let marker = p == 0x2E || p == 0xFF0E || p == 0x3001  // . ． 、
            return marker && !isDigit(after) ? j - i + 1 : 0
        }
        if v == 0x7B2C, j + 2 < end, isNumeral(s[j + 1].value), s[j + 2].value == 0xFF0C { return 3 }  // 第一，
        if j + 2 < end, s[j + 2].value == 0xFF0C {
            let pair = (v, s[j + 1].value)
            // 首先 其次 再次 最后
            if pair == (0x9996, 0x5148) || pair == (0x5176, 0x6B21) || pair == (0x518D, 0x6B21) || pair == (0x6700, 0x540E) {
                return 3
            }
        }
        return 0
    }

    /// One pass over the text: every non-blank line, trimmed, with its printed widths.
    static func scanLines(_ s: UnsafeBufferPointer<Unicode.Scalar>, into lines: inout [Line]) {
        let n = s.count
        var i = 0, physical = 0
        while true {
            // One physical line [i, e): widths of the whole line first (a tight loop, common
            // ideographs take one compare), then the trimmed ends are taken off again.
            var e = i
            var w = 0, spaces = 0
            while e < n {
                let v = s[e].value
                if v &- 0x4E00 < 0x5200 {  // U+4E00…U+9FFF
                    w += 2
                    e += 1
                    continue
                }
                if v == 0x0A || v == 0x0D { break }
                w += ScalarClass.halfWidths(v)
                if v == 0x20 || v == 0x09 { spaces += 1 }
                e += 1
            }
            var first = i
            while first < e, ScalarClass.isHorizontalSpace(s[first].value) {
                let v = s[first].value
                w -= ScalarClass.halfWidths(v)
                if v == 0x20 || v == 0x09 { spaces -= 1 }
                first += 1
            }
            if first < e {
                var last = e - 1
                while last > first, ScalarClass.isHorizontalSpace(s[last].value) {
                    let v = s[last].value
                    w -= ScalarClass.halfWidths(v)
                    if v == 0x20 || v == 0x09 { spaces -= 1 }
                    last -= 1
                }
                var f = last
                while f > first, ScalarClass.isClosing(s[f].value) { f -= 1 }
                lines.append(Line(start: first, end: last + 1, terminator: e, physical: physical, halfWidth: w,
                                  halfWidthNoSpace: w - spaces,
                                  heading: s[first].value == 0x23,
                                  final: ScalarClass.isSentenceFinal(s[f].value) || endsWithSignOff(s, first, last + 1)))
            }
            if e >= n { return }
            i = (s[e].value == 0x0D && e + 1 < n && s[e + 1].value == 0x0A) ? e + 2 : e + 1
            physical += 1
            if i >= n { return }
        }
    }

    static func emit(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lay: Layout, into b: inout Builder) {
        let lines = lay.lines
        for (k, l) in lines.enumerated() {
            var end = l.end
            if k > 0 {
                let prev = lines[k - 1]
                if lay.joinsNext[k - 1] {
                    let pv = s[prev.end - 1].value, nv = s[l.start].value
                    let pAlnum = ScalarClass.isLatinLetter(pv) || ScalarClass.isDigit(pv)
                    let nAlnum = ScalarClass.isLatinLetter(nv) || ScalarClass.isDigit(nv)
                    if pAlnum && nAlnum && !(ScalarClass.isDigit(pv) && ScalarClass.isDigit(nv)) {
                        b.append(" ", prev.terminator)
                    }
                } else {
                    b.append("\n", prev.terminator)
                }
            }
            // Hyphen removed when joining ChatG- / PT.
            if k + 1 < lines.count, lay.joinsNext[k], s[end - 1].value == 0x2D,
               ScalarClass.isLatinLetter(s[lines[k + 1].start].value) {
                end -= 1
            }
            var i = l.start
            // Each source scalar is written at most once, so the line fits; checked once per line.
            let fits = b.count + (end - i) <= min(b.out.count, b.map.count)
            while i < end {
                let v = s[i].value
                // Only ideographic/no-break space and the full-width block (from ％ on) change:
                // everything else is copied in a tight run.
                if v < 0xFF05 && v != 0x3000 && v != 0xA0 {
                    if fits, let o = b.out.baseAddress, let mp = b.map.baseAddress {
                        var c = b.count
                        while i < end {
                            let u = s[i].value
                            if u >= 0xFF05 || u == 0x3000 || u == 0xA0 { break }
                            o[c] = s[i]
                            mp[c] = Int32(clamping: i)
                            c += 1
                            i += 1
                        }
                        b.count = c
                    } else {
                        b.append(s[i], i)
                        i += 1
                    }
                    continue
                }
                if let f = ScalarClass.fold(v), let u = Unicode.Scalar(f) {
                    b.append(u, i)
                } else if v == 0xFF0E, let p = b.last, ScalarClass.isDigit(p.value), i + 1 < end,
                          ScalarClass.isDigit(s[i + 1].value) || (s[i + 1].value >= 0xFF10 && s[i + 1].value <= 0xFF19) {
                    b.append(".", i)
                } else {
                    b.append(s[i], i)
                }
                i += 1
            }
        }
    }

    /// Drops typesetting spaces (letter spacing, digit–CJK spacing) in place; returns the new length.
    /// See the type comment.
    static func dropSpaces(_ t: UnsafeMutableBufferPointer<Unicode.Scalar>, _ m: UnsafeMutableBufferPointer<Int32>,
                           count n: Int) -> Int {
        // Tokens: maximal runs without space or newline.
        var starts: [Int] = [], ends: [Int] = []
        var i = 0
        while i < n {
            let v = t[i].value
            if v == 0x20 || v == 0x0A { i += 1; continue }
            let s0 = i
            while i < n, t[i].value != 0x20, t[i].value != 0x0A { i += 1 }
            starts.append(s0)
            ends.append(i)
        }
        let count = starts.count
        // gap[k]: spaces between token k and k+1, or -1 when a newline (or nothing) lies between.
        var gap = [Int](repeating: -1, count: count)
        var short = [Bool](repeating: false, count: count)
        for k in 0..<count {
            if k + 1 < count {
                var g = 0, ok = true
                for j in ends[k]..<starts[k + 1] where t[j].value != 0x20 { ok = false; break }
                if ok { g = starts[k + 1] - ends[k] } else { g = -1 }
                gap[k] = g
            }
            // A letter-spaced token: ≤ 4 CJK scalars, no two ideographs adjacent (punctuation may be
            // glued on either side: `手）的`, `，“`).
            let len = ends[k] - starts[k]
            if len <= 4 {
                var ok = true, prevIdeograph = false
                for j in starts[k]..<ends[k] {
                    let v = t[j].value
                    if ScalarClass.isIdeograph(v) {
                        if prevIdeograph { ok = false; break }
                        prevIdeograph = true
                    } else if ScalarClass.isCJKPunctuation(v) {
                        prevIdeograph = false
                    } else {
                        ok = false
                        break
                    }
                }
                short[k] = ok
            }
        }
        // Chains of ≥ 3 short tokens separated by 1–2 spaces.
        var inChain = [Bool](repeating: false, count: count)
        var k = 0
        while k < count {
            if !short[k] { k += 1; continue }
            var e = k
            while e + 1 < count, short[e + 1], gap[e] >= 1, gap[e] <= 2 { e += 1 }
            if e - k + 1 >= 3 { for j in k...e { inChain[j] = true } }
            k = e + 1
        }
        func drop(_ k: Int) -> Bool {
            let g = gap[k]
            guard g >= 1, g <= 2 else { return false }
            let l = t[ends[k] - 1].value, r = t[starts[k + 1]].value
            if (inChain[k] || inChain[k + 1]) && ScalarClass.isCJK(l) && ScalarClass.isCJK(r) { return true }
            if g == 1 {
                if ScalarClass.isCJK(l) && ScalarClass.isCJK(r)
                    && (ScalarClass.isCJKPunctuation(l) || ScalarClass.isCJKPunctuation(r)) { return true }
                if (ScalarClass.isDigit(l) || l == 0x25) && ScalarClass.isCJK(r) { return true }
                if ScalarClass.isCJK(l) && ScalarClass.isDigit(r) { return true }
            }
            return false
        }
        // Compact in place: the write index never passes the read index.
        var w = 0, pos = 0
        for k in 0..<count {
            if w == pos {
                // Nothing dropped yet: the token is already in place.
                w = ends[k]
                pos = ends[k]
            } else if let tb = t.baseAddress, let mb = m.baseAddress {
                // Overlapping move to the left (memmove semantics).
                let len = ends[k] - pos
                UnsafeMutableRawPointer(tb + w).copyMemory(from: tb + pos, byteCount: len * MemoryLayout<Unicode.Scalar>.stride)
                UnsafeMutableRawPointer(mb + w).copyMemory(from: mb + pos, byteCount: len * MemoryLayout<Int32>.stride)
                w += len
                pos = ends[k]
            }
            if k + 1 < count && drop(k) { pos = starts[k + 1] }
        }
        while pos < n { t[w] = t[pos]; m[w] = m[pos]; w += 1; pos += 1 }
        return w
    }
}

// MARK: slices

extension ReadingView {
    private init(scalars: [Unicode.Scalar], map: [Int32], sourceCount: Int, wrapWidth: Int?) {
        self.scalars = scalars
        self.map = map
        self.sourceCount = sourceCount
        self.wrapWidth = wrapWidth
    }

    /// The part of this view at `reading`, as the view of the source range `source` on its own: offsets of
    /// the slice count from `source.lowerBound`. The normalization decisions (wrap widths, joins) are the
    /// ones made for the whole document, so analysing a slice sees exactly what the whole view shows there.
    /// `source` must contain the source offsets of every reading scalar in `reading`.
    public func slice(reading: Range<Int>, source: Range<Int>) -> ReadingView {
        let lo = min(max(reading.lowerBound, 0), scalars.count)
        let hi = min(max(reading.upperBound, lo), scalars.count)
        let base = Int32(clamping: source.lowerBound)
        return ReadingView(scalars: Array(scalars[lo..<hi]), map: map[lo..<hi].map { $0 - base },
                           sourceCount: source.count, wrapWidth: wrapWidth)
    }

    /// Whether this view's part at `reading`, taken as a view of the source from `sourceStart` on (with
    /// `sourceCount` source scalars), reads and maps exactly like `slice`: what `slice(reading:source:)`
    /// would return is identical to `slice`, found without copying.
    public func part(reading: Range<Int>, sourceStart: Int, sourceCount count: Int, isIdenticalTo slice: ReadingView) -> Bool {
        guard count == slice.sourceCount, reading.count == slice.scalars.count,
              reading.lowerBound >= 0, reading.upperBound <= scalars.count else { return false }
        let n = reading.count
        if n == 0 { return true }
        let base = Int32(clamping: sourceStart)
        let offset = reading.lowerBound
        let sameText = scalars.withUnsafeBufferPointer { s in
            slice.scalars.withUnsafeBufferPointer { t in
                // No early exit: the loop vectorizes.
                guard let a = s.baseAddress, let b = t.baseAddress else { return false }
                let from = a + offset
                var difference: UInt32 = 0
                for k in 0..<n { difference |= from[k].value ^ b[k].value }
                return difference == 0
            }
        }
        guard sameText else { return false }
        return map.withUnsafeBufferPointer { m in
            slice.map.withUnsafeBufferPointer { u in
                guard let a = m.baseAddress, let b = u.baseAddress else { return false }
                let from = a + offset
                var difference: Int32 = 0
                for k in 0..<n { difference |= (from[k] &- base) ^ b[k] }
                return difference == 0
            }
        }
    }

    /// A cheap key for the part at `reading` relative to `sourceStart`: lengths plus a sample of scalars
    /// and source offsets. Parts that `part(reading:sourceStart:sourceCount:isIdenticalTo:)` finds identical
    /// have equal keys; equal keys still need that check.
    public func contentKey(reading: Range<Int>, sourceStart: Int, sourceCount count: Int) -> UInt64 {
        let lo = min(max(reading.lowerBound, 0), scalars.count)
        let hi = min(max(reading.upperBound, lo), scalars.count)
        var h: UInt64 = (0xCBF2_9CE4_8422_2325 ^ UInt64(count)) &* 0x100_0000_01B3 ^ UInt64(hi - lo)
        let step = max(1, (hi - lo) / 64)
        let base = Int32(clamping: sourceStart)
        var i = lo
        while i < hi {
            h = (h ^ UInt64(scalars[i].value) ^ (UInt64(UInt32(bitPattern: map[i] &- base)) << 32)) &* 0x100_0000_01B3
            i += step
        }
        return h
    }
}
