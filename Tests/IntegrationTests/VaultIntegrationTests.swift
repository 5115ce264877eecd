import Foundation
import Testing
import Swansible
import SwansibleCrypto
import SwansibleTesting

/// Vaulted content against a simulated CoreOS host: an encrypted group_vars file and an inline
/// `!vault` value reach the host (a template and a copy of an encrypted source), while nothing
/// printed at `-vvvv` shows a secret, and the password file's content is never printed either.
@Suite(.serialized) struct VaultIntegrationTests {
    static let password = "correct horse battery staple"
    static let fileSecret = "s3cret-from-group-vars"
    static let inlineSecret = "s3cret-inline-value"
    static let sourceSecret = "s3cret-in-an-encrypted-source"

    @Test(.enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
    func vaultedSecretsReachTheHostAndNeverTheOutput() async throws {
        try await IntegrationGate.ensureImage()
        try await SimulatedCluster.with(names: ["vault-01"]) { cluster in
            let directory = cluster.workDirectory + "/vaulted"
            let fm = FileManager.default
            for sub in ["group_vars/all", "files", "templates"] {
                try fm.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
            }
            try cluster.writeInventory(to: directory + "/inventory.ini")
            try (Self.password + "\n").write(toFile: directory + "/vault-pass", atomically: true, encoding: .utf8)
            let secret = VaultSecret(password: Self.password)
            func encrypted(_ text: String) -> String { VaultKeyring.encrypt(Array(text.utf8), with: secret) }
            try encrypted("db_password: \(Self.fileSecret)\n")
                .write(toFile: directory + "/group_vars/all/vault.yml", atomically: true, encoding: .utf8)
            try encrypted(Self.sourceSecret + "\n").write(toFile: directory + "/files/token", atomically: true, encoding: .utf8)
            try "password={{ db_password }}\napi_key={{ api_key }}\n"
                .write(toFile: directory + "/templates/app.conf.j2", atomically: true, encoding: .utf8)
            let inline = encrypted(Self.inlineSecret).split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
            try """
            - hosts: all
              become: true
              gather_facts: false
              vars:
                api_key: !vault |
            \(inline)
              tasks:
                - file: path=/etc/swansible-vault state=directory mode=0700
                - template: src=app.conf.j2 dest=/etc/swansible-vault/app.conf mode=0600
                - copy: src=token dest=/etc/swansible-vault/token mode=0600
                - name: a command whose output is a secret
                  command: echo {{ db_password }}
                  no_log: true
                  register: echoed
                - assert:
                    that: echoed.stdout == db_password
                    quiet: true
            """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)

            var options = RunOptions()
            options.verbosity = 4
            options.vault = VaultPasswords(passwordFiles: [directory + "/vault-pass"])
            let run = await PlaybookIntegrationTests.runPlaybook(
                directory + "/site.yml", inventory: directory + "/inventory.ini", options: options)
            #expect(run.code == 0, "the run failed:\n\(run.output)")
            for plaintext in [Self.password, Self.fileSecret, Self.inlineSecret, Self.sourceSecret] {
                #expect(!run.output.contains(plaintext), "'\(plaintext)' was printed:\n\(run.output)")
            }
            let app = try await PlaybookIntegrationTests.shell(cluster, "vault-01", "cat /etc/swansible-vault/app.conf")
            #expect(app == "password=\(Self.fileSecret)\napi_key=\(Self.inlineSecret)")
            let token = try await PlaybookIntegrationTests.shell(cluster, "vault-01", "cat /etc/swansible-vault/token")
            #expect(token == Self.sourceSecret)
            let leftovers = try await PlaybookIntegrationTests.shell(
                cluster, "vault-01", "grep -rl '\(Self.fileSecret)' /tmp /var/tmp /home/core 2>/dev/null | wc -l")
            #expect(leftovers == "0", "a copy of the secret was left in a temporary directory")

            // Without the password the run stops before its first play, naming the file.
            let locked = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/inventory.ini")
            #expect(locked.code != 0)
            #expect(locked.output.contains("Attempting to decrypt but no vault secrets found"), "\(locked.output)")
            #expect(locked.output.contains("group_vars/all/vault.yml"), "\(locked.output)")
        }
    }
}
