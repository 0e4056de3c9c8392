/// Character classes used by the reading view. Plain range checks on scalar values: no Foundation,
/// no String, so they stay cheap in hot loops.
enum ScalarClass {
    @inline(__always) static func isIdeograph(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x2_0000 && v <= 0x3_FFFF)
    }

    /// CJK and full-width punctuation, and the general punctuation Chinese text sets full width
    /// (quotes, dashes, ellipsis, middle dot).
    @inline(__always) static func isCJKPunctuation(_ v: UInt32) -> Bool {
        (v >= 0x3000 && v <= 0x303F) || (v >= 0xFF01 && v <= 0xFF0F) || (v >= 0xFF1A && v <= 0xFF20)
            || (v >= 0xFF3B && v <= 0xFF40) || (v >= 0xFF5B && v <= 0xFF65) || (v >= 0x2014 && v <= 0x2026)
            || v == 0x00B7 || (v >= 0xFE10 && v <= 0xFE4F)
    }

    /// Ideograph or CJK punctuation: characters between which typesetting spaces are noise.
    @inline(__always) static func isCJK(_ v: UInt32) -> Bool { isIdeograph(v) || isCJKPunctuation(v) }

    @inline(__always) static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    @inline(__always) static func isLatinLetter(_ v: UInt32) -> Bool {
        (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// Spaces trimmed at line ends; a line of only these is blank.
    @inline(__always) static func isHorizontalSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x3000 || v == 0xA0 || v == 0x0B || v == 0x0C || v == 0xFEFF
    }

    /// Printed width in half-em units: CJK and full-width forms take a full em.
    @inline(__always) static func halfWidths(_ v: UInt32) -> Int {
        if v < 0x1100 { return 1 }
        if v >= 0x4E00 && v <= 0x9FFF { return 2 }
        if isIdeograph(v) || isCJKPunctuation(v) || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1FAFF) {
            return 2
        }
        return 1
    }

    /// Punctuation after which a line ends a paragraph (when it is the line's last character, or is
    /// followed only by closing quotes/brackets).
    @inline(__always) static func isSentenceFinal(_ v: UInt32) -> Bool {
        switch v {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x2026, 0x21, 0x3F, 0x3B, 0x3A, 0xFF61: return true
        default: return false
        }
    }

    @inline(__always) static func isClosing(_ v: UInt32) -> Bool {
        switch v {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3011, 0x3015, 0x22, 0x27: return true
        default: return false
        }
    }

    /// Punctuation that Chinese line breaking never puts at the start of a line, so a line starting
    /// with it continues the previous one.
    @inline(__always) static func cannotStartLine(_ v: UInt32) -> Bool {
        switch v {
        case 0x3001, 0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09, 0x300B, 0x300D, 0x300F, 0x201D,
             0x2019, 0x3011, 0x3015:
            return true
        default: return false
        }
    }

    /// Full-width forms folded to ASCII regardless of context: digits, Latin letters, ％.
    /// Returns nil for everything else.
    @inline(__always) static func fold(_ v: UInt32) -> UInt32? {
        if (v >= 0xFF10 && v <= 0xFF19) || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A) {
            return v - 0xFEE0
        }
        switch v {
        case 0xFF05: return 0x25     // ％
        case 0x3000, 0xA0: return 0x20  // ideographic / no-break space
        default: return nil
        }
    }
}
