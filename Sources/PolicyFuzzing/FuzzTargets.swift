import Foundation
import JSONRPC
import PolicyAnalysis
import PolicyText

// Fuzz entry points, one per surface. `policy-lsp-fuzz` replays inputs from files (as the regression test
// does); Tests/Fuzz/run-fuzz.sh builds this module with `-sanitize=fuzzer,address -DFUZZING` and links it
// with libFuzzer, which then drives `LLVMFuzzerTestOneInput`.
// The surface comes from POLICY_FUZZ_TARGET: framer, jsonrpc, edits, positions, analysis.

public enum FuzzSurface: String, CaseIterable, Sendable {
    case framer, jsonrpc, edits, positions, analysis
}

public let selectedSurface: FuzzSurface = {
    FuzzSurface(rawValue: ProcessInfo.processInfo.environment["POLICY_FUZZ_TARGET"] ?? "") ?? .analysis
}()

public func fuzzOne(_ bytes: UnsafeRawBufferPointer, surface: FuzzSurface) {
    switch surface {
    case .framer:
        // Feed in chunks whose sizes come from the input itself, so splits land everywhere.
        var framer = MessageFramer(maxBodySize: 1 << 16, maxHeaderSize: 1 << 10)
        var i = 0
        while i < bytes.count {
            let n = Int(bytes[i] % 17) + 1
            let end = min(bytes.count, i + n)
            for event in framer.feed(bytes[i..<end]) {
                if case .message(let body) = event { _ = try? Message.decode(body) }
            }
            i = end
        }
        _ = framer.finish()
    case .jsonrpc:
        if let m = try? Message.decode(Data(bytes)) {
            _ = try? JSONCoding.encoder.encode(m.jsonValue)
        }
    case .edits:
        // Bytes script edits: each step reads a position pair and an insertion.
        var text = DocumentText("山西省𠀀电子\r\n信息😀制造\r业\n")
        var i = 0
        func byte() -> Int {
            defer { i += 1 }
            return i < bytes.count ? Int(bytes[i]) : 0
        }
        let pieces = ["", "政", "𠀀", "\r\n", "\r", "\n", "a", "😀", "《", "》"]
        while i < bytes.count {
            let encoding = PositionEncoding.allCases[byte() % 3]
            let a = TextPosition(line: byte() % 8, character: byte() % 12)
            let b = TextPosition(line: byte() % 8, character: byte() % 12)
            text.replace(from: a, to: b, encoding: encoding, with: pieces[byte() % pieces.count])
            for e in PositionEncoding.allCases {
                let p = text.position(at: byte() % (text.scalars.count + 1), encoding: e)
                _ = text.offset(at: p, encoding: e)
            }
        }
    case .positions:
        let s = String(decoding: bytes, as: UTF8.self)
        let text = DocumentText(s)
        for e in PositionEncoding.allCases {
            var offset = 0
            while offset <= text.scalars.count {
                let p = text.position(at: offset, encoding: e)
                let back = text.offset(at: p, encoding: e)
                // Between the \r and \n of a CRLF there is no position: it maps to the line's end.
                let insideCRLF = offset > 0 && offset < text.scalars.count
                    && text.scalars[offset - 1] == "\r" && text.scalars[offset] == "\n"
                if back != offset && !(insideCRLF && back == offset - 1) {
                    fatalError("position round trip failed at \(offset) (\(e)): \(p) -> \(String(describing: back))")
                }
                offset += max(1, text.scalars.count / 64)
            }
        }
    case .analysis:
        let s = String(decoding: bytes, as: UTF8.self)
        let scalars = DocumentText(s).scalars
        let whole = DocumentAnalyzer.analyze(scalars: scalars)
        // A large document is analysed in blocks, and an edited one in article segments: wherever the
        // text is cut, the model must be the one of the whole (small blocks make these inputs cut).
        var cache = AnalysisCache()
        let parts = [("blocks of 64 reading scalars", DocumentAnalyzer.analyze(scalars: scalars, extraLexicon: [], blockScalars: 64)),
                     ("article segments", DocumentAnalyzer.analyze(scalars: scalars, reusing: &cache))]
        let expected = describe(whole)
        for (name, model) in parts where describe(model) != expected {
            fatalError("analysis in \(name) differs from the whole analysis")
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size), surface: selectedSurface)
    return 0
}
#endif

/// Every field of a model, to compare two models (the model types are not Equatable).
private func describe(_ model: DocumentModel) -> String {
    var out = ""
    dump(model, to: &out)
    return out
}
