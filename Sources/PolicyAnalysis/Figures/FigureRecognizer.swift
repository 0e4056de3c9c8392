import Foundation
import PolicyText

/// Finds figures (1697.2 亿元, 16.6%, 1.9个百分点, 260台/万人, 3~5个, 三方面, 1/3) and dates / periods
/// (2023年3月31日, 4月9日, 2022—2025年, 1—2月, 一季度) in the reading view, in one linear pass.
///
/// Conventions:
/// - A figure's range covers the number, any 多/余 between number and unit, and the unit (rate
///   denominators and 大+noun included). Prefix qualifiers (超过, 近, 约 …) and suffix ones (左右,
///   以上 …) are recorded in `qualifier` but stay outside the range.
/// - A number becomes a figure only with a unit, a percent / 个百分点 mark, or a 万/亿 scale word
///   (a bare 2024, a page number, “20035” are not figures). 万千瓦 is read as scale 万 + unit 千瓦.
/// - Counts with a 大 measure keep the noun in the unit (五大产业 → unit "大产业"); 三方面 → "方面",
///   四个方面 → "个方面".
/// - A lone 一 is never a figure except before % or 个百分点; numerals after 第, digit-by-digit
///   numerals (一二三) and numerals glued to Latin letters (5G, IPv6, GPT-4) are skipped.
enum FigureRecognizer {
    /// `placement` gives each figure's reading range, in the order of `figures`, for the checks, which
    /// work on the reading text: mapping the source ranges back cost two searches per figure.
    static func recognize(in view: ReadingView, classes: TextClasses? = nil)
        -> (figures: [Figure], dates: [DateMention], placement: [FigurePlacement]) {
        var reader = FigureReader(view.scalars, classes: classes)
        reader.run()
        // A time context that is a whole date shares the date's text.
        let dateTexts = reader.dates.map { reader.text($0.start, $0.end) }
        let figures = reader.figures(in: view, dateTexts: dateTexts)
        var dates: [DateMention] = []
        dates.reserveCapacity(reader.dates.count)
        reader.dates.withUnsafeMutableBufferPointer { raw in
            for k in raw.indices {
                let d = raw[k]
                dates.append(DateMention(
                    text: dateTexts[k], range: view.sourceRange(forReading: d.start..<d.end), year: d.year,
                    month: d.month, day: d.day, endYear: d.endYear, endMonth: d.endMonth, normalized: d.normalized))
            }
        }
        let placement = reader.figures.map { FigurePlacement(lo: $0.start, hi: $0.end) }
        return (figures, dates, placement)
    }
}

/// A figure's reading range, as the checks place it.
struct FigurePlacement: Sendable, Equatable {
    var lo: Int, hi: Int
}

/// A figure as read: no strings (its texts are spelled out once, into the reported `Figure`), so
/// appending, copying and freeing one moves bytes only.
struct RawFigure: Sendable {
    var start: Int, end: Int
    var value: ExactNumber
    /// The value is negated (百分之负五).
    var isNegative = false
    var upper: ExactNumber?
    var unit: UnitName
    var shape: FigureShape
    var qualifier: FigureQualifier?
    var decimals: Int
    var scale: ExactNumber
    /// Where the text before the figure starts (before a prefix qualifier), for the context scans.
    var contextEnd: Int
}

/// A figure's unit as entry numbers of the unit lexicons, or one of the fixed spellings below.
struct UnitName: Sendable {
    /// Entry in `FigureLexicon.units`, or one of the negative entries below.
    var entry: Int32
    /// Entry in `FigureLexicon.daNouns` after 大 (-1: none).
    var noun: Int32 = -1
    /// Entry in `FigureLexicon.rateDenominators` after `/` (-1: none).
    var denominator: Int32 = -1

    static let none = UnitName(entry: -1)
    static let year = UnitName(entry: Int32(UnitReading.yearEntry))
    static let percent = UnitName(entry: -3)
    static let perMille = UnitName(entry: -4)
    static let perTenThousand = UnitName(entry: -5)

    init(entry: Int32) { self.entry = entry }

    init(_ u: UnitReading) {
        entry = Int32(u.entry)
        noun = Int32(u.noun)
        denominator = Int32(u.denominator)
    }
}

struct RawDate: Sendable {
    var start: Int, end: Int
    var year: Int?, month: Int?, day: Int?, endYear: Int?, endMonth: Int?
    var normalized: String
}

/// A unit read after a number: entry numbers in the unit lexicons stand in for its text (compared and
/// spelled out only when needed; String comparison of Han text costs hundreds of instructions).
struct UnitReading {
    /// Entry in `FigureLexicon.units`, or `UnitReading.yearEntry` for the 年 of 连续13年.
    var entry: Int
    /// Entry in `FigureLexicon.daNouns` after 大 (-1: none).
    var noun = -1
    /// Entry in `FigureLexicon.rateDenominators` after `/` (-1: none).
    var denominator = -1
    var kind: UnitKind
    var end: Int
    var isRate: Bool { denominator >= 0 }

    static let yearEntry = -2

    func sameText(as other: UnitReading) -> Bool {
        entry == other.entry && noun == other.noun && denominator == other.denominator
    }
}

struct FigureReader {
    let s: [Unicode.Scalar]
    let n: Int
    /// The word lists through one reference: a static access per lookup costs a once-check and
    /// retains, and the reader is passed around by copy.
    let words = FigureWords.shared
    var figures: [RawFigure] = []
    var dates: [RawDate] = []
    /// Bare numbers of a list waiting for the unit of its last member (12、26.7和18.2个百分点).
    var chain: [(start: Int, scan: NumeralScan)] = []
    var chainNext = -1
    /// The class of every scalar, for the start scan and the backward scans.
    let textClasses: TextClasses

    /// `classes`: the text's classes when the caller has them (`ReadingClasses`).
    init(_ s: [Unicode.Scalar], classes: TextClasses? = nil) {
        self.s = s
        n = s.count
        textClasses = classes ?? s.withUnsafeBufferPointer { TextClasses($0, FigureWords.shared.textClasses) }
        // About one figure per 100 scalars and one date per 250 in policy prose: growing an array
        // copies every element.
        figures.reserveCapacity(n / 64)
        dates.reserveCapacity(n / 160)
    }

    // MARK: character helpers

