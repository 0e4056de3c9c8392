import Foundation

/// A JSON-RPC request id: a number or a string.
public enum RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return "\"\(s)\""
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        }
    }
}

/// JSON-RPC and LSP error codes.
public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let unknownErrorCode = -32001
    public static let requestFailed = -32803
    public static let serverCancelled = -32802
    public static let contentModified = -32801
    public static let requestCancelled = -32800
}

public struct ResponseError: Error, Hashable, Sendable, Codable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static func invalidParams(_ message: String) -> ResponseError {
        ResponseError(code: ErrorCode.invalidParams, message: message)
    }
    public static func methodNotFound(_ method: String) -> ResponseError {
        ResponseError(code: ErrorCode.methodNotFound, message: "method not found: \(method)")
    }
    public static let cancelled = ResponseError(code: ErrorCode.requestCancelled, message: "request cancelled")
}

/// One decoded JSON-RPC message.
public enum Message: Sendable, Equatable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: RequestID, result: Result<JSONValue, ResponseError>)
    /// An error response whose request could not be identified ("id": null), e.g. for a parse error.
    case errorWithoutID(ResponseError)
}

/// What went wrong decoding a message body, with the id when one could be read.
public struct MessageDecodingError: Error, Sendable {
    public var error: ResponseError
    public var id: RequestID?
    public init(error: ResponseError, id: RequestID? = nil) {
        self.error = error
        self.id = id
    }
}

extension Message {
    /// Decodes a message body. Throws `MessageDecodingError` carrying -32700 for bad JSON and -32600
    /// for JSON that is not a valid JSON-RPC message.
    public static func decode(_ body: Data) throws(MessageDecodingError) -> Message {
        switch body.withUnsafeBytes(JSONValue.parse) {
        case .success(let value):
            return try decode(value)
        case .failure(let error):
            throw MessageDecodingError(
                error: ResponseError(code: ErrorCode.parseError, message: "parse error: \(error.description)"), id: nil)
        }
    }

    public static func decode(_ value: JSONValue) throws(MessageDecodingError) -> Message {
        guard case .object(let object) = value else {
            throw MessageDecodingError(
                error: ResponseError(code: ErrorCode.invalidRequest, message: "invalid request: not an object"), id: nil)
        }
        var id: RequestID?
        switch object["id"] {
        case .int(let i)?: id = .int(i)
        case .string(let s)?: id = .string(s)
        case .double(let d)? where d == d.rounded() && abs(d) < 9e15: id = .int(Int(d))
        case nil, .null?: id = nil
        default:
            throw MessageDecodingError(
                error: ResponseError(code: ErrorCode.invalidRequest, message: "invalid request: bad id"), id: nil)
        }
        func invalid(_ why: String) -> MessageDecodingError {
            MessageDecodingError(error: ResponseError(code: ErrorCode.invalidRequest, message: "invalid request: \(why)"), id: id)
        }
        if let version = object["jsonrpc"], version != .string("2.0") {
            throw invalid("jsonrpc must be \"2.0\"")
        }
        if let methodValue = object["method"] {
            guard case .string(let method) = methodValue else { throw invalid("method must be a string") }
            var params = object["params"]
            if params?.isNull == true { params = nil }
            if let p = params {
                switch p {
                case .object, .array: break
                default: throw invalid("params must be an object or an array")
                }
            }
            if let id { return .request(id: id, method: method, params: params) }
            if object.keys.contains("id") {
                // "id": null on a request is not a notification (JSON-RPC 2.0 §4.1): reject it.
                throw invalid("id must not be null")
            }
            return .notification(method: method, params: params)
        }
        if let errorValue = object["error"], !errorValue.isNull {
            guard let error = try? errorValue.decode(ResponseError.self) else { throw invalid("malformed error") }
            guard let id else { return .errorWithoutID(error) }
            return .response(id: id, result: .failure(error))
        }
        guard let id else { throw invalid("neither a request nor a response") }
        return .response(id: id, result: .success(object["result"] ?? .null))
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["jsonrpc": .string("2.0")]
        switch self {
        case .request(let id, let method, let params):
            object["id"] = id.jsonValue
            object["method"] = .string(method)
            if let params { object["params"] = params }
        case .notification(let method, let params):
            object["method"] = .string(method)
            if let params { object["params"] = params }
        case .response(let id, let result):
            object["id"] = id.jsonValue
            switch result {
            case .success(let value): object["result"] = value
            case .failure(let error): object["error"] = (try? JSONValue(encoding: error)) ?? .null
            }
        case .errorWithoutID(let error):
            object["id"] = .null
            object["error"] = (try? JSONValue(encoding: error)) ?? .null
        }
        return .object(object)
    }

    /// The message as JSON text, written directly (the envelope's keys in a fixed order).
    public var encodedBody: [UInt8] {
        var w = JSONWriter()
        switch self {
        case .request(let id, let method, let params):
            Self.writeEnvelope(&w, id: id, method: method)
            if let params {
                w.append(ascii: ",\"params\":")
                w.write(params)
            }
        case .notification(let method, let params):
            Self.writeEnvelope(&w, id: nil, method: method)
            if let params {
                w.append(ascii: ",\"params\":")
                w.write(params)
            }
        case .response(let id, let result):
            Self.writeEnvelope(&w, id: id, method: nil)
            switch result {
            case .success(let value):
                w.append(ascii: ",\"result\":")
                w.write(value)
            case .failure(let error):
                w.append(ascii: ",\"error\":")
                error.write(to: &w)
            }
        case .errorWithoutID(let error):
            w.append(ascii: "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":")
            error.write(to: &w)
        }
        w.append(0x7D)
        return w.bytes
    }

    /// `{"jsonrpc":"2.0","id":…,"result":…}` from a result already encoded.
    public static func encodedResponse(id: RequestID, result: EncodedJSON) -> [UInt8] {
        var w = JSONWriter(capacity: result.bytes.count + 48)
        writeEnvelope(&w, id: id, method: nil)
        w.append(ascii: ",\"result\":")
        w.append(raw: result.bytes)
        w.append(0x7D)
        return w.bytes
    }

    /// `{"jsonrpc":"2.0","method":…,"params":…}` from params already encoded.
    public static func encodedNotification(method: String, params: EncodedJSON) -> [UInt8] {
        var w = JSONWriter(capacity: params.bytes.count + method.utf8.count + 48)
        writeEnvelope(&w, id: nil, method: method)
        w.append(ascii: ",\"params\":")
        w.append(raw: params.bytes)
        w.append(0x7D)
        return w.bytes
    }

    /// `{"jsonrpc":"2.0"` and the id and method when there are; the caller closes the object.
    private static func writeEnvelope(_ w: inout JSONWriter, id: RequestID?, method: String?) {
        w.append(ascii: "{\"jsonrpc\":\"2.0\"")
        if let id {
            w.append(ascii: ",\"id\":")
            switch id {
            case .int(let i): w.writeInt(i)
            case .string(let s): w.writeString(s)
            }
        }
        if let method {
            w.append(ascii: ",\"method\":")
            w.writeString(method)
        }
    }
}

extension ResponseError {
    func write(to w: inout JSONWriter) {
        w.append(ascii: "{\"code\":")
        w.writeInt(code)
        w.append(ascii: ",\"message\":")
        w.writeString(message)
        if let data {
            w.append(ascii: ",\"data\":")
            w.write(data)
        }
        w.append(0x7D)
    }
}
