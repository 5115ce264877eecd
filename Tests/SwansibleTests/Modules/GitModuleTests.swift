import Testing
@testable import Swansible

/// The git module's controller side: the script's framed report, ansible-core's password
/// masking of failed commands and its umask parsing (expected values from ansible-core 2.19's
/// `heuristic_log_sanitize` and Python's `int(text, 8)`).
@Suite struct GitModuleTests {
    @Test func passwordLikeURLPartsAreMaskedAsAnsibleCoreMasksThem() {
        let cases = [
            "ssh://git@127.0.0.1:1/x.git": "ssh:********@127.0.0.1:1/x.git",
            "https://user:secret@example.com/r.git": "https://user:********@example.com/r.git",
            "git@github.com:org/repo.git": "git@github.com:org/repo.git",
            "no at sign here": "no at sign here",
            "a://u:p@h b://v:q@i": "a://u:********@h b://v:********@i",
            "fatal: unable to access https://bob:pw@host/x: 403": "fatal: unable to access https://bob:********@host/x: 403",
        ]
        for (given, masked) in cases { #expect(GitModule.maskingPasswords(given) == masked, "\(given)") }
    }

    @Test func umaskIsReadAsPythonReadsAnOctalString() {
        let cases: [String: Int?] = ["0027": 23, "0o22": 18, " 22 ": 18, "1_7": 15, "+7": 7, "0o_7": 7, "9x": nil, "": nil, "1__7": nil, "_7": nil]
        for (given, value) in cases { #expect(GitModule.octal(given) == value, "\(given)") }
    }

    @Test func theReportKeepsCommandOutputWholeAndTypesItsFields() {
        let stdout = "@@s:before 3\nabc\n@@n:remote_url_changed 0\n\n@@s:stderr 6\na\n@@b\n\n@@b:changed 1\n1\n@@w:warning 2\nhi\n@@b:end 1\n1\n"
        let report = GitScript.Report(stdout)
        #expect(report.complete)
        #expect(report.fields["before"] == "abc" && report.fields["remote_url_changed"] == .null)
        #expect(report.fields["stderr"] == "a\n@@b\n")
        #expect(report.flags["changed"] == true && report.fields["changed"] == nil && report.warnings == ["hi"])
        let result = GitModule.result(report, stderr: "", executable: nil)
        #expect(result.changed && !result.failed && result.fields["stderr_lines"] == ["a", "@@b"])
    }

    @Test func aFailedCommandReportsItsMaskedWordsAndMessage() {
        let stdout = "@@b:failed 1\n1\n@@s:msg 21\nbad ssh://git@h/x.git\n@@b:checked 1\n1\n@@l:argv 3\ngit\n@@l:argv 20\nssh://git@h:1/x.git \n@@i:rc 3\n128\n"
        let result = GitModule.result(GitScript.Report(stdout), stderr: "", executable: nil)
        #expect(result.failed && result.message == "bad ssh:********@h/x.git")
        #expect(result.fields["cmd"] == "git 'ssh:********@h:1/x.git '" && result.fields["rc"] == 128)
    }

    @Test func aScriptCutShortIsAFailureNotASuccess() {
        let result = GitModule.result(GitScript.Report("@@s:before 3\nabc\n"), stderr: "bash: killed", executable: nil)
        #expect(result.failed && result.message == "git did not run on the host: bash: killed")
    }
}
