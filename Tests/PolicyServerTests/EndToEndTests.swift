import Foundation
import XCTest
import JSONRPC

/// The real binary over real pipes.
final class EndToEndTests: XCTestCase {
    func testInitializeShutdownExitIsZero() throws {
        let c = try BinaryClient()
        XCTAssertEqual(c.initialize()?["serverInfo"]?["name"], .string("policy-lsp"))
        XCTAssertEqual(try c.request("shutdown", nil)?.get(), .null)
        c.send(.notification(method: "exit", params: nil))
        XCTAssertEqual(c.waitForExit(), 0)
    }

    func testEndOfInputWithoutShutdownIsOne() throws {
        let c = try BinaryClient(arguments: ["serve", "--stdio"])
        XCTAssertNotNil(c.initialize())
        c.closeInput()
        XCTAssertEqual(c.waitForExit(), 1)
    }

    func testAbuseThenServesNextRequest() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.writeRaw(Data([0xFF, 0x00, 0x13, 0x37]) + Data("garbage\r\n\r\n".utf8))
        c.writeRaw(Data("Content-Length: 12\r\n\r\n{\"id\":1,\"me".utf8) + Data([0xC3, 0x28]))  // invalid UTF-8, cut JSON
        c.writeRaw(frame(Data(#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":7}}"#.utf8)))
        XCTAssertNotNil(c.waitFor { if case .response(.int(5), .failure(let e)) = $0 { return e.code == -32602 } else { return false } })
        c.send(.request(id: .int(6), method: "textDocument/documentSymbol",
                        params: .object(["textDocument": .object(["uri": .string("file:///never-opened.txt")])])))
        XCTAssertNotNil(c.waitFor { if case .response(.int(6), .failure(let e)) = $0 { return e.code == -32602 } else { return false } })
        // Still alive and answering.
        XCTAssertEqual(try c.request("shutdown", nil)?.get(), .null)
        c.send(.notification(method: "exit", params: nil))
        XCTAssertEqual(c.waitForExit(), 0)
    }

    func testBodyShorterThanContentLengthThenEOF() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.writeRaw(Data("Content-Length: 1000\r\n\r\n{\"jsonrpc\":\"2.0\"".utf8))
        c.closeInput()
        XCTAssertEqual(c.waitForExit(), 1)
    }

    func testHugeContentLengthIsSkippedNotBuffered() throws {
        let c = try BinaryClient()
        XCTAssertNotNil(c.initialize())
        c.writeRaw(Data("Content-Length: 104857600\r\n\r\n".utf8))
        let chunk = Data(repeating: 0x20, count: 1 << 20)
        for _ in 0..<100 { c.writeRaw(chunk) }
        XCTAssertNotNil(c.waitFor { if case .errorWithoutID(let e) = $0 { return e.code == -32700 } else { return false } })
        XCTAssertEqual(try c.request("shutdown", nil)?.get(), .null)
    }

    func testVersionAndHelpAndUnknownCommand() throws {
        let (status, out, _) = try runPolicyLSP(["--version"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.hasPrefix("policy-lsp "))
        let help = try runPolicyLSP(["--help"])
        XCTAssertEqual(help.0, 0)
        XCTAssertTrue(help.1.contains("check"))
        let bad = try runPolicyLSP(["frobnicate"])
        XCTAssertEqual(bad.0, 2)
        XCTAssertTrue(bad.2.contains("unknown command"))
    }

    func testCheckMissingFileIsOneLineErrorAndExitTwo() throws {
        let (status, out, err) = try runPolicyLSP(["check", "/nonexistent/policy.txt"])
        XCTAssertEqual(status, 2)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err.split(separator: "\n").count, 1)
        XCTAssertTrue(err.contains("no such file"))
    }

    func testCheckCleanAndDefectiveDocuments() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-lsp-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clean = dir.appendingPathComponent("clean.txt")
        try "工业和信息化部印发《工业互联网创新发展行动计划》。".write(to: clean, atomically: true, encoding: .utf8)
        let broken = dir.appendingPathComponent("broken.txt")
        try "第一行\n印发《行动计划，没有结束。".write(to: broken, atomically: true, encoding: .utf8)
        let ok = try runPolicyLSP(["check", clean.path])
        XCTAssertEqual(ok.0, 0, ok.1)
        XCTAssertTrue(ok.1.contains("1 files, 0 warnings, 0 errors"))
        let bad = try runPolicyLSP(["check", broken.path])
        XCTAssertEqual(bad.0, 1, bad.1)
        XCTAssertTrue(bad.1.contains("\(broken.path):2:3: warning:"), bad.1)
        XCTAssertTrue(bad.1.contains("[unbalanced-mark]"), bad.1)
    }
}
