import Testing
@testable import Swansible

/// getent's facts and debconf's comparisons; the expected values are what ansible-core's
/// modules give for the same command output.
@Suite struct GetentDebconfTests {
    @Test func passwdLinesSplitOnColonsKeyedByTheirFirstField() {
        let result = GetentModule.answer(database: "passwd", key: nil, split: nil, failKey: true, exitCode: 0,
                                         output: "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n")
        #expect(!result.failed)
        #expect(result.facts == ["getent_passwd": [
            "root": ["x", "0", "0", "root", "/root", "/bin/bash"],
            "daemon": ["x", "1", "1", "", "/usr/sbin", "/usr/sbin/nologin"],
        ]])
    }

    @Test func otherDatabasesSplitOnRunsOfWhitespaceAndRepeatedKeysBecomeLists() {
        let output = "127.0.0.1       localhost\n::1  localhost ip6-localhost\n::1\tip6-loopback\n::1 x\n"
        let result = GetentModule.answer(database: "hosts", key: nil, split: nil, failKey: true, exitCode: 0, output: output)
        #expect(result.facts == ["getent_hosts": [
            "127.0.0.1": ["localhost"],
            "::1": [["localhost", "ip6-localhost"], ["ip6-loopback"], ["x"]],
        ]])
    }

    @Test func anExplicitSeparatorKeepsEmptyFields() {
        let result = GetentModule.answer(database: "group", key: "adm", split: ",", failKey: true, exitCode: 0, output: "adm:x:4:a,,b\n")
        #expect(result.facts == ["getent_group": ["adm:x:4:a": ["", "b"]]])
    }

    @Test func exitCodesGiveAnsiblesMessages() {
        let missing = GetentModule.answer(database: "passwd", key: "nobody-x", split: nil, failKey: true, exitCode: 2, output: "")
        #expect(missing.failed && missing.message == "One or more supplied key could not be found in the database.")
        let tolerated = GetentModule.answer(database: "passwd", key: "nobody-x", split: nil, failKey: false, exitCode: 2, output: "")
        #expect(!tolerated.failed && tolerated.facts == ["getent_passwd": ["nobody-x": .null]])
        #expect(tolerated.message == "One or more supplied key could not be found in the database.")
        #expect(GetentModule.answer(database: "x", key: nil, split: nil, failKey: true, exitCode: 1, output: "").message
                == "Missing arguments, or database unknown.")
        #expect(GetentModule.answer(database: "x", key: nil, split: nil, failKey: true, exitCode: 3, output: "").message
                == "Enumeration not supported on this database.")
        #expect(GetentModule.answer(database: "x", key: nil, split: nil, failKey: true, exitCode: 127, output: "").message
                == "Unexpected failure!")
    }

    @Test func getentRunsOnTheHost() async throws {
        let result = try await runLocal("getent", ["database": "passwd", "key": "root"])
        #expect(!result.failed && !result.changed)
        #expect(result.facts["getent_passwd"]?.dictValue?["root"]?.listValue?.first == "x")
    }

    @Test func aMissingCommandIsNamedWithTheDirectoriesSearched() async throws {
        let env: ValueDict = ["PATH": "/swansible-nowhere"]
        let getent = try await runLocal("getent", ["database": "passwd"], environment: env)
        #expect(getent.failed)
        #expect(getent.message == "Failed to find required executable \"getent\" in paths: /swansible-nowhere:/sbin:/usr/sbin:/usr/local/sbin")
        let debconf = try await runLocal("debconf", ["name": "man-db"], environment: env)
        #expect(debconf.failed)
        #expect(debconf.message == "Failed to find required executable \"debconf-show\" in paths: /swansible-nowhere:/sbin:/usr/sbin:/usr/local/sbin")
    }

    @Test func debconfShowLinesLoseTheirSeenMarkAndSpaces() {
        let listing = "* man-db/install-setuid: false\n  man-db/auto-update: true\n  x/empty:\n  x/url: http://a:b\n"
        #expect(DebconfModule.selections(listing) == [
            "man-db/install-setuid": "false", "man-db/auto-update": "true", "x/empty": "", "x/url": "http://a:b",
        ])
    }

    @Test func aPasswordIsFoundAsAnsibleFindsIt() {
        let dump = "# comment\npkg\tpkg/other\tstring\tv\npkg\tpkg/pw\tpassword\tsecret\n"
        #expect(DebconfModule.passwordValue(dump, package: "pkg", question: "pkg/pw", vtype: "password") == "secret")
        #expect(DebconfModule.passwordValue(dump, package: "pkg", question: "pkg/none", vtype: "password") == nil)
        // The first of the package's lines with three fields or fewer stops the search.
        #expect(DebconfModule.passwordValue("pkg\tpkg/pw\tpassword\npkg\tpkg/x\tpassword\ty\n",
                                            package: "pkg", question: "pkg/x", vtype: "password") == "")
    }

    @Test func multiselectListsSortAsPythonSorts() {
        #expect(DebconfModule.pythonSorted(["b", "B", "a"]) == ["B", "a", "b"])
        #expect(DebconfModule.pythonSorted([3, 1.5, 2]) == [1.5, 2, 3])
        #expect(DebconfModule.pythonSorted(["a", 1]) == nil)
    }
}
