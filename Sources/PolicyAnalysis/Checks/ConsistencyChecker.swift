import Foundation
import PolicyText

/// Consistency checks over a finished document model: sums, ratios, differences, growth rates,
/// directions, stated counts against enumerations, 分别 lists, headline against body, impossible
/// dates and shares, backwards ranges, conflicting abbreviations.
///
/// Every check works on the reading view (figure ranges are mapped from source offsets), states its
/// arithmetic in Chinese and English, points at the figure in question and lists the others as
/// related locations. A false alarm costs more than a miss: a check stays silent whenever the text
/// does not commit to the relation (qualifiers 超/近/约/余, lists ending in 等, unit or scale mismatch).
public enum ConsistencyChecker {
    public static func findings(model: DocumentModel, view: ReadingView) -> [Finding] {
        findings(model: model, view: view, placement: nil)
    }

    /// `placement`: each figure's reading range when the caller has it (the recognizer does);
    /// otherwise they are found from the source ranges.
    static func findings(model: DocumentModel, view: ReadingView, placement: [FigurePlacement]?) -> [Finding] {
        let ctx = CheckContext(model: model, view: view, placement: placement)
        var out: [Finding] = []
        out += ArithmeticChecks.sums(ctx)
        out += ArithmeticChecks.ratios(ctx)
        out += ArithmeticChecks.differences(ctx)
        out += ArithmeticChecks.growthAndDirection(ctx)
        out += ListChecks.counts(ctx)
        out += ListChecks.listLengths(ctx)
        out += OtherChecks.conflictingFigures(ctx)
        out += OtherChecks.impossibleShares(ctx)
        out += DateChecks.impossibleDates(ctx)
        out += DateChecks.rangeOrder(ctx)
        out += OtherChecks.aliasConflicts(ctx)
        out.sort { ($0.range.lowerBound, $0.range.upperBound, $0.code) < ($1.range.lowerBound, $1.range.upperBound, $1.code) }
        return out
    }

    /// Codes this checker can emit (for documentation and tests).
    public static let codes = [
        "sum-mismatch", "ratio-mismatch", "difference-mismatch", "growth-mismatch", "direction-mismatch",
        "count-mismatch", "list-length-mismatch", "conflicting-figure", "impossible-date", "range-order",
        "impossible-share", "alias-conflict",
    ]
}

/// The model's figures, shared by all placed figures of one check run (kept alive by the context).
final class FigureStore: Sendable {
    let figures: [Figure]
    init(_ figures: [Figure]) { self.figures = figures }

    // Fields read through a buffer pointer: subscripting the array copies the whole figure.
    func unit(_ i: Int) -> String? { figures.withUnsafeBufferPointer { $0[i].unit } }
    func text(_ i: Int) -> String { figures.withUnsafeBufferPointer { $0[i].text } }
    /// The text's first scalar, read in place (no copy of the string).
    func firstScalar(_ i: Int) -> Unicode.Scalar? { figures.withUnsafeBufferPointer { $0[i].text.unicodeScalars.first } }
    func range(_ i: Int) -> ScalarRange { figures.withUnsafeBufferPointer { $0[i].range } }
    func metric(_ i: Int) -> String? { figures.withUnsafeBufferPointer { $0[i].metric } }
    func timeContext(_ i: Int) -> String? { figures.withUnsafeBufferPointer { $0[i].timeContext } }
    func value(_ i: Int) -> Decimal { figures.withUnsafeBufferPointer { $0[i].value } }
    func upperValue(_ i: Int) -> Decimal? { figures.withUnsafeBufferPointer { $0[i].upperValue } }
    func scale(_ i: Int) -> Decimal { figures.withUnsafeBufferPointer { $0[i].scale } }
    func sameUnit(_ i: Int, _ j: Int) -> Bool { figures.withUnsafeBufferPointer { $0[i].unit == $0[j].unit } }
}

/// A figure placed in the reading view.
struct PlacedFigure {
    /// The figure's strings are read in place from the model's array, for the texts of findings: an
    /// unmanaged reference makes making and copying placed figures free of reference counting (the
    /// context holds the store for as long as any placed figure is used).
    private let store: Unmanaged<FigureStore>
    private let index: Int
    /// Reading range.
    var lo: Int
    var hi: Int
    // The fields the checks test on nearly every figure, copied out once (reading them through the
    // store costs reference counting on every access). The Decimals stay in the store: a struct
    // holding one has a layout known only at run time (Decimal is resilient), so every copy of a
    // placed figure would go through value witnesses.
    let shape: FigureShape
    let qualifier: FigureQualifier?
    let hasUpperValue: Bool
    let statedDecimals: Int
    let exactValue: Exact?
    var isPlain: Bool { qualifier == nil && !hasUpperValue }

