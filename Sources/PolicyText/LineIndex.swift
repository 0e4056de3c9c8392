/// Line starts plus per-line facts that make position conversion cheap:
/// - flags say whether a line's content is ASCII-only (UTF-8 column == scalar column) or BMP-only
///   (UTF-16 column == scalar column), so the common case is O(1);
/// - long lines that are not ASCII get checkpoints: cumulative UTF-8 / UTF-16 units every
///   `stride` scalars, so a column in a 5 MB line costs a binary search plus a scan of < `stride`.
struct LineIndex: Sendable {
    static let stride = 256
    static let longLine = 1024

    static let asciiFlag: UInt8 = 1
    static let bmpFlag: UInt8 = 2

    struct Checkpoints: Sendable, Equatable {
        /// Units before scalar `k * stride` of the line (k = 0, 1, …).
        var utf8: [Int]
        var utf16: [Int]
    }

    /// Start offset of every line; `starts[0] == 0`, never empty.
    private(set) var starts: [Int] = [0]
    private(set) var flags: [UInt8] = [LineIndex.asciiFlag | LineIndex.bmpFlag]
    /// Keyed by line number; only long non-ASCII lines.
    private(set) var checkpoints: [Int: Checkpoints] = [:]

    init(_ scalars: [Unicode.Scalar]) {
        let scanned = Self.scan(scalars, from: 0, to: scalars.count, limitIsBreak: false)
        starts = scanned.starts
        flags = scanned.flags
        for (k, v) in scanned.checkpoints { checkpoints[k] = v }
    }

    /// An index whose line starts and flags were found elsewhere (while decoding); the checkpoints of
    /// long lines are taken here.
    init(_ scalars: [Unicode.Scalar], starts: [Int], flags: [UInt8]) {
        self.starts = starts
        self.flags = flags
        // The content is no longer than the span to the next line: only lines spanning more than `longLine`
        // scalars are looked at again (found over the raw starts, as lines are many and nearly all short).
        var long: [Int] = []
        starts.withUnsafeBufferPointer { st in
            for line in 0..<max(st.count - 1, 0) where st[line &+ 1] &- st[line] > Self.longLine { long.append(line) }
        }
        if let last = starts.last, scalars.count - last > Self.longLine { long.append(starts.count - 1) }
        for line in long where line < flags.count && flags[line] & Self.asciiFlag == 0 {
            let s = starts[line], e = contentEnd(line, in: scalars)
            if e - s > Self.longLine { checkpoints[line] = Self.checkpoints(scalars, s, e) }
        }
    }

    var lineCount: Int { starts.count }

