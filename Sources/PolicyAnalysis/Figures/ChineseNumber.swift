import Foundation

/// Stand-alone numeral parser: Arabic (1,225 / 1697.2), Chinese (一百九十万零三千九百七十一, 两千六, 廿二,
/// 〇 / 零), 大写 (壹佰捌拾壹圆柒角), mixtures (5.34万亿, 100万三千, 1百01), fractions (1/3, 三分之一,
/// 4分之3), percentages (16.6%, 百分之六点五) and per-mille (千分之五).
///
/// Conventions shared with the figure reader: percentages and per-mille keep the number as written
/// (百分之六点五 → 6.5, unit "%"); fractions are the quotient rounded to 12 decimal places; values are
/// exact `Decimal`s, never Double. Numerals with more than 38 significant digits return nil.
public enum ChineseNumber {
    public struct Reading: Sendable, Equatable {
        public var value: Decimal
        /// "%", "‰", "‱" or nil.
        public var unit: String?
        public var isFraction: Bool
        /// Digits after the decimal point as written.
        public var statedDecimals: Int
        /// Multiplier of the 万/亿 words that end the numeral (16.4亿 → 1e8), else 1.
        public var scale: Decimal
    }

    /// The value of `s` when the whole of it (surrounding spaces aside) is one numeral, else nil.
    public static func parse(_ s: some Collection<Unicode.Scalar>) -> Decimal? {
        read(s)?.value
    }

    public static func parse(_ s: String) -> Decimal? { parse(s.unicodeScalars) }

    /// Like `parse` with what kind of number it was.
    public static func read(_ s: some Collection<Unicode.Scalar>) -> Reading? {
        var a = Array(s)
        while let f = a.first, f == " " || f == "\u{3000}" { a.removeFirst() }
        while let l = a.last, l == " " || l == "\u{3000}" { a.removeLast() }
        guard !a.isEmpty else { return nil }
        return read(a, 0, a.count)
    }

    public static func read(_ s: String) -> Reading? { read(s.unicodeScalars) }

    // MARK: internals

    /// Reads a[start..<end] completely or returns nil.
    static func read(_ a: [Unicode.Scalar], _ start: Int, _ end: Int) -> Reading? {
        var i = start
        var negative = false
        if i < end, a[i] == "负" || a[i] == "-" || a[i] == "−" {
            negative = true
            i += 1
        }
        // 百分之 / 千分之 / 万分之 X
        if i + 2 < end, a[i + 1] == "分", a[i + 2] == "之", let unit = perUnit(a[i]) {
            guard var inner = read(a, i + 3, end), inner.unit == nil, !inner.isFraction else { return nil }
            inner.unit = unit
            if negative { inner.value = -inner.value }
            return inner
        }
        guard let x = NumeralScanner.scan(a, from: i, limit: end, allowFullWidthComma: true, allowLeadingPoint: true)
        else { return nil }
        i = x.end
        var reading = Reading(value: x.value, unit: nil, isFraction: false,
                              statedDecimals: x.statedDecimals, scale: x.scale)
        if i == end {
            if negative { reading.value = -reading.value }
            return reading
        }
        // X分之Y → Y / X
        if i + 1 < end, a[i] == "分", a[i + 1] == "之" {
            guard let y = read(a, i + 2, end), y.unit == nil, !y.isFraction,
                  let q = divide(y.value, x.value) else { return nil }
            reading = Reading(value: negative ? -q : q, unit: nil, isFraction: true, statedDecimals: 0, scale: 1)
            return reading
        }
        // X/Y
        if a[i] == "/" {
            guard let y = NumeralScanner.scan(a, from: i + 1, limit: end), y.end == end,
                  let q = divide(x.value, y.value) else { return nil }
            return Reading(value: negative ? -q : q, unit: nil, isFraction: true, statedDecimals: 0, scale: 1)
        }
        if (a[i] == "%" || a[i] == "％") && i + 1 == end {
            reading.unit = "%"
            if negative { reading.value = -reading.value }
            return reading
        }
        // Money: 元/圆/块 [n角/毛] [n分] [整/正]
        if a[i] == "元" || a[i] == "圆" || a[i] == "块" {
            i += 1
            var value = x.value
            var decimals = 0
            if i + 1 < end, let d = NumeralScanner.chineseDigit(a[i]) ?? asciiDigit(a[i]), a[i + 1] == "角" || a[i + 1] == "毛" {
                value += Decimal(d) / 10
                decimals = 1
                i += 2
            }
            if i + 1 < end, let d = NumeralScanner.chineseDigit(a[i]) ?? asciiDigit(a[i]), a[i + 1] == "分" {
                value += Decimal(d) / 100
                decimals = 2
                i += 2
            }
            if i < end, a[i] == "整" || a[i] == "正" { i += 1 }
            guard i == end else { return nil }
            reading.value = negative ? -value : value
            reading.statedDecimals = max(reading.statedDecimals, decimals)
            return reading
        }
        return nil
    }

    @inline(__always) static func asciiDigit(_ c: Unicode.Scalar) -> Int? {
        NumeralScanner.isASCIIDigit(c) ? Int(c.value - 48) : nil
    }

    static func perUnit(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "百": return "%"
        case "千": return "‰"
        case "万": return "‱"
        default: return nil
        }
    }

    /// a / b rounded to 12 decimal places (half away from zero, as `divide` on Decimals); nil when b is
    /// zero. Integer division while the quotient fits in 64 bits: Decimal division costs ~30,000
    /// instructions.
    static func divide(_ a: ExactNumber, _ b: ExactNumber) -> ExactNumber? {
        guard let (ma, ea) = a.smallParts, let (mb, eb) = b.smallParts else {
            return divide(a.decimal, b.decimal).map(ExactNumber.init)
        }
        guard mb != 0 else { return nil }
        // q = ma × 10^k / mb, in units of 10^-12.
        let k = ea - eb + 12
        var numerator = (high: UInt64(0), low: ma)
        var denominator = mb
        if k >= 0 {
            guard k <= 19 else { return divide(a.decimal, b.decimal).map(ExactNumber.init) }
            let p = ma.multipliedFullWidth(by: ExactNumber.tenToThe(k))
            numerator = (p.high, p.low)
        } else {
            guard -k <= 19 else { return divide(a.decimal, b.decimal).map(ExactNumber.init) }
            let (d, o) = mb.multipliedReportingOverflow(by: ExactNumber.tenToThe(-k))
            guard !o else { return divide(a.decimal, b.decimal).map(ExactNumber.init) }
            denominator = d
        }
        guard numerator.high < denominator else { return divide(a.decimal, b.decimal).map(ExactNumber.init) }
        var (q, r) = denominator.dividingFullWidth(numerator)
        if r >= denominator - r {
            guard q < UInt64.max else { return divide(a.decimal, b.decimal).map(ExactNumber.init) }
            q += 1
        }
        return ExactNumber(q, exponent: -12)
    }

    /// a / b rounded to 12 decimal places; nil when b is zero.
    static func divide(_ a: Decimal, _ b: Decimal) -> Decimal? {
        guard b != 0 else { return nil }
        var q = a / b
        var r = Decimal()
        NSDecimalRound(&r, &q, 12, .plain)
        return r
    }
}