    init(store: Unmanaged<FigureStore>, index: Int, figure f: UnsafePointer<Figure>, lo: Int, hi: Int,
         layoutVerified: Bool) {
        self.store = store
        self.index = index
        self.lo = lo
        self.hi = hi
        shape = f.pointee.shape
        qualifier = f.pointee.qualifier
        hasUpperValue = f.pointee.upperValue != nil
        statedDecimals = f.pointee.statedDecimals
        exactValue = Exact(f.pointee.value, layoutVerified: layoutVerified)
    }

    var value: Decimal { store._withUnsafeGuaranteedRef { $0.value(index) } }
    var upperValue: Decimal? { store._withUnsafeGuaranteedRef { $0.upperValue(index) } }
    var scale: Decimal { store._withUnsafeGuaranteedRef { $0.scale(index) } }

    var unit: String? { store._withUnsafeGuaranteedRef { $0.unit(index) } }
    var text: String { store._withUnsafeGuaranteedRef { $0.text(index) } }
    var firstScalar: Unicode.Scalar? { store._withUnsafeGuaranteedRef { $0.firstScalar(index) } }
    var range: ScalarRange { store._withUnsafeGuaranteedRef { $0.range(index) } }
    var metric: String? { store._withUnsafeGuaranteedRef { $0.metric(index) } }
    var timeContext: String? { store._withUnsafeGuaranteedRef { $0.timeContext(index) } }
    var isPercentLike: Bool { shape == .percentage || shape == .percentagePoints }

    /// Half a unit of the last stated digit, in base units. Whole counts of things are exact.
    var tolerance: Decimal {
        let scale = self.scale, decimals = statedDecimals
        if shape == .count && scale == 1 && decimals == 0 { return 0 }
        let half = Decimal(sign: .plus, exponent: -(max(0, min(decimals, 30)) + 1), significand: 5)
        return isPercentLike ? half : half * scale
    }

    /// `tolerance`, exactly (nil when it does not fit).
    var exactTolerance: Exact? {
        let decimals = statedDecimals
        let scale = Exact(self.scale)
        if shape == .count && decimals == 0 {
            guard let scale else { return nil }
            if Exact.compare(scale, Exact(m: 1, e: 0)) == 0 { return Exact(m: 0, e: 0) }
        }
        let half = Exact(m: 5, e: -(max(0, min(decimals, 30)) + 1))
        return isPercentLike ? half : Exact.product(half, scale)
    }

    /// The value in the units the text writes it in (3200 亿元 → 3200).
    var writtenValue: Decimal {
        let scale = self.scale
        return isPercentLike || scale == 0 ? value : Num.divided(value, byScale: scale)
    }

    /// Same kind of quantity: comparable after scaling to base units.
    func sameUnit(_ o: PlacedFigure) -> Bool {
        shape == o.shape && store._withUnsafeGuaranteedRef { $0.sameUnit(index, o.index) }
    }
}

/// An exact decimal `m` × 10^`e` with a 64-bit mantissa: the checks decide with it whether stated
/// figures agree, where a Foundation Decimal operation costs thousands of instructions. Every
/// operation answers nil when its result would not fit; the caller then decides with Decimal.
struct Exact {
    var m: Int64
    var e: Int

    init(m: Int64, e: Int) {
        self.m = m
        self.e = e
    }

    init?(_ d: Decimal) {
        self.init(d, layoutVerified: SmallDecimal.layoutVerified)
    }

    /// `layoutVerified`: `SmallDecimal.layoutVerified`, fetched once by callers converting many values.
    @inline(__always) init?(_ d: Decimal, layoutVerified: Bool) {
        guard layoutVerified else { return nil }
        let length = SmallDecimal.length(d), negative = SmallDecimal.isNegative(d)
        guard length <= 4, length > 0 || !negative else { return nil }   // length 0 and negative: NaN
        let u = SmallDecimal.mantissa(d)
        guard u <= UInt64(Int64.max) else { return nil }
        m = negative ? -Int64(u) : Int64(u)
        e = SmallDecimal.exponent(d)
    }

    private static let powersOfTen: [Int64] = (0...18).map { k in (0..<k).reduce(1) { p, _ in p * 10 } }

