// swift-tools-version:6.0
import PackageDescription

// Layers depend one way only: text → analysis → (protocol, server) → executable.
// No third-party packages: Foundation, Dispatch and XCTest from the toolchain.
let package = Package(
    name: "policy-lsp",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policy-lsp", targets: ["policy-lsp"]),
    ],
    targets: [
        .target(name: "PolicyText"),
        .target(
            name: "PolicyAnalysis",
            dependencies: ["PolicyText"],
            resources: [.process("Resources")]
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
