import Foundation

/// A small JSON reader for the bundled organization lexicon. JSONDecoder spends about 20 million
/// instructions (several milliseconds, paid by the first analysis of every process) on that 60 KB
/// file; this reads the same structure in a fraction of that. Strict: malformed input throws, so a
/// broken resource still yields the empty lexicon, as before.
enum LexiconJSON {
    // Not `indirect`: the recursive payloads are arrays (already references), so no case needs a box.
    enum Value {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case number
        case bool
        case null
    }

    struct Malformed: Error {}

    static let maxDepth = 64

    static func parse(_ bytes: [UInt8]) throws -> Value {
        var p = Parser(b: bytes)
        p.skipWhite()
        let v = try p.value(depth: 0)
        p.skipWhite()
        guard p.i == bytes.count else { throw Malformed() }
        return v
    }

    struct Parser {
        let b: [UInt8]
        var i = 0

        mutating func skipWhite() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ c: UInt8) throws {
            guard i < b.count, b[i] == c else { throw Malformed() }
            i += 1
        }

        mutating func literal(_ word: String) throws {
            for u in word.utf8 { try expect(u) }
        }

        mutating func value(depth: Int) throws -> Value {
            guard depth < LexiconJSON.maxDepth, i < b.count else { throw Malformed() }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: String, value: Value)] = []
                skipWhite()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipWhite()
                    let k = try string()
                    skipWhite()
                    try expect(UInt8(ascii: ":"))
                    skipWhite()
                    members.append((k, try value(depth: depth + 1)))
                    skipWhite()
                    guard i < b.count else { throw Malformed() }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                skipWhite()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipWhite()
                    items.append(try value(depth: depth + 1))
                    skipWhite()
                    guard i < b.count else { throw Malformed() }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                while i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".")
                    || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") || (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                guard i > start else { throw Malformed() }
                return .number
            default:
                throw Malformed()
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw Malformed() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw Malformed()
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = i
            // Common case: no escapes, the bytes are the string.
            while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") {
                guard b[i] >= 0x20 else { throw Malformed() }
                i += 1
            }
            guard i < b.count else { throw Malformed() }
            if b[i] == UInt8(ascii: "\"") {
                let s = try utf8(b[start..<i])
                i += 1
                return s
            }
            var out = Array(b[start..<i])
            while true {
                guard i < b.count else { throw Malformed() }
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                guard c >= 0x20 else { throw Malformed() }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { throw Malformed() }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if v >= 0xD800 && v < 0xDC00 {
                        try expect(UInt8(ascii: "\\"))
                        try expect(UInt8(ascii: "u"))
                        let lo = try hex4()
                        guard lo >= 0xDC00 && lo < 0xE000 else { throw Malformed() }
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(v) else { throw Malformed() }
                    out.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
                default: throw Malformed()
                }
            }
            return try utf8(out[...])
        }

        /// The bytes as a String; invalid UTF-8 throws. `String(validating:)` takes a generic path
        /// costing about a thousand instructions per short string; decoding from contiguous storage
        /// and comparing the bytes (a repair changes them) is a fraction of that.
        func utf8(_ bytes: ArraySlice<UInt8>) throws -> String {
            try bytes.withUnsafeBufferPointer { raw in
                var s = String(decoding: raw, as: UTF8.self)
                let same = s.withUTF8 { decoded in
                    decoded.count == raw.count && (raw.isEmpty || memcmp(decoded.baseAddress!, raw.baseAddress!, raw.count) == 0)
                }
                guard same else { throw Malformed() }
                return s
            }
        }
    }
}

extension LexiconJSON.Value {
    func member(_ key: String) -> LexiconJSON.Value? {
        guard case .object(let members) = self else { return nil }
        // JSONDecoder keeps the last of duplicate keys.
        return members.last(where: { $0.key == key })?.value
    }

    /// A string member: nil when absent or null, an error for any other type.
    func optionalString(_ key: String) throws -> String? {
        switch member(key) {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw LexiconJSON.Malformed()
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw LexiconJSON.Malformed() }
        return s
    }

    func optionalStrings(_ key: String) throws -> [String]? {
        switch member(key) {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map {
                guard case .string(let s) = $0 else { throw LexiconJSON.Malformed() }
                return s
            }
        default: throw LexiconJSON.Malformed()
        }
    }

    func optionalObjects(_ key: String) throws -> [LexiconJSON.Value]? {
        switch member(key) {
        case nil, .null?: return nil
        case .array(let items)?:
            for v in items { guard case .object = v else { throw LexiconJSON.Malformed() } }
            return items
        default: throw LexiconJSON.Malformed()
        }
    }
}
