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

    /// How ansible-core 2.19 names each in "Unsupported parameters for (NAME) module" (taken
    /// from running `foo: 1` tasks with it): modules behind an action plugin of their own are
    /// resolved to `ansible.legacy.<name>`; the rest keep the name as written.
    @Test(arguments: [
        ("command", ["cmd": "true"], "ansible.legacy.command"),
        ("copy", ["content": "x", "dest": "/tmp/x"], "ansible.legacy.copy"),
        ("uri", ["url": "http://x"], "ansible.legacy.uri"),
        ("stat", ["path": "/tmp"], "stat"),
        ("slurp", ["path": "/etc/hostname"], "slurp"),
        ("script", ["cmd": "/bin/true"], "script"),
        ("pause", [:], "pause"),
        ("debug", [:], "debug"),
    ] as [(String, ValueDict, String)])
    func unsupportedArgumentsNameTheModuleLikeAnsible(_ name: String, _ args: ValueDict, _ shown: String) async throws {
        var given = args
        given["foo"] = 1
        let r = try await runLocal(name, given)
        #expect(r.failed)
        #expect(r.message?.hasPrefix("Unsupported parameters for (\(shown)) module: foo.") == true, "\(r.message ?? "")")
    }

    @Test func setFactArgumentsAreVariablesNotCheckedAgainstItsSpec() async throws {
        let r = try await runLocal("set_fact", ["anything_goes": 1, "cacheable": true])
        #expect(!r.failed && r.hostVariables == ["anything_goes": 1] && r.facts == ["anything_goes": 1])
    }

    @Test func actionPluginKindsFollowAnsible() throws {
        func kind(_ name: String) throws -> ActionPluginKind { try #require(ModuleRegistry.module(named: name)).actionPlugin }
        for name in ["debug", "assert", "set_fact", "fail", "pause", "include_vars", "meta", "raw", "script"] {
            #expect(try kind(name) == .actionOnly, "\(name)")
        }
        for name in ["copy", "template", "command", "shell", "uri", "service"] {
            #expect(try kind(name) == .wrapsModule, "\(name)")
        }
        for name in ["stat", "file", "lineinfile", "slurp", "systemd", "setup", "ping", "wait_for", "get_url"] {
            #expect(try kind(name) == .normal, "\(name)")
        }
    }
}
