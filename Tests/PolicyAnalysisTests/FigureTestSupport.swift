import Foundation
import XCTest

/// Locates `/work/shared`-style data beside the package: `#filePath` → package root → `../shared/…`,
/// falling back to `/work/shared`.
enum FigureTestData {
    static func sharedDirectory(file: String = #filePath) -> URL? {
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [root.deletingLastPathComponent().appendingPathComponent("shared"),
                          URL(fileURLWithPath: "/work/shared")]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func text(_ relative: String) throws -> String {
        guard let dir = sharedDirectory() else { throw XCTSkip("shared data absent") }
        let url = dir.appendingPathComponent(relative)
        guard let s = try? String(contentsOf: url, encoding: .utf8) else { throw XCTSkip("\(relative) absent") }
        return s
    }

    /// The corpus file whose name starts with `prefix` (000, 001 …).
    static func corpus(_ prefix: String) throws -> String {
        guard let dir = sharedDirectory() else { throw XCTSkip("corpus absent") }
        let c = dir.appendingPathComponent("corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: c.path)) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") }) else {
            throw XCTSkip("corpus \(prefix) absent")
        }
        return try text("corpus/" + name)
    }

    /// Rows of a vectors TSV (header dropped), split at the first tab.
    static func vectors(_ name: String) throws -> [(input: String, expected: String)] {
        let s = try text("external/vectors/" + name)
        return s.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
