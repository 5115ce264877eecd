import Foundation
import Testing
import Swansible
@testable import SwansibleTesting

/// Reading molecule.yml: molecule's schema, warnings for unknown keys, located refusals.
struct MoleculeScenarioTests {
    func scenario(_ text: String, environment: [String: String] = [:]) throws -> MoleculeScenario {
        let directory = NSTemporaryDirectory() + "swansible-scenario-\(UUID().uuidString)/default"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: directory + "/molecule.yml", atomically: true, encoding: .utf8)
        return try MoleculeScenario.load(directory: directory, environment: environment)
    }

    @Test func readsPlatformsProvisionerAndSequence() throws {
        let s = try scenario("""
            driver:
              name: docker
            platforms:
              - name: etcd-1
                image: ${IMAGE:-debian:12}
                groups: [etcd, cluster]
                children: [members]
                privileged: true
                capabilities: [SYS_TIME]
                volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:rw", "/data"]
                env: {A: 1}
                published_ports: ["8080:80"]
                networks: [{name: backend}]
              - name: etcd-2
            provisioner:
              name: ansible
              env: {ANSIBLE_FORCE_COLOR: "0"}
              options: {vv: true, diff: true, extra-vars: "x=1"}
              config_options:
                defaults: {gathering: explicit}
              playbooks:
                converge: ../shared/converge.yml
              inventory:
                group_vars:
                  etcd: {etcd_version: "3.5"}
                host_vars:
                  etcd-1: {primary: true}
            scenario:
              test_sequence: [create, converge, lint, "verify ../shared/check.yml", destroy]
              check_sequence: [create, check, destroy]
            """, environment: ["IMAGE": "acme/base"])
        #expect(s.platforms.map(\.name) == ["etcd-1", "etcd-2"])
        let first = s.platforms[0]
        #expect(first.image == "acme/base")
        #expect(first.groups == ["etcd", "cluster"] && first.children == ["members"])
        #expect(first.privileged && first.capabilities == ["SYS_TIME"])
        #expect(first.env == ["A": "1"] && first.networks == ["backend"] && first.publishedPorts == ["8080:80"])
        #expect(s.provisioner.options == ["-vv", "--diff", "--extra-vars", "x=1"])
        #expect(s.provisioner.configOptions["defaults"]?["gathering"] == "explicit")
        #expect(s.provisioner.playbooks["converge"]?.hasSuffix("/default/../shared/converge.yml") == true)
        #expect(s.provisioner.groupVars["etcd"] == .dict(["etcd_version": "3.5"]))
        #expect(s.sequence("test") == [SequenceStep(.create), SequenceStep(.converge),
                                       SequenceStep(.verify, playbook: "../shared/check.yml"), SequenceStep(.destroy)])
        #expect(s.sequence("check") == [SequenceStep(.create), SequenceStep(.check), SequenceStep(.destroy)])
        #expect(s.sequence("converge") == TestSequence.converge.map { SequenceStep($0) })
        #expect(s.notices.isEmpty)
    }

    @Test func unknownKeysAreWarnedAboutWithTheirPlace() throws {
        let s = try scenario("""
            platforms:
              - name: one
                colour: blue
            flavour: mint
            """)
        #expect(s.notices.count == 2)
        #expect(s.notices.contains { $0.hasSuffix("molecule.yml:3:5: unknown platform key 'colour' (ignored)") })
        #expect(s.notices.contains { $0.hasSuffix("molecule.yml:4:1: unknown key 'flavour' (ignored)") })
    }

    @Test func testinfraIsWarnedAboutAndVerifySkipped() throws {
        let s = try scenario("verifier: {name: testinfra}\nplatforms: [{name: a}]\n")
        #expect(s.verifier == "testinfra")
        #expect(s.notices.count == 1 && s.notices[0].hasSuffix("molecule.yml:1:11: verifier 'testinfra' is not supported (it needs Python on the hosts): the verify step is skipped"), "\(s.notices)")
    }

    @Test func galaxyNamesFallBackToTheAuthor() throws {
        let directory = NSTemporaryDirectory() + "swansible-role-\(UUID().uuidString)/ansible-role-ntp"
        try FileManager.default.createDirectory(atPath: directory + "/meta", withIntermediateDirectories: true)
        try "galaxy_info:\n  author: geerlingguy\n  role_name: ntp\n".write(toFile: directory + "/meta/main.yml", atomically: true, encoding: .utf8)
        #expect(RoleUnderTest(directory: directory).qualifiedName == "geerlingguy.ntp")
        try "galaxy_info:\n  author: Jeff Geerling\n  role_name: ntp\n".write(toFile: directory + "/meta/main.yml", atomically: true, encoding: .utf8)
        #expect(RoleUnderTest(directory: directory).qualifiedName == nil)
        try "galaxy_info:\n  namespace: acme\n  author: Jeff\n  role_name: ntp\n".write(toFile: directory + "/meta/main.yml", atomically: true, encoding: .utf8)
        #expect(RoleUnderTest(directory: directory).qualifiedName == "acme.ntp")
    }

    @Test func podmanRunsOnDockerWithANotice() throws {
        let s = try scenario("driver: {name: podman}\nplatforms: [{name: one}]\n")
        #expect(s.notices == ["the podman driver's scenario runs on Docker"])
    }

    @Test(arguments: [
        ("platforms: []\n", "platforms: at least one platform is needed"),
        ("platforms:\n  - image: x\n", "a platform needs a name"),
        ("platforms:\n  - name: a\n  - name: a\n", "platform name 'a' is used twice"),
        ("platforms:\n  - name: a\n    privileged: maybe\n", "expected true or false, got maybe"),
        ("driver: {name: vagrant}\nplatforms: [{name: a}]\n", "driver 'vagrant' is not supported (docker and podman are)"),
        ("platforms: [{name: a}]\nscenario:\n  test_sequence: [create, deploy]\n", "scenario.test_sequence: unknown step 'deploy'"),
        ("platforms:\n  - name: ${NEED:?}\n", "required variable NEED is missing a value"),
    ])
    func refusedWithPlace(_ text: String, _ message: String) throws {
        do {
            _ = try scenario(text)
            Issue.record("accepted: \(text)")
        } catch let error as ScenarioError {
            #expect(error.message.hasPrefix(message), "\(error)")
            #expect(error.location?.file.hasSuffix("molecule.yml") == true, "\(error)")
        }
    }

    @Test func inventoryHasGroupsChildrenAndVars() throws {
        var s = try scenario("""
            platforms:
              - {name: a, groups: [etcd], children: [members]}
              - {name: b, groups: [etcd, workers]}
            provisioner:
              inventory:
                group_vars: {all: {x: 1}, etcd: {y: 2}, members: {z: 3}}
                host_vars: {b: {w: 4}}
            """)
        s.directory = nil
        let workspace = ScenarioWorkspace(role: RoleUnderTest(directory: "/tmp/roles/r"), scenario: "default", environment: ["HOME": "/tmp/h"])
        let state = ScenarioState(instances: [InstanceRecord(name: "a", container: "c-a", sshPort: 2201, address: "172.18.0.2")], created: true)
        let inventory = ScenarioInventory(scenario: s, workspace: workspace).inventory(state: state)
        let json = inventory.jsonText(sortKeys: true)
        #expect(json.contains(#""a": {"ansible_host": "127.0.0.1", "ansible_port": 2201, "ansible_ssh_private_key_file": "/tmp/h/.cache/swansible/test/r-"#))
        #expect(json.contains(#""b": {"w": 4}"#))
        #expect(json.contains(#""etcd": {"children": {"members": {}}, "hosts": {"a": {}, "b": {}}, "vars": {"y": 2}}"#))
        #expect(json.contains(#""members": {"vars": {"z": 3}}"#))
        #expect(json.contains(#""vars": {"x": 1}"#))
    }

    @Test func workspacesOfTwoScenariosDoNotClash() {
        let role = RoleUnderTest(directory: "/srv/roles/etcd")
        let a = ScenarioWorkspace(role: role, scenario: "default", environment: ["HOME": "/root"])
        let b = ScenarioWorkspace(role: role, scenario: "cluster", environment: ["HOME": "/root"])
        let other = ScenarioWorkspace(role: RoleUnderTest(directory: "/home/x/etcd"), scenario: "default", environment: ["HOME": "/root"])
        #expect(Set([a.id, b.id, other.id]).count == 3)
        #expect(a.containerName("instance") != b.containerName("instance"))
        #expect(a.directory.hasPrefix("/root/.cache/swansible/test/etcd-") && a.directory.hasSuffix("/default"))
    }

    @Test func publishedPortsBindToLoopbackOnly() {
        #expect(DockerInstances.loopbackOnly("8080:80") == "127.0.0.1:8080:80")
        #expect(DockerInstances.loopbackOnly("80") == "127.0.0.1::80")
        #expect(DockerInstances.loopbackOnly("0.0.0.0:8080:80") == "127.0.0.1:8080:80")
        #expect(DockerInstances.loopbackOnly("8080:80/udp") == "127.0.0.1:8080:80/udp")
    }

    @Test func requirementEntriesNameTheirDirectory() {
        #expect(ScenarioRun.requirementName(.string("geerlingguy.docker")) == "geerlingguy.docker")
        #expect(ScenarioRun.requirementName(.dict(["src": "https://github.com/x/ansible-role-etcd.git", "name": "etcd"])) == "etcd")
        #expect(ScenarioRun.requirementName(.dict(["src": "git+https://github.com/x/ansible-role-nginx.git,v1.0"])) == "ansible-role-nginx")
        #expect(ScenarioRun.requirementName(.dict(["role": "acme.web"])) == "acme.web")
    }

    @Test func changedLinesNameHostAndTask() {
        let reader = ChangedTaskReader()
        reader.feed(Data("""
            TASK [hello : Write the greeting] ********
            ok: [a]
            changed: [b]
            TASK [Loop] ****
            changed: [a] => (item=1)
            changed: [a] => (item=2)
            RUNNING HANDLER [hello : Note the greeting] ***
            changed: [a -> localhost]
            """.utf8))
        #expect(reader.finish() == ["[b] => hello : Write the greeting", "[a] => Loop", "[a -> localhost] => hello : Note the greeting"])
    }
}