    @inline(__always) func at(_ k: Int) -> Unicode.Scalar? { k >= 0 && k < n ? s[k] : nil }
    @inline(__always) func isDigit(_ k: Int) -> Bool { at(k).map(NumeralScanner.isASCIIDigit) ?? false }
    @inline(__always) func isLatin(_ k: Int) -> Bool { at(k).map(Self.isLatin) ?? false }
    @inline(__always) static func isLatin(_ c: Unicode.Scalar) -> Bool {
        // A-Z and a-z in one compare (bit 5 folds the cases): no branch on the kind of scalar.
        (c.value | 0x20) &- 97 < 26
    }
    /// Whether s[k] is a Chinese digit. Most scalars are no conditional start at all, and their class
    /// says so without the search over digit values (which mispredicted after nearly every figure).
    @inline(__always) func isCNDigit(_ k: Int) -> Bool {
        k >= 0 && k < n && textClasses[k] & FigureWords.conditionalStart != 0 && NumeralScanner.chineseDigit(s[k]) != nil
    }
    /// k, or k+1 when s[k] is a single space.
    @inline(__always) func skipSpace(_ k: Int) -> Int { at(k) == " " ? k + 1 : k }

    /// Range connector at k (~ ～ — – - 至 到, doubled dashes, a space after); returns where the
    /// second number starts.
    func connector(at k: Int) -> Int? {
        guard let c = at(k), words.pointClasses.contains(c, FigureWords.connector) else { return nil }
        var e = k + 1
        if let d = at(e), d == c, c == "—" || c == "-" || c == "―" { e += 1 }
        return skipSpace(e)
    }

    func text(_ a: Int, _ b: Int) -> String { s.withUnsafeBufferPointer { Self.text($0, a..<b) } }

