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
