import Foundation
import Testing
@testable import Swansible

/// A secret handled only by `no_log` tasks, and the connection and become passwords, never show
/// in the output, however verbose: results, loop items, diffs, argument errors, failures.
@Suite struct NoLogSecretTests {
    static let secret = "Sw4nsible-n0-l0g-secret"
    static let connectionPassword = "Sw4nsible-connection-password"
    static let becomePassword = "Sw4nsible-become-password"

    static let playbook = """
        - hosts: localhost
          gather_facts: false
          vars:
            secret: \(secret)
            ansible_password: \(connectionPassword)
            ansible_ssh_pass: \(connectionPassword)
            ansible_become_password: \(becomePassword)
            ansible_become_pass: \(becomePassword)
          tasks:
            - command: echo {{ secret }}
              no_log: true
              register: echoed
            - command: "false {{ secret }}"
              no_log: true
              ignore_errors: true
            - command: echo {{ item }}
              loop: [a, "{{ secret }}"]
              loop_control:
                label: "{{ item }}"
              no_log: true
            - command: "{{ item }} {{ secret }}"
              loop: ["true", "false"]
              no_log: true
              ignore_errors: true
            - command: echo {{ item }}
              loop: ["{{ secret }}"]
              when: false
              no_log: true
            - command: echo {{ secret }}
              no_log: true
              failed_when: echoed.stdout == secret
              ignore_errors: true
            - debug: msg="{{ secret }}"
              no_log: true
            - debug: var=secret
              no_log: true
            - set_fact: copied="{{ secret }}"
              no_log: true
            - assert: { that: [ secret != 'x' ], success_msg: "{{ secret }}" }
              no_log: true
            - copy: content="{{ secret }}" dest={{ dir }}/written.txt
              no_log: true
              diff: true
            - copy: content="{{ secret }}" dest={{ dir }}/never.txt colour={{ secret }}
              no_log: true
              ignore_errors: true
            - shell: "tr '\\\\0' ' ' < /proc/$$/cmdline; tr '\\\\0' ' ' < /proc/$PPID/cmdline"
            - block:
                - command: echo {{ secret }}
                - debug: msg="{{ secret }}"
              no_log: true
              notify: hidden handler
          handlers:
            - name: hidden handler
              command: echo {{ secret }}
              no_log: true
        """

    @Test(arguments: [0, 1, 2, 3, 4])
    func secretsNeverShowAtAnyVerbosity(_ verbosity: Int) async throws {
        let dir = NSTemporaryDirectory() + "swansible-no-log-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.playbook.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        options.verbosity = verbosity
        options.diffMode = true
        options.extraVars = ["dir=\(dir)"]
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: sink, verbosity: verbosity)
        ).run()
        let output = sink.text + sink.errorText
        // The run went through: every task ran, the no_log ones said they were hidden.
        #expect(code == 0, "\(output)")
        #expect(output.contains("censored due to no_log"))
        #expect(output.contains("RUNNING HANDLER [hidden handler]"))
        #expect(try String(contentsOfFile: dir + "/written.txt", encoding: .utf8) == Self.secret)
        for secret in [Self.secret, Self.connectionPassword, Self.becomePassword] {
            #expect(!output.contains(secret), "\(secret) shows at verbosity \(verbosity):\n\(output)")
        }
    }

    /// Like ansible-core's `no_log` arguments: a password given to uri (under its name or an
    /// alias) is masked in every text of the result, the task's `no_log` or not.
    @Test func secretArgumentsAreMaskedInTheModuleResult() {
        let args: ValueDict = ["url": "http://h/p4ss-word/x", "password": "p4ss-word", "url_username": "me"]
        let secrets = SecretArguments(args, module: URIModule.self)
        #expect(secrets.values == ["p4ss-word"])
        let result = ModuleResult(
            failed: true, message: "cannot reach http://h/p4ss-word/x",
            fields: ["url": "http://h/p4ss-word/x", "nested": ["p4ss-word": [.string("p4ss-word!")]], "status": -1],
            diff: [FileDiff(path: "f", before: "p4ss-word", after: nil)])
        let masked = secrets.masked(result)
        #expect(masked.message == "cannot reach http://h/********/x")
        #expect(masked.fields["url"] == "http://h/********/x")
        #expect(masked.fields["nested"] == ["********": [.string("********!")]])
        #expect(masked.fields["status"] == -1)
        #expect(masked.diff.first?.before == "********")
        #expect(SecretArguments(["url": "http://h/"], module: URIModule.self).values.isEmpty)
    }
}