    /// Text of `s[r]` (clamped). Figures and dates are short: they are encoded in one pass straight
    /// into a stack buffer (the general `PolicyScan.string` measures first); longer texts take the
    /// general path. The bytes, and so the String, are the same.
    static func text(_ p: UnsafeBufferPointer<Unicode.Scalar>, _ r: Range<Int>) -> String {
        let lo = max(0, r.lowerBound), hi = min(p.count, r.upperBound)
        guard lo < hi else { return "" }
        guard hi - lo <= 16 else { return PolicyScan.string(UnsafeBufferPointer(rebasing: p[lo..<hi])) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            var k = 0
            for i in lo..<hi { k = PolicyScan.encode(p[i].value, into: buf, at: k) }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<k]), as: UTF8.self)
        }
    }

    // MARK: main loop

    mutating func run() {
        // The text and its classes are fetched once, not per start (local copies: the readers below
        // mutate self).
        let text = s, classes = textClasses
        text.withUnsafeBufferPointer { p in
            classes.withClasses { c in run(p, c) }
        }
    }

    /// Reads at every position that can start a figure or date. Sixteen positions at a time keep those
    /// whose scalar starts something that the next scalar does not rule out (一批, 上面, 千家: a lone
    /// digit, a word that reads nothing), and only those are visited. A skip that stopped at every
    /// candidate mispredicted a branch each time.
    private mutating func run(_ p: UnsafeBufferPointer<Unicode.Scalar>, _ classes: UnsafePointer<UInt8>) {
        let raw = UnsafeRawPointer(classes)
        let always = SIMD16<UInt8>(repeating: FigureWords.alwaysStart)
        let conditional = SIMD16<UInt8>(repeating: FigureWords.conditionalStart)
        let endsLone = SIMD16<UInt8>(repeating: FigureWords.endsLoneDigit)
        let zero = SIMD16<UInt8>(repeating: 0)
        var i = 0
        var resume = 0      // where the last read ended: positions before it are inside it
        while i < n {
            let here = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let next = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
            // alwaysStart, or conditionalStart unless the next scalar ends a lone digit.
            let starts = (here & always .!= zero) .| ((here & conditional .!= zero) .& (next & endsLone .== zero))
            var bits = starts.laneBits
            while bits != 0 {
                let k = i &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                resume = max(readStart(at: k), k + 1)
                // Candidates inside what was read are not starts.
                let inside = resume - i
                bits &= inside >= 16 ? 0 : UInt32.max &<< UInt32(inside)
            }
            i = max(i + 16, resume)
        }
    }

    /// Reads whatever starts at i (a candidate of the start scan); returns where the scan goes on.
    private mutating func readStart(at i: Int) -> Int {
        let c = s[i]
        if NumeralScanner.isASCIIDigit(c) {
            return readArabicStart(i)
        } else if textClasses[i] & FigureWords.endsLoneDigit == 0 && c != "百" && c != "千" && c != "万" {
            // A Chinese digit or 十 廿 卅: of the other starts, 数 几 上 下 第 前 end lone digits themselves
            // (telling digits apart by value is a search that mispredicts).
            return readChineseStart(i)
        } else if c == "百" || c == "千" || c == "万", at(i + 1) == "分", at(i + 2) == "之" {
            return readPerCent(i) ?? i + 3
        } else if c == "百" || c == "千" || c == "万", let e = readBareScale(i) {
            return e
        } else if c == "数" || c == "几", let u = at(i + 1), NumeralScanner.smallUnit(u) != nil {
            return readFuzzy(i) ?? i + 1
        } else if c == "上" || c == "下" || c == "第" || c == "前" {
            if mayStartPeriod(at: i), let q = readQuarter(at: i) {
                appendPeriodPhrase(q, start: i)
                return q.end
            } else if c == "第" {
                return skipNumeral(i + 1)
            }
        }
        return i + 1
    }

    /// Index after a numeral starting at k (or k when none), used to step over 第一 / 5G and the like.
    func skipNumeral(_ k: Int) -> Int {
        var e = k
        while e < n, NumeralScanner.isNumeralChar(s[e]) || (s[e] == "." && isDigit(e + 1)) || (s[e] == "," && isDigit(e + 1)) {
            e += 1
        }
        return e
    }

    mutating func readArabicStart(_ i: Int) -> Int {
        let before = at(i - 1)
        // Inside a Latin or numeric token (IPv6, GPT-4, ChatGPT4, e-mail): skip the whole token.
        if let b = before, Self.isLatin(b) || b == "_" || b == "@" || b == "."
            || (b == "-" && (isLatin(i - 2) || isDigit(i - 2))) {
            return skipToken(i)
        }
        var digitsEnd = i
        while isDigit(digitsEnd) { digitsEnd += 1 }
        // Phone numbers start with 0, are 11 digits from 1, or follow a label (after spaces or a colon).
        if s[i] == "0" || (digitsEnd - i == 11 && s[i] == "1")
            || before.map({ $0 == " " || $0 == "：" || $0 == ":" || Self.endsPhoneLabel($0) }) == true,
           let e = phoneEnd(i, digitsEnd: digitsEnd) { return e }
        if before == "第" { return skipNumeral(i) }
        if mayBeDate(digitsEnd: digitsEnd), let e = readDate(i) { return e }
        if let e = readFigure(i) { return e }
        return skipNumeral(i)
    }

    /// Whether Arabic digits ending at `e` are followed (after at most one space) by 年, 月, 日 or a range
    /// connector: every date `readDate` reads from Arabic digits is, so most numbers skip it.
    func mayBeDate(digitsEnd e: Int) -> Bool {
        guard let c = at(skipSpace(e)) else { return false }
        return words.pointClasses.contains(c, FigureWords.connector | FigureWords.dateUnit)
    }

    mutating func readChineseStart(_ i: Int) -> Int {
        if at(i - 1) == "第" { return skipNumeral(i) }
        if mayStartPeriod(at: i), let q = readQuarter(at: i) {
            appendPeriodPhrase(q, start: i)
            return q.end
        }
        // A date in Chinese digits is written digit by digit (二〇二三年): a second digit must follow.
        if isCNDigit(i + 1), let e = readDate(i) { return e }
        if let e = readFigure(i) { return e }
        return skipNumeral(i)
    }

    func skipToken(_ i: Int) -> Int {
        var e = i
        while e < n, isDigit(e) || isLatin(e) || s[e] == "." || s[e] == "-" || s[e] == "_" { e += 1 }
        return max(e, i + 1)
    }

    static let phoneLabels: [[Unicode.Scalar]] = ["电话", "传真", "手机", "热线", "邮编", "Tel", "TEL", "tel", "Fax", "FAX"]
        .map { Array($0.unicodeScalars) }
    /// Last scalars of `phoneLabels` (a switch: most numbers follow none of them).
    @inline(__always) static func endsPhoneLabel(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "话", "真", "机", "线", "编", "l", "L", "x", "X": return true
        default: return false
        }
    }

    /// 010-88558813, 0351-1234567, and digits right after 电话/传真/手机/热线: not figures.
    func phoneEnd(_ i: Int, digitsEnd e: Int) -> Int? {
        let first = e - i
        if s[i] == "0", first >= 3, first <= 4, at(e) == "-" {
            var f = e + 1
            while isDigit(f) { f += 1 }
            if f - e - 1 >= 7 { return f }
        }
        var p = i - 1
        while p >= 0, p >= i - 2, let c = at(p), c == " " || c == "：" || c == ":" { p -= 1 }
        if let last = at(p), Self.endsPhoneLabel(last) {
            for ls in Self.phoneLabels where p + 1 - ls.count >= 0 && PolicyScan.hasPrefix(s, at: p + 1 - ls.count, ls) {
                var f = i
                while isDigit(f) || at(f) == "-" || at(f) == " " && isDigit(f + 1) { f += 1 }
                return f
            }
        }
        // Bare 11-digit mobile numbers.
        if first == 11, s[i] == "1", words.units.match(s, at: skipSpace(e)) == nil { return e }
        return nil
    }

    // MARK: figures

    /// Unit at k: the lexicon's longest match, Latin units not glued to more letters, 大 + noun, and a
    /// rate denominator after `/`.
    @inline(__always) func unit(at k: Int, loneYi: Bool) -> UnitReading? {
        guard let e = words.units.match(s, at: k) else { return nil }
        var u = UnitReading(entry: e.index, kind: e.payload, end: k + e.length)
        if isLatin(k) && isLatin(u.end) { return nil }
        if loneYi && e.payload != .percent && e.payload != .points { return nil }
        if e.index == words.daEntry {
            guard let noun = words.daNouns.match(s, at: u.end) else {
                // 三大 without a known noun: keep the count only when a Han character follows.
                return nil
            }
            u.noun = noun.index
            u.end += noun.length
        }
        if e.payload != .percent && e.payload != .points, at(u.end) == "/",
           let d = words.rateDenominators.match(s, at: u.end + 1), !isLatin(u.end + 1 + d.length) || !isLatin(u.end + 1) {
            u.denominator = d.index
            u.end += 1 + d.length
        }
        return u
    }

    func text(of u: UnitName) -> String? {
        switch u.entry {
        case UnitName.none.entry: return nil
        case UnitName.year.entry: return "年"
        case UnitName.percent.entry: return "%"
        case UnitName.perMille.entry: return "‰"
        case UnitName.perTenThousand.entry: return "‱"
        default: break
        }
        var text = words.units.texts[Int(u.entry)]
        if u.noun >= 0 { text += words.daNouns.texts[Int(u.noun)] }
        if u.denominator >= 0 { text += "/" + words.rateDenominators.texts[Int(u.denominator)] }
        return text
    }

    func shape(for kind: UnitKind?, isRate: Bool, isRange: Bool) -> FigureShape {
        if isRange { return .range }
        guard let kind else { return .amount }
        if isRate { return .rate }
        switch kind {
        case .percent, .perMille: return .percentage
        case .points: return .percentagePoints
        case .measure: return .count
        case .money, .physical, .multiple: return .amount
        }
    }

    @inline(__always) func prefixQualifier(before i: Int) -> (FigureQualifier, Int)? {
        let p = at(i - 1) == " " ? i - 1 : i
        guard p >= 1, p <= n, words.pointClasses.contains(s[p - 1], FigureWords.prefixQualifierEnd),
              let q = words.prefixQualifiers.match(s, endingAt: p) else { return nil }
        return (q.payload, p - q.length)
    }

    /// Reads a figure starting at i; returns the index after it, or nil when i starts none.
    mutating func readFigure(_ i: Int) -> Int? {
        guard let x = NumeralScanner.scan(s, from: i) else { return nil }
        let startsChinese = !isDigit(i)
        if x.isDigitString { return nil }
        let j = x.end
        if startsChinese {
            // 百万 / 千家万户: a Chinese numeral needs a digit (十 / 廿 may lead: 十二, 十大).
            var hasDigit = s[i] == "十" || s[i] == "廿" || s[i] == "卅"
            if !hasDigit { for k in i..<x.end where isCNDigit(k) { hasDigit = true; break } }
            if !hasDigit { return nil }
        }
        // 十四五: a numeral running straight into another digit is a name, not a number.
        if isDigit(j) || isCNDigit(j) { return nil }
        if isLatin(j), unit(at: j, loneYi: false) == nil { return skipToken(j) }   // 5G, 3C, 4K

        // X分之Y (三分之一)
        if at(j) == "分", at(j + 1) == "之", let y = NumeralScanner.scan(s, from: j + 2), !y.isDigitString,
           let q = ChineseNumber.divide(y.exact, x.exact) {
            emit(RawFigure(start: i, end: y.end, value: q, unit: .none, shape: .fraction, decimals: 0, scale: .one,
                           contextEnd: i), qualifierStart: i)
            return y.end
        }
        // 1/3
        if !startsChinese, x.isPlainArabic, x.statedDecimals == 0, x.arabicIntegerDigits <= 3, at(j) == "/",
           isDigit(j + 1), let y = NumeralScanner.scan(s, from: j + 1), y.isPlainArabic, y.statedDecimals == 0,
           y.arabicIntegerDigits <= 3, at(y.end) != "/", !isDigit(y.end),
           words.units.match(s, at: y.end).map({ $0.payload == .percent }) != true,
           let q = ChineseNumber.divide(x.exact, y.exact) {
            emit(RawFigure(start: i, end: y.end, value: q, unit: .none, shape: .fraction, decimals: 0, scale: .one,
                           contextEnd: i), qualifierStart: i)
            return y.end
        }

        let loneYi = startsChinese && x.end - i == 1 && s[i] == "一"
        // 零部件, 〇: a lone zero is never a figure.
        if startsChinese && x.end - i == 1 && NumeralScanner.chineseDigit(s[i]) == 0 { return nil }
        // 多 / 余 between number and unit (3000多欧元, 2.4万余家, 1360 多场)
        var inner: FigureQualifier? = nil
        @inline(__always) func tail(_ from: Int) -> (qual: FigureQualifier?, unit: UnitReading?) {
            let k = skipSpace(from)
            if let c = at(k), c == "多" || c == "余" {
                if let u = unit(at: skipSpace(k + 1), loneYi: loneYi) { return (.more, u) }
                return (nil, nil)
            }
            if let u = unit(at: k, loneYi: loneYi) { return (nil, u) }
            return (nil, nil)
        }
        var (q1, u1) = tail(j)
        // 连续13年 / 连续三年: a count of years, not a date.
        let lianxu = at(i - 1) == " " ? i - 1 : i      // 连续 7 年 (letter-spaced)
        if u1 == nil, lianxu >= 2, s[lianxu - 2] == "连", s[lianxu - 1] == "续", at(skipSpace(j)) == "年", x.arabicIntegerDigits < 4,
           x.statedDecimals == 0, !loneYi {
            u1 = UnitReading(entry: UnitReading.yearEntry, kind: .measure, end: skipSpace(j) + 1)
        }
        inner = q1
        var upper: NumeralScan? = nil
        var lower = x.exact
        var end = u1?.end ?? j
        var decimals = x.statedDecimals
        var scale = x.exactScale

        // Ranges: 3~5个, 10—15个, 1万元--5万元, 两到三万港元.
        let afterFirst = u1?.end ?? j
        if let c = connector(at: afterFirst), isDigit(c) || (startsChinese && isCNDigit(c)),
           let y = NumeralScanner.scan(s, from: c), !y.isDigitString, !(isDigit(y.end) || isCNDigit(y.end)) {
            let (q2, u2) = tail(y.end)
            if let u2, u1.map({ $0.sameText(as: u2) }) ?? true, y.exact >= x.exact || u1 == nil {
                if u1 == nil, !x.isScaled, y.hasUnitWord {
                    let m = (x.isSingleDigit && !x.hasUnitWord) ? y.leadingMultiplier : y.exactScale
                    let cand = x.exact * m
                    if cand <= y.exact { lower = cand; scale = y.exactScale }
                }
                if lower <= y.exact {
                    upper = y
                    u1 = u2
                    end = u2.end
                    decimals = max(decimals, y.statedDecimals)
                    if scale.isOne { scale = y.exactScale }
                    if q2 != nil { inner = q2 }
                }
            }
        }
        // 1.4个和1.2个百分点: 个 shared with a following 个百分点.
        if upper == nil, let u = u1, u.entry == words.geEntry, u.noun < 0, !u.isRate, let c = at(u.end), c == "和" || c == "、" || c == "及" || c == "与",
           let y = NumeralScanner.scan(s, from: skipSpace(u.end + 1)), y.end - u.end <= 12,
           let u2 = unit(at: y.end, loneYi: false), u2.kind == .points {
            u1 = UnitReading(entry: u2.entry, noun: u2.noun, denominator: u2.denominator, kind: .points, end: u.end)
        }
        guard let u = u1 else {
            // No unit: a figure only with a 万/亿 scale (达到3.5万); otherwise maybe part of a list.
            if x.isScaled, !loneYi, upper == nil {
                emit(RawFigure(start: i, end: j, value: x.exact, unit: .none, shape: .amount, decimals: decimals,
                               scale: scale, contextEnd: i), qualifierStart: i, suffixFrom: j)
                return j
            }
            noteBare(i, x)
            return j
        }
        // % and ％ (with or without a denominator) are reported as %.
        let f = RawFigure(start: i, end: end, value: lower, upper: upper?.exact, unit: u.kind == .percent ? .percent : UnitName(u),
                          shape: shape(for: u.kind, isRate: u.isRate, isRange: upper != nil),
                          qualifier: inner, decimals: decimals, scale: scale, contextEnd: i)
        if chainNext == i, !chain.isEmpty {
            flushChain(into: i, like: f)
        } else {
            clearChain()
            chainNext = -1
        }
        emit(f, qualifierStart: i, suffixFrom: end)
        return end
    }

    /// Appends a figure, filling the qualifier from text before `qualifierStart` or after `suffixFrom`.
    mutating func emit(_ f: consuming RawFigure, qualifierStart: Int, suffixFrom: Int? = nil) {
        if let (q, p) = prefixQualifier(before: qualifierStart) {
            if f.qualifier == nil { f.qualifier = q }
            f.contextEnd = p
        }
        if f.qualifier == nil, let sf = suffixFrom, sf >= 0, sf < n,
           words.pointClasses.contains(s[sf], FigureWords.suffixQualifierStart), let q = words.suffixQualifiers.match(s, at: sf) {
            f.qualifier = q.payload
        }
        // 约占全国的42%、全球市场的16% / 分别约占全球1/3和2/5: 约 on the verb covers the shares of its clause.
        if f.qualifier == nil, f.shape == .percentage || f.shape == .fraction, aboutShare(before: f.contextEnd) {
            f.qualifier = .about
        }
        figures.append(f)
    }

    /// Whether 约占 (or 约为/约达 split from the number by an object: 约占全国的) opens the clause of a
    /// share ending at `p`, within 24 scalars.
    func aboutShare(before p: Int) -> Bool {
        // Only clause ends and 占 matter: the scalars between them are skipped by class.
        textClasses.withClasses { classes in
            let lowest = max(1, p - 24)
            var hi = p
            while hi > lowest {
                let e = TextClasses.lastEnd(classes, count: n, before: hi, downTo: lowest,
                                            FigureWords.clauseEnd | FigureWords.zhan)
                if e == lowest { return false }
                let k = e - 1
                if classes[k] & FigureWords.clauseEnd != 0 { return false }
                if s[k - 1] == "约" { return true }
                hi = k
            }
            return false
        }
    }

    /// Empties the list chain (a no-op when it is empty: most numbers start none).
    @inline(__always) mutating func clearChain() {
        if !chain.isEmpty { chain.removeAll(keepingCapacity: true) }
    }

    /// A bare Arabic number followed by 、/和/及/与 and another number may take that number's unit.
    mutating func noteBare(_ i: Int, _ x: NumeralScan) {
        guard !isLatin(x.end) else { clearChain(); return }
        if chainNext != i { clearChain() }
        var k = skipSpace(x.end)
        guard let c = at(k), c == "、" || c == "和" || c == "及" || c == "与" || c == "或" else {
            clearChain()
            return
        }
        k = skipSpace(k + 1)
        guard isDigit(k) || isCNDigit(k) else { clearChain(); return }
        chain.append((i, x))
        chainNext = k
    }

    mutating func flushChain(into i: Int, like f: RawFigure) {
        defer { clearChain(); chainNext = -1 }
        guard chainNext == i, f.upper == nil, !chain.isEmpty else { return }
        for (start, x) in chain {
            var g = f
            g.start = start
            g.end = x.end
            g.value = f.shape == .percentage || f.shape == .percentagePoints ? x.exact : x.exact * f.scale
            g.decimals = x.statedDecimals
            g.qualifier = nil
            g.contextEnd = start
            figures.append(g)
        }
    }

    /// 超千亿元, 突破万亿元大关: a numeral without a leading digit, scaled by 万/亿 and followed by a
    /// money or physical unit. Not 万亿元级 / 千亿级 (a class of size, not an amount), not 千家万户.
    mutating func readBareScale(_ i: Int) -> Int? {
        guard at(i - 1).map({ !NumeralScanner.isNumeralChar($0) && $0 != "第" && $0 != "数" && $0 != "几" }) ?? true
        else { return nil }
        var value: ExactNumber
        var j: Int
        if s[i] == "万" {
            guard at(i + 1) == "亿" else { return nil }
            value = .powerOfTen(12)
            j = i + 2
        } else {
            guard let x = NumeralScanner.scan(s, from: i, allowSpaceBeforeScale: false), x.isScaled, !x.isDigitString,
                  x.statedDecimals == 0 else { return nil }
            value = x.exact
            j = x.end
        }
        guard let u = unit(at: j, loneYi: false), u.kind == .money || u.kind == .physical, !u.isRate,
              at(u.end) != "级" else { return nil }
        let scale = value
        emit(RawFigure(start: i, end: u.end, value: value, unit: UnitName(u), shape: .amount, decimals: 0, scale: scale,
                       contextEnd: i), qualifierStart: i, suffixFrom: u.end)
        return u.end
    }

    /// 百分之六点五 → 6.5 %, 千分之五 → 5 ‰.
    mutating func readPerCent(_ i: Int) -> Int? {
        var k = i + 3
        var negative = false
        if at(k) == "负" { negative = true; k += 1 }
        guard let x = NumeralScanner.scan(s, from: k), !x.isDigitString else { return nil }
        let unit: UnitName = s[i] == "百" ? .percent : s[i] == "千" ? .perMille : .perTenThousand
        emit(RawFigure(start: i, end: x.end, value: x.exact, isNegative: negative, unit: unit, shape: .percentage,
                       decimals: x.statedDecimals, scale: .one, contextEnd: i), qualifierStart: i, suffixFrom: x.end)
        return x.end
    }

    /// 数百万 / 几十万 / 数十亿元: a range of one order of magnitude, needs a unit or 万/亿.
    mutating func readFuzzy(_ i: Int) -> Int? {
        guard let x = NumeralScanner.scan(s, from: i + 1), !x.isDigitString else { return nil }
        let u = unit(at: skipSpace(x.end), loneYi: false)
        guard u != nil || x.isScaled else { return nil }
        let end = u?.end ?? x.end
        let f = RawFigure(start: i, end: end, value: x.exact, upper: x.exact.timesPowerOfTen(1),
                          unit: u.map { $0.kind == .percent ? .percent : UnitName($0) } ?? .none,
                          shape: .range, qualifier: .about, decimals: 0, scale: x.exactScale, contextEnd: i)
        figures.append(f)
        return end
    }

    // MARK: dates

    /// An integer written in Arabic digits (≤ 9 of them) or Chinese digit-by-digit (二〇二三), or
    /// a small Chinese numeral (十二) when `smallChinese`.
    func integer(at k: Int, smallChinese: Bool) -> (value: Int, digits: Int, end: Int)? {
        if isDigit(k) {
            var e = k
            var v = 0
            while isDigit(e) {
                if e - k >= 9 { return nil }
                v = v * 10 + Int(s[e].value - 48)
                e += 1
            }
            if at(e) == ".", isDigit(e + 1) { return nil }
            return (v, e - k, e)
        }
        guard isCNDigit(k) || at(k) == "十" else { return nil }
        var e = k
        var v = 0
        while e < n, let d = NumeralScanner.chineseDigit(s[e]) {
            if e - k >= 9 { return nil }
            v = v * 10 + d
            e += 1
        }
        if e - k >= 2 { return (v, e - k, e) }
        guard smallChinese, let x = NumeralScanner.scan(s, from: k, allowSpaceBeforeScale: false),
              !x.isDigitString, !x.isScaled, x.statedDecimals == 0, let iv = x.exact.integer, iv < 100 else { return nil }
        return (iv, x.end - k, x.end)
    }

    /// 1—2月 / 3月 / 1月至11月 after optional year; then a day.
    func monthDay(at k0: Int) -> (month: Int, endMonth: Int?, day: Int?, end: Int)? {
        guard let m = integer(at: k0, smallChinese: true), m.value >= 1, m.value <= 12, m.digits <= 2 else { return nil }
        var k = skipSpace(m.end)
        var endMonth: Int? = nil
        if let c = connector(at: k), let m2 = integer(at: c, smallChinese: true), m2.value > m.value, m2.value <= 12 {
            let k2 = skipSpace(m2.end)
            guard at(k2) == "月" else { return nil }
            return (m.value, m2.value, nil, k2 + 1)
        }
        guard at(k) == "月" else { return nil }
        k += 1
        // 1月至11月
        if let c = connector(at: k), let m2 = integer(at: c, smallChinese: true), m2.value > m.value, m2.value <= 12,
           at(skipSpace(m2.end)) == "月" {
            endMonth = m2.value
            return (m.value, endMonth, nil, skipSpace(m2.end) + 1)
        }
        let dk = skipSpace(k)
        if let d = integer(at: dk, smallChinese: true), d.value >= 1, d.value <= 31, d.digits <= 2 {
            let e = skipSpace(d.end)
            if at(e) == "日" || at(e) == "号" { return (m.value, nil, d.value, e + 1) }
        }
        return (m.value, nil, nil, k)
    }

    /// Writes a normalized date (2023-03-31, --02/--05, 2022/2025) in one buffer: string interpolation
    /// and `String(v)` cost hundreds of instructions per piece.
    struct DateWriter {
        let buf: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func put(_ text: StaticString) {
            let p = text.utf8Start
            for k in 0..<text.utf8CodeUnitCount where count < buf.count {
                buf[count] = p[k]
                count += 1
            }
        }

        mutating func put(_ text: String) {
            for b in text.utf8 where count < buf.count {
                buf[count] = b
                count += 1
            }
        }

        /// v (read from digits, never negative) in decimal, zero-padded to `width` digits.
        mutating func put(_ v: Int, width: Int) {
            let magnitude = v.magnitude
            var digits = 1
            var rest = magnitude / 10
            while rest > 0 { digits += 1; rest /= 10 }
            for _ in digits..<max(width, digits) { put("0") }
            guard count + digits <= buf.count else { return }
            var r = magnitude
            for k in stride(from: count + digits - 1, through: count, by: -1) {
                buf[k] = UInt8(truncatingIfNeeded: 48 + r % 10)
                r /= 10
            }
            count += digits
        }
    }

    static func normalized(_ write: (inout DateWriter) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            var w = DateWriter(buf: buf)
            write(&w)
            return String(decoding: UnsafeBufferPointer(rebasing: buf[..<w.count]), as: UTF8.self)
        }
    }

    mutating func readDate(_ i: Int) -> Int? {
        guard let a = integer(at: i, smallChinese: false) else { return nil }
        let chinese = !isDigit(i)
        var k = skipSpace(a.end)
        if a.digits >= 4 {
            if chinese && a.digits != 4 { return nil }
            if at(k) == "年" {
                let year = a.value
                k += 1
                // 2012年至2021年
                if let c = connector(at: k), let b = integer(at: c, smallChinese: false), b.digits == 4,
                   at(skipSpace(b.end)) == "年", b.value >= year {
                    let e = skipSpace(b.end) + 1
                    dates.append(RawDate(start: i, end: e, year: year, endYear: b.value,
                                         normalized: Self.normalized {
                                             $0.put(year, width: 4); $0.put("/"); $0.put(b.value, width: 4)
                                         }))
                    return e
                }
                let mk = skipSpace(k)
                if let md = monthDay(at: mk) {
                    let norm = Self.normalized { w in
                        w.put(year, width: 4); w.put("-"); w.put(md.month, width: 2)
                        if let d = md.day { w.put("-"); w.put(d, width: 2) }
                        if let em = md.endMonth { w.put("/"); w.put(year, width: 4); w.put("-"); w.put(em, width: 2) }
                    }
                    dates.append(RawDate(start: i, end: md.end, year: year, month: md.month, day: md.day,
                                         endYear: md.endMonth == nil ? nil : year, endMonth: md.endMonth,
                                         normalized: norm))
                    return md.end
                }
                if let q = readQuarter(at: mk) {
                    dates.append(RawDate(start: i, end: q.end, year: year, month: q.month, endYear: year,
                                         endMonth: q.endMonth, normalized: Self.normalized {
                                             $0.put(year, width: 4); $0.put("-"); $0.put(q.norm)
                                         }))
                    return q.end
                }
                dates.append(RawDate(start: i, end: k, year: year, normalized: Self.normalized { $0.put(year, width: 4) }))
                return k
            }
            // 2022—2025年
            if !chinese, let c = connector(at: a.end), let b = integer(at: c, smallChinese: false), b.digits == 4,
               !chinese, at(skipSpace(b.end)) == "年", b.value >= a.value {
                let e = skipSpace(b.end) + 1
                dates.append(RawDate(start: i, end: e, year: a.value, endYear: b.value,
                                     normalized: Self.normalized {
                                         $0.put(a.value, width: 4); $0.put("/"); $0.put(b.value, width: 4)
                                     }))
                return e
            }
            return nil
        }
        // Month (and day) without a year: Arabic only.
        guard !chinese, a.digits <= 2 else { return nil }
        if at(i - 1) == "前", let md = monthDay(at: i), md.day == nil, md.endMonth == nil {
            // 前10月: January to October.
            dates.append(RawDate(start: i - 1, end: md.end, month: 1, endMonth: md.month,
                                 normalized: Self.normalized { $0.put("--01/--"); $0.put(md.month, width: 2) }))
            return md.end
        }
        if let md = monthDay(at: i) {
            let norm = Self.normalized { w in
                w.put("--"); w.put(md.month, width: 2)
                if let d = md.day { w.put("-"); w.put(d, width: 2) }
                if let em = md.endMonth { w.put("/--"); w.put(em, width: 2) }
            }
            dates.append(RawDate(start: i, end: md.end, month: md.month, day: md.day, endMonth: md.endMonth,
                                 normalized: norm))
            return md.end
        }
        if at(k) == "日", a.value >= 1, a.value <= 31, at(i - 1) != "个" {
            dates.append(RawDate(start: i, end: k + 1, day: a.value, normalized: Self.normalized { $0.put("---"); $0.put(a.value, width: 2) }))
            return k + 1
        }
        return nil
    }

    /// Every phrase `readQuarter` reads has 季 or 年 as its second or third scalar: most starts have neither.
    @inline(__always) func mayStartPeriod(at k: Int) -> Bool {
        at(k + 1) == "季" || at(k + 2) == "季" || at(k + 2) == "年"
    }

    /// 一季度, 第一季度, 1季度, 前三季度, 上半年, 下半年.
    func readQuarter(at k: Int) -> (month: Int, endMonth: Int, norm: String, end: Int)? {
        guard mayStartPeriod(at: k) else { return nil }
        if (at(k) == "上" || at(k) == "下"), at(k + 1) == "半", at(k + 2) == "年" {
            return at(k) == "上" ? (1, 6, "H1", k + 3) : (7, 12, "H2", k + 3)
        }
        var p = k
        let cumulative = at(p) == "前"
        if at(p) == "第" || cumulative { p += 1 }
        guard let c = at(p) else { return nil }
        let q = NumeralScanner.chineseDigit(c) ?? (NumeralScanner.isASCIIDigit(c) ? Int(c.value - 48) : nil)
        guard let q, q >= 1, q <= 4, at(p + 1) == "季", at(p + 2) == "度" else { return nil }
        if cumulative { return (1, 3 * q, "Q1/Q\(q)", p + 3) }
        return (3 * q - 2, 3 * q, "Q\(q)", p + 3)
    }

    mutating func appendPeriodPhrase(_ q: (month: Int, endMonth: Int, norm: String, end: Int), start: Int) {
        dates.append(RawDate(start: start, end: q.end, month: q.month, endMonth: q.endMonth, normalized: q.norm))
    }

    // MARK: reported figures, with metric and time context

    /// The figures as reported, each built in place in the result, with its metric and time context.
    func figures(in view: ReadingView, dateTexts: [String]) -> [Figure] {
        // Scales are powers of ten, nearly all 1, 10^4 or 10^8: those Decimals are made once.
        let smallScales = (0..<16).map { ExactNumber.powerOfTen($0).decimal }
        let count = figures.count
        return s.withUnsafeBufferPointer { text in
            textClasses.withClasses { classes in
                var context = ContextReader(s: text, classes: classes, words: words, dates: dates, dateTexts: dateTexts)
                let fields = FigureFields.offsets
                return [Figure](unsafeUninitializedCapacity: count) { out, initialized in
                    guard let base = out.baseAddress else { return }
                    figures.withUnsafeBufferPointer { raw in
                        guard let rawBase = raw.baseAddress else { return }
                        for k in 0..<min(count, raw.count) {
                            let r = rawBase + k      // read in place: a raw figure is large
                            let found = context.context(before: r.pointee.contextEnd)
                            let value = r.pointee.value.decimal
                            let scale = r.pointee.scale.smallPowerOfTen.map { smallScales[$0] } ?? r.pointee.scale.decimal
                            let text = Self.text(text, r.pointee.start..<r.pointee.end)
                            let range = view.sourceRange(forReading: r.pointee.start..<r.pointee.end)
                            let unit = self.text(of: r.pointee.unit)
                            if let fields {
                                let f = UnsafeMutableRawPointer(base + k)
                                FigureFields.put(text, at: fields.text, in: f)
                                FigureFields.put(range, at: fields.range, in: f)
                                FigureFields.put(r.pointee.isNegative ? -value : value, at: fields.value, in: f)
                                FigureFields.put(r.pointee.upper?.decimal, at: fields.upperValue, in: f)
                                FigureFields.put(unit, at: fields.unit, in: f)
                                FigureFields.put(r.pointee.shape, at: fields.shape, in: f)
                                FigureFields.put(r.pointee.qualifier, at: fields.qualifier, in: f)
                                FigureFields.put(r.pointee.decimals, at: fields.statedDecimals, in: f)
                                FigureFields.put(scale, at: fields.scale, in: f)
                                FigureFields.put(found.metric, at: fields.metric, in: f)
                                FigureFields.put(found.time, at: fields.timeContext, in: f)
                            } else {
                                (base + k).initialize(to: Figure(
                                    text: text, range: range, value: r.pointee.isNegative ? -value : value,
                                    upperValue: r.pointee.upper?.decimal, unit: unit, shape: r.pointee.shape,
                                    qualifier: r.pointee.qualifier, statedDecimals: r.pointee.decimals, scale: scale,
                                    metric: found.metric, timeContext: found.time))
                            }
                            initialized = k + 1
                        }
                    }
                }
            }
        }
    }

    /// 的 和 与 及 在 为 是 了 将 等 其 中 年 月 日 比 以 现 达 、 ， space, newline.
    @inline(__always) static func isMetricStop(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x7684, 0x548C, 0x4E0E, 0x53CA, 0x5728, 0x4E3A, 0x662F, 0x4E86, 0x5C06, 0x7B49, 0x5176, 0x4E2D, 0x5E74,
             0x6708, 0x65E5, 0x6BD4, 0x4EE5, 0x73B0, 0x8FBE, 0x3001, 0xFF0C, 0x20, 0x0A:
            return true
        default: return false
        }
    }

    /// Date index by end offset, through a sorted array instead of a hash table.
    struct DateEnds {
        var ends: [(end: Int, index: Int)]
        init(_ dates: [RawDate]) {
            // Ordered by end, and by index on equal ends (later dates win, as the dictionary this replaces
            // did). Dates come nearly in text order: an insertion sort leaves them in place.
            ends = []
            ends.reserveCapacity(dates.count)
            for (index, d) in dates.enumerated() {
                var k = ends.count
                ends.append((d.end, index))
                while k > 0, ends[k - 1].end > d.end {
                    ends.swapAt(k - 1, k)
                    k -= 1
                }
            }
        }
        subscript(end: Int) -> Int? {
            let k = last(atOrBefore: end)
            return k >= 0 && ends[k].end == end ? ends[k].index : nil
        }
        /// Position in `ends` of the last date ending at or before `end` (-1 when none).
        func last(atOrBefore end: Int) -> Int {
            var lo = 0, hi = ends.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ends[mid].end <= end { lo = mid + 1 } else { hi = mid }
            }
            return lo - 1
        }
    }
}

