import Foundation

// Reads one numeral (Arabic, Chinese, 大写, or a mixture such as 5.34万亿 / 100万三千 / 1百01) starting at
// an index of a scalar array. Linear in the numeral's length, no allocation beyond the result, and
// capped: a numeral with more than `NumeralScanner.maxDigits` significant digits is rejected rather
// than converted (Decimal holds 38). Values are `ExactNumber`s; a `Decimal` is built only on request.

/// What `NumeralScanner.scan` read.
struct NumeralScan: Sendable {
    var exact: ExactNumber
    var value: Decimal { exact.decimal }
    /// End (exclusive) of the numeral in the scanned array.
    var end: Int
    /// Digits after the decimal point as written.
    var statedDecimals: Int = 0
    /// Product of the 万/亿 words that end the numeral (1697.2亿 → 1e8, 5.34万亿 → 1e12), else 1, as a
    /// power of ten.
    var scaleExponent = 0
    var exactScale: ExactNumber { @inline(__always) get { .powerOfTen(scaleExponent) } }
    var scale: Decimal { exactScale.decimal }
    /// `scale` is not 1.
    var isScaled = false
    /// Any Chinese digit or unit character took part.
    var hasChinese = false
    /// Any of 十百千万亿 (or 廿/卅) took part.
    var hasUnitWord = false
    /// Only one digit was written (三, 8): for range-lower-bound scaling (两到三万).
    var isSingleDigit = false
    /// Multiplier of the first digit (三千 → 1000, 九百亿 → 1e10), for range lower bounds, as a power
    /// of ten: the sum of the unit words' exponents read before the next digit.
    var leadingExponent = 0
    var leadingMultiplier: ExactNumber { .powerOfTen(leadingExponent) }
    /// Digit-by-digit reading without unit words (一二三, 二〇二三).
    var isDigitString = false
    /// Number of Arabic digits in the integer part (for years, phone numbers).
    var arabicIntegerDigits = 0
    /// The numeral is Arabic digits only (with optional separators and decimal point).
    var isPlainArabic = true
}

enum NumeralScanner {
    static let maxDigits = 38

    @inline(__always) static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// Value of a Chinese digit character (零〇○一…九两兩壹…玖), nil otherwise.
    @inline(__always) static func chineseDigit(_ c: Unicode.Scalar) -> Int? {
        // Cases by value (a search), not by scalar literal (a chain of compares).
        switch c.value {
        case 0x96F6, 0x3007, 0x25CB: return 0  // 零 〇 ○
        case 0x4E00, 0x58F9: return 1  // 一 壹
        case 0x4E8C, 0x8D30, 0x8CB3, 0x4E24, 0x5169: return 2  // 二 贰 貳 两 兩
        case 0x4E09, 0x53C1, 0x53C3, 0x53C4: return 3  // 三 叁 參 叄
        case 0x56DB, 0x8086: return 4  // 四 肆
        case 0x4E94, 0x4F0D: return 5  // 五 伍
        case 0x516D, 0x9646, 0x9678: return 6  // 六 陆 陸
        case 0x4E03, 0x67D2: return 7  // 七 柒
        case 0x516B, 0x634C: return 8  // 八 捌
        case 0x4E5D, 0x7396: return 9  // 九 玖
        default: return nil
        }
    }

