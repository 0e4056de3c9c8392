import Foundation
import JSONRPC

// LSP 3.17 structures that policy-lsp uses. Codable; optional fields are omitted when nil.

public struct Position: Codable, Hashable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct LSPRange: Codable, Hashable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public typealias DocumentURI = String

public struct Location: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public var range: LSPRange
    public init(uri: DocumentURI, range: LSPRange) {
        self.uri = uri
        self.range = range
    }
}

public struct TextDocumentIdentifier: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

public struct TextDocumentItem: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public var languageId: String
    public var version: Int
    public var text: String
}

public struct VersionedTextDocumentIdentifier: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public var version: Int
}

public struct TextDocumentPositionParams: Codable, Hashable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct DidOpenTextDocumentParams: Codable, Sendable {
    public var textDocument: TextDocumentItem
}

public struct TextDocumentContentChangeEvent: Codable, Sendable {
    public var range: LSPRange?
    public var rangeLength: Int?
    public var text: String
    public init(range: LSPRange?, text: String) {
        self.range = range
        self.text = text
    }
}

public struct DidChangeTextDocumentParams: Codable, Sendable {
    public var textDocument: VersionedTextDocumentIdentifier
    public var contentChanges: [TextDocumentContentChangeEvent]
}

public struct DidCloseTextDocumentParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
}

public struct DidSaveTextDocumentParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var text: String?
}

public struct CancelParams: Codable, Sendable {
    public var id: RequestID
}

public struct TextDocumentParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
}

// MARK: Diagnostics

public enum DiagnosticSeverity: Int, Codable, Sendable {
    case error = 1, warning = 2, information = 3, hint = 4
}

public struct DiagnosticRelatedInformation: Codable, Hashable, Sendable {
    public var location: Location
    public var message: String
    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}

public struct Diagnostic: Codable, Hashable, Sendable {
    public var range: LSPRange
    public var severity: DiagnosticSeverity?
    public var code: String?
    public var source: String?
    public var message: String
    public var relatedInformation: [DiagnosticRelatedInformation]?
    public var data: JSONValue?
    public init(range: LSPRange, severity: DiagnosticSeverity?, code: String?, source: String?, message: String,
                relatedInformation: [DiagnosticRelatedInformation]? = nil, data: JSONValue? = nil) {
        self.range = range
        self.severity = severity
        self.code = code
        self.source = source
        self.message = message
        self.relatedInformation = relatedInformation
        self.data = data
    }
}

public struct PublishDiagnosticsParams: Codable, Sendable {
    public var uri: DocumentURI
    public var version: Int?
    public var diagnostics: [Diagnostic]
    public init(uri: DocumentURI, version: Int?, diagnostics: [Diagnostic]) {
        self.uri = uri
        self.version = version
        self.diagnostics = diagnostics
    }
}

// MARK: Hover

public struct MarkupContent: Codable, Hashable, Sendable {
    public var kind: String  // "markdown" | "plaintext"
    public var value: String
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

public struct Hover: Codable, Hashable, Sendable {
    public var contents: MarkupContent
    public var range: LSPRange?
    public init(contents: MarkupContent, range: LSPRange?) {
        self.contents = contents
        self.range = range
    }
}

// MARK: Symbols

public enum SymbolKind: Int, Codable, Sendable {
    case file = 1, module, namespace, package, `class`, method, property, field, constructor, `enum`
    case interface, function, variable, constant, string, number, boolean, array, object, key, null
    case enumMember, `struct`, event, `operator`, typeParameter
}

public struct DocumentSymbol: Codable, Hashable, Sendable {
    public var name: String
    public var detail: String?
    public var kind: SymbolKind
    public var range: LSPRange
    public var selectionRange: LSPRange
    public var children: [DocumentSymbol]?
    public init(name: String, detail: String?, kind: SymbolKind, range: LSPRange, selectionRange: LSPRange,
                children: [DocumentSymbol]?) {
        self.name = name
        self.detail = detail
        self.kind = kind
        self.range = range
        self.selectionRange = selectionRange
        self.children = children
    }
}

public struct SymbolInformation: Codable, Hashable, Sendable {
    public var name: String
    public var kind: SymbolKind
    public var location: Location
    public var containerName: String?
    public init(name: String, kind: SymbolKind, location: Location, containerName: String?) {
        self.name = name
        self.kind = kind
        self.location = location
        self.containerName = containerName
    }
}

// MARK: Window

public enum MessageType: Int, Codable, Sendable {
    case error = 1, warning = 2, info = 3, log = 4
}

public struct LogMessageParams: Codable, Sendable {
    public var type: MessageType
    public var message: String
    public init(type: MessageType, message: String) {
        self.type = type
        self.message = message
    }
}