/// Where each stored property of `Figure` lies, so that a reported figure is built in place one field
/// at a time: a whole `Figure` built and then moved into the result was copied (retaining its strings)
/// and the temporary freed, ~130 instructions per figure. Every stored property is here (a test counts
/// them), so a figure written through all of them is fully initialized; each offset carries its
/// property's type, so a value of another type does not compile.
struct FigureFields {
    /// The offset of a stored property of type `Value`.
    struct Field<Value> {
        let offset: Int
        init?(_ property: KeyPath<Figure, Value>) {
            guard let offset = MemoryLayout<Figure>.offset(of: property) else { return nil }
            self.offset = offset
        }
    }

    let text: Field<String>, range: Field<ScalarRange>, value: Field<Decimal>, upperValue: Field<Decimal?>
    let unit: Field<String?>, shape: Field<FigureShape>, qualifier: Field<FigureQualifier?>
    let statedDecimals: Field<Int>, scale: Field<Decimal>, metric: Field<String?>, timeContext: Field<String?>

    /// nil only if some property were not stored (then figures are built whole).
    static var offsets: FigureFields? {
        guard let text = Field(\.text), let range = Field(\.range), let value = Field(\.value),
              let upperValue = Field(\.upperValue), let unit = Field(\.unit), let shape = Field(\.shape),
              let qualifier = Field(\.qualifier), let statedDecimals = Field(\.statedDecimals),
              let scale = Field(\.scale), let metric = Field(\.metric), let timeContext = Field(\.timeContext)
        else { return nil }
        return FigureFields(text: text, range: range, value: value, upperValue: upperValue, unit: unit, shape: shape,
                            qualifier: qualifier, statedDecimals: statedDecimals, scale: scale, metric: metric,
                            timeContext: timeContext)
    }

