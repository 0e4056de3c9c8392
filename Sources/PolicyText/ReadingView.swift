// CONTRACT STUB — replaced by the text-module implementation. Public API must stay as declared.

/// The text as a reader sees it: hard line breaks inside words and numbers joined, letter spacing
/// removed, full-width digits/letters folded, with a map from every reading offset back to the source.
public struct ReadingView: Sendable {
    /// Normalized text. Real paragraph breaks are kept as a single "\n".
    public let scalars: [Unicode.Scalar]

    public init(source: [Unicode.Scalar]) {
        scalars = source
    }

    /// Source scalar offset of reading offset `i` (i == scalars.count maps to the source end).
    public func sourceOffset(forReading i: Int) -> Int { i }

    /// Source range covering the reading range: from the first character's source offset to just
    /// after the last character's source offset.
    public func sourceRange(forReading r: Range<Int>) -> Range<Int> { r }

    /// Reading offset of the character at or after source offset `s`.
    public func readingOffset(forSource s: Int) -> Int { s }
}
