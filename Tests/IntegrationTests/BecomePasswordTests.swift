import Foundation
import Testing
import Swansible
import SwansibleTesting

/// Password-protected sudo on a simulated host: a user whose sudoers rule asks for a password.
/// The password reaches sudo over standard input only: never in output, process arguments or
/// files on the host.
@Suite(.serialized, .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason), .simulatedCluster(["pw-01"]))
struct BecomePasswordTests {
    static let password = "Wr0ng-Not!-S3cret 'pw'"
    static let user = "alice"

    /// Creates the user (password, the cluster key, `ALL=(ALL) ALL` without NOPASSWD, no cached
    /// credentials) once, and writes an inventory that logs in as that user.
    static func prepare() async throws -> (cluster: SimulatedCluster, directory: String) {
        let cluster = try ClusterScope.cluster()
        let host = try #require(cluster.host(named: "pw-01"))
        let directory = cluster.workDirectory + "/become"
        if FileManager.default.fileExists(atPath: directory) { return (cluster, directory) }
        _ = try await cluster.dockerExec(host, """
            set -e
            id \(user) >/dev/null 2>&1 || useradd -m -s /bin/bash \(user)
            chpasswd
            install -d -m 700 -o \(user) -g \(user) /home/\(user)/.ssh
            install -m 600 -o \(user) -g \(user) /home/core/.ssh/authorized_keys /home/\(user)/.ssh/authorized_keys
            printf '%s\\n' '\(user) ALL=(ALL) ALL' 'Defaults:\(user) timestamp_timeout=0' >/etc/sudoers.d/\(user)
            chmod 440 /etc/sudoers.d/\(user)
            """, stdin: Data("\(user):\(password)\n".utf8))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let inventory = try cluster.inventoryText().replacingOccurrences(of: "ansible_user=core", with: "ansible_user=\(user)")
        try inventory.write(toFile: directory + "/inventory.ini", atomically: true, encoding: .utf8)
        try Data(password.utf8).write(to: URL(fileURLWithPath: directory + "/become-pass"))
        try """
            - hosts: all
              gather_facts: false
              become: true
              tasks:
                - command: whoami
                  register: who
                - copy: {content: "copied as root\\n", dest: /root/become-copy.txt, mode: "0600"}
                - command: cat
                  args: {stdin: "fed after the password"}
                  register: fed
                - debug: msg="{{ who.stdout }} / {{ fed.stdout }}"
            """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        return (cluster, directory)
    }

    static func run(_ directory: String, extraVars: [String] = [], passwordFile: String? = nil,
                    verbosity: Int = 0, playbook: String = "site.yml") async -> (code: Int32, output: String) {
        var options = RunOptions()
        options.extraVars = extraVars
        options.verbosity = verbosity
        options.becomePasswordSource = BecomePasswordSource(file: passwordFile)
        return await PlaybookIntegrationTests.runPlaybook(directory + "/" + playbook, inventory: directory + "/inventory.ini", options: options)
    }

