import XCTest
@testable import PolicyText

/// The class-byte gathers: one table or several in one pass give the same bytes as a lookup per scalar.
final class ClassBytesTests: XCTestCase {
    /// Three tables that differ at every entry the text uses, and a text with ASCII, Han, a line
    /// break, and astral scalars, long enough for full sixteen-scalar blocks and a tail.
    private let text = Array(("数字经济 2025年\n增长12.5%，𠀋𪚥 ABC 山西省" + String(repeating: "重点产业链𝕏", count: 7)).unicodeScalars)
    private let tables: [[UInt8]] = (0..<3).map { k in (0..<0x10000).map { UInt8(truncatingIfNeeded: $0 &* (k + 3) &+ k) } }
    private let astral: [UInt8] = [0, 0x5A, 0xFF]

    private func expected(_ k: Int) -> [UInt8] {
        text.map { $0.value > 0xFFFF ? astral[k] : tables[k][Int($0.value)] }
    }

    /// Classes by `tables[ks]`, each into its own buffer, by the gather for that many tables.
    private func gathered(_ ks: [Int]) -> [[UInt8]] {
        let n = text.count
        var outs = ks.map { _ in [UInt8](repeating: 0xEE, count: n) }
        text.withUnsafeBufferPointer { p in
            tables[0].withUnsafeBufferPointer { t0 in
                tables[1].withUnsafeBufferPointer { t1 in
                    tables[2].withUnsafeBufferPointer { t2 in
                        let ts = [t0.baseAddress!, t1.baseAddress!, t2.baseAddress!]
                        let buffers = outs.indices.map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: n) }
                        defer { buffers.forEach { $0.deallocate() } }
                        let targets = ks.indices.map { i in ClassBytes.Target(table: ts[ks[i]], into: buffers[i], astral: astral[ks[i]]) }
                        switch targets.count {
                        case 1: ClassBytes.load(p, targets[0])
                        case 2: ClassBytes.load(p, targets[0], targets[1])
                        default: ClassBytes.load(p, targets[0], targets[1], targets[2])
                        }
                        for i in outs.indices { outs[i] = Array(UnsafeBufferPointer(start: buffers[i], count: n)) }
                    }
                }
            }
        }
        return outs
    }

    func testEveryGatherMatchesALookupPerScalar() {
        for ks in [[0], [2], [0, 1], [2, 1], [0, 1, 2], [2, 0, 1]] {
            let outs = gathered(ks)
            for (i, k) in ks.enumerated() { XCTAssertEqual(outs[i], expected(k), "tables \(ks), output \(i)") }
        }
    }

    func testTheClosureFormAsksForEachAstralScalar() {
        var out = [UInt8](repeating: 0, count: text.count)
        text.withUnsafeBufferPointer { p in
            tables[1].withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    ClassBytes.load(p, table: t.baseAddress!, into: o.baseAddress!, astral: { UInt8(truncatingIfNeeded: $0 >> 8) })
                }
            }
        }
        XCTAssertEqual(out, text.map { $0.value > 0xFFFF ? UInt8(truncatingIfNeeded: $0.value >> 8) : tables[1][Int($0.value)] })
    }

    func testEmptyTextWritesNothing() {
        var out: [UInt8] = [7]
        [Unicode.Scalar]().withUnsafeBufferPointer { p in
            tables[0].withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    ClassBytes.load(p, ClassBytes.Target(table: t.baseAddress!, into: o.baseAddress!, astral: 1),
                                    ClassBytes.Target(table: t.baseAddress!, into: o.baseAddress!, astral: 1))
                }
            }
        }
        XCTAssertEqual(out, [7])
    }
}
