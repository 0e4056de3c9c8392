import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public let policyLSPVersion = "0.1.0"

/// The language server: lifecycle, dispatch, cancellation and scheduling.
///
/// Threading: the reader thread hands every message to `receive`, which records cancellations at once
/// and queues everything else on `queue`, a serial queue that owns all mutable state. Analysis runs on a
/// concurrent queue and posts its result back to `queue`, where stale versions are dropped.
public final class LanguageServer: @unchecked Sendable {
    // @unchecked: every `var` below is read and written only on `queue`, except `inflight` which is a Mutex.

    public enum Phase: Sendable { case uninitialized, running, shuttingDown }

    let queue = DispatchQueue(label: "policy-lsp.server")
    let analysisQueue = DispatchQueue(label: "policy-lsp.analysis", qos: .userInitiated, attributes: .concurrent)
    let writer: MessageWriter
    let log: Log
    let exit: @Sendable (Int32) -> Void

    var phase = Phase.uninitialized
    var encoding = PositionEncoding.utf16
    var clientCapabilities = ClientCapabilities(raw: .object([:]))
    var settings = ServerSettings()
    var locale = "zh"
    var documents: [DocumentURI: OpenDocument] = [:]
    var nextOutgoingID = 0
    var outgoing: [RequestID: @Sendable (Result<JSONValue, ResponseError>) -> Void] = [:]
    var parentWatch: DispatchSourceTimer?
    /// Workspace index, entity indexes and semantic-token results (Features/, WorkspaceIndexing.swift).
    var workspace = WorkspaceState()
    /// Bumped by every finished analysis; an idle release of memory goes ahead only if it is unchanged.
    var analysesFinished = 0

    /// Requests received and not yet answered, and which of them were cancelled; touched by the reader
    /// thread (to record `$/cancelRequest` without waiting behind queued work) and by `queue`.
    let inflight = Mutex(Inflight())
    struct Inflight {
        var pending: Set<RequestID> = []
        var cancelled: Set<RequestID> = []
    }

    public init(writer: MessageWriter, log: Log = Log(), exit: @escaping @Sendable (Int32) -> Void) {
        self.writer = writer
        self.log = log
        self.exit = exit
    }

    /// How long the server waits, after its last analysis, before it hands freed memory back.
    static let idleBeforeMemoryRelease = DispatchTimeInterval.seconds(2)

    /// Called on `queue` when an analysis ends. Analyses reuse the memory earlier ones freed
    /// (`AnalysisMemory.retainFreedMemory`, set at start-up); once the server has been idle a while, that
    /// memory goes back to the kernel, so a server left open after a big document does not sit on it.
    func analysisFinished() {
        analysesFinished &+= 1
        let mark = analysesFinished
        queue.asyncAfter(deadline: .now() + Self.idleBeforeMemoryRelease) { [self] in
            guard mark == analysesFinished, workspace.currentBuild == nil,
                  !documents.values.contains(where: { $0.runningAnalysis != nil }) else { return }
            analysisQueue.async(qos: .utility) { AnalysisMemory.releaseFreedMemory() }
        }
    }

    /// Frees `value` on the analysis queue instead of here: dropping the model of a 2 MB document takes
    /// milliseconds (hundreds of thousands of arrays and strings), and on `queue` that time would sit
    /// between an edit and its diagnostics.
    func retire<T: Sendable>(_ value: consuming T) {
        analysisQueue.async(qos: .utility) { [value] in withExtendedLifetime(value) {} }
    }

    // MARK: Transport

    /// Entry point for the reader thread.
    public func receive(_ event: TransportEvent) {
        switch event {
        case .message(.notification(method: "$/cancelRequest", let params)):
            if let id = params.flatMap({ try? $0.decode(CancelParams.self) })?.id {
                inflight.withLock { state in
                    if state.pending.contains(id) { state.cancelled.insert(id) }
                }
            }
        case .message(.request(let id, _, _)):
            inflight.withLock { _ = $0.pending.insert(id) }
            queue.async { self.handle(event) }
        default:
            queue.async { self.handle(event) }
        }
    }

