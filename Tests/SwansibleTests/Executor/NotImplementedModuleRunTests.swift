import Testing
@testable import Swansible

/// ansible-core modules Swansible lacks: loaded like any module, refused only when a task runs one.
@Suite struct NotImplementedModuleRunTests {
    @Test func aTaskThatRunsOneFailsNamingItAndThePlayGoesOnAsAfterAnyFailure() async throws {
        let files = try LocalPlaybookRun(["site.yml": """
            - hosts: localhost
              gather_facts: false
              tasks:
                - ansible.builtin.yum_repository: {name: epel}
                  ignore_errors: true
                - rpm_key: {key: /k}
                  register: r
                  ignore_errors: true
                - debug: msg="{{ r.msg }}"
            """])
        defer { files.remove() }
        let (code, output, _) = await files.run()
        #expect(code == 0)
        #expect(output.contains(#"fatal: [localhost]: FAILED! => {"changed": false, "msg": "ansible.builtin.yum_repository is a module of ansible-core that Swansible does not implement"#))
        #expect(output.contains("\"msg\": \"rpm_key is a module of ansible-core that Swansible does not implement: the task cannot run."))
        #expect(output.contains("ignored=2"))
    }

    @Test func theyAreNeitherListedNorDocumented() {
        #expect(!ModuleDocs.listing.contains { $0.name == "ansible.builtin.rpm_key" })
        #expect(ModuleRegistry.module(named: "ansible.builtin.rpm_key") != nil)
        #expect(ModuleRegistry.module(named: "rpm_keys") == nil)
    }
}
