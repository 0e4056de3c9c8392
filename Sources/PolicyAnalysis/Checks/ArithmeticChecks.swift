import Foundation

/// Sums, ratios, percentage-point differences, growth rates and directions of change.
enum ArithmeticChecks {
    // MARK: sum-mismatch

    /// Words that introduce the breakdown of a total stated just before them.
    /// (分别为 alone pairs values with the list before it; it does not break a total down.)
    static let breakdownTriggers = [w("包括"), w("其中"), w("包含")]
    /// Words that introduce a total of parts stated before them.
    static let totalTriggers = [w("合计"), w("总计"), w("共计"), w("总共"), w("共有"), w("共")]
    private static let sentenceEnd: ScalarClasses.Mask = 1, breakdownFirst: ScalarClasses.Mask = 2,
                       totalFirst: ScalarClasses.Mask = 4
    /// Sentence ends and the first scalars of the triggers: the trigger searches look at nothing else.
    private static let triggerClasses: ScalarClasses = {
        var c = ScalarClasses()
        c.insert("。！？\n!?".unicodeScalars, sentenceEnd)
        c.insert("包其".unicodeScalars, breakdownFirst)
        c.insert("合总共".unicodeScalars, totalFirst)
        return c
    }()
    static let partialMarks = WordSet(["等", "部分", "主要", "但不限于", "不含", "不包括"])

    static func sums(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        // The text and the trigger class table, fetched once for all the trigger searches.
        c.s.withUnsafeBufferPointer { text in
            triggerClasses.withTable { table in
                for ti in c.figs.indices {
                    // The shape first: a placed figure is a large struct, copied only for candidates.
                    guard c.figs[ti].shape == .amount || c.figs[ti].shape == .count else { continue }
                    let t = c.figs[ti]
                    guard t.shape == .amount || t.shape == .count, t.isPlain, isPositive(t) else { continue }
                    // One finding per total: the breakdown after it wins over parts before it.
                    if let f = totalFirst(c, ti, text, table) ?? totalAfter(c, ti, text, table) { out.append(f) }
                }
            }
        }
        return out
    }

    static func isPositive(_ f: PlacedFigure) -> Bool {
        if let v = f.exactValue { return v.m > 0 }
        return SmallDecimal.greater(f.value, than: 0)
    }

    /// 45个集群，包括A 13个、B 13个…: the total comes first, its parts follow a trigger in the same sentence.
    /// `p`: the text; `table`: `triggerClasses`' table.
    static func totalFirst(_ c: CheckContext, _ ti: Int, _ p: UnsafeBufferPointer<Unicode.Scalar>,
                           _ table: UnsafePointer<ScalarClasses.Mask>) -> Finding? {
        let t = c.figs[ti]
        // The first trigger within 40 scalars, before the sentence ends (the class table skips the rest).
        var trig: (Int, Int)?
        let limit = min(p.count, t.hi + 40)
        let window = UnsafeBufferPointer(rebasing: p[..<max(limit, 0)])
        var i = t.hi
        search: while true {
            i = ScalarClasses.firstMember(in: window, from: i, table, sentenceEnd | breakdownFirst)
            guard i < limit, table[Int(p[i].value)] & sentenceEnd == 0 else { break }
            for tw in breakdownTriggers where c.has(tw, at: i) { trig = (i, i + tw.count); break search }
            i += 1
        }
        guard let (tp, tEnd) = trig else { return nil }
        let end = c.sentenceEnd(from: tEnd)
        // The total is the nearest figure of its unit before the trigger.
        var k = ti + 1
        while k < c.figs.count && c.figs[k].lo < tp {
            if c.figs[k].sameUnit(t) { return nil }
            k += 1
        }
        var parts: [PlacedFigure] = []
        for pi in c.figures(in: span(tEnd, end)) where c.figs[pi].sameUnit(t) {
            let p = c.figs[pi]
            guard p.isPlain else { return nil }
            parts.append(p)
        }
        guard parts.count >= 2, let last = parts.last else { return nil }
        // 其中 often lists only some parts (其中工业投资400亿元、基础设施投资300亿元); it commits to a full
        // breakdown only when the parts are named as a list and paired with 分别 (其中A、B、C分别…).
        if c.s[tp] == "其" {
            guard let fb = c.find(Words.fenbie, in: span(tEnd, parts[0].lo)),
                  c.containsScalar(in: span(tEnd, fb), { $0 == "、" || $0 == "和" || $0 == "及" || $0 == "与" })
            else { return nil }
        }
        // A list ending in 等 (or described as 部分/主要) is partial.
        if c.containsAny(partialMarks, in: span(tEnd, min(end, last.hi + 3))) { return nil }
        return compare(c, total: t, parts: parts, allowPrefix: true)
    }

