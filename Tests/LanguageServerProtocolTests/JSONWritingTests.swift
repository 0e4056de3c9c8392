import Foundation
import XCTest
import JSONRPC
@testable import LanguageServerProtocol

/// The hand-written JSON of the hot result types says what their Codable conformances say.
final class JSONWritingTests: XCTestCase {
    private func assertSameJSON<T: JSONWritable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(value))
        XCTAssertEqual(try JSONValue(parsing: EncodedJSON(encoding: value).bytes), foundation, file: file, line: line)
        XCTAssertEqual(try JSONValue(parsing: EncodedJSON(encoding: [value, value]).bytes), .array([foundation, foundation]),
                       file: file, line: line)
        // Inside a type without its own writer, through the streaming encoder.
        let wrapper = Wrapper(item: value, items: [value], optional: value)
        let wrapped = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.encoder.encode(wrapper))
        XCTAssertEqual(try JSONValue(parsing: EncodedJSON(encoding: wrapper).bytes), wrapped, file: file, line: line)
    }

    struct Wrapper<V: Encodable>: Encodable {
        var item: V
        var items: [V]
        var optional: V?
    }

    func testHandWrittenJSONMatchesCodable() throws {
        let range = LSPRange(start: Position(line: 3, character: 0), end: Position(line: 4, character: 12))
        let location = Location(uri: "file:///政策/a%20b.txt", range: range)
        try assertSameJSON(Position(line: 0, character: 7))
        try assertSameJSON(range)
        try assertSameJSON(location)
        try assertSameJSON(TextEdit(range: range, newText: "《新》\n\"q\""))
        try assertSameJSON(DocumentHighlight(range: range, kind: .write))
        try assertSameJSON(DocumentHighlight(range: range, kind: nil))
        try assertSameJSON(SymbolInformation(name: "《规划》", kind: .file, location: location, containerName: "第一篇"))
        try assertSameJSON(SymbolInformation(name: "x", kind: .namespace, location: location, containerName: nil))
        let leaf = DocumentSymbol(name: "一、", detail: nil, kind: .enumMember, range: range, selectionRange: range, children: nil)
        try assertSameJSON(DocumentSymbol(name: "篇", detail: "规划 · 国务院", kind: .module, range: range, selectionRange: range,
                                          children: [leaf, leaf]))
        let related = DiagnosticRelatedInformation(location: location, message: "合计")
        try assertSameJSON(related)
        let full = Diagnostic(range: range, severity: .warning, code: "sum-mismatch", source: "policy-lsp", message: "不一致\t",
                              relatedInformation: [related], data: .object(["replacement": .string("5"), "original": .string("6")]))
        let bare = Diagnostic(range: range, severity: nil, code: nil, source: nil, message: "m")
        try assertSameJSON(full)
        try assertSameJSON(bare)
        try assertSameJSON(PublishDiagnosticsParams(uri: "file:///a", version: 7, diagnostics: [full, bare]))
        try assertSameJSON(PublishDiagnosticsParams(uri: "file:///a", version: nil, diagnostics: []))
        try assertSameJSON(MarkupContent(kind: "markdown", value: "**《规划》**\n\n*类别*: 规划"))
        try assertSameJSON(Hover(contents: MarkupContent(kind: "plaintext", value: "v"), range: range))
        try assertSameJSON(Hover(contents: MarkupContent(kind: "plaintext", value: "v"), range: nil))
        try assertSameJSON(SemanticTokens(resultId: "12", data: [0, 5, 3, 1, 0, 2, 0, 4, 4, 6]))
        try assertSameJSON(SemanticTokens(resultId: nil, data: []))
    }
}
