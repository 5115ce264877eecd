import Foundation
import Testing
@testable import Swansible

/// A throwaway directory of playbook files.
struct PlaybookTree {
    let root: String

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-pb-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    func load(_ path: String = "site.yml", rolesPath: [String] = []) throws -> Playbook {
        try PlaybookLoader(rolesPath: rolesPath, actions: TestActions()).load(path: root + "/" + path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Suite struct PlaybookFileTests {
    @Test func legacyStaticIncludePassesTagsWhenAndParamsToItsTasks() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  tasks:\n    - include: unit.yml svc=etcd\n      tags: [unit]\n      when: x\n",
            "unit.yml": "- name: install\n  template: src=a dest=b\n- name: start\n  systemd: name={{ svc }} state=started\n",
        ])
        defer { tree.remove() }
        let tasks = try tree.load().plays[0].allTasks
        #expect(tasks.map(\.displayName) == ["install", "start"])
        #expect(tasks.allSatisfy { $0.tags == ["unit"] && $0.keywords.when == ["x"] && $0.vars["svc"] == "etcd" })
        #expect(tasks[1].location.file.hasSuffix("/unit.yml") && tasks[1].location.line == 3)
    }

    @Test func legacyIncludeWithATemplateOrALoopStaysDynamic() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  tasks:\n    - include: \"{{ f }}.yml\"\n    - include: a.yml\n      with_items: [1, 2]\n",
            "a.yml": "- debug: msg=a\n",
        ])
        defer { tree.remove() }
        let tasks = try tree.load().plays[0].allTasks
        #expect(tasks.map(\.action) == ["include", "include"])
        let allDynamic = tasks.allSatisfy { $0.isDynamicInclude }
        #expect(allDynamic)
    }

    @Test func legacyIncludeHonoursStatic() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  tasks:\n    - include: a.yml\n      static: no\n    - include: a.yml\n      static: yes\n",
            "a.yml": "- name: in a\n  debug: msg=a\n",
        ])
        defer { tree.remove() }
        #expect(try tree.load().plays[0].allTasks.map(\.displayName) == ["include", "in a"])
        let other = try PlaybookTree(["site.yml": "- hosts: all\n  tasks:\n    - include_tasks: a.yml\n      static: no\n"])
        defer { other.remove() }
        #expect(playbookError { _ = try other.load() }?.message == "'static' is not a valid attribute for a Task")
    }

    @Test func includeTasksIsExpandedByTheExecutorWithoutItsTagsAndWhen() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  become: true\n  tasks:\n    - include_tasks: sub/a.yml\n      tags: [inc]\n      when: go\n      ignore_errors: true\n      vars: {v: 1}\n",
            "sub/a.yml": "- debug: msg=a\n- include_tasks: b.yml\n",
            "sub/b.yml": "- name: in b\n  debug: msg=b\n",
            "sub/c.yml": "- import_role: name=r\n",
            "roles/r/tasks/main.yml": "- name: rt\n  debug: msg=r\n",
            "roles/r/handlers/main.yml": "- name: rh\n  debug: msg=h\n",
        ])
        defer { tree.remove() }
        let playbook = try tree.load()
        guard case .task(let include)? = playbook.plays[0].tasks.first else { Issue.record("no include"); return }
        #expect(include.isDynamicInclude && include.includeTarget == "sub/a.yml")
        let loader = PlaybookLoader(actions: TestActions())
        let loaded = try loader.loadIncludedTasks(of: include, path: "sub/a.yml", playbookDir: tree.root)
        let inner = loaded.flatMap(\.allTasks)
        #expect(inner.count == 2)
        #expect(inner[0].tags.isEmpty && inner[0].keywords.when.isEmpty)
        #expect(inner[0].keywords["become"] == true && inner[0].vars == ["v": 1])
        #expect(include.keywords["ignore_errors"] == true && inner[0].keywords["ignore_errors"] == nil,
                "an include's own keywords stay on the include")
        // A nested include resolves beside the file that includes it.
        let nested = try loader.loadIncludedTasks(of: inner[1], path: "b.yml", playbookDir: tree.root)
        #expect(nested.flatMap(\.allTasks).map(\.displayName) == ["in b"])
        let withRole = try loader.loadIncludedFile(of: include, path: "sub/c.yml", playbookDir: tree.root)
        #expect(withRole.tasks.flatMap(\.allTasks).map(\.displayName) == ["r : rt"])
        #expect(withRole.handlers.flatMap(\.allTasks).map(\.displayName) == ["r : rh"])
    }

    @Test func rolesComeWithDefaultsVarsHandlersAndDependenciesFirst() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  roles:\n    - role: web\n      http_port: 8080\n      port: 2222\n      become: true\n      vars: {a: 1}\n",
            "roles/web/tasks/main.yml": "- name: serve\n  service: name=web state=started\n",
            "roles/web/defaults/main.yml": "port: 80\n",
            "roles/web/vars/main.yaml": "user: www\n",
            "roles/web/handlers/main.yml": "- name: restart web\n  service: name=web state=restarted\n",
            "roles/web/meta/main.yml": "dependencies:\n  - role: common\n    when: ok\n",
            "roles/common/tasks/main.yml": "- name: base\n  debug: msg=base\n",
        ])
        defer { tree.remove() }
        let play = try tree.load().plays[0]
        #expect(play.roles.map(\.invocation.role.name) == ["common", "web"])
        let web = play.roles[1].invocation
        #expect(web.params == ["http_port": 8080], "\(web.params)")
        #expect(web.keywords["port"] == 2222, "port is a keyword, not a parameter")
        #expect(web.vars == ["a": 1])
        #expect(web.defaults == ["port": 80] && web.roleVars == ["user": "www"])
        #expect(play.handlers.isEmpty)
        #expect(play.allHandlers.flatMap(\.allTasks).map(\.displayName) == ["web : restart web"])
        let tasks = play.allTasks
        #expect(tasks[0].displayName == "common : base")
        #expect(tasks[0].keywords.when == ["ok"] && tasks[0].keywords["become"] == true)
        #expect(tasks[1].role?.role.name == "web" && tasks[1].keywords["become"] == true)
    }

    @Test func rolesAreFoundOnTheRolesPathAndByPath() throws {
        let tree = try PlaybookTree([
            "play/site.yml": "- hosts: all\n  roles:\n    - shared\n    - configure/etcd\n    - ../elsewhere/solo\n",
            "library/shared/tasks/main.yml": "- debug: msg=shared\n",
            "play/roles/configure/etcd/tasks/main.yml": "- name: etcd\n  debug: msg=e\n",
            "elsewhere/solo/tasks/main.yml": "- name: solo\n  debug: msg=s\n",
        ])
        defer { tree.remove() }
        let play = try tree.load("play/site.yml", rolesPath: [tree.root + "/library"]).plays[0]
        // Like ansible-core 2.19, a role named by a path is shown by the path as written.
        #expect(play.roles.map(\.invocation.role.name) == ["shared", "configure/etcd", "../elsewhere/solo"])
        #expect(play.allTasks.map(\.displayName) == ["shared : debug", "configure/etcd : etcd", "../elsewhere/solo : solo"])
    }

    @Test func missingRoleNamesTheSearchedDirectories() throws {
        let tree = try PlaybookTree(["site.yml": "- hosts: all\n  roles:\n    - nosuch\n"])
        defer { tree.remove() }
        let e = playbookError { _ = try tree.load() }
        #expect(e?.kind == .roleNotFound)
        #expect(e?.message == "the role 'nosuch' was not found in \(tree.root)/roles:\(tree.root)")
        #expect(e?.location?.line == 3)
        let text = e?.description ?? ""
        #expect(text.contains("Origin: \(tree.root)/site.yml:3:7") && text.contains("3     - nosuch\n") && text.contains("^ column 7"), "\(text)")
    }

    @Test func errorsNameTheTaskTheyAreIn() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  roles: [r]\n",
            "roles/r/tasks/main.yml": "- name: ok\n  debug: msg=1\n- name: broken one\n  debug: msg=1\n  copy: src=a\n",
        ])
        defer { tree.remove() }
        let e = playbookError { _ = try tree.load() }
        #expect(e?.taskName == "r : broken one")
        #expect(e?.location?.file == tree.root + "/roles/r/tasks/main.yml" && e?.location?.line == 3)
    }

    @Test func searchPathsPutTheRoleFirst() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  roles: [r]\n  tasks:\n    - template: src=a dest=b\n",
            "roles/r/tasks/main.yml": "- template: src=a dest=b\n",
        ])
        defer { tree.remove() }
        let tasks = try tree.load().plays[0].allTasks
        let r = tree.root + "/roles/r"
        #expect(tasks[0].searchPaths(for: "templates", playbookDir: tree.root)
            == [r + "/templates", r, r + "/tasks/templates", r + "/tasks", tree.root + "/templates", tree.root])
        #expect(tasks[1].searchPaths(for: "files", playbookDir: tree.root) == [tree.root + "/files", tree.root])
    }

    @Test func duplicateRoleApplicationsAreMarked() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  roles:\n    - a\n    - a\n    - {role: a, x: 1}\n    - b\n    - b\n",
            "roles/a/tasks/main.yml": "- debug: msg=a\n",
            "roles/b/tasks/main.yml": "- debug: msg=b\n",
            "roles/b/meta/main.yml": "allow_duplicates: true\n",
        ])
        defer { tree.remove() }
        let play = try tree.load().plays[0]
        #expect(play.roles.map(\.isDuplicate) == [false, true, false, false, false])
        #expect(play.sections[1].count == 4, "the duplicate application does not run")
    }

    @Test func importRoleInlinesTasksAndAddsHandlers() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  tasks:\n    - import_role:\n        name: r\n        tasks_from: extra\n      tags: [ir]\n",
            "roles/r/tasks/main.yml": "- debug: msg=main\n",
            "roles/r/tasks/extra.yml": "- name: extra\n  debug: msg=extra\n",
            "roles/r/handlers/main.yml": "- name: h\n  debug: msg=h\n",
        ])
        defer { tree.remove() }
        let play = try tree.load().plays[0]
        #expect(play.allTasks.map(\.displayName) == ["r : extra", "r : h"])
        #expect(play.allTasks[0].tags == ["ir"])
    }

    @Test func recursiveImportsAreReported() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n",
            "a.yml": "- import_tasks: b.yml\n",
            "b.yml": "- import_tasks: a.yml\n",
        ])
        defer { tree.remove() }
        #expect(playbookError { _ = try tree.load() }?.kind == .recursion)
    }

    @Test func playLevelIncludeAndImportPlaybookPassTagsAndVars() throws {
        let tree = try PlaybookTree([
            "site.yml": "- include: other.yml\n  tags: [o]\n  vars: {v: 2}\n",
            "other.yml": "- hosts: web\n  vars: {w: 1}\n  tasks:\n    - debug: msg=1\n",
        ])
        defer { tree.remove() }
        let play = try tree.load().plays[0]
        #expect(play.keywords.tags == ["o"] && play.vars == ["v": 2, "w": 1])
        #expect(play.allTasks[0].tags == ["o"])
    }

    @Test func playAcceptsEveryPlayKeyword() throws {
        let tree = try PlaybookTree([
            "site.yml": """
                - name: all keywords
                  hosts: [a, b]
                  become: yes
                  become_user: root
                  become_method: sudo
                  gather_facts: no
                  gather_subset: [min]
                  remote_user: core
                  connection: ssh
                  serial: 1
                  strategy: free
                  any_errors_fatal: true
                  max_fail_percentage: 10
                  ignore_errors: false
                  tags: [p]
                  environment: {A: 1}
                  check_mode: false
                  diff: true
                  force_handlers: true
                  order: sorted
                  port: 22
                  run_once: false
                  no_log: false
                  module_defaults: {}
                  vars_files: [vars.yml]
                  vars_prompt: [{name: x, prompt: X}]
                  tasks: []

                """,
        ])
        defer { tree.remove() }
        let play = try tree.load().plays[0]
        #expect(play.displayName == "all keywords" && play.hostPatterns == ["a", "b"])
        #expect(play.keywords["serial"] == 1 && play.keywords["strategy"] == "free" && play.gatherFacts == false)
        #expect(play.varsFiles == ["vars.yml"] && play.varsPrompt != nil)
    }

    @Test func theRepositoryDemoPlaybookLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        try #require(FileManager.default.fileExists(atPath: root + "/playbooks/demo.yml"))
        let loader = PlaybookLoader(rolesPath: [root + "/roles"], actions: TestActions())
        let playbook = try loader.load(path: root + "/playbooks/demo.yml")
        #expect(playbook.plays.count == 2)
        let names = playbook.plays[0].allTasks.map(\.displayName)
        #expect(names.contains("demo-service : Install the heartbeat script"))
        // The unit's tasks come through a dynamic include_tasks, expanded at run time.
        #expect(playbook.plays[0].allTasks.first { $0.displayName == "demo-service : include_tasks" }?.tags == ["service"])
    }

    /// The flagship content loads without hosts: its 2.2-era `include:`s are expanded at load
    /// time with their tags, role dependencies come first, role-entry keywords reach the tasks.
    @Test func theKubernetesPlaybookLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let loader = PlaybookLoader(rolesPath: [root + "/roles"], actions: ModuleRegistry())
        let playbook = try loader.load(path: root + "/kubernetes.yml")
        #expect(playbook.plays.map(\.hostPatterns) == [["all"], ["kube-master"], ["etcd"], ["kube-master"], ["kube-worker"], ["kube-master"]])
        let etcd = playbook.plays[2].allTasks
        let health = try #require(etcd.first { $0.displayName == "etcd : Every member of the cluster is healthy" })
        #expect(Set(health.tags) == ["etcd", "test"])
        #expect(Set(try #require(etcd.first { $0.displayName == "etcd : Configure etcd-member" }).tags) == ["etcd"])
        let master = playbook.plays[3].allTasks.map(\.displayName)
        let flannel = try #require(master.firstIndex(of: "flannel : Configure flanneld"))
        let certificates = try #require(master.firstIndex(of: "kube-master : Copy the API server's certificates"))
        #expect(flannel < certificates, "the flannel dependency runs before the role")
        let ca = try #require(playbook.plays[1].allTasks.first { $0.displayName == "ca : Create the CA key" })
        #expect(ca.keywords["delegate_to"] == "127.0.0.1" && ca.keywords["run_once"] == true)
    }
}

