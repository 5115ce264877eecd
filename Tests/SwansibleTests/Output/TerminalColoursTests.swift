import Foundation
import Testing
@testable import Swansible

/// Colours as ansible-core's display chooses and writes them (the bytes are checked against
/// ansible-playbook by the `colour-*` conformance cases).
@Suite struct TerminalColoursTests {
    static let on = TerminalColours(isOn: true)
    static let esc = "\u{1B}"

    @Test func colourNamesBecomeSGRCodes() {
        #expect(TerminalColours.code("green") == "0;32")
        #expect(TerminalColours.code("bright purple") == "1;35")
        #expect(TerminalColours.code("dark gray") == "1;30")
        #expect(TerminalColours.code("normal") == "0")
        #expect(TerminalColours.code("color208") == "38;5;208")
        #expect(TerminalColours.code("rgb500") == "38;5;196")
        #expect(TerminalColours.code("rgb123") == "38;5;67")
        #expect(TerminalColours.code("gray12") == "38;5;244")
        #expect(TerminalColours.code("rgb600") == nil)
        #expect(TerminalColours.code("chartreuse") == nil)
    }

    @Test func everyKindIsAColourSetting() {
        #expect(Set(TerminalColours.Kind.allCases.map(\.rawValue)) == Set(ConfigSetting.colourDefaults.map(\.key)))
        #expect(TerminalColours.Kind.unreachable.defaultName == "bright red")
    }

    /// ansible-core's oneline callback tells its deprecation in the deprecate colour.
    @Test func onelineDeprecationIsPaintedPurple() {
        let sink = BufferSink()
        let callback = OnelineCallback(sink: sink, deprecationWarnings: true)
        var config = AnsibleConfig()
        config.forceColor = true
        callback.useColours(config)
        callback.playStarted(name: nil, checkMode: false)
        #expect(sink.errorText.hasSuffix("\(Self.esc)[0;35m[DEPRECATION WARNING]: \(OnelineCallback.deprecation)\(Self.esc)[0m\n"))
        #expect(sink.errorText.hasPrefix("\(Self.esc)[1;35m[WARNING]: "))
    }

    @Test func forceColorWinsThenNoColorThenTheTerminal() {
        func chosen(force: Bool = false, no: Bool = false, tty: Bool = true, term: String? = "xterm") -> Bool {
            TerminalColours.chosen(forceColor: force, noColor: no, isTerminal: tty, term: term)
        }
        #expect(chosen())
        #expect(!chosen(no: true))
        #expect(!chosen(tty: false))
        #expect(!chosen(term: "dumb"))
        #expect(!chosen(term: nil))
        #expect(chosen(force: true, no: true, tty: false, term: nil))
    }

    @Test func eachLineIsPaintedOnItsOwnAndAFinalLineEndStaysOut() {
        let e = Self.esc
        #expect(Self.on.paint("a\n\nb", .ok) == "\(e)[0;32ma\(e)[0m\n\(e)[0;32m\(e)[0m\n\(e)[0;32mb\(e)[0m")
        #expect(Self.on.paintMessage("a\n\n", .error) == "\(e)[0;31ma\(e)[0m\n\(e)[0;31m\(e)[0m\n")
        #expect(TerminalColours.off.paint("a\nb", .ok) == "a\nb")
        let custom = TerminalColours(isOn: true, names: [.ok: "color99"])
        #expect(custom.paint("x", .ok) == "\(e)[38;5;99mx\(e)[0m")
    }

    /// The recap's host is painted by its worst state and padded to 37 with its paint; only
    /// counters that are not 0 are painted.
    @Test func recapLinePaintsTheHostAndTheCountersThatAreNotZero() {
        let e = Self.esc
        var stats = HostStats()
        stats.ok = 12
        stats.changed = 3
        stats.ignored = 3
        #expect(DefaultCallback.recapLine(host: "good", stats: stats, colours: Self.on)
            == "\(e)[0;33mgood\(e)[0m                       : \(e)[0;32mok=12  \(e)[0m \(e)[0;33mchanged=3   \(e)[0m "
            + "unreachable=0    failed=0    skipped=0    rescued=0    \(e)[1;35mignored=3   \(e)[0m")
        stats.unreachable = 1
        #expect(DefaultCallback.recapLine(host: "good", stats: stats, colours: Self.on).hasPrefix("\(e)[0;31mgood\(e)[0m "))
        #expect(DefaultCallback.recapLine(host: "good", stats: HostStats(), colours: Self.on).hasPrefix("\(e)[0;32mgood\(e)[0m "))
    }

    @Test func diffLinesArePaintedWithTheirLineEnds() {
        let e = Self.esc
        let diff = FileDiff(path: "f", before: "a\nb\n", after: "a\nc\n")
        #expect(UnifiedDiff.render(diff, colours: Self.on) == "\(e)[0;31m--- before: f\(e)[0m\n\(e)[0;31m\(e)[0m"
            + "\(e)[0;32m+++ after: f\(e)[0m\n\(e)[0;32m\(e)[0m\(e)[0;36m@@ -1,2 +1,2 @@\(e)[0m\n\(e)[0;36m\(e)[0m a\n"
            + "\(e)[0;31m-b\(e)[0m\n\(e)[0;31m\(e)[0m\(e)[0;32m+c\(e)[0m\n\(e)[0;32m\(e)[0m")
    }

    @Test func warningsAndErrorsArePaintedOnStandardError() {
        let e = Self.esc
        let sink = BufferSink()
        let callback = DefaultCallback(sink: sink, colours: Self.on)
        callback.warning("careful")
        callback.error("bad\nplace")
        #expect(sink.errorText == "\(e)[1;35m[WARNING]: careful\(e)[0m\n\(e)[0;31m[ERROR]: bad\(e)[0m\n\(e)[0;31mplace\(e)[0m\n\(e)[0;31m\(e)[0m\n")
        #expect(sink.text.isEmpty)
    }

    /// The CLI tells the callback the settings; a buffer is no terminal, so only force_color paints.
    @Test func theCallbackChoosesFromTheSettingsAndItsSink() throws {
        let sink = BufferSink()
        let callback = DefaultCallback(sink: sink)
        var config = AnsibleConfig()
        callback.useColours(config)
        #expect(!callback.colours.isOn)
        config.forceColor = true
        config.noColor = true
        config.colourNames = ["skip": "red", "no such kind": "blue"]
        callback.useColours(config)
        #expect(callback.colours == TerminalColours(isOn: true, names: [.skip: "red"]))
        callback.noHostsMatched()
        #expect(sink.text == "\(Self.esc)[0;31mskipping: no hosts matched\(Self.esc)[0m\n")
    }
}
