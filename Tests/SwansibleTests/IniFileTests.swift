import Testing
@testable import Swansible

/// ini_file's edit of a file's text. The expected texts, changes and messages are what
/// community.general's ini_file (its `do_ini`, run on the same text with the same arguments)
/// gave.
@Suite struct IniFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let configure: @Sendable (inout IniFileEdit) -> Void
        let expected: String
        let changed: Bool
        let message: String
        init(_ name: String, _ text: String, _ configure: @escaping @Sendable (inout IniFileEdit) -> Void,
             _ expected: String, _ changed: Bool, _ message: String) {
            (self.name, self.text, self.configure, self.expected, self.changed, self.message) = (name, text, configure, expected, changed, message)
        }
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("a new file starts with an empty line, then the section", "", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"] }, "\n[drinks]\nfav = lemonade\n", true, "section and option added"),
        Case("a value already there changes nothing", "[drinks]\nfav = lemonade\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"] }, "[drinks]\nfav = lemonade\n", false, "OK"),
        Case("spaces around = and the final newline are added", "[drinks]\nfav=lemonade", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"] }, "[drinks]\nfav = lemonade\n", true, "option changed"),
        Case("ignore_spaces leaves a line that differs only in spaces", "[drinks]\nfav=lemonade\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"]; e.ignoreSpaces = true }, "[drinks]\nfav=lemonade\n", false, "OK"),
        Case("a commented-out line of the option is made active", "[drinks]\n# fav = lemonade\nother = 1\n\n[food]\nx = 1\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"] }, "[drinks]\nfav = lemonade\nother = 1\n\n[food]\nx = 1\n", true, "option changed"),
        Case("modify_inactive_option=false adds after the last active line", "[drinks]\n# fav = lemonade\nother = 1\n\n[food]\nx = 1\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["lemonade"]; e.modifyInactiveOption = false }, "[drinks]\n# fav = lemonade\nother = 1\nfav = lemonade\n\n[food]\nx = 1\n", true, "option added"),
        Case("new values go after the last line that is neither blank nor a comment", "[drinks]\nother = 1\n\n# trailing comment\n\n[food]\nx = 1\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["coke", "pepsi"] }, "[drinks]\nother = 1\nfav = coke\nfav = pepsi\n\n# trailing comment\n\n[food]\nx = 1\n", true, "option added"),
        Case("exclusive: kept values stay, others are rewritten or removed", "[drinks]\nfav = a\nfav = b\nfav = c\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["c", "d"] }, "[drinks]\nfav = d\nfav = c\n", true, "option changed"),
        Case("not exclusive: only missing values are added", "[drinks]\nfav = a\nfav = b\nfav = c\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["c", "d"]; e.exclusive = false }, "[drinks]\nfav = a\nfav = b\nfav = c\nfav = d\n", true, "option added"),
        Case("absent removes every line of the option", "[drinks]\nfav = a\nfav = b\n", { e in e.section = "drinks"; e.option = "fav"; e.present = false }, "[drinks]\n", true, "option changed"),
        Case("absent and not exclusive removes only the given values", "[drinks]\nfav = a\nfav = b\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["b"]; e.present = false; e.exclusive = false }, "[drinks]\nfav = a\n", true, "option changed"),
        Case("a section without option is removed up to the next section", "[drinks]\nfav = a\n[food]\nx = 1\n", { e in e.section = "drinks"; e.present = false }, "[food]\nx = 1\n", true, "section removed"),
        Case("absent of a missing section changes nothing", "[drinks]\nfav = a\n", { e in e.section = "food"; e.present = false }, "[drinks]\nfav = a\n", false, "OK"),
        Case("without section, the option lives before the first section", "top = 1\n[a]\nx = 1\n", { e in e.option = "top"; e.values = ["2"] }, "top = 2\n[a]\nx = 1\n", true, "option changed"),
        Case("no_extra_spaces writes option=value", "[a]\nx = 1\n", { e in e.option = "top"; e.values = ["2"]; e.noExtraSpaces = true }, "top=2\n[a]\nx = 1\n", true, "option added"),
        Case("allow_no_value adds a bare option", "[mysqld]\nuser = mysql\n", { e in e.section = "mysqld"; e.option = "skip-name-resolve"; e.allowNoValue = true }, "[mysqld]\nuser = mysql\nskip-name-resolve\n", true, "option added"),
        Case("allow_no_value keeps a bare option", "[mysqld]\nskip-name-resolve\n", { e in e.section = "mysqld"; e.option = "skip-name-resolve"; e.allowNoValue = true }, "[mysqld]\nskip-name-resolve\n", false, "OK"),
        Case("a section alone is added", "[a]\nx = 1\n", { e in e.section = "b"; e.allowNoValue = true }, "[a]\nx = 1\n[b]\n", true, "only section added"),
        Case("a bare option is added with its new section", "[a]\nx = 1\n", { e in e.section = "b"; e.option = "y"; e.allowNoValue = true }, "[a]\nx = 1\n[b]\ny\n", true, "section and option added"),
        Case("a comment naming the option without = is left alone", "[php]\n; output_buffering\noutput_buffering = 4096\n", { e in e.section = "php"; e.option = "output_buffering"; e.values = ["off"] }, "[php]\n; output_buffering\noutput_buffering = off\n", true, "option changed"),
        Case("spaces inside the section's brackets are allowed", "[ drinks ]\nfav = a\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["b"] }, "[ drinks ]\nfav = b\n", true, "option changed"),
        Case("section_has_values picks the matching section among equal names", "[Peer]\nAllowedIps = 10.4.0.11/32\nKey = a\n[Peer]\nAllowedIps = 10.4.0.12/32\nKey = b\n", { e in e.section = "Peer"; e.option = "Key"; e.values = ["c"]; e.sectionHasValues = [.init(option: "AllowedIps", values: ["10.4.0.12/32"])] }, "[Peer]\nAllowedIps = 10.4.0.11/32\nKey = a\n[Peer]\nAllowedIps = 10.4.0.12/32\nKey = c\n", true, "option changed"),
        Case("section_has_values adds a new section with its options when none matches", "[Peer]\nAllowedIps = 10.4.0.11/32\nKey = a\n", { e in e.section = "Peer"; e.option = "Key"; e.values = ["c"]; e.sectionHasValues = [.init(option: "AllowedIps", values: ["10.4.0.13/32"])] }, "[Peer]\nAllowedIps = 10.4.0.11/32\nKey = a\n[Peer]\nAllowedIps = 10.4.0.13/32\nKey = c\n", true, "section and option added"),
        Case("Windows line endings become newlines", "a = 1\r\nb = 2\r\n", { e in e.option = "b"; e.values = ["3"] }, "a = 1\nb = 3\n", true, "option changed"),
        Case("a byte order mark is dropped without counting as a change", "﻿[a]\nx = 1\n", { e in e.section = "a"; e.option = "x"; e.values = ["1"] }, "[a]\nx = 1\n", false, "OK"),
        Case("an empty file keeps its line after the option", "", { e in e.option = "x"; e.values = ["1"] }, "x = 1\n\n", true, "option added"),
        Case("blanks and tabs around the value are normalised", "[a]\n\tfav\t=\tcola  \n", { e in e.section = "a"; e.option = "fav"; e.values = ["cola  "] }, "[a]\nfav = cola  \n", true, "option changed"),
        Case("exclusive removes a commented line holding a value", "[drinks]\nfav = a\n  ;fav = b\n", { e in e.section = "drinks"; e.option = "fav"; e.values = ["x", "y"] }, "[drinks]\nfav = x\nfav = y\n", true, "option changed"),
    ]

    @Test(arguments: cases) func editMatchesCommunityGeneral(_ c: Case) {
        var edit = IniFileEdit()
        c.configure(&edit)
        let outcome = edit.apply(to: IniFileEdit.readableText(c.text))
        #expect(outcome == IniFileEdit.Outcome(text: c.expected, changed: c.changed, message: c.message))
    }

    @Test func everyEditIsIdempotent() {
        for c in Self.cases {
            var edit = IniFileEdit()
            c.configure(&edit)
            let again = edit.apply(to: c.expected)
            #expect(!again.changed && again.text == c.expected, "\(c.name): \(again)")
        }
    }

    /// community.general drops the first section's header with the lines before it (its
    /// placeholder section stands in for them); Swansible removes only those lines.
    @Test func removingTheLinesBeforeTheFirstSectionKeepsItsHeader() {
        var edit = IniFileEdit()
        edit.present = false
        let outcome = edit.apply(to: "x = 1\n[a]\ny = 2\n")
        #expect(outcome == IniFileEdit.Outcome(text: "[a]\ny = 2\n", changed: true, message: "section removed"))
    }

    @Test func optionLinesAreRecognisedAsCommunityGeneralMatchesThem() {
        #expect(IniFileEdit.optionLine("fav", "  ; fav =  cola \n", inactive: true)
                == .init(commented: true, hasSeparator: true, value: "cola "))
        #expect(IniFileEdit.optionLine("fav", "; fav\n", inactive: false) == nil)
        #expect(IniFileEdit.optionLine("fav", "fav\n", inactive: false) == .init(commented: false, hasSeparator: false, value: ""))
        #expect(IniFileEdit.optionLine("fav", "favourite = 1\n", inactive: true) == nil)
        #expect(IniFileEdit.startsSection(" drinks ", "[  drinks\t] ; note\n"))
        #expect(!IniFileEdit.startsSection("drinks", "[drinks2]\n"))
    }
}