    private func handle(_ event: TransportEvent) {
        switch event {
        case .message(.request(let id, let method, let params)):
            handleRequest(id: id, method: method, params: params)
        case .message(.notification(let method, let params)):
            handleNotification(method: method, params: params)
        case .message(.response(let id, let result)):
            if let callback = outgoing.removeValue(forKey: id) {
                callback(result)
            } else {
                log.warning("response to unknown request \(id)")
            }
        case .message(.errorWithoutID(let error)):
            log.warning("client reported an error: \(error.message)")
        case .undecodable(let failure):
            log.warning("undecodable message: \(failure.error.message)")
            if let id = failure.id {
                writer.send(.response(id: id, result: .failure(failure.error)))
            } else {
                writer.send(.errorWithoutID(failure.error))
            }
        case .framingError(let reason):
            log.warning("framing: \(reason)")
            writer.send(.errorWithoutID(ResponseError(code: ErrorCode.parseError, message: reason)))
        case .endOfInput:
            log.info("end of input")
            exit(phase == .shuttingDown ? 0 : 1)
        }
    }

    // MARK: Requests

    private func handleRequest(id: RequestID, method: String, params: JSONValue?) {
        let wasCancelled = inflight.withLock { $0.cancelled.contains(id) }
        if wasCancelled {
            reply(id, .failure(.cancelled))
            return
        }
        switch phase {
        case .uninitialized where method != "initialize":
            reply(id, .failure(ResponseError(code: ErrorCode.serverNotInitialized, message: "server not initialized")))
            return
        case .running where method == "initialize":
            reply(id, .failure(ResponseError(code: ErrorCode.invalidRequest, message: "initialize sent twice")))
            return
        case .shuttingDown:
            reply(id, .failure(ResponseError(code: ErrorCode.invalidRequest, message: "server is shutting down")))
            return
        default:
            break
        }
        let result: Result<EncodedJSON, ResponseError>
        do {
            result = .success(try dispatch(method: method, params: params))
        } catch let error as ResponseError {
            result = .failure(error)
        } catch {
            result = .failure(ResponseError(code: ErrorCode.internalError, message: "\(error)"))
        }
        reply(id, result)
    }

    func reply(_ id: RequestID, _ result: Result<EncodedJSON, ResponseError>) {
        inflight.withLock { state in
            state.pending.remove(id)
            state.cancelled.remove(id)
        }
        switch result {
        case .success(let encoded): writer.sendResponse(id: id, result: encoded)
        case .failure(let error): writer.send(.response(id: id, result: .failure(error)))
        }
    }

