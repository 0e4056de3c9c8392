import PolicyText

/// Line/column positions of scalar offsets in any encoding, without copying the text.
/// Lines end at \n, \r\n or \r (as in `DocumentText`). Columns in UTF-8/UTF-16 are counted from
/// checkpoints every 64 scalars, so one lookup costs O(log lines + 64) even on a 5 MB line.
public struct LineIndex: Sendable {
    /// Scalar offset where each line starts.
    public let lineStarts: [Int]
    private let utf8Checkpoints: [Int]
    private let utf16Checkpoints: [Int]
    private let count: Int
    private static let stride = 64

    public init(_ scalars: [Unicode.Scalar]) {
        var starts = [0]
        var c8: [Int] = [], c16: [Int] = []
        c8.reserveCapacity(scalars.count / LineIndex.stride + 1)
        c16.reserveCapacity(scalars.count / LineIndex.stride + 1)
        var u8 = 0, u16 = 0
        var i = 0
        let n = scalars.count
        while i < n {
            if i % LineIndex.stride == 0 { c8.append(u8); c16.append(u16) }
            let v = scalars[i].value
            u8 += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
            u16 += v < 0x10000 ? 1 : 2
            if v == 0x0A {
                starts.append(i + 1)
            } else if v == 0x0D {
                if i + 1 < n && scalars[i + 1].value == 0x0A {
                    // \r\n: the line starts after the \n; count the \n on the next pass.
                } else {
                    starts.append(i + 1)
                }
            }
            i += 1
        }
        c8.append(u8); c16.append(u16)
        lineStarts = starts
        utf8Checkpoints = c8
        utf16Checkpoints = c16
        count = n
    }

    public var lineCount: Int { lineStarts.count }

    /// Zero-based line containing `offset` (clamped to the text).
    public func line(of offset: Int) -> Int {
        let o = max(0, min(offset, count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Code units of `encoding` before scalar offset `o`.
    private func units(before o: Int, in scalars: [Unicode.Scalar], encoding: PositionEncoding) -> Int {
        if encoding == .utf32 { return o }
        let block = o / LineIndex.stride
        let table = encoding == .utf8 ? utf8Checkpoints : utf16Checkpoints
        guard block < table.count else { return o }
        var u = table[block]
        var k = block * LineIndex.stride
        while k < o && k < scalars.count {
            let v = scalars[k].value
            if encoding == .utf8 { u += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4 } else { u += v < 0x10000 ? 1 : 2 }
            k += 1
        }
        return u
    }

    /// Zero-based line and column of a scalar offset. `scalars` must be the text the index was built from.
    public func position(of offset: Int, in scalars: [Unicode.Scalar], encoding: PositionEncoding) -> TextPosition {
        let o = max(0, min(offset, count))
        let l = line(of: o)
        let start = lineStarts[l]
        let column = units(before: o, in: scalars, encoding: encoding) - units(before: start, in: scalars, encoding: encoding)
        return TextPosition(line: l, character: column)
    }
}
