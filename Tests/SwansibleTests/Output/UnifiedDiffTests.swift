import Testing
@testable import Swansible

/// `--diff` text as ansible-core's callback renders it (difflib's unified diff); the expected
/// texts were printed by Python's difflib with the callback's handling of a missing last newline.
@Suite struct UnifiedDiffTests {
    @Test func aLastLineWithoutNewlineDiffersAndIsMarked() {
        #expect(UnifiedDiff.render(FileDiff(path: "f", before: "a\nb", after: "a\nb\n"))
                == "--- before: f\n+++ after: f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
        #expect(UnifiedDiff.render(FileDiff(path: "f", before: "a\n", after: "a\nb"))
                == "--- before: f\n+++ after: f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n")
    }

    @Test func anUnchangedLastLineWithoutNewlineIsMarkedAsContext() {
        #expect(UnifiedDiff.render(FileDiff(path: "f", before: "x\ny", after: "z\ny"))
                == "--- before: f\n+++ after: f\n@@ -1,2 +1,2 @@\n-x\n+z\n y\n\\ No newline at end of file\n")
    }

    @Test func theAfterSideCanHaveItsOwnName() {
        #expect(UnifiedDiff.render(FileDiff(path: "/etc/cron.d/x", before: "a\n", after: "", afterPath: "/dev/null"))
                == "--- before: /etc/cron.d/x\n+++ after: /dev/null\n@@ -1 +0,0 @@\n-a\n")
    }
}
