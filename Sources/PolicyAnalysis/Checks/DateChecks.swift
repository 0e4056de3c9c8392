import Foundation

/// Dates that cannot be (32023年, 2月30日, 13月) and periods that run backwards (2025—2022年).
enum DateChecks {
    struct DigitRun { var lo: Int; var hi: Int; var value: Int? }

    /// ASCII digit run starting at `i` (value nil above 9 digits: no date has that many).
    static func digits(_ c: CheckContext, at i: Int) -> DigitRun? {
        guard i < c.s.count, Chars.isDigit(c.s[i]), i == 0 || !Chars.isDigit(c.s[i - 1]) else { return nil }
        var j = i, v = 0
        while j < c.s.count && Chars.isDigit(c.s[j]) {
            if j - i < 9 { v = v * 10 + Int(c.s[j].value - 0x30) }
            j += 1
        }
        // 1.5年 is a duration, not a date.
        if j < c.s.count && c.s[j] == "." { return nil }
        if i > 0 && c.s[i - 1] == "." { return nil }
        return DigitRun(lo: i, hi: j, value: j - i <= 9 ? v : nil)
    }

    /// `digits(c, at: lo)` for a run the landmarks found (a whole run: `lo` starts it, `hi` ends it),
    /// without reading it again to find its end.
    static func digits(_ c: CheckContext, run lo: Int, end hi: Int) -> DigitRun? {
        if hi < c.s.count && c.s[hi] == "." { return nil }
        if lo > 0 && c.s[lo - 1] == "." { return nil }
        var v = 0
        for j in lo..<min(hi, lo + 9) { v = v * 10 + Int(c.s[j].value - 0x30) }
        return DigitRun(lo: lo, hi: hi, value: hi - lo <= 9 ? v : nil)
    }

    /// The digits stand together in the source too (not joined by the reading view across a break).
    static func contiguousInSource(_ c: CheckContext, _ r: DigitRun) -> Bool {
        c.view.sourceRange(forReading: r.lo..<r.hi).count == r.hi - r.lo
    }

    static func skipSpaces(_ c: CheckContext, _ i: Int) -> Int {
        var k = i
        while k < c.s.count && Chars.isSpace(c.s[k]) && k < i + 2 { k += 1 }
        return k
    }

