import Foundation
import PolicyText

/// Reading one input: size limit, binary detection and strict UTF-8 decoding to scalars.
public enum FileLoader {
    public enum Outcome: Sendable {
        case text([Unicode.Scalar])
        case skipped(InputProblem)
    }

    public static let defaultMaxSize = 16 << 20

    /// `displayPath` names the file in problems (defaults to `location`).
    public static func load(_ location: String, displayPath: String? = nil, maxSize: Int = defaultMaxSize) -> Outcome {
        let path = displayPath ?? location
        guard let handle = FileHandle(forReadingAtPath: location) else {
            let why = access(location, R_OK) != 0 ? String(cString: strerror(errno)).lowercased() : "cannot open"
            return .skipped(InputProblem(path: path, kind: .error, message: "cannot read: \(why)"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // Read one byte past the limit to know it was exceeded without reading a huge file whole.
            data = try handle.read(upToCount: maxSize + 1) ?? Data()
        } catch {
            return .skipped(InputProblem(path: path, kind: .error, message: "cannot read: \(error.localizedDescription)"))
        }
        if data.count > maxSize {
            return .skipped(InputProblem(path: path, kind: .error,
                                         message: "larger than the size limit of \(maxSize) bytes; skipped (raise it with --max-size)"))
        }
        return decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) -> Outcome {
        let bytes = [UInt8](data)
        if bytes.withUnsafeBufferPointer(BinaryProbe.looksBinary) {
            return .skipped(InputProblem(path: path, kind: .note, message: "binary file (NUL byte in the first 8 KB); skipped"))
        }
        switch decodeUTF8(bytes) {
        case .success(let scalars): return .text(scalars)
        case .failure(let offset):
            return .skipped(InputProblem(path: path, kind: .error, message: "invalid UTF-8 at byte \(offset); skipped"))
        }
    }

    public enum DecodeResult: Equatable { case success([Unicode.Scalar]), failure(byteOffset: Int) }

    /// Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF). A leading BOM is dropped.
    public static func decodeUTF8(_ b: [UInt8]) -> DecodeResult {
        switch b.withUnsafeBufferPointer({ UTF8Decoding.scalars(strictUTF8: $0) }) {
        case .success(let scalars): return .success(scalars)
        case .failure(let invalid): return .failure(byteOffset: invalid.byteOffset)
        }
    }
}