@Suite struct PlaybookLegacyKeywordTests {
    @Test func sudoAndAlwaysRunReadAsBecomeAndCheckMode() throws {
        let tree = try PlaybookTree([
            "site.yml": """
                - hosts: all
                  sudo: yes
                  roles:
                    - { role: r, sudo_user: etcd }
                  tasks:
                    - name: as root via su
                      command: id
                      su: yes
                      su_user: root
                      always_run: yes

                """,
            "roles/r/tasks/main.yml": "- debug: msg=r\n",
        ])
        defer { tree.remove() }
        let warnings = WarningLog()
        let loader = PlaybookLoader(actions: TestActions(), onWarning: { warnings.append($0) })
        let play = try loader.load(path: tree.root + "/site.yml").plays[0]
        #expect(play.keywords["become"] == true && play.keywords["become_method"] == "sudo")
        let tasks = play.allTasks
        #expect(tasks[0].keywords["become_user"] == "etcd" && tasks[0].keywords["become"] == true)
        #expect(tasks[1].keywords["become_method"] == "su" && tasks[1].keywords["become_user"] == "root")
        #expect(tasks[1].keywords["check_mode"] == false)
        #expect(warnings.messages.count == 5)
        #expect(warnings.messages.first?.hasPrefix("'sudo' is deprecated, use 'become' instead") == true)
    }
}

