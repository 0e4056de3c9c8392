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

/// The reading view's per-scalar facts for the Basic Multilingual Plane, one byte per scalar (64 KB), so
/// its per-scalar loops take one load instead of a chain of range checks. Agrees with the `ScalarClass`
/// predicates (checked by a test); scalars above the BMP go through `astralClasses`.
enum ScalarClassTable {
    /// Printed a full em wide (`ScalarClass.halfWidths` == 2). Bit 0, so it adds as the extra half-em.
    static let wide: UInt8 = 1
    /// Trimmed at line ends (`ScalarClass.isHorizontalSpace`).
    static let horizontalSpace: UInt8 = 2
    /// Ends a physical line: \n, \r.
    static let lineBreak: UInt8 = 4
    /// Not copied verbatim by the reading view: a space (kept track of for dropping), or a form that may
    /// be folded (ideographic/no-break space, full-width ％ digits letters, ．).
    static let rewritten: UInt8 = 8
    static let rewrittenShift: UInt8 = 3
    /// Counted as a stretchable space in line widths: space, tab. Bit 4 (see `spaceShift`).
    static let spaceOrTab: UInt8 = 16
    static let spaceShift: UInt8 = 4
    /// Can start an enumeration marker (`ReadingView.listMarkerLength`): digits, ( （, 一…十, 第, 首 其 再 最.
    static let markerStart: UInt8 = 32
    /// A closing quote or bracket (`ScalarClass.isClosing`).
    static let closing: UInt8 = 64
    /// Ends a paragraph at a line end (`ScalarClass.isSentenceFinal`).
    static let sentenceFinal: UInt8 = 128

    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 0x1_0000)
        t.withUnsafeMutableBufferPointer { b in
            func mark(_ r: ClosedRange<Int>, _ f: UInt8) { for v in r { b[v] |= f } }
            // Wide: everything `ScalarClass.halfWidths` gives 2 (nothing below U+1100).
            for r in [0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x3000...0x303F, 0xFF01...0xFF0F,
                      0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65, 0x2014...0x2026, 0xFE10...0xFE4F,
                      0xFF00...0xFF60, 0xAC00...0xD7A3, 0x2E80...0xA4CF, 0xFFE0...0xFFE6] {
                mark(r, wide)
            }
            for v in [0x20, 0x09, 0x3000, 0xA0, 0x0B, 0x0C, 0xFEFF] { b[v] |= horizontalSpace }
            b[0x0A] |= lineBreak
            b[0x0D] |= lineBreak
            for r in [0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A] { mark(r, rewritten) }
            for v in [0x20, 0x3000, 0xA0, 0xFF05, 0xFF0E] { b[v] |= rewritten }
            b[0x20] |= spaceOrTab
            b[0x09] |= spaceOrTab
            mark(0x30...0x39, markerStart)
            for v in [0x28, 0xFF08, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341,
                      0x7B2C, 0x9996, 0x5176, 0x518D, 0x6700] {
                b[v] |= markerStart
            }
            for v in [0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3011, 0x3015, 0x22, 0x27] { b[v] |= closing }
            for v in [0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x2026, 0x21, 0x3F, 0x3B, 0x3A, 0xFF61] { b[v] |= sentenceFinal }
        }
        return t
    }()

    /// Classes of a scalar above the BMP: only ever `wide`.
    static func astralClasses(_ v: UInt32) -> UInt8 {
        ScalarClass.halfWidths(v) == 2 ? wide : 0
    }
}
