/// Decoding a `String` into the scalar array the analysis works on. `Array(string.unicodeScalars)`
/// walks the string through its generic iterator and costs ~25 instructions a byte; a String's UTF-8 is
/// already valid, so a straight decode over its contiguous bytes is several times cheaper.
public enum UTF8Decoding {
    public static func scalars(of string: String) -> [Unicode.Scalar] {
        var string = string
        string.makeContiguousUTF8()
        return string.utf8.withContiguousStorageIfAvailable { decodeFindingLines(validUTF8: $0, isString: true).scalars }
            ?? Array(string.unicodeScalars)
    }

    /// Where bytes stop being UTF-8: the offset of the first byte of the ill-formed sequence.
    public struct InvalidUTF8: Error, Equatable {
        public var byteOffset: Int
    }

    /// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF), one leading byte-order mark
    /// dropped: what `String(data:encoding: .utf8)` accepts and yields. Files read from disk (the batch
    /// commands, the workspace index) are decoded here, straight from their bytes.
    public static func scalars(strictUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Result<[Unicode.Scalar], InvalidUTF8> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var failure: Int?
        // Each scalar written has its own lead byte, so invalid input never writes past the count.
        let body = UnsafeBufferPointer(rebasing: bytes[start...])
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: leadByteCount(body)) { out, written in
            let n = bytes.count
            var i = start, k = 0
            while i < n {
                let b0 = UInt32(bytes[i])
                if b0 < 0x80 {
                    out[k] = Unicode.Scalar(UInt8(b0)); k += 1; i += 1
                    continue
                }
                var value: UInt32 = 0
                var length = 1
                var low: UInt32 = 0x80, high: UInt32 = 0xBF  // allowed range of the second byte (Unicode table 3-7)
                switch b0 {
                case 0xC2...0xDF: length = 2; value = b0 & 0x1F
                case 0xE0...0xEF:
                    length = 3; value = b0 & 0x0F
                    if b0 == 0xE0 { low = 0xA0 } else if b0 == 0xED { high = 0x9F }
                case 0xF0...0xF4:
                    length = 4; value = b0 & 0x07
                    if b0 == 0xF0 { low = 0x90 } else if b0 == 0xF4 { high = 0x8F }
                default: failure = i
                }
                guard failure == nil, i + length <= n else { failure = i; break }
                let b1 = UInt32(bytes[i + 1])
                guard b1 >= low, b1 <= high else { failure = i; break }
                value = value << 6 | (b1 & 0x3F)
                var j = 2
                while j < length {
                    let b = UInt32(bytes[i + j])
                    guard b & 0xC0 == 0x80 else { failure = i; break }
                    value = value << 6 | (b & 0x3F)
                    j += 1
                }
                guard failure == nil else { break }
                // The byte ranges above admit no surrogate and nothing past U+10FFFF.
                out[k] = unsafeBitCast(value, to: Unicode.Scalar.self); k += 1; i += length
            }
            written = k
        }
        if let failure { return .failure(InvalidUTF8(byteOffset: failure)) }
        return .success(scalars)
    }

    /// The scalars of a string and the index of its lines, found in one pass over its UTF-8: in valid
    /// UTF-8, line breaks are the ASCII bytes \n and \r, and a line's flags follow from its longest sequence.
    static func scalarsAndLines(of string: String) -> ([Unicode.Scalar], LineIndex) {
        var string = string
        string.makeContiguousUTF8()
        if let decoded = string.utf8.withContiguousStorageIfAvailable({ bytes in
            let decoded = decodeFindingLines(validUTF8: bytes, isString: true)
            return (decoded.scalars, LineIndex(decoded.scalars, starts: decoded.starts, flags: decoded.flags))
        }) {
            return decoded
        }
        let scalars = Array(string.unicodeScalars)
        return (scalars, LineIndex(scalars))
    }

    /// The same decoder over bytes that need not come from a String (tests feed it ill-formed ones): never
    /// reads past the buffer, so a truncated sequence at the end cannot trap; it is dropped.
    static func decode(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        decodeFindingLines(validUTF8: bytes, isString: false).scalars
    }

    /// The bytes that are not continuation bytes (10xxxxxx): in valid UTF-8, its scalars; in any bytes,
    /// at least the scalars a strict decode writes, each of which starts at one. The decoders size their
    /// arrays with it: an array sized by the byte count took up to four times the memory the scalars need,
    /// and over 32 MB (a 20 MB document) glibc maps such a block anew for every decode, a page fault for
    /// every page written.
    static func leadByteCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        var continuation = 0
        var i = 0
        // Eight bytes a word: a continuation byte has its top bit set and the next one clear, which leaves
        // a 1 in that byte's lowest bit. The bytes add up in place for up to 255 words, then are summed
        // with one multiply (the target has no popcount instruction to count bits with).
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= n {
            // A counted loop over plain words, which the compiler vectorizes.
            let words = min(255, (n &- i) / 8)
            var lanes: UInt64 = 0
            for k in 0..<words {
                let x = raw.loadUnaligned(fromByteOffset: i &+ 8 &* k, as: UInt64.self)
                lanes &+= (x & ~(x &<< 1)) &>> 7 & ones
            }
            i &+= 8 &* words
            // Each byte holds at most 255; adding them as 16-bit lanes keeps the sum exact.
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ (lanes &>> 8 & 0x00FF_00FF_00FF_00FF)
            continuation &+= Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) &>> 48)
        }
        while i < n {
            if base[i] & 0xC0 == 0x80 { continuation &+= 1 }
            i &+= 1
        }
        return n &- continuation
    }

    /// The scalars, with the starts and flags of their lines (see `LineIndex`). `isString`: the bytes are
    /// a String's, so certainly valid, and the array is sized to their scalars. Other bytes may be
    /// ill-formed (read leniently, a stray continuation byte as a lead), so it is sized to the bytes.
    private static func decodeFindingLines(validUTF8 bytes: UnsafeBufferPointer<UInt8>, isString: Bool)
        -> (scalars: [Unicode.Scalar], starts: [Int], flags: [UInt8]) {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return ([], [0], [LineIndex.asciiFlag | LineIndex.bmpFlag]) }
        var starts: [Int] = [0]
        var flags: [UInt8] = [LineIndex.asciiFlag | LineIndex.bmpFlag]
        let both = LineIndex.asciiFlag | LineIndex.bmpFlag
        // Four more than the scalars: the three-byte loop stores four lanes at a time.
        let capacity = isString ? leadByteCount(bytes) + 4 : n + 4
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { out, count in
            out.withMemoryRebound(to: UInt32.self) { words in
                guard let w = words.baseAddress else { return }
                let raw = UnsafeRawPointer(base)
                // Every line break, as the start of the next line shifted left 2 over the flags of the line it
                // ends, in a plain local buffer (a line every few dozen bytes is typical): appending to two
                // arrays cost more than decoding the rest of a short line.
                var breakCapacity = n / 32 + 2
                var breaks = UnsafeMutablePointer<Int>.allocate(capacity: breakCapacity)
                defer { breaks.deallocate() }
                var breakCount = 0
                var i = 0, k = 0
                // Flags cleared by the current line's sequences: ASCII by 2–4 bytes, BMP by 4.
                var cleared: UInt8 = 0
                decoding: while i < n {
                    let b0 = UInt32(base[i])
                    // Chinese text is mostly three-byte sequences, then ASCII: test those first.
                    if b0 & 0xF0 == 0xE0 {
                        cleared |= LineIndex.asciiFlag
                        // Two three-byte sequences from one 8-byte load (little-endian: the first byte is the
                        // lowest), two such loads per round while they last; the pattern checks both lead bytes
                        // and all four continuations. The pair's scalars land in bits 0–15 and 24–39.
                        @inline(__always) func load(_ at: Int) -> UInt64 {
                            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                        }
                        @inline(__always) func isPair(_ x: UInt64) -> Bool { x & 0xC0C0F0_C0C0F0 == 0x8080E0_8080E0 }
                        @inline(__always) func decodePair(_ x: UInt64, at k: Int) {
                            let m = x & 0x3F3F0F_3F3F0F
                            let pair = (m & 0x0F00_000F) << 12 | (m & 0x3F_0000_3F00) >> 2 | (m & 0x3F00_003F_0000) >> 16
                            w[k] = UInt32(truncatingIfNeeded: pair) & 0xFFFF
                            w[k &+ 1] = UInt32(truncatingIfNeeded: pair >> 24) & 0xFFFF
                        }
                        while i &+ 14 <= n {
                            let x = SIMD2(load(i), load(i &+ 6))
                            // Each pair's second sequence moved up to bits 32–55: as 32-bit lanes, the four
                            // sequences in order (lowest byte first, a stray byte on top), checked and decoded lane
                            // by lane.
                            let t = unsafeBitCast(x & 0xFFFF_FFFF | (x &>> 24) &<< 32, to: SIMD4<UInt32>.self)
                            let valid = t & 0xC0C0F0 .== 0x8080E0
                            let quad = (t & 0x0F) &<< 12 | (t & 0x3F00) &>> 2 | (t &>> 16) & 0x3F
                            // All four lanes are stored (k + 4 <= capacity); lanes from the
                            // first invalid sequence on are not counted, and the next scalars written overwrite them.
                            UnsafeMutableRawPointer(w + k).storeBytes(of: quad, as: SIMD4<UInt32>.self)
                            if all(valid) {
                                i &+= 12
                                k &+= 4
                                continue
                            }
                            // The valid sequences before the first other one are kept. In valid UTF-8 a scalar of
                            // another length comes next: back to the dispatch. (An ill-formed three-byte sequence
                            // goes on to the lenient decode below, which moves past it.)
                            let leading = valid.leadingTrueLanes
                            i &+= 3 &* leading
                            k &+= leading
                            if base[i] & 0xF0 != 0xE0 { continue decoding }
                            break
                        }
                        while i &+ 8 <= n {
                            let x = load(i)
                            guard isPair(x) else { break }
                            decodePair(x, at: k)
                            i &+= 6
                            k &+= 2
                        }
                        let c = UInt32(base[i])
                        guard c & 0xF0 == 0xE0 else { continue }
                        guard i + 2 < n else { break }
                        w[k] = (c & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
                        i += 3
                    } else if b0 < 0x80 {
                        w[k] = b0
                        i += 1
                        if b0 <= 0x0D, b0 == 0x0A || b0 == 0x0D {
                            if b0 == 0x0D, i < n, base[i] == 0x0A {
                                k += 1
                                w[k] = 0x0A
                                i += 1
                            }
                            if breakCount == breakCapacity {
                                let larger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * breakCapacity)
                                larger.moveInitialize(from: breaks, count: breakCount)
                                breaks.deallocate()
                                breaks = larger
                                breakCapacity *= 2
                            }
                            breaks[breakCount] = (k + 1) << 2 | Int(both & ~cleared)
                            breakCount += 1
                            cleared = 0
                        } else {
                            // ASCII comes in runs (numbers, Latin words): the rest of the run, up to a line break
                            // or anything else, needs none of the tests above.
                            while i < n {
                                let c = UInt32(base[i])
                                guard c &- 0x0E < 0x80 &- 0x0E else { break }
                                k &+= 1
                                w[k] = c
                                i &+= 1
                            }
                        }
                    } else if b0 < 0xE0 {
                        guard i + 1 < n else { break }
                        cleared |= LineIndex.asciiFlag
                        w[k] = (b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
                        i += 2
                    } else {
                        guard i + 3 < n else { break }
                        cleared |= both
                        w[k] = (b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12
                            | UInt32(base[i + 2] & 0x3F) << 6 | UInt32(base[i + 3] & 0x3F)
                        i += 4
                    }
                    k += 1
                }
                count = k
                starts = [Int](unsafeUninitializedCapacity: breakCount + 1) { out, count in
                    out[0] = 0
                    for b in 0..<breakCount { out[b + 1] = breaks[b] >> 2 }
                    count = breakCount + 1
                }
                flags = [UInt8](unsafeUninitializedCapacity: breakCount + 1) { out, count in
                    for b in 0..<breakCount { out[b] = UInt8(truncatingIfNeeded: breaks[b] & 3) }
                    out[breakCount] = both & ~cleared
                    count = breakCount + 1
                }
            }
        }
        return (scalars, starts, flags)
    }
}
