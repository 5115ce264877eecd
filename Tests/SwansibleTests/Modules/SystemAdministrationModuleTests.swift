import Foundation
import Testing
@testable import Swansible

/// user, group, sysctl and wait_for_connection without a host: their declarations, the
/// commands they plan from what a probe reported, and sysctl's file edit run locally.
@Suite struct SystemAdministrationModuleTests {
    static func arguments(_ module: any Module.Type, _ args: ValueDict) throws -> ModuleArguments {
        let validation = module.spec.validate(args, module: module.names[0])
        if let message = validation.message { throw ArgumentMessage(text: message) }
        return validation.arguments
    }

    struct ArgumentMessage: Error { var text: String }

    static let carol = "passwd=carol:x:1001:1001:Carol:/home/carol:/bin/sh\nshadow=carol:$6$a$b:20000:0:99999:7:::\nmember=devs\nhome_exists=1\n"

    @Test func collectionNamesAnswerOnlyAsThemselves() {
        #expect(ModuleRegistry.module(named: "ansible.posix.sysctl") == SysctlModule.self)
        #expect(ModuleRegistry.module(named: "ansible.builtin.sysctl") == SysctlModule.self)
        #expect(ModuleRegistry.module(named: "ansible.builtin.ansible.posix.sysctl") == nil)
        #expect(ModuleDocs.listing.allSatisfy { !$0.name.contains("posix") })
        #expect(ModuleRegistry.module(named: "ansible.builtin.user") == UserModule.self)
        #expect(ModuleRegistry.module(named: "ansible.legacy.wait_for_connection") == WaitForConnectionModule.self)
    }

    @Test func argumentRulesFollowAnsible() throws {
        #expect(throws: ArgumentMessage.self) { try Self.arguments(GroupModule.self, ["name": "g", "non_unique": true]) }
        #expect(throws: ArgumentMessage.self) { try Self.arguments(SysctlModule.self, ["name": "vm.swappiness"]) }
        let user = try Self.arguments(UserModule.self, ["user": "carol", "createhome": false])
        #expect(user.string("name") == "carol" && !user.bool("create_home") && user.string("update_password") == "always")
        #expect(UserModule.spec.arguments.first { $0.name == "password" }?.noLog == true)
        let sysctl = try Self.arguments(SysctlModule.self, ["key": "vm.swappiness", "val": 5])
        #expect(sysctl.string("value") == "5" && sysctl.string("sysctl_file") == "/etc/sysctl.conf" && sysctl.bool("reload"))
    }

    @Test func userModificationComparesWithTheAccount() throws {
        let args = try Self.arguments(UserModule.self, [
            "name": "carol", "shell": "/bin/bash", "groups": ["ops", "devs"], "append": true, "comment": "Carol",
            "password": "$6$a$b", "password_lock": true,
        ])
        let account = UserAccountState(report: ScriptReport(Self.carol + "group.0=ops:x:1010:\ngroup.1=devs:x:1011:carol\n"))
        guard case .success(let plan) = UserRequest(args).modification(account) else { Issue.record("no plan"); return }
        #expect(plan.command == ["usermod", "-a", "-G", "ops,devs", "-s", "/bin/bash", "-L", "carol"])
        #expect(plan.password == nil && plan.chage == nil)
    }

    @Test func convergedUserPlansNothingAndAMissingGroupFails() throws {
        let same = try Self.arguments(UserModule.self, ["name": "carol", "shell": "/bin/sh", "comment": "Carol", "uid": 1001, "password": "$6$a$b"])
        let account = UserAccountState(report: ScriptReport(Self.carol))
        guard case .success(let plan) = UserRequest(same).modification(account) else { Issue.record("no plan"); return }
        #expect(!plan.acts)
        let missing = try Self.arguments(UserModule.self, ["name": "carol", "groups": ["nope"]])
        guard case .failure(let problem) = UserRequest(missing).modification(account) else { Issue.record("planned"); return }
        #expect(problem.text == "Group nope does not exist")
    }

    @Test func userCreationPassesTheHashOnStandardInputOnly() throws {
        let args = try Self.arguments(UserModule.self, [
            "name": "dave", "password": "$6$secret$hash", "system": true, "create_home": false, "expires": 1893456000,
        ])
        let request = UserRequest(args)
        let account = UserAccountState(report: ScriptReport("user_group=1\n"))
        guard case .success(let plan) = request.creation(account) else { Issue.record("no plan"); return }
        #expect(plan.command == ["useradd", "-N", "-e", "2030-01-01", "-M", "-r", "dave"])
        #expect(plan.password == "$6$secret$hash")
        let script = plan.script(request).text
        #expect(!script.contains("secret") && !request.probeScript.contains("secret"))
        #expect(script.contains("chpasswd -e"))
    }

    @Test func groupStepsOnlyWhenTheGroupDiffers() throws {
        let args = try Self.arguments(GroupModule.self, ["name": "devs", "gid": 2345, "system": true])
        #expect(GroupModule.steps(args, name: "devs", present: true, current: nil) == [["groupadd", "-g", "2345", "-r", "devs"]])
        #expect(GroupModule.steps(args, name: "devs", present: true, current: GroupEntry("devs:x:2345:")) == nil)
        #expect(GroupModule.steps(args, name: "devs", present: true, current: GroupEntry("devs:x:99:")) == [["groupmod", "-g", "2345", "devs"]])
        #expect(GroupModule.steps(args, name: "devs", present: false, current: nil) == nil)
    }