    /// 十百千 (and 大写 forms).
    @inline(__always) static func smallUnit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        default: return nil
        }
    }

    /// Power of ten of 十百千 (and 大写 forms).
    @inline(__always) static func smallUnitExponent(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "十", "拾": return 1
        case "百", "佰": return 2
        case "千", "仟": return 3
        default: return nil
        }
    }

    /// Power of ten of 万亿 (and traditional forms).
    @inline(__always) static func bigUnitExponent(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "万", "萬": return 4
        case "亿", "億": return 8
        default: return nil
        }
    }

    /// Power of ten of a unit multiplier (10 … 1e8).
    @inline(__always) static func exponent(ofUnit n: Int) -> Int {
        var e = 0, v = n
        while v >= 10 { v /= 10; e += 1 }
        return e
    }

    @inline(__always) static func isNumeralChar(_ c: Unicode.Scalar) -> Bool {
        isASCIIDigit(c) || chineseDigit(c) != nil || smallUnit(c) != nil
            || c == "万" || c == "萬" || c == "亿" || c == "億"
            || c == "廿" || c == "卅"
    }

    /// Power of ten as Decimal (0...40).
    static func pow10(_ n: Int) -> Decimal {
        Decimal(sign: .plus, exponent: n, significand: 1)
    }

    /// Reads an Arabic run at `i`: digits, `,`/`，` thousands groups (exactly three digits each, only
    /// when `allowFullWidthComma` for `，`), and a `.` fraction. Returns nil when it is too long.
    static func scanArabic(_ s: [Unicode.Scalar], _ start: Int, _ limit: Int, allowFullWidthComma: Bool)
        -> (value: ExactNumber, end: Int, intDigits: Int, fracDigits: Int)?
    {
        // Up to 18 significant digits (nearly every number) fit the mantissa with no overflow test and
        // no Decimal; a longer run is read again into a Decimal.
        var small = SmallMantissa()
        switch readArabic(s, start, limit, allowFullWidthComma: allowFullWidthComma, into: &small) {
        case .none:
            return nil
        case .read(let end, let intDigits, let fracDigits):
            return (ExactNumber(small.mantissa, exponent: -fracDigits), end, intDigits, fracDigits)
        case .refused:
            var long = LongMantissa()
            guard case .read(let end, let intDigits, let fracDigits) =
                    readArabic(s, start, limit, allowFullWidthComma: allowFullWidthComma, into: &long) else { return nil }
            return (long.value(fracDigits: fracDigits), end, intDigits, fracDigits)
        }
    }

    /// Where a run of significant digits goes as `readArabic` reads it. Leading zeros are not
    /// significant and never reach `push`.
    private protocol DigitSink {
        /// Takes the next significant digit; false when the run is too long for this sink.
        mutating func push(_ digit: UInt64) -> Bool
    }

    /// Up to 18 significant digits: a UInt64 that cannot overflow.
    private struct SmallMantissa: DigitSink {
        var mantissa: UInt64 = 0
        var significant = 0
        @inline(__always) mutating func push(_ digit: UInt64) -> Bool {
            if significant == 18 { return false }
            significant += 1
            mantissa = mantissa &* 10 &+ digit
            return true
        }
    }

    /// Up to `maxDigits` significant digits: a UInt64 while it fits, then a Decimal.
    private struct LongMantissa: DigitSink {
        var mantissa: UInt64 = 0
        var big: Decimal?
        var significant = 0
        mutating func push(_ digit: UInt64) -> Bool {
            significant += 1
            if significant > maxDigits { return false }
            if let b = big {
                big = b * 10 + Decimal(digit)
            } else if mantissa > (UInt64.max - 9) / 10 {
                big = Decimal(mantissa) * 10 + Decimal(digit)
            } else {
                mantissa = mantissa * 10 + digit
            }
            return true
        }
        func value(fracDigits: Int) -> ExactNumber {
            guard let b = big else { return ExactNumber(mantissa, exponent: -fracDigits) }
            return ExactNumber(fracDigits > 0 ? Decimal(sign: .plus, exponent: -fracDigits, significand: b) : b)
        }
    }

    private enum ArabicRun {
        case none
        case refused
        case read(end: Int, intDigits: Int, fracDigits: Int)
    }

    /// The digits, thousands groups and fraction of an Arabic run, each significant digit pushed into
    /// `sink`: `.none` without integer digits, `.refused` when the sink refuses a digit.
    @inline(__always)
    private static func readArabic<Sink: DigitSink>(_ s: [Unicode.Scalar], _ start: Int, _ limit: Int,
                                                    allowFullWidthComma: Bool, into sink: inout Sink) -> ArabicRun {
        var i = start
        var anySignificant = false
        var intDigits = 0
        var fracDigits = 0
        while i < limit {
            let d = s[i].value &- 48
            if d < 10 {
                if anySignificant || d != 0 {
                    anySignificant = true
                    guard sink.push(UInt64(d)) else { return .refused }
                }
                intDigits += 1
                i += 1
                continue
            }
            if intDigits > 0 && isThousandsSeparator(s, i, limit, allowFullWidthComma: allowFullWidthComma) {
                i += 1
                continue
            }
            break
        }
        if intDigits == 0 { return .none }
        if i + 1 < limit && s[i] == "." && isASCIIDigit(s[i + 1]) {
            i += 1
            while i < limit {
                let d = s[i].value &- 48
                guard d < 10 else { break }
                if anySignificant || d != 0 {
                    anySignificant = true
                    guard sink.push(UInt64(d)) else { return .refused }
                }
                fracDigits += 1
                i += 1
            }
        }
        return .read(end: i, intDigits: intDigits, fracDigits: fracDigits)
    }

    /// A `,` (or `，`) before exactly three digits and no fourth: a thousands group.
    @inline(__always)
    static func isThousandsSeparator(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int, allowFullWidthComma: Bool) -> Bool {
        let c = s[i]
        return (c == "," || (allowFullWidthComma && c == "，")) && i + 3 < limit
            && isASCIIDigit(s[i + 1]) && isASCIIDigit(s[i + 2]) && isASCIIDigit(s[i + 3])
            && !(i + 4 < limit && isASCIIDigit(s[i + 4]))
    }

    /// Scans the longest numeral starting at `start`. `allowLeadingPoint` lets 点五 start a numeral
    /// (stand-alone parsing only); `allowSpaceBeforeScale` accepts `1697.2 亿` (one space).
    static func scan(_ s: [Unicode.Scalar], from start: Int, limit: Int? = nil,
                     allowSpaceBeforeScale: Bool = true, allowFullWidthComma: Bool = false,
                     allowLeadingPoint: Bool = false) -> NumeralScan? {
        let limit = min(limit ?? s.count, s.count)
        guard start < limit, start >= 0 else { return nil }
        // Fast path: a plain Arabic number not followed by anything that could continue a numeral
        // (the common case) needs none of the Chinese bookkeeping below.
        if isASCIIDigit(s[start]) {
            guard let a = scanArabic(s, start, limit, allowFullWidthComma: allowFullWidthComma) else { return nil }
            let next: Unicode.Scalar = a.end < limit ? s[a.end] : "\n"
            if !isNumeralChar(next) && next != "点" && next != " " {
                guard a.intDigits + a.fracDigits <= maxDigits else { return nil }
                var r = NumeralScan(exact: a.value, end: a.end)
                r.statedDecimals = a.fracDigits
                r.arabicIntegerDigits = a.intDigits
                r.isSingleDigit = a.intDigits + a.fracDigits == 1 && a.fracDigits == 0
                return r
            }
            // 1697.2亿元, 3万家: one 万 or 亿 ending the numeral, as the general reader reads it (value
            // × 10^e, scale 10^e), without reading the digits again.
            if let e = bigUnitExponent(next), a.value.smallParts != nil {
                let after: Unicode.Scalar = a.end + 1 < limit ? s[a.end + 1] : "\n"
                if !isNumeralChar(after) && after != "点" && after != " " {
                    guard a.intDigits + a.fracDigits <= maxDigits else { return nil }
                    var r = NumeralScan(exact: a.value.timesPowerOfTen(e), end: a.end + 1)
                    r.statedDecimals = a.fracDigits
                    r.arabicIntegerDigits = a.intDigits
                    r.scaleExponent = e
                    r.isScaled = true
                    r.hasChinese = true
                    r.hasUnitWord = true
                    r.isPlainArabic = false
                    r.leadingExponent = e
                    r.isSingleDigit = a.intDigits == 1 && a.fracDigits == 0
                    return r
                }
            }
        }
        // A lone Chinese digit (三个, 五大产业), as the general reader reads it.
        if let d = chineseDigit(s[start]) {
            let next: Unicode.Scalar = start + 1 < limit ? s[start + 1] : "\n"
            if !isNumeralChar(next) && next != "点" && next != " " {
                var r = NumeralScan(exact: d == 0 ? .zero : ExactNumber(UInt64(d)), end: start + 1)
                r.hasChinese = true
                r.isPlainArabic = false
                r.isSingleDigit = true
                return r
            }
        }
        return scanMixed(s, from: start, limit: limit, allowSpaceBeforeScale: allowSpaceBeforeScale,
                         allowFullWidthComma: allowFullWidthComma, allowLeadingPoint: allowLeadingPoint)
    }

    /// The general reader: Chinese digits and unit words, mixtures, 点 fractions, a space before 万/亿.
    private static func scanMixed(_ s: [Unicode.Scalar], from start: Int, limit: Int, allowSpaceBeforeScale: Bool,
                                  allowFullWidthComma: Bool, allowLeadingPoint: Bool) -> NumeralScan? {
        var yi = ExactNumber.zero, wan = ExactNumber.zero, sec = ExactNumber.zero
        var pending: ExactNumber? = nil
        var pendingIsSingleChinese = false
        var lastUnitN: Int? = nil        // multiplier of the unit word just before `pending`
        var scaleIsOne = true
        var zeroSeen = false             // 零 since the last unit (blocks 三万五-style elision)
        var unitSeen = false
        var digitString = false
        var digitStringCount = 0
        var prevWasDigit = false
        var prevWasUnit = false
        var result = NumeralScan(exact: .zero, end: start)
        var digitsWritten = 0
        var trailingScaleExponent = 0    // trailing 万/亿 (or 十百千 after Arabic digits) as a power of ten
        var i = start
        var end = start
        var consumedSomething = false

        var lastNumberArabic = false
        var leadingOpen = true
        var leadingExponent = 0

        while i < limit {
            let c = s[i]
            if isASCIIDigit(c) {
                if prevWasDigit { break }
                guard let a = scanArabic(s, i, limit, allowFullWidthComma: allowFullWidthComma) else { return nil }
                if consumedSomething { leadingOpen = false }
                pending = a.value
                lastNumberArabic = true
                pendingIsSingleChinese = false
                if !consumedSomething { result.arabicIntegerDigits = a.intDigits }
                result.statedDecimals = a.fracDigits
                digitsWritten += a.intDigits + a.fracDigits
                prevWasDigit = true
                prevWasUnit = false
                trailingScaleExponent = 0
                scaleIsOne = true
                i = a.end
                end = i
                consumedSomething = true
                continue
            }
            if let d = chineseDigit(c) {
                result.hasChinese = true
                result.isPlainArabic = false
                if prevWasDigit {
                    // Two digits in a row: only a digit-by-digit reading (一二三, 二〇二三).
                    if unitSeen || !(digitString || pendingIsSingleChinese) { break }
                    digitString = true
                    digitStringCount += 1
                    if digitStringCount > maxDigits { return nil }
                    pending = (pending ?? .zero).timesPowerOfTen(1) + ExactNumber(UInt64(d))
                    pendingIsSingleChinese = false
                    i += 1
                    end = i
                    continue
                }
                if d == 0 && prevWasUnit {
                    zeroSeen = true
                    prevWasUnit = false
                    i += 1
                    end = i
                    continue
                }
                if consumedSomething { leadingOpen = false }
                pending = ExactNumber(UInt64(d))
                lastNumberArabic = false
                pendingIsSingleChinese = true
                digitStringCount = 1
                digitsWritten += 1
                prevWasDigit = true
                prevWasUnit = false
                trailingScaleExponent = 0
                scaleIsOne = true
                consumedSomething = true
                i += 1
                end = i
                continue
            }
            if c == "廿" || c == "卅" {
                if prevWasDigit || consumedSomething { break }
                sec = sec + ExactNumber(c == "廿" ? 20 : 30)
                lastUnitN = 10
                unitSeen = true
                result.hasChinese = true
                result.hasUnitWord = true
                result.isPlainArabic = false
                prevWasUnit = true
                consumedSomething = true
                digitsWritten += 1
                i += 1
                end = i
                continue
            }
            if let m = smallUnit(c), let me = smallUnitExponent(c) {
                if digitString { break }
                if !prevWasDigit && prevWasUnit && lastUnitN.map({ $0 <= m }) == true && !zeroSeen { break }
                let n = pending ?? .one
                let afterArabic = prevWasDigit && lastNumberArabic
                if leadingOpen { leadingExponent += me }
                sec = sec + n.timesPowerOfTen(me)
                pending = nil
                pendingIsSingleChinese = false
                lastUnitN = m
                zeroSeen = false
                unitSeen = true
                result.hasChinese = true
                result.hasUnitWord = true
                result.isPlainArabic = false
                prevWasDigit = false
                prevWasUnit = true
                trailingScaleExponent = afterArabic ? me : 0
                scaleIsOne = !afterArabic
                if !consumedSomething { digitsWritten += 1 }
                consumedSomething = true
                i += 1
                end = i
                continue
            }
            if let bigE = bigUnitExponent(c) {
                if digitString && digitStringCount > 1 { break }
                if !consumedSomething { break }
                if pending == nil && sec.isZero && wan.isZero && yi.isZero && !prevWasUnit { break }
                let bigN = bigE == 4 ? 10_000 : 100_000_000
                let head = sec + (pending ?? .zero)
                if bigN == 10_000 {
                    // 万 after 亿 with nothing between (万亿) multiplies everything so far.
                    if prevWasUnit && lastUnitN == 100_000_000 && head.isZero && wan.isZero {
                        yi = yi.timesPowerOfTen(bigE)
                    } else {
                        wan = (wan + head).timesPowerOfTen(bigE)
                    }
                } else {
                    if prevWasUnit && lastUnitN == 10_000 && head.isZero {
                        yi = (yi + wan).timesPowerOfTen(bigE)
                    } else {
                        yi = (yi + wan + head).timesPowerOfTen(bigE)
                    }
                    wan = .zero
                }
                if leadingOpen { leadingExponent += bigE }
                sec = .zero
                pending = nil
                pendingIsSingleChinese = false
                lastUnitN = bigN
                zeroSeen = false
                unitSeen = true
                result.hasChinese = true
                result.hasUnitWord = true
                result.isPlainArabic = false
                trailingScaleExponent = (prevWasUnit && !scaleIsOne) ? trailingScaleExponent + bigE : bigE
                scaleIsOne = false
                prevWasDigit = false
                prevWasUnit = true
                i += 1
                end = i
                continue
            }
            if c == "点", i + 1 < limit, isASCIIDigit(s[i + 1]) || chineseDigit(s[i + 1]) != nil,
               consumedSomething ? (prevWasDigit || prevWasUnit) : allowLeadingPoint,
               lastUnitN != 1 {
                if prevWasUnit && lastUnitN.map({ $0 >= 10_000 }) == true { break }
                // Fraction digits, read one by one.
                var fracTail: Decimal = 0    // digits past the 18th
                var small: UInt64 = 0        // the digits while they fit (18 of them)
                var n = 0
                var k = i + 1
                if isASCIIDigit(s[k]) {
                    while k < limit && isASCIIDigit(s[k]) {
                        n += 1
                        if n > maxDigits { return nil }
                        if n <= 18 { small = small * 10 + UInt64(s[k].value - 48) }
                        else { fracTail = fracTail * 10 + Decimal(Int(s[k].value - 48)) }
                        k += 1
                    }
                } else {
                    while k < limit, let d = chineseDigit(s[k]) {
                        n += 1
                        if n > maxDigits { return nil }
                        if n <= 18 { small = small * 10 + UInt64(d) }
                        else { fracTail = fracTail * 10 + Decimal(d) }
                        k += 1
                    }
                }
                let frac: ExactNumber
                if n <= 18 {
                    frac = ExactNumber(small, exponent: -n)
                } else {
                    let digits = Decimal(small) * pow10(n - 18) + fracTail
                    frac = ExactNumber(Decimal(sign: .plus, exponent: -n, significand: digits))
                }
                leadingOpen = false
                pending = (pending ?? .zero) + frac
                pendingIsSingleChinese = false
                digitString = false
                result.statedDecimals = n
                result.hasChinese = true
                result.isPlainArabic = false
                digitsWritten += n
                prevWasDigit = true
                prevWasUnit = false
                consumedSomething = true
                trailingScaleExponent = 0
                scaleIsOne = true
                // After a decimal only 万/亿 may follow: mark so digits and 十百千 stop.
                unitSeen = true
                lastUnitN = 1
                i = k
                end = i
                continue
            }
            if c == " " && allowSpaceBeforeScale && consumedSomething && i + 1 < limit
                && bigUnitExponent(s[i + 1]) != nil && prevWasDigit {
                i += 1
                continue
            }
            break
        }
        guard consumedSomething else { return nil }
        if digitsWritten > maxDigits { return nil }
        // 三万五 / 两千六 / 一百二: a lone digit right after a unit of 百 or more stands for the next place.
        if let p = pending {
            if pendingIsSingleChinese && !zeroSeen && prevWasDigit, let un = lastUnitN, un >= 100, unitSeen {
                pending = p.timesPowerOfTen(exponent(ofUnit: un) - 1)
            }
        }
        result.exact = yi + wan + sec + (pending ?? .zero)
        result.end = end
        result.scaleExponent = trailingScaleExponent
        result.isScaled = !scaleIsOne
        result.isDigitString = digitString
        result.isSingleDigit = digitsWritten == 1 && !digitString && result.statedDecimals == 0
            && (result.arabicIntegerDigits <= 1)
        result.leadingExponent = leadingExponent
        return result
    }
}

