import XCTest
import PolicyText
@testable import PolicyAnalysis

final class SuppressionTests: XCTestCase {
    let defective = "全省60个园区中有45个实现增长，增长面达80%。"

    func codes(_ text: String) -> [String] {
        DocumentAnalyzer.analyze(DocumentText(text)).findings.filter { $0.severity <= .warning }.map(\.code)
    }

    func testUnsuppressedFires() {
        XCTAssertEqual(codes(defective), ["ratio-mismatch"])
    }

    func testDisableNextLineInMarkdownComment() {
        XCTAssertEqual(codes("<!-- policy-lsp-disable-next-line ratio-mismatch -->\n" + defective), [])
        // Another code named: the finding stays.
        XCTAssertEqual(codes("<!-- policy-lsp-disable-next-line sum-mismatch -->\n" + defective), ["ratio-mismatch"])
        // No code named: everything on that line is silenced.
        XCTAssertEqual(codes("<!-- policy-lsp-disable-next-line -->\n" + defective), [])
        // Only the next line.
        XCTAssertEqual(codes("<!-- policy-lsp-disable-next-line -->\n第一行\n" + defective), ["ratio-mismatch"])
    }

    func testDisableLineInPlainText() {
        XCTAssertEqual(codes(defective + "  policy-lsp-disable-line ratio-mismatch"), [])
    }

    func testRegions() {
        XCTAssertEqual(codes("policy-lsp-disable ratio-mismatch, sum-mismatch\n\(defective)\npolicy-lsp-enable\n\(defective)"),
                       ["ratio-mismatch"])
        XCTAssertEqual(codes("policy-lsp-disable\n\(defective)\n\(defective)"), [])
    }

    func testUnknownDirectiveIsIgnored() {
        XCTAssertEqual(codes("policy-lsp-silence ratio-mismatch\n" + defective), ["ratio-mismatch"])
    }
}
