import Foundation
import XCTest
import JSONRPC

/// Pathological documents through the real binary: diagnostics arrive, requests are answered, edits in
/// the middle of a huge document stay correct, and the server's memory is bounded.
/// (The per-recognizer time bounds live in PolicyAnalysisTests/PathologicalDocumentTests.)
final class ReliabilityDocumentTests: XCTestCase {
    func testHostileDocumentsThroughTheServer() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize(encodings: ["utf-16"]))
        let body = String(repeating: "5月16日，江苏省工业和信息化厅印发《行动方案》，营收突破5000亿元，增长16.6%。\n", count: 12_000)
        let documents: [(String, String)] = [
            ("unterminated", "《" + body.replacingOccurrences(of: "《", with: "").replacingOccurrences(of: "》", with: "")),
            ("marks", String(repeating: "《", count: 10_000) + String(repeating: "》", count: 10_000)),
            ("digits", String(repeating: "9", count: 10_000) + "亿元，" + String(repeating: "一百二十三万", count: 167) + "元"),
            ("one line", body.replacingOccurrences(of: "\n", with: "")),
            ("astral", String(repeating: "😀𠀀\u{0}\r\n\r", count: 50_000)),
        ]
        let before = c.residentBytes()
        for (i, (name, text)) in documents.enumerated() {
            let uri = "file:///hostile/\(i).txt"
            let start = Date()
            c.open(uri, text)
            XCTAssertNotNil(c.diagnostics(uri, version: 1, timeout: 120), "\(name): no diagnostics")
            XCTAssertNotNil(c.request("textDocument/documentSymbol", docParams(uri), timeout: 120), name)
            XCTAssertNotNil(c.request("textDocument/hover", positionParams(uri, 0, 1), timeout: 120), name)
            // An edit in the middle, then the text must still match.
            let server = c.documentText(uri)
            XCTAssertEqual(server?.text.count, text.count, name)
            c.notify("textDocument/didChange", .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(2)]),
                "contentChanges": .array([.object(["range": range(0, 2, 0, 2), "text": .string("》插入《")])])]))
            XCTAssertNotNil(c.diagnostics(uri, version: 2, timeout: 120), "\(name): no diagnostics after the edit")
            XCTAssertEqual(c.documentText(uri)?.version, 2)
            print(String(format: "reliability document %@ (%d KB): %.2f s", name, text.utf8.count >> 10, Date().timeIntervalSince(start)))
            c.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(uri)])]))
        }
        if let before, let peak = c.peakResidentBytes() {
            print("reliability documents: server RSS before \(before >> 20) MB, peak \(peak >> 20) MB")
            XCTAssertLessThan(peak - before, 1 << 30, "server peak memory grew by \((peak - before) >> 20) MB")
        }
        c.shutdownAndExit()
    }

    func testTwentyMegabyteDocumentOpensAndAnswers() throws {
        // The largest document an editor might plausibly send; hover must not wait forever behind it.
        // A debug server analyses ~0.1 MB/s on a shared machine: 1 MB by default (CI), POLICY_PATHOLOGICAL_MB=20 for
        // the full size. (At 4 MB of one article repeating one 以下简称 definition the debug run took minutes.)
        let mb = Int(ProcessInfo.processInfo.environment["POLICY_PATHOLOGICAL_MB"] ?? "") ?? 1
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize(encodings: ["utf-16"]))
        let line = "工业和信息化部印发《工业互联网创新发展行动计划》（以下简称《行动计划》），营收1697.2亿元，增长16.6%。\n"
        let text = String(repeating: line, count: (mb << 20) / line.utf8.count)
        let uri = "file:///hostile/20mb.txt"
        let start = Date()
        c.open(uri, text)
        XCTAssertNotNil(c.diagnostics(uri, version: 1, timeout: 600), "\(mb) MB: no diagnostics")
        let hover = c.request("textDocument/hover", positionParams(uri, 1000, 12), timeout: 600)
        XCTAssertNotNil(hover.flatMap { try? $0.get() }?["contents"], "\(mb) MB hover: \(String(describing: hover))")
        print(String(format: "reliability %d MB document: diagnostics and hover in %.1f s, server peak %d MB", mb,
                     Date().timeIntervalSince(start), (c.peakResidentBytes() ?? 0) >> 20))
        c.shutdownAndExit()
    }
}