    static func daysIn(month: Int, year: Int?) -> Int {
        switch month {
        case 2:
            guard let y = year else { return 29 }
            return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func impossibleDates(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        var i = 0
        let starts = c.marks.digitRunStarts, ends = c.marks.digitRunEnds
        for r in starts.indices where starts[r] >= i {
            // Only runs followed by 年 or 月 can be dates: the rest are passed over before reading them.
            let next = skipSpaces(c, ends[r])
            guard next < c.s.count, c.s[next] == "年" || c.s[next] == "月", let run = digits(c, run: starts[r], end: ends[r]) else { continue }
            i = run.hi
            var year: Int?
            var yearRun: DigitRun?
            var k = skipSpaces(c, run.hi)
            var monthRun: DigitRun?
            if k < c.s.count && c.s[k] == "年" {
                yearRun = run
                year = run.value
                let m0 = skipSpaces(c, k + 1)
                if let m = digits(c, at: m0), skipSpaces(c, m.hi) < c.s.count, c.s[skipSpaces(c, m.hi)] == "月" {
                    monthRun = m
                }
            } else if k < c.s.count && c.s[k] == "月" {
                // A month without a year: only when the text commits to a calendar month.
                let before = run.lo > 0 ? c.s[run.lo - 1] : "\n"
                if before == "个" || before == "第" || before == "近" || before == "—" || before == "-" || before == "～"
                    || before == "~" || before == "至" || before == "到" { continue }
                let after = skipSpaces(c, k + 1)
                let next = c.at(after)
                if let nx = next, Chars.isDigit(nx) || nx == "份" || nx == "底" || nx == "初" || nx == "末"
                    || nx == "中" || nx == "上" || nx == "下" {
                    monthRun = run
                } else { continue }
            } else { continue }
            if let yr = yearRun, yr.hi - yr.lo >= 5, monthRun != nil || plausibleTail(c, yr), contiguousInSource(c, yr) {
                let end = min(c.s.count, yr.hi + 1)
                let digitsText = c.string(yr.lo..<yr.hi)
                let tail = String(digitsText.suffix(4))
                out.append(Finding(
                    code: "impossible-date", severity: .error, range: c.source(yr.lo..<end),
                    message: "不可能的年份“\(digitsText)年”（可能是页码等数字与年份\(tail)年连在了一起）",
                    messageEnglish: "Impossible year “\(digitsText)年” (possibly another number glued to the year \(tail))"))
                continue
            }
            // A month has one or two digits; longer runs (21:3510月) are numbers glued together.
            guard let m = monthRun, let month = m.value, m.hi - m.lo <= 2, contiguousInSource(c, m),
                  m.lo == 0 || c.s[m.lo - 1] != ":" else { continue }
            k = skipSpaces(c, m.hi)  // at 月
            let dStart = skipSpaces(c, k + 1)
            var dayRun: DigitRun?
            if let d = digits(c, at: dStart), d.hi - d.lo <= 2, contiguousInSource(c, d),
               let e = c.at(skipSpaces(c, d.hi)), e == "日" || e == "号" { dayRun = d }
            let dateStart = yearRun?.lo ?? m.lo
            let dateEnd = dayRun.map { skipSpaces(c, $0.hi) + 1 } ?? (k + 1)
            // The date's text only for a finding: most dates are possible.
            var text: String { c.string(dateStart..<dateEnd) }
            if month < 1 || month > 12 {
                out.append(Finding(
                    code: "impossible-date", severity: .error, range: c.source(m.lo..<(k + 1)),
                    message: "不可能的日期“\(text)”：没有\(month)月",
                    messageEnglish: "Impossible date “\(text)”: there is no month \(month)"))
            } else if let d = dayRun, let day = d.value, day < 1 || day > daysIn(month: month, year: year) {
                let limit = daysIn(month: month, year: year)
                out.append(Finding(
                    code: "impossible-date", severity: .error, range: c.source(dateStart..<dateEnd),
                    message: "不可能的日期“\(text)”：\(month)月只有\(limit)天",
                    messageEnglish: "Impossible date “\(text)”: month \(month) has only \(limit) days"))
            }
            if let d = dayRun { i = max(i, d.hi) }
        }
        return out
    }

    /// 32023 whose last four digits read as a year (a page number glued to the date).
    static func plausibleTail(_ c: CheckContext, _ r: DigitRun) -> Bool {
        guard r.hi - r.lo >= 5 else { return false }
        var v = 0
        for i in (r.hi - 4)..<r.hi { v = v * 10 + Int(c.s[i].value - 0x30) }
        return v >= 1900 && v <= 2100
    }

    static func isRangeDash(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "—", "–", "-", "－", "~", "～", "至", "到", "―", "─": return true
        default: return false
        }
    }

    /// （2025—2022年）: a period whose end comes before its start; also 5~3个.
    static func rangeOrder(_ c: CheckContext) -> [Finding] {
        var out: [Finding] = []
        var i = 0
        let starts = c.marks.digitRunStarts, ends = c.marks.digitRunEnds
        for r in starts.indices where starts[r] >= i {
            // A year has four digits, and a period has a dash after it (and its 年): other runs are
            // passed over before reading them.
            guard ends[r] - starts[r] == 4 else { continue }
            var k = skipSpaces(c, ends[r])
            if k < c.s.count && c.s[k] == "年" { k = skipSpaces(c, k + 1) }
            guard k < c.s.count, isRangeDash(c.s[k]), let a = digits(c, run: starts[r], end: ends[r]) else { continue }
            i = a.hi
            guard a.hi - a.lo == 4, let y1 = a.value, y1 >= 1900, y1 <= 2100 else { continue }
            var dashes = 0
            while k < c.s.count && isRangeDash(c.s[k]) && dashes < 2 { k += 1; dashes += 1 }
            guard dashes > 0 else { continue }
            k = skipSpaces(c, k)
            guard let b = digits(c, at: k), b.hi - b.lo == 4, let y2 = b.value, y2 >= 1900, y2 <= 2100,
                  let e = c.at(skipSpaces(c, b.hi)), e == "年" else { continue }
            guard y2 < y1 else { continue }
            let end = skipSpaces(c, b.hi) + 1
            let text = c.string(a.lo..<end)
            out.append(Finding(
                code: "range-order", severity: .warning, range: c.source(a.lo..<end),
                message: "时间段“\(text)”起止颠倒：\(y1)年晚于\(y2)年",
                messageEnglish: "The period “\(text)” runs backwards: \(y1) comes after \(y2)"))
            i = b.hi
        }
        for fi in c.figs.indices where c.figs[fi].hasUpperValue {
            let f = c.figs[fi]
            guard let up = f.upperValue else { continue }
            if let below = Exact.compare(Exact(up), f.exactValue) {
                guard below < 0 else { continue }
            } else {
                guard up < f.value else { continue }
            }
            out.append(Finding(
                code: "range-order", severity: .warning, range: f.range,
                message: "范围“\(f.text)”上下限颠倒",
                messageEnglish: "The range “\(f.text)” runs backwards: its upper bound is below its lower bound"))
        }
        return out
    }
}
