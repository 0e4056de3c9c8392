import Foundation
import XCTest
import PolicyAnalysis
import PolicyText

/// Replays the storm's documents in-process and analyses intermediate states with a watchdog: an
/// analysis that does not finish in time is a hang, and the text that caused it is saved.
final class ReliabilityStormReplayTests: XCTestCase {
    func testStormDocumentsAnalyseInBoundedTime() throws {
        let edits = Int(ProcessInfo.processInfo.environment["POLICY_STORM_REPLAY_EDITS"] ?? "") ?? 20_000
        var docs = (0..<4).map { ReliabilityEditStormTests.Doc(uri: "file:///storm/doc\($0).txt",
            scalars: Array(String(repeating: ReliabilityEditStormTests.seedText, count: 10 + $0 * 5).unicodeScalars)) }
        var generator = StormGenerator(seed: 2024)
        for i in 0..<edits {
            let (k, _) = generator.next(&docs)
            guard i % 50 == 0 else { continue }
            let scalars = docs[k].scalars
            let done = DispatchSemaphore(value: 0)
            let start = Date()
            Thread.detachNewThread {
                _ = DocumentAnalyzer.analyze(scalars: scalars)
                done.signal()
            }
            if done.wait(timeout: .now() + 20) == .timedOut {
                let path = NSTemporaryDirectory() + "storm-hang-\(i).txt"
                try? docs[k].string.write(toFile: path, atomically: true, encoding: .utf8)
                return XCTFail("analysis of \(docs[k].uri) after edit \(i) did not finish in 20 s; text saved to \(path)")
            }
            let elapsed = Date().timeIntervalSince(start)
            if elapsed > 2 { print("storm replay: edit \(i) took \(elapsed) s") }
        }
    }
}