    @Test func sysctlFileIsRewrittenAsAnsiblePosixDoes() {
        var edit = SysctlFileEdit(lines: ["# kept", " kernel.panic = 3", "kernel.panic=4", "", "vm.swappiness=60"])
        let plan = edit.plan(name: "vm.swappiness", value: "10", present: true, running: "60", reload: false, setRunning: true)
        #expect(plan == SysctlFileEdit.Plan(changed: true, writeFile: true, setRunning: true))
        #expect(edit.text == "# kept\nkernel.panic=3\n\nvm.swappiness=10\n")
        var same = SysctlFileEdit(lines: ["vm.swappiness = 10"])
        #expect(!same.plan(name: "vm.swappiness", value: "10", present: true, running: "10", reload: true, setRunning: true).changed)
        var stale = SysctlFileEdit(lines: ["vm.swappiness = 10"])
        #expect(stale.plan(name: "vm.swappiness", value: "10", present: true, running: "60", reload: true, setRunning: false)
                == SysctlFileEdit.Plan(changed: true, writeFile: false, setRunning: false))
        #expect(SysctlModule.parseValue("Yes") == "1" && SysctlModule.parseValue(.bool(false)) == "0" && SysctlModule.parseValue(" 4 5 ") == "4 5")
    }

    @Test func sysctlEditsALocalFileOnceAndCheckModeLeavesIt() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.cleanup() }
        try scratch.write("s.conf", "# mine\nfs.file-max = 100\n")
        let args: ValueDict = ["name": "swansible.test.key", "value": "7", "sysctl_file": .string(scratch.file("s.conf")), "reload": false]
        let checked = try await runLocal("sysctl", args, checkMode: true)
        #expect(checked.changed && !checked.failed)
        #expect(try scratch.read("s.conf") == "# mine\nfs.file-max = 100\n")
        let first = try await runLocal("ansible.posix.sysctl", args)
        #expect(first.changed && !first.failed, "\(first.message ?? "")")
        #expect(try scratch.read("s.conf") == "# mine\nfs.file-max=100\nswansible.test.key=7\n")
        let again = try await runLocal("sysctl", args)
        #expect(!again.changed && !again.failed)
    }

    @Test func waitForConnectionFailsWithAnsiblesMessageWhenTheHostNeverAnswers() async throws {
        let context = ModuleContext(hostName: "h", connection: RefusingConnection(), templar: FakeTemplar())
        let result = try await ModuleRegistry.run("wait_for_connection", arguments: ["timeout": 1, "sleep": 1], in: context)
        #expect(result.failed && result.message == "timed out waiting for ping module test: Failed to connect to the host via ssh: refused")
        // Seconds, not a bound: a loaded machine (the whole suite on two cores) may delay the tries.
        #expect((result.fields["elapsed"]?.intValue ?? -1) >= 1)
        let checked = try await ModuleRegistry.run(
            "wait_for_connection", arguments: [:],
            in: ModuleContext(hostName: "h", connection: RefusingConnection(), checkMode: true, templar: FakeTemplar()))
        #expect(checked.skipped && checked.message == nil)
    }

    @Test func aConvergedHostCostsOneRoundTrip() async throws {
        let user = RecordingConnection(stdouts: [Self.carol + "group.0=devs:x:2345:carol\n"])
        let u = try await runLocal("user", ["name": "carol", "shell": "/bin/sh", "comment": "Carol", "groups": ["devs"]], connection: user)
        #expect(!u.changed && !u.failed && u.fields["uid"] == 1001 && u.fields["groups"] == "devs")
        let group = RecordingConnection(stdouts: ["group=devs:x:2345:carol\n"])
        let g = try await runLocal("group", ["name": "devs", "gid": 2345], connection: group)
        #expect(!g.changed && g.fields["gid"] == 2345)
        let sysctl = RecordingConnection(stdouts: ["proc=1\nchanged=0\n\(SysctlModule.contentMarker)\nnet.ipv4.ip_forward = 1\n"])
        let s = try await runLocal("sysctl", ["name": "net.ipv4.ip_forward", "value": "1", "sysctl_set": true], connection: sysctl)
        #expect(!s.changed && !s.failed)
        for connection in [user, group, sysctl] { #expect(await connection.commands.count == 1) }
    }

    @Test func waitForConnectionReturnsOnTheFirstAnswer() async throws {
        let connection = RecordingConnection()
        let result = try await runLocal("wait_for_connection", [:], connection: connection)
        #expect(!result.failed && !result.changed && result.fields["elapsed"]?.intValue != nil)
        #expect(await connection.commands == ["/bin/sh -c true"])
    }
}

/// A host whose SSH port refuses every connection.
struct RefusingConnection: Connection {
    func exec(_ command: String, stdin: Data?) async throws -> CommandResult {
        throw ConnectionError(host: "h", message: "Failed to connect to the host via ssh: refused")
    }
    func put(_ data: Data, to path: String, mode: Int) async throws {}
    func get(_ path: String) async throws -> Data { Data() }
    func close() async {}
}