final class WarningLog: @unchecked Sendable {
    private var stored: [String] = []
    private let lock = NSLock()
    func append(_ s: String) { lock.withLock { stored.append(s) } }
    var messages: [String] { lock.withLock { stored } }
}

@Suite struct PlaybookStaticNameTests {
    /// Stands in for the templar: replaces `{{ name }}` by the var's text.
    static let substitute: @Sendable (String, ValueDict) throws -> String = { text, vars in
        var out = text
        for (k, v) in vars { out = out.replacingOccurrences(of: "{{ \(k) }}", with: v.pythonString) }
        if out.contains("{{") { throw PlaybookError(.badArguments, "undefined in \(text)") }
        return out
    }

    @Test func staticImportsTemplateTheirNamesWithPlayVars() throws {
        let tree = try PlaybookTree([
            "site.yml": """
                - hosts: all
                  vars: {flavour: coreos, who: web}
                  roles:
                    - "{{ who }}"
                  tasks:
                    - import_tasks: "{{ flavour }}.yml"
                    - import_role:
                        name: "{{ who }}"
                      vars: {who: web}

                """,
            "coreos.yml": "- name: on coreos\n  debug: msg=c\n",
            "roles/web/tasks/main.yml": "- name: serve\n  debug: msg=s\n",
        ])
        defer { tree.remove() }
        var loader = PlaybookLoader(actions: TestActions())
        loader.templateStatic = Self.substitute
        let names = try loader.load(path: tree.root + "/site.yml").plays[0].allTasks.map(\.displayName)
        #expect(names == ["web : serve", "on coreos", "web : serve"])
    }

    @Test func untemplatableImportNamesTheImport() throws {
        let tree = try PlaybookTree(["site.yml": "- hosts: all\n  tasks:\n    - import_tasks: \"{{ nope }}.yml\"\n"])
        defer { tree.remove() }
        var loader = PlaybookLoader(actions: TestActions())
        loader.templateStatic = Self.substitute
        let e = playbookError { _ = try loader.load(path: tree.root + "/site.yml") }
        #expect(e?.message.hasPrefix("Error when evaluating variable in import path '{{ nope }}.yml'") == true)
        #expect(e?.location?.line == 3)
    }
}
