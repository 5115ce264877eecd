import Foundation
import Testing
@testable import Swansible

/// Ansible 2.2-era content that ansible-core 2.19 refuses runs here (see WORKLOAD.md), on the
/// local connection.
@Suite struct LegacySyntaxRunTests {
    @Test func includeWithTagsBareWithItemsAndWarnFalseRun() async throws {
        let dir = NSTemporaryDirectory() + "swansible-legacy-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/roles/r/tasks", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/roles/r/handlers", withIntermediateDirectories: true)
        try """
        - hosts: localhost
          gather_facts: no
          vars:
            names: [one, two]
          roles:
            - role: r
              tags: [r]
          tasks:
            - name: bare variable loop
              debug: msg="{{ item }}"
              with_items: names
            - name: old command args
              command: echo legacy
              args:
                chdir: /tmp
                warn: false
              register: out
              changed_when: false
            - name: rc 4 is fine
              shell: exit 4
              register: r4
              failed_when: r4.rc != 0 and r4.rc != 4
        """.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        try "- include: sub.yml\n  tags: [sub]\n".write(toFile: dir + "/roles/r/tasks/main.yml", atomically: true, encoding: .utf8)
        try "- name: in sub\n  command: echo hi\n  notify: h\n".write(toFile: dir + "/roles/r/tasks/sub.yml", atomically: true, encoding: .utf8)
        try "- name: h\n  debug: msg=handled\n".write(toFile: dir + "/roles/r/handlers/main.yml", atomically: true, encoding: .utf8)

        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: sink)
        ).run()
        let output = sink.text
        #expect(code == 0, "\(output)\n\(sink.errorText)")
        #expect(output.contains("TASK [r : in sub]"))
        #expect(output.contains("RUNNING HANDLER [r : h]"))
        #expect(output.contains("ok: [localhost] => (item=one)"))
        #expect(output.contains("ok: [localhost] => (item=two)"))
        #expect(output.contains("localhost                  : ok=5    changed=2    unreachable=0    failed=0"))

        // Tags on the legacy include reach the included tasks.
        options.tags = ["sub"]
        let tagged = BufferSink()
        _ = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: tagged)
        ).run()
        #expect(tagged.text.contains("TASK [r : in sub]"))
        #expect(!tagged.text.contains("bare variable loop"))
    }
}
