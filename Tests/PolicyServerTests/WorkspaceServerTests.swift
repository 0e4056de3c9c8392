import Foundation
import XCTest
import JSONRPC
@testable import PolicyServer

/// The workspace index through the server: several documents on disk naming the same policy in
/// slightly different ways, indexed in the background with progress, updated by watched-file events.
final class WorkspaceServerTests: XCTestCase {
    var root: URL!
    var outside: URL!
    static let gd = "广东省算力基础设施高质量发展行动计划（2024—2026年）"

    override func setUpWithError() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("policy-lsp-ws-\(UUID().uuidString)")
        root = base.appendingPathComponent("workspace")
        outside = base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        func write(_ path: String, _ text: String, in dir: URL? = nil) throws {
            try Data(text.utf8).write(to: (dir ?? root).appendingPathComponent(path))
        }
        try write("a.txt", """
        本报讯 广东省人民政府近日印发了《\(Self.gd)》（以下简称《行动计划》）。
        《行动计划》提出，到2026年算力规模超过60EFLOPS。工信部表示支持。
        """)
        try write("sub/b.md", """
        ## 算力动态
        《广东省算力基础设施高质量发展行动计划(2024-2026年)》明确了目标。
        业内认为，《广东省算力基础设施 高质量发展行动计划（2024-2026年）》将带动投资。工业和信息化部也有部署。
        """)
        try write("c.txt", "工业和信息化部等部门印发《算力基础设施高质量发展行动计划》，广东随后出台《\(Self.gd)》。\n")
        try write("notes.png", "《\(Self.gd)》")          // not a document type
        var binary = Data("《\(Self.gd)》".utf8)
        binary.append(contentsOf: [0, 1, 2, 0])
        try binary.write(to: root.appendingPathComponent("binary.txt"))
        try write("big.txt", String(repeating: "《\(Self.gd)》\n", count: 200))  // over the configured limit
        try write("secret.txt", "《\(Self.gd)》", in: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
    }

    func uri(_ path: String) -> String { root.appendingPathComponent(path).absoluteString }

    /// Initializes with progress and dynamic watcher support, answers the server's requests and waits
    /// for the index build to end.
    func startIndexed(encoding: String) -> ServerHarness {
        let (h, _) = ServerHarness.started(encoding: encoding, capabilities: [
            "window": .object(["workDoneProgress": .bool(true)]),
            "workspace": .object(["didChangeWatchedFiles": .object(["dynamicRegistration": .bool(true)])]),
        ], extra: [
            "workspaceFolders": .array([.object(["uri": .string(root.absoluteString), "name": .string("ws")])]),
            "initializationOptions": .object(["workspaceIndex": .object(["maxFileBytes": .int(4000)])]),
        ])
        var sawCreate = false, sawRegister = false
        for _ in 0..<2 {
            guard case .request(let id, let method, let params)? = h.waitFor({ if case .request = $0 { return true }; return false }) else { break }
            if method == "window/workDoneProgress/create" {
                sawCreate = true
                XCTAssertNotNil(params?["token"]?.stringValue)
            }
            if method == "client/registerCapability" {
                sawRegister = true
                XCTAssertEqual(params?["registrations"]?.arrayValue?.first?["method"]?.stringValue, "workspace/didChangeWatchedFiles")
            }
            h.send(.response(id: id, result: .success(.null)))
        }
        XCTAssertTrue(sawCreate, "window/workDoneProgress/create is sent before any progress")
        XCTAssertTrue(sawRegister, "the file watcher is registered dynamically")
        let begin = h.waitFor { if case .notification("$/progress", let p?) = $0 { return p["value"]?["kind"]?.stringValue == "begin" }; return false }
        XCTAssertNotNil(begin)
        let end = h.waitFor { if case .notification("$/progress", let p?) = $0 { return p["value"]?["kind"]?.stringValue == "end" }; return false }
        XCTAssertNotNil(end)
        return h
    }

    func testIndexSkipsBinaryOversizedForeignAndSymlinkedOutFiles() {
        let h = startIndexed(encoding: "utf-16")
        let stats = h.request("policyLsp/workspaceIndex").value
        let ids = stats?["ids"]?.arrayValue?.compactMap(\.stringValue).map { URL(fileURLWithPath: $0).lastPathComponent } ?? []
        XCTAssertEqual(Set(ids), ["a.txt", "b.md", "c.txt"])
        XCTAssertEqual(stats?["skipped"]?.intValue, 2, "binary.txt and big.txt")
    }

