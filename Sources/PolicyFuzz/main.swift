import Foundation
import PolicyFuzzing

// Replays fuzz inputs: POLICY_FUZZ_TARGET=surface policy-lsp-fuzz FILE…
let paths = CommandLine.arguments.dropFirst()
if paths.isEmpty {
    FileHandle.standardError.write(Data("usage: POLICY_FUZZ_TARGET=framer|jsonrpc|edits|positions|analysis policy-lsp-fuzz FILE…\n".utf8))
    exit(2)
}
for path in paths {
    guard let data = FileManager.default.contents(atPath: path) else { continue }
    data.withUnsafeBytes { fuzzOne($0, surface: selectedSurface) }
}
print("replayed \(paths.count) input(s) on \(selectedSurface.rawValue)")