    /// Initializes `field` of the uninitialized figure at `figure` with `value`.
    @inline(__always) static func put<T>(_ value: consuming T, at field: Field<T>, in figure: UnsafeMutableRawPointer) {
        (figure + field.offset).assumingMemoryBound(to: T.self).initialize(to: value)
    }
}

/// The metric noun of a figure's clause and the time phrase or date of its sentence, for figures taken
/// in text order. A backward scan from p with a given floor depends on nothing else, so a figure's scan
/// stops where the previous figure's scan started when both have the same floor, and takes its result.
struct ContextReader {
    let s: UnsafeBufferPointer<Unicode.Scalar>
    /// The scalars' classes (`TextClasses.withClasses`).
    let classes: UnsafePointer<UInt8>
    let words: FigureWords
    let dates: [RawDate]
    let dateTexts: [String]
    let ends: FigureReader.DateEnds
    /// The previous figure's scans: where they started (`Int.max`: none), their floors, what they found.
    private var from = Int.max
    private var clauseFloor = 0, sentenceFloor = 0
    private var metric: String? = nil, time: String? = nil
    /// Position in `ends.ends` of the last date ending at or before `cursorEnd`.
    private var dateCursor = -1, cursorEnd = 0

    init(s: UnsafeBufferPointer<Unicode.Scalar>, classes: UnsafePointer<UInt8>, words: FigureWords,
         dates: [RawDate], dateTexts: [String]) {
        self.s = s
        self.classes = classes
        self.words = words
        self.dates = dates
        self.dateTexts = dateTexts
        ends = FigureReader.DateEnds(dates)
    }

