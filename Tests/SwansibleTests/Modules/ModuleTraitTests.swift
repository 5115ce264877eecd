import Foundation
import Testing
@testable import Swansible

/// The traits modules declare on themselves, and what the registry tells other stages.
@Suite struct ModuleTraitTests {
    @Test func commandLineModulesSayTheirFreeFormIsACommandLine() {
        let catalog = ModuleRegistry()
        for name in ["command", "shell", "raw", "script", "ansible.builtin.shell", "ansible.legacy.command"] {
            #expect(catalog.traits(ofModule: name)?.freeFormIsCommandLine == true, "\(name)")
        }
        for name in ["copy", "debug", "set_fact", "include_vars", "ansible.builtin.file"] {
            #expect(catalog.traits(ofModule: name)?.freeFormIsCommandLine == false, "\(name)")
        }
        #expect(catalog.traits(ofModule: "win_shell") == nil)
    }

    /// The loader's test catalog stands in for the registry; it must not drift from it.
    @Test func loaderTestCatalogAgreesWithTheRegistry() {
        for name in testModules {
            #expect(TestActions().traits(ofModule: name) == ModuleRegistry().traits(ofModule: name), "\(name)")
        }
    }

    /// A loader built from a name test reads tasks with the registry's traits.
    @Test func loaderFromANameTestUsesRegisteredTraits() throws {
        let loader = PlaybookLoader(isKnownModule: { ["shell", "copy", "made_up"].contains($0) })
        var nodes = NodeBuilder()
        let node = nodes.node([["shell": "echo a=b chdir=/tmp"], ["copy": "src=a dest=b"], ["made_up": "x=1"]])
        let tasks = try loader.loadTaskList(node, what: "tasks", scope: testScope()).flatMap(\.allTasks)
        #expect(tasks.map(\.args) == [
            ["chdir": "/tmp", "_raw_params": "echo a=b"], ["src": "a", "dest": "b"], ["x": "1"],
        ])
        #expect(throws: PlaybookError.self) {
            try loader.loadTaskList(nodes.node([["stat": "path=/x"]]), what: "tasks", scope: testScope())
        }
    }
}