    func testReferencesAndWorkspaceSymbolsFindEveryDocument() throws {
        for encoding in ["utf-16", "utf-8"] {
            let h = startIndexed(encoding: encoding)
            let aText = try String(contentsOf: root.appendingPathComponent("a.txt"), encoding: .utf8)
            h.open(uri("a.txt"), aText)
            let p = lspPosition(in: aText, of: "《广东省算力", offset: 3, encoding: encoding)
            let refs = h.request("textDocument/references", .object([
                "textDocument": .object(["uri": .string(uri("a.txt"))]),
                "position": position(p?.line ?? 0, p?.character ?? 0),
                "context": .object(["includeDeclaration": .bool(true)]),
            ])).value?.arrayValue ?? []
            let files = refs.compactMap { $0["uri"]?.stringValue.flatMap(URL.init(string:))?.lastPathComponent }
            XCTAssertEqual(files.filter { $0 == "a.txt" }.count, 3, "full title, definition and use in a.txt: \(files)")
            XCTAssertEqual(files.filter { $0 == "b.md" }.count, 2, "both spellings in b.md: \(files)")
            XCTAssertEqual(files.filter { $0 == "c.txt" }.count, 1, "\(files)")
            // Positions of another file are in the negotiated encoding too.
            let bText = try String(contentsOf: root.appendingPathComponent("sub/b.md"), encoding: .utf8)
            let second = lspPosition(in: bText, of: "《广东省算力基础设施 高质量", encoding: encoding)
            XCTAssertTrue(refs.contains { $0["uri"]?.stringValue?.hasSuffix("b.md") == true && $0.startLine == second?.line && $0.startCharacter == second?.character },
                          "\(encoding): \(refs)")

            let symbols = h.request("workspace/symbol", .object(["query": .string("算力基础设施")])).value?.arrayValue ?? []
            let gdFiles = Set(symbols.filter { $0["name"]?.stringValue?.hasPrefix("《广东省") == true }
                .compactMap { $0["location"]?["uri"]?.stringValue.flatMap(URL.init(string:))?.lastPathComponent })
            XCTAssertEqual(gdFiles, ["a.txt", "b.md", "c.txt"])
            let orgs = h.request("workspace/symbol", .object(["query": .string("工信")])).value?.arrayValue ?? []
            XCTAssertEqual(orgs.first?["name"]?.stringValue, "工业和信息化部", "工信 finds the ministry through 工信部")
        }
    }

    func testDefinitionImplementationLensAndHoverUseTheWorkspace() throws {
        let h = startIndexed(encoding: "utf-16")
        let cText = try String(contentsOf: root.appendingPathComponent("c.txt"), encoding: .utf8)
        h.open(uri("c.txt"), cText)
        let gdPos = lspPosition(in: cText, of: "《广东省", offset: 2, encoding: "utf-16")
        // The only mention here is the first: go to the document that names it most fully (b.md, twice).
        let def = h.request("textDocument/definition", h.at(uri("c.txt"), gdPos)).value?.arrayValue?.first
        XCTAssertTrue(def?["uri"]?.stringValue?.hasSuffix("sub/b.md") ?? false, "\(String(describing: def))")
        XCTAssertEqual(def?.startLine, 1)

        let national = lspPosition(in: cText, of: "《算力基础设施", offset: 2, encoding: "utf-16")
        let impl = h.request("textDocument/implementation", h.at(uri("c.txt"), national)).value?.arrayValue ?? []
        XCTAssertFalse(impl.isEmpty, "the Guangdong edition is the same plan at another level")
        let hover = h.request("textDocument/hover", h.at(uri("c.txt"), national)).value?["contents"]?["value"]?.stringValue ?? ""
        XCTAssertTrue(hover.contains("相关政策 related policies"), hover)
        XCTAssertTrue(hover.contains("](file://"), "related policies are links: \(hover)")

        let lenses = h.request("textDocument/codeLens", docParams(uri("c.txt"))).value?.arrayValue ?? []
        let gdLens = lenses.first { $0.startCharacter == lspPosition(in: cText, of: "《广东省", encoding: "utf-16")?.character }
        XCTAssertEqual(gdLens?["command"]?["title"]?.stringValue, "6 次提及 · 3 个文档 (6 mentions in 3 documents)")
    }

