import Foundation
import XCTest

/// Runs `Tests/EditorTests/run-nvim.sh`: headless Neovim's own LSP client against the built binary on a
/// corpus document. Skips (visibly) without nvim outside CI; in CI a missing nvim is a failure.
final class NeovimEndToEndTests: XCTestCase {
    func testNeovimDrivesTheServerOnACorpusDocument() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Tests/EditorTests/run-nvim.sh")
        let hasNvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        if !hasNvim {
            if ProcessInfo.processInfo.environment["CI"] != nil { return XCTFail("nvim is not installed in CI") }
            throw XCTSkip("nvim is not installed: skipping the real-editor test (apt-get install neovim)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path, try policyLSPExecutable().path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        if text.hasPrefix("SKIP") { throw XCTSkip(text) }
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("all editor checks passed"), text)
    }
}