    static var passwordVar: String { "{\"ansible_become_password\": \"\(password.replacingOccurrences(of: "\"", with: "\\\""))\"}" }

    @Test func theRightPasswordBecomesRootAndFeedsTheModuleItsInput() async throws {
        let (cluster, directory) = try await Self.prepare()
        let result = await Self.run(directory, extraVars: [Self.passwordVar], verbosity: 4)
        #expect(result.code == 0, "\(result.output)")
        #expect(result.output.contains("\"msg\": \"root / fed after the password\""), "\(result.output)")
        #expect(!result.output.contains(Self.password), "the password is in the output")
        #expect(!result.output.contains("password:"), "sudo's prompt is in the output")
        let copied = try await PlaybookIntegrationTests.shell(cluster, "pw-01", "stat -c %U /root/become-copy.txt; cat /root/become-copy.txt")
        #expect(copied == "root\ncopied as root")
    }

    @Test func aPasswordFileWorksLikeTheVariable() async throws {
        let (_, directory) = try await Self.prepare()
        let result = await Self.run(directory, passwordFile: directory + "/become-pass")
        #expect(result.code == 0, "\(result.output)")
        #expect(result.output.contains("\"msg\": \"root / fed after the password\""), "\(result.output)")
    }

    @Test func noPasswordIsAnsiblesMissingSudoPassword() async throws {
        let (_, directory) = try await Self.prepare()
        let result = await Self.run(directory)
        #expect(result.code == 2)
        #expect(result.output.contains("fatal: [pw-01]: FAILED! => {\"changed\": false, \"msg\": \"Task failed: Missing sudo password\"}"), "\(result.output)")
        #expect(PlaybookIntegrationTests.recap(result.output)["pw-01"]?.changed == 0)
    }

    @Test func aWrongPasswordIsAnsiblesIncorrectSudoPassword() async throws {
        let (_, directory) = try await Self.prepare()
        let result = await Self.run(directory, extraVars: ["ansible_become_password=not-it"])
        #expect(result.code == 2)
        #expect(result.output.contains("fatal: [pw-01]: FAILED! => {\"changed\": false, \"msg\": \"Task failed: Incorrect sudo password\"}"), "\(result.output)")
        #expect(!result.output.contains("not-it"))
    }

    @Test func aPasswordlessSudoerIgnoresTheGivenPassword() async throws {
        let (cluster, directory) = try await Self.prepare()
        let inventory = try cluster.inventoryText()
        try inventory.write(toFile: directory + "/core.ini", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.extraVars = [Self.passwordVar]
        let result = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/core.ini", options: options)
        #expect(result.code == 0, "\(result.output)")
        #expect(result.output.contains("\"msg\": \"root / fed after the password\""), "\(result.output)")
    }

    /// While a become task runs, the host's process list never shows the password, and no file
    /// the run could have written holds it.
    @Test func thePasswordNeverReachesProcessArgumentsOrFiles() async throws {
        let (cluster, directory) = try await Self.prepare()
        try """
            - hosts: all
              gather_facts: false
              become: true
              tasks:
                - command: sleep 3
            """.write(toFile: directory + "/slow.yml", atomically: true, encoding: .utf8)
        let container = try #require(cluster.host(named: "pw-01")).containerName
        async let run = Self.run(directory, extraVars: [Self.passwordVar], playbook: "slow.yml")
        var sawTheTask = false
        var leaked: [String] = []
        let deadline = Date().addingTimeInterval(8)
        while Date() < deadline {
            let processes = (try? await Docker.run(["exec", container, "ps", "-eo", "args"])) ?? ""
            if processes.contains("sleep 3") { sawTheTask = true }
            leaked += processes.split(separator: "\n").map(String.init).filter { $0.contains(Self.password) || $0.contains("Not!-S3cret") }
            if sawTheTask && !processes.contains("sleep 3") { break }
            try await Task.sleep(nanoseconds: 150_000_000)
        }
        let result = await run
        #expect(result.code == 0, "\(result.output)")
        #expect(sawTheTask, "the become task was never seen running")
        #expect(leaked.isEmpty, "the password is in process arguments: \(leaked)")
        let files = try await PlaybookIntegrationTests.shell(
            cluster, "pw-01", "grep -rlF 'Not!-S3cret' /tmp /var/tmp /root /home /etc 2>/dev/null | grep -v '^/etc/shadow' || true")
        #expect(files.isEmpty, "the password is in files on the host: \(files)")
    }

    /// `--connection-password-file` logs in with the password alone (no key anywhere: the
    /// host takes passwords for this test), and `-K`'s password then becomes root.
    @Test func theConnectionPasswordLogsInWithoutAKey() async throws {
        let (cluster, directory) = try await Self.prepare()
        let setting = try await PlaybookIntegrationTests.shell(cluster, "pw-01", """
            printf 'PasswordAuthentication yes\\n' > /etc/ssh/sshd_config.d/00-password.conf && systemctl reload ssh
            sshd -T | grep -i '^passwordauthentication'
            """)
        // The reloaded sshd takes a moment before it answers again.
        try await Task.sleep(for: .seconds(1))
        defer { Task { _ = try? await PlaybookIntegrationTests.shell(cluster, "pw-01", "rm -f /etc/ssh/sshd_config.d/00-password.conf && systemctl reload ssh") } }
        #expect(setting == "passwordauthentication yes", "\(setting)")
        let inventory = try String(contentsOfFile: directory + "/inventory.ini", encoding: .utf8)
            .replacingOccurrences(of: #"ansible_ssh_private_key_file=\S+"#, with: "", options: .regularExpression)
        try inventory.write(toFile: directory + "/password-only.ini", atomically: true, encoding: .utf8)
        #expect(!inventory.contains("private_key"), "\(inventory)")
        var options = RunOptions()
        options.connectionPasswordSource = ConnectionPasswordSource(file: directory + "/become-pass")
        options.becomePasswordSource = BecomePasswordSource(file: directory + "/become-pass")
        let result = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/password-only.ini",
                                                                options: options)
        #expect(result.code == 0, "\(result.output)")
        #expect(result.output.contains("\"msg\": \"root / fed after the password\""), "\(result.output)")
        #expect(!result.output.contains(Self.password), "the password is in the output")
    }
}