/// An exact non-negative decimal, mantissa × 10^exponent, while it fits in 64 bits with a moderate
/// exponent; past that (numerals over 19 digits, long 亿亿 chains) it holds a Foundation `Decimal` and
/// does Decimal arithmetic in the same order as the small form would, so both give the same value.
/// Figures are read with integer arithmetic and become `Decimal` once, when reported (Decimal
/// arithmetic costs hundreds to thousands of instructions per operation).
struct ExactNumber: Sendable {
    /// value = mantissa × 10^exponent when `big` is nil.
    private(set) var mantissa: UInt64
    private(set) var exponent: Int
    private(set) var big: Decimal?

    /// Exponents kept in the small form: every such value is exact in Decimal (exponent −128…127).
    private static let exponentBound = 100

    static let zero = ExactNumber(mantissa: 0, exponent: 0, big: nil)
    static let one = ExactNumber(mantissa: 1, exponent: 0, big: nil)

    private init(mantissa: UInt64, exponent: Int, big: Decimal?) {
        self.mantissa = mantissa
        self.exponent = exponent
        self.big = big
    }

    @inline(__always) init(_ value: UInt64, exponent: Int = 0) {
        self = abs(exponent) <= Self.exponentBound ? ExactNumber(mantissa: value, exponent: exponent, big: nil)
            : Self.outOfRange(value, exponent: exponent)
    }

