import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyConfiguration

extension LanguageServer {
    /// Reads `.policy-lsp.json` from the first workspace root upward (the file the CLI reads too). A broken
    /// file is reported to the user with its line and column, and the server goes on with defaults.
    func loadProjectConfiguration() {
        guard let root = workspace.roots.first else { return }
        guard let path = Configuration.discover(from: root.path) else {
            settings.project = Configuration()
            return
        }
        do {
            settings.project = try Configuration.load(path: path)
            log.info("configuration: \(path)")
        } catch {
            settings.project = Configuration()
            log.warning("configuration: \(error)")
            sendNotification("window/showMessage", LogMessageParams(type: .warning, message: "policy-lsp: \(error)"))
        }
    }

    /// A watched `.policy-lsp.json` changed: reload it and re-check every open document.
    func projectConfigurationChanged() {
        loadProjectConfiguration()
        for uri in documents.keys {
            documents[uri]?.model = nil
            scheduleDiagnostics(uri: uri, delayMs: 0)
        }
    }
}
