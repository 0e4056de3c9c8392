import Foundation

/// Decodes a `Decodable` value straight from a `JSONValue` tree, with JSONDecoder's rules (an integral
/// `.double` decodes as an Int, an `.int` as a Double; missing keys, nulls and wrong types are the same
/// `DecodingError`s), without writing the value out as JSON text and parsing it again.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let object):
            return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
        case .null:
            throw DecodingError.valueNotFound([String: Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw JSONValueDecoder.mismatch([String: Any].self, value, codingPath)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let array):
            return UnkeyedContainer(array: array, codingPath: codingPath)
        case .null:
            throw DecodingError.valueNotFound([Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw JSONValueDecoder.mismatch([Any].self, value, codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }

    // MARK: Leaves

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(type, .init(
                codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return DecodingError.typeMismatch(type, .init(
            codingPath: path, debugDescription: "Expected to decode \(type) but found \(describe(value)) instead."))
    }

    static func decodeBool(_ value: JSONValue, _ path: [any CodingKey]) throws -> Bool {
        if case .bool(let b) = value { return b }
        throw mismatch(Bool.self, value, path)
    }

    static func decodeString(_ value: JSONValue, _ path: [any CodingKey]) throws -> String {
        if case .string(let s) = value { return s }
        throw mismatch(String.self, value, path)
    }

    static func decodeDouble(_ value: JSONValue, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw mismatch(Double.self, value, path)
        }
    }

    static func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        switch value {
        case .int(let i):
            if let v = T(exactly: i) { return v }
        case .double(let d):
            if let v = T(exactly: d) { return v }
        default:
            throw mismatch(T.self, value, path)
        }
        throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(value) does not fit in \(T.self)."))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        // Leaf types first (the common fields of LSP parameters), then whole JSON values.
        if T.self == Int.self { return try decodeInteger(Int.self, value, path) as! T }
        if T.self == String.self { return try decodeString(value, path) as! T }
        if T.self == Bool.self { return try decodeBool(value, path) as! T }
        if T.self == JSONValue.self { return value as! T }
        if T.self == Double.self { return try decodeDouble(value, path) as! T }
        if T.self == URL.self || T.self == Data.self || T.self == Date.self || T.self == Decimal.self {
            // JSONDecoder decodes these specially: let it.
            let data = try JSONCoding.encoder.encode(value)
            return try JSONCoding.decoder.decode(T.self, from: data)
        }
        return try T(from: JSONValueDecoder(value: value, codingPath: path))
    }

    // MARK: Containers

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let object: [String: JSONValue]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

        func value(_ key: Key) throws -> JSONValue {
            guard let v = object[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(
                    codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
            }
            return v
        }

        func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

        func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONValueDecoder.decodeBool(value(key), path(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONValueDecoder.decodeString(value(key), path(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONValueDecoder.decodeDouble(value(key), path(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try JSONValueDecoder.decodeDouble(value(key), path(key))) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONValueDecoder.decodeInteger(type, value(key), path(key)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.decode(type, value(key), path(key))
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let v = object[key.stringValue], !v.isNull else { return nil }
            return try JSONValueDecoder.decodeInteger(type, v, path(key))
        }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let v = object[key.stringValue], !v.isNull else { return nil }
            return try JSONValueDecoder.decodeString(v, path(key))
        }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let v = object[key.stringValue], !v.isNull else { return nil }
            return try JSONValueDecoder.decodeBool(v, path(key))
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let v = object[key.stringValue], !v.isNull else { return nil }
            return try JSONValueDecoder.decode(type, v, path(key))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey> {
            try JSONValueDecoder(value: value(key), codingPath: path(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(value: value(key), codingPath: path(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            let key = JSONIndexKey(stringValue: "super")
            return JSONValueDecoder(value: object["super"] ?? .null, codingPath: codingPath + [key])
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoder(value: object[key.stringValue] ?? .null, codingPath: path(key))
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let array: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(array: [JSONValue], codingPath: [any CodingKey]) {
            self.array = array
            self.codingPath = codingPath
        }

        var count: Int? { array.count }
        var isAtEnd: Bool { currentIndex >= array.count }

        var elementPath: [any CodingKey] { codingPath + [JSONIndexKey(index: currentIndex)] }

        mutating func next<T>(_ type: T.Type) throws -> JSONValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
            }
            return array[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard try next(Any?.self).isNull else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let v = try next(type)
            let decoded = try JSONValueDecoder.decode(type, v, elementPath)
            currentIndex += 1
            return decoded
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let v = try next(KeyedDecodingContainer<NestedKey>.self)
            let c = try JSONValueDecoder(value: v, codingPath: elementPath).container(keyedBy: type)
            currentIndex += 1
            return c
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let v = try next((any UnkeyedDecodingContainer).self)
            let c = try JSONValueDecoder(value: v, codingPath: elementPath).unkeyedContainer()
            currentIndex += 1
            return c
        }

        mutating func superDecoder() throws -> any Decoder {
            let v = try next((any Decoder).self)
            let d = JSONValueDecoder(value: v, codingPath: elementPath)
            currentIndex += 1
            return d
        }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.decodeBool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.decodeString(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoder.decodeDouble(value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { Float(try JSONValueDecoder.decodeDouble(value, codingPath)) }
        func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoder.decodeInteger(type, value, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, value, codingPath) }
    }
}

/// A coding key for array positions and `super`.
struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
    init(index: Int) { self.init(intValue: index) }
}
