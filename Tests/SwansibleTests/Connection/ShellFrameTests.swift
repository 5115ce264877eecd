import Foundation
import Testing
@testable import Swansible

/// How a command's output is cut out of a long-lived shell's streams (`ShellFrame`).
@Suite struct ShellFrameTests {
    private static let token = "SWANSIBLE-T1"

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theRequestRunsTheCommandBetweenMarkersOnBothStreams() {
        let line = String(decoding: ShellFrame(token: Self.token).request(running: "/bin/sh -c 'true'"), as: UTF8.self)
        #expect(line.hasPrefix("printf '%s<\\n' SWANSIBLE-T1; printf '%s<\\n' SWANSIBLE-T1 >&2; /bin/sh -c 'true' </dev/null; "))
        #expect(line.hasSuffix("printf '\\n%s>%d\\n' SWANSIBLE-T1 $?; printf '\\n%s>\\n' SWANSIBLE-T1 >&2\n"))
    }

    @Test func outputBeforeTheOpeningAndAfterTheClosingMarkerIsDropped() {
        var frame = ShellFrame(token: Self.token)
        let stdout = Self.bytes("late from an earlier command\nSWANSIBLE-T1<\nout\n\nSWANSIBLE-T1>3\nlater\n")
        let stderr = Self.bytes("late\nSWANSIBLE-T1<\nerr\nSWANSIBLE-T1>\nlater")
        #expect(frame.result(stdout: stdout, stderr: stderr) == CommandResult(exitCode: 3, stdout: "out\n", stderr: "err"))
    }

    @Test func emptyOutputAndOutputWithoutANewlineKeepTheirExactBytes() {
        var empty = ShellFrame(token: Self.token)
        #expect(empty.result(stdout: Self.bytes("SWANSIBLE-T1<\n\nSWANSIBLE-T1>0\n"), stderr: Self.bytes("SWANSIBLE-T1<\n\nSWANSIBLE-T1>\n"))
            == CommandResult(exitCode: 0, stdout: "", stderr: ""))
        var bare = ShellFrame(token: Self.token)
        #expect(bare.result(stdout: Self.bytes("SWANSIBLE-T1<\nno newline\nSWANSIBLE-T1>0\n"), stderr: Self.bytes("SWANSIBLE-T1<\n\nSWANSIBLE-T1>\n"))?.stdout
            == "no newline")
    }

    @Test func aFrameIsCompleteOnlyOnceBothClosingLinesHaveArrived() {
        var frame = ShellFrame(token: Self.token)
        var stdout = Self.bytes("SWANSIBLE-T1<\nhello\n")
        var stderr = Self.bytes("SWANSIBLE-T1<\n")
        #expect(frame.result(stdout: stdout, stderr: stderr) == nil)
        stdout += Self.bytes("\nSWANSIBLE-T1>12")
        stderr += Self.bytes("\nSWANSIBLE-T1>\n")
        #expect(frame.result(stdout: stdout, stderr: stderr) == nil, "the status line is not complete yet")
        stdout += Self.bytes("7\n")
        #expect(frame.result(stdout: stdout, stderr: stderr) == CommandResult(exitCode: 127, stdout: "hello\n", stderr: ""))
    }

    @Test func markersOfOtherTokensAndMarkersSplitAcrossReadsAreHandled() {
        var frame = ShellFrame(token: Self.token)
        var stdout = Self.bytes("SWANSIBLE-T1<\n\nSWANSIBLE-T2>5\nSWANS")
        let stderr = Self.bytes("SWANSIBLE-T1<\n\nSWANSIBLE-T1>\n")
        #expect(frame.result(stdout: stdout, stderr: stderr) == nil)
        stdout += Self.bytes("IBLE-T1")
        #expect(frame.result(stdout: stdout, stderr: stderr) == nil)
        stdout += Self.bytes(">0\n")
        #expect(frame.result(stdout: stdout, stderr: stderr) == CommandResult(exitCode: 0, stdout: "\nSWANSIBLE-T2>5", stderr: ""))
    }
}
