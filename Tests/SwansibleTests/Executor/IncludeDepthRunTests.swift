import Foundation
import Testing
@testable import Swansible

/// An include cycle fails the including task once includes are nested `IncludeRunner.depthLimit`
/// deep (ansible-core runs it until it is stopped); recursion that ends runs.
@Suite struct IncludeDepthRunTests {
    @Test func anIncludeCycleFailsTheHostWithALocatedError() async throws {
        let files = try LocalPlaybookRun([
            "site.yml": "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - include_tasks: a.yml\n    - debug: msg=never\n",
            "a.yml": "- include_tasks: b.yml\n",
            "b.yml": "- include_tasks: a.yml\n",
        ])
        defer { files.remove() }
        let (code, output, errors) = await files.run()
        #expect(code == 2, "\(errors)")
        #expect(output.contains("256 includes are nested here: an include cycle?"))
        #expect(output.contains("Origin: \(files.directory)/"))
        #expect(output.contains("fatal: [localhost]: FAILED!"))
        #expect(!output.contains("never"))
        #expect(output.components(separatedBy: "included: ").count - 1 == IncludeRunner.depthLimit)
    }

    @Test func aFileThatIncludesItselfUntilAConditionEndsRuns() async throws {
        let files = try LocalPlaybookRun([
            "site.yml": "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - set_fact: {n: 0}\n    - include_tasks: again.yml\n",
            "again.yml": "- set_fact: {n: \"{{ n | int + 1 }}\"}\n- debug: msg=\"round {{ n }}\"\n- include_tasks: again.yml\n  when: n | int < 30\n",
        ])
        defer { files.remove() }
        let (code, output, errors) = await files.run()
        #expect(code == 0, "\(errors)")
        #expect(output.contains("\"msg\": \"round 30\""))
    }
}