    private static func outOfRange(_ value: UInt64, exponent: Int) -> ExactNumber {
        ExactNumber(mantissa: 0, exponent: 0, big: Decimal(sign: .plus, exponent: exponent, significand: Decimal(value)))
    }

    init(_ value: Decimal) { self.init(mantissa: 0, exponent: 0, big: value) }

    /// 10^k for k ≥ 0 (products of 十百千万亿).
    @inline(__always) static func powerOfTen(_ k: Int) -> ExactNumber {
        k <= exponentBound ? ExactNumber(mantissa: 1, exponent: k, big: nil) : largePowerOfTen(k)
    }

    private static func largePowerOfTen(_ k: Int) -> ExactNumber {
        // As a product of 亿s, so an overflow comes out as Decimal's own overflow.
        var d: Decimal = 1
        var left = k
        while left > 0 {
            let step = min(left, 8)
            d *= NumeralScanner.pow10(step)
            left -= step
        }
        return ExactNumber(d)
    }

    /// k when the value is 10^k in the small form with 0 ≤ k < 16 (the scale of most figures), else nil.
    var smallPowerOfTen: Int? { big == nil && mantissa == 1 && exponent >= 0 && exponent < 16 ? exponent : nil }

    /// (mantissa, exponent) in the small form.
    var smallParts: (UInt64, Int)? { big == nil ? (mantissa, exponent) : nil }

