// CONTRACT STUB — replaced by the text-module implementation. Public API must stay as declared.

/// How LSP positions count characters within a line.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"
}

/// A zero-based line and a column counted in some `PositionEncoding`.
public struct TextPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.character) < (b.line, b.character)
    }
}

/// Document text stored as Unicode scalars (the offset unit used throughout analysis), with a line
/// index for conversion to and from LSP positions. Lines end at \n, \r\n or \r.
public struct DocumentText: Sendable {
    public private(set) var scalars: [Unicode.Scalar]

    public init(_ string: String) {
        scalars = Array(string.unicodeScalars)
    }

    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    public var lineCount: Int { 1 }

    /// Scalar offset of `position`, or nil when the line does not exist. A column past the end of the
    /// line clamps to the line end; a column inside a multi-unit character rounds down to its start.
    public func offset(at position: TextPosition, encoding: PositionEncoding) -> Int? { nil }

    /// Like `offset(at:encoding:)` but clamps a line past the end to the end of the text.
    public func clampedOffset(at position: TextPosition, encoding: PositionEncoding) -> Int { 0 }

    /// Position of a scalar offset (clamped to 0...scalars.count).
    public func position(at offset: Int, encoding: PositionEncoding) -> TextPosition {
        TextPosition(line: 0, character: 0)
    }

    /// Scalar range of a line's content, without its terminator.
    public func lineRange(_ line: Int) -> Range<Int> { 0..<0 }

    /// Replace the text between two positions (nil: the whole text). Returns true when the range
    /// had to be clamped (it lay past the end, or start > end).
    @discardableResult
    public mutating func replace(from start: TextPosition, to end: TextPosition, encoding: PositionEncoding,
                                 with text: String) -> Bool { false }

    public mutating func replaceAll(with text: String) {
        scalars = Array(text.unicodeScalars)
    }
}
