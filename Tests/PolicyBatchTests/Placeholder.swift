import XCTest

final class PolicyBatchTestsPlaceholder: XCTestCase {}
