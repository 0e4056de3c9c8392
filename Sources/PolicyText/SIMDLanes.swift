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
        guard let source = s.baseAddress else { return }
        let n = s.count
        let raw = UnsafeRawPointer(source)
        @inline(__always) func lowClass(_ i: Int) -> UInt8 { table[Int(raw.load(fromByteOffset: i &* 4, as: UInt16.self))] }
        var high = SIMD4<UInt32>(repeating: 0)
        var i = 0
        while i &+ 16 <= n {
            for k in 0..<16 { out[i &+ k] = lowClass(i &+ k) }
            for k in 0..<4 { high |= raw.loadUnaligned(fromByteOffset: (i &+ 4 &* k) &* 4, as: SIMD4<UInt32>.self) }
            i &+= 16
        }
        while i < n {
            out[i] = lowClass(i)
            high[0] |= source[i].value
            i &+= 1
        }
        if any(high .> 0xFFFF) {
            for k in 0..<n where source[k].value > 0xFFFF { out[k] = astral(source[k].value) }
        }
    }
}