    /// 两项合计核销3.76亿元: the total follows 合计/共…, its parts come before.
    /// `p`: the text; `table`: `triggerClasses`' table.
    static func totalAfter(_ c: CheckContext, _ ti: Int, _ p: UnsafeBufferPointer<Unicode.Scalar>,
                           _ table: UnsafePointer<ScalarClasses.Mask>) -> Finding? {
        let t = c.figs[ti]
        // Last trigger in the 42 scalars before the figure, within its sentence.
        var trig: (Int, Int)?
        let floor = max(0, t.lo - 42)
        var end = min(t.lo, p.count)   // candidates lie before end
        while true {
            // A scalar lastEnd stops after lies in the BMP: its class is read from the table directly.
            let k = ScalarClasses.lastEnd(in: p, before: end, downTo: floor, table, sentenceEnd | totalFirst)
            guard k > floor, table[Int(p[k - 1].value)] & sentenceEnd == 0 else { break }
            let i = k - 1
            if let tw = totalTriggers.first(where: { c.has($0, at: i) && i + $0.count <= t.lo }) {
                trig = (i, i + tw.count)
                break
            }
            end = i
        }
        guard let (q, qEnd) = trig, t.lo - qEnd <= 40 else { return nil }
        if c.s[q] == "共" && qEnd == q + 1 {
            // 共 alone only right before the number (共8个, 共有): not 共建, 共享, 共同.
            guard t.lo - qEnd <= 1 else { return nil }
        }
        // The figure belongs to the trigger: right after it, or in a following short clause.
        let labelStart = max(qEnd, c.clauseStart(before: t.lo))
        guard t.lo - labelStart <= 8 else { return nil }
        // No other figure of this unit between trigger and total (that one would be the total).
        for k in c.figures(in: qEnd..<t.lo) where c.figs[k].sameUnit(t) { return nil }
        let label = labelStart..<t.lo
        let hasLabel = (labelStart..<t.lo).contains { !Chars.isSpace(c.s[$0]) }
        let count = statedCount(c, before: q)
        var candidates: [PlacedFigure] = []
        let partsFloor = count != nil ? paragraphStart(c, before: q, limit: 800) : c.sentenceStart(before: q)
        for pi in c.figures(in: partsFloor..<q) {
            let p = c.figs[pi]
            guard p.sameUnit(t) else { continue }
            if hasLabel && !labelEnds(c, partLabelRange(c, pi), with: label) { continue }
            candidates.append(p)
        }
        var parts: [PlacedFigure]
        if let n = count {
            guard candidates.count >= n, n >= 2 else { return nil }
            parts = Array(candidates.suffix(n))
        } else {
            guard candidates.count >= 2 else { return nil }
            parts = candidates
            if c.containsAny(partialMarks, in: partsFloor..<q) { return nil }
        }
        guard parts.allSatisfy(\.isPlain) else { return nil }
        return compare(c, total: t, parts: parts, allowPrefix: false)
    }

    /// Whether the parts add up to the total (or, with `allowPrefix`, some leading parts do), decided
    /// exactly; nil when the figures do not fit `Exact`.
    static func partsAgree(total t: PlacedFigure, parts: [PlacedFigure], allowPrefix: Bool) -> Bool? {
        let total = t.exactValue
        var sum: Exact? = Exact.zero
        var tol = t.exactTolerance
        var prefixOK = false
        for (i, p) in parts.enumerated() {
            sum = Exact.sum(sum, p.exactValue)
            tol = Exact.sum(tol, p.exactTolerance)
            if allowPrefix && i >= 1 && i < parts.count - 1 {
                guard let c = Exact.compare(Exact.magnitude(Exact.difference(sum, total)), tol) else { return nil }
                if c <= 0 { prefixOK = true }
            }
        }
        guard let c = Exact.compare(Exact.magnitude(Exact.difference(sum, total)), tol) else { return nil }
        return c <= 0 || prefixOK
    }

