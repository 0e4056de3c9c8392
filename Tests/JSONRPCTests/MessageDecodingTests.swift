import Foundation
import XCTest
@testable import JSONRPC

final class MessageDecodingTests: XCTestCase {
    private func decode(_ s: String) -> Result<Message, MessageDecodingError> {
        do { return .success(try Message.decode(Data(s.utf8))) } catch { return .failure(error) }
    }

    private func errorCode(_ s: String) -> Int? {
        if case .failure(let e) = decode(s) { return e.error.code }
        return nil
    }

    func testRequestNotificationResponse() throws {
        XCTAssertEqual(try decode(#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":1}}"#).get(),
                       .request(id: .int(1), method: "m", params: .object(["a": .int(1)])))
        XCTAssertEqual(try decode(#"{"jsonrpc":"2.0","id":"x","method":"m"}"#).get(),
                       .request(id: .string("x"), method: "m", params: nil))
        XCTAssertEqual(try decode(#"{"jsonrpc":"2.0","method":"n","params":null}"#).get(),
                       .notification(method: "n", params: nil))
        XCTAssertEqual(try decode(#"{"jsonrpc":"2.0","id":3,"result":[1]}"#).get(),
                       .response(id: .int(3), result: .success(.array([.int(1)]))))
        XCTAssertEqual(try decode(#"{"jsonrpc":"2.0","id":4,"error":{"code":-1,"message":"no"}}"#).get(),
                       .response(id: .int(4), result: .failure(ResponseError(code: -1, message: "no"))))
    }

    func testParseErrorHasNoID() {
        guard case .failure(let e) = decode("{not json") else { return XCTFail() }
        XCTAssertEqual(e.error.code, ErrorCode.parseError)
        XCTAssertNil(e.id)
    }

    func testInvalidRequests() {
        XCTAssertEqual(errorCode("[1,2]"), ErrorCode.invalidRequest)
        XCTAssertEqual(errorCode(#"{"jsonrpc":"2.0","id":1,"method":5}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(errorCode(#"{"jsonrpc":"2.0","id":1,"method":"m","params":3}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(errorCode(#"{"jsonrpc":"1.0","id":1,"method":"m"}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(errorCode(#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(errorCode(#"{"jsonrpc":"2.0"}"#), ErrorCode.invalidRequest)
    }

    func testInvalidRequestKeepsTheIDWhenReadable() {
        guard case .failure(let e) = decode(#"{"jsonrpc":"2.0","id":9,"method":"m","params":"s"}"#) else { return XCTFail() }
        XCTAssertEqual(e.id, .int(9))
    }

    func testDeeplyNestedJSONIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let body = #"{"jsonrpc":"2.0","id":1,"method":"m","params":"# + deep + "}"
        XCTAssertNotNil(errorCode(body))
    }

    func testRoundTrip() throws {
        let messages: [Message] = [
            .request(id: .int(1), method: "a/b", params: .object(["文": .string("𠀀")])),
            .notification(method: "n", params: nil),
            .response(id: .string("s"), result: .success(.null)),
            .response(id: .int(2), result: .failure(ResponseError(code: -32601, message: "x"))),
        ]
        for m in messages {
            let data = try JSONCoding.encoder.encode(m.jsonValue)
            XCTAssertEqual(try Message.decode(data), m)
        }
    }
}
