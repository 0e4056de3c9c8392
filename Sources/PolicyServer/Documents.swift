import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

/// An open document and its latest analysis.
struct OpenDocument {
    var text: DocumentText
    var version: Int
    var languageId: String
    /// The model and the version it was computed for.
    var model: DocumentModel?
    var modelVersion: Int?
    /// Bumped on each change; a scheduled analysis for an older generation is dropped.
    var generation = 0
}

extension LanguageServer {
    func didOpen(_ params: DidOpenTextDocumentParams) {
        let item = params.textDocument
        documents[item.uri] = OpenDocument(text: DocumentText(item.text), version: item.version, languageId: item.languageId)
        scheduleDiagnostics(uri: item.uri, delayMs: 0)
    }

    func didChange(_ params: DidChangeTextDocumentParams) throws {
        let uri = params.textDocument.uri
        guard var document = documents[uri] else {
            throw ResponseError.invalidParams("didChange for a document that is not open: \(uri)")
        }
        documents[uri] = nil  // keep the text uniquely referenced while editing it in place
        for change in params.contentChanges {
            if let range = change.range {
                let clamped = document.text.replace(
                    from: TextPosition(line: range.start.line, character: range.start.character),
                    to: TextPosition(line: range.end.line, character: range.end.character),
                    encoding: encoding, with: change.text)
                if clamped {
                    log.warning("didChange range \(range.start.line):\(range.start.character)-\(range.end.line):\(range.end.character) lies outside \(uri); clamped")
                }
            } else {
                document.text.replaceAll(with: change.text)
            }
        }
        document.version = params.textDocument.version
        document.model = nil
        document.modelVersion = nil
        documents[uri] = document
        scheduleDiagnostics(uri: uri, delayMs: settings.diagnosticsDelayMs)
    }

    func didClose(_ params: DidCloseTextDocumentParams) {
        let uri = params.textDocument.uri
        documents[uri] = nil
        sendNotification("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
    }

    func didSave(_ params: DidSaveTextDocumentParams) {
        // The text arrives through didChange; saving changes nothing we analyse.
    }

    /// Analyses after `delayMs` unless a newer change arrives first, then publishes if still current.
    func scheduleDiagnostics(uri: DocumentURI, delayMs: Int) {
        guard var document = documents[uri] else { return }
        document.generation += 1
        let generation = document.generation
        documents[uri] = document
        queue.asyncAfter(deadline: .now() + .milliseconds(delayMs)) { [self] in
            guard let current = documents[uri], current.generation == generation else { return }
            let text = current.text
            let version = current.version
            let settings = self.settings
            analysisQueue.async { [self] in
                let model = settings.analyze(text.scalars)
                queue.async { [self] in
                    guard var latest = documents[uri], latest.generation == generation else { return }
                    latest.model = model
                    latest.modelVersion = version
                    documents[uri] = latest
                    publishDiagnostics(uri: uri)
                }
            }
        }
    }

    /// The model for the document's current version, analysing now if the cached one is stale.
    func currentModel(_ uri: DocumentURI) throws -> (OpenDocument, DocumentModel) {
        guard var document = documents[uri] else {
            throw ResponseError.invalidParams("document not open: \(uri)")
        }
        if let model = document.model, document.modelVersion == document.version {
            return (document, model)
        }
        let model = settings.analyze(document.text.scalars)
        document.model = model
        document.modelVersion = document.version
        documents[uri] = document
        return (document, model)
    }

    func republishAll() {
        for uri in documents.keys where documents[uri]?.model != nil {
            publishDiagnostics(uri: uri)
        }
    }

    /// Test and debugging aid: the server's copy of a document, so clients can verify edits.
    func debugDocumentText(_ params: TextDocumentParams) throws -> JSONValue {
        guard let document = documents[params.textDocument.uri] else {
            throw ResponseError.invalidParams("document not open: \(params.textDocument.uri)")
        }
        return .object(["text": .string(document.text.string), "version": .int(document.version)])
    }
}
