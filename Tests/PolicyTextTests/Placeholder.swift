import XCTest

final class PolicyTextTestsPlaceholder: XCTestCase {}
