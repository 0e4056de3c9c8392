import Foundation

/// Reading one input: size limit, binary detection and strict UTF-8 decoding to scalars.
public enum FileLoader {
    public enum Outcome: Sendable {
        case text([Unicode.Scalar])
        case skipped(InputProblem)
    }

    public static let defaultMaxSize = 16 << 20
    /// A NUL byte in this many leading bytes marks a file as binary (as git and grep decide).
    public static let binaryProbeSize = 8 << 10

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
        if bytes.prefix(binaryProbeSize).contains(0) {
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
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(b.count)
        var i = 0
        let n = b.count
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        while i < n {
            let c0 = b[i]
            if c0 < 0x80 {
                out.append(Unicode.Scalar(c0))
                i += 1
                continue
            }
            var need = 0
            var value: UInt32 = 0
            var minimum: UInt32 = 0
            switch c0 {
            case 0xC2...0xDF: need = 1; value = UInt32(c0 & 0x1F); minimum = 0x80
            case 0xE0...0xEF: need = 2; value = UInt32(c0 & 0x0F); minimum = 0x800
            case 0xF0...0xF4: need = 3; value = UInt32(c0 & 0x07); minimum = 0x10000
            default: return .failure(byteOffset: i)
            }
            guard i + need < n else { return .failure(byteOffset: i) }
            for k in 1...need {
                let c = b[i + k]
                guard c & 0xC0 == 0x80 else { return .failure(byteOffset: i) }
                value = value << 6 | UInt32(c & 0x3F)
            }
            guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value),
                  let scalar = Unicode.Scalar(value) else { return .failure(byteOffset: i) }
            out.append(scalar)
            i += need + 1
        }
        return .success(out)
    }
}
