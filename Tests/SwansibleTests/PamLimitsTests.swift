import Testing
@testable import Swansible

/// pam_limits' edit of a limits file. Expected texts and messages are what community.general's
/// pam_limits gave for the same file and arguments, except where a test says otherwise.
@Suite struct PamLimitsTests {
    func edit(_ value: String, type: String = "soft", item: String = "nofile", _ configure: (inout PamLimitsEdit) -> Void = { _ in }) -> PamLimitsEdit {
        var edit = PamLimitsEdit(domain: "joe", type: type, item: item, value: value, dest: "/etc/security/limits.conf")
        configure(&edit)
        return edit
    }

    @Test func aDifferentValueIsReplacedWithTabsAndTheLineIsTheMessage() throws {
        let outcome = try edit("2048").apply(to: "# comment\njoe soft nofile 1024\n")
        #expect(outcome == .init(text: "# comment\njoe\tsoft\tnofile\t2048\n", changed: true, message: "joe\tsoft\tnofile\t2048\n"))
    }

    @Test func theSameValueChangesNothingWhateverItsSpacing() throws {
        let outcome = try edit("2048").apply(to: "joe  soft   nofile 2048\n")
        #expect(outcome == .init(text: "joe  soft   nofile 2048\n", changed: false, message: "joe  soft   nofile 2048\n"))
    }

    @Test func useMaxKeepsTheLargerAndUseMinTheSmaller() throws {
        #expect(try edit("2048") { $0.useMax = true }.apply(to: "joe soft nofile 4096\n").changed == false)
        #expect(try edit("2048") { $0.useMin = true }.apply(to: "joe soft nofile 4096\n").text == "joe\tsoft\tnofile\t2048\n")
        #expect(try edit("2048") { $0.useMin = true }.apply(to: "joe soft nofile unlimited\n").text == "joe\tsoft\tnofile\t2048\n")
        #expect(try edit("unlimited") { $0.useMin = true }.apply(to: "joe soft nofile infinity\n").changed == false)
        #expect(try edit("unlimited") { $0.useMax = true }.apply(to: "joe soft nofile 5\n").text == "joe\tsoft\tnofile\tunlimited\n")
    }

    @Test func aMissingLimitIsAppendedWithItsComment() throws {
        let outcome = try edit("unlimited", type: "-") { $0.comment = "all" }.apply(to: "joe soft nofile 12")
        #expect(outcome == .init(text: "joe soft nofile 12\njoe\t-\tnofile\tunlimited\t#all\n", changed: true,
                                 message: "joe\t-\tnofile\tunlimited\t#all\n"))
    }

    /// community.general writes the old comment with its line ending, then another newline.
    @Test func aChangedLineKeepsItsOwnCommentOnOneLine() throws {
        let outcome = try edit("2048").apply(to: "joe soft nofile 1024 # mine\n")
        #expect(outcome.text == "joe\tsoft\tnofile\t2048\t# mine\n")
    }

    @Test func invalidValuesFailWithCommunityGeneralsMessages() {
        #expect(throws: PamLimitsEdit.Failure(message: " Value of '30' for item 'nice' is invalid. Value must be a number in the range -20 to 19 inclusive. Refer to the limits.conf(5) manual pages for more details.")) {
            try edit("30", item: "nice").apply(to: "")
        }
        #expect(throws: PamLimitsEdit.Failure(message: "Invalid configuration found in '/etc/security/limits.conf'. Value of 'abc' for item 'core' is invalid. Value must either be 'unlimited', 'infinity' or -1, all of which indicate no limit, or a limit of 0 or larger. Refer to the limits.conf(5) manual pages for more details.")) {
            try edit("3", item: "core").apply(to: "x soft core abc\n")
        }
        #expect(throws: Never.self) { try edit("-20", item: "priority").apply(to: "") }
    }
}
