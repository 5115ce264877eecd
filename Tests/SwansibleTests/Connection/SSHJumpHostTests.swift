import Foundation
import Testing
@testable import Swansible

/// ProxyJump as ssh reads it: `-J` or `-o ProxyJump=`, `[user@]host[:port]`, one hop or several.
@Suite struct SSHJumpHostTests {
    @Test func hopsAreReadAsSshWritesThem() throws {
        #expect(try SSHJumpHost(parsing: "core@bastion:2222") == SSHJumpHost(user: "core", address: "bastion", port: 2222))
        #expect(try SSHJumpHost(parsing: "bastion") == SSHJumpHost(address: "bastion"))
        #expect(try SSHJumpHost(parsing: "ops@[2001:db8::1]:2200") == SSHJumpHost(user: "ops", address: "2001:db8::1", port: 2200))
        #expect(try SSHJumpHost(parsing: "ssh://a@b:23") == SSHJumpHost(user: "a", address: "b", port: 23))
        #expect(try SSHJumpHost(parsing: "none") == nil)
        // Several hops: crossed in the order written, the last one holding the others.
        #expect(try SSHJumpHost(parsing: "a, core@b:2200") == SSHJumpHost(user: "core", address: "b", port: 2200, earlier: [SSHJumpHost(address: "a")]))
        let three = try #require(try SSHJumpHost(parsing: "a,b,c"))
        #expect(three.address == "c" && three.previous == SSHJumpHost(address: "b", earlier: [SSHJumpHost(address: "a")]))
        #expect(three.previous?.previous == SSHJumpHost(address: "a") && three.previous?.previous?.previous == nil)
        #expect(throws: ConnectionError.self) { try SSHJumpHost(parsing: "a,,b") }
    }

    @Test func theFirstJumpGivenWinsInEitherSpelling() {
        #expect(SSHArguments(["-J core@a:1 -o ProxyJump=b"]).proxyJump == "core@a:1")
        #expect(SSHArguments(["-o ProxyJump=b", "-J a"]).proxyJump == "b")
        #expect(SSHArguments(["-o StrictHostKeyChecking=no"]).proxyJump == nil)
    }

    @Test func proxyCommandIsReadFromEitherSpellingAndExpanded() throws {
        #expect(SSHArguments(["-o ProxyCommand=\"ssh -W %h:%p bastion\""]).proxyCommand == "ssh -W %h:%p bastion")
        #expect(SSHArguments(["-o 'ProxyCommand nc %h %p'", "-o ProxyCommand=later"]).proxyCommand == "nc %h %p")
        let target = SSHTarget(host: "web", address: "10.0.0.5", port: 2222, user: "core")
        #expect(SSHProxyCommand.expand("connect %r@%h:%p for %n 100%% %x %", for: target) == "connect core@10.0.0.5:2222 for web 100% %x %")
        func settings(_ variables: [String: String]) throws -> SSHTarget? {
            let settings = try ConnectionSettings(
                host: "h", variable: { variables[$0] }, overrides: ConnectionOverrides(), config: AnsibleConfig(),
                sshClientConfig: nil, playRemoteUser: nil)
            guard case .ssh(let target) = settings.kind else { return nil }
            return target
        }
        #expect(try settings(["ansible_ssh_common_args": "-o ProxyCommand='nc %h %p'"])?.proxyCommand == "nc %h %p")
        #expect(try settings(["ansible_ssh_common_args": "-o ProxyCommand=none"])?.proxyCommand == nil)
        // A jump host wins, as the first proxy ssh meets does.
        let both = try settings(["ansible_ssh_common_args": "-J bastion -o ProxyCommand='nc %h %p'"])
        #expect(both?.jumpHost?.address == "bastion" && both?.proxyCommand == nil)
    }

    /// `--ssh-common-args` / `--ssh-extra-args` apply under a host's own `ansible_ssh_*_args`.
    @Test func commandLineSSHArgumentsYieldToTheHostsOwn() throws {
        func jump(_ variables: [String: String], common: String?) throws -> String? {
            var overrides = ConnectionOverrides()
            overrides.sshCommonArgs = common
            let settings = try ConnectionSettings(
                host: "h", variable: { variables[$0] }, overrides: overrides, config: AnsibleConfig(),
                sshClientConfig: nil, playRemoteUser: nil)
            guard case .ssh(let target) = settings.kind else { return nil }
            return target.jumpHost?.address
        }
        #expect(try jump([:], common: "-J cli") == "cli")
        #expect(try jump(["ansible_ssh_common_args": "-J host"], common: "-J cli") == "host")
        #expect(try jump([:], common: nil) == nil)
    }
}
