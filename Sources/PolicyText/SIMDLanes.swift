extension SIMDMask where Storage == SIMD4<Int32> {
    /// How many lanes from the first are true before the first false one (4 when all are): the vector
    /// scans take that many elements of a block and handle the one that stopped them on its own.
    @inline(__always) var leadingTrueLanes: Int {
        let lanes = unsafeBitCast(self, to: SIMD4<Int32>.self) & SIMD4(1, 2, 4, 8)
        return (~lanes.wrappedSum()).trailingZeroBitCount
    }
}

extension SIMDMask where Storage == SIMD16<Int8> {
    /// Bit k set when lane k is true: the lanes narrowed to one bit each, each group of eight gathered
    /// into a byte by one multiplication, so a scan can visit only the true lanes.
    @inlinable @inline(__always) public var laneBits: UInt32 {
        let ones = unsafeBitCast(self, to: SIMD16<UInt8>.self) & SIMD16(repeating: 1)
        let halves = unsafeBitCast(ones, to: SIMD2<UInt64>.self)
        let gather: UInt64 = 0x0102_0408_1020_4080
        return UInt32(truncatingIfNeeded: (halves[0] &* gather) >> 56 | ((halves[1] &* gather) >> 56) << 8)
    }
}

extension SIMD16 where Scalar == UInt8 {
    /// The sum of the lanes, without wrapping: in each half, even and odd bytes added as 16-bit lanes, and
    /// those four gathered into the top 16 bits by one multiplication.
    @inline(__always) var byteSum: Int {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        let even: UInt64 = 0x00FF_00FF_00FF_00FF, spread: UInt64 = 0x0001_0001_0001_0001
        let pairs = (halves[0] & even) &+ (halves[0] >> 8 & even) &+ (halves[1] & even) &+ (halves[1] >> 8 & even)
        return Int(truncatingIfNeeded: (pairs &* spread) >> 48)
    }
}

extension SIMDMask where Storage == SIMD16<Int32> {
    /// Bit k set when lane k is true (the lanes narrowed to bytes first).
    @inlinable @inline(__always) public var laneBits: UInt32 {
        let bytes = SIMD16<Int8>(truncatingIfNeeded: unsafeBitCast(self, to: SIMD16<Int32>.self))
        return unsafeBitCast(bytes, to: SIMDMask<SIMD16<Int8>>.self).laneBits
    }
}

/// Per-scalar class bytes, for the scans that then test sixteen positions at a time instead of branching
/// on every scalar.
public enum ClassBytes {
    /// Writes the class of each scalar of `s` to `out[0..<s.count]`: `table[v]` (64 K entries, read by the
    /// scalar's low 16 bits: one load and no branch per scalar), or `astral(v)` for a scalar above the BMP
    /// (looked up again when the or of all the scalars shows there is one).
    public static func load(_ s: UnsafeBufferPointer<Unicode.Scalar>, table: UnsafePointer<UInt8>,
                            into out: UnsafeMutablePointer<UInt8>, astral: (UInt32) -> UInt8) {
        withoutActuallyEscaping(astral) { gather(s, OneTable(table: table, out: out, astral: $0)) }
    }

    /// One text's classes by one table, each scalar above the BMP in the target's astral class.
    public static func load(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Target) {
        gather(s, a)
    }

    /// One text's classes by two tables, in one pass: each scalar is loaded once for both.
    public static func load(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Target, _ b: Target) {
        gather(s, TwoTables(a: a, b: b))
    }

    /// One text's classes by three tables, in one pass: each scalar is loaded once for all three (three
    /// passes over the reading text cost twice the loads and loop work again).
    public static func load(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Target, _ b: Target, _ c: Target) {
        gather(s, ThreeTables(a: a, b: b, c: c))
    }

    /// A class table, where its classes go, and the class of every scalar above the BMP.
    public struct Target: Targets {
        let table: UnsafePointer<UInt8>
        let out: UnsafeMutablePointer<UInt8>
        let astral: UInt8
        public init(table: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, astral: UInt8) {
            self.table = table
            self.out = out
            self.astral = astral
        }
        @inline(__always) func put(_ i: Int, _ low: Int) { out[i] = table[low] }
        @inline(__always) func putAstral(_ i: Int, _ v: UInt32) { out[i] = astral }
    }

    fileprivate protocol Targets {
        /// Class of scalar i, whose low 16 bits are `low`.
        func put(_ i: Int, _ low: Int)
        /// Class of scalar i, above the BMP.
        func putAstral(_ i: Int, _ v: UInt32)
    }

    private struct OneTable: Targets {
        let table: UnsafePointer<UInt8>, out: UnsafeMutablePointer<UInt8>, astral: (UInt32) -> UInt8
        @inline(__always) func put(_ i: Int, _ low: Int) { out[i] = table[low] }
        @inline(__always) func putAstral(_ i: Int, _ v: UInt32) { out[i] = astral(v) }
    }

    private struct TwoTables: Targets {
        let a: Target, b: Target
        @inline(__always) func put(_ i: Int, _ low: Int) { a.put(i, low); b.put(i, low) }
        @inline(__always) func putAstral(_ i: Int, _ v: UInt32) { a.putAstral(i, v); b.putAstral(i, v) }
    }

    private struct ThreeTables: Targets {
        let a: Target, b: Target, c: Target
        @inline(__always) func put(_ i: Int, _ low: Int) { a.put(i, low); b.put(i, low); c.put(i, low) }
        @inline(__always) func putAstral(_ i: Int, _ v: UInt32) { a.putAstral(i, v); b.putAstral(i, v); c.putAstral(i, v) }
    }

    @inline(__always)
    private static func gather<T: Targets>(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ targets: T) {
        guard let source = s.baseAddress else { return }
        let n = s.count
        let raw = UnsafeRawPointer(source)
        @inline(__always) func low(_ i: Int) -> Int { Int(raw.load(fromByteOffset: i &* 4, as: UInt16.self)) }
        var high = SIMD4<UInt32>(repeating: 0)
        var i = 0
        while i &+ 16 <= n {
            for k in 0..<16 { targets.put(i &+ k, low(i &+ k)) }
            for k in 0..<4 { high |= raw.loadUnaligned(fromByteOffset: (i &+ 4 &* k) &* 4, as: SIMD4<UInt32>.self) }
            i &+= 16
        }
        while i < n {
            targets.put(i, low(i))
            high[0] |= source[i].value
            i &+= 1
        }
        if any(high .> 0xFFFF) {
            for k in 0..<n where source[k].value > 0xFFFF { targets.putAstral(k, source[k].value) }
        }
    }
}
