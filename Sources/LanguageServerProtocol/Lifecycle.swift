import Foundation
import JSONRPC

/// The parts of `InitializeParams` the server reads. Unknown fields are ignored.
public struct InitializeParams: Codable, Sendable {
    public var processId: Int?
    public var rootUri: DocumentURI?
    public var rootPath: String?
    public var locale: String?
    public var capabilities: ClientCapabilities?
    public var initializationOptions: JSONValue?
    public var workspaceFolders: [WorkspaceFolder]?
    public var trace: String?
}

public struct WorkspaceFolder: Codable, Hashable, Sendable {
    public var uri: DocumentURI
    public var name: String
}

/// Client capabilities are deep and mostly optional; keep them as JSON and read the few we need.
public struct ClientCapabilities: Codable, Sendable {
    public var raw: JSONValue

    public init(from decoder: Decoder) throws {
        raw = try JSONValue(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try raw.encode(to: encoder)
    }

    public init(raw: JSONValue) { self.raw = raw }

    public func value(_ path: String...) -> JSONValue? {
        var v: JSONValue? = raw
        for key in path { v = v?[key] }
        return v
    }

    public var positionEncodings: [String]? {
        value("general", "positionEncodings")?.arrayValue?.compactMap(\.stringValue)
    }

    public var hoverContentFormats: [String]? {
        value("textDocument", "hover", "contentFormat")?.arrayValue?.compactMap(\.stringValue)
    }

    public var hierarchicalDocumentSymbols: Bool {
        value("textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport")?.boolValue ?? false
    }

    public var workspaceConfiguration: Bool {
        value("workspace", "configuration")?.boolValue ?? false
    }

    public var workDoneProgress: Bool {
        value("window", "workDoneProgress")?.boolValue ?? false
    }
}

public struct ServerInfo: Codable, Sendable {
    public var name: String
    public var version: String
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

public struct InitializeResult: Codable, Sendable {
    public var capabilities: JSONValue
    public var serverInfo: ServerInfo
    public init(capabilities: JSONValue, serverInfo: ServerInfo) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }
}

/// `TextDocumentSyncKind`.
public enum TextDocumentSyncKind: Int, Codable, Sendable {
    case none = 0, full = 1, incremental = 2
}
