import Foundation
import Testing
@testable import Swansible

/// Where ServerAliveInterval / ServerAliveCountMax come from, and what they add up to.
@Suite struct SSHKeepaliveTests {
    @Test func sshArgumentsGiveBothOptionsInEveryForm() {
        let args = SSHArguments(["-C -o ServerAliveInterval=5 -oServerAliveCountMax=2"])
        #expect(args.serverAliveInterval == 5 && args.serverAliveCountMax == 2)
        let spaced = SSHArguments(["-o 'ServerAliveInterval 1m30s' -o serveralivecountmax=7"])
        #expect(spaced.serverAliveInterval == 90 && spaced.serverAliveCountMax == 7)
    }

    @Test func theFirstValueGivenWinsAsInSsh() {
        let args = SSHArguments(["-o ServerAliveInterval=5", "-o ServerAliveInterval=9 -o ServerAliveCountMax=1"])
        #expect(args.serverAliveInterval == 5 && args.serverAliveCountMax == 1)
    }

    @Test func sshConfigGivesThemPerHost() throws {
        let config = try SSHClientConfig.parse("""
            Host slow-*
              ServerAliveInterval 2m
              ServerAliveCountMax 1
            Host *
              ServerAliveInterval 30
            """, path: "/dev/null", environment: ["HOME": "/root"])
        let slow = config.settings(for: "slow-01")
        #expect(slow.serverAliveInterval == 120 && slow.serverAliveCountMax == 1)
        let other = config.settings(for: "fast-01")
        #expect(other.serverAliveInterval == 30 && other.serverAliveCountMax == nil)
    }

    @Test func timeValuesUseSshUnits() {
        #expect(SSHTimeValue.seconds("10") == 10)
        #expect(SSHTimeValue.seconds("1h2M3s") == 3723)
        #expect(SSHTimeValue.seconds("") == nil)
        #expect(SSHTimeValue.seconds("soon") == nil)
    }

    @Test func deadAfterCountsTheUnansweredIntervals() {
        #expect(SSHKeepalive().deadAfter == Double(SSHKeepalive.defaultInterval * (SSHKeepalive.defaultCountMax + 1)))
        #expect(SSHKeepalive(interval: 2, countMax: 3).deadAfter == 8)
        #expect(SSHKeepalive(interval: 0, countMax: 3).deadAfter == nil)
    }

    /// ansible.cfg `ssh_args` and `ssh_common_args`, the host's `ansible_ssh_common_args` and
    /// `ansible_ssh_extra_args`, then the ssh_config file, then Swansible's default.
    @Test func connectionSettingsMergeEverySource() throws {
        var config = AnsibleConfig()
        let sshConfig = try SSHClientConfig.parse(
            "Host *\n  ServerAliveInterval 40\n  ServerAliveCountMax 6\n", path: "/dev/null", environment: ["HOME": "/root"])
        func keepalive(_ variables: [String: String], ssh: SSHClientConfig? = nil) throws -> SSHKeepalive? {
            let settings = try ConnectionSettings(
                host: "h", variable: { variables[$0] }, overrides: ConnectionOverrides(), config: config,
                sshClientConfig: ssh, playRemoteUser: nil)
            guard case .ssh(let target) = settings.kind else { return nil }
            return target.keepalive
        }
        #expect(try keepalive([:]) == SSHKeepalive())
        #expect(try keepalive([:], ssh: sshConfig) == SSHKeepalive(interval: 40, countMax: 6))
        #expect(try keepalive(["ansible_ssh_common_args": "-o ServerAliveInterval=3"], ssh: sshConfig)
                == SSHKeepalive(interval: 3, countMax: 6))
        #expect(try keepalive(["ansible_ssh_extra_args": "-o ServerAliveCountMax=1"]) == SSHKeepalive(countMax: 1))
        config.sshCommonArgs = "-o ServerAliveInterval=4"
        #expect(try keepalive([:]) == SSHKeepalive(interval: 4))
        config.sshArgs = "-o ServerAliveInterval=0"
        #expect(try keepalive(["ansible_ssh_common_args": "-o ServerAliveInterval=3"])?.deadAfter == nil)
    }

    /// `ansible_private_key_passphrase` / `ansible_ssh_private_key_passphrase` unlock key files.
    @Test func theKeyPassphraseComesFromTheHostsVariables() throws {
        func passphrase(_ variables: [String: String]) throws -> String? {
            let settings = try ConnectionSettings(
                host: "h", variable: { variables[$0] }, overrides: ConnectionOverrides(), config: AnsibleConfig(),
                sshClientConfig: nil, playRemoteUser: nil)
            guard case .ssh(let target) = settings.kind else { return "not ssh" }
            return target.keyPassphrase
        }
        #expect(try passphrase(["ansible_private_key_passphrase": "one"]) == "one")
        #expect(try passphrase(["ansible_ssh_private_key_passphrase": "two"]) == "two")
        #expect(try passphrase([:]) == ProcessInfo.processInfo.environment["ANSIBLE_PRIVATE_KEY_PASSPHRASE"])
    }
}
