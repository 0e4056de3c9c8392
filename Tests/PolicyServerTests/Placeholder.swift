import XCTest

final class PolicyServerTestsPlaceholder: XCTestCase {}
