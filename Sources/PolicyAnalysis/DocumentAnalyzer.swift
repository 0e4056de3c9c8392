import PolicyText

/// Entry point of the analysis layer: a pure function from text to a document model.
public enum DocumentAnalyzer {
    public static func analyze(_ text: DocumentText) -> DocumentModel {
        analyze(scalars: text.scalars)
    }

    public static func analyze(scalars: [Unicode.Scalar]) -> DocumentModel {
        let view = ReadingView(source: scalars)
        var model = DocumentModel()
        model.policies = PolicyTitleRecognizer.titles(in: view)
        model.findings = PolicyTitleRecognizer.unbalancedMarks(in: view)
        return model
    }
}