    /// 10^k as an integer, 0 ≤ k ≤ 19.
    static func tenToThe(_ k: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<k { p *= 10 }
        return p
    }

    var isZero: Bool { big.map { $0.isZero } ?? (mantissa == 0) }

    var decimal: Decimal {
        if let big { return big }
        var m = mantissa, e = exponent
        if m == 0 { return 0 }
        while m % 10 == 0 { m /= 10; e += 1 }
        // Foundation's initializers, not Decimal's private layout: ~130 instructions per reported figure.
        return e == 0 ? Decimal(m) : Decimal(sign: .plus, exponent: e, significand: Decimal(m))
    }

    /// The value as an Int when it is a whole number below 2^63 (nil otherwise).
    var integer: Int? {
        guard big == nil else { return nil }
        var m = mantissa, e = exponent
        while e < 0 {
            guard m % 10 == 0 else { return nil }
            m /= 10
            e += 1
        }
        while e > 0 {
            let (p, o) = m.multipliedReportingOverflow(by: 10)
            if o { return nil }
            m = p
            e -= 1
        }
        return m <= UInt64(Int.max) ? Int(m) : nil
    }

    /// mantissa scaled to exponent `e` (≤ its own), nil on overflow.
    private func mantissa(atExponent e: Int) -> UInt64? {
        var m = mantissa
        var k = exponent - e
        while k > 0 {
            if m == 0 { return 0 }
            let (p, o) = m.multipliedReportingOverflow(by: 10)
            if o { return nil }
            m = p
            k -= 1
        }
        return m
    }