    @inline(__always) func at(_ k: Int) -> Unicode.Scalar? { k >= 0 && k < s.count ? s[k] : nil }
    @inline(__always) func isLatin(_ k: Int) -> Bool { at(k).map(FigureReader.isLatin) ?? false }
    /// Whether s[k] (0 ≤ k < count) is in a class of `mask`.
    @inline(__always) func isMember(_ k: Int, _ mask: ScalarClasses.Mask) -> Bool { classes[k] & mask != 0 }
    @inline(__always) func lastEnd(before hi: Int, downTo lo: Int, _ mask: ScalarClasses.Mask) -> Int {
        TextClasses.lastEnd(classes, count: s.count, before: hi, downTo: lo, mask)
    }

    /// The metric and time context of a figure whose text before it ends at p.
    mutating func context(before p: Int) -> (metric: String?, time: String?) {
        let (clause, sentence) = floors(before: p)
        if p >= cursorEnd {
            while dateCursor + 1 < ends.ends.count, ends.ends[dateCursor + 1].end <= p { dateCursor += 1 }
        } else {
            dateCursor = ends.last(atOrBefore: p)
        }
        cursorEnd = p
        let resumes = from <= p
        metric = metric(before: p, floor: clause, reusing: resumes && clause == clauseFloor)
        time = time(before: p, floor: sentence, reusing: resumes && sentence == sentenceFloor)
        from = p
        clauseFloor = clause
        sentenceFloor = sentence
        return (metric, time)
    }

