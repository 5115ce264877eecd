import Foundation
import Testing
@testable import Swansible

/// apt's declarations, the plan's decisions and its script, run locally against fake
/// `apt-get`, `apt-cache`, `dpkg-query` and `apt-mark` that answer from files; and package/dnf.
@Suite struct AptModuleTests {
    // MARK: - Declarations

    @Test func argumentsFollowAnsibleCoresSpec() throws {
        let v = AptModule.spec.validate(["pkg": "tree,hello", "update-cache": "yes", "allow-downgrades": true], module: "apt")
        #expect(v.isValid, "\(v.problems)")
        #expect(v.arguments["name"] == ["tree", "hello"])
        #expect(v.arguments["update_cache"] == true)
        #expect(v.arguments["allow_downgrade"] == true)
        #expect(v.arguments["state"] == "present")
        #expect(v.arguments["cache_valid_time"] == 0)
        #expect(v.arguments["lock_timeout"] == 60)
        #expect(v.arguments["dpkg_options"] == "force-confdef,force-confold")
        #expect(v.arguments["upgrade"] == "no")
        #expect(v.arguments["install_recommends"] == nil)
        #expect(AptModule.spec.validate(["name": "x", "state": "installed"], module: "apt").message?.contains("state") == true)
        #expect(AptModule.spec.validate(["name": "x", "deb": "/tmp/x.deb"], module: "apt").message?.contains("mutually exclusive") == true)
    }

    @Test func everyNameIsRegisteredWithDocumentation() throws {
        for name in ["apt", "ansible.builtin.apt", "package", "ansible.builtin.package", "dnf", "yum", "ansible.builtin.yum"] {
            let module = try #require(ModuleRegistry.module(named: name), "\(name)")
            #expect(!module.documentation.shortDescription.isEmpty)
            #expect(module.spec.arguments.allSatisfy { $0.description != nil }, "\(name)")
        }
        #expect(PackageModule.spec.arguments.contains { $0.name == "use" })
    }

    // MARK: - Plan

    @Test func packageSpecsSplitNameComparisonAndVersion() {
        let exact = AptPlan.PackageSpec("nginx=1.22*")
        #expect([exact.name, exact.comparison, exact.version] == ["nginx", "=", "1.22*"])
        let least = AptPlan.PackageSpec("nginx>=1.22")
        #expect([least.name, least.comparison, least.version] == ["nginx", ">=", "1.22"])
        let plain = AptPlan.PackageSpec("tree")
        #expect([plain.name, plain.comparison, plain.version] == ["tree", "", ""])
        #expect(!exact.isPattern)
        let pattern = AptPlan.PackageSpec("python3-*")
        #expect(pattern.isPattern)
        #expect(pattern.nameRegex == "python3-.*")
        #expect(AptPlan.PackageSpec("lib[!x]c?.so").nameRegex == "lib[^x]c.\\.so")
    }

    @Test func refusedRequestsFailBeforeTheHost() {
        func message(_ args: ValueDict) -> String? {
            let validated = AptModule.spec.validate(args, module: "apt").arguments
            if case .failure(let problem) = AptModule.plan(from: ModuleArguments(validated.values)) { return problem.message }
            return nil
        }
        #expect(message(["name": "a=1=2"]) == "invalid package spec: a=1=2")
        #expect(message(["name": ["*", "tree"], "state": "latest"]) == "unable to install additional packages when upgrading all installed packages")
        #expect(message(["deb": "/x.deb", "state": "absent"]) == "deb only supports state=present")
        #expect(message(["name": "*", "state": "latest"]) == nil)
    }

    @Test func scriptRefreshesOnlyWhenAskedAndSimulatesInCheckMode() throws {
        var plan = AptPlan()
        plan.packages = [AptPlan.PackageSpec("tree")]
        let plain = plan.script(checkMode: false)
        #expect(!plain.contains(" update -q"))
        #expect(!plain.contains("--simulate"))
        plan.updateCache = true
        plan.cacheValidTime = 3600
        let checked = plan.script(checkMode: true)
        #expect(checked.contains(" update -q"))
        #expect(checked.contains("valid=3600"))
        #expect(checked.contains("--simulate"))
        #expect(checked.contains("export DEBIAN_FRONTEND=noninteractive"))
        #expect(!checked.contains("apt-mark manual"), "check mode marks nothing")
    }

