import Testing
@testable import Swansible

/// alternatives: what Debian's `update-alternatives --display` says, and the commands,
/// messages and diff community.general's module derives from it.
@Suite struct AlternativesTests {
    static let pager = """
        pager - manual mode
          link best version is /usr/bin/less
          link currently points to /bin/more
          link pager is /usr/bin/pager
          slave pager.1.gz is /usr/share/man/man1/pager.1.gz
        /bin/more - priority 50
          slave pager.1.gz: /usr/share/man/man1/more.1.gz
        /usr/bin/less - priority 77
          slave pager.1.gz: (null)

        """

    func plan(_ path: String?, state: String = "selected", priority: Int? = nil, link: String? = nil) -> AlternativesPlan {
        AlternativesPlan(name: "pager", path: path, family: nil, link: link, priority: priority, state: state, subcommands: nil)
    }

    @Test func theDisplayGivesModeCurrentPathLinkAndAlternatives() {
        let display = AlternativesDisplay(Self.pager, name: "pager")
        #expect(display.mode == "manual" && display.currentPath == "/bin/more" && display.currentLink == "/usr/bin/pager")
        #expect(display.alternatives == [
            "/bin/more": .init(priority: 50, family: "", subcommands: [
                .init(name: "pager.1.gz", path: "/usr/share/man/man1/more.1.gz", link: "/usr/share/man/man1/pager.1.gz"),
            ]),
            "/usr/bin/less": .init(priority: 77, family: "", subcommands: []),
        ])
        #expect(AlternativesDisplay("java - status is auto.\n/usr/lib/jvm/17/bin/java - family java priority 1700\n", name: "java").alternatives
                == ["/usr/lib/jvm/17/bin/java": .init(priority: 1700, family: "java", subcommands: [])])
    }

    @Test func selectingTheCurrentAlternativeDoesNothingAndAnotherIsSet() throws {
        let display = AlternativesDisplay(Self.pager, name: "pager")
        #expect(try plan("/bin/more").steps(display, pathExists: true, diffMode: false).get() == .init())
        let other = try plan("/usr/bin/less").steps(display, pathExists: true, diffMode: true).get()
        #expect(other.commands == [["--set", "pager", "/usr/bin/less"]])
        #expect(other.messages == ["Set alternative '/usr/bin/less' for 'pager'."])
        #expect(other.before == ["state": "selected", "path": "/usr/bin/less", "priority": 77, "link": "/usr/bin/pager"])
        #expect(other.after == ["state": "selected"])
    }

    @Test func aNewOrReprioritisedAlternativeIsInstalledWithTheGroupsLink() throws {
        let display = AlternativesDisplay(Self.pager, name: "pager")
        let steps = try plan("/usr/bin/most", state: "present").steps(display, pathExists: true, diffMode: false).get()
        #expect(steps.commands == [["--install", "/usr/bin/pager", "pager", "/usr/bin/most", "50"]])
        #expect(steps.messages == ["Install alternative '/usr/bin/most' for 'pager'."])
        let again = try plan("/bin/more", state: "auto", priority: 60).steps(display, pathExists: true, diffMode: false).get()
        #expect(again.commands == [["--install", "/usr/bin/pager", "pager", "/bin/more", "60"], ["--auto", "pager"]])
        #expect(again.messages == ["Install alternative '/bin/more' for 'pager'.", "Set alternative to auto for 'pager'."])
    }

    @Test func givenSubcommandsThatDifferReinstall() throws {
        let display = AlternativesDisplay(Self.pager, name: "pager")
        var same = plan("/bin/more")
        same.subcommands = [.init(name: "pager.1.gz", path: "/usr/share/man/man1/more.1.gz", link: "/usr/share/man/man1/pager.1.gz")]
        #expect(try same.steps(display, pathExists: true, diffMode: false).get().commands.isEmpty)
        var other = same
        other.subcommands = []
        #expect(try other.steps(display, pathExists: true, diffMode: false).get().commands == [["--install", "/usr/bin/pager", "pager", "/bin/more", "50"]])
    }

    @Test func absentRemovesOnlyAnInstalledAlternative() throws {
        let display = AlternativesDisplay(Self.pager, name: "pager")
        let steps = try plan("/bin/more", state: "absent").steps(display, pathExists: true, diffMode: false).get()
        #expect(steps.commands == [["--remove", "pager", "/bin/more"]] && steps.messages == ["Remove alternative '/bin/more' from 'pager'."])
        #expect(try plan("/usr/bin/most", state: "absent").steps(display, pathExists: true, diffMode: false).get() == .init())
    }

    @Test func installingNeedsThePathAndALink() {
        let unknown = AlternativesDisplay()
        #expect(plan("/usr/bin/most").steps(unknown, pathExists: false, diffMode: false)
                == .failure(.init(message: "Specified path /usr/bin/most does not exist")))
        #expect(plan("/usr/bin/most").steps(unknown, pathExists: true, diffMode: false)
                == .failure(.init(message: "Needed to install the alternative, but unable to do so as we are missing the link")))
        #expect(AlternativesPlan.subcommands(.list([["name": "x", "path": "/x"]]))
                == .failure(.init(message: "missing required arguments: link found in subcommands")))
    }
}
