import Foundation
@testable import Swansible

/// Runs module tasks through real ansible-core (`ansible-playbook -c local`) in one process and
/// returns each task's result as registered (`invocation` included), for differential tests of
/// the modules.
enum ModuleOracle {
    struct Task {
        var module: String
        var args: ValueDict
        var checkMode = false
        var diffMode = false
    }

    static let script = #"""
import json, os, subprocess, sys, tempfile
tasks = json.load(sys.stdin)
bindir = os.path.dirname(sys.executable)
with tempfile.TemporaryDirectory() as work:
    out = os.path.join(work, "results.json")
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": []}]
    names = []
    for i, t in enumerate(tasks):
        name = "r%d" % i
        names.append(name)
        # In a loop of one: ansible-core keeps a module's `invocation` in a loop's items only.
        play[0]["tasks"].append({"name": name, t["module"]: t["args"], "register": name, "loop": [0],
                                 "ignore_errors": True, "check_mode": t["check"], "diff": t.get("diff", False)})
    expr = "{{ {" + ", ".join("'%s': %s" % (n, n) for n in names) + "} | to_json }}"
    play[0]["tasks"].append({"copy": {"content": expr, "dest": out}})
    with open(os.path.join(work, "play.yml"), "w") as f:
        json.dump(play, f)
    env = dict(os.environ, ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0")
    p = subprocess.run([os.path.join(bindir, "ansible-playbook"), "-i", "localhost,", "-e", "ansible_python_interpreter=" + sys.executable, os.path.join(work, "play.yml")],
                       env=env, capture_output=True, text=True)
    if not os.path.exists(out):
        sys.stderr.write(p.stdout + p.stderr)
        sys.exit(1)
    results = json.load(open(out))
    items = [results[n]["results"][0] for n in names]
    for item in items:
        for key in ("item", "ansible_loop_var"):
            item.pop(key, None)
    print(json.dumps(items))
"""#

    /// The registered result of each task, in order.
    static func run(_ tasks: [Task]) throws -> [Value] {
        let input = Value.list(tasks.map { ["module": .string($0.module), "args": .dict($0.args), "check": .bool($0.checkMode), "diff": .bool($0.diffMode)] })
        let output = try Oracle.run(script: script, input: input.jsonText())
        guard let parsed = try? Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)), case .list(let results) = parsed else {
            throw OracleError(message: "unparsable oracle output: \(output)")
        }
        return results
    }
}

/// Values compared with path prefixes and run-specific details removed.
enum ResultNormaliser {
    /// Keys whose values differ from run to run (their presence is still compared).
    /// (`_original_basename` is the name of a temp file for copy's `content`, in `invocation`.)
    static let volatile: Set<String> = ["start", "end", "delta", "src", "atime", "mtime", "ctime", "inode", "dev", "backup_file",
                                        "_original_basename"]

    static func normalise(_ value: Value, replacing dirs: [String]) -> Value {
        switch value {
        case .string(let s):
            var t = s
            for d in dirs { t = t.replacingOccurrences(of: d, with: "{dir}") }
            return .string(t)
        case .list(let l): return .list(l.map { normalise($0, replacing: dirs) })
        case .dict(let d):
            var out = ValueDict()
            for (k, v) in d where !k.hasPrefix("_ansible") && k != "warnings" && k != "deprecations" && k != "diff" {
                // Keys may be paths too (find's skipped_paths).
                var key = k
                for d in dirs { key = key.replacingOccurrences(of: d, with: "{dir}") }
                out[key] = volatile.contains(k) ? .string("<volatile>") : normalise(v, replacing: dirs)
            }
            return .dict(ValueDict(uniqueKeysWithValues: out.sorted { $0.key < $1.key }))
        default: return value
        }
    }
}
