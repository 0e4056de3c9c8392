extension SIMDMask where Storage == SIMD4<Int32> {
    /// How many lanes from the first are true before the first false one (4 when all are): the vector
    /// scans take that many elements of a block and handle the one that stopped them on its own.
    @inline(__always) var leadingTrueLanes: Int {
        let lanes = unsafeBitCast(self, to: SIMD4<Int32>.self) & SIMD4(1, 2, 4, 8)
        return (~lanes.wrappedSum()).trailingZeroBitCount
    }
}