    /// Both mantissas at the smaller exponent.
    private static func aligned(_ a: Exact, _ b: Exact) -> (Int64, Int64, Int)? {
        if a.e == b.e { return (a.m, b.m, a.e) }
        if a.m == 0 { return (0, b.m, b.e) }
        if b.m == 0 { return (a.m, 0, a.e) }
        let k = a.e > b.e ? a.e - b.e : b.e - a.e
        guard k <= 18 else { return nil }
        if a.e > b.e {
            let (x, overflow) = a.m.multipliedReportingOverflow(by: powersOfTen[k])
            return overflow ? nil : (x, b.m, b.e)
        }
        let (y, overflow) = b.m.multipliedReportingOverflow(by: powersOfTen[k])
        return overflow ? nil : (a.m, y, a.e)
    }

    static func sum(_ a: Exact?, _ b: Exact?) -> Exact? {
        guard let a, let b, let (x, y, e) = aligned(a, b) else { return nil }
        let (r, overflow) = x.addingReportingOverflow(y)
        return overflow ? nil : Exact(m: r, e: e)
    }

    static func difference(_ a: Exact?, _ b: Exact?) -> Exact? {
        guard let a, let b, let (x, y, e) = aligned(a, b) else { return nil }
        let (r, overflow) = x.subtractingReportingOverflow(y)
        return overflow ? nil : Exact(m: r, e: e)
    }

    static func product(_ a: Exact?, _ b: Exact?) -> Exact? {
        guard let a, let b, abs(a.e) < 1000, abs(b.e) < 1000 else { return nil }
        let (r, overflow) = a.m.multipliedReportingOverflow(by: b.m)
        return overflow ? nil : Exact(m: r, e: a.e + b.e)
    }

    static func magnitude(_ a: Exact?) -> Exact? {
        guard let a, a.m != Int64.min else { return nil }
        return Exact(m: a.m < 0 ? -a.m : a.m, e: a.e)
    }

    var decimal: Decimal { Decimal(sign: m < 0 ? .minus : .plus, exponent: e, significand: Decimal(m.magnitude)) }

    static let zero = Exact(m: 0, e: 0)
    static let hundred = Exact(m: 100, e: 0)

    /// -1, 0 or 1 as `a` is below, equal to or above `b`.
    static func compare(_ a: Exact?, _ b: Exact?) -> Int? {
        guard let a, let b else { return nil }
        if (a.m < 0) != (b.m < 0) { return a.m < 0 ? -1 : 1 }
        guard let (x, y, _) = aligned(a, b) else { return nil }
        return x < y ? -1 : (x > y ? 1 : 0)
    }
}

struct CheckContext {
    let s: [Unicode.Scalar]
    let view: ReadingView
    let model: DocumentModel
    private let store: FigureStore
    /// Figures sorted by reading offset.
    let figs: [PlacedFigure]
    /// Where the text-wide checks look, found in one pass (all in text order).
    let marks: Landmarks
    /// The articles in reading offsets: a check that reads on from a figure stops at the end of the
    /// figure's article (see `scopeEnd`).
    private let scopes: ArticleScopes

    init(model: DocumentModel, view: ReadingView, placement given: [FigurePlacement]? = nil) {
        self.model = model
        self.view = view
        s = view.scalars
        let n = view.scalars.count
        let store = FigureStore(model.figures)
        self.store = store
        var placed: [PlacedFigure] = []
        placed.reserveCapacity(model.figures.count)
        var hint = 0
        var inOrder = true
        let layoutVerified = SmallDecimal.layoutVerified
        let unmanagedStore = Unmanaged.passUnretained(store)
        store.figures.withUnsafeBufferPointer { figures in
            guard let first = figures.baseAddress else { return }
            var previous = (lo: Int.min, hi: Int.min)
            let given = given.flatMap { $0.count == figures.count ? $0 : nil }
            for index in figures.indices {
                let f = first + index
                let range = f.pointee.range
                var lo: Int, hi: Int
                if let given {
                    lo = min(max(0, given[index].lo), n)
                    hi = min(max(lo, given[index].hi), n)
                } else {
                    lo = min(max(0, Self.readingOffset(view, forSource: range.lowerBound, hint: &hint)), n)
                    hi = min(max(lo, Self.readingOffset(view, forSource: range.upperBound, hint: &hint)), n)
                }
                if hi == lo && !range.isEmpty { hi = min(n, lo + 1) }
                if (lo, hi) < previous { inOrder = false }
                previous = (lo, hi)
                placed.append(PlacedFigure(store: unmanagedStore, index: index, figure: f, lo: lo, hi: hi,
                                           layoutVerified: layoutVerified))
            }
        }
        // The model lists figures in text order: the sort is nearly always skipped.
        if !inOrder { placed.sort { ($0.lo, $0.hi) < ($1.lo, $1.hi) } }
        // Keep figures disjoint and in order, so the text between two neighbours is a valid range.
        var kept = 0
        for i in placed.indices where kept == 0 || placed[i].lo >= placed[kept - 1].hi {
            if i != kept { placed[kept] = placed[i] }
            kept += 1
        }
        placed.removeLast(placed.count - kept)
        figs = placed
        marks = Landmarks(view.scalars, figures: placed)
        scopes = ArticleScopes(articles: model.structure.articles.map {
            let lo = view.readingOffset(forSource: $0.range.lowerBound)
            return lo..<max(lo, view.readingOffset(forSource: $0.range.upperBound))
        }, count: n)
    }

