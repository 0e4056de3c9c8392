// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Release builds of the analysis layers are optimized with a profile of the analysis at work: the
/// compiler inlines and lays out the hot paths by their measured counts. Tests/Bench/train-profile.sh
/// trains it on texts other than the benchmark's. Code changed since the training is compiled as without
/// a profile, so a stale one costs speed, never correctness. Only the compiler the profile was made and
/// checked with (6.3) reads it; others build without it.
let analysisProfile: [SwiftSetting] = {
    #if compiler(>=6.3) && compiler(<6.4)
    let profile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Tests/Bench/analysis.profdata").path
    guard FileManager.default.fileExists(atPath: profile) else { return [] }
    return [.unsafeFlags(["-Xfrontend", "-ir-profile-use=\(profile)"], .when(configuration: .release))]
    #else
    return []
    #endif
}()

// Layers depend one way only: text → analysis → (protocol, server) → executable.
// No third-party packages: Foundation, Dispatch and XCTest from the toolchain.
let package = Package(
    name: "policy-lsp",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policy-lsp", targets: ["policy-lsp"]),
    ],
    targets: [
        .target(name: "PolicyText", swiftSettings: analysisProfile),
        .target(
            name: "PolicyAnalysis",
            dependencies: ["PolicyText"],
            resources: [.process("Resources")],
            swiftSettings: analysisProfile
        ),
        .target(name: "JSONRPC"),
        .target(name: "LanguageServerProtocol", dependencies: ["JSONRPC"]),
        .target(
            name: "PolicyServer",
            dependencies: ["PolicyText", "PolicyAnalysis", "JSONRPC", "LanguageServerProtocol", "PolicyConfiguration"]
        ),
        .target(name: "PolicyConfiguration", dependencies: ["PolicyAnalysis"]),
        .target(name: "PolicyBatch", dependencies: ["PolicyText", "PolicyAnalysis", "PolicyConfiguration"]),
        .executableTarget(name: "policy-lsp", dependencies: ["PolicyServer", "PolicyBatch"]),
        // Fuzz targets (libFuzzer with -DFUZZING, a replay driver otherwise); see Tests/Fuzz/run-fuzz.sh.
        .executableTarget(name: "policy-lsp-bench", dependencies: ["JSONRPC", "PolicyText", "PolicyAnalysis"],
                          path: "Sources/PolicyBench"),
        .target(name: "PolicyFuzzing", dependencies: ["JSONRPC", "PolicyText", "PolicyAnalysis"]),
        .executableTarget(name: "policy-lsp-fuzz", dependencies: ["PolicyFuzzing"], path: "Sources/PolicyFuzz"),

        // Helpers shared by the test targets (a seeded generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PolicyTextTests", dependencies: ["PolicyText", "TestSupport"]),
        .testTarget(name: "PolicyAnalysisTests", dependencies: ["PolicyAnalysis", "PolicyText", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "TestSupport"]),
        .testTarget(name: "LanguageServerProtocolTests", dependencies: ["LanguageServerProtocol", "JSONRPC"]),
        .testTarget(
            name: "PolicyServerTests",
            dependencies: ["PolicyServer", "JSONRPC", "LanguageServerProtocol", "PolicyText", "PolicyAnalysis", "TestSupport"]
        ),
        .testTarget(name: "PolicyBatchTests", dependencies: ["PolicyBatch", "PolicyAnalysis", "PolicyText", "PolicyConfiguration"],
                    exclude: ["Schemas"]),
        .testTarget(name: "PolicyConfigurationTests", dependencies: ["PolicyConfiguration", "PolicyAnalysis"]),
        .testTarget(name: "PolicyFuzzingTests", dependencies: ["PolicyFuzzing"]),
    ]
)
