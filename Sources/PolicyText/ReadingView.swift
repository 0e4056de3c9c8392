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
    /// Source offset of every reading scalar; strictly increasing. Visible to the inlinable offset
    /// conversions, which the recognizers call for every entity.
    @usableFromInline let map: [Int32]
    /// Length of the source text.
    public let sourceCount: Int
    /// Estimated wrap width of the document in ems, when it has one.
    public let wrapWidth: Int?

    public init(source: [Unicode.Scalar]) {
        sourceCount = source.count
        // Every reading scalar maps to a distinct source scalar, so the source length bounds the output.
        // Written in place without zero-filling first; only the first `count` elements, all
        // written by `emit`, are ever read or kept.
        let capacity = source.count
        var map: [Int32] = []
        var wrapWidth: Int?
        let out = [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { o, outCount in
            var count = 0
            map = [Int32](unsafeUninitializedCapacity: capacity) { m, mapCount in
                source.withUnsafeBufferPointer { s in
                    Self.withClasses(of: s) { c in
                        let layout = Self.layout(s, c)
                        wrapWidth = layout.wrapWidth
                        var b = Builder(out: o, map: m)
                        Self.emit(s, layout, c, into: &b)
                        count = b.count
                    }
                }
                mapCount = count
            }
            outCount = count
        }
        scalars = out
        self.map = map
        self.wrapWidth = wrapWidth
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
    @inlinable public func sourceOffset(forReading i: Int) -> Int {
        if i >= map.count { return sourceCount }
        if i < 0 { return map.first.map { Int($0) } ?? sourceCount }
        return Int(map[i])
    }

    /// Source range covering the reading range: from the first character's source offset to just
    /// after the last character's source offset.
    @inlinable public func sourceRange(forReading r: Range<Int>) -> Range<Int> {
        let lo = min(max(r.lowerBound, 0), map.count)
        let hi = min(max(r.upperBound, lo), map.count)
        let start = sourceOffset(forReading: lo)
        if hi == lo { return start..<start }
        return start..<max(start, Int(map[hi - 1]) + 1)
    }

    /// Reading offset of the character at or after source offset `s`.
    @inlinable public func readingOffset(forSource s: Int) -> Int {
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
        /// Output offsets of every space written in the current paragraph, ascending: `dropSpaces`
        /// looks only there.
        var spaces: [Int] = []
        /// Output offset where the current paragraph starts.
        var paragraphStart = 0
        /// `dropSpaces`' working array, kept between paragraphs.
        var gaps: [Gap] = []
        var last: Unicode.Scalar? { count > 0 ? out[count - 1] : nil }
        /// Ends the current paragraph: its typesetting spaces are dropped (spaces never matter across
        /// a paragraph break), so only the paragraph's own tail moves.
        mutating func endParagraph() {
            if !spaces.isEmpty {
                count = ReadingView.dropSpaces(out, map, paragraphStart..<count, spaces: spaces, gaps: &gaps)
                spaces.removeAll(keepingCapacity: true)
            }
            paragraphStart = count
        }
        @inline(__always) mutating func append(_ c: Unicode.Scalar, _ source: Int) {
            guard count < out.count, count < map.count else { return }
            out[count] = c
            map[count] = Int32(clamping: source)
            if c == " " { spaces.append(count) }
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
        /// The content holds no space and nothing that folds: `emit` copies it as a block.
        var verbatim: Bool
        /// Starts with an enumeration marker (`listMarkerLength` > 0).
        var marker: Bool
    }

    struct Layout {
        var lines: [Line] = []          // non-blank lines only
        var joinsNext: [Bool] = []      // lines[i] continues into lines[i+1]
        var wrapWidth: Int?
    }

    /// The classes of every scalar of `s` (`ScalarClassTable`), looked up once for the passes that follow,
    /// then 16 more bytes of `lineBreak`: a vector scan for the end of a line stops at the end of the text.
    static func withClasses<R>(of s: UnsafeBufferPointer<Unicode.Scalar>, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        let n = s.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 16) { c in
            ScalarClassTable.table.withUnsafeBufferPointer { t in
                guard let table = t.baseAddress, let out = c.baseAddress else { return }
                ClassBytes.load(s, table: table, into: out, astral: ScalarClassTable.astralClasses)
            }
            for k in n..<n + 16 { c[k] = ScalarClassTable.lineBreak }
            return body(UnsafePointer(c.baseAddress!))
        }
    }

    /// `c` holds the classes of `s` (`withClasses`).
    static func layout(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ c: UnsafePointer<UInt8>) -> Layout {
        var lay = Layout()
        scanLines(s, c, into: &lay.lines)
        let lines = lay.lines
        let count = lines.count

        // Typical wrap width: the em width whose ±1 band holds the most lines (of lines ≥ 6 em).
        var hist = [Int](repeating: 0, count: 402)
        var counted = 0
        // Filled over raw buffers: `map` appends element by element.
        let ems = [Int](unsafeUninitializedCapacity: count) { em, emCount in
            lines.withUnsafeBufferPointer { ls in
                hist.withUnsafeMutableBufferPointer { h in
                    for k in 0..<count {
                        let e = min((ls[k].halfWidth &+ 1) / 2, 400)
                        em[k] = e
                        if e >= 6 {
                            h[e] &+= 1
                            counted &+= 1
                        }
                    }
                }
            }
            emCount = count
        }
        var best = 0, bestCount = 0
        for m in 6...399 {
            let c = hist[m - 1] + hist[m] + hist[m + 1]
            // Ties go to the band whose centre is itself most common.
            if c > bestCount || (c == bestCount && c > 0 && hist[m] > hist[best]) { best = m; bestCount = c }
        }
        if bestCount >= 8 && bestCount * 10 >= counted * 3 { lay.wrapWidth = best }
        let wrapWidth = lay.wrapWidth ?? 0

        lay.joinsNext = [Bool](repeating: false, count: count)
        guard count >= 2 else { return lay }
        for i in hist.indices { hist[i] = 0 }
        // Local wrap width: the same mode over a window of ±8 non-blank lines (columns of different
        // widths share a page). Few lines need it, so the window's histogram is built only for those
        // (and emptied again).
        let radius = 8
        ems.withUnsafeBufferPointer { em in
            hist.withUnsafeMutableBufferPointer { h in
                lay.joinsNext.withUnsafeMutableBufferPointer { joins in
                    lines.withUnsafeBufferPointer { ls in
                        for k in 0..<(count - 1) {
                            joins[k] = joinsNext(k, ls, s, wrapWidth: wrapWidth) {
                                let window = max(k - radius, 0)...min(k + radius, count - 1)
                                for j in window where em[j] >= 6 { h[em[j]] += 1 }
                                let width = localWrapWidth(k, radius: radius, em, UnsafeBufferPointer(h), fallback: wrapWidth)
                                for j in window where em[j] >= 6 { h[em[j]] = 0 }
                                return width
                            }
                        }
                    }
                }
            }
        }
        splitHeadlineBlocks(&lay, s)
        return lay
    }

    /// Mode of the line widths (≥ 6 em) in the window around line `k` whose ±1 band holds the most lines
    /// (ties: the more common centre, then the wider), when at least 4 lines agree; else `fallback`.
    /// `h` is the window's width histogram.
    static func localWrapWidth(_ k: Int, radius: Int, _ em: UnsafeBufferPointer<Int>, _ h: UnsafeBufferPointer<Int>,
                               fallback: Int) -> Int {
        var m = 0, mc = 0, lastE = -1
        for j in max(k - radius, 0)...min(k + radius, em.count - 1) where em[j] >= 6 {
            let e = em[j]
            // Wrapped columns repeat one width: evaluating it again changes nothing.
            if e == lastE { continue }
            lastE = e
            let c = h[e - 1] + h[e] + h[e + 1]
            if c > mc || (c == mc && (h[e] > h[m] || (h[e] == h[m] && e > m))) { m = e; mc = c }
        }
        return mc >= 4 ? m : fallback
    }

    /// Whether line `k` continues into line `k + 1`. `localWidth` is asked only when the document's
    /// wrap width does not already decide.
    @inline(__always)
    static func joinsNext(_ k: Int, _ lines: UnsafeBufferPointer<Line>, _ s: UnsafeBufferPointer<Unicode.Scalar>,
                          wrapWidth: Int, localWidth: () -> Int) -> Bool {
        // Fields are read where needed: copying both lines whole cost more than the tests that use them.
        if lines[k].heading || lines[k + 1].heading { return false }
        let lastV = s[lines[k].end - 1].value, firstV = s[lines[k + 1].start].value
        if lastV == 0x2D, lines[k].end - lines[k].start >= 2,
           ScalarClass.isLatinLetter(s[lines[k].end - 2].value), ScalarClass.isLatinLetter(firstV) {
            return true
        }
        if ScalarClass.cannotStartLine(firstV) { return true }
        if lines[k].final { return false }
        // A list item starts its own line: 二、 （二） 2. 第二， 其次， never continue the line above,
        // and a short marked heading line (一、总体要求) is not wrapped text.
        if lines[k + 1].marker { return false }
        // A byline opens an article: the line above it is a headline or a sign-off, never wrapped into it.
        if startsWithByline(s, lines[k + 1].start, lines[k + 1].end) { return false }
        if lines[k].halfWidth <= 40 && lines[k].marker { return false }
        // Near the local or the document's wrap width (within 3 em: first lines are indented,
        // justified lines stretch), measured with or without spaces (letter-spaced lines).
        @inline(__always) func near(_ w: Int) -> Bool {
            w > 0 && ((lines[k].halfWidth >= 2 * w - 6 && lines[k].halfWidth <= 2 * w + 6)
                || (lines[k].halfWidthNoSpace >= 2 * w - 6 && lines[k].halfWidthNoSpace <= 2 * w + 6))
        }
        if near(wrapWidth) || near(localWidth()) { return true }
        if lines[k].halfWidth >= 40 {
            // Wide blocks not wrapped at the common width: a line directly above or below of
            // about the same width shows a wrap.
            func similar(_ x: Int, _ y: Int) -> Bool { abs(x - y) <= max(4, max(x, y) / 10) }
            if k > 0, lines[k - 1].physical == lines[k].physical - 1,
               similar(lines[k - 1].halfWidth, lines[k].halfWidth) {
                return true
            }
            if lines[k + 1].physical == lines[k].physical + 1, similar(lines[k + 1].halfWidth, lines[k].halfWidth) {
                return true
            }
        }
        return false
    }

    /// Pages that put a blank line after every printed line (most line gaps are exactly one blank
    /// line) carry no paragraph signal in their spacing, so a headline and its subtitle
    /// (`家电消费迈入“数智化”时代` / `“新家电”成新宠`) look like a wrapped line. There, a paragraph of
    /// exactly two lines that starts after a paragraph end, does not end in sentence punctuation and
    /// whose second line is much shorter (≤ ⅔) is a headline block: its lines stay apart. Joins forced
    /// by punctuation at the start of the next line or by a hyphen are kept.
    static func splitHeadlineBlocks(_ lay: inout Layout, _ s: UnsafeBufferPointer<Unicode.Scalar>) {
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

    static func startsWithByline(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ end: Int) -> Bool {
        guard i < end else { return false }
        switch s[i].value {
        case 0x672C, 0x6765, 0x7F16, 0x8BB0: break  // 本 来 编 记
        default: return false
        }
        return bylineOpeners.contains { p in
            i + p.count <= end && zip(p.indices, p).allSatisfy { s[i + $0.0] == $0.1 }
        }
    }

    @inline(__always) static func isListNumeral(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341: return true  // 一…十
        default: return false
        }
    }

    /// Length of an enumeration marker at `i` (一、 （一） (1) 1. 1、 第一， 首先，), or 0 when there is none.
    static func listMarkerLength(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ end: Int) -> Int {
        guard i < end else { return 0 }
        let v = s[i].value
        var j = i
        if isListNumeral(v) {
            while j < end, isListNumeral(s[j].value) { j += 1 }
            return j < end && s[j].value == 0x3001 && j - i <= 3 ? j - i + 1 : 0  // 、
        }
        if v == 0xFF08 || v == 0x28 {  // （ (
            j += 1
            let k = j
            while j < end, isListNumeral(s[j].value) || ScalarClass.isDigit(s[j].value) { j += 1 }
            return j > k && j - k <= 3 && j < end && (s[j].value == 0xFF09 || s[j].value == 0x29) ? j - i + 1 : 0
        }
        if ScalarClass.isDigit(v) {
            while j < end, ScalarClass.isDigit(s[j].value) { j += 1 }
            guard j - i <= 2, j + 1 < end else { return 0 }
            let p = s[j].value, after = s[j + 1].value
            let marker = p == 0x2E || p == 0xFF0E || p == 0x3001  // . ． 、
            return marker && !ScalarClass.isDigit(after) ? j - i + 1 : 0
        }
        if v == 0x7B2C, j + 2 < end, isListNumeral(s[j + 1].value), s[j + 2].value == 0xFF0C { return 3 }  // 第一，
        if j + 2 < end, s[j + 2].value == 0xFF0C {
            let pair = (v, s[j + 1].value)
            // 首先 其次 再次 最后
            if pair == (0x9996, 0x5148) || pair == (0x5176, 0x6B21) || pair == (0x518D, 0x6B21) || pair == (0x6700, 0x540E) {
                return 3
            }
        }
        return 0
    }

    /// Where `scanLines` stopped when its output buffer was full.
    struct LineScanPosition {
        var offset = 0
        var physical = 0
        var done = false
    }

    /// One pass over the text: every non-blank line, trimmed, with its printed widths, appended to `lines`.
    /// `c` holds the classes of `s` (`withClasses`).
    static func scanLines(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ c: UnsafePointer<UInt8>, into lines: inout [Line]) {
        // Lines are written into preallocated chunks (no per-line capacity and uniqueness checks); typical text
        // has a line per dozens of scalars, so the first chunk nearly always holds them all.
        var position = LineScanPosition()
        while !position.done {
            let room = lines.isEmpty ? s.count / 16 + 16 : lines.count
            let chunk = [Line](unsafeUninitializedCapacity: room) { out, count in
                count = scanLines(s, c, from: &position, into: out)
            }
            if lines.isEmpty { lines = chunk } else { lines += chunk }
        }
    }

    /// `scanLines` from `position` until the text ends (`position.done`) or `out` is full; returns the number
    /// of lines written.
    static func scanLines(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ c: UnsafePointer<UInt8>,
                          from position: inout LineScanPosition, into out: UnsafeMutableBufferPointer<Line>) -> Int {
        typealias C = ScalarClassTable
        let n = s.count
        var written = 0
        guard let base = s.baseAddress, let lines = out.baseAddress else {
            position.done = true
            return written
        }
        let classes = UnsafeRawPointer(c)
        let breakLanes = SIMD16<UInt8>(repeating: C.lineBreak), noLanes = SIMD16<UInt8>()
        // Sixteen bytes from offset 16 - k: all ones in the first k lanes, zero in the others (one load, where
        // building the mask from shifts took a branch on k < 8).
        var ramp = (SIMD16<UInt8>(repeating: 0xFF), SIMD16<UInt8>())
        var i = position.offset, physical = position.physical
        defer {
            position.offset = i
            position.physical = physical
        }
        while true {
            // Blank lines ending in \n need no scan.
            while i < n, base[i].value == 0x0A {
                physical += 1
                i += 1
            }
            if i >= n {
                position.done = true
                return written
            }
            if written == out.count { return written }
            // One physical line [i, e): widths of the whole line first, then the trimmed ends are taken off
            // again. Sixteen class bytes at a time: while none is a line break, each lane adds its wide,
            // rewritten and space bits to byte counters (emptied every 255 rounds, before they could wrap).
            // A branch per scalar (a comma or digit every few) mispredicted too often.
            var wide = 0, rewritten = 0, spaces = 0
            var wideCounts = SIMD16<UInt8>(), rewrittenCounts = SIMD16<UInt8>(), spaceCounts = SIMD16<UInt8>()
            @inline(__always) func add(_ x: SIMD16<UInt8>) {
                wideCounts &+= x & C.wide
                rewrittenCounts &+= (x &>> C.rewrittenShift) & 1
                spaceCounts &+= (x &>> C.spaceShift) & 1
            }
            @inline(__always) func empty() {
                wide &+= wideCounts.byteSum
                // Most lines have neither: one test instead of two sums.
                let others = unsafeBitCast(rewrittenCounts | spaceCounts, to: SIMD2<UInt64>.self)
                if others[0] | others[1] != 0 {
                    rewritten &+= rewrittenCounts.byteSum
                    spaces &+= spaceCounts.byteSum
                }
                wideCounts = SIMD16(); rewrittenCounts = SIMD16(); spaceCounts = SIMD16()
            }
            var p = i, rounds = 0
            var e: Int
            while true {
                let x = classes.loadUnaligned(fromByteOffset: p, as: SIMD16<UInt8>.self)
                let breaks = unsafeBitCast(x & breakLanes, to: SIMD2<UInt64>.self)
                if breaks[0] | breaks[1] != 0 {
                    // The lanes before the first break belong to the line. (The bytes after the text are
                    // breaks: e <= n.)
                    let before = (x & breakLanes .!= noLanes).laneBits.trailingZeroBitCount
                    e = p &+ before
                    add(x & withUnsafeBytes(of: &ramp) {
                        $0.loadUnaligned(fromByteOffset: 16 &- before, as: SIMD16<UInt8>.self)
                    })
                    break
                }
                add(x)
                p &+= 16
                rounds &+= 1
                if rounds == 255 {
                    empty()
                    rounds = 0
                }
            }
            empty()
            if trimmedLine(s, c, i, e, physical: physical, wide: wide, spaces: spaces, rewritten: rewritten,
                           into: lines + written) {
                written += 1
            }
            if e >= n {
                position.done = true
                return written
            }
            i = (s[e].value == 0x0D && e + 1 < n && s[e + 1].value == 0x0A) ? e + 2 : e + 1
            physical += 1
            if i >= n {
                position.done = true
                return written
            }
        }
    }

    /// The physical line [i, e) with its counts (over all of it), trimmed and written to `line`; false when it
    /// is blank. Out of line: inlined, its many positions made the scan loop keep a register for each.
    @inline(never)
    static func trimmedLine(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ c: UnsafePointer<UInt8>, _ i: Int, _ e: Int,
                            physical: Int, wide: Int, spaces: Int, rewritten: Int,
                            into line: UnsafeMutablePointer<Line>) -> Bool {
        typealias C = ScalarClassTable
        var w = e &- i &+ wide, spaces = spaces, rewritten = rewritten
        var first = i
        while first < e {
            let f = c[first]
            guard f & C.horizontalSpace != 0 else { break }
            w -= 1 + Int(f & C.wide)
            spaces -= Int((f >> C.spaceShift) & 1)
            rewritten -= Int((f >> C.rewrittenShift) & 1)
            first += 1
        }
        guard first < e else { return false }
        var last = e - 1
        while last > first {
            let f = c[last]
            guard f & C.horizontalSpace != 0 else { break }
            w -= 1 + Int(f & C.wide)
            spaces -= Int((f >> C.spaceShift) & 1)
            rewritten -= Int((f >> C.rewrittenShift) & 1)
            last -= 1
        }
        var f = last
        while f > first, c[f] & C.closing != 0 { f -= 1 }
        line.initialize(to: Line(start: first, end: last + 1, terminator: e, physical: physical, halfWidth: w,
                                 halfWidthNoSpace: w - spaces,
                                 heading: s[first].value == 0x23,
                                 final: c[f] & C.sentenceFinal != 0
                                     || (s[last].value == 0xFF09 || s[last].value == 0x29) && endsWithSignOff(s, first, last + 1),
                                 verbatim: rewritten == 0,
                                 marker: c[first] & C.markerStart != 0 && listMarkerLength(s, first, last + 1) > 0))
        return true
    }

    /// Writes the reading text of `lay`'s lines; `classes` holds the classes of `s` (`withClasses`).
    static func emit(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lay: Layout, _ classes: UnsafePointer<UInt8>,
                     into b: inout Builder) {
        let capacity = min(b.out.count, b.map.count)
        // Block copies write offsets without clamping: they are exact below 2³¹.
        guard s.count <= Int(Int32.max), let o = b.out.baseAddress, let mp = b.map.baseAddress, let src = s.baseAddress else {
            emitCheckingEach(s, lay, into: &b)
            return
        }
        let n = s.count
        lay.lines.withUnsafeBufferPointer { lines in
            lay.joinsNext.withUnsafeBufferPointer { joinsNext in
                let count = lines.count
                for k in 0..<count {
                    let start = lines[k].start
                    var end = lines[k].end
                    if k > 0 {
                        let previousEnd = lines[k - 1].end, previousTerminator = lines[k - 1].terminator
                        if joinsNext[k - 1] {
                            let pv = src[previousEnd - 1].value, nv = src[start].value
                            let pAlnum = ScalarClass.isLatinLetter(pv) || ScalarClass.isDigit(pv)
                            let nAlnum = ScalarClass.isLatinLetter(nv) || ScalarClass.isDigit(nv)
                            if pAlnum && nAlnum && !(ScalarClass.isDigit(pv) && ScalarClass.isDigit(nv)) {
                                b.append(" ", previousTerminator)
                            }
                        } else {
                            b.endParagraph()
                            b.append("\n", previousTerminator)
                            b.paragraphStart = b.count
                        }
                    }
                    // Hyphen removed when joining ChatG- / PT.
                    if k + 1 < count, joinsNext[k], src[end - 1].value == 0x2D,
                       ScalarClass.isLatinLetter(src[lines[k + 1].start].value) {
                        end -= 1
                    }
                    // Each source scalar is written at most once, so the line fits; checked once per line.
                    guard b.count + (end - start) <= capacity else {
                        for i in start..<end { emitRewritten(s, i, end, into: &b) }
                        continue
                    }
                    if lines[k].verbatim {
                        copyVerbatim(src, start, end - start, sourceCount: n, to: o, mp, at: b.count, capacity: capacity)
                        b.count += end - start
                        continue
                    }
                    var i = start
                    while i < end {
                        // The run up to the next scalar that may be rewritten is copied as a block.
                        let j = Self.firstRewritten(classes, from: i, end: end)
                        copyVerbatim(src, i, j - i, sourceCount: n, to: o, mp, at: b.count, capacity: capacity)
                        b.count += j - i
                        if j < end { emitRewritten(s, j, end, into: &b) }
                        i = j + 1
                    }
                }
            }
        }
        b.endParagraph()
    }

    /// The first offset in [from, end) whose class is `rewritten`, or `end`: sixteen class bytes at a time (they
    /// are readable 16 bytes past the text: `withClasses`).
    @inline(__always)
    static func firstRewritten(_ classes: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        let bytes = UnsafeRawPointer(classes)
        let rewritten = SIMD16<UInt8>(repeating: ScalarClassTable.rewritten), none = SIMD16<UInt8>()
        var j = from
        while j < end {
            let x = bytes.loadUnaligned(fromByteOffset: j, as: SIMD16<UInt8>.self)
            let lanes = (x & rewritten .!= none).laneBits
            if lanes != 0 { return min(j &+ lanes.trailingZeroBitCount, end) }
            j &+= 16
        }
        return end
    }

    /// `emit` for buffers whose offsets may not fit Int32 (or that are empty): every scalar through `emitRewritten`.
    static func emitCheckingEach(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lay: Layout, into b: inout Builder) {
        let lines = lay.lines, joinsNext = lay.joinsNext
        for k in lines.indices {
            let l = lines[k]
            var end = l.end
            if k > 0 {
                let prev = lines[k - 1]
                if joinsNext[k - 1] {
                    let pv = s[prev.end - 1].value, nv = s[l.start].value
                    let pAlnum = ScalarClass.isLatinLetter(pv) || ScalarClass.isDigit(pv)
                    let nAlnum = ScalarClass.isLatinLetter(nv) || ScalarClass.isDigit(nv)
                    if pAlnum && nAlnum && !(ScalarClass.isDigit(pv) && ScalarClass.isDigit(nv)) {
                        b.append(" ", prev.terminator)
                    }
                } else {
                    b.endParagraph()
                    b.append("\n", prev.terminator)
                    b.paragraphStart = b.count
                }
            }
            if k + 1 < lines.count, joinsNext[k], s[end - 1].value == 0x2D, ScalarClass.isLatinLetter(s[lines[k + 1].start].value) {
                end -= 1
            }
            for i in l.start..<end { emitRewritten(s, i, end, into: &b) }
        }
        b.endParagraph()
    }

    /// Writes source scalar `i` of a line ending at `end`, folded or rewritten as the type comment says.
    @inline(__always)
    static func emitRewritten(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ end: Int, into b: inout Builder) {
        let v = s[i].value
        if let f = ScalarClass.fold(v), let u = Unicode.Scalar(f) {
            b.append(u, i)
        } else if v == 0xFF0E, let p = b.last, ScalarClass.isDigit(p.value), i + 1 < end,
                  ScalarClass.isDigit(s[i + 1].value) || (s[i + 1].value >= 0xFF10 && s[i + 1].value <= 0xFF19) {
            b.append(".", i)
        } else {
            b.append(s[i], i)
        }
    }

    /// Copies `count` source scalars from `from` that need no rewriting, with their offsets (exact: the
    /// caller checked they fit Int32), to output offset `at`, sixteen at a time (a line then takes one or two
    /// rounds, so the loop's end is predicted), or four at a time near the ends of the buffers. The last block
    /// may run past the copied scalars when both buffers have room (source `sourceCount`, output `capacity`):
    /// what it writes there lies past the output's count, and is written over or never read.
    @inline(__always)
    static func copyVerbatim(_ src: UnsafePointer<Unicode.Scalar>, _ from: Int, _ count: Int, sourceCount: Int,
                             to out: UnsafeMutablePointer<Unicode.Scalar>, _ map: UnsafeMutablePointer<Int32>, at: Int,
                             capacity: Int) {
        let source = UnsafeRawPointer(src + from), to = UnsafeMutableRawPointer(out + at)
        let offsets = UnsafeMutableRawPointer(map + at)
        var index = SIMD4<Int32>(0, 1, 2, 3) &+ Int32(truncatingIfNeeded: from)
        var j = 0
        if from &+ count &+ 15 <= sourceCount && at &+ count &+ 15 <= capacity {
            while j < count {
                let bytes = j &* 4
                for q in 0..<4 {
                    to.storeBytes(of: source.loadUnaligned(fromByteOffset: bytes &+ 16 &* q, as: SIMD4<UInt32>.self),
                                  toByteOffset: bytes &+ 16 &* q, as: SIMD4<UInt32>.self)
                    offsets.storeBytes(of: index &+ Int32(4 &* q), toByteOffset: bytes &+ 16 &* q, as: SIMD4<Int32>.self)
                }
                index &+= 16
                j &+= 16
            }
            return
        }
        let blocks = from &+ count &+ 3 <= sourceCount && at &+ count &+ 3 <= capacity ? count &+ 3 : count
        while j &+ 4 <= blocks {
            let bytes = j &* 4
            to.storeBytes(of: source.loadUnaligned(fromByteOffset: bytes, as: SIMD4<UInt32>.self),
                          toByteOffset: bytes, as: SIMD4<UInt32>.self)
            offsets.storeBytes(of: index, toByteOffset: bytes, as: SIMD4<Int32>.self)
            index &+= 4
            j &+= 4
        }
        while j < count {
            out[at &+ j] = src[from &+ j]
            map[at &+ j] = Int32(truncatingIfNeeded: from &+ j)
            j &+= 1
        }
    }

    /// A run of spaces in the output, with what `dropSpaces` needs to know about the tokens (maximal
    /// runs without space or newline) on either side.
    struct Gap {
        var start: Int
        var end: Int
        /// Between two tokens on one line, 1–2 spaces wide: the only gaps that may be dropped or chain
        /// letter-spaced tokens.
        var candidate = false
        var leftShort = false
        var rightShort = false
        /// The left token is short and the previous gap ends right before it (they share the token).
        var linkedPrevious = false
        /// The right token is short and the next gap starts right after it.
        var linkedNext = false
        var leftInChain = false
        var rightInChain = false
    }

    /// Drops typesetting spaces (letter spacing, digit–CJK spacing) of the paragraph `range` in place;
    /// returns its new end. See the type comment. Only the neighbourhood of `spaces` (ascending output
    /// offsets of every space in the range) is read: a token without a space beside it is neither
    /// dropped around nor chained.
    static func dropSpaces(_ t: UnsafeMutableBufferPointer<Unicode.Scalar>, _ m: UnsafeMutableBufferPointer<Int32>,
                           _ range: Range<Int>, spaces: [Int], gaps: inout [Gap]) -> Int {
        let lo = range.lowerBound, n = range.upperBound
        guard !spaces.isEmpty else { return n }
        @inline(__always) func isBreak(_ v: UInt32) -> Bool { v == 0x20 || v == 0x0A }
        // A letter-spaced token: ≤ 4 CJK scalars, no two ideographs adjacent (punctuation may be
        // glued on either side: `手）的`, `，“`).
        func isShort(_ a: Int, _ b: Int) -> Bool {
            guard b - a <= 4 else { return false }
            var prevIdeograph = false
            for j in a..<b {
                let v = t[j].value
                if ScalarClass.isIdeograph(v) {
                    if prevIdeograph { return false }
                    prevIdeograph = true
                } else if ScalarClass.isCJKPunctuation(v) {
                    prevIdeograph = false
                } else {
                    return false
                }
            }
            return true
        }
        // The working array is overwritten from the start and only grows: it is never emptied.
        var gapCount = 0
        var k = 0
        while k < spaces.count {
            let start = spaces[k]
            var end = start + 1
            k += 1
            while k < spaces.count, spaces[k] == end { end += 1; k += 1 }
            var gap = Gap(start: start, end: end)
            if start > lo, end < n, t[start - 1].value != 0x0A, t[end].value != 0x0A, end - start <= 2 {
                gap.candidate = true
                // Token lengths up to 5: longer ones are not short either way.
                var a = start
                while a > lo, start - a < 5, !isBreak(t[a - 1].value) { a -= 1 }
                gap.leftShort = isShort(a, start)
                gap.linkedPrevious = gap.leftShort && a > lo && t[a - 1].value == 0x20
                var b = end
                while b < n, b - end < 5, !isBreak(t[b].value) { b += 1 }
                gap.rightShort = isShort(end, b)
                gap.linkedNext = gap.rightShort && b < n && t[b].value == 0x20
            }
            if gapCount < gaps.count { gaps[gapCount] = gap } else { gaps.append(gap) }
            gapCount += 1
        }
        // Chains of ≥ 3 short tokens separated by 1–2 spaces: gaps i…j (at least two) with short tokens
        // on both sides, each sharing its right token with the next. The gaps just outside share the
        // chain's first and last token.
        var i = 0
        while i < gapCount {
            guard gaps[i].candidate, gaps[i].leftShort, gaps[i].rightShort else { i += 1; continue }
            var j = i
            while j + 1 < gapCount, gaps[j].linkedNext, gaps[j + 1].candidate, gaps[j + 1].rightShort { j += 1 }
            if j > i {
                for g in i...j {
                    gaps[g].leftInChain = true
                    gaps[g].rightInChain = true
                }
                if i > 0, gaps[i].linkedPrevious { gaps[i - 1].rightInChain = true }
                if j + 1 < gapCount, gaps[j].linkedNext { gaps[j + 1].leftInChain = true }
            }
            i = j + 1
        }
        func drop(_ g: Gap) -> Bool {
            guard g.candidate else { return false }
            let l = t[g.start - 1].value, r = t[g.end].value
            // Each side is classified once (the range tests are long).
            let leftCJK = ScalarClass.isCJK(l), rightCJK = ScalarClass.isCJK(r)
            if (g.leftInChain || g.rightInChain) && leftCJK && rightCJK { return true }
            if g.end - g.start == 1 {
                if leftCJK && rightCJK && (ScalarClass.isCJKPunctuation(l) || ScalarClass.isCJKPunctuation(r)) {
                    return true
                }
                if (ScalarClass.isDigit(l) || l == 0x25) && rightCJK { return true }
                if leftCJK && ScalarClass.isDigit(r) { return true }
            }
            return false
        }
        // Compact in place: the write index never passes the read index.
        var w = lo, pos = lo
        for g in gaps[..<gapCount] where drop(g) {
            let len = g.start - pos
            if w != pos { moveLeft(t, m, from: pos, to: w, count: len) }
            w += len
            pos = g.end
        }
        if w != pos { moveLeft(t, m, from: pos, to: w, count: n - pos) }
        return w + (n - pos)
    }

    /// Moves `count` scalars and their offsets from `from` to `to` < `from` (the ranges may overlap),
    /// four at a time: each block is read before it is written over.
    @inline(__always)
    static func moveLeft(_ t: UnsafeMutableBufferPointer<Unicode.Scalar>, _ m: UnsafeMutableBufferPointer<Int32>,
                         from: Int, to: Int, count: Int) {
        guard let tb = t.baseAddress, let mb = m.baseAddress else { return }
        let scalars = UnsafeMutableRawPointer(tb), offsets = UnsafeMutableRawPointer(mb)
        var j = 0
        while j &+ 4 <= count {
            let a = (from &+ j) &* 4, b = (to &+ j) &* 4
            scalars.storeBytes(of: scalars.loadUnaligned(fromByteOffset: a, as: SIMD4<UInt32>.self), toByteOffset: b,
                               as: SIMD4<UInt32>.self)
            offsets.storeBytes(of: offsets.loadUnaligned(fromByteOffset: a, as: SIMD4<Int32>.self), toByteOffset: b,
                               as: SIMD4<Int32>.self)
            j &+= 4
        }
        while j < count {
            t[to &+ j] = t[from &+ j]
            m[to &+ j] = m[from &+ j]
            j &+= 1
        }
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
        // A plain loop over raw buffers vectorizes; `map` over the slice appended element by element.
        let shifted = [Int32](unsafeUninitializedCapacity: hi - lo) { out, count in
            map.withUnsafeBufferPointer { m in
                for k in 0..<(hi - lo) { out[k] = m[lo &+ k] &- base }
            }
            count = hi - lo
        }
        return ReadingView(scalars: Array(scalars[lo..<hi]), map: shifted,
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
