import Foundation
import Testing
@testable import Swansible

/// The pure text work of the posix and apt source modules: authorized_keys editing as
/// ansible.posix does it, apt source lines and the file names ansible-core derives from them.
@Suite struct AuthorizedKeysFileTests {
    static let alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@laptop"
    static let bob = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABob bob@desk"

    @Test func aNewKeyGoesAfterTheOtherLinesAndAGivenOneChangesNothing() throws {
        var file = AuthorizedKeysFile("# managed by hand\n\(Self.alice)\n")
        #expect(try file.apply(keys: Self.bob, state: "present", options: nil, comment: nil, exclusive: false))
        #expect(file.text == "# managed by hand\n\(Self.alice)\n\(Self.bob)\n")
        var again = AuthorizedKeysFile(file.text)
        #expect(try again.apply(keys: Self.bob, state: "present", options: nil, comment: nil, exclusive: false) == false)
    }

    @Test func differentOptionsReplaceTheKeyAndOptionOrderDoesNotMatter() throws {
        var file = AuthorizedKeysFile("\(Self.alice)\n\(Self.bob)\n")
        #expect(try file.apply(keys: Self.alice, state: "present", options: "no-pty,from=\"10.0.0.1,10.0.0.2\"", comment: nil, exclusive: false))
        #expect(file.text == "\(Self.bob)\nno-pty,from=\"10.0.0.1,10.0.0.2\" \(Self.alice)\n")
        var again = AuthorizedKeysFile(file.text)
        #expect(try again.apply(keys: Self.alice, state: "present", options: "from=\"10.0.0.1,10.0.0.2\",no-pty", comment: nil, exclusive: false) == false)
    }

    @Test func aKeyWithoutCommentIsWrittenWithTheTrailingSpaceAnsibleWrites() throws {
        var file = AuthorizedKeysFile("")
        #expect(try file.apply(keys: "ssh-ed25519 AAAAKEY", state: "present", options: nil, comment: nil, exclusive: false))
        #expect(file.text == "ssh-ed25519 AAAAKEY \n")
        var commented = AuthorizedKeysFile(file.text)
        #expect(try commented.apply(keys: "ssh-ed25519 AAAAKEY", state: "present", options: nil, comment: "ops", exclusive: false))
        #expect(commented.text == "ssh-ed25519 AAAAKEY ops\n")
    }

    @Test func absentRemovesTheKeyWhateverItsOptionsAndExclusiveLeavesOnlyTheGivenKeys() throws {
        var file = AuthorizedKeysFile("# note\n\nno-pty \(Self.alice)\n\(Self.bob)\n")
        #expect(try file.apply(keys: Self.alice, state: "absent", options: nil, comment: nil, exclusive: false))
        #expect(file.text == "# note\n\n\(Self.bob)\n")
        #expect(try file.apply(keys: Self.alice, state: "absent", options: nil, comment: nil, exclusive: false) == false)
        var exclusive = AuthorizedKeysFile("# note\n\(Self.alice)\n\(Self.bob)\n")
        #expect(try exclusive.apply(keys: "\(Self.bob)\n# a comment\n\n", state: "present", options: nil, comment: nil, exclusive: true))
        #expect(exclusive.text == "\(Self.bob)\n")
    }

    @Test func anInvalidKeyIsRefusedWithTheLine() {
        var file = AuthorizedKeysFile("")
        #expect(throws: AuthorizedKeysFile.InvalidKey.self) {
            try file.apply(keys: "not a key", state: "present", options: nil, comment: nil, exclusive: false)
        }
    }
}

@Suite struct AptSourcesListTests {
    @Test func theFileNameComesFromTheURIAsAnsibleCoreDerivesIt() {
        #expect(AptSourcesList.suggestedFilename("deb http://dl.google.com/linux/chrome/deb/ stable main") == "dl_google_com_linux_chrome_deb.list")
        #expect(AptSourcesList.suggestedFilename("deb [arch=amd64 signed-by=/k.asc] https://user:pw@download.docker.com/linux/debian bookworm stable")
                == "download_docker_com_linux_debian.list")
        #expect(AptSourcesList.suggestedFilename("deb-src http://ppa.launchpad.net/nginx/stable/ubuntu jammy main") == "ppa_launchpad_net_nginx_stable_ubuntu.list")
    }

    @Test func linesAreReadEnabledOrCommentedWithTheirComments() {
        let line = AptSourcesList.Line("#deb   http://x/debian  bookworm main # old mirror\n")
        #expect(line.valid && !line.enabled && line.source == "deb http://x/debian bookworm main" && line.comment == "old mirror")
        #expect(line.text == "# deb http://x/debian bookworm main # old mirror\n")
        #expect(!AptSourcesList.Line("# just a note").valid)
    }

    @Test func aPresentSourceAnywhereIsEnabledInPlaceElseItGetsItsOwnFile() throws {
        var list = AptSourcesList(files: [("/etc/apt/sources.list", "# note\n# deb http://x/debian bookworm main\n")])
        try list.add("deb  http://x/debian bookworm main", file: nil)
        #expect(list.dump == ["/etc/apt/sources.list": "# note\ndeb http://x/debian bookworm main\n"])
        try list.add("deb http://y.example/repo stable main", file: nil)
        #expect(list.dump["/etc/apt/sources.list.d/y_example_repo.list"] == "deb http://y.example/repo stable main\n")
        #expect(list.newFiles == ["/etc/apt/sources.list.d/y_example_repo.list"])
        let before = list.dump
        try list.add("deb http://y.example/repo stable main", file: "other.list")
        #expect(list.dump == before, "already present: nothing changes, whatever the file name")
    }

    @Test func absentRemovesEveryEnabledLineAndAnEmptiedFileIsGone() throws {
        var list = AptSourcesList(files: [("/etc/apt/sources.list.d/a.list", "deb http://y/r s main\n"),
                                          ("/etc/apt/sources.list", "deb http://y/r s main\n# deb http://y/r s main\n")])
        try list.remove("deb http://y/r s main")
        #expect(list.dump == ["/etc/apt/sources.list": "# deb http://y/r s main\n"])
        #expect(throws: AptSourcesList.InvalidSource.self) { try list.remove("http://y/r s main") }
    }
}