    /// Floors of the scans before p: just after the last clause end (metric, at most 40 scalars back) and
    /// the last sentence end (time, at most 120 back). With no clause end between the previous scan's
    /// start and p, the previous floors still hold.
    func floors(before p: Int) -> (clause: Int, sentence: Int) {
        let lowestClause = max(0, p - 40), lowestSentence = max(0, p - 120)
        let resumes = from <= p && from > lowestSentence
        let stop = resumes ? from : lowestSentence
        var clause = -1
        var hi = p
        while true {
            let e = lastEnd(before: hi, downTo: stop, FigureWords.clauseEnd)
            if e == stop { break }
            if clause < 0 { clause = max(lowestClause, e) }
            if isMember(e - 1, FigureWords.sentenceEnd) { return (clause, max(lowestSentence, e)) }
            hi = e - 1
        }
        guard resumes else { return (clause >= 0 ? clause : lowestClause, lowestSentence) }
        return (clause >= 0 ? clause : max(lowestClause, clauseFloor), max(lowestSentence, sentenceFloor))
    }

    /// The metric noun of the clause before p: the nearest listed metric word (the longest ending there),
    /// or a metric suffix with up to two scalars before it.
    func metric(before p: Int, floor: Int, reusing reuse: Bool) -> String? {
        var k = p
        while k > floor {
            if reuse && k == from { return metric }
            // Most positions end no metric word: skip them with one table load each.
            if !isMember(k - 1, FigureWords.metricEnd) {
                k = lastEnd(before: k - 1, downTo: reuse && from < k ? max(floor, from) : floor, FigureWords.metricEnd)
                continue
            }
            // 机器人密度 is in the list; 主营业务收入-like compounds extend only through the list.
            if let m = words.metrics.match(s, endingAt: k, floor: floor) { return words.metrics.texts[m.index] }
            if let m = words.metricSuffixes.match(s, endingAt: k, floor: floor) {
                var start = k - m.length
                var extra = 0
                while extra < 2, start - 1 >= floor, !FigureReader.isMetricStop(s[start - 1]),
                      !NumeralScanner.isNumeralChar(s[start - 1]), !isLatin(start - 1) {
                    start -= 1
                    extra += 1
                }
                return FigureReader.text(s, start..<k)
            }
            k -= 1
        }
        return nil
    }

