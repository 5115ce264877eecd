import Foundation
import Testing
@testable import Swansible

/// The loaded model compared with ansible-core's own objects: for every task and handler of
/// every play (as `Play.compile()` orders them), its name, action, arguments and effective
/// keywords after inheritance. ansible-core's descriptions are stored in
/// `Answers/PlaybookModelConformanceTests.jsonl` (the fixtures' directory written `{fixtures}`).
@Suite struct PlaybookModelConformanceTests {
    static let dumpScript = """
        import sys, json, os
        from ansible import context
        from ansible.module_utils.common.collections import ImmutableDict
        context.CLIARGS = ImmutableDict(tags=[], skip_tags=[], check=False, diff=False, syntax=True, listtasks=False)
        from ansible.parsing.dataloader import DataLoader
        from ansible.vars.manager import VariableManager
        from ansible.inventory.manager import InventoryManager
        from ansible.playbook import Playbook
        from ansible.playbook.block import Block
        from ansible.plugins.loader import init_plugin_loader
        init_plugin_loader()
        loader = DataLoader()
        inventory = InventoryManager(loader=loader, sources='localhost,')
        manager = VariableManager(loader=loader, inventory=inventory)

        def plain(v):
            return json.loads(json.dumps(v, default=str))

        def merged(envs):
            # What a task's environment amounts to: its mappings merged in order (ansible-core
            # may repeat a dependency chain's entries; that changes nothing).
            out = {}
            for e in envs or []:
                out.update(e if isinstance(e, dict) else {"<template>": e})
            return out

        def unique(items):
            # Conditions all must hold: ansible-core may repeat a role's through its dependency
            # chain; each once, in first-seen order, is what they amount to.
            out = []
            for i in items or []:
                if i not in out: out.append(i)
            return out

        def as_list(v):
            # A lone string stays a string on ansible's objects; ours are always lists.
            return None if v is None else [v] if isinstance(v, str) else list(v)

        def describe(t):
            return json.dumps(plain({
                "name": t.get_name(), "action": t.action, "args": dict(t.args), "tags": sorted(set(t.tags)),
                "when": unique(t.when), "become": t.become, "become_user": t.become_user,
                "delegate_to": t.delegate_to, "ignore_errors": t.ignore_errors, "loop_with": t.loop_with,
                "loop": t.loop, "register": t.register, "notify": as_list(t.notify), "run_once": t.run_once,
                "vars": t.get_vars(), "no_log": t.no_log, "environment": merged(t.environment),
                "module_defaults": [{k.replace("ansible.builtin.", ""): v for k, v in d.items()} for d in (t.module_defaults or [])], "check_mode": t.check_mode, "any_errors_fatal": t.any_errors_fatal,
                "timeout": t.timeout, "throttle": t.throttle, "delay": t.delay, "async": t.async_val, "poll": t.poll,
                "until": as_list(t.until) or [], "retries": t.retries, "changed_when": as_list(t.changed_when) or [],
                "failed_when": as_list(t.failed_when) or [],
                # Role handlers also listen as `role : topic`: matching notify is the executor's job.
                "role_params": t._role._role_params if t._role else None,
                "role_vars": t._role._role_vars if t._role else None,
                "role_defaults": t._role._default_vars if t._role else None,
                "role_entry_vars": t._role.vars if t._role else None,
                "listen": None if getattr(t, "listen", None) is None else [l for l in as_list(t.listen) if " : " not in l],
            }), sort_keys=True)

        def walk(items, out):
            for t in items:
                if isinstance(t, Block):
                    walk(t.block, out); walk(t.rescue, out); walk(t.always, out)
                elif not t.implicit:
                    out.append(describe(t))

        # Each file given: a `FILE` line, then its plays.
        for path in sys.argv[1:]:
            os.chdir(os.path.dirname(path))
            playbook = Playbook.load(path, variable_manager=manager, loader=loader)
            print("FILE " + path)
            for play in playbook.get_plays():
                tasks, handlers = [], []
                walk(play.compile(), tasks)
                walk(play.handlers + play.compile_roles_handlers(), handlers)
                print("PLAY " + play.get_name())
                for line in tasks: print("  " + line)
                print("HANDLERS")
                for line in handlers: print("  " + line)
        """

