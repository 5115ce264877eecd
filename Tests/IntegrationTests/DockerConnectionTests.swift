import Foundation
import Testing
import Swansible
import SwansibleTesting

/// `ansible_connection: docker`: a playbook reaches a running container through `docker exec`
/// alone (no SSH): commands, uploads (copy, template), downloads with any bytes (slurp),
/// idempotence on the second run, and a container that does not exist is UNREACHABLE.
@Suite(.serialized, .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
struct DockerConnectionTests {
    @Test func aPlaybookRunsThroughDockerExec() async throws {
        try await IntegrationGate.ensureImage()
        try await SimulatedCluster.with(names: ["dock-01"]) { cluster in
            let host = try #require(cluster.host(named: "dock-01"))
            let directory = cluster.workDirectory + "/docker"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try "[boxes]\ndock-01 ansible_connection=docker ansible_host=\(host.containerName)\n"
                .write(toFile: directory + "/hosts", atomically: true, encoding: .utf8)
            try "hello {{ inventory_hostname }} as {{ ansible_connection }}\n"
                .write(toFile: directory + "/greeting.j2", atomically: true, encoding: .utf8)
            try """
            - hosts: boxes
              gather_facts: false
              tasks:
                - name: Who runs the commands
                  command: id -un
                  register: who
                  changed_when: false
                - copy: content="bytes\\n" dest=/etc/from-copy mode=0640
                - template: src=greeting.j2 dest=/etc/from-template
                - name: Binary bytes come back whole
                  shell: printf '\\000\\001\\377' > /tmp/binary
                  args:
                    creates: /tmp/binary
                - slurp: src=/tmp/binary
                  register: binary
                - assert:
                    that:
                      - who.stdout == 'root'
                      - binary.content == 'AAH/'
            """.write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
            let first = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/hosts")
            #expect(first.code == 0, "\(first.output)")
            #expect(PlaybookIntegrationTests.recap(first.output)["dock-01"]?.changed == 3, "\(first.output)")
            let again = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/hosts")
            #expect(again.code == 0 && PlaybookIntegrationTests.recap(again.output)["dock-01"]?.changed == 0, "\(again.output)")
            let files = try await cluster.dockerExec(host, "stat -c %a /etc/from-copy; cat /etc/from-copy /etc/from-template")
            #expect(files == "640\nbytes\nhello dock-01 as docker", "\(files)")
        }
    }

    @Test func aMissingContainerIsUnreachable() async throws {
        let directory = NSTemporaryDirectory() + "swansible-docker-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "gone ansible_connection=community.docker.docker ansible_host=swansible-no-such-container\n"
            .write(toFile: directory + "/hosts", atomically: true, encoding: .utf8)
        try "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: \"true\"\n"
            .write(toFile: directory + "/site.yml", atomically: true, encoding: .utf8)
        let result = await PlaybookIntegrationTests.runPlaybook(directory + "/site.yml", inventory: directory + "/hosts")
        #expect(result.code == 4, "\(result.output)")
        #expect(result.output.contains("fatal: [gone]: UNREACHABLE!"), "\(result.output)")
        #expect(result.output.contains("No such container: swansible-no-such-container"), "\(result.output)")
    }
}
