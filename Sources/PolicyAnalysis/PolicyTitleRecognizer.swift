import PolicyText

/// Finds 《…》 titles in the reading view and reports unbalanced marks.
enum PolicyTitleRecognizer {
    static func titles(in view: ReadingView) -> [PolicyMention] { [] }
    static func unbalancedMarks(in view: ReadingView) -> [Finding] { [] }
}
