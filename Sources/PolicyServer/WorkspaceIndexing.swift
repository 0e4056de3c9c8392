import Foundation
import JSONRPC
import LanguageServerProtocol
import PolicyAnalysis
import PolicyText

/// Server-side state of the reading features: the workspace index, per-document entity indexes and the
/// last semantic tokens sent (for deltas). Lives on `LanguageServer.queue` like all server state.
struct WorkspaceState {
    var roots: [URL] = []
    var index = WorkspaceIndex()
    var entities: [DocumentURI: (version: Int, entities: DocumentEntities)] = [:]
    var tokens: [DocumentURI: (id: String, data: [Int])] = [:]
    var nextResultID = 0
    var nextToken = 0
    /// Bumped when a build starts; results from an older build are dropped.
    var buildGeneration = 0
    var indexedFiles = 0
    var skippedFiles = 0
    var watcherRegistered = false
}

/// File-system side of the workspace index: which files to read and how. Never follows a symlink out of
/// the workspace, skips binary files and files over the size limit.
enum WorkspaceScan {
    static let extensions: Set<String> = ["txt", "md"]

    /// Index identity of a URI: the standardized path for file URIs, else the URI itself.
    static func id(forURI uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.standardizedFileURL.resolvingSymlinksInPath().path }
        return uri
    }

    static func url(forURI uri: String) -> URL? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL
    }

    static func isInside(_ path: String, roots: [URL]) -> Bool {
        roots.contains { root in
            let r = root.resolvingSymlinksInPath().path
            return path == r || path.hasPrefix(r.hasSuffix("/") ? r : r + "/")
        }
    }

    /// Candidate files under the roots, in a stable order.
    static func files(under roots: [URL], maxFiles: Int = 50_000) -> [URL] {
        var out: [URL] = []
        var seen = Set<String>()
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey, .isDirectoryKey]
        for root in roots {
            guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys,
                                                         options: [.skipsHiddenFiles, .skipsPackageDescendants])
            else { continue }
            for case let url as URL in e {
                if out.count >= maxFiles { return out }
                guard extensions.contains(url.pathExtension.lowercased()) else { continue }
                let values = try? url.resourceValues(forKeys: Set(keys))
                if values?.isDirectory == true { continue }
                let resolved = url.resolvingSymlinksInPath()
                if values?.isSymbolicLink == true, !isInside(resolved.path, roots: roots) { continue }
                if seen.insert(resolved.path).inserted { out.append(url) }
            }
        }
        return out
    }

    enum Outcome { case summary(FileSummary), skipped(String) }

    /// Reads and analyses one file, keeping only its entities.
    static func summarize(_ url: URL, maxBytes: Int) -> Outcome {
        let path = url.resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue
        else { return .skipped("unreadable") }
        if size > maxBytes { return .skipped("over \(maxBytes) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else { return .skipped("unreadable") }
        if data.prefix(8192).contains(0) { return .skipped("binary") }
        guard let text = String(data: data, encoding: .utf8) else { return .skipped("not UTF-8") }
        let scalars = Array(text.unicodeScalars)
        let model = DocumentAnalyzer.analyze(scalars: scalars)
        return .summary(FileSummary(id: path, uri: URL(fileURLWithPath: path).absoluteString, scalars: scalars, model: model))
    }
}

extension LanguageServer {
    /// Roots from `initialize`: workspace folders, else rootUri, else rootPath.
    func setWorkspaceRoots(_ params: InitializeParams) {
        var roots: [URL] = []
        for folder in params.workspaceFolders ?? [] {
            if let u = WorkspaceScan.url(forURI: folder.uri) { roots.append(u) }
        }
        if roots.isEmpty, let uri = params.rootUri, let u = WorkspaceScan.url(forURI: uri) { roots.append(u) }
        if roots.isEmpty, let path = params.rootPath, !path.isEmpty { roots.append(URL(fileURLWithPath: path)) }
        workspace.roots = roots
    }

    /// Called on `initialized`: registers the file watcher and builds the index in the background.
    func startWorkspaceIndexing() {
        registerFileWatcher()
        guard settings.workspaceIndexing, !workspace.roots.isEmpty else { return }
        if clientCapabilities.workDoneProgress {
            workspace.nextToken += 1
            let token = "policy-lsp-index-\(workspace.nextToken)"
            sendRequest("window/workDoneProgress/create", params: .object(["token": .string(token)])) { [weak self] result in
                // Runs on `queue`. A refused token means: index without progress.
                if case .success = result { self?.buildIndex(progressToken: token) } else { self?.buildIndex(progressToken: nil) }
            }
        } else {
            buildIndex(progressToken: nil)
        }
    }

    func registerFileWatcher() {
        guard clientCapabilities.watchedFilesDynamicRegistration, !workspace.watcherRegistered else { return }
        workspace.watcherRegistered = true
        let watchers: [JSONValue] = WorkspaceScan.extensions.sorted().map { .object(["globPattern": .string("**/*.\($0)")]) }
        let params: JSONValue = .object(["registrations": .array([.object([
            "id": .string("policy-lsp-watched-files"),
            "method": .string("workspace/didChangeWatchedFiles"),
            "registerOptions": .object(["watchers": .array(watchers)]),
        ])])])
        sendRequest("client/registerCapability", params: params) { [weak self] result in
            if case .failure(let e) = result { self?.log.warning("file watcher registration refused: \(e.message)") }
        }
    }

    func progress(_ token: String?, _ value: [String: JSONValue]) {
        guard let token else { return }
        sendNotification("$/progress", ProgressParams(token: token, value: .object(value)))
    }

    func buildIndex(progressToken token: String?) {
        workspace.buildGeneration += 1
        let generation = workspace.buildGeneration
        let roots = workspace.roots
        let maxBytes = settings.maxIndexedFileBytes
        progress(token, ["kind": .string("begin"), "title": .string("Indexing policy documents"),
                         "cancellable": .bool(false), "percentage": .int(0)])
        let started = Date()
        analysisQueue.async { [self] in
            let files = WorkspaceScan.files(under: roots)
            var batch: [FileSummary] = []
            var skipped = 0
            for (i, url) in files.enumerated() {
                switch WorkspaceScan.summarize(url, maxBytes: maxBytes) {
                case .summary(let s): batch.append(s)
                case .skipped(let why):
                    skipped += 1
                    log.debug("index: skipped \(url.path): \(why)")
                }
                if batch.count >= 16 || i == files.count - 1 {
                    let ready = batch
                    batch = []
                    let done = i + 1
                    queue.async { [self] in
                        guard workspace.buildGeneration == generation else { return }
                        let open = Set(documents.keys.map(WorkspaceScan.id(forURI:)))
                        for s in ready where !open.contains(s.id) { workspace.index.upsert(s) }
                        progress(token, ["kind": .string("report"), "message": .string("\(done)/\(files.count) files"),
                                         "percentage": .int(files.isEmpty ? 100 : done * 100 / files.count)])
                    }
                }
            }
            let skippedCount = skipped
            queue.async { [self] in
                let skipped = skippedCount
                guard workspace.buildGeneration == generation else { return }
                workspace.indexedFiles = files.count - skipped
                workspace.skippedFiles = skipped
                let ms = Int(Date().timeIntervalSince(started) * 1000)
                progress(token, ["kind": .string("end"),
                                 "message": .string("\(files.count - skipped) files indexed, \(skipped) skipped")])
                log.info("workspace index: \(files.count - skipped) files, \(workspace.index.mentionCount) mentions, \(skipped) skipped, \(ms) ms")
            }
        }
    }

    /// Puts an open buffer's latest model into the index (open buffers win over the disk).
    func indexOpenDocument(_ uri: DocumentURI) {
        guard let document = documents[uri], let model = document.model else { return }
        let entities = DocumentEntities(model: model)
        workspace.entities[uri] = (document.modelVersion ?? document.version, entities)
        workspace.index.upsert(FileSummary(id: WorkspaceScan.id(forURI: uri), uri: uri, scalars: document.text.scalars,
                                           model: model, entities: entities))
    }

    /// After a buffer closes, the disk version is what the workspace holds (or nothing, for a file
    /// outside the workspace folders).
    func reindexFromDisk(_ uri: DocumentURI) {
        workspace.entities[uri] = nil
        workspace.tokens[uri] = nil
        let id = WorkspaceScan.id(forURI: uri)
        guard let url = WorkspaceScan.url(forURI: uri), WorkspaceScan.isInside(id, roots: workspace.roots),
              WorkspaceScan.extensions.contains(url.pathExtension.lowercased())
        else {
            workspace.index.remove(id: id)
            return
        }
        rescan(url: url, id: id)
    }

    func rescan(url: URL, id: String) {
        let maxBytes = settings.maxIndexedFileBytes
        analysisQueue.async { [self] in
            let outcome = WorkspaceScan.summarize(url, maxBytes: maxBytes)
            queue.async { [self] in
                if documents.keys.contains(where: { WorkspaceScan.id(forURI: $0) == id }) { return }
                switch outcome {
                case .summary(let s): workspace.index.upsert(s)
                case .skipped: workspace.index.remove(id: id)
                }
            }
        }
    }

    func didChangeWatchedFiles(_ params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            guard let url = WorkspaceScan.url(forURI: change.uri) else { continue }
            let id = WorkspaceScan.id(forURI: change.uri)
            if documents.keys.contains(where: { WorkspaceScan.id(forURI: $0) == id }) { continue }
            if change.type == 3 || !WorkspaceScan.extensions.contains(url.pathExtension.lowercased()) {
                workspace.index.remove(id: id)
            } else if WorkspaceScan.isInside(id, roots: workspace.roots) {
                rescan(url: url, id: id)
            }
        }
    }

    func didChangeWorkspaceFolders(_ params: DidChangeWorkspaceFoldersParams) {
        let removed = params.event.removed.compactMap { WorkspaceScan.url(forURI: $0.uri) }
        workspace.roots.removeAll { r in removed.contains { $0.path == r.path } }
        for url in params.event.added.compactMap({ WorkspaceScan.url(forURI: $0.uri) }) { workspace.roots.append(url) }
        for (id, _) in workspace.index.files where !WorkspaceScan.isInside(id, roots: workspace.roots)
            && !documents.keys.contains(where: { WorkspaceScan.id(forURI: $0) == id }) {
            workspace.index.remove(id: id)
        }
        buildIndex(progressToken: nil)
    }

    /// Test aid: index statistics.
    func debugWorkspaceIndex() -> JSONValue {
        .object([
            "files": .int(workspace.index.files.count),
            "mentions": .int(workspace.index.mentionCount),
            "skipped": .int(workspace.skippedFiles),
            "roots": .array(workspace.roots.map { .string($0.path) }),
            "ids": .array(workspace.index.files.keys.sorted().map { .string($0) }),
        ])
    }
}

struct ProgressParams: Encodable {
    var token: String
    var value: JSONValue
}