    /// Where the stretch of text holding reading offset `i` ends: its article's end, or for text outside
    /// every article the next article's start. What an article announces is listed in that article; a
    /// list read on into the next one mixed two texts, and made the findings depend on whether the
    /// document was analysed whole or in parts.
    func scopeEnd(_ i: Int) -> Int { scopes.end(containing: i) }

    /// `view.readingOffset(forSource:)` (the first reading scalar at or after source offset `source`),
    /// searched near the previous answer `hint`: figures come in text order, and the reading view
    /// drops few scalars, so the answer is nearly always where the source distance says.
    static func readingOffset(_ view: ReadingView, forSource source: Int, hint: inout Int) -> Int {
        let n = view.scalars.count
        // The answer lies in lo...hi: the reading map is strictly increasing, so the reading offset
        // `d` past one whose source offset is `m` has a source offset of at least m + d.
        var lo = 0, hi = n
        if hint >= 0 && hint < n {
            let m = view.sourceOffset(forReading: hint)
            if m < source {
                lo = hint + 1
                hi = min(n, hint + (source - m))
            } else {
                hi = hint
            }
        }
        if hi > lo && view.sourceOffset(forReading: hi - 1) < source {
            hint = hi
            return hi
        }
        // Usually only a few scalars (a line break, spaces) were dropped: the answer lies just below
        // hi, found by doubling steps down from it before the binary search.
        var step = 1
        while hi - step > lo {
            if view.sourceOffset(forReading: hi - step - 1) < source {
                lo = hi - step
                break
            }
            hi -= step
            step <<= 1
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if view.sourceOffset(forReading: mid) < source { lo = mid + 1 } else { hi = mid }
        }
        hint = lo
        return lo
    }

