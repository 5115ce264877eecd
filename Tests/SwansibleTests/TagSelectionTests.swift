import Testing
@testable import Swansible

@Suite struct TagSelectionTests {
    @Test func defaultRunsEverythingButNever() {
        let s = TagSelection(tags: [], skipTags: [])
        #expect(s.shouldRun([]))
        #expect(s.shouldRun(["web"]))
        #expect(!s.shouldRun(["never"]))
        #expect(s.shouldRun(["always"]))
    }

    @Test func onlySelectedTagsAndAlwaysRun() {
        let s = TagSelection(tags: ["test,deploy"], skipTags: [])
        #expect(s.shouldRun(["test"]))
        #expect(s.shouldRun(["deploy", "x"]))
        #expect(s.shouldRun(["always"]))
        #expect(!s.shouldRun(["web"]))
        #expect(!s.shouldRun([]))
        #expect(TagSelection(tags: ["debug"], skipTags: []).shouldRun(["never", "debug"]))
    }

    @Test func skipTagsWinAndSkipAlwaysByName() {
        let s = TagSelection(tags: [], skipTags: ["slow"])
        #expect(!s.shouldRun(["slow", "web"]))
        #expect(s.shouldRun(["web"]))
        #expect(!TagSelection(tags: [], skipTags: ["always"]).shouldRun(["always"]))
        #expect(!TagSelection(tags: ["tagged"], skipTags: []).shouldRun([]))
        #expect(TagSelection(tags: ["untagged"], skipTags: []).shouldRun([]))
    }

    /// Captured from ansible-playbook 2.19 `--list-tasks` on tasks tagged
    /// [], [web], [always], [never], [never, debug].
    @Test(arguments: [
        ("", "untagged web always"), ("-t web", "web always"), ("-t tagged", "web always"),
        ("-t untagged", "untagged always"), ("--skip-tags always", "untagged web"),
        ("--skip-tags all", "always"), ("-t all", "untagged web always"), ("-t debug", "always neverdebug"),
        ("--skip-tags tagged", "untagged"), ("-t never", "always never neverdebug"),
    ])
    func matchesAnsibleListTasks(arguments: String, expected: String) {
        let words = arguments.split(separator: " ").map(String.init)
        let selection = TagSelection(
            tags: words.first == "-t" ? [words[1]] : [], skipTags: words.first == "--skip-tags" ? [words[1]] : [])
        let tasks: [(String, Set<String>)] = [
            ("untagged", []), ("web", ["web"]), ("always", ["always"]), ("never", ["never"]),
            ("neverdebug", ["never", "debug"]),
        ]
        let ran = tasks.filter { selection.shouldRun($0.1) }.map(\.0).joined(separator: " ")
        #expect(ran == expected)
    }
}
