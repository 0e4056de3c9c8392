/// Decoding a `String` into the scalar array the analysis works on. `Array(string.unicodeScalars)`
/// walks the string through its generic iterator and costs ~25 instructions a byte; a String's UTF-8 is
/// already valid, so a straight decode over its contiguous bytes is several times cheaper.
public enum UTF8Decoding {
    public static func scalars(of string: String) -> [Unicode.Scalar] {
        var string = string
        string.makeContiguousUTF8()
        return string.utf8.withContiguousStorageIfAvailable { decode(validUTF8: $0) }
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
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count - start) { out, written in
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

    /// Decodes bytes known to be valid UTF-8 (as a String's are). Never reads past the buffer, so a
    /// truncated sequence at the end cannot trap; it is dropped.
    static func decode(validUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return [] }
        return [Unicode.Scalar](unsafeUninitializedCapacity: n) { out, count in
            out.withMemoryRebound(to: UInt32.self) { words in
                var i = 0, k = 0
                while i < n {
                    let b0 = UInt32(base[i])
                    // Chinese text is mostly three-byte sequences, then ASCII: test those first.
                    if b0 & 0xF0 == 0xE0 {
                        guard i + 2 < n else { break }
                        words[k] = (b0 & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
                        i += 3
                    } else if b0 < 0x80 {
                        words[k] = b0
                        i += 1
                    } else if b0 < 0xE0 {
                        guard i + 1 < n else { break }
                        words[k] = (b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
                        i += 2
                    } else {
                        guard i + 3 < n else { break }
                        words[k] = (b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12
                            | UInt32(base[i + 2] & 0x3F) << 6 | UInt32(base[i + 3] & 0x3F)
                        i += 4
                    }
                    k += 1
                }
                count = k
            }
        }
    }
}
