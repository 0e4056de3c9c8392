import Foundation
import XCTest
import PolicyFuzzing

/// Every input the fuzzers ever crashed on stays here as a regression test (Tests/Fuzz/regressions/<surface>/),
/// plus hand-written hostile inputs for each surface.
final class FuzzRegressionTests: XCTestCase {
    let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")

    func testSavedCrashInputsNoLongerCrash() throws {
        var replayed = 0
        for surface in FuzzSurface.allCases {
            let dir = regressions.appendingPathComponent(surface.rawValue)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in files where !name.hasPrefix(".") {
                let data = try Data(contentsOf: dir.appendingPathComponent(name))
                data.withUnsafeBytes { fuzzOne($0, surface: surface) }
                replayed += 1
            }
        }
        print("replayed \(replayed) saved fuzz input(s)")
    }

    func testHostileInputsOnEverySurface() {
        let inputs: [[UInt8]] = [
            [],
            [0xFF, 0xFE, 0x00, 0xC3, 0x28],
            Array("Content-Length: 99999999999999999999\r\n\r\n".utf8),
            Array(String(repeating: "《", count: 10_000).utf8),
            Array(String(repeating: "9", count: 10_000).utf8),
            Array(String(repeating: "一百二十三万", count: 170).utf8),
            Array("\r\n\r\r\n\n\u{0}\u{0}𠀀😀".utf8),
            Array(String(repeating: "[", count: 10_000).utf8),
        ]
        for surface in FuzzSurface.allCases {
            for input in inputs {
                input.withUnsafeBytes { fuzzOne($0, surface: surface) }
            }
        }
    }
}