    static func compare(_ c: CheckContext, total t: PlacedFigure, parts: [PlacedFigure], allowPrefix: Bool) -> Finding? {
        let agreement = partsAgree(total: t, parts: parts, allowPrefix: allowPrefix)
        if agreement == true { return nil }
        let sum: Decimal, off: Decimal  // off: |total − sum|
        if agreement == false, let exactSum = parts.reduce(Exact.zero as Exact?, { Exact.sum($0, $1.exactValue) }),
           let exactOff = Exact.magnitude(Exact.difference(t.exactValue, exactSum)) {
            // Decided exactly: the texts need the values as Decimals, not Decimal arithmetic.
            sum = exactSum.decimal
            off = exactOff.decimal
        } else {
            var total: Decimal = 0
            var tol = t.tolerance
            var prefixOK = false
            for (i, p) in parts.enumerated() {
                total += p.value
                tol += p.tolerance
                if allowPrefix && i >= 1 && i < parts.count - 1 && Num.abs(total - t.value) <= tol { prefixOK = true }
            }
            guard Num.abs(total - t.value) > tol, !prefixOK else { return nil }
            sum = total
            off = Num.abs(t.value - total)
        }
        let scale = t.scale == 0 ? 1 : t.scale
        let written = Num.divided(sum, byScale: scale)
        var places = Num.places(parts + [t])
        while places < 4 && Num.round(written, places) != written { places += 1 }
        let sumText = Num.format(written, places: places)
        let corrected = Num.replacingNumber(in: t.text, with: sumText)
        let shown = corrected ?? sumText
        let partsText = parts.map { Num.trimmed($0.text) }.joined(separator: " + ")
        let diff = Num.format(Num.divided(off, byScale: scale), places: places)
        let unitWord = Num.replacingNumber(in: t.text, with: "").map(Num.trimmed) ?? ""
        return Finding(
            code: "sum-mismatch", severity: .warning, range: t.range,
            message: "分项之和 \(partsText) = \(shown)，与总数\(t.text)不符（相差\(diff)\(unitWord)）",
            messageEnglish: "The parts add up to \(partsText) = \(shown), not the stated total \(t.text) (off by \(diff)\(unitWord))",
            related: parts.enumerated().map { c.related($1, "分项 \($0 + 1) / part \($0 + 1)") },
            suggestedReplacement: corrected)
    }

    /// 两项 / 二者 / 三类 right before a trigger.
    static func statedCount(_ c: CheckContext, before q: Int) -> Int? {
        var k = q - 1
        while k >= 0 && Chars.isSpace(c.s[k]) { k -= 1 }
        guard k >= 1 else { return nil }
        switch c.s[k] {
        case "项", "者", "类", "种", "个": break
        default: return nil
        }
        if let n = Chars.numeral(c.s[k - 1]) { return n }
        if Chars.isDigit(c.s[k - 1]), let n = Int(String(c.s[k - 1])) { return n }
        return nil
    }

    /// The words just before a part: from the clause start or the previous figure (、 list) to the part.
    static func partLabelRange(_ c: CheckContext, _ pi: Int) -> Range<Int> {
        let p = c.figs[pi]
        var start = c.clauseStart(before: p.lo, limit: 30)
        if pi > 0 && c.figs[pi - 1].hi > start && c.figs[pi - 1].hi <= p.lo { start = c.figs[pi - 1].hi }
        var k = p.lo - 1
        while k >= start {
            if c.s[k] == "、" { start = k + 1; break }
            k -= 1
        }
        return start..<p.lo
    }