    /// The line containing `offset` (an offset inside a terminator belongs to the line it ends).
    func line(containing offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        if offset <= 0 { return 0 }
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// End of the line's content (before its terminator).
    func contentEnd(_ line: Int, in scalars: [Unicode.Scalar]) -> Int {
        guard line + 1 < starts.count else { return scalars.count }
        let next = starts[line + 1]
        if next >= 2, next - 2 >= starts[line], scalars[next - 1] == "\n", scalars[next - 2] == "\r" {
            return next - 2
        }
        return next - 1
    }

    // MARK: conversion

    /// Column of `offset` (clamped into the line's content) in `encoding`.
    func column(of offset: Int, line: Int, in scalars: [Unicode.Scalar], encoding: PositionEncoding) -> Int {
        let s = starts[line]
        let o = min(max(offset, s), contentEnd(line, in: scalars))
        if isTrivial(line, encoding) { return o - s }
        var i = s, u = 0
        if let cp = checkpoints[line] {
            let k = (o - s) / Self.stride
            let cum = encoding == .utf8 ? cp.utf8 : cp.utf16
            if k < cum.count {
                i = s + k * Self.stride
                u = cum[k]
            }
        }
        while i < o {
            u += encoding.units(scalars[i].value)
            i += 1
        }
        return u
    }

    /// Offset of `column` in `line`: clamps to the content end, rounds down inside a multi-unit scalar.
    func offset(ofColumn column: Int, line: Int, in scalars: [Unicode.Scalar], encoding: PositionEncoding) -> Int {
        let s = starts[line]
        let e = contentEnd(line, in: scalars)
        if column <= 0 { return s }
        if isTrivial(line, encoding) { return column >= e - s ? e : s + column }
        var i = s, u = 0
        if let cp = checkpoints[line] {
            let cum = encoding == .utf8 ? cp.utf8 : cp.utf16
            // Largest k with cum[k] <= column.
            var lo = 0, hi = cum.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) >> 1
                if cum[mid] <= column { lo = mid } else { hi = mid - 1 }
            }
            if lo < cum.count, lo >= 0 {
                i = s + lo * Self.stride
                u = cum[lo]
            }
        }
        while i < e {
            let w = encoding.units(scalars[i].value)
            if u + w > column { break }
            u += w
            i += 1
        }
        return i
    }

    @inline(__always)
    private func isTrivial(_ line: Int, _ encoding: PositionEncoding) -> Bool {
        switch encoding {
        case .utf32: return true
        case .utf16: return flags[line] & Self.bmpFlag != 0
        case .utf8: return flags[line] & Self.asciiFlag != 0
        }
    }

    // MARK: editing

    /// Update the index after `scalars` had `oldRange` (old offsets) replaced by `newCount` scalars.
    /// Only the lines around the edit are rescanned; later line starts are shifted.
    mutating func update(after scalars: [Unicode.Scalar], replaced oldRange: Range<Int>, newCount: Int) {
        let delta = newCount - oldRange.count
        let sL = line(containing: oldRange.lowerBound)
        let eL = line(containing: oldRange.upperBound)
        // Start one line earlier: its "\r" terminator may now be followed by an inserted "\n".
        let first = max(sL - 1, 0)
        let r0 = starts[first]
        let hasNext = eL + 1 < starts.count
        // The break before line eL+1 survives: its terminator's last scalar lies after the edit.
        let r1 = hasNext ? starts[eL + 1] + delta : scalars.count
        let scanned = Self.scan(scalars, from: r0, to: r1, limitIsBreak: hasNext)
        if hasNext && scanned.end != r1 {
            self = LineIndex(scalars)  // Defensive: cannot happen by the argument above.
            return
        }
        let removedLines = eL - first + 1
        let lineDelta = scanned.starts.count - removedLines
        if hasNext {
            for k in (eL + 1)..<starts.count { starts[k] += delta }
        }
        starts.replaceSubrange(first...eL, with: scanned.starts)
        flags.replaceSubrange(first...eL, with: scanned.flags)
        if !checkpoints.isEmpty || !scanned.checkpoints.isEmpty {
            var moved: [Int: Checkpoints] = [:]
            for (k, v) in checkpoints {
                if k < first { moved[k] = v } else if k > eL { moved[k + lineDelta] = v }
            }
            for (k, v) in scanned.checkpoints { moved[first + k] = v }
            checkpoints = moved
        }
    }

    struct Scan {
        var starts: [Int] = []
        var flags: [UInt8] = []
        /// Keyed by line number relative to the first scanned line.
        var checkpoints: [(Int, Checkpoints)] = []
        /// Start of the line after the scanned ones (or the text end).
        var end: Int = 0
    }

    /// Lines starting at `from` (a line start). With `limitIsBreak`, scanning stops at `limit`, which
    /// must be the start of a following line (checked by the caller through `end`); otherwise the scan
    /// runs to the text end and includes the last line.
    static func scan(_ scalars: [Unicode.Scalar], from: Int, to limit: Int, limitIsBreak: Bool) -> Scan {
        var out = Scan()
        let n = scalars.count
        let stop = min(limit, n)
        var lineStart = from
        // Lines end rarely: the search for the next terminator runs over the raw buffer.
        scalars.withUnsafeBufferPointer { buffer in
            guard let s = buffer.baseAddress else { return }
            var i = from
            var maxValue: UInt32 = 0
            while i < stop {
                let v = s[i].value
                if v == 0x0A || v == 0x0D {
                    finishLine(&out, scalars, lineStart, i, maxValue)
                    var next = i + 1
                    if v == 0x0D, next < n, s[next].value == 0x0A { next += 1 }
                    maxValue = 0
                    lineStart = next
                    i = next
                    continue
                }
                maxValue = max(maxValue, v)
                i += 1
            }
            if !limitIsBreak { finishLine(&out, scalars, lineStart, n, maxValue) }
        }
        // An empty array may have no buffer at all: it is one empty line.
        if !limitIsBreak && out.starts.last != lineStart { finishLine(&out, scalars, lineStart, n, 0) }
        out.end = limitIsBreak ? lineStart : n
        return out
    }

    private static func finishLine(_ out: inout Scan, _ scalars: [Unicode.Scalar], _ s: Int, _ e: Int,
                                   _ maxValue: UInt32) {
        var f: UInt8 = 0
        if maxValue < 0x80 { f |= asciiFlag }
        if maxValue < 0x1_0000 { f |= bmpFlag }
        let rel = out.starts.count
        out.starts.append(s)
        out.flags.append(f)
        if e - s > longLine && maxValue >= 0x80 { out.checkpoints.append((rel, checkpoints(scalars, s, e))) }
    }

    /// Units before every `stride`-th scalar of the line content [s, e).
    private static func checkpoints(_ scalars: [Unicode.Scalar], _ s: Int, _ e: Int) -> Checkpoints {
        var u8 = [Int](), u16 = [Int]()
        u8.reserveCapacity((e - s) / stride + 1)
        u16.reserveCapacity((e - s) / stride + 1)
        var c8 = 0, c16 = 0
        var i = s
        while i < e {
            if (i - s) % stride == 0 { u8.append(c8); u16.append(c16) }
            let v = scalars[i].value
            c8 += PositionEncoding.utf8.units(v)
            c16 += v < 0x1_0000 ? 1 : 2
            i += 1
        }
        return Checkpoints(utf8: u8, utf16: u16)
    }
}