@Suite struct AptPackageListingTests {
    @Test func installedPackagesGetAnsibleCoresAptFieldsWithTheirArchivesOrigin() {
        let output = """
            native=amd64
            ii \tbash\tamd64\t5.2.15-2+b2\tshells
            ii \tlibc6\ti386\t2.36-9\tlibs
            rc \told\tamd64\t1.0\tutils
            --swansible-policy--
            bash:
              Installed: 5.2.15-2+b2
              Candidate: 5.2.15-2+b2
              Version table:
             *** 5.2.15-2+b2 500
                    500 http://deb.debian.org/debian bookworm/main amd64 Packages
                    100 /var/lib/dpkg/status
            libc6:i386:
              Installed: 2.36-9
              Candidate: 2.36-9
              Version table:
             *** 2.36-9 100
                    100 /var/lib/dpkg/status
            --swansible-release--
            deb.debian.org_debian_dists_bookworm_InRelease\tDebian

            """
        let facts = AptPackageListing(output).facts
        #expect(facts["bash"] == [["arch": "amd64", "category": "shells", "name": "bash", "origin": "Debian", "source": "apt", "version": "5.2.15-2+b2"]])
        #expect(facts["libc6:i386"] == [["arch": "i386", "category": "libs", "name": "libc6:i386", "origin": "", "source": "apt", "version": "2.36-9"]])
        #expect(facts["old"] == nil, "only configuration files are left: not installed")
    }
}

@Suite struct Deb822RepositoryTextTests {
    @Test func fieldsComeInTheOrderOfTheOptionNamesAsAnsibleCoreWritesThem() throws {
        let v = Deb822RepositoryModule.spec.validate([
            "name": "Docker CE", "uris": "https://download.docker.com/linux/debian", "suites": "bookworm",
            "components": ["stable"], "enabled": true, "date_max_future": 10,
            "signed_by": "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEYCQ\n-----END PGP PUBLIC KEY BLOCK-----\n",
        ], module: "deb822_repository")
        #expect(v.isValid, "\(v.problems)")
        let text = Deb822RepositoryModule.text(v.arguments, signedBy: v.arguments["signed_by"]?.stringValue)
        #expect(text == """
            Components: stable
            Date-Max-Future: 10
            Enabled: yes
            X-Repolib-Name: Docker CE
            Signed-By:
                -----BEGIN PGP PUBLIC KEY BLOCK-----
                .
                mDMEYCQ
                -----END PGP PUBLIC KEY BLOCK-----
            Suites: bookworm
            Types: deb
            URIs: https://download.docker.com/linux/debian

            """)
        #expect(Deb822RepositoryModule.slug("Docker CE_stable!") == "docker-ce-stable")
    }
}

@Suite struct AptKeyReadingTests {
    @Test func keyIdsAreReadAsAnsibleCoreReadsThem() {
        #expect(AptKeyModule.parseKeyID("0x473041fa")! == ("473041FA", "473041FA", "473041FA"))
        let long = AptKeyModule.parseKeyID("9FED2BCBDCD29CDF762678CBAED4B06F473041FA")!
        #expect(long == ("473041FA", "AED4B06F473041FA", "9FED2BCBDCD29CDF762678CBAED4B06F473041FA"))
        #expect(AptKeyModule.parseKeyID("473041FA0") == nil, "neither 8, 16 nor more than 16 digits")
        #expect(AptKeyModule.parseKeyID("nothex00") == nil)
    }

    @Test func theListingGivesTheIdsOfKeysThatAreNotExpired() {
        let out = """
            missing=no
            --swansible-keys--
            /etc/apt/trusted.gpg
            --------------------
            pub   rsa4096/AED4B06F473041FA 2012-04-27 [SC] [expires: 2030-04-25]
                  9FED2BCBDCD29CDF762678CBAED4B06F473041FA
            uid                 [ unknown] Debian Archive Automatic Signing Key
            sub   rsa4096/0123456789ABCDEF 2012-04-27 [S] [expired: 2020-01-01]
            listed=1
            """
        #expect(AptKeyModule.listing(out, shortFormat: false) == ["AED4B06F473041FA"])
        #expect(AptKeyModule.listing(out, shortFormat: true) == ["473041FA"])
        #expect(AptKeyModule.listing("--swansible-keys--\n", shortFormat: false) == nil, "apt-key did not answer")
    }
}

@Suite struct AclEntryTests {
    @Test func entriesAreSplitAsAnsiblePosixSplitsThem() {
        let d = AclModule.splitEntry("default:user:joe:rw-")
        #expect(d.isDefault && d.etype == "user" && d.entity == "joe" && d.permissions == "rw-")
        let g = AclModule.splitEntry("g:ops")
        #expect(!g.isDefault && g.etype == "group" && g.entity == "ops" && g.permissions == nil)
        #expect(AclModule.splitEntry("x:joe:r").etype == nil)
    }
}