    /// Whether the label in `r` ends with the one in `suffix` (`normalizedLabel(r).hasSuffix(…)`),
    /// compared scalar by scalar when every scalar is a character of its own that equals no other
    /// (what labels are made of); by Strings otherwise.
    static func labelEnds(_ c: CheckContext, _ r: Range<Int>, with suffix: Range<Int>) -> Bool {
        let lo = max(0, r.lowerBound), hi = min(r.upperBound, c.s.count)
        let slo = max(0, suffix.lowerBound), shi = min(suffix.upperBound, c.s.count)
        func plain(_ a: Int, _ b: Int) -> Bool {
            a >= b || (a..<b).allSatisfy { isPlainLabelScalar(c.s[$0]) }
        }
        guard plain(lo, hi), plain(slo, shi) else {
            return normalizedLabel(c, r).hasSuffix(normalizedLabel(c, suffix))
        }
        var i = hi - 1, j = shi - 1
        while true {
            while i >= lo && Chars.isSpace(c.s[i]) { i -= 1 }
            while j >= slo && Chars.isSpace(c.s[j]) { j -= 1 }
            if j < slo { return true }
            if i < lo || c.s[i] != c.s[j] { return false }
            i -= 1
            j -= 1
        }
    }

    /// Spaces, printable ASCII, CJK ideographs and CJK or full-width punctuation: none combines with
    /// a neighbour into one character or is canonically equivalent to another.
    static func isPlainLabelScalar(_ ch: Unicode.Scalar) -> Bool {
        let v = ch.value
        return (v >= 0x21 && v <= 0x7E) || (v >= 0x4E00 && v <= 0x9FFF) || Chars.isSpace(ch)
            || (v >= 0x3001 && v <= 0x3011) || (v >= 0xFF01 && v <= 0xFF5E) || (v >= 0x2010 && v <= 0x2027)
    }

    static func normalizedLabel(_ c: CheckContext, _ r: Range<Int>) -> String {
        var v = String.UnicodeScalarView()
        let lo = max(0, r.lowerBound), hi = min(r.upperBound, c.s.count)
        if lo < hi { for i in lo..<hi where !Chars.isSpace(c.s[i]) { v.append(c.s[i]) } }
        return String(v)
    }

    static func paragraphStart(_ c: CheckContext, before i: Int, limit: Int) -> Int {
        var k = min(i, c.s.count) - 1
        let floor = max(0, i - limit)
        while k >= floor {
            if c.s[k] == "\n" { return k + 1 }
            k -= 1
        }
        return floor
    }

    // MARK: ratio-mismatch

    static let rateWords = WordSet(["面", "率", "占比", "比例", "比重"])

    /// 40个行业中有31个增长，增长面达80.5%.
    static func ratios(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        for pi in c.figs.indices where pi >= 2 && c.figs[pi].shape == .percentage {
            let p = c.figs[pi]
            guard p.shape == .percentage, p.isPlain else { continue }
            let b = c.figs[pi - 1], a = c.figs[pi - 2]
            guard b.shape == .count || b.shape == .amount, b.isPlain, a.isPlain, p.lo - b.hi <= 30, b.lo - a.hi <= 16
            else { continue }
            let cs = c.clauseStart(before: p.lo, limit: 12)
            guard c.containsAny(rateWords, in: cs..<p.lo) else { continue }
            guard a.sameUnit(b), SmallDecimal.greater(a.value, than: 0), b.value <= a.value,
                  !c.containsScalar(in: a.hi..<p.lo, { Chars.isSentenceEnd($0) || $0 == "；" }),
                  c.contains(Words.zhong, in: a.hi..<b.lo) else { continue }
            if let agrees = ratioAgrees(part: b, whole: a, rate: p), agrees { continue }
            let hundred = Decimal(100)
            let lowA = a.value + a.tolerance, highA = a.value - a.tolerance
            guard highA > 0 else { continue }
            // (b − tol) / lowA × 100 ≤ p + tol and p − tol ≤ (b + tol) / highA × 100, multiplied out:
            // a Decimal division costs some 60,000 instructions, a product a few thousand.
            let bTol = b.tolerance, pTol = p.tolerance
            if (p.value + pTol) * lowA >= (b.value - bTol) * hundred
                && (p.value - pTol) * highA <= (b.value + bTol) * hundred { continue }
            let expected = b.value / a.value * hundred
            let places = max(1, p.statedDecimals)
            let e = Num.format(expected, places: places)
            let bw = Num.format(b.writtenValue, places: b.statedDecimals)
            let aw = Num.format(a.writtenValue, places: a.statedDecimals)
            out.append(Finding(
                code: "ratio-mismatch", severity: .warning, range: p.range,
                message: "\(bw)/\(aw) = \(e)%，与所述\(p.text)不符",
                messageEnglish: "\(bw)/\(aw) = \(e)%, not the stated \(p.text)",
                related: [c.related(b, "部分 / part"), c.related(a, "总数 / whole")],
                suggestedReplacement: Num.replacingNumber(in: p.text,
                                                          with: Num.format(expected, places: p.statedDecimals))))
        }
        return out
    }

