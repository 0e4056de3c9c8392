/// Document text stored as Unicode scalars (the offset unit used throughout analysis), with a line
/// index for conversion to and from LSP positions. Lines end at \n, \r\n or \r ("\r\n" is one
/// terminator). A text ending in a terminator has a last, empty line.
public struct DocumentText: Sendable {
    public private(set) var scalars: [Unicode.Scalar]
    private var index: LineIndex

    public init(_ string: String) {
        (scalars, index) = UTF8Decoding.scalarsAndLines(of: string)
    }

    public init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        index = LineIndex(scalars)
    }

    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Number of lines (at least 1).
    public var lineCount: Int { index.lineCount }

    /// The line containing a scalar offset (clamped to the text); an offset inside a line terminator
    /// belongs to the line the terminator ends.
    public func line(containing offset: Int) -> Int {
        index.line(containing: min(max(offset, 0), scalars.count))
    }

    /// Scalar offset of `position`, or nil when the line does not exist (line < 0 or > last line).
    /// A column past the end of the line clamps to the line end; a column inside a multi-unit
    /// character rounds down to its start; a negative column means the line start.
    public func offset(at position: TextPosition, encoding: PositionEncoding) -> Int? {
        guard position.line >= 0, position.line < index.lineCount else { return nil }
        return index.offset(ofColumn: position.character, line: position.line, in: scalars, encoding: encoding)
    }

    /// Like `offset(at:encoding:)` but clamps a line past the end to the end of the text and a
    /// negative line to 0.
    public func clampedOffset(at position: TextPosition, encoding: PositionEncoding) -> Int {
        if position.line < 0 { return 0 }
        if position.line >= index.lineCount { return scalars.count }
        return index.offset(ofColumn: position.character, line: position.line, in: scalars, encoding: encoding)
    }

    /// Position of a scalar offset (clamped to 0...scalars.count). An offset inside a line terminator
    /// maps to the end of that line's content.
    public func position(at offset: Int, encoding: PositionEncoding) -> TextPosition {
        let o = min(max(offset, 0), scalars.count)
        let line = index.line(containing: o)
        return TextPosition(line: line, character: index.column(of: o, line: line, in: scalars, encoding: encoding))
    }

    /// Scalar offset where a line starts: 0 before the first line, the text's end past the last.
    public func lineStart(_ line: Int) -> Int {
        if line <= 0 { return 0 }
        return line < index.lineCount ? index.starts[line] : scalars.count
    }

    /// Scalar range of a line's content, without its terminator (empty at the nearest end when the
    /// line does not exist).
    public func lineRange(_ line: Int) -> Range<Int> {
        if line < 0 { return 0..<0 }
        if line >= index.lineCount { return scalars.count..<scalars.count }
        return index.starts[line]..<index.contentEnd(line, in: scalars)
    }

    /// Length of a line's content in `encoding` units (0 for a line that does not exist).
    public func lineLength(_ line: Int, encoding: PositionEncoding) -> Int {
        guard line >= 0, line < index.lineCount else { return 0 }
        return index.column(of: scalars.count, line: line, in: scalars, encoding: encoding)
    }

    /// Replace the text between two positions. Returns true when the range had to be clamped: a
    /// position lay past the end of the text (a line past the last one, or a column past the end of
    /// the last line), had a negative line or column, or start > end (the two are then swapped).
    /// A column past the end of a line that is not the last one clamps silently, as the LSP says.
    @discardableResult
    public mutating func replace(from start: TextPosition, to end: TextPosition, encoding: PositionEncoding,
                                 with text: String) -> Bool {
        var clamped = false
        func resolve(_ p: TextPosition) -> Int {
            if p.line < 0 || p.character < 0 { clamped = true }
            if p.line >= index.lineCount { clamped = true; return scalars.count }
            if p.line == index.lineCount - 1, p.character > lineLength(p.line, encoding: encoding) { clamped = true }
            return clampedOffset(at: p, encoding: encoding)
        }
        var a = resolve(start)
        var b = resolve(end)
        if a > b {
            swap(&a, &b)
            clamped = true
        }
        replace(range: a..<b, with: UTF8Decoding.scalars(of: text))
        return clamped
    }

    /// Replace a scalar range (clamped to the text) with new scalars; the line index is updated
    /// incrementally (only the lines touched by the edit are rescanned).
    public mutating func replace(range: Range<Int>, with new: [Unicode.Scalar]) {
        let lo = min(max(range.lowerBound, 0), scalars.count)
        let hi = min(max(range.upperBound, lo), scalars.count)
        if lo == hi && new.isEmpty { return }
        scalars.replaceSubrange(lo..<hi, with: new)
        index.update(after: scalars, replaced: lo..<hi, newCount: new.count)
    }

    public mutating func replaceAll(with text: String) {
        (scalars, index) = UTF8Decoding.scalarsAndLines(of: text)
    }

    /// Internal consistency check used by tests: the incremental index equals a fresh one.
    func indexMatchesRebuild() -> Bool {
        let fresh = LineIndex(scalars)
        return fresh.starts == index.starts && fresh.flags == index.flags && fresh.checkpoints == index.checkpoints
    }
}
