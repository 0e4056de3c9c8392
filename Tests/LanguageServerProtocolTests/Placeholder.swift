import XCTest

final class LanguageServerProtocolTestsPlaceholder: XCTestCase {}