    static func + (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if a.big == nil, b.big == nil {
            if b.mantissa == 0 { return a }
            if a.mantissa == 0 { return b }
            let e = min(a.exponent, b.exponent)
            if let ma = a.mantissa(atExponent: e), let mb = b.mantissa(atExponent: e) {
                let (sum, o) = ma.addingReportingOverflow(mb)
                if !o { return ExactNumber(mantissa: sum, exponent: e, big: nil) }
            }
        }
        return ExactNumber(a.decimal + b.decimal)
    }

    static func * (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if a.big == nil, b.big == nil {
            if a.mantissa == 0 || b.mantissa == 0 { return .zero }
            let (p, o) = a.mantissa.multipliedReportingOverflow(by: b.mantissa)
            let e = a.exponent + b.exponent
            if !o, abs(e) <= exponentBound { return ExactNumber(mantissa: p, exponent: e, big: nil) }
        }
        return ExactNumber(a.decimal * b.decimal)
    }

    /// self × 10^k (k ≥ 0).
    func timesPowerOfTen(_ k: Int) -> ExactNumber {
        if big == nil, exponent + k <= Self.exponentBound {
            return mantissa == 0 ? .zero : ExactNumber(mantissa: mantissa, exponent: exponent + k, big: nil)
        }
        return self * .powerOfTen(k)
    }

    /// -1, 0, 1 as a is less than, equal to or greater than b; nil when a Decimal must decide.
    private static func compareSmall(_ a: ExactNumber, _ b: ExactNumber) -> Int? {
        guard a.big == nil, b.big == nil else { return nil }
        if a.mantissa == 0 || b.mantissa == 0 { return a.mantissa == b.mantissa ? 0 : (a.mantissa == 0 ? -1 : 1) }
        let e = min(a.exponent, b.exponent)
        switch (a.mantissa(atExponent: e), b.mantissa(atExponent: e)) {
        case let (ma?, mb?): return ma < mb ? -1 : (ma > mb ? 1 : 0)
        case (nil, _?): return 1     // too large to scale down: the larger one
        case (_?, nil): return -1
        default: return nil
        }
    }

    static func <= (a: ExactNumber, b: ExactNumber) -> Bool { compareSmall(a, b).map { $0 <= 0 } ?? (a.decimal <= b.decimal) }
    static func >= (a: ExactNumber, b: ExactNumber) -> Bool { compareSmall(a, b).map { $0 >= 0 } ?? (a.decimal >= b.decimal) }
    var isOne: Bool { big.map { $0 == 1 } ?? (Self.compareSmall(self, .one) == 0) }
}
