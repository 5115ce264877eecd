import Foundation
import Testing
@testable import Swansible

/// `SSHClientConfig` against OpenSSH itself (`ssh -G -F FILE HOST` prints the settings ssh would
/// use), when an ssh client is installed.
@Suite struct SSHConfigOpenSSHTests {
    static let ssh = ["/usr/bin/ssh", "/usr/local/bin/ssh"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let config = """
        # global defaults come first in the file, so they win
        Port 2000
        Host web*  db?  !web-legacy
          User ops
          IdentityFile ~/.ssh/%r@%h-%p
          IdentitiesOnly yes
        Host bastion
          HostName 192.0.2.10
          Port 2222
          User=jump
          StrictHostKeyChecking no
        Host "quoted" other
          User quser
        Match exec "false"
          User never
        Host *
          User nobody
          Port 22
          IdentityFile ~/.ssh/id_ed25519
          HostName %h.example.com
          StrictHostKeyChecking accept-new
          UserKnownHostsFile ~/.ssh/kh_%h /dev/null
        """

    static let hosts = ["web1", "web-legacy", "db1", "db12", "bastion", "quoted", "other", "plain", "WEB2"]

    @Test(.enabled(if: ssh != nil, "no ssh client installed"), arguments: hosts)
    func settingsMatchSSHMinusG(_ host: String) throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ssh_config", Self.config)
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let ours = try SSHClientConfig.load(path: path, environment: ["HOME": home, "USER": NSUserName()]).settings(for: host)
        let theirs = try Self.sshMinusG(path: path, host: host)

        #expect(ours.hostName == theirs["hostname"]?.first, "hostname")
        #expect(ours.user == theirs["user"]?.first, "user")
        #expect(ours.port.map(String.init) == theirs["port"]?.first, "port")
        #expect(ours.identityFiles.count == theirs["identityfile"]?.count ?? 0, "identity files: ours \(ours.identityFiles), ssh \(theirs["identityfile"] ?? [])")
        #expect(ours.identitiesOnly ?? false == (theirs["identitiesonly"]?.first == "yes"), "identitiesonly")
        let strict = theirs["stricthostkeychecking"]?.first
        #expect(ours.strictHostKeyChecking == (strict == "false" || strict == "no" ? false : strict == nil ? nil : true), "stricthostkeychecking \(strict ?? "-")")
        if let known = ours.userKnownHostsFile {
            let first = theirs["userknownhostsfile"]?.first?.split(separator: " ").first.map(String.init)
            #expect(first == known, "userknownhostsfile")
        }
    }

    /// `ssh -G` output: keyword → values, in order (a keyword may repeat).
    static func sshMinusG(path: String, host: String) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ssh ?? "/usr/bin/ssh")
        process.arguments = ["-G", "-F", path, host]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var result: [String: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            result[parts[0].lowercased(), default: []].append(String(parts[1]))
        }
        return result
    }
}