    /// The ratio check decided exactly: true when it stays silent (also when the whole's lower bound is
    /// not positive); nil when the figures do not fit `Exact`.
    static func ratioAgrees(part b: PlacedFigure, whole a: PlacedFigure, rate p: PlacedFigure) -> Bool? {
        let av = a.exactValue, at = a.exactTolerance, bv = b.exactValue, bt = b.exactTolerance
        let pv = p.exactValue, pt = p.exactTolerance
        let lowA = Exact.sum(av, at), highA = Exact.difference(av, at)
        guard let positive = Exact.compare(highA, Exact.zero) else { return nil }
        if positive <= 0 { return true }
        guard let above = Exact.compare(Exact.product(Exact.sum(pv, pt), lowA), Exact.product(Exact.difference(bv, bt), Exact.hundred)),
              let below = Exact.compare(Exact.product(Exact.difference(pv, pt), highA), Exact.product(Exact.sum(bv, bt), Exact.hundred))
        else { return nil }
        return above >= 0 && below <= 0
    }

    // MARK: difference-mismatch

    static let higherWords = WordSet(["高于", "快于", "高出", "超过", "超出"])
    static let lowerWords = WordSet(["低于", "慢于"])
    static let upWords = WordSet(["加快", "提高", "提升", "上升", "增加", "高", "快", "多"])
    static let downWords = WordSet(["回落", "下降", "降低", "放缓", "减少", "收窄", "低", "慢", "少"])

    /// 16.2%，高于…5.6%…12.6个百分点; 比…5.6%加快…; 从31.5%提升至34.1%，提高2.6个百分点.
    static func differences(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        for di in c.figs.indices where di >= 2 && c.figs[di].shape == .percentagePoints {
            let d = c.figs[di], p2 = c.figs[di - 1], p1 = c.figs[di - 2]
            guard d.shape == .percentagePoints, d.isPlain,
                  p1.shape == .percentage, p2.shape == .percentage, p1.isPlain, p2.isPlain,
                  d.lo - p2.hi <= 10, p2.lo - p1.hi <= 40,
                  !c.containsScalar(in: p1.hi..<d.lo, { Chars.isSentenceEnd($0) || $0 == "；" || $0 == "、" })
            else { continue }
            let between = p1.hi..<p2.lo
            let after = p2.hi..<d.lo
            var first = p1, second = p2
            var relation: String
            if c.containsAny(higherWords, in: between) {
                relation = "高于 / above"
            } else if c.containsAny(lowerWords, in: between) {
                first = p2; second = p1; relation = "低于 / below"
            } else if c.contains(Words.bi, in: between) {
                if c.containsAny(downWords, in: after) { first = p2; second = p1; relation = "比…低 / below" }
                else if c.containsAny(upWords, in: after) { relation = "比…高 / above" }
                else { continue }
            } else if c.containsAny(Words.from, in: max(0, p1.lo - 8)..<p1.lo),
                      c.containsAny(Words.to, in: between) {
                // A change from p1 to p2; its direction is the direction check's business.
                if p2.value >= p1.value { first = p2; second = p1 }
                relation = "从…到 / from…to"
            } else { continue }
            let exactTol = Exact.sum(Exact.sum(p1.exactTolerance, p2.exactTolerance), d.exactTolerance)
            let exactOff = Exact.magnitude(Exact.difference(Exact.difference(first.exactValue, second.exactValue), d.exactValue))
            if let c = Exact.compare(exactOff, exactTol), c <= 0 { continue }
            let expected = first.value - second.value
            let tol = p1.tolerance + p2.tolerance + d.tolerance
            guard Num.abs(expected - d.value) > tol else { continue }
            let places = max(d.statedDecimals, p1.statedDecimals, p2.statedDecimals)
            let e = Num.format(expected, places: places)
            out.append(Finding(
                code: "difference-mismatch", severity: .warning, range: d.range,
                message: "\(first.text) − \(second.text) = \(e)个百分点，与所述\(d.text)不符",
                messageEnglish: "\(first.text) − \(second.text) = \(e) percentage points, not the stated \(d.text) (\(relation))",
                related: [c.related(p1, "比较的一方 / first rate"), c.related(p2, "比较的另一方 / second rate")],
                suggestedReplacement: expected > 0 ? Num.replacingNumber(in: d.text, with: e) : nil))
        }
        return out
    }

