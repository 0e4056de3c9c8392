import Foundation
@testable import PolicyAnalysis
import PolicyBatch
import PolicyText
import XCTest

/// Runs `Tests/BrowserTests/run-report.sh`: headless Chromium renders the HTML report (DOM dump and
/// screenshot into scratch/browser-tests/). Skips visibly without Chromium outside CI; in CI a missing
/// browser is a failure.
final class BrowserReportTests: XCTestCase {
    private func browserScript() throws -> URL {
        let hasBrowser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .contains { FileManager.default.isExecutableFile(atPath: $0) }
        if !hasBrowser {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("chromium is not installed in CI"); throw XCTSkip("no chromium") }
            throw XCTSkip("chromium is not installed: skipping the browser test (apt-get install chromium)")
        }
        return packageRoot().appendingPathComponent("Tests/BrowserTests/run-report.sh")
    }

    private func corpus() throws -> String {
        let candidates = [packageRoot().appendingPathComponent("../shared/corpus").standardizedFileURL.path, "/work/shared/corpus"]
        guard let c = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/000_f380c44fdf15ab1d.txt") }) else {
            throw XCTSkip("corpus absent")
        }
        return c
    }

    /// The real binary on the four corpus documents.
    func testBinaryReportOnTheCorpusRendersInHeadlessChromium() throws {
        let script = try browserScript()
        let r = try runProcess("/bin/bash", [script.path, try policyLSPExecutable().path])
        let text = r.stdout + r.stderr
        print(text)
        if r.stdout.hasPrefix("SKIP") { throw XCTSkip(r.stdout) }
        XCTAssertEqual(r.code, 0, text)
        XCTAssertTrue(text.contains("all report browser checks passed"), text)
    }

    /// Every highlight kind in a real browser: the corpus with all recognizers run (figures, dates and
    /// organizations too, whether or not DocumentAnalyzer includes them yet).
    func testEveryHighlightKindRendersInHeadlessChromium() throws {
        let script = try browserScript()
        let corpus = try corpus()
        let full: Analyzer = { scalars in
            var m = DocumentAnalyzer.analyze(scalars: scalars)
            let view = ReadingView(source: scalars)
            if m.figures.isEmpty && m.dates.isEmpty {
                let found = FigureRecognizer.recognize(in: view)
                (m.figures, m.dates) = (found.figures, found.dates)
            }
            if m.organizations.isEmpty { m.organizations = OrganizationRecognizer.recognize(in: view, articles: m.structure.articles) }
            return m
        }
        let out = packageRoot().appendingPathComponent("scratch/browser-tests")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let html = out.appendingPathComponent("report-full.html").path
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertEqual(files.count, 4)
        let sink = OutputSink(), err = OutputSink()
        let code = runReport(files + ["-o", html, "--title", "policy-lsp corpus report (all recognizers)"],
                             context: CommandContext(stdout: sink, stderr: err, directory: corpus, analyzer: full, stderrIsTerminal: false))
        XCTAssertEqual(code, 0, err.captured)
        let r = try runProcess("/bin/bash", [script.path, "unused", "--html", html], environment: ["REQUIRE_ALL_HIGHLIGHTS": "1"])
        let text = r.stdout + r.stderr
        print(text)
        XCTAssertEqual(r.code, 0, text)
        XCTAssertTrue(text.contains("all report browser checks passed"), text)
    }
}
