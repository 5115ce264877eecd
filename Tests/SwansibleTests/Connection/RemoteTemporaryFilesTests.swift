import Foundation
import Testing
@testable import Swansible

/// Which upload leftovers a new session removes: only this controller's, only of runs that
/// are gone.
@Suite struct RemoteTemporaryFilesTests {
    @Test func newPathsNameThisControllerAndProcess() {
        let path = RemoteTemporaryFiles.newPath()
        #expect(path.hasPrefix("/tmp/.swansible-\(RemoteTemporaryFiles.controllerID)-\(getpid())-"))
        #expect(path != RemoteTemporaryFiles.newPath())
    }

    @Test func onlyFilesOfFinishedRunsOfThisControllerAreStale() {
        let mine = "/tmp/.swansible-\(RemoteTemporaryFiles.controllerID)-"
        let listing = [
            mine + "\(getpid())-aaaa",  // this run: in use
            mine + "4242-bbbb",  // a run that is gone
            mine + "777-cccc",  // a run still going
            "/tmp/.swansible-0123456789ab-4242-dddd",  // another controller
            mine + "notapid-eeee",
        ].joined(separator: "\n")
        let stale = RemoteTemporaryFiles.stale(in: listing, isRunning: { $0 == 777 })
        #expect(stale == [mine + "4242-bbbb"])
    }

    @Test func sweepRemovesWhatItFoundAndToleratesFailures() async {
        let gone = "/tmp/.swansible-\(RemoteTemporaryFiles.controllerID)-999999999-x'y"
        var commands: [String] = []
        await RemoteTemporaryFiles.sweep { command in
            commands.append(command)
            return CommandResult(exitCode: 0, stdout: commands.count == 1 ? gone + "\n" : "", stderr: "")
        }
        #expect(commands.count == 2)
        #expect(commands.last == "rm -f -- '/tmp/.swansible-\(RemoteTemporaryFiles.controllerID)-999999999-x'\\''y'")
        var calls = 0
        await RemoteTemporaryFiles.sweep { _ in calls += 1; throw ConnectionError(host: "h", message: "gone") }
        #expect(calls == 1)
    }
}
