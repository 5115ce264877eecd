import Foundation
import Testing
@testable import Swansible

/// The shape of the project's workload (shared/spec/WORKLOAD.md): ansible.cfg with `ssh_args =
/// -F ssh.config`, a `vagrant ssh-config` file, an INI inventory with dashed groups and bare host
/// names, group_vars/all.yml with templated values — read together as the engine will.
@Suite struct InventoryWorkloadTests {
    @Test func vagrantStyleProjectResolvesEveryHost() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write("ansible.cfg", """
            [defaults]
            remote_user = core
            host_key_checking = false
            retry_files_enabled = false
            ansible_managed = Ansible managed: {file} modified on %Y-%m-%d %H:%M:%S by {uid} on {host}

            [ssh_connection]
            ssh_args = -F ssh.config
            """)
        var sshConfig = ""
        for (i, host) in ["k8s-master", "k8s-worker-1", "k8s-worker-2"].enumerated() {
            sshConfig += """
                Host \(host)
                  HostName 127.0.0.1
                  User core
                  Port \(2222 + i)
                  UserKnownHostsFile /dev/null
                  StrictHostKeyChecking no
                  PasswordAuthentication no
                  IdentityFile /home/me/.vagrant.d/insecure_private_key
                  IdentitiesOnly yes
                  LogLevel FATAL


                """
        }
        try dir.write("ssh.config", sshConfig)
        try dir.write("inventory", """
            [etcd]
            k8s-master

            [kube-master]
            k8s-master

            [kube-worker]
            k8s-worker-1
            k8s-worker-2

            [coreos:children]
            etcd
            kube-master
            kube-worker
            """)
        try dir.write("group_vars/all.yml", """
            ansible_python_interpreter: /opt/bin/python
            master_host: "{{ hostvars[groups['kube-master'][0]]['ansible_env']['COREOS_PUBLIC_IPV4'] }}"
            etcd_endpoints: "{% for host in groups['etcd'] %}http://{{ hostvars[host]['ansible_env']['COREOS_PUBLIC_IPV4'] }}:2379{% if not loop.last %},{% endif %}{% endfor %}"
            kube_version: v1.5.2
            """)

        let config = try AnsibleConfig.load(environment: ["HOME": dir.path + "/home"], currentDirectory: dir.path)
        #expect(config.remoteUser == "core" && !config.hostKeyChecking && !config.retryFilesEnabled)
        #expect(config.ansibleManaged?.hasPrefix("Ansible managed: {file}") == true)
        let sshPath = try #require(config.sshConfigFile)
        #expect(sshPath == dir.path + "/ssh.config")
        let ssh = try SSHClientConfig.load(path: sshPath, environment: ["HOME": "/home/me"])

        var warnings: [String] = []
        let inventory = try Inventory.load(config: config, sources: [dir.path + "/inventory"]) { warnings.append($0) }
        #expect(inventory.hostNames == ["k8s-master", "k8s-worker-1", "k8s-worker-2"])
        #expect(inventory.groupsVariable["kube-master"] == ["k8s-master"])
        #expect(inventory.groupsVariable["coreos"] == ["k8s-master", "k8s-worker-1", "k8s-worker-2"])
        #expect(warnings == ["Invalid characters were found in group names but not replaced, use -vvvv to see details"])

        for (i, host) in inventory.hostNames.enumerated() {
            let settings = ssh.settings(for: host)
            #expect(settings.hostName == "127.0.0.1" && settings.port == 2222 + i && settings.user == "core")
            #expect(settings.identityFiles == ["/home/me/.vagrant.d/insecure_private_key"])
            #expect(settings.strictHostKeyChecking == false && settings.identitiesOnly == true)
            let vars = try inventory.variables(for: host, playbookDirectory: dir.path + "/playbooks")
            // Templates stay text: the templar renders them lazily, per host.
            #expect(vars["master_host"]?.stringValue?.hasPrefix("{{ hostvars[groups['kube-master'][0]]") == true)
            #expect(vars["ansible_python_interpreter"] == "/opt/bin/python")
        }
        #expect(inventory.groupNames(of: "k8s-master") == ["coreos", "etcd", "kube-master"])
        #expect(try inventory.hosts(matching: "kube-worker") == ["k8s-worker-1", "k8s-worker-2"])
    }
}
