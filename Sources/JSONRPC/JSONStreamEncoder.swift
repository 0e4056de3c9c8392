import Foundation

/// JSON text already encoded: a result or params written straight from an `Encodable` value into bytes,
/// sent as is (no `JSONValue` tree, no round trip through `Data`).
public struct EncodedJSON: Sendable, Hashable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static let null = EncodedJSON(bytes: Array("null".utf8))
    public static let emptyArray = EncodedJSON(bytes: Array("[]".utf8))

    public init(_ value: JSONValue) {
        var writer = JSONWriter()
        writer.write(value)
        bytes = writer.bytes
    }

    public init<T: JSONWritable>(encoding value: T) {
        var writer = JSONWriter()
        value.writeJSON(to: &writer)
        bytes = writer.bytes
    }

    public init<T: JSONWritable>(encoding values: [T]) {
        var writer = JSONWriter(capacity: values.count * 64 + 2)
        writer.write(values)
        bytes = writer.bytes
    }

    /// Encodes as `JSONCoding.encoder` would (same text up to the order of object keys).
    public init<T: Encodable>(encoding value: T) throws {
        if let direct = JSONStreamEncoder.encode(value) {
            bytes = direct
        } else {
            // A type the streaming encoder does not handle (it never happens for the LSP types): the
            // Foundation encoder decides.
            bytes = Array(try JSONCoding.encoder.encode(value))
        }
    }
}

/// An `Encoder` that writes JSON text as the value's `encode(to:)` asks for containers and values, in
/// the order it asks. Containers are closed when the value that opened them is done, or when an outer
/// container is written to again. Anything out of that order (writing to a container after a sibling
/// replaced it, `superEncoder`, two single values) marks the run as failed, and the caller falls back to
/// `JSONEncoder`.
final class JSONStreamEncoder: Encoder {
    var writer = JSONWriter(capacity: 1024)
    var failed = false
    /// Open containers, innermost last.
    var open: [OpenContainer] = []
    /// Containers opened so far: identifies a container in `open`, so a stale one is noticed.
    var serial = 0
    /// `open.count` and the text length when the value being encoded started.
    var valueDepth = 0
    var valueStart = 0

    struct OpenContainer {
        var id: Int
        var isObject: Bool
        var count: Int
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encode<T: Encodable>(_ value: T) -> [UInt8]? {
        let encoder = JSONStreamEncoder()
        do {
            try encoder.encodeValue(value, topLevel: true)
        } catch {
            return nil
        }
        return encoder.failed ? nil : encoder.writer.bytes
    }

    struct Unsupported: Error {}

    func unsupported() -> Unsupported {
        failed = true
        return Unsupported()
    }

    func encodeValue<T: Encodable>(_ value: T, topLevel: Bool = false) throws {
        if failed { throw Unsupported() }
        // Leaves and whole JSON values directly (the type was just compared, so the casts are exact);
        // Foundation types JSONEncoder treats specially go back to it.
        if T.self == Int.self { writer.writeInt(unsafeBitCast(value, to: Int.self)); return }
        if T.self == String.self { writer.writeString(unsafeBitCast(value, to: String.self)); return }
        if T.self == Bool.self { writer.writeBool(unsafeBitCast(value, to: Bool.self)); return }
        if T.self == JSONValue.self { writer.write(unsafeBitCast(value, to: JSONValue.self)); return }
        if T.self == [Int].self { writer.writeIntArray(unsafeBitCast(value, to: [Int].self)); return }
        if T.self == Double.self { try writeDouble(unsafeBitCast(value, to: Double.self)); return }
        if let writable = value as? any JSONWritable { writable.writeJSON(to: &writer); return }
        if T.self == URL.self || T.self == Data.self || T.self == Date.self || T.self == Decimal.self {
            throw unsupported()
        }
        let savedDepth = valueDepth, savedStart = valueStart
        valueDepth = open.count
        valueStart = writer.bytes.count
        try value.encode(to: self)
        if failed { throw Unsupported() }
        close(downTo: valueDepth)
        if writer.bytes.count == valueStart {
            // A nested value that encodes nothing is an empty object, as in JSONEncoder; at the top
            // level it is JSONEncoder's error.
            if topLevel { throw unsupported() }
            writer.append(ascii: "{}")
        }
        valueDepth = savedDepth
        valueStart = savedStart
    }

    func writeDouble(_ d: Double) throws {
        guard d.isFinite else { throw unsupported() }
        writer.writeDouble(d)
    }

    func close(downTo depth: Int) {
        while open.count > depth {
            writer.append(open.removeLast().isObject ? 0x7D : 0x5D)
        }
    }

    /// Opens a container for the current value (or returns the one it already opened).
    func openContainer(isObject: Bool) -> Int? {
        if failed { return nil }
        if open.count == valueDepth + 1, let top = open.last, top.isObject == isObject {
            return top.id  // asked again for the same container
        }
        guard open.count == valueDepth, writer.bytes.count == valueStart else {
            failed = true
            return nil
        }
        serial += 1
        open.append(OpenContainer(id: serial, isObject: isObject, count: 0))
        writer.append(isObject ? 0x7B : 0x5B)
        return serial
    }