    // MARK: text access

    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < s.count ? s[i] : nil }

    func has(_ w: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + w.count <= s.count else { return false }
        for k in 0..<w.count where s[i + k] != w[k] { return false }
        return true
    }

    func has(_ w: ArraySlice<Unicode.Scalar>, at i: Int) -> Bool {
        guard i >= 0, i + w.count <= s.count else { return false }
        var k = i
        for c in w {
            if s[k] != c { return false }
            k += 1
        }
        return true
    }

    func string(_ r: Range<Int>) -> String { PolicyScan.string(s, r) }

    /// First occurrence of `w` starting in `r` (long ranges are searched eight scalars at a time).
    func find(_ w: [Unicode.Scalar], in r: Range<Int>) -> Int? {
        guard !w.isEmpty else { return nil }
        var i = max(0, r.lowerBound)
        let end = min(r.upperBound, s.count)
        let first = w[0]
        if end - i < 32 {
            while i < end {
                if s[i] == first && has(w, at: i) { return i }
                i += 1
            }
            return nil
        }
        let lanes = SIMD8<Int32>(repeating: Int32(bitPattern: first.value))
        return s.withUnsafeBufferPointer { p -> Int? in
            while i < end {
                i = PolicyScan.nextBlock(p, from: i, to: end, SIMD8<Int32>.self) { $0 .== lanes }
                let blockEnd = min(end, i + 8)
                while i < blockEnd {
                    if p[i] == first && has(w, at: i) { return i }
                    i += 1
                }
            }
            return nil
        }
    }

    /// Last occurrence of `w` lying entirely inside `r`.
    func findLast(_ w: [Unicode.Scalar], in r: Range<Int>) -> Int? {
        guard !w.isEmpty else { return nil }
        var i = min(r.upperBound, s.count) - w.count
        while i >= max(0, r.lowerBound) {
            if s[i] == w[0] && has(w, at: i) { return i }
            i -= 1
        }
        return nil
    }

    func contains(_ w: [Unicode.Scalar], in r: Range<Int>) -> Bool { find(w, in: r) != nil }

    /// Whether a word of `ws` starts in `r`: one pass over `r`, trying the words only where the scalar
    /// may be a first one (a search per word cost a call and a loop each).
    func containsAny(_ ws: WordSet, in r: Range<Int>) -> Bool {
        let lo = max(0, r.lowerBound), hi = min(r.upperBound, s.count)
        guard lo < hi else { return false }
        let bits = ws.firstBits
        return s.withUnsafeBufferPointer { p in
            for i in lo..<hi where bits >> UInt64(p[i].value & 63) & 1 != 0 {
                for w in ws.words where w[0] == p[i] && has(w, at: i) { return true }
            }
            return false
        }
    }

    func containsScalar(in r: Range<Int>, _ pred: (Unicode.Scalar) -> Bool) -> Bool {
        let lo = max(0, r.lowerBound), hi = min(r.upperBound, s.count)
        guard lo < hi else { return false }
        for i in lo..<hi where pred(s[i]) { return true }
        return false
    }

    /// Start of the sentence containing `i` (just after 。！？ or a paragraph break), at most `limit` back.
    func sentenceStart(before i: Int, limit: Int = 400) -> Int {
        var k = min(i, s.count) - 1
        let floor = max(0, i - limit)
        while k >= floor {
            if Chars.isSentenceEnd(s[k]) { return k + 1 }
            k -= 1
        }
        return floor
    }

    /// End of the sentence containing `i` (the offset of its 。！？ or paragraph break), at most `limit` ahead.
    func sentenceEnd(from i: Int, limit: Int = 400) -> Int {
        var k = max(0, i)
        let end = min(s.count, i + limit)
        while k < end {
            if Chars.isSentenceEnd(s[k]) { return k }
            k += 1
        }
        return end
    }

    /// Start of the clause containing `i` (after ，；。：！？ or a break).
    func clauseStart(before i: Int, limit: Int = 60) -> Int {
        var k = min(i, s.count) - 1
        let floor = max(0, i - limit)
        while k >= floor {
            if Chars.isClauseEnd(s[k]) { return k + 1 }
            k -= 1
        }
        return floor
    }

    /// Index of the first figure whose start is at or after `offset`.
    func firstFigure(atOrAfter offset: Int) -> Int {
        figs.withUnsafeBufferPointer { f in
            // Halving without a jump per step: the sign of the difference picks the half (the answer
            // lies in base...base + n throughout). Starts lie in 0...s.count, so with the target
            // clamped to -1...s.count + 1 the difference cannot overflow and compares the same.
            let target = min(max(offset, -1), s.count + 1)
            var base = 0, n = f.count
            guard n > 0 else { return 0 }
            while n > 1 {
                let half = n &>> 1
                base &+= half & (f[base &+ half].lo &- target) &>> 63
                n &-= half
            }
            return base &+ ((f[base].lo &- target) &>> 63 & 1)
        }
    }

    /// Indices of figures lying inside `r`.
    func figures(in r: Range<Int>) -> Range<Int> {
        let a = firstFigure(atOrAfter: r.lowerBound)
        var b = a
        while b < figs.count && figs[b].lo < r.upperBound { b += 1 }
        while b > a && figs[b - 1].hi > r.upperBound { b -= 1 }
        return a..<b
    }

    func source(_ f: PlacedFigure) -> ScalarRange { f.range }
    func source(_ r: Range<Int>) -> ScalarRange { view.sourceRange(forReading: r) }

    func related(_ f: PlacedFigure, _ note: String) -> RelatedLocation {
        RelatedLocation(range: f.range, message: note)
    }

    /// Words or a stop before `i`, skipping spaces.
    func trimmedString(_ r: Range<Int>) -> String {
        Num.trimmed(string(r))
    }
}

/// Offsets of what the text-wide checks look for. Digits are found in one pass over the text, sixteen
/// scalars at a time; 分别 only where a list of figures could follow it.
struct Landmarks {
    /// Where a run of ASCII digits that may belong to a date starts, and where it ends: four digits
    /// long, or followed by 年 or 月 (after at most two spaces). The date checks read no other runs.
    private(set) var digitRunStarts: [Int] = []
    private(set) var digitRunEnds: [Int] = []
    /// 分别 two to twelve scalars before a figure that another figure follows within three scalars:
    /// the only places where the list-length check can find a run of values after it.
    private(set) var fenbie: [Int] = []

    /// Bit k set when lane k of the sixteen scalars at `p` lies in 0x30…0x3F.
    @inline(__always)
    static func digitBlockBits(_ p: UnsafeRawPointer, _ high: SIMD16<Int32>, _ digitBlock: SIMD16<Int32>) -> UInt32 {
        (p.loadUnaligned(as: SIMD16<Int32>.self) & high .== digitBlock).laneBits
    }

