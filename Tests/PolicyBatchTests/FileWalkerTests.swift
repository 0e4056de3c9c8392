import Foundation
@testable import PolicyBatch
import XCTest

final class GlobTests: XCTestCase {
    func testStarQuestionAndSets() {
        XCTAssertTrue(Glob("*.txt").matches("a.txt"))
        XCTAssertFalse(Glob("*.txt").matches("d/a.txt"), "* does not cross /")
        XCTAssertTrue(Glob("f?.md").matches("f1.md"))
        XCTAssertFalse(Glob("f?.md").matches("f12.md"))
        XCTAssertTrue(Glob("[a-c]x").matches("bx"))
        XCTAssertFalse(Glob("[!a-c]x").matches("bx"))
        XCTAssertTrue(Glob("[!a-c]x").matches("dx"))
        XCTAssertTrue(Glob("[x").matches("[x"), "an unclosed [ is literal")
        XCTAssertTrue(Glob("\\*.txt").matches("*.txt"))
        XCTAssertFalse(Glob("\\*.txt").matches("a.txt"))
        XCTAssertTrue(Glob("政策*").matches("政策文件.txt"))
    }

    func testDoubleStar() {
        XCTAssertTrue(Glob("**/draft.txt").matches("draft.txt"))
        XCTAssertTrue(Glob("**/draft.txt").matches("a/b/draft.txt"))
        XCTAssertTrue(Glob("docs/**").matches("docs/a/b.txt"))
        XCTAssertFalse(Glob("docs/**").matches("docs"))
        XCTAssertTrue(Glob("a/**/b").matches("a/b"))
        XCTAssertTrue(Glob("a/**/b").matches("a/x/y/b"))
        XCTAssertFalse(Glob("a/**/b").matches("a/xb"))
    }

    func testPathologicalPatternStaysFast() {
        let pattern = Glob(String(repeating: "*a", count: 200) + "b")
        let start = Date()
        XCTAssertFalse(pattern.matches(String(repeating: "a", count: 2000)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testIgnoreRuleParsing() {
        XCTAssertNil(IgnoreRule(line: "# comment"))
        XCTAssertNil(IgnoreRule(line: "   "))
        let neg = IgnoreRule(line: "!keep.txt")
        XCTAssertEqual(neg?.negated, true)
        XCTAssertEqual(IgnoreRule(line: "\\#hash.txt")?.glob.pattern, "#hash.txt")
        let dirOnly = IgnoreRule(line: "build/")
        XCTAssertEqual(dirOnly?.directoryOnly, true)
        XCTAssertEqual(dirOnly?.matches(relativePath: "x/build", isDirectory: true), true, "no inner slash: any depth")
        XCTAssertEqual(dirOnly?.matches(relativePath: "build", isDirectory: false), false)
        let anchored = IgnoreRule(line: "/top.txt")
        XCTAssertEqual(anchored?.matches(relativePath: "top.txt", isDirectory: false), true)
        XCTAssertEqual(anchored?.matches(relativePath: "sub/top.txt", isDirectory: false), false)
        XCTAssertEqual(IgnoreRule(line: "a/b.txt")?.matches(relativePath: "x/a/b.txt", isDirectory: false), false,
                       "a slash in the middle anchors too")
        XCTAssertEqual(IgnoreRule(line: "trailing.txt   ")?.glob.pattern, "trailing.txt")
    }
}

final class FileWalkerTests: XCTestCase {
    func testFoldersAreWalkedInByteOrderForTxtAndMdOnly() throws {
        let dir = try TempDir()
        for f in ["b.txt", "a.md", "B.txt", "c.pdf", "sub/z.txt", "sub/deeper/y.md", "noext", ".hidden.txt"] { try dir.write(f, "x") }
        var options = WalkOptions()
        options.baseDirectory = dir.path
        let r = FileWalker.collect(["."], options: options)
        XCTAssertEqual(r.files, ["./.hidden.txt", "./B.txt", "./a.md", "./b.txt", "./sub/deeper/y.md", "./sub/z.txt"])
        XCTAssertEqual(r.problems, [])
    }

    func testIncludeReplacesTheDefaultAndExcludePrunes() throws {
        let dir = try TempDir()
        for f in ["a.txt", "b.csv", "drafts/c.txt", "keep/d.txt", "keep/e.md"] { try dir.write(f, "x") }
        var options = WalkOptions()
        options.baseDirectory = dir.path
        options.include = [Glob("*.csv"), Glob("keep/*.md")]
        XCTAssertEqual(FileWalker.collect(["."], options: options).files, ["./b.csv", "./keep/e.md"])
        options.include = []
        options.exclude = [Glob("drafts"), Glob("*.md")]
        XCTAssertEqual(FileWalker.collect(["."], options: options).files, ["./a.txt", "./keep/d.txt"])
    }

    func testGitignoreRulesWithNegationDirectoriesAndNesting() throws {
        let dir = try TempDir()
        try dir.write(".gitignore", """
            # generated
            *.md
            !README.md
            build/
            /root-only.txt
            out/**
            """)
        for f in ["README.md", "notes.md", "a.txt", "root-only.txt", "sub/root-only.txt", "build/x.txt", "out/deep/y.txt",
                  "sub/build.txt", "sub/keep.md", "sub/drop.txt"] { try dir.write(f, "x") }
        try dir.write("sub/.gitignore", "!keep.md\ndrop.txt\n")
        var options = WalkOptions()
        options.baseDirectory = dir.path
        XCTAssertEqual(FileWalker.collect(["."], options: options).files,
                       ["./README.md", "./a.txt", "./sub/build.txt", "./sub/keep.md", "./sub/root-only.txt"])
        options.ignoreFileNames = []
        XCTAssertEqual(FileWalker.collect(["."], options: options).files.count, 10)
    }

    func testAFileNamedExplicitlyIsTakenEvenIfIgnoredOrOddlyNamed() throws {
        let dir = try TempDir()
        try dir.write(".gitignore", "*.txt\n")
        try dir.write("x.txt", "x")
        try dir.write("notes.text", "x")
        var options = WalkOptions()
        options.baseDirectory = dir.path
        XCTAssertEqual(FileWalker.collect(["x.txt", "notes.text", "."], options: options).files, ["x.txt", "notes.text"])
    }

    func testSymlinkLoopsEndAndLinkedFoldersAreWalkedOnce() throws {
        let dir = try TempDir()
        try dir.write("real/a.txt", "x")
        try dir.symlink("real/loop", to: "..")            // real/loop → dir
        try dir.symlink("real/self", to: ".")             // real/self → real
        try dir.symlink("alias", to: dir.path + "/real")  // a second way into real
        var options = WalkOptions()
        options.baseDirectory = dir.path
        let r = FileWalker.collect(["."], options: options)
        XCTAssertEqual(r.files.count, 1, "\(r.files)")
        XCTAssertEqual(r.problems, [])
    }

    func testMissingPathsAndSpecialFilesAreProblems() throws {
        let dir = try TempDir()
        mkfifo(dir.path + "/pipe.txt", 0o644)
        var options = WalkOptions()
        options.baseDirectory = dir.path
        let r = FileWalker.collect(["nope", "pipe.txt"], options: options)
        XCTAssertEqual(r.files, [])
        XCTAssertEqual(r.problems.map(\.path), ["nope", "pipe.txt"])
        XCTAssertEqual(r.problems.map(\.kind), [.error, .error])
    }
}
