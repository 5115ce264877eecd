import Foundation
import Testing
@testable import Swansible

/// How a become command is built and read back, without a host.
@Suite struct BecomeCommandTests {
    static let withPassword = BecomeSettings(enabled: true, user: "root", password: "pa ss'word")

    @Test func withoutPasswordSudoStaysNonInteractive() {
        let command = BecomeCommand(BecomeSettings(enabled: true), key: "k")
        #expect(command.commandLine(running: "id") == "sudo -H -S -n -u root /bin/sh -c id")
        #expect(command.exchange == nil)
    }

    @Test func withPasswordSudoPromptsAndThePasswordStaysOffTheCommandLine() {
        let command = BecomeCommand(Self.withPassword, key: "abc")
        let line = command.commandLine(running: "id")
        #expect(line == "sudo -H -S -p '[sudo via swansible, key=abc] password:' -u root /bin/sh -c 'echo BECOME-SUCCESS-abc\nid'")
        #expect(!line.contains("pa ss"))
        #expect(command.exchange?.password == "pa ss'word")
        #expect(command.exchange.map { "\($0)" }?.contains("pa ss") == false)
        #expect(!"\(Self.withPassword)".contains("pa ss"))
    }

    @Test func becomeExeAndFlagsAreUsed() {
        var settings = Self.withPassword
        settings.executable = "/usr/local/bin/sudo"
        settings.flags = "-Hn -E --non-interactive"
        let line = BecomeCommand(settings, key: "k").commandLine(running: "id")
        #expect(line.hasPrefix("/usr/local/bin/sudo -H -E -p "))
    }

    @Test func nonInteractiveFlagIsDroppedOnlyWithAPassword() {
        #expect(BecomeCommand.interactiveFlags("-H -S -n") == "-H -S")
        #expect(BecomeCommand.interactiveFlags("-nH --login") == "-H --login")
        #expect(BecomeCommand.interactiveFlags("--non-interactive -S") == "-S")
    }

    @Test func successMarkerAndPromptAreTakenOutOfTheOutput() throws {
        let command = BecomeCommand(Self.withPassword, key: "abc")
        let raw = CommandResult(exitCode: 0, stdout: "BECOME-SUCCESS-abc\nroot\n",
                                stderr: "[sudo via swansible, key=abc] password:\nwarning\n")
        let result = try command.outcome(of: raw)
        #expect(result == CommandResult(exitCode: 0, stdout: "root\n", stderr: "warning\n"))
    }

    @Test func aSecondPromptMeansAnIncorrectPassword() {
        let command = BecomeCommand(Self.withPassword, key: "abc")
        let prompt = "[sudo via swansible, key=abc] password:"
        let raw = CommandResult(exitCode: 1, stdout: "", stderr: "\(prompt)\nSorry, try again.\n\(prompt)\nsudo: no password was provided\n")
        #expect(throws: BecomeFailure.incorrectPassword(method: "sudo")) { try command.outcome(of: raw) }
    }

    @Test func sudoRefusingWithoutPasswordIsAMissingPassword() {
        let command = BecomeCommand(BecomeSettings(enabled: true), key: "k")
        let raw = CommandResult(exitCode: 1, stdout: "", stderr: "sudo: a password is required\n")
        #expect(throws: BecomeFailure.missingPassword(method: "sudo")) { try command.outcome(of: raw) }
        #expect("\(BecomeFailure.missingPassword(method: "sudo"))" == "Missing sudo password")
    }

    @Test func aCommandFailingOnItsOwnIsNotABecomeFailure() throws {
        let command = BecomeCommand(Self.withPassword, key: "abc")
        let raw = CommandResult(exitCode: 2, stdout: "BECOME-SUCCESS-abc\n", stderr: "sudo: a password is required\n")
        #expect(try command.outcome(of: raw).exitCode == 2)
    }
}

/// The controller's side of the prompt conversation, step by step.
@Suite struct BecomePromptWatcherTests {
    static let exchange = BecomePasswordExchange(prompt: "[p] password:", successMarker: "BECOME-SUCCESS-x", password: "secret")

    @Test func answersThePromptOnceThenWaitsForTheMarker() {
        var watcher = BecomePromptWatcher(Self.exchange)
        #expect(watcher.step(stdout: [], stderr: []) == .wait)
        #expect(watcher.step(stdout: [], stderr: Array("[p] pass".utf8)) == .wait)
        #expect(watcher.step(stdout: [], stderr: Array("[p] password:".utf8)) == .answer(Array("secret\n".utf8)))
        #expect(watcher.step(stdout: [], stderr: Array("[p] password:".utf8)) == .wait)
        #expect(watcher.step(stdout: Array("BECOME-SUCCESS-x\n".utf8), stderr: Array("[p] password:".utf8)) == .proceed)
        #expect(watcher.isSettled)
    }

    @Test func noPromptMeansNoAnswer() {
        var watcher = BecomePromptWatcher(Self.exchange)
        #expect(watcher.step(stdout: Array("BECOME-SUCCESS-x\n".utf8), stderr: []) == .proceed)
        #expect(!watcher.answered)
    }

    @Test func aRepeatedPromptGivesUp() {
        var watcher = BecomePromptWatcher(Self.exchange)
        _ = watcher.step(stdout: [], stderr: Array("[p] password:".utf8))
        #expect(watcher.step(stdout: [], stderr: Array("[p] password:\nSorry, try again.\n[p] password:".utf8)) == .giveUp)
    }
}
