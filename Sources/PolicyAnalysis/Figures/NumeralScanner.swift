import Foundation

// Reads one numeral (Arabic, Chinese, 大写, or a mixture such as 5.34万亿 / 100万三千 / 1百01) starting at
// an index of a scalar array. Linear in the numeral's length, no allocation beyond the result, and
// capped: a numeral with more than `NumeralScanner.maxDigits` significant digits is rejected rather
// than converted (Decimal holds 38).

/// What `NumeralScanner.scan` read.
struct NumeralScan: Sendable {
    var value: Decimal
    /// End (exclusive) of the numeral in the scanned array.
    var end: Int
    /// Digits after the decimal point as written.
    var statedDecimals: Int = 0
    /// Product of the 万/亿 words that end the numeral (1697.2亿 → 1e8, 5.34万亿 → 1e12), else 1.
    var scale: Decimal = 1
    /// `scale` is not 1 (a Bool, so callers need no Decimal comparison).
    var isScaled = false
    /// Any Chinese digit or unit character took part.
    var hasChinese = false
    /// Any of 十百千万亿 (or 廿/卅) took part.
    var hasUnitWord = false
    /// Only one digit was written (三, 8): for range-lower-bound scaling (两到三万).
    var isSingleDigit = false
    /// Multiplier of the first digit (三千 → 1000, 九百亿 → 1e10), for range lower bounds. Built on
    /// demand (rarely needed; Decimal products cost thousands of instructions) from the unit words
    /// in the order read: positive entries are 十百千 values, negative ones 万/亿 values.
    var leadingFactors: [Int32] = []
    var leadingMultiplier: Decimal {
        var leading: Decimal = 1
        for f in leadingFactors {
            if f > 0 {
                leading *= Decimal(Int(f))
            } else {
                let big: Decimal = f == -10_000 ? 10_000 : 100_000_000
                leading *= big
            }
        }
        return leading
    }
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
        switch c {
        case "零", "〇", "○", "洞": return c == "洞" ? nil : 0
        case "一", "壹", "幺": return c == "幺" ? nil : 1
        case "二", "贰", "貳", "两", "兩": return 2
        case "三", "叁", "參", "叄": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆", "陸": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
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

    /// 万亿 (and traditional forms).
    @inline(__always) static func bigUnit(_ c: Unicode.Scalar) -> Decimal? {
        switch c {
        case "万", "萬": return 10_000
        case "亿", "億": return 100_000_000
        default: return nil
        }
    }

    static func isNumeralChar(_ c: Unicode.Scalar) -> Bool {
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
        -> (value: Decimal, end: Int, intDigits: Int, fracDigits: Int)?
    {
        var i = start
        var mantissa: UInt64 = 0
        var big: Decimal? = nil          // used once mantissa would overflow UInt64
        var significant = 0
        var intDigits = 0
        var fracDigits = 0
        func push(_ d: UInt64) -> Bool {
            if significant == 0 && d == 0 { return true }   // leading zeros are not significant
            significant += 1
            if significant > maxDigits { return false }
            if var b = big {
                b = b * 10 + Decimal(d)
                big = b
            } else if mantissa > (UInt64.max - 9) / 10 {
                big = Decimal(mantissa) * 10 + Decimal(d)
            } else {
                mantissa = mantissa * 10 + d
            }
            return true
        }
        while i < limit {
            let c = s[i]
            if isASCIIDigit(c) {
                guard push(UInt64(c.value - 48)) else { return nil }
                intDigits += 1
                i += 1
                continue
            }
            if (c == "," || (allowFullWidthComma && c == "，")) && intDigits > 0 && i + 3 < limit
                && isASCIIDigit(s[i + 1]) && isASCIIDigit(s[i + 2]) && isASCIIDigit(s[i + 3])
                && !(i + 4 < limit && isASCIIDigit(s[i + 4])) {
                // A thousands group: exactly three digits, then no fourth.
                i += 1
                continue
            }
            break
        }
        if intDigits == 0 { return nil }
        if i + 1 < limit && s[i] == "." && isASCIIDigit(s[i + 1]) {
            i += 1
            while i < limit && isASCIIDigit(s[i]) {
                guard push(UInt64(s[i].value - 48)) else { return nil }
                fracDigits += 1
                i += 1
            }
        }
        let v: Decimal
        if let b = big {
            v = fracDigits > 0 ? Decimal(sign: .plus, exponent: -fracDigits, significand: b) : b
        } else {
            v = decimal(mantissa, fractionDigits: fracDigits)
        }
        return (v, i, intDigits, fracDigits)
    }

    /// mantissa × 10^-fractionDigits, built exactly without Decimal division (which costs thousands of
    /// instructions); trailing fraction zeros are dropped as a division would (65.0 → 65).
    @inline(__always) static func decimal(_ mantissa: UInt64, fractionDigits: Int) -> Decimal {
        var m = mantissa, f = fractionDigits
        while f > 0 && m % 10 == 0 && m != 0 { m /= 10; f -= 1 }
        if m == 0 { return 0 }
        return f == 0 ? Decimal(m) : Decimal(sign: .plus, exponent: -f, significand: Decimal(m))
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
                var r = NumeralScan(value: a.value, end: a.end)
                r.statedDecimals = a.fracDigits
                r.arabicIntegerDigits = a.intDigits
                r.isSingleDigit = a.intDigits + a.fracDigits == 1 && a.fracDigits == 0
                return r
            }
        }
        var yi: Decimal = 0, wan: Decimal = 0, sec: Decimal = 0
        var pending: Decimal? = nil
        var pendingIsSingleChinese = false
        var lastUnit: Decimal? = nil     // multiplier of the unit word just before `pending`
        // The same multiplier and `trailingScale == 1` as plain values: the tests below would
        // otherwise be Decimal comparisons (hundreds of instructions each).
        var lastUnitN: Int? = nil
        var scaleIsOne = true
        var zeroSeen = false             // 零 since the last unit (blocks 三万五-style elision)
        var unitSeen = false
        var digitString = false
        var digitStringCount = 0
        var prevWasDigit = false
        var prevWasUnit = false
        var result = NumeralScan(value: 0, end: start)
        var digitsWritten = 0
        var trailingScale: Decimal = 1
        var i = start
        var end = start
        var consumedSomething = false

        var lastNumberArabic = false
        var leadingOpen = true
        var leadingFactors: [Int32] = []

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
                trailingScale = 1
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
                    pending = (pending ?? 0) * 10 + Decimal(d)
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
                pending = Decimal(d)
                lastNumberArabic = false
                pendingIsSingleChinese = true
                digitStringCount = 1
                digitsWritten += 1
                prevWasDigit = true
                prevWasUnit = false
                trailingScale = 1
                scaleIsOne = true
                consumedSomething = true
                i += 1
                end = i
                continue
            }
            if c == "廿" || c == "卅" {
                if prevWasDigit || consumedSomething { break }
                sec += c == "廿" ? 20 : 30
                lastUnit = 10
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
            if let m = smallUnit(c) {
                if digitString { break }
                if !prevWasDigit && prevWasUnit && lastUnitN.map({ $0 <= m }) == true && !zeroSeen { break }
                let n = pending ?? 1
                let afterArabic = prevWasDigit && lastNumberArabic
                if leadingOpen { leadingFactors.append(Int32(m)) }
                sec += n * Decimal(m)
                pending = nil
                pendingIsSingleChinese = false
                lastUnit = Decimal(m)
                lastUnitN = m
                zeroSeen = false
                unitSeen = true
                result.hasChinese = true
                result.hasUnitWord = true
                result.isPlainArabic = false
                prevWasDigit = false
                prevWasUnit = true
                trailingScale = afterArabic ? Decimal(m) : 1
                scaleIsOne = !afterArabic
                if !consumedSomething { digitsWritten += 1 }
                consumedSomething = true
                i += 1
                end = i
                continue
            }
            if let big = bigUnit(c) {
                if digitString && digitStringCount > 1 { break }
                if !consumedSomething { break }
                if pending == nil && sec.isZero && wan.isZero && yi.isZero && !prevWasUnit { break }
                let bigN = c == "万" || c == "萬" ? 10_000 : 100_000_000
                let head = sec + (pending ?? 0)
                if bigN == 10_000 {
                    // 万 after 亿 with nothing between (万亿) multiplies everything so far.
                    if prevWasUnit && lastUnitN == 100_000_000 && head.isZero && wan.isZero {
                        yi = yi * big
                    } else {
                        wan = (wan + head) * big
                    }
                } else {
                    if prevWasUnit && lastUnitN == 10_000 && head.isZero {
                        yi = (yi + wan) * big
                    } else {
                        yi = (yi + wan + head) * big
                    }
                    wan = 0
                }
                if leadingOpen { leadingFactors.append(Int32(-bigN)) }
                sec = 0
                pending = nil
                pendingIsSingleChinese = false
                lastUnit = big
                lastUnitN = bigN
                zeroSeen = false
                unitSeen = true
                result.hasChinese = true
                result.hasUnitWord = true
                result.isPlainArabic = false
                trailingScale = (prevWasUnit && !scaleIsOne) ? trailingScale * big : big
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
                var frac: Decimal = 0
                var small: UInt64 = 0        // the digits while they fit (18 of them)
                var n = 0
                var k = i + 1
                if isASCIIDigit(s[k]) {
                    while k < limit && isASCIIDigit(s[k]) {
                        n += 1
                        if n > maxDigits { return nil }
                        if n <= 18 { small = small * 10 + UInt64(s[k].value - 48) }
                        else { frac = frac * 10 + Decimal(Int(s[k].value - 48)) }
                        k += 1
                    }
                } else {
                    while k < limit, let d = chineseDigit(s[k]) {
                        n += 1
                        if n > maxDigits { return nil }
                        if n <= 18 { small = small * 10 + UInt64(d) }
                        else { frac = frac * 10 + Decimal(d) }
                        k += 1
                    }
                }
                if n <= 18 {
                    frac = decimal(small, fractionDigits: n)
                } else {
                    frac = Decimal(small) * pow10(n - 18) + frac
                    frac = Decimal(sign: .plus, exponent: -n, significand: frac)
                }
                leadingOpen = false
                pending = (pending ?? 0) + frac
                pendingIsSingleChinese = false
                digitString = false
                result.statedDecimals = n
                result.hasChinese = true
                result.isPlainArabic = false
                digitsWritten += n
                prevWasDigit = true
                prevWasUnit = false
                consumedSomething = true
                trailingScale = 1
                scaleIsOne = true
                // After a decimal only 万/亿 may follow: mark so digits and 十百千 stop.
                unitSeen = true
                lastUnit = 1
                lastUnitN = 1
                i = k
                end = i
                continue
            }
            if c == " " && allowSpaceBeforeScale && consumedSomething && i + 1 < limit
                && bigUnit(s[i + 1]) != nil && prevWasDigit {
                i += 1
                continue
            }
            break
        }
        guard consumedSomething else { return nil }
        if digitsWritten > maxDigits { return nil }
        // 三万五 / 两千六 / 一百二: a lone digit right after a unit of 百 or more stands for the next place.
        if let p = pending {
            if pendingIsSingleChinese && !zeroSeen && prevWasDigit, let u = lastUnit, let un = lastUnitN, un >= 100, unitSeen {
                pending = p * u / 10
            }
        }
        result.value = yi + wan + sec + (pending ?? 0)
        result.end = end
        result.scale = trailingScale
        result.isScaled = !scaleIsOne
        result.isDigitString = digitString
        result.isSingleDigit = digitsWritten == 1 && !digitString && result.statedDecimals == 0
            && (result.arabicIntegerDigits <= 1)
        result.leadingFactors = leadingFactors
        return result
    }
}