    init(_ s: [Unicode.Scalar], figures figs: [PlacedFigure]) {
        s.withUnsafeBufferPointer { p in
            let n = p.count
            // 0x30…0x3F: the digits and six punctuation marks. Blocks without one are skipped sixteen
            // scalars at a time; in the others only the lanes holding one are looked at.
            let high = SIMD16<Int32>(repeating: -16), digitBlock = SIMD16<Int32>(repeating: 0x30)
            var runEnd = 0   // lanes before this lie in a run already read
            func readRun(at start: Int) {
                var i = start + 1
                while i < n && p[i].value &- 0x30 < 10 { i += 1 }
                runEnd = i
                var k = i
                while k < n && k < i + 2 && Chars.isSpace(p[k]) { k += 1 }
                if i - start == 4 || (k < n && (p[k] == "年" || p[k] == "月")) {
                    digitRunStarts.append(start)
                    digitRunEnds.append(i)
                }
            }
            var i = 0
            while i < n {
                i = PolicyScan.nextBlock(p, from: i, SIMD16<Int32>.self) { $0 & high .== digitBlock }
                guard i + 16 <= n, let base = p.baseAddress else {
                    for k in i..<n where k >= runEnd && p[k].value &- 0x30 < 10 { readRun(at: k) }
                    break
                }
                var bits = Self.digitBlockBits(UnsafeRawPointer(base + i), high, digitBlock)
                while bits != 0 {
                    let k = i + bits.trailingZeroBitCount
                    bits &= bits &- 1
                    if k >= runEnd && p[k].value &- 0x30 < 10 { readRun(at: k) }
                }
                i = max(i + 16, runEnd)
            }
            // Windows before consecutive figures never overlap: the positions come out in order.
            var previousLo = 0
            for fi in figs.indices {
                let lo = figs[fi].lo
                defer { previousLo = lo }
                guard fi + 1 < figs.count, figs[fi + 1].lo - figs[fi].hi <= 3 else { continue }
                // 分别 at q makes this figure the first one at or after q + 2 only when q + 2 > previousLo.
                var q = max(0, lo - 12, previousLo - 1)
                while q <= lo - 2 && q + 1 < n {
                    if p[q] == "分" && p[q + 1] == "别" { fenbie.append(q) }
                    q += 1
                }
            }
        }
    }
}

enum Chars {
    static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        c == "。" || c == "！" || c == "？" || c == "\n" || c == "!" || c == "?"
    }
    static func isClauseEnd(_ c: Unicode.Scalar) -> Bool {
        isSentenceEnd(c) || c == "，" || c == "；" || c == "：" || c == "," || c == ";" || c == ":"
    }
    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\u{3000}" || c == "\t" }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// Value of a single Chinese numeral 一…十 (两 is 2).
    static func numeral(_ c: Unicode.Scalar) -> Int? {
        c == "十" ? 10 : PolicyScan.chineseDigit(c).flatMap { $0 == 0 ? nil : $0 }
    }
    static let numeralText = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// Chinese numeral for 1…99 (十, 十二, 二十三).
    static func chinese(_ n: Int) -> String? {
        guard n >= 1 && n <= 99 else { return nil }
        if n <= 10 { return numeralText[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : numeralText[tens]) + "十" + (ones == 0 ? "" : numeralText[ones])
    }
}

