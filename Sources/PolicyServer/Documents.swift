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
    var model: DocumentModel? {
        didSet { outline = nil }
    }
    var modelVersion: Int?
    /// The documentSymbol answer for `model`: editors ask for it after every change and again on every
    /// cursor move (breadcrumbs); building it for a 2 MB document took ~13 ms.
    var outline: EncodedJSON?
    /// Set on each change from a server-wide counter (so a reopened document never reuses one); a
    /// scheduled analysis for an older generation is dropped.
    var generation = 0
    /// The generation whose analysis is running, if any: at most one analysis per document runs at a
    /// time, so stale analyses never pile up behind a burst of edits.
    var runningAnalysis: Int?
    /// A newer generation became due while an analysis was running: analyse again when it ends.
    var analysisWanted = false
    /// Set when the text changes under the running analysis, which then stops at its next segment.
    var runningCancellation: CancellationFlag?
    /// Per-article results of the last analysis, reused for the articles an edit did not touch. Lent
    /// to the running analysis (and empty here meanwhile).
    var analysisCache = AnalysisCache()
}

/// A stale analysis's stop signal, set on the server queue and read on an analysis thread.
final class CancellationFlag: Sendable {
    private let flag = Mutex(false)
    func cancel() { flag.withLock { $0 = true } }
    var isCancelled: Bool { flag.withLock { $0 } }
}

/// Server-wide generation counter (see `OpenDocument.generation`).
private let generationCounter = Mutex(0)
private func nextGeneration() -> Int { generationCounter.withLock { $0 += 1; return $0 } }

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
        let stale = document.model
        document.model = nil
        if let stale { retire(stale) }
        document.modelVersion = nil
        document.runningCancellation?.cancel()
        documents[uri] = document
        scheduleDiagnostics(uri: uri, delayMs: settings.diagnosticsDelayMs)
    }

    func didClose(_ params: DidCloseTextDocumentParams) {
        let uri = params.textDocument.uri
        if let closed = documents.removeValue(forKey: uri) { retire(closed) }
        sendNotification("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
    }

    func didSave(_ params: DidSaveTextDocumentParams) {
        // The text arrives through didChange; saving changes nothing we analyse.
    }

    /// Analyses after `delayMs` unless a newer change arrives first, then publishes if still current.
    func scheduleDiagnostics(uri: DocumentURI, delayMs: Int) {
        guard var document = documents[uri] else { return }
        document.generation = nextGeneration()
        let generation = document.generation
        documents[uri] = document
        queue.asyncAfter(deadline: .now() + .milliseconds(delayMs)) { [self] in
            guard let current = documents[uri], current.generation == generation else { return }
            startAnalysis(uri: uri)
        }
    }

    /// Starts analysing the document's current text unless an analysis of it is already running; then
    /// the newest text is analysed when that one ends. (Starting one per change let thousands of stale
    /// analyses queue up during an edit storm: diagnostics for the last version never came, memory grew.)
    private func startAnalysis(uri: DocumentURI) {
        guard var current = documents[uri] else { return }
        if current.runningAnalysis != nil {
            current.analysisWanted = true
            documents[uri] = current
            return
        }
        let generation = current.generation
        let text = current.text
        let version = current.version
        let cancellation = CancellationFlag()
        let lentCache = current.analysisCache
        current.analysisCache = AnalysisCache()
        current.runningAnalysis = generation
        current.runningCancellation = cancellation
        current.analysisWanted = false
        documents[uri] = current
        let settings = self.settings
        analysisQueue.async { [self] in
            var cache = lentCache
            let model = settings.analyze(text.scalars, reusing: &cache, isCancelled: { cancellation.isCancelled })
            queue.async { [self, cache] in
                // Closed, or closed and reopened (a new generation sequence), meanwhile: nothing to do.
                analysisFinished()
                guard var latest = documents[uri], latest.runningAnalysis == generation else { return }
                latest.runningAnalysis = nil
                latest.runningCancellation = nil
                // Kept even when this analysis is stale: its segments are keyed by content.
                latest.analysisCache = cache
                if latest.generation == generation, let model {
                    latest.model = model
                    latest.modelVersion = version
                    documents[uri] = latest
                    publishDiagnostics(uri: uri)
                } else {
                    documents[uri] = latest
                    if latest.analysisWanted || latest.generation == generation { startAnalysis(uri: uri) }
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
        let model: DocumentModel
        if document.runningAnalysis == nil {
            // The cache is here (not lent to a running analysis): use it, and keep what it learns.
            var cache = document.analysisCache
            document.analysisCache = AnalysisCache()
            documents[uri] = document
            model = settings.analyze(document.text.scalars, reusing: &cache)
            document.analysisCache = cache
        } else {
            model = settings.analyze(document.text.scalars)
        }
        document.model = model
        document.modelVersion = document.version
        documents[uri] = document
        analysisFinished()
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
