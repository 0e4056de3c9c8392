import Foundation
import XCTest
@testable import PolicyAnalysis

final class AnalysisMemoryTests: XCTestCase {
    /// Resident set size of this process in KB, from /proc (Linux only).
    private func residentKB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else {
            throw XCTSkip("no VmRSS in /proc/self/status")
        }
        return kb
    }

    /// Freed blocks of analysis size stay in the process for the next analysis, and go back to the kernel
    /// when asked: the two halves of what the server does around its idle timer.
    func testFreedMemoryIsKeptThenReleased() throws {
        #if !os(Linux)
        throw XCTSkip("glibc allocator settings")
        #else
        AnalysisMemory.retainFreedMemory()
        // Earlier tests leave free memory in the heap, some of it resident; returning it first makes
        // every page the blocks touch a new one.
        AnalysisMemory.releaseFreedMemory()
        let blockBytes = 2 << 20, blocks = 32  // 64 MB in blocks the size of a large document's arrays
        let before = try residentKB()
        var held: [UnsafeMutableRawPointer] = []
        for _ in 0..<blocks {
            guard let p = malloc(blockBytes) else { return XCTFail("malloc failed") }
            memset(p, 1, blockBytes)  // touch every page
            held.append(p)
        }
        let filled = try residentKB()
        for p in held.reversed() { free(p) }
        let freed = try residentKB()
        AnalysisMemory.releaseFreedMemory()
        let released = try residentKB()
        let total = blockBytes * blocks / 1024
        XCTAssertGreaterThan(filled - before, total * 8 / 10, "the blocks were not resident")
        XCTAssertGreaterThan(freed - before, total * 8 / 10, "freed memory was handed back at once, not kept for reuse")
        XCTAssertLessThan(released - before, total / 4, "releaseFreedMemory kept the freed memory")
        #endif
    }
}
