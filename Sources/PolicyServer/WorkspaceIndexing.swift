import Foundation
import PolicyConfiguration
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
    /// The build in progress, told to stop when a newer one starts.
    var currentBuild: IndexBuild?
    /// Open documents whose latest model is published but not yet in `index` (see `currentIndex`).
    var unindexedOpenDocuments: Set<DocumentURI> = []
}

/// Shared state of one index build's workers: which file is next, and the summaries not yet handed to
/// the server queue.
final class IndexBuild: Sendable {
    /// Files summarized between two hand-overs to the server queue.
    static let batchSize = 16
    static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    private struct State {
        var fileCount = 0
        var next = 0
        var done = 0
        var skipped = 0
        var superseded = false
        var batch: [FileSummary] = []
    }
    private let state = Mutex(State())

    func start(files: [URL]) { state.withLock { $0.fileCount = files.count } }

    func supersede() { state.withLock { $0.superseded = true } }

    /// The next file to summarize, or nil when all are taken or a newer build started.
    func next() -> Int? {
        state.withLock { s in
            guard !s.superseded, s.next < s.fileCount else { return nil }
            s.next += 1
            return s.next - 1
        }
    }

    /// Records one file's outcome; hands `deliver` the batch when it is full or the build is done (else an
    /// empty batch), the number of files done and skipped. `deliver` runs under the lock.
    func finished(_ outcome: WorkspaceScan.Outcome, deliver: ([FileSummary], _ done: Int, _ skipped: Int) -> Void) {
        state.withLock { s in
            switch outcome {
            case .summary(let summary): s.batch.append(summary)
            case .skipped: s.skipped += 1
            }
            s.done += 1
            if s.batch.count >= Self.batchSize || s.done == s.fileCount {
                let ready = s.batch
                s.batch = []
                deliver(ready, s.done, s.skipped)
            } else {
                deliver([], s.done, s.skipped)
            }
        }
    }
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
        for root in roots {
            guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [],
                                                         options: [.skipsHiddenFiles, .skipsPackageDescendants])
            else { continue }
            for case let url as URL in e {
                if out.count >= maxFiles { return out }
                guard extensions.contains(url.pathExtension.lowercased()) else { continue }
                // One lstat (and a stat for links) instead of resource values: this runs for every file.
                var link = stat(), target = stat()
                let path = url.path
                guard lstat(path, &link) == 0 else { continue }
                let isLink = link.st_mode & S_IFMT == S_IFLNK
                if isLink ? stat(path, &target) == 0 && target.st_mode & S_IFMT == S_IFDIR : link.st_mode & S_IFMT == S_IFDIR {
                    continue
                }
                let resolved = url.resolvingSymlinksInPath()
                if isLink, !isInside(resolved.path, roots: roots) { continue }
                if seen.insert(resolved.path).inserted { out.append(url) }
            }
        }
        return out
    }

    enum Outcome { case summary(FileSummary), skipped(String) }

    /// Reads and analyses one file, keeping only its entities.
    static func summarize(_ url: URL, maxBytes: Int, lexicon: [LexiconEntry] = []) -> Outcome {
        let path = url.resolvingSymlinksInPath().path
        switch read(path, maxBytes: maxBytes) {
        case .failure(let why): return .skipped(why.reason)
        case .success(let scalars):
            // Entities only: the index keeps no figures or findings of files that are not open.
            let model = DocumentAnalyzer.analyzeEntities(scalars: scalars, extraLexicon: lexicon)
            return .summary(FileSummary(id: path, uri: URL(fileURLWithPath: path).absoluteString,
                                        text: DocumentText(scalars: scalars), model: model))
        }
    }

    struct Unreadable: Error { var reason: String }

    /// The file's text as scalars, or why it is not indexed (unreadable, too large, binary, not UTF-8).
    /// Decodes straight from the bytes: going through `String` validated, counted and decoded each file
    /// three times.
    static func read(_ path: String, maxBytes: Int) -> Result<[Unicode.Scalar], Unreadable> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Unreadable(reason: "unreadable")) }
        if Int(info.st_size) > maxBytes { return .failure(Unreadable(reason: "over \(maxBytes) bytes")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(Unreadable(reason: "unreadable")) }
        return data.withUnsafeBytes { raw -> Result<[Unicode.Scalar], Unreadable> in
            let bytes = raw.bindMemory(to: UInt8.self)
            if BinaryProbe.looksBinary(bytes) {
                return .failure(Unreadable(reason: "binary"))
            }
            guard let scalars = decodeUTF8(bytes) else { return .failure(Unreadable(reason: "not UTF-8")) }
            return .success(scalars)
        }
    }

    /// Strict UTF-8 with one leading byte-order mark dropped; nil for ill-formed input.
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar]? {
        try? UTF8Decoding.scalars(strictUTF8: bytes).get()
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
            + [.object(["globPattern": .string("**/\(Configuration.fileName)")])]
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
        workspace.currentBuild?.supersede()
        let generation = workspace.buildGeneration
        let roots = workspace.roots
        let maxBytes = settings.maxIndexedFileBytes
        let lexicon = settings.project.lexiconEntries
        progress(token, ["kind": .string("begin"), "title": .string("Indexing policy documents"),
                         "cancellable": .bool(false), "percentage": .int(0)])
        let started = Date()
        let build = IndexBuild()
        workspace.currentBuild = build
        analysisQueue.async { [self] in
            let files = WorkspaceScan.files(under: roots)
            build.start(files: files)
            let finish: @Sendable (_ skipped: Int) -> Void = { [self] skipped in
                queue.async { [self] in
                    guard workspace.buildGeneration == generation else { return }
                    workspace.currentBuild = nil
                    analysisFinished()
                    workspace.indexedFiles = files.count - skipped
                    workspace.skippedFiles = skipped
                    let ms = Int(Date().timeIntervalSince(started) * 1000)
                    progress(token, ["kind": .string("end"),
                                     "message": .string("\(files.count - skipped) files indexed, \(skipped) skipped")])
                    log.info("workspace index: \(files.count - skipped) files, \(workspace.index.mentionCount) mentions, \(skipped) skipped, \(ms) ms")
                }
            }
            if files.isEmpty { return finish(0) }
            // One chain of single-file steps per core: every step is its own block on the analysis queue,
            // so the analysis of an open buffer queued meanwhile waits for one file, not for the whole build.
            @Sendable func step() {
                guard let i = build.next() else { return }
                let outcome = WorkspaceScan.summarize(files[i], maxBytes: maxBytes, lexicon: lexicon)
                if case .skipped(let why) = outcome { log.debug("index: skipped \(files[i].path): \(why)") }
                build.finished(outcome) { ready, done, skipped in
                    // Called under the build's lock, so batches reach `queue` in order and before the end.
                    if !ready.isEmpty || done == files.count {
                        queue.async { [self] in
                            guard workspace.buildGeneration == generation else { return }
                            let open = Set(documents.keys.map(WorkspaceScan.id(forURI:)))
                            for s in ready where !open.contains(s.id) { workspace.index.upsert(s) }
                            progress(token, ["kind": .string("report"), "message": .string("\(done)/\(files.count) files"),
                                             "percentage": .int(done * 100 / files.count)])
                        }
                    }
                    if done == files.count { finish(skipped) }
                }
                analysisQueue.async(execute: step)
            }
            for _ in 0..<min(IndexBuild.workers, files.count) { analysisQueue.async(execute: step) }
        }
    }

    /// The workspace index with every open document's latest model in it. An open document is indexed
    /// in the background once its diagnostics are out (on a 2 MB document that work took a third as long
    /// as the re-analysis before it, all of it between the edit and its diagnostics); a request that
    /// comes first indexes it here, so no answer lags behind the diagnostics the client has seen.
    var currentIndex: WorkspaceIndex {
        for uri in workspace.unindexedOpenDocuments { indexOpenDocument(uri) }
        return workspace.index
    }

    /// Puts an open buffer's latest model into the index (open buffers win over the disk), now.
    func indexOpenDocument(_ uri: DocumentURI) {
        workspace.unindexedOpenDocuments.remove(uri)
        guard let document = documents[uri], let model = document.model else { return }
        install(OpenDocumentIndex(uri: uri, text: document.text, model: model), uri: uri,
                version: document.modelVersion ?? document.version)
    }

    /// Indexes an open buffer's latest model on the analysis queue; a newer change or a request that
    /// needed it first makes the result moot.
    func indexOpenDocumentInBackground(_ uri: DocumentURI) {
        guard let document = documents[uri], let model = document.model else { return }
        workspace.unindexedOpenDocuments.insert(uri)
        let text = document.text, generation = document.generation, version = document.modelVersion ?? document.version
        analysisQueue.async { [self] in
            let index = OpenDocumentIndex(uri: uri, text: text, model: model)
            queue.async { [self] in
                guard workspace.unindexedOpenDocuments.contains(uri), let current = documents[uri],
                      current.generation == generation, current.model != nil else { return }
                install(index, uri: uri, version: version)
            }
        }
    }

    private func install(_ index: OpenDocumentIndex, uri: DocumentURI, version: Int) {
        workspace.unindexedOpenDocuments.remove(uri)
        // A request may have built this version's entities already (`featureContext`).
        if workspace.entities[uri]?.version != version { workspace.entities[uri] = (version, index.entities) }
        workspace.index.upsert(index.summary)
    }

    /// After a buffer closes, the disk version is what the workspace holds (or nothing, for a file
    /// outside the workspace folders).
    func reindexFromDisk(_ uri: DocumentURI) {
        workspace.unindexedOpenDocuments.remove(uri)
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
        let lexicon = settings.project.lexiconEntries
        analysisQueue.async { [self] in
            let outcome = WorkspaceScan.summarize(url, maxBytes: maxBytes, lexicon: lexicon)
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
        if params.changes.contains(where: { $0.uri.hasSuffix("/" + Configuration.fileName) }) {
            projectConfigurationChanged()
        }
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
            "files": .int(currentIndex.files.count),
            "mentions": .int(currentIndex.mentionCount),
            "skipped": .int(workspace.skippedFiles),
            "roots": .array(workspace.roots.map { .string($0.path) }),
            "ids": .array(currentIndex.files.keys.sorted().map { .string($0) }),
        ])
    }
}

struct ProgressParams: Encodable {
    var token: String
    var value: JSONValue
}

/// What the index keeps of an open document. Built on the analysis queue after the diagnostics go out
/// (see `currentIndex`): on the server queue it would hold up the next didChange.
struct OpenDocumentIndex: Sendable {
    var entities: DocumentEntities
    var summary: FileSummary

    init(uri: DocumentURI, text: DocumentText, model: DocumentModel) {
        entities = DocumentEntities(model: model)
        summary = FileSummary(id: WorkspaceScan.id(forURI: uri), uri: uri, text: text, model: model, entities: entities)
    }
}