    /// Makes container `id` (at `depth`) the innermost one and writes the separator before its next
    /// element; false when the container is no longer open.
    func beginElement(container id: Int, depth: Int) -> Bool {
        if failed { return false }
        close(downTo: depth)
        guard open.count == depth, open[depth - 1].id == id else {
            failed = true
            return false
        }
        if open[depth - 1].count > 0 { writer.append(0x2C) }
        open[depth - 1].count += 1
        return true
    }

    func beginKey(container id: Int, depth: Int, _ key: some CodingKey) throws {
        guard beginElement(container: id, depth: depth) else { throw Unsupported() }
        writer.writeString(key.stringValue)
        writer.append(0x3A)
    }

    /// Opens a nested container as the next element of the current innermost one.
    func openNested(isObject: Bool) -> Int {
        serial += 1
        open.append(OpenContainer(id: serial, isObject: isObject, count: 0))
        writer.append(isObject ? 0x7B : 0x5B)
        return serial
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = openContainer(isObject: true) ?? -1
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, id: id, depth: valueDepth + 1))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = openContainer(isObject: false) ?? -1
        return UnkeyedContainer(encoder: self, id: id, depth: valueDepth + 1)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONStreamEncoder
        let id: Int
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        func encodeNil(forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeNull()
        }
        func encode(_ value: Bool, forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeBool(value)
        }
        func encode(_ value: String, forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeString(value)
        }
        func encode(_ value: Int, forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeInt(value)
        }
        func encode(_ value: Double, forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            try encoder.writeDouble(value)
        }
        func encode(_ value: Float, forKey key: Key) throws {
            guard value.isFinite else { throw encoder.unsupported() }
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeFloat(value)
        }
        func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
        func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

        func encodeInteger(_ value: some BinaryInteger, _ key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            encoder.writer.writeInteger(value)
        }

        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try encoder.beginKey(container: id, depth: depth, key)
            try encoder.encodeValue(value)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            var nestedID = -1
            if (try? encoder.beginKey(container: id, depth: depth, key)) != nil { nestedID = encoder.openNested(isObject: true) }
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, id: nestedID, depth: depth + 1))
        }

        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            var nestedID = -1
            if (try? encoder.beginKey(container: id, depth: depth, key)) != nil { nestedID = encoder.openNested(isObject: false) }
            return UnkeyedContainer(encoder: encoder, id: nestedID, depth: depth + 1)
        }

        func superEncoder() -> any Encoder {
            encoder.failed = true
            return encoder
        }

        func superEncoder(forKey key: Key) -> any Encoder {
            encoder.failed = true
            return encoder
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONStreamEncoder
        let id: Int
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        var count: Int {
            guard depth <= encoder.open.count, encoder.open[depth - 1].id == id else { return 0 }
            return encoder.open[depth - 1].count
        }

        func begin() throws {
            guard encoder.beginElement(container: id, depth: depth) else { throw Unsupported() }
        }

        mutating func encodeNil() throws {
            try begin()
            encoder.writer.writeNull()
        }
        mutating func encode(_ value: Bool) throws {
            try begin()
            encoder.writer.writeBool(value)
        }
        mutating func encode(_ value: String) throws {
            try begin()
            encoder.writer.writeString(value)
        }
        mutating func encode(_ value: Int) throws {
            try begin()
            encoder.writer.writeInt(value)
        }
        mutating func encode(_ value: Double) throws {
            try begin()
            try encoder.writeDouble(value)
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try begin()
            try encoder.encodeValue(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            var nestedID = -1
            if encoder.beginElement(container: id, depth: depth) { nestedID = encoder.openNested(isObject: true) }
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, id: nestedID, depth: depth + 1))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            var nestedID = -1
            if encoder.beginElement(container: id, depth: depth) { nestedID = encoder.openNested(isObject: false) }
            return UnkeyedContainer(encoder: encoder, id: nestedID, depth: depth + 1)
        }

        mutating func superEncoder() -> any Encoder {
            encoder.failed = true
            return encoder
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: JSONStreamEncoder
        var codingPath: [any CodingKey] { [] }

        /// One value per container, and only where the value being encoded has written nothing yet.
        func begin() throws {
            if encoder.failed { throw Unsupported() }
            guard encoder.open.count == encoder.valueDepth, encoder.writer.bytes.count == encoder.valueStart else {
                throw encoder.unsupported()
            }
        }

        mutating func encodeNil() throws {
            try begin()
            encoder.writer.writeNull()
        }
        mutating func encode(_ value: Bool) throws {
            try begin()
            encoder.writer.writeBool(value)
        }
        mutating func encode(_ value: String) throws {
            try begin()
            encoder.writer.writeString(value)
        }
        mutating func encode(_ value: Int) throws {
            try begin()
            encoder.writer.writeInt(value)
        }
        mutating func encode(_ value: Double) throws {
            try begin()
            try encoder.writeDouble(value)
        }
        mutating func encode(_ value: Float) throws {
            guard value.isFinite else { throw encoder.unsupported() }
            try begin()
            encoder.writer.writeFloat(value)
        }
        mutating func encode(_ value: Int8) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { try begin(); encoder.writer.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try begin()
            try encoder.encodeValue(value)
        }
    }
}
