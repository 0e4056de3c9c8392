import Foundation
import JSONRPC
import PolicyAnalysis

/// Runs the language server on stdin/stdout until the client says `exit` or closes stdin.
public func runStdioServer() -> Never {
    let protocolFD = guardStandardOutput()
    AnalysisMemory.retainFreedMemory()
    let writer = MessageWriter(fileDescriptor: protocolFD)
    let log = Log()
    if let level = ProcessInfo.processInfo.environment["POLICY_LSP_LOG"] {
        switch level {
        case "debug": log.setLevel(.debug)
        case "warning": log.setLevel(.warning)
        case "error": log.setLevel(.error)
        default: break
        }
    }
    let server = LanguageServer(writer: writer, log: log, exit: { code in
        Foundation.exit(code)
    })
    MessageReader(fileDescriptor: STDIN_FILENO).start { event in
        server.receive(event)
    }
    dispatchMain()
}
