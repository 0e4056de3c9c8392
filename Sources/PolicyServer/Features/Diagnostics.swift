import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

extension LanguageServer {
    func publishDiagnostics(uri: DocumentURI) {
        guard let document = documents[uri], let model = document.model else { return }
        let diagnostics = makeDiagnostics(uri: uri, text: document.text, model: model)
        sendNotification("textDocument/publishDiagnostics",
                         PublishDiagnosticsParams(uri: uri, version: document.modelVersion, diagnostics: diagnostics))
        indexOpenDocumentInBackground(uri)
    }

    func makeDiagnostics(uri: DocumentURI, text: DocumentText, model: DocumentModel) -> [Diagnostic] {
        let english = settings.prefersEnglish(clientLocale: locale)
        return settings.publishable(model.findings, text: text.scalars).map { finding, severity in
            let related = finding.related.map {
                DiagnosticRelatedInformation(location: Location(uri: uri, range: text.lspRange($0.range, encoding)),
                                             message: $0.message)
            }
            var data: [String: JSONValue] = [:]
            if let replacement = finding.suggestedReplacement {
                data["replacement"] = .string(replacement)
                data["original"] = .string(text.slice(finding.range))
            }
            return Diagnostic(
                range: text.lspRange(finding.range, encoding),
                severity: DiagnosticSeverity(rawValue: severity.rawValue),
                code: finding.code,
                source: "policy-lsp",
                message: english ? finding.messageEnglish : finding.message,
                relatedInformation: related.isEmpty ? nil : related,
                data: data.isEmpty ? nil : .object(data))
        }
    }
}