    @Test func preparedDiffIsAptGetsSummary() {
        let out = "Reading package lists...\nBuilding dependency tree...\nReading state information...\nThe following NEW packages will be installed:\n  tree\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\nInst tree\n"
        #expect(AptPlan.preparedDiff(out).prepared == "The following NEW packages will be installed:\n  tree\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.")
        #expect(UnifiedDiff.render(AptPlan.preparedDiff("x\n")) == "x\n")
    }

    // MARK: - The script against a fake apt

    static let fakeTools: [String: String] = [
        "apt-get": #"""
            #!/bin/sh
            echo "apt-get $*" >> "$FAKE_APT/log"
            echo "Reading package lists..."
            case " $* " in *" install "*)
              for w in "$@"; do case $w in *=*) case $w in -*|Dpkg*|DPkg*|APT*) ;; *) n=${w%%=*}; v=${w#*=}; echo "Inst $n ($v)"; [ -n "$FAKE_SIM" ] || case " $* " in *" --simulate "*) ;; *) echo "ii |$v" > "$FAKE_APT/status/$n" ;; esac ;; esac ;; esac; done
              echo "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded." ;;
            *" remove "*) echo "Remv"; echo "0 upgraded, 0 newly installed, 1 to remove and 0 not upgraded." ;;
            *upgrade*|*autoremove*|*build-dep*) echo "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded." ;;
            esac
            """#,
        "dpkg-query": #"""
            #!/bin/sh
            for n; do :; done
            [ -e "$FAKE_APT/status/$n" ] || { echo "dpkg-query: no packages found matching $n" >&2; exit 1; }
            cat "$FAKE_APT/status/$n"
            """#,
        "apt-cache": #"""
            #!/bin/sh
            case $1 in
            policy) for n; do :; done; [ -e "$FAKE_APT/policy/$n" ] && cat "$FAKE_APT/policy/$n" ;;
            showpkg) for n; do :; done; echo "Package: $n"; echo "Reverse Provides: "; [ -e "$FAKE_APT/provides/$n" ] && cat "$FAKE_APT/provides/$n" ;;
            pkgnames) ls "$FAKE_APT/policy" ;;
            esac
            exit 0
            """#,
        "apt-mark": #"""
            #!/bin/sh
            echo "apt-mark $*" >> "$FAKE_APT/log"
            """#,
    ]

    /// A package apt knows: `versions` newest first, `installed` among them or nil.
    static func policy(_ name: String, versions: [String], installed: String?) -> String {
        var s = "\(name):\n  Installed: \(installed ?? "(none)")\n  Candidate: \(versions.first ?? "(none)")\n  Version table:\n"
        for v in versions {
            s += (v == installed ? " *** " : "     ") + v + " 500\n        500 http://deb.debian.org/debian bookworm/main amd64 Packages\n"
        }
        return s
    }

    struct Host {
        let dir: ScratchDirectory

        init() async throws {
            dir = try ScratchDirectory()
            for sub in ["bin", "status", "policy", "provides"] {
                try FileManager.default.createDirectory(atPath: dir.file(sub), withIntermediateDirectories: true)
            }
            for (tool, text) in AptModuleTests.fakeTools {
                let path = dir.file("bin/" + tool)
                let body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " } }.joined(separator: "\n")
                // Written by a child process, so no write descriptor of this process leaks into a fork.
                _ = try await LocalConnection().exec("cat > \(ShellQuote.quote(path)) && chmod 755 \(ShellQuote.quote(path))", stdin: Data((body + "\n").utf8))
            }
        }

        func package(_ name: String, versions: [String], installed: String? = nil) throws {
            try dir.write("policy/" + name, AptModuleTests.policy(name, versions: versions, installed: installed))
            if let installed { try dir.write("status/" + name, "ii |\(installed)\n") }
        }

        let connection = CountingConnection()

        func run(_ args: ValueDict, module: String = "apt", checkMode: Bool = false) async throws -> ModuleResult {
            let env: ValueDict = [
                "PATH": .string(dir.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")),
                "FAKE_APT": .string(dir.path),
            ]
            return try await runLocal(module, args, checkMode: checkMode, connection: connection, environment: env)
        }

        var log: [String] { ((try? dir.read("log")) ?? "").split(separator: "\n").map(String.init) }
    }

    static var hostHasDpkg: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg") }

    @Test(.enabled(if: hostHasDpkg)) func installsOnceThenChangesNothing() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.package("tree", versions: ["2.1.0-1"])
        let first = try await host.run(["name": "tree"])
        #expect(first.changed && !first.failed, "\(first.message ?? "") \(first.fields)")
        #expect(first.fields["stdout"]?.stringValue?.contains("Inst tree (2.1.0-1)") == true)
        #expect(first.fields["cache_updated"] == false)
        #expect(host.log.contains { $0.hasPrefix("apt-get -y -o Dpkg::Options::=--force-confdef") && $0.hasSuffix("install tree=2.1.0-1") }, "\(host.log)")
        let second = try await host.run(["name": "tree"])
        #expect(!second.changed && !second.failed, "\(second.message ?? "")")
        #expect(second.fields["stdout"] == nil)
        #expect(host.log.filter { $0.hasPrefix("apt-get") }.count == 1, "\(host.log)")
        #expect(await host.connection.count == 2, "one round trip per task")
    }

    @Test(.enabled(if: hostHasDpkg)) func checkModeSimulatesAndLatestUpgrades() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.package("tree", versions: ["2.2", "2.1"], installed: "2.1")
        let present = try await host.run(["name": "tree"], checkMode: true)
        #expect(!present.changed, "installed is enough for present")
        let latest = try await host.run(["name": "tree", "state": "latest"], checkMode: true)
        #expect(latest.changed)
        #expect(host.log.last?.contains("--simulate install tree=2.2") == true, "\(host.log)")
        #expect(try host.dir.read("status/tree") == "ii |2.1\n", "check mode changed the host")
    }

    @Test(.enabled(if: hostHasDpkg)) func versionPatternsPickTheNewestMatch() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.package("nginx", versions: ["1.24-1", "1.22-3", "1.22-1"], installed: "1.24-1")
        let pinned = try await host.run(["name": "nginx=1.22*", "allow_downgrade": true])
        #expect(pinned.changed, "\(pinned.message ?? "")")
        #expect(host.log.contains { $0.contains("install nginx=1.22-3 --allow-downgrades") }, "\(host.log)")
        let again = try await host.run(["name": "nginx=1.22*"])
        #expect(!again.changed)
        let atLeast = try await host.run(["name": "nginx>=1.20"])
        #expect(!atLeast.changed)
        let none = try await host.run(["name": "nginx=2.*"])
        #expect(none.failed && none.message == "no available installation candidate for nginx=2.*")
    }

    @Test(.enabled(if: hostHasDpkg)) func unknownPackagesFailAsAnsibleCoreSays() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        let unknown = try await host.run(["name": "nosuch"])
        #expect(unknown.failed && unknown.message == "No package matching 'nosuch' is available")
        let pattern = try await host.run(["name": "nosuch-*"])
        #expect(pattern.failed && pattern.message == "No package(s) matching 'nosuch-*' available")
        // Absent: nothing to do for what apt does not know.
        let absent = try await host.run(["name": "nosuch", "state": "absent"])
        #expect(!absent.failed && !absent.changed)
        #expect(absent.fields["cache_updated"] == nil, "remove reports no cache fields, as ansible-core")
    }

    @Test(.enabled(if: hostHasDpkg)) func absentRemovesInstalledPackagesOnly() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.package("tree", versions: ["2.1"], installed: "2.1")
        try host.package("hello", versions: ["2.10"])
        let removed = try await host.run(["name": ["tree", "hello"], "state": "absent", "purge": true])
        #expect(removed.changed, "\(removed.message ?? "")")
        #expect(host.log.last?.hasSuffix("--purge remove tree") == true, "\(host.log)")
    }

    @Test(.enabled(if: hostHasDpkg)) func virtualPackagesLetAptChoose() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.dir.write("policy/mta", "mta:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n")
        try host.dir.write("provides/mta", "exim4 4.96 (= )\npostfix 3.7 (= )\n")
        let r = try await host.run(["name": "mta"], checkMode: true)
        #expect(r.changed)
        #expect(host.log.last?.hasSuffix("install mta") == true, "\(host.log)")
    }

    @Test(.enabled(if: hostHasDpkg)) func onlyUpgradeLeavesMissingPackagesAlone() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        try host.package("tree", versions: ["2.2", "2.1"])
        let r = try await host.run(["name": "tree", "only_upgrade": true, "state": "latest"])
        #expect(!r.changed && !r.failed, "\(r.message ?? "")")
        #expect(!host.log.contains { $0.hasPrefix("apt-get") }, "\(host.log)")
    }

    @Test(.enabled(if: hostHasDpkg)) func systemWideOperationsReportApts() async throws {
        let host = try await Host(); defer { host.dir.cleanup() }
        let upgrade = try await host.run(["upgrade": "dist", "force_apt_get": true], checkMode: true)
        #expect(!upgrade.changed && !upgrade.failed, "\(upgrade.message ?? "")")
        #expect(upgrade.message?.contains("0 upgraded") == true, "the output is msg, as in ansible-core")
        #expect(host.log.last?.hasSuffix("--simulate dist-upgrade") == true, "\(host.log)")
        let autoremove = try await host.run(["autoremove": true])
        #expect(!autoremove.changed && !autoremove.failed)
        #expect(host.log.last?.hasSuffix("autoremove") == true, "\(host.log)")
        let buildDep = try await host.run(["name": "tree", "state": "build-dep"])
        #expect(!buildDep.changed, "apt-get's zero summary: nothing built")
        #expect(host.log.last?.contains("build-dep tree") == true, "\(host.log)")
    }

    // MARK: - package and dnf

    @Test func packageFollowsTheHostsManager() async throws {
        let connection = RecordingConnection()
        var templar = FakeTemplar()
        templar.variables["ansible_package_use"] = "unknown"
        let context = ModuleContext(hostName: "h", connection: connection, templar: templar)
        let r = try await ModuleRegistry.run("package", arguments: ["name": "tree"], in: context)
        #expect(r.failed)
        #expect(r.message?.contains("no package manager module for this host") == true, "\(r.message ?? "")")
        #expect(await connection.commands.isEmpty, "known facts need no round trip")
    }

    @Test func packageWithoutAptGetSaysSo() async throws {
        let connection = RecordingConnection(stdouts: ["other=rpm-ostree\nfail=noaptget\n"])
        let context = ModuleContext(hostName: "h", connection: connection, templar: FakeTemplar())
        let r = try await ModuleRegistry.run("package", arguments: ["name": "tree", "state": "present"], in: context)
        #expect(r.failed)
        #expect(r.message?.contains("no package manager module for this host (it has rpm-ostree)") == true, "\(r.message ?? "")")
        #expect(await connection.commands.count == 1)
    }

    @Test func dnfAndYumAreNotAvailable() async throws {
        let connection = RecordingConnection(stdouts: [""])
        let context = ModuleContext(hostName: "h", connection: connection, templar: FakeTemplar())
        let r = try await ModuleRegistry.run("ansible.builtin.yum", arguments: ["name": "httpd", "state": "present"], in: context)
        #expect(r.failed && r.message?.contains("not available on this host") == true)
        #expect(DnfModule.failure(found: "dnf").message?.contains("does not implement dnf") == true)
        let bad = try await ModuleRegistry.run("dnf", arguments: ["name": "x", "state": "gone"], in: context)
        #expect(bad.failed && bad.message?.contains("state") == true, "arguments are still validated")
    }
}

/// The local machine as the host, counting the commands (round trips) sent to it.
actor CountingConnection: Connection {
    private(set) var count = 0
    private let local = LocalConnection()

    func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        count += 1
        return try await local.exec(command, stdin: stdin)
    }

    func put(_ data: Data, to path: String, mode: Int) async throws { try await local.put(data, to: path, mode: mode) }
    func get(_ path: String) async throws -> Data { try await local.get(path) }
    func close() async {}
}
