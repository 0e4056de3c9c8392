// Small scalar helpers shared by the structure and policy recognizers. Kept in one namespace so they
// cannot collide with helpers of the other recognizers in this module.

enum PolicyScan {
    @inline(__always) static func isHan(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x2FFFF)
    }

    /// Horizontal whitespace (not line breaks).
    @inline(__always) static func isSpace(_ v: UInt32) -> Bool {
        // Han text answers in one or two compares.
        if v > 0x3000 { return v == 0xFEFF }
        if v > 0x20 && v < 0xA0 { return false }
        return v == 0x20 || v == 0x09 || v == 0x3000 || v == 0xA0 || v == 0x0B || v == 0x0C || v == 0x2002 || v == 0x2003
            || v == 0x2009 || v == 0x200B
    }

    @inline(__always) static func isNewline(_ v: UInt32) -> Bool {
        v <= 0x2029 && (v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029)
    }

    @inline(__always) static func isWhite(_ v: UInt32) -> Bool { isSpace(v) || isNewline(v) }

    /// 。！？!?；;… — a sentence (or clause series) ends here.
    @inline(__always) static func isSentenceFinal(_ v: UInt32) -> Bool {
        v == 0x3002 || v == 0xFF01 || v == 0xFF1F || v == 0x21 || v == 0x3F || v == 0xFF1B || v == 0x3B || v == 0x2026
            || v == 0xFF0E
    }

    /// Any punctuation that may end a clause: sentence-final plus ，、：,:
    @inline(__always) static func isClausePunct(_ v: UInt32) -> Bool {
        isSentenceFinal(v) || v == 0xFF0C || v == 0x3001 || v == 0xFF1A || v == 0x2C || v == 0x3A
    }

    @inline(__always) static func isASCIIAlnum(_ v: UInt32) -> Bool {
        (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// ASCII or full-width digit value.
    @inline(__always) static func digit(_ v: UInt32) -> Int? {
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10 && v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    /// Start of the first block of `V.scalarCount` scalars at or after `from` in which `test` holds for
    /// some lane, or the start of the tail (a shorter block before `end`). Whole-document scans test 8 or 16 scalars
    /// at a time this way and look at single scalars only inside blocks that may matter.
    @inline(__always) static func nextBlock<V: SIMD>(_ p: UnsafeBufferPointer<Unicode.Scalar>, from: Int, to end: Int? = nil,
                                                     _: V.Type, where test: (V) -> SIMDMask<V.MaskStorage>) -> Int
        where V.Scalar == Int32 {
        var i = max(0, from)
        guard let base = p.baseAddress else { return i }
        let raw = UnsafeRawPointer(base)
        let width = V.scalarCount
        let last = min(end ?? p.count, p.count) - width
        while i <= last {
            if any(test(raw.loadUnaligned(fromByteOffset: i &* 4, as: V.self))) { return i }
            i &+= width
        }
        return i
    }

    /// Offsets of every `c` in `s`, in order (sixteen scalars tested at a time).
    static func offsets(of c: Unicode.Scalar, in s: [Unicode.Scalar]) -> [Int] {
        var out: [Int] = []
        let v = c.value
        let lanes = SIMD16<Int32>(repeating: Int32(bitPattern: v))
        s.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            while i < n {
                i = nextBlock(p, from: i, SIMD16<Int32>.self) { $0 .== lanes }
                let end = min(n, i + 16)
                while i < end {
                    if p[i].value == v { out.append(i) }
                    i += 1
                }
            }
        }
        return out
    }

    static func string<C: Collection>(_ s: C) -> String where C.Element == Unicode.Scalar {
        // Encoding into a stack buffer and decoding that: `UnicodeScalarView.append(contentsOf:)` costs
        // thousands of instructions per call, `String(unsafeUninitializedCapacity:)` hundreds in metadata
        // lookups; short texts (most of ours) become small strings without an allocation.
        var bytes = 0
        for c in s { bytes += utf8Length(c.value) }
        if bytes == 0 { return "" }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes) { buf in
            var k = 0
            for c in s { k = encode(c.value, into: buf, at: k) }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<k]), as: UTF8.self)
        }
    }

    /// Text of `s[r]` (clamped to the array).
    static func string(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String {
        let lo = max(0, r.lowerBound), hi = min(s.count, r.upperBound)
        guard lo < hi else { return "" }
        return string(s[lo..<hi])
    }

    @inline(__always) static func utf8Length(_ v: UInt32) -> Int {
        v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
    }

    @inline(__always) static func encode(_ v: UInt32, into buf: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
        if v < 0x80 {
            buf[k] = UInt8(v)
            return k + 1
        } else if v < 0x800 {
            buf[k] = UInt8(0xC0 | (v >> 6))
            buf[k + 1] = UInt8(0x80 | (v & 0x3F))
            return k + 2
        } else if v < 0x10000 {
            buf[k] = UInt8(0xE0 | (v >> 12))
            buf[k + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            buf[k + 2] = UInt8(0x80 | (v & 0x3F))
            return k + 3
        } else {
            buf[k] = UInt8(0xF0 | (v >> 18))
            buf[k + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            buf[k + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            buf[k + 3] = UInt8(0x80 | (v & 0x3F))
            return k + 4
        }
    }

    /// Text with line breaks and letter spacing removed; a space between two ASCII letters/digits
    /// (`Walker X`) is kept as one space.
    static func compact(_ s: [Unicode.Scalar], _ r: Range<Int>) -> [Unicode.Scalar] {
        let lo = max(0, r.lowerBound), hi = min(s.count, r.upperBound)
        guard lo < hi else { return [] }
        // Written straight into the result: every output scalar consumes at least one input scalar
        // (a kept space stands for the white run before it), so `hi - lo` always suffices.
        return [Unicode.Scalar](unsafeUninitializedCapacity: hi - lo) { out, count in
            var n = 0
            s.withUnsafeBufferPointer { p in
                var i = lo
                var pendingSpace = false
                while i < hi {
                    let c = p[i]
                    let v = c.value
                    if isWhite(v) {
                        pendingSpace = true
                        i += 1
                        continue
                    }
                    if pendingSpace, n > 0, isASCIIAlnum(out[n - 1].value), isASCIIAlnum(v), n < out.count {
                        out[n] = " "
                        n += 1
                    }
                    pendingSpace = false
                    guard n < out.count else { break }
                    out[n] = c
                    n += 1
                    i += 1
                }
            }
            count = n
        }
    }

    /// `compact(s, r)` written into `out` (its storage is reused when `out` holds the only reference).
    static func compact(_ s: [Unicode.Scalar], _ r: Range<Int>, into out: inout [Unicode.Scalar]) {
        out.removeAll(keepingCapacity: true)
        let lo = max(0, r.lowerBound), hi = min(s.count, r.upperBound)
        guard lo < hi else { return }
        out.reserveCapacity(hi - lo)
        var pendingSpace = false
        s.withUnsafeBufferPointer { p in
            for i in lo..<hi {
                let c = p[i]
                let v = c.value
                if isWhite(v) {
                    pendingSpace = true
                    continue
                }
                if pendingSpace, let last = out.last, isASCIIAlnum(last.value), isASCIIAlnum(v) { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
    }

    /// `string(compact(s, r))` without the intermediate scalar array: the text is encoded as it is
    /// compacted. `nonWhite` bounds the non-white scalars in `r` when known (the output then holds at
    /// most twice as many scalars, spaces included), else `r.count` does.
    static func compactString(_ s: [Unicode.Scalar], _ r: Range<Int>, nonWhite: Int? = nil) -> String {
        let lo = max(0, r.lowerBound), hi = min(s.count, r.upperBound)
        guard lo < hi else { return "" }
        let capacity = 4 * min(hi - lo, nonWhite.map { 2 * $0 } ?? Int.max)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buf in
            var k = 0
            var previous: UInt32 = 0     // last scalar written, 0 before the first
            var pendingSpace = false
            s.withUnsafeBufferPointer { p in
                for i in lo..<hi {
                    let v = p[i].value
                    if isWhite(v) {
                        pendingSpace = true
                        continue
                    }
                    if pendingSpace, isASCIIAlnum(previous), isASCIIAlnum(v) {
                        k = encode(0x20, into: buf, at: k)
                    }
                    pendingSpace = false
                    k = encode(v, into: buf, at: k)
                    previous = v
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<k]), as: UTF8.self)
        }
    }


    /// Whether `word` occurs at `i` in `s`, skipping whitespace inside `s` between the word's scalars
    /// (`一 是` matches `一是`). Returns the end offset of the match.
    static func match(_ s: [Unicode.Scalar], at i: Int, _ word: [Unicode.Scalar], skippingSpace: Bool = true,
                      limit: Int? = nil) -> Int? {
        let hi = min(limit ?? s.count, s.count)
        var j = i
        for (k, w) in word.enumerated() {
            if k > 0 && skippingSpace {
                var skipped = 0
                while j < hi, isSpace(s[j].value), skipped < 3 { j += 1; skipped += 1 }
            }
            guard j < hi, s[j] == w else { return nil }
            j += 1
        }
        return j
    }

    /// Whether `t` ends with `suffix` (no allocation).
    @inline(__always) static func hasSuffix(_ t: [Unicode.Scalar], _ suffix: [Unicode.Scalar]) -> Bool {
        t.count >= suffix.count && hasPrefix(t, at: t.count - suffix.count, suffix)
    }

    /// Exact match without skipping.
    @inline(__always) static func hasPrefix(_ s: [Unicode.Scalar], at i: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + word.count <= s.count else { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    /// Value of one Chinese digit: 〇/零 0, 一…九 1…9, 两 2; nil otherwise (十 is not a digit).
    @inline(__always) static func chineseDigit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "〇", "零": return 0
        case "一": return 1
        case "二", "两": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// Value of a Chinese numeral 一…九十九 (also 两, 〇), or nil. Generic so a slice of a buffer is read
    /// in place.
    static func chineseNumeral<C: RandomAccessCollection>(_ s: C) -> Int? where C.Element == Unicode.Scalar {
        let count = s.count
        if count == 0 || count > 3 { return nil }
        @inline(__always) func at(_ k: Int) -> Unicode.Scalar { s[s.index(s.startIndex, offsetBy: k)] }
        @inline(__always) func positive(_ k: Int) -> Int? { chineseDigit(at(k)).flatMap { $0 == 0 ? nil : $0 } }
        if count == 1 { return at(0) == "十" ? 10 : positive(0) }
        if count == 2 {
            if at(0) == "十", let u = positive(1) { return 10 + u }
            if let t = chineseDigit(at(0)), t > 1, at(1) == "十" { return t * 10 }
            return nil
        }
        if let t = chineseDigit(at(0)), t > 1, at(1) == "十", let u = positive(2) { return t * 10 + u }
        return nil
    }

    static func isChineseNumeralScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": return true
        default: return false
        }
    }

    /// Offsets of paragraph breaks: newlines whose preceding non-white scalar ends a sentence, or
    /// that follow a line that is itself blank-separated heading-like content is NOT considered here.
    /// With a real reading view every newline is a paragraph break; with hard-wrapped raw text only
    /// the newlines after 。！？； are.
    static func isParagraphBreak(_ s: [Unicode.Scalar], newlineAt i: Int) -> Bool {
        var j = i - 1
        var steps = 0
        while j >= 0, isWhite(s[j].value), steps < 64 { j -= 1; steps += 1 }
        if j < 0 { return true }
        var v = s[j].value
        // 。” and 。） end a sentence too.
        if v == 0x201D || v == 0xFF09 || v == 0x29 || v == 0x2019 || v == 0x300B {
            if j > 0 { v = s[j - 1].value } else { return true }
            if isSentenceFinal(v) { return true }
            // A sign-off like （鄂 文） ends a paragraph.
            return s[j].value == 0xFF09 || s[j].value == 0x29
        }
        return isSentenceFinal(v)
    }

    static let provinces: [[Unicode.Scalar]] = [
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
        "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
        "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    ].map { Array($0.unicodeScalars) }

    /// Longest province name at `i`, with its 省/市/自治区 suffix when present. Returns the end offset.
    static let provinceSuffixes: [[Unicode.Scalar]] = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"]
        .map { Array($0.unicodeScalars) }

    static func province(in s: [Unicode.Scalar], at i: Int, limit: Int) -> Int? {
        guard i >= 0, i < s.count else { return nil }
        let first = s[i]
        var best: Int?
        for p in provinces where p[0] == first && i + p.count <= limit && hasPrefix(s, at: i, p) {
            if best.map({ i + p.count > $0 }) ?? true { best = i + p.count }
        }
        guard var e = best else { return nil }
        for suf in provinceSuffixes where e + suf.count <= limit && hasPrefix(s, at: e, suf) {
            e += suf.count
            break
        }
        return e
    }
}

/// Numbers distinct scalar sequences in order of first appearance: an open-addressing table keyed by
/// an FNV-1a digest (no `Hasher`, no `Dictionary`), for work that depends on a text alone.
struct ScalarInterner {
    private var slots: [Int]  // -1: empty, else a number
    private var digests: [UInt64] = []
    private var keys: [[Unicode.Scalar]] = []

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2, capacity < 1 << 40 { capacity <<= 1 }
        slots = [Int](repeating: -1, count: capacity)
    }

    private static func digest(_ key: [Unicode.Scalar]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in key { h = (h ^ UInt64(c.value)) &* 0x100_0000_01B3 }
        return h
    }

    /// The number of `key` (a new key gets the next one) and the array kept for it: the first equal
    /// key's, so equal texts share one storage.
    mutating func intern(_ key: [Unicode.Scalar]) -> (id: Int, key: [Unicode.Scalar]) {
        let d = Self.digest(key)
        if let found = lookup(key, d) { return (found, keys[found]) }
        if (keys.count + 1) * 2 > slots.count { grow() }
        let id = keys.count
        keys.append(key)
        digests.append(d)
        place(id, d)
        return (id, key)
    }

    private func lookup(_ key: [Unicode.Scalar], _ d: UInt64) -> Int? {
        let mask = slots.count - 1
        var h = Int(truncatingIfNeeded: d >> 17) & mask
        while true {
            let id = slots[h]
            if id < 0 { return nil }
            if digests[id] == d && keys[id] == key { return id }
            h = (h + 1) & mask
        }
    }

    private mutating func place(_ id: Int, _ d: UInt64) {
        let mask = slots.count - 1
        var h = Int(truncatingIfNeeded: d >> 17) & mask
        while slots[h] >= 0 { h = (h + 1) & mask }
        slots[h] = id
    }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        for id in keys.indices { place(id, digests[id]) }
    }
}