func w(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

/// Words looked for together (`CheckContext.containsAny`), with a 64-bit filter of their first
/// scalars (bit `value % 64`), so that most positions are passed over with one test.
struct WordSet: Sendable {
    let words: [[Unicode.Scalar]]
    let firstBits: UInt64

    init(_ words: [[Unicode.Scalar]]) {
        let words = words.filter { !$0.isEmpty }
        self.words = words
        firstBits = words.reduce(0) { $0 | 1 << UInt64($1[0].value & 63) }
    }

    init(_ words: [String]) { self.init(words.map(w)) }
}

/// Words several checks look for, built once.
enum Words {
    static let fenbie = w("分别"), zhong = w("中"), bi = w("比"), deng = w("等"), ji = w("及")
    static let from = WordSet(["从", "由"]), to = WordSet(["至", "到"])
}

/// a..<b, empty when b < a (never traps on odd offsets).
func span(_ a: Int, _ b: Int) -> Range<Int> { a..<max(a, b) }

enum Num {
    static func pow10(_ k: Int) -> Decimal { Decimal(sign: .plus, exponent: k, significand: 1) }

    static func abs(_ d: Decimal) -> Decimal { d < 0 ? -d : d }

    static func round(_ d: Decimal, _ places: Int) -> Decimal {
        var x = d, r = Decimal()
        NSDecimalRound(&r, &x, places, .plain)
        return r
    }

    /// Plain decimal text with exactly `places` decimals (77.5, 65.0, 3100).
    /// x / scale for the texts of findings. A scale that is a power of ten (万, 亿 …: all of them in
    /// practice) moves the exponent instead: a Decimal division costs some 60,000 instructions. The
    /// two results differ at most in representation, which `round` and `format` do not show.
    static func divided(_ x: Decimal, byScale scale: Decimal) -> Decimal {
        if let v = SmallDecimal.integer(scale), v > 0, !x.isNaN {
            var k = 0, p = v
            while p % 10 == 0 { p /= 10; k += 1 }
            if p == 1, x.exponent - k > -100 {
                return Decimal(sign: x.sign, exponent: x.exponent - k, significand: x.significand)
            }
        }
        return x / scale
    }

    static func format(_ d: Decimal, places: Int) -> String {
        let p = max(0, min(places, 12))
        let r = round(d, p)
        var t = plainText(r)
        if t == "-0" { t = "0" }
        if p > 0 {
            if let dot = t.firstIndex(of: ".") {
                let have = t.distance(from: t.index(after: dot), to: t.endIndex)
                if have < p { t += String(repeating: "0", count: p - have) }
            } else {
                t += "." + String(repeating: "0", count: p)
            }
        }
        return t
    }

    /// `d.description`, written from Decimal's fields: Foundation's costs some 19,000 instructions.
    /// (Digits of the mantissa, the point placed by the exponent, trailing zeros kept: 31.0, 0.05, 3100.)
    static func plainText(_ d: Decimal) -> String {
        guard SmallDecimal.layoutVerified, !d.isNaN else { return d.description }
        let length = SmallDecimal.length(d)
        if length == 0 { return "0" }
        let m = SmallDecimal.mantissa(d)
        guard length <= 4, m != 0 else { return d.description }
        var digits: [UInt8] = []
        var rest = m
        while rest > 0 { digits.append(UInt8(rest % 10) + 0x30); rest /= 10 }
        digits.reverse()
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + Swift.abs(d.exponent) + 3)
        if d.sign == .minus { out.append(0x2D) }
        let e = d.exponent
        if e >= 0 {
            out += digits
            out += repeatElement(0x30, count: e)
        } else if digits.count > -e {
            out += digits[..<(digits.count + e)]
            out.append(0x2E)
            out += digits[(digits.count + e)...]
        } else {
            out += [0x30, 0x2E]
            out += repeatElement(0x30, count: -e - digits.count)
            out += digits
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `t.trimmingCharacters(in: .whitespaces)`, without Foundation when neither end can be white
    /// (printable ASCII or above U+3000: no space separator lies there).
    static func trimmed(_ t: String) -> String {
        let u = t.unicodeScalars
        guard let first = u.first, let last = u.last else { return t }
        func solid(_ c: Unicode.Scalar) -> Bool { (c.value > 0x20 && c.value < 0x7F) || c.value > 0x3000 }
        return solid(first) && solid(last) ? t : t.trimmingCharacters(in: .whitespaces)
    }

    /// Number of decimals worth showing for a computed value next to stated ones.
    static func places(_ figs: [PlacedFigure]) -> Int {
        figs.map(\.statedDecimals).max() ?? 0
    }

    /// `text` with its first written number replaced by `number` (3200 亿元 → 3100 亿元, 80% → 75%).
    /// Nil when the number is written in Chinese numerals and `chinese` is nil.
    static func replacingNumber(in text: String, with number: String, chinese: String? = nil) -> String? {
        let sc = Array(text.unicodeScalars)
        var i = 0
        while i < sc.count && !Chars.isDigit(sc[i]) && Chars.numeral(sc[i]) == nil { i += 1 }
        guard i < sc.count else { return nil }
        var j = i
        let replacement: String
        if Chars.isDigit(sc[i]) {
            while j < sc.count && (Chars.isDigit(sc[j]) || sc[j] == "." || sc[j] == ",") { j += 1 }
            replacement = number
        } else {
            guard let chinese else { return nil }
            while j < sc.count && Chars.numeral(sc[j]) != nil { j += 1 }
            replacement = chinese
        }
        var out = Array(sc[0..<i])
        out += replacement.unicodeScalars
        out += sc[j...]
        return PolicyScan.string(out)
    }
}

/// Comparisons of a Decimal with a small integer read from Decimal's fields: a Foundation Decimal
/// comparison costs about a thousand instructions, and the checks make one or two per figure.
/// The mantissa is read from the NSDecimal layout (8 UInt16 words after a 4-byte header), checked
/// once against a probe value; if the layout ever differs, every answer comes from Decimal itself.
enum SmallDecimal {
    static let layoutVerified: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let m: UInt64 = 20_015_998_343_868
        let probe = Decimal(sign: .minus, exponent: -3, significand: Decimal(m))
        return length(probe) == 3 && mantissa(probe) == m && probe.exponent == -3 && probe.sign == .minus
            && exponent(probe) == -3 && isNegative(probe) && !isNegative(Decimal(7)) && exponent(Decimal(7)) == 0
            && length(Decimal.nan) == 0 && isNegative(Decimal.nan) && !isNegative(Decimal(0))
            && length(Decimal(0)) == 0 && length(Decimal(7)) == 1 && mantissa(Decimal(7)) == 7
    }()

    /// Number of mantissa words in use (the high nibble of the header's second byte).
    @inline(__always) static func length(_ d: Decimal) -> Int {
        withUnsafeBytes(of: d) { Int($0[1] >> 4) }
    }

    /// The exponent (the header's first byte).
    @inline(__always) static func exponent(_ d: Decimal) -> Int {
        withUnsafeBytes(of: d) { Int(Int8(bitPattern: $0[0])) }
    }

    /// The sign flag (bit 3 of the header's second byte); with a length of 0 it marks NaN.
    @inline(__always) static func isNegative(_ d: Decimal) -> Bool {
        withUnsafeBytes(of: d) { $0[1] & 0x08 != 0 }
    }

    @inline(__always) static func mantissa(_ d: Decimal) -> UInt64 {
        let length = min(4, length(d))
        return withUnsafeBytes(of: d) { raw in
            var m: UInt64 = 0
            var w = length - 1
            while w >= 0 { m = m << 16 | UInt64(raw.load(fromByteOffset: 4 + w * 2, as: UInt16.self)); w -= 1 }
            return m
        }
    }

    /// -1, 0 or 1 as `d` is below, equal to or above `k`; nil when `d` is too long or too far from
    /// the integers to decide cheaply (callers then compare Decimals).
    static func compare(_ d: Decimal, _ k: Int) -> Int? {
        guard layoutVerified, !d.isNaN, length(d) <= 4 else { return nil }
        let m = mantissa(d)
        let negative = d.sign == .minus && m != 0
        let kMag = k.magnitude
        // Magnitude comparison |d| against |k|.
        let magCmp: Int
        let e = d.exponent
        if m == 0 {
            magCmp = kMag == 0 ? 0 : -1
        } else if e >= 0 {
            guard e <= 18 else { return nil }
            var p: UInt64 = 1
            for _ in 0..<e { p *= 10 }
            let (v, overflow) = m.multipliedReportingOverflow(by: p)
            if overflow { magCmp = 1 } else { magCmp = v < UInt64(kMag) ? -1 : (v > UInt64(kMag) ? 1 : 0) }
        } else {
            guard e >= -19 else { return nil }
            var p: UInt64 = 1
            for _ in 0..<(-e) { p *= 10 }
            let q = m / p, r = m % p
            magCmp = q < UInt64(kMag) ? -1 : (q > UInt64(kMag) ? 1 : (r > 0 ? 1 : 0))
        }
        switch (negative, k < 0) {
        case (false, false): return magCmp
        case (true, true): return -magCmp
        case (false, true): return 1
        case (true, false): return -1
        }
    }

    @inline(__always) static func greater(_ d: Decimal, than k: Int) -> Bool {
        if let c = compare(d, k) { return c > 0 }
        return d > Decimal(k)
    }

    @inline(__always) static func less(_ d: Decimal, than k: Int) -> Bool {
        if let c = compare(d, k) { return c < 0 }
        return d < Decimal(k)
    }

    /// The value when it is a whole number that fits an Int comfortably, else nil.
    static func integer(_ d: Decimal) -> Int? {
        guard layoutVerified, !d.isNaN, length(d) <= 3 else { return nil }
        var v = Int(mantissa(d))
        var e = d.exponent
        while e > 0 {
            guard v < 1 << 50 else { return nil }
            v *= 10
            e -= 1
        }
        while e < 0 {
            guard v % 10 == 0 else { return nil }
            v /= 10
            e += 1
        }
        return d.sign == .minus ? -v : v
    }
}