    func testWatchedFileEventsUpdateTheIndex() throws {
        let h = startIndexed(encoding: "utf-16")
        let d = root.appendingPathComponent("d.txt")
        try Data("新闻：《\(Self.gd)》落地。".utf8).write(to: d)
        h.notify("workspace/didChangeWatchedFiles", .object(["changes": .array([.object(["uri": .string(d.absoluteString), "type": .int(1)])])]))
        func indexed() -> [String] {
            h.request("policyLsp/workspaceIndex").value?["ids"]?.arrayValue?.compactMap(\.stringValue).map { URL(fileURLWithPath: $0).lastPathComponent } ?? []
        }
        var deadline = Date().addingTimeInterval(10)
        while !indexed().contains("d.txt"), Date() < deadline { usleep(20_000) }
        XCTAssertTrue(indexed().contains("d.txt"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("c.txt"))
        h.notify("workspace/didChangeWatchedFiles", .object(["changes": .array([.object(["uri": .string(uri("c.txt")), "type": .int(3)])])]))
        deadline = Date().addingTimeInterval(10)
        while indexed().contains("c.txt"), Date() < deadline { usleep(20_000) }
        XCTAssertFalse(indexed().contains("c.txt"))
    }

    /// The open buffer's index entry is built after its diagnostics go out, off the server queue; any
    /// workspace answer given after those diagnostics must already reflect that version, and an index
    /// built for an older version must never replace a newer one.
    func testWorkspaceAnswersFollowTheLatestEditAtOnce() {
        let h = startIndexed(encoding: "utf-16")
        let doc = uri("a.txt")
        func files(_ query: String) -> [String] {
            (h.request("workspace/symbol", .object(["query": .string(query)])).value?.arrayValue ?? [])
                .compactMap { $0["location"]?["uri"]?.stringValue }
        }
        // Thousands of mentions, so that indexing takes long enough for the request to come first.
        func text(_ title: String) -> String { String(repeating: "印发《\(title)》。\n", count: 3000) }
        h.open(doc, text("甲方案1号"))
        for version in 2...6 {
            // Two versions in a row, the first never waited for: its index must not win.
            h.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(doc), "version": .int(version)]),
                "contentChanges": .array([.object(["text": .string(text("乙方案\(version)号"))])]),
            ]))
            h.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(doc), "version": .int(100 + version)]),
                "contentChanges": .array([.object(["text": .string(text("甲方案\(version)号"))])]),
            ]))
            _ = h.diagnostics(for: doc, version: 100 + version)
            XCTAssertTrue(files("甲方案\(version)号").contains(doc), "version \(100 + version) not indexed")
            XCTAssertFalse(files("乙方案\(version)号").contains(doc), "the superseded version \(version) was indexed")
            XCTAssertFalse(files("甲方案\(version - 1)号").contains(doc), "the previous version is still indexed")
        }
    }

    func testOpenBufferWinsOverDiskAndASingleFileOutsideFoldersWorks() throws {
        let h = startIndexed(encoding: "utf-16")
        // Edited buffer: the title is gone from a.txt while open.
        h.open(uri("a.txt"), "空白文档。")
        _ = h.diagnostics(for: uri("a.txt"))
        let stats = h.request("workspace/symbol", .object(["query": .string("广东省算力")])).value?.arrayValue ?? []
        XCTAssertFalse(stats.contains { $0["location"]?["uri"]?.stringValue?.hasSuffix("a.txt") == true })
        // A file outside any folder: analysed and indexed while open.
        let loose = outside.appendingPathComponent("loose.txt").absoluteString
        h.open(loose, "《\(Self.gd)》与《\(Self.gd)》。")
        _ = h.diagnostics(for: loose)
        let refs = h.request("textDocument/references", .object([
            "textDocument": .object(["uri": .string(loose)]), "position": position(0, 3),
            "context": .object(["includeDeclaration": .bool(true)]),
        ])).value?.arrayValue ?? []
        XCTAssertEqual(refs.filter { $0["uri"]?.stringValue == loose }.count, 2)
        XCTAssertGreaterThanOrEqual(refs.count, 5, "b.md ×2, c.txt ×1 besides the loose file")
    }

    /// The indexer's own UTF-8 decoder accepts and yields exactly what `String(data:encoding: .utf8)` does.
    func testIndexerDecodesUTF8LikeFoundation() {
        var samples: [[UInt8]] = [
            [], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x41], Array("《广东省》2024年 é 😀".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0x80], [0xFF],
            [0x41, 0xE4, 0xB8, 0x41], [0xF0, 0x9F, 0x98],
        ]
        var seed: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(seed % 12) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                // Mostly well-formed pieces, sometimes a random byte.
                switch seed >> 61 {
                case 0: bytes.append(UInt8(truncatingIfNeeded: seed >> 20))
                case 1: bytes += [0xED, UInt8(0x80 + (seed >> 30) % 0x40), 0x80]
                case 2: bytes += Array("字".utf8)
                case 3: bytes += [0xF4, UInt8(0x80 + (seed >> 30) % 0x40), 0x80, 0x80]
                default: bytes.append(UInt8(0x20 + (seed >> 40) % 0x5F))
                }
            }
            samples.append(bytes)
        }
        for bytes in samples {
            let expected = String(data: Data(bytes), encoding: .utf8).map { Array($0.unicodeScalars) }
            let decoded = bytes.withUnsafeBufferPointer { WorkspaceScan.decodeUTF8($0) }
            XCTAssertEqual(decoded, expected, "\(bytes)")
        }
    }
}
