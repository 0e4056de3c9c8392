import Foundation
import JSONRPC

// LSP 3.17 structures for the reading features: navigation, tokens, hints, folding, lenses, rename,
// completion and workspace symbols. Optional fields are omitted when nil.

public struct ReferenceParams: Codable, Sendable {
    public struct Context: Codable, Sendable { public var includeDeclaration: Bool }
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var context: Context?
}

public enum DocumentHighlightKind: Int, Codable, Sendable { case text = 1, read = 2, write = 3 }

public struct DocumentHighlight: Codable, Hashable, Sendable {
    public var range: LSPRange
    public var kind: DocumentHighlightKind?
    public init(range: LSPRange, kind: DocumentHighlightKind?) {
        self.range = range
        self.kind = kind
    }
}

public struct RangeParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange
}

public struct SemanticTokensDeltaParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var previousResultId: String
}

public struct SemanticTokens: Codable, Hashable, Sendable {
    public var resultId: String?
    public var data: [Int]
    public init(resultId: String?, data: [Int]) {
        self.resultId = resultId
        self.data = data
    }
}

public struct SemanticTokensEdit: Codable, Hashable, Sendable {
    public var start: Int
    public var deleteCount: Int
    public var data: [Int]?
    public init(start: Int, deleteCount: Int, data: [Int]?) {
        self.start = start
        self.deleteCount = deleteCount
        self.data = data
    }
}

public struct SemanticTokensDelta: Codable, Hashable, Sendable {
    public var resultId: String?
    public var edits: [SemanticTokensEdit]
    public init(resultId: String?, edits: [SemanticTokensEdit]) {
        self.resultId = resultId
        self.edits = edits
    }
}

public enum InlayHintKind: Int, Codable, Sendable { case type = 1, parameter = 2 }

public struct InlayHint: Codable, Hashable, Sendable {
    public var position: Position
    public var label: String
    public var kind: InlayHintKind?
    public var tooltip: String?
    public var paddingLeft: Bool?
    public var paddingRight: Bool?
    public init(position: Position, label: String, kind: InlayHintKind?, tooltip: String?, paddingLeft: Bool?,
                paddingRight: Bool?) {
        self.position = position
        self.label = label
        self.kind = kind
        self.tooltip = tooltip
        self.paddingLeft = paddingLeft
        self.paddingRight = paddingRight
    }
}

public struct FoldingRange: Codable, Hashable, Sendable {
    public var startLine: Int
    public var startCharacter: Int?
    public var endLine: Int
    public var endCharacter: Int?
    public var kind: String?
    public var collapsedText: String?
    public init(startLine: Int, endLine: Int, kind: String?, collapsedText: String?) {
        self.startLine = startLine
        self.endLine = endLine
        self.kind = kind
        self.collapsedText = collapsedText
    }
}

public struct SelectionRangeParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var positions: [Position]
}

public final class SelectionRange: Codable, Sendable {
    public let range: LSPRange
    public let parent: SelectionRange?
    public init(range: LSPRange, parent: SelectionRange?) {
        self.range = range
        self.parent = parent
    }
}

public struct Command: Codable, Hashable, Sendable {
    public var title: String
    public var command: String
    public var arguments: [JSONValue]?
    public init(title: String, command: String, arguments: [JSONValue]?) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }
}

public struct CodeLens: Codable, Hashable, Sendable {
    public var range: LSPRange
    public var command: Command?
    public var data: JSONValue?
    public init(range: LSPRange, command: Command?, data: JSONValue?) {
        self.range = range
        self.command = command
        self.data = data
    }
}

public struct ExecuteCommandParams: Codable, Sendable {
    public var command: String
    public var arguments: [JSONValue]?
}

public struct TextEdit: Codable, Hashable, Sendable {
    public var range: LSPRange
    public var newText: String
    public init(range: LSPRange, newText: String) {
        self.range = range
        self.newText = newText
    }
}

public struct WorkspaceEdit: Codable, Hashable, Sendable {
    public var changes: [DocumentURI: [TextEdit]]
    public init(changes: [DocumentURI: [TextEdit]]) { self.changes = changes }
}

public struct RenameParams: Codable, Sendable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var newName: String
}

public struct PrepareRenameResult: Codable, Hashable, Sendable {
    public var range: LSPRange
    public var placeholder: String
    public init(range: LSPRange, placeholder: String) {
        self.range = range
        self.placeholder = placeholder
    }
}

public enum CompletionItemKind: Int, Codable, Sendable {
    case text = 1, method, function, constructor, field, variable, `class`, interface, module, property, unit
    case value, `enum`, keyword, snippet, color, file, reference, folder, enumMember, constant, `struct`, event
    case `operator`, typeParameter
}

public struct CompletionItem: Codable, Hashable, Sendable {
    public var label: String
    public var kind: CompletionItemKind?
    public var detail: String?
    public var documentation: String?
    public var filterText: String?
    public var sortText: String?
    public var textEdit: TextEdit?
    public init(label: String, kind: CompletionItemKind?, detail: String?, documentation: String?,
                filterText: String?, sortText: String?, textEdit: TextEdit?) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.documentation = documentation
        self.filterText = filterText
        self.sortText = sortText
        self.textEdit = textEdit
    }
}

public struct CompletionList: Codable, Hashable, Sendable {
    public var isIncomplete: Bool
    public var items: [CompletionItem]
    public init(isIncomplete: Bool, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.items = items
    }
}

public struct WorkspaceSymbolParams: Codable, Sendable {
    public var query: String
}

public struct FileEvent: Codable, Sendable {
    public var uri: DocumentURI
    /// 1 created, 2 changed, 3 deleted.
    public var type: Int
}

public struct DidChangeWatchedFilesParams: Codable, Sendable {
    public var changes: [FileEvent]
}

public struct WorkspaceFoldersChangeEvent: Codable, Sendable {
    public var added: [WorkspaceFolder]
    public var removed: [WorkspaceFolder]
}

public struct DidChangeWorkspaceFoldersParams: Codable, Sendable {
    public var event: WorkspaceFoldersChangeEvent
}

extension ClientCapabilities {
    public var workDoneProgressCreate: Bool { workDoneProgress }
    public var watchedFilesDynamicRegistration: Bool {
        value("workspace", "didChangeWatchedFiles", "dynamicRegistration")?.boolValue ?? false
    }
    public var semanticTokensMultilineSupport: Bool {
        value("textDocument", "semanticTokens", "multilineTokenSupport")?.boolValue ?? false
    }
    public var prepareRenameSupport: Bool {
        value("textDocument", "rename", "prepareSupport")?.boolValue ?? false
    }
}