    /// Routes a request to its handler. Handlers throw `ResponseError` for bad parameters.
    private func dispatch(method: String, params: JSONValue?) throws -> EncodedJSON {
        switch method {
        case "initialize": return try initialize(params: decode(InitializeParams.self, params))
        case "shutdown":
            phase = .shuttingDown
            return EncodedJSON.null
        case "textDocument/hover": return try hover(decode(TextDocumentPositionParams.self, params))
        case "textDocument/documentSymbol": return try documentSymbols(decode(TextDocumentParams.self, params))
        case "policyLsp/documentText": return EncodedJSON(try debugDocumentText(decode(TextDocumentParams.self, params)))
        case "policyLsp/workspaceIndex": return EncodedJSON(debugWorkspaceIndex())
        case "textDocument/semanticTokens/full": return try semanticTokensFull(decode(TextDocumentParams.self, params))
        case "textDocument/semanticTokens/full/delta": return try semanticTokensDelta(decode(SemanticTokensDeltaParams.self, params))
        case "textDocument/semanticTokens/range": return try semanticTokensRange(decode(RangeParams.self, params))
        case "textDocument/inlayHint": return try inlayHints(decode(RangeParams.self, params))
        case "textDocument/foldingRange": return try foldingRanges(decode(TextDocumentParams.self, params))
        case "textDocument/documentHighlight": return try documentHighlights(decode(TextDocumentPositionParams.self, params))
        case "textDocument/selectionRange": return try selectionRanges(decode(SelectionRangeParams.self, params))
        case "textDocument/definition": return try definition(decode(TextDocumentPositionParams.self, params))
        case "textDocument/references": return try references(decode(ReferenceParams.self, params))
        case "textDocument/implementation": return try implementation(decode(TextDocumentPositionParams.self, params))
        case "textDocument/codeLens": return try codeLenses(decode(TextDocumentParams.self, params))
        case "textDocument/prepareRename": return try prepareRename(decode(TextDocumentPositionParams.self, params))
        case "textDocument/rename": return try rename(decode(RenameParams.self, params))
        case "textDocument/completion": return try completion(decode(TextDocumentPositionParams.self, params))
        case "textDocument/codeAction": return try codeActions(decode(CodeActionParams.self, params))
        case "workspace/symbol": return try workspaceSymbols(decode(WorkspaceSymbolParams.self, params))
        case "workspace/executeCommand": return try executeCommand(decode(ExecuteCommandParams.self, params))
        default:
            throw ResponseError.methodNotFound(method)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ params: JSONValue?) throws -> T {
        do {
            return try (params ?? .object([:])).decode(T.self)
        } catch {
            throw ResponseError.invalidParams("invalid params: \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let key, let c): return "missing \(path(c).isEmpty ? "" : path(c) + ".")\(key.stringValue)"
        case .typeMismatch(let t, let c): return "\(path(c)) should be \(t)"
        case .valueNotFound(let t, let c): return "\(path(c)) should be \(t), found null"
        case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    // MARK: Notifications

    private func handleNotification(method: String, params: JSONValue?) {
        if method == "exit" {
            exit(phase == .shuttingDown ? 0 : 1)
            return
        }
        guard phase == .running else {
            if !method.hasPrefix("$/") { log.debug("dropping \(method) outside the running phase") }
            return
        }
        do {
            switch method {
            case "initialized": initialized()
            case "textDocument/didOpen": try didOpen(decode(DidOpenTextDocumentParams.self, params))
            case "textDocument/didChange": try didChange(decode(DidChangeTextDocumentParams.self, params))
            case "textDocument/didClose":
                let closing = try decode(DidCloseTextDocumentParams.self, params)
                didClose(closing)
                reindexFromDisk(closing.textDocument.uri)
            case "workspace/didChangeWatchedFiles": try didChangeWatchedFiles(decode(DidChangeWatchedFilesParams.self, params))
            case "workspace/didChangeWorkspaceFolders": try didChangeWorkspaceFolders(decode(DidChangeWorkspaceFoldersParams.self, params))
            case "textDocument/didSave": try didSave(decode(DidSaveTextDocumentParams.self, params))
            case "workspace/didChangeConfiguration":
                // Clients without workspace/configuration (ALE, some Vim plugins) push the section here.
                if case .object? = params?["settings"]?["policyLsp"], let section = params?["settings"]?["policyLsp"] {
                    settings.apply(section)
                    republishAll()
                }
                requestConfiguration()
            default:
                // Unknown notifications and `$/…` are ignored, as the spec asks.
                log.debug("ignoring notification \(method)")
            }
        } catch let error as ResponseError {
            log.warning("\(method): \(error.message)")
        } catch {
            log.warning("\(method): \(error)")
        }
    }

    // MARK: Outgoing requests

    func sendRequest(_ method: String, params: JSONValue?,
                     completion: @escaping @Sendable (Result<JSONValue, ResponseError>) -> Void) {
        nextOutgoingID += 1
        // Integer ids: Vim's LSP channel (used by yegappan/lsp) can only answer requests with numeric ids.
        let id = RequestID.int(nextOutgoingID)
        outgoing[id] = completion
        writer.send(.request(id: id, method: method, params: params))
    }

    func sendNotification<T: Encodable>(_ method: String, _ params: T) {
        guard let encoded = try? EncodedJSON(encoding: params) else { return }
        writer.sendNotification(method: method, params: encoded)
    }

    // MARK: Lifecycle

    private func initialize(params: InitializeParams) throws -> EncodedJSON {
        clientCapabilities = params.capabilities ?? ClientCapabilities(raw: .object([:]))
        encoding = Self.negotiateEncoding(clientCapabilities.positionEncodings)
        if let l = params.locale { locale = l }
        if let options = params.initializationOptions {
            settings.apply(options)
        }
        if settings.logToClient {
            log.setForward { [weak self] level, text in
                self?.sendNotification("window/logMessage", LogMessageParams(
                    type: MessageType(rawValue: level.rawValue) ?? .log, message: text))
            }
        }
        if let pid = params.processId, pid > 0 { watchParent(pid: pid) }
        setWorkspaceRoots(params)
        loadProjectConfiguration()
        phase = .running
        let result = InitializeResult(
            capabilities: serverCapabilities(),
            serverInfo: ServerInfo(name: "policy-lsp", version: policyLSPVersion))
        return try EncodedJSON(encoding: result)
    }

    /// The first encoding the client offers that we support, in the client's order; UTF-16 when it says nothing.
    static func negotiateEncoding(_ offered: [String]?) -> PositionEncoding {
        guard let offered, !offered.isEmpty else { return .utf16 }
        for name in offered {
            if let e = PositionEncoding(rawValue: name) { return e }
        }
        return .utf16
    }

    private func serverCapabilities() -> JSONValue {
        .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": .object([
                "openClose": .bool(true),
                "change": .int(TextDocumentSyncKind.incremental.rawValue),
                "save": .object(["includeText": .bool(false)]),
            ]),
            "hoverProvider": .bool(true),
            "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
            "documentSymbolProvider": .bool(true),
            "semanticTokensProvider": .object([
                "legend": SemanticLegend.json, "range": .bool(true), "full": .object(["delta": .bool(true)]),
            ]),
            "inlayHintProvider": .bool(true),
            "foldingRangeProvider": .bool(true),
            "documentHighlightProvider": .bool(true),
            "selectionRangeProvider": .bool(true),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "implementationProvider": .bool(true),
            "workspaceSymbolProvider": .bool(true),
            "codeLensProvider": .object(["resolveProvider": .bool(false)]),
            "executeCommandProvider": .object(["commands": .array([.string("policyLsp.showReferences")])]),
            "renameProvider": clientCapabilities.prepareRenameSupport ? .object(["prepareProvider": .bool(true)]) : .bool(true),
            "completionProvider": .object(["triggerCharacters": .array([.string("《")]), "resolveProvider": .bool(false)]),
            "workspace": .object(["workspaceFolders": .object(["supported": .bool(true), "changeNotifications": .bool(true)])]),
        ])
    }

    private func initialized() {
        requestConfiguration()
        startWorkspaceIndexing()
    }

    /// Asks the client for the `policyLsp` section when it supports `workspace/configuration`.
    func requestConfiguration() {
        guard clientCapabilities.workspaceConfiguration else { return }
        let params: JSONValue = .object(["items": .array([.object(["section": .string("policyLsp")])])])
        sendRequest("workspace/configuration", params: params) { [weak self] result in
            guard let self else { return }
            // Completion runs on `queue` (responses are handled there).
            if case .success(.array(let items)) = result, let first = items.first, !first.isNull {
                self.settings.apply(first)
                self.republishAll()
            }
        }
    }

    private func watchParent(pid: Int) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 3, repeating: 3)
        timer.setEventHandler { [weak self] in
            if kill(pid_t(pid), 0) != 0 && errno == ESRCH {
                self?.log.info("client process \(pid) is gone; exiting")
                self?.exit(1)
            }
        }
        timer.resume()
        parentWatch = timer
    }
}