    /// The time phrase or date of the sentence before p.
    func time(before p: Int, floor: Int, reusing reuse: Bool) -> String? {
        // A cursor over date ends walks down with k instead of a lookup per position.
        var cursor = dateCursor
        var k = p
        while k > floor {
            if reuse && k == from { return time }
            while cursor >= 0, ends.ends[cursor].end > k { cursor -= 1 }
            if cursor >= 0, ends.ends[cursor].end == k {
                let di = ends.ends[cursor].index
                if dates[di].start >= floor { return dateTexts[di] }
            }
            // Most positions end no time phrase and are no 月: skip them with one table load each, down
            // to the next date end or the previous scan's start.
            if !isMember(k - 1, FigureWords.timeEnd) {
                var stop = floor
                if reuse, from < k { stop = max(stop, from) }
                var c = cursor
                while c >= 0, ends.ends[c].end >= k { c -= 1 }
                if c >= 0 { stop = max(stop, ends.ends[c].end) }
                k = lastEnd(before: k - 1, downTo: stop, FigureWords.timeEnd)
                continue
            }
            if let t = words.timePhrases.match(s, endingAt: k, floor: floor) {
                let start = k - t.length
                // 比上年全年 / 较去年: the base of a comparison, not the figure's time.
                var st = start
                while let more = words.timePhrases.match(s, endingAt: st, floor: floor), more.index != words.sinceEntry {
                    st -= more.length
                }
                if let b = at(st - 1), b == "比" || b == "较" || b == "于" {
                    k = st
                    continue
                }
                if t.index != words.sinceEntry { return words.timePhrases.texts[t.index] }
                // X以来: a date or a quoted name before it.
                if let di = ends[start], dates[di].start >= floor { return FigureReader.text(s, dates[di].start..<k) }
                if at(start - 1) == "”" {
                    var q = start - 2
                    while q >= max(floor, start - 12), at(q) != "“" { q -= 1 }
                    if at(q) == "“" { return FigureReader.text(s, q..<k) }
                }
            }
            // 前10月 / 前10个月 / 前三个月
            if at(k - 1) == "月" {
                var q = k - 2
                if at(q) == "个" { q -= 1 }
                let numEnd = q + 1
                while q >= floor, let c = at(q), NumeralScanner.isASCIIDigit(c) || NumeralScanner.chineseDigit(c) != nil || c == "十" { q -= 1 }
                if q < numEnd - 1, at(q) == "前", q >= floor { return FigureReader.text(s, q..<k) }
            }
            k -= 1
        }
        return nil
    }
}
