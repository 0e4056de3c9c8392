import Foundation
import XCTest
@testable import PolicyAnalysis
import PolicyText

/// Helpers for the policy, alias and structure tests.
enum PolicyTestSupport {
    static func analyze(_ text: String) -> (DocumentModel, [Unicode.Scalar]) {
        let s = Array(text.unicodeScalars)
        return (DocumentAnalyzer.analyze(scalars: s), s)
    }

    static func text(_ s: [Unicode.Scalar], _ r: Range<Int>) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[max(0, r.lowerBound)..<min(s.count, r.upperBound)])
        return String(v)
    }

    /// Every field of a model, to compare two models as text (the model types are not Equatable).
    static func describe(_ model: DocumentModel) -> String {
        var s = ""
        dump(model, to: &s)
        return s
    }

    /// Corpus file by prefix ("002"), located from this file (worktree or main), falling back to /work/shared.
    static func corpus(_ prefix: String, file: String = #filePath) throws -> String {
        let here = URL(fileURLWithPath: file)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [root.deletingLastPathComponent().appendingPathComponent("shared/corpus"),
                          root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus"),
                          URL(fileURLWithPath: "/work/shared/corpus")]
        for dir in candidates {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            if let name = names.sorted().first(where: { $0.hasPrefix(prefix + "_") && $0.hasSuffix(".txt") }) {
                return try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            }
        }
        throw XCTSkip("corpus file \(prefix) absent")
    }

    static func fixture(_ name: String, file: String = #filePath) throws -> String {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        guard let t = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("fixture \(name) absent") }
        return t
    }
}
