/// Appends JSON text to a byte buffer in the form `JSONCoding.encoder` writes it: no whitespace, "/"
/// unescaped, non-ASCII as UTF-8, control characters as `\n`-style or lowercase `\u00xx` escapes,
/// integral doubles without ".0".
public struct JSONWriter: Sendable {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func append(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    public mutating func append(ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func writeNull() { append(ascii: "null") }

    public mutating func writeBool(_ b: Bool) { b ? append(ascii: "true") : append(ascii: "false") }

    public mutating func writeInt(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 0 { bytes.append(0x2D) }
        // Digits of the magnitude, least significant first, then reversed in place.
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    public mutating func writeInteger<T: BinaryInteger>(_ value: T) {
        if let i = Int(exactly: value) {
            writeInt(i)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Finite doubles only (JSON has no NaN or infinity; callers check).
    public mutating func writeDouble(_ d: Double) {
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func writeFloat(_ f: Float) {
        var text = f.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { writeString(utf8: $0) }
    }

    public mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var runStart = 0
        var i = 0
        let n = utf8.count
        while i < n {
            let b = utf8[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                i += 1
                continue
            }
            if i > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            bytes.append(0x5C)
            switch b {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x0A: bytes.append(0x6E)  // n
            case 0x0D: bytes.append(0x72)  // r
            case 0x09: bytes.append(0x74)  // t
            case 0x08: bytes.append(0x62)  // b
            case 0x0C: bytes.append(0x66)  // f
            default:
                bytes.append(contentsOf: [0x75, 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 0x0F)]])  // u00xx
            }
            i += 1
            runStart = i
        }
        if n > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n])) }
        bytes.append(0x22)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let b): writeBool(b)
        case .int(let i): writeInt(i)
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let a):
            bytes.append(0x5B)
            for (k, element) in a.enumerated() {
                if k > 0 { bytes.append(0x2C) }
                write(element)
            }
            bytes.append(0x5D)
        case .object(let o):
            bytes.append(0x7B)
            var first = true
            for (key, element) in o {
                if !first { bytes.append(0x2C) }
                first = false
                writeString(key)
                bytes.append(0x3A)
                write(element)
            }
            bytes.append(0x7D)
        }
    }

    /// `[1,2,3]`: the semantic-token arrays are tens of thousands of integers.
    public mutating func writeIntArray(_ values: [Int]) {
        bytes.reserveCapacity(bytes.count + values.count * 4 + 2)
        bytes.append(0x5B)
        for (k, v) in values.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            writeInt(v)
        }
        bytes.append(0x5D)
    }
}

/// A value that writes its own JSON text, the same text its `Encodable` conformance produces: the hot
/// result types skip the `Encoder` containers.
public protocol JSONWritable: Encodable {
    func writeJSON(to writer: inout JSONWriter)
}

extension JSONWriter {
    public mutating func write<T: JSONWritable>(_ value: T) {
        value.writeJSON(to: &self)
    }

    public mutating func write<T: JSONWritable>(_ values: [T]) {
        bytes.append(0x5B)
        for (k, v) in values.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            v.writeJSON(to: &self)
        }
        bytes.append(0x5D)
    }

    /// `"key":` after the opening brace (`first`) or after a comma.
    public mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        bytes.append(0x22)
        append(ascii: name)
        bytes.append(0x22)
        bytes.append(0x3A)
    }
}
