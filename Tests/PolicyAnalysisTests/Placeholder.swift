import XCTest

final class PolicyAnalysisTestsPlaceholder: XCTestCase {}