    // MARK: growth-mismatch, direction-mismatch

    static let increaseVerbs = WordSet(["增长", "增加", "提升", "提高", "上升", "扩大", "跃升", "攀升", "增", "升"])
    static let decreaseVerbs = WordSet(["下降", "降低", "减少", "回落", "缩小", "缩减", "下滑", "降", "减"])
    static let growthWords = WordSet(["增长", "增幅", "增加", "提高", "提升", "上升", "下降", "减少", "降低", "降幅"])
    /// 比上年增加30亿元, 多, 少: the figure after 比 is an increment.
    static let incrementWords = WordSet(increaseVerbs.words + decreaseVerbs.words + [w("多"), w("少")])
    static let averageWords = WordSet(["年均", "平均", "倍"])
    static let averageOrFromWords = WordSet(averageWords.words + Words.from.words)

    /// B，比上年的A增长X%: X must be (B−A)/A.
    static func comparedGrowth(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        for gi in c.figs.indices where gi >= 2 && c.figs[gi].shape == .percentage {
            let g = c.figs[gi], a = c.figs[gi - 1], b = c.figs[gi - 2]
            // The tests on fields first: comparing units and values reads the model's figures.
            guard g.shape == .percentage, g.isPlain, a.isPlain, b.isPlain, g.lo - a.hi <= 4,
                  a.shape == .amount || a.shape == .count, a.sameUnit(b), SmallDecimal.greater(a.value, than: 0),
                  c.containsAny(growthWords, in: a.hi..<g.lo),
                  let bi = c.findLast(Words.bi, in: max(b.hi, a.lo - 8)..<a.lo),
                  bi - b.hi <= 20,
                  // 比上年增加30亿元: A is the increment, not the base.
                  !c.containsAny(incrementWords, in: bi..<a.lo),
                  !c.containsScalar(in: b.hi..<g.lo, { Chars.isSentenceEnd($0) || $0 == "；" || $0 == "、" }),
                  !c.containsAny(averageOrFromWords, in: b.hi..<g.hi)
            else { continue }
            let down = c.containsAny(decreaseVerbs, in: a.hi..<g.lo)
            if let f = growthFinding(c, from: a, to: b, rate: g, statedDown: down) { out.append(f) }
        }
        return out
    }

