import Foundation

/// Parses JSON text into a `JSONValue` in one pass over the bytes. Accepts and classifies exactly what
/// `JSONDecoder` with `JSONValue`'s `Decodable` init accepts: a leading byte-order mark, trailing commas,
/// nesting up to 512 levels, the first of duplicate keys; numbers become `.int` when they are whole and
/// fit (1.0 and 1e2 included, as JSONDecoder decodes them as Int), an integer literal that overflows
/// becomes `.double`; lone surrogates, invalid UTF-8 and raw control characters in strings are errors.
/// Text in UTF-16 or UTF-32 goes to JSONDecoder.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var description: String { "The given data was not valid JSON." }
    /// Byte offset where parsing stopped (for debugging; not reported to clients).
    public var offset: Int
}

extension JSONValue {
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONParseError) {
        self = try Self.parse(bytes).get()
    }

    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        self = try bytes.withUnsafeBytes(Self.parse).get()
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            // UTF-16 or UTF-32 (JSONDecoder detects them by BOM or NUL pattern): never sent by an LSP
            // client, so leave the transcoding to JSONDecoder.
            guard let value = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(bytes)) else {
                return .failure(JSONParseError(offset: 0))
            }
            return .success(value)
        }
        var parser = JSONParser(bytes.bindMemory(to: UInt8.self))
        do throws(JSONParseError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

struct JSONParser {
    static let maxDepth = 512

    let input: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    func fail() -> JSONParseError { JSONParseError(offset: i) }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { i = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard i == input.count else { throw fail() }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < input.count {
            switch input[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < input.count else { throw fail() }
        switch input[i] {
        case 0x22: return .string(try parseString())
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x74: try expect("true"); return .bool(true)
        case 0x66: try expect("false"); return .bool(false)
        case 0x6E: try expect("null"); return .null
        case 0x2D, 0x30...0x39: return try parseNumber()
        default: throw fail()
        }
    }

    mutating func expect(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard input.count - i >= n else { throw fail() }
        let p = word.utf8Start
        for k in 0..<n where input[i + k] != p[k] { throw fail() }
        i += n
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail() }
        i += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < input.count, input[i] == 0x5D {
            i += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard i < input.count else { throw fail() }
            if input[i] == 0x2C {
                i += 1
                skipWhitespace()
                // JSONDecoder accepts a trailing comma.
                if i < input.count, input[i] == 0x5D { i += 1; break }
                continue
            }
            guard input[i] == 0x5D else { throw fail() }
            i += 1
            break
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail() }
        i += 1  // {
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if i < input.count, input[i] == 0x7D {
            i += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard i < input.count, input[i] == 0x22 else { throw fail() }
            let key = try parseString()
            skipWhitespace()
            guard i < input.count, input[i] == 0x3A else { throw fail() }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            if object.index(forKey: key) == nil { object[key] = value }  // the first of duplicates wins
            skipWhitespace()
            guard i < input.count else { throw fail() }
            if input[i] == 0x2C {
                i += 1
                skipWhitespace()
                if i < input.count, input[i] == 0x7D { i += 1; break }
                continue
            }
            guard input[i] == 0x7D else { throw fail() }
            i += 1
            break
        }
        depth -= 1
        return .object(object)
    }

    // MARK: Strings

    mutating func parseString() throws(JSONParseError) -> String {
        i += 1  // opening quote
        let start = i
        var ascii = true
        while i < input.count {
            let b = input[i]
            if b == 0x22 {
                let run = UnsafeBufferPointer(rebasing: input[start..<i])
                i += 1
                if !ascii, !Self.isValidUTF8(run) { throw JSONParseError(offset: start) }
                return String(decoding: run, as: UTF8.self)
            }
            if b == 0x5C { return try parseEscapedString(from: start) }
            if b < 0x20 { throw fail() }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        throw fail()
    }

    /// The slow path: a string with escapes, decoded into a byte buffer.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(i - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<i]))
        while i < input.count {
            let b = input[i]
            switch b {
            case 0x22:
                i += 1
                guard Self.isValidUTF8(bytes) else { throw JSONParseError(offset: start) }
                return String(decoding: bytes, as: UTF8.self)
            case 0x5C:
                i += 1
                guard i < input.count else { throw fail() }
                let e = input[i]
                i += 1
                switch e {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x2F: bytes.append(0x2F)
                case 0x62: bytes.append(0x08)
                case 0x66: bytes.append(0x0C)
                case 0x6E: bytes.append(0x0A)
                case 0x72: bytes.append(0x0D)
                case 0x74: bytes.append(0x09)
                case 0x75:
                    var scalar = UInt32(try hex4())
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        // A high surrogate must be followed by an escaped low one.
                        guard input.count - i >= 6, input[i] == 0x5C, input[i + 1] == 0x75 else { throw fail() }
                        i += 2
                        let low = UInt32(try hex4())
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw fail()
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail() }
                    bytes.append(contentsOf: UTF8.encode(u)!)
                default:
                    throw fail()
                }
            default:
                // A run of plain bytes up to the next quote, backslash or control character, copied at once.
                let run = i
                while i < input.count, input[i] >= 0x20, input[i] != 0x22, input[i] != 0x5C { i += 1 }
                guard i > run else { throw fail() }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[run..<i]))
            }
        }
        throw fail()
    }

    mutating func hex4() throws(JSONParseError) -> UInt16 {
        guard input.count - i >= 4 else { throw fail() }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = input[i]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw fail()
            }
            v = v << 4 | UInt16(d)
            i += 1
        }
        return v
    }

    /// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
    static func isValidUTF8<C: RandomAccessCollection>(_ s: C) -> Bool where C.Element == UInt8, C.Index == Int {
        var k = s.startIndex
        let end = s.endIndex
        while k < end {
            let b0 = s[k]
            if b0 < 0x80 { k += 1; continue }
            let need: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return false
            }
            guard end - k > need else { return false }
            let b1 = s[k + 1]
            guard b1 >= lower && b1 <= upper else { return false }
            for j in 2..<(need + 1) where s[k + j] & 0xC0 != 0x80 { return false }
            k += need + 1
        }
        return true
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        var negative = false
        if input[i] == 0x2D { negative = true; i += 1 }
        guard i < input.count, Self.isDigit(input[i]) else { throw fail() }
        // An integer part: 0, or digits without a leading zero.
        var magnitude: UInt64 = 0
        var overflow = false
        if input[i] == 0x30 {
            i += 1
            if i < input.count, Self.isDigit(input[i]) { throw fail() }
        } else {
            while i < input.count, Self.isDigit(input[i]) {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(input[i] - 0x30))
                overflow = overflow || o1 || o2
                magnitude = m2
                i += 1
            }
        }
        var isInteger = true
        if i < input.count, input[i] == 0x2E {
            isInteger = false
            i += 1
            guard i < input.count, Self.isDigit(input[i]) else { throw fail() }
            while i < input.count, Self.isDigit(input[i]) { i += 1 }
        }
        if i < input.count, input[i] == 0x65 || input[i] == 0x45 {
            isInteger = false
            i += 1
            if i < input.count, input[i] == 0x2B || input[i] == 0x2D { i += 1 }
            guard i < input.count, Self.isDigit(input[i]) else { throw fail() }
            while i < input.count, Self.isDigit(input[i]) { i += 1 }
        }
        if isInteger && !overflow {
            if negative {
                if magnitude <= UInt64(Int.max) { return .int(-Int(magnitude)) }
                if magnitude == UInt64(Int.max) + 1 { return .int(Int.min) }
            } else if magnitude <= UInt64(Int.max) {
                return .int(Int(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<i]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw JSONParseError(offset: start) }
        // An integer literal too large for Int stays a double; a whole number written with a fraction
        // or an exponent (1.0, 1e2) is an Int, as JSONDecoder decodes it.
        if !isInteger, let whole = Int(exactly: d) { return .int(whole) }
        return .double(d)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