    static func describe(_ t: PlaybookTask) -> String {
        var loopWith: Value = .null, loop: Value = .null
        switch t.loop?.source {
        case .lookup(let name, let terms)?: (loopWith, loop) = (.string(name), terms)
        case .loop(let v)?: loop = v
        case nil: break
        }
        let k = t.keywords
        func list(_ name: String) -> Value { k[name] ?? .list([]) }
        let d: ValueDict = [
            "name": .string(t.displayName), "action": .string(t.action), "args": .dict(t.args),
            "tags": .list(Set(t.tags).sorted().map { .string($0) }), "when": .list(KeywordValues.unique(k.when)),
            "become": k["become"] ?? .null, "become_user": k["become_user"] ?? .null,
            "delegate_to": k["delegate_to"] ?? .null, "ignore_errors": k["ignore_errors"] ?? .null,
            "loop_with": loopWith, "loop": loop, "register": k["register"] ?? .null,
            "notify": k["notify"] ?? .null, "run_once": k["run_once"] ?? .null, "vars": .dict(t.vars),
            "no_log": k.valueOrDefault("no_log") ?? .null, "environment": Self.merged(k.environment),
            "module_defaults": k["module_defaults"] ?? .list([]), "check_mode": k.valueOrDefault("check_mode") ?? .null,
            "any_errors_fatal": k.valueOrDefault("any_errors_fatal") ?? .null,
            "timeout": k.valueOrDefault("timeout") ?? .null, "throttle": k.valueOrDefault("throttle") ?? .null,
            "delay": k.valueOrDefault("delay") ?? .null, "async": k.valueOrDefault("async") ?? .null,
            "poll": k.valueOrDefault("poll") ?? .null,
            "until": list("until"), "retries": k["retries"] ?? .null, "changed_when": list("changed_when"),
            "failed_when": list("failed_when"), "listen": t.isHandler ? .list(t.listen) : .null,
            "role_params": t.role.map { .dict($0.params) } ?? .null,
            "role_vars": t.role.map { .dict($0.roleVars) } ?? .null,
            "role_defaults": t.role.map { .dict($0.defaults) } ?? .null,
            "role_entry_vars": t.role.map { .dict($0.vars) } ?? .null,
        ]
        return Value.dict(d).jsonText(sortKeys: true, asciiOnly: true)
    }

    /// A task's environment entries merged in order, as the executor will see them.
    static func merged(_ environment: [Value]) -> Value {
        var out = ValueDict()
        for entry in environment {
            if case .dict(let d) = entry { for (k, v) in d { out[k] = v } } else { out["<template>"] = entry }
        }
        return .dict(out)
    }

    static func ours(_ file: String) throws -> String {
        let modules: Set<String> = ["debug", "command", "shell", "set_fact", "wait_for", "uri", "template", "systemd", "copy", "raw", "include_vars",
                                    "service", "ansible.builtin.debug"]
        let playbook = try PlaybookLoader(isKnownModule: { modules.contains($0) }).load(path: file)
        var lines: [String] = ["FILE " + file]
        for play in playbook.plays {
            lines.append("PLAY " + play.displayName)
            let items = play.preTasks + play.roles.flatMap(\.tasks) + play.tasks + play.postTasks
            lines += items.flatMap(\.allTasks).map { "  " + describe($0) }
            lines.append("HANDLERS")
            lines += play.allHandlers.flatMap(\.allTasks).map { "  " + describe($0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let fixtureNames = ["forms", "keywords", "roles-and-tags", "role-dedupe", "role-paths", "import-playbook", "kubernetes-era"]

    static let answers = OracleAnswers(
        file: "Tests/ConformanceTests/Answers/PlaybookModelConformanceTests.jsonl",
        cases: fixtureNames.map { AnswerKey(key: $0, input: InputDigest.of(directory: PlaybookListingConformanceTests.fixtures + "/" + $0)) })

    /// `text` with the fixtures' directory written `{fixtures}`.
    static func portable(_ text: String) -> String {
        text.replacingOccurrences(of: PlaybookListingConformanceTests.fixtures, with: "{fixtures}")
    }

    @Test(arguments: fixtureNames)
    func modelMatchesAnsible(_ name: String) throws {
        let file = PlaybookListingConformanceTests.fixtures + "/" + name + "/site.yml"
        guard let answer = Self.answers.answer(for: name, oracle: { .string(Self.portable(try Oracle.run(script: Self.dumpScript, arguments: [file]))) })
        else { return }
        let expected = answer.stringValue ?? ""
        let actual = Self.portable(try Self.ours(file))
        let ours = actual.split(separator: "\n"), theirs = expected.split(separator: "\n")
        #expect(ours.count == theirs.count, "\n--- ours\n\(actual)\n--- ansible\n\(expected)")
        for (a, b) in zip(ours, theirs) where a != b {
            #expect(a == b, "\n  ours:    \(a)\n  ansible: \(b)")
        }
    }
}
