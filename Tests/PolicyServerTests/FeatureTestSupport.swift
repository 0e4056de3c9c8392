import Foundation
import XCTest
import JSONRPC

/// Corpus documents beside the package (worktree or main), else /work/shared; nil when absent.
func corpusText(_ name: String) -> String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for base in [root.deletingLastPathComponent().appendingPathComponent("shared/corpus"), URL(fileURLWithPath: "/work/shared/corpus")] {
        if let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path) {
            return String(decoding: data, as: UTF8.self)
        }
    }
    return nil
}

func requireCorpus(_ name: String) throws -> String {
    guard let text = corpusText(name) else { throw XCTSkip("corpus \(name) absent") }
    return text
}

/// Where `needle` (its `occurrence`-th appearance, plus `offset` scalars) sits in `text`, counted in
/// the given LSP encoding — what a client would send.
func lspPosition(in text: String, of needle: String, occurrence: Int = 1, offset: Int = 0, encoding: String) -> (line: Int, character: Int)? {
    var searchStart = text.startIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        guard let r = text.range(of: needle, range: searchStart..<text.endIndex) else { return nil }
        found = r
        searchStart = r.upperBound
    }
    guard let hit = found else { return nil }
    var scalars = Array(text[..<hit.lowerBound].unicodeScalars)
    scalars += Array(text[hit.lowerBound...].unicodeScalars.prefix(offset))
    var line = 0
    var lineStart = 0
    var i = 0
    while i < scalars.count {
        if scalars[i] == "\n" { line += 1; lineStart = i + 1 }
        else if scalars[i] == "\r" {
            if i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            line += 1
            lineStart = i + 1
        }
        i += 1
    }
    let col = scalars[lineStart...]
    switch encoding {
    case "utf-8": return (line, col.reduce(0) { $0 + UTF8.width($1) })
    case "utf-32": return (line, col.count)
    default: return (line, col.reduce(0) { $0 + UTF16.width($1) })
    }
}

extension ServerHarness {
    /// An initialized server with a client that offers `encoding` and the usual capabilities.
    static func started(encoding: String, capabilities: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]) -> (ServerHarness, String) {
        let h = ServerHarness()
        var caps: [String: JSONValue] = [
            "general": .object(["positionEncodings": .array([.string(encoding)])]),
            "textDocument": .object([
                "documentSymbol": .object(["hierarchicalDocumentSymbolSupport": .bool(true)]),
                "hover": .object(["contentFormat": .array([.string("markdown"), .string("plaintext")])]),
                "rename": .object(["prepareSupport": .bool(true)]),
            ]),
        ]
        for (k, v) in capabilities { caps[k] = v }
        var params: [String: JSONValue] = ["processId": .null, "rootUri": .null, "capabilities": .object(caps)]
        for (k, v) in extra { params[k] = v }
        let result = h.request("initialize", .object(params)).value
        XCTAssertEqual(result?["capabilities"]?["positionEncoding"]?.stringValue, encoding)
        h.notify("initialized", .object([:]))
        return (h, encoding)
    }

    func at(_ uri: String, _ p: (line: Int, character: Int)?, file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
        guard let p else {
            XCTFail("position not found in the test text", file: file, line: line)
            return positionParams(uri, 0, 0)
        }
        return positionParams(uri, p.line, p.character)
    }
}

extension JSONValue {
    var startLine: Int? { self["range"]?["start"]?["line"]?.intValue }
    var startCharacter: Int? { self["range"]?["start"]?["character"]?.intValue }
}
