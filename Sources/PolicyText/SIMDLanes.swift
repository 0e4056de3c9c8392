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