    static func growthFinding(_ c: CheckContext, from a: PlacedFigure, to b: PlacedFigure, rate g: PlacedFigure,
                              statedDown: Bool) -> Finding? {
        let hundred = Decimal(100)
        let change = (b.value - a.value) / a.value * hundred
        let stated = statedDown ? -g.value : g.value
        let aHigh = a.value + a.tolerance, aLow = a.value - a.tolerance
        guard aLow > 0 else { return nil }
        let lo = (b.value - b.tolerance - aHigh) / aHigh * hundred
        let hi = (b.value + b.tolerance - aLow) / aLow * hundred
        if stated + g.tolerance >= min(lo, hi) && stated - g.tolerance <= max(lo, hi) { return nil }
        let places = max(1, g.statedDecimals)
        let e = Num.format(Num.abs(change), places: places)
        let bw = Num.trimmed(b.text)
        let aw = Num.trimmed(a.text)
        return Finding(
            code: "growth-mismatch", severity: .warning, range: g.range,
            message: "(\(bw) − \(aw)) / \(aw) = \(change < 0 ? "−" : "")\(e)%，与所述\(g.text)不符",
            messageEnglish: "(\(bw) − \(aw)) / \(aw) = \(change < 0 ? "−" : "")\(e)%, not the stated \(g.text)",
            related: [c.related(a, "起始值 / starting value"), c.related(b, "结束值 / final value")],
            suggestedReplacement: (change < 0) == (stated < 0)
                ? Num.replacingNumber(in: g.text, with: Num.format(Num.abs(change), places: g.statedDecimals))
                : nil)
    }

    /// 从A增加到B: B must be larger; with 增长X% after it, X must be (B−A)/A.
    static func growthAndDirection(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = comparedGrowth(c)
        for bi in c.figs.indices where bi >= 1 {
            // 至/到 right before B, a verb right before that.
            var k = c.figs[bi].lo - 1
            while k >= 0 && Chars.isSpace(c.s[k]) { k -= 1 }
            guard k >= 1, c.s[k] == "至" || c.s[k] == "到" else { continue }
            let b = c.figs[bi]
            guard b.isPlain else { continue }
            var up: Bool?
            for v in increaseVerbs.words where c.has(v, at: k - v.count) { up = true; break }
            if up == nil { for v in decreaseVerbs.words where c.has(v, at: k - v.count) { up = false; break } }
            guard let isUp = up else { continue }
            let a = c.figs[bi - 1]
            guard a.isPlain, a.sameUnit(b), b.lo - a.hi <= 10,
                  !c.containsScalar(in: a.hi..<b.lo, { Chars.isClauseEnd($0) }) else { continue }
            let fromWindow = max(0, a.lo - 12)..<a.lo
            guard c.containsAny(Words.from, in: fromWindow),
                  !c.containsScalar(in: fromWindow, { Chars.isSentenceEnd($0) }) else { continue }
            let exactTol = Exact.sum(a.exactTolerance, b.exactTolerance)
            let contradicts: Bool
            if isUp, let below = Exact.compare(b.exactValue, Exact.difference(a.exactValue, exactTol)) {
                contradicts = below < 0
            } else if !isUp, let above = Exact.compare(b.exactValue, Exact.sum(a.exactValue, exactTol)) {
                contradicts = above > 0
            } else {
                let tol = a.tolerance + b.tolerance
                contradicts = isUp && b.value < a.value - tol || !isUp && b.value > a.value + tol
            }
            if contradicts {
                let verb = c.string(max(0, k - 2)..<(k + 1))
                out.append(Finding(
                    code: "direction-mismatch", severity: .warning, range: b.range,
                    message: "“\(verb)”与数值矛盾：从\(a.text)到\(b.text)是\(isUp ? "减少" : "增加")",
                    messageEnglish: "“\(verb)” contradicts the values: from \(a.text) to \(b.text) is \(isUp ? "a decrease" : "an increase")",
                    related: [c.related(a, "起始值 / starting value")]))
                continue
            }
            // Growth rate stated right after.
            guard bi + 1 < c.figs.count, !a.isPercentLike, SmallDecimal.greater(a.value, than: 0) else { continue }
            let g = c.figs[bi + 1]
            guard g.shape == .percentage, g.isPlain, g.lo - b.hi <= 15,
                  !c.containsScalar(in: b.hi..<g.lo, { Chars.isSentenceEnd($0) || $0 == "；" }),
                  c.containsAny(growthWords, in: max(b.hi, g.lo - 4)..<g.lo),
                  !c.containsAny(averageWords, in: b.hi..<g.hi) else { continue }
            let down = c.containsAny(decreaseVerbs, in: max(b.hi, g.lo - 4)..<g.lo)
            if let f = growthFinding(c, from: a, to: b, rate: g, statedDown: down) { out.append(f) }
        }
        return out
    }
}
