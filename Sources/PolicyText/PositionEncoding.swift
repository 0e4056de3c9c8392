/// How LSP positions count characters within a line.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"

    /// Code units one scalar with value `v` takes in this encoding.
    @inlinable
    public func units(_ v: UInt32) -> Int {
        switch self {
        case .utf32: return 1
        case .utf16: return v < 0x1_0000 ? 1 : 2
        case .utf8: return v < 0x80 ? 1 : (v < 0x800 ? 2 : (v < 0x1_0000 ? 3 : 4))
        }
    }
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
