import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension DocumentText {
    func lspPosition(_ offset: Int, _ encoding: PositionEncoding) -> Position {
        let p = position(at: offset, encoding: encoding)
        return Position(line: p.line, character: p.character)
    }

    func lspRange(_ range: ScalarRange, _ encoding: PositionEncoding) -> LSPRange {
        LSPRange(start: lspPosition(range.lowerBound, encoding), end: lspPosition(range.upperBound, encoding))
    }

    /// Scalar offset of a client position; a line that does not exist is invalid params.
    func offset(of position: Position, _ encoding: PositionEncoding) throws -> Int {
        guard position.line >= 0, position.character >= 0,
              let offset = offset(at: TextPosition(line: position.line, character: position.character), encoding: encoding)
        else {
            throw ResponseError.invalidParams(
                "position \(position.line):\(position.character) is outside the document (\(lineCount) lines)")
        }
        return offset
    }
}

extension DocumentText {
    /// The source characters of a scalar range (clamped to the text).
    func slice(_ range: ScalarRange) -> String {
        let lo = max(0, min(range.lowerBound, scalars.count)), hi = max(lo, min(range.upperBound, scalars.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return String(view)
    }
}
