import Foundation
import XCTest
import PolicyText
@testable import PolicyAnalysis

final class FigureDumpTests: XCTestCase {
    func testDump() throws {
        guard let which = ProcessInfo.processInfo.environment["FIGURE_DUMP"] else { throw XCTSkip("set FIGURE_DUMP") }
        let t = which.count == 3 ? try FigureTestData.corpus(which) : which
        var out = ""
        let view = ReadingView(source: Array(t.unicodeScalars))
        let r = FigureRecognizer.recognize(in: view)
        for f in r.figures {
            out += ("F \(f.text) | \(f.value) \(f.upperValue.map { "…\($0)" } ?? "") \(f.unit ?? "-") \(f.shape) q=\(f.qualifier?.rawValue ?? "-") d=\(f.statedDecimals) s=\(f.scale) m=\(f.metric ?? "-") t=\(f.timeContext ?? "-")\n")
        }
        for d in r.dates { out += "D \(d.text) | \(d.normalized)\n" }
        try out.write(toFile: "/tmp/figure_dump.txt", atomically: true, encoding: .utf8)
    }
}
