import Foundation
import Testing
@testable import Swansible

/// The live status line under a terminal's output: what it says, and that it is gone before
/// anything else is written.
@Suite struct LiveStatusLineTests {
    @Test func namesTheHostsStillRunningAndTheOldestOnesTime() {
        let terminal = BufferSink()
        let status = LiveStatusLine(terminal: terminal, width: { 80 })
        status.hostStarted("etcd-01")
        status.hostStarted("kube-master-01")
        let start = ContinuousClock.now
        status.redraw(at: start + .seconds(12))
        #expect(terminal.text == "waiting 12s for etcd-01, kube-master-01 (2 hosts)")
        status.hostFinished("etcd-01")
        status.redraw(at: start + .seconds(13))
        #expect(terminal.text.hasSuffix("\r\u{1B}[2Kwaiting 13s for kube-master-01 (1 host)"))
    }

    @Test func isErasedBeforeOutputAndErrorsAndWhenTheLastHostAnswers() {
        let terminal = BufferSink()
        let status = LiveStatusLine(terminal: terminal, width: { 80 })
        status.hostStarted("a")
        status.redraw(at: .now + .seconds(2))
        status.write("ok: [a]\n")
        #expect(terminal.text == "waiting 2s for a (1 host)\r\u{1B}[2Kok: [a]\n")
        status.redraw(at: .now + .seconds(3))
        status.writeError("[WARNING]: w\n")
        #expect(terminal.errorText == "[WARNING]: w\n")
        #expect(terminal.text.hasSuffix("waiting 3s for a (1 host)\r\u{1B}[2K"))
        status.redraw(at: .now + .seconds(4))
        status.hostFinished("a")
        #expect(terminal.text.hasSuffix("waiting 4s for a (1 host)\r\u{1B}[2K"))
        // Nothing running: nothing drawn, nothing to erase.
        let before = terminal.text
        status.redraw(at: .now + .seconds(5))
        status.write("x\n")
        #expect(terminal.text == before + "x\n")
    }

    @Test func ticksOnlyWhileAHostRuns() {
        let status = LiveStatusLine(terminal: BufferSink(), width: { 80 })
        #expect(!status.isTicking)
        status.hostStarted("a")
        status.hostStarted("b")
        #expect(status.isTicking)
        status.hostFinished("a")
        #expect(status.isTicking)
        status.hostFinished("b")
        #expect(!status.isTicking)
        status.hostStarted("a")
        #expect(status.isTicking)
        status.hostFinished("a")
        #expect(!status.isTicking)
    }

    @Test func showsNothingBeforeAHostHasRunForASecond() {
        let terminal = BufferSink()
        let status = LiveStatusLine(terminal: terminal, width: { 80 })
        status.hostStarted("a")
        status.redraw(at: .now)
        #expect(terminal.text.isEmpty)
    }

    @Test func neverWrapsOnANarrowTerminal() {
        let hosts = (1...40).map { "worker-\($0)" }
        let line = LiveStatusLine.line(hosts: hosts, elapsed: 125, width: 60)
        #expect(line.count == 59)
        #expect(line.hasPrefix("waiting 125s for worker-1, worker-2"))
        #expect(line.hasSuffix("... (40 hosts)"))
        #expect(LiveStatusLine.line(hosts: hosts, elapsed: 1, width: 10).count == 9)
    }

    @Test func isOffWhenTheSettingSaysSo() {
        #expect(!LiveStatusLine.wanted(environment: ["SWANSIBLE_STATUS_LINE": "0"]))
        #expect(!LiveStatusLine.wanted(environment: ["SWANSIBLE_STATUS_LINE": "off"]))
    }
}
