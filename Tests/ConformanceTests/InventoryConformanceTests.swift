import Foundation
import Testing
@testable import Swansible

/// Compares `Inventory` with ansible-core's own InventoryManager and VariableManager (the code
/// behind `ansible-inventory --list` and `--list-hosts`) on the scenarios of `InventoryCorpus`:
/// the `groups` variable, host patterns, `group_names` and every host's inventory variables.
@Suite struct InventoryConformanceTests {
    static let oracleScript = #"""
import json, os, shutil, sys, tempfile
# A directory of its own: the loader's default base is the working directory, whose group_vars/
# (the repository's) must not count.
work_dir = tempfile.mkdtemp(prefix='swansible-inv-cwd-')
os.chdir(work_dir)
from ansible.parsing.dataloader import DataLoader
from ansible.inventory.manager import InventoryManager
from ansible.vars.manager import VariableManager
INTERNAL = {'ansible_diff_mode','ansible_config_file','ansible_facts','ansible_forks','ansible_inventory_sources','ansible_limit',
  'ansible_playbook_python','ansible_run_tags','ansible_skip_tags','ansible_verbosity','ansible_version','inventory_dir','inventory_file',
  'inventory_hostname','inventory_hostname_short','groups','group_names','omit','playbook_dir','ansible_check_mode','ansible_python_interpreter',
  'ansible_play_hosts','ansible_play_hosts_all','ansible_play_batch','play_hosts','ansible_dependent_role_names','ansible_play_role_names',
  'ansible_role_names','role_names','ansible_collection_name','ansible_search_path','environment','vars','hostvars'}
def plain(v):
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)): return [plain(x) for x in v]
    if isinstance(v, str): return str(v)
    if isinstance(v, float): return {'__float__': repr(v)}
    if isinstance(v, (bool, int)) or v is None: return v
    return str(v)
out = []
for sc in json.load(sys.stdin):
    d = tempfile.mkdtemp(prefix='swansible-inv-')
    try:
        for rel, text in sc['files'].items():
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w') as f: f.write(text)
            if rel.endswith('.sh'): os.chmod(p, 0o755)
        srcs = [s if ',' in s else os.path.join(d, s) for s in sc['sources']]
        loader = DataLoader()
        im = InventoryManager(loader=loader, sources=srcs)
        vm = VariableManager(loader=loader, inventory=im)
        if sc.get('playbook_dir'):
            vm.safe_basedir = True
            loader.set_basedir(os.path.join(d, sc['playbook_dir']))
        res = {'groups': [{'name': k, 'hosts': v} for k, v in im.get_groups_dict().items()], 'patterns': {}, 'hostvars': {}, 'group_names': {}, 'limits': []}
        for pattern, limit in sc.get('limits', []):
            try:
                im.subset(limit)
                res['limits'].append([h.name for h in im.get_hosts(pattern)])
            except Exception:
                res['limits'].append(None)
            finally:
                im.subset(None)
        for p in sc['patterns']:
            try: res['patterns'][p] = [h.name for h in im.get_hosts(p)]
            except Exception as e: res['patterns'][p] = None
        for h in list(im.hosts) + sc.get('extra_hosts', []):
            v = vm.get_vars(host=im.get_host(h), include_hostvars=False)
            res['hostvars'][h] = plain({k: x for k, x in v.items() if k not in INTERNAL})
            res['group_names'][h] = v.get('group_names')
        out.append(res)
    finally:
        shutil.rmtree(d)
shutil.rmtree(work_dir)
print(json.dumps(out))
"""#

    struct Expected: Decodable {
        struct Group: Decodable { var name: String; var hosts: [String] }
        var groups: [Group]
        var patterns: [String: [String]?]
        var hostvars: [String: AnyJSON]
        var group_names: [String: [String]?]
        var limits: [[String]?]
    }

    /// Any JSON value, kept as sorted-key text for comparison.
    struct AnyJSON: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer().decode(JSONValue.self)
            text = value.value.jsonText(sortKeys: true)
        }
    }

    struct JSONValue: Decodable {
        var value: Value
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = .null }
            else if let b = try? c.decode(Bool.self) { value = .bool(b) }
            else if let i = try? c.decode(Int.self) { value = .int(i) }
            else if let d = try? c.decode(Double.self) { value = .float(d) }
            else if let s = try? c.decode(String.self) { value = .string(s) }
            else if let l = try? c.decode([JSONValue].self) { value = .list(l.map(\.value)) }
            else {
                let d = try c.decode([String: JSONValue].self)
                value = .dict(ValueDict(uniqueKeysWithValues: d.map { ($0.key, $0.value.value) }))
            }
        }
    }

    /// The oracle's `Expected` per scenario, stored in `Answers/InventoryConformanceTests.jsonl`.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/InventoryConformanceTests.jsonl",
                                       cases: InventoryCorpus.scenarios.map(\.answerKey)) {
        let scenarios = InventoryCorpus.scenarios
        let output = try Oracle.run(script: oracleScript, input: Value.list(scenarios.map(\.json)).jsonText())
        guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: zip(scenarios.map(\.name), results))
    }

    @Test func inventoriesMatchAnsible() throws {
        var compared = 0
        for scenario in InventoryCorpus.scenarios {
            guard let answer = Self.answers.answer(for: scenario.name) else { continue }
            try compare(scenario, try JSONDecoder().decode(Expected.self, from: Data(answer.jsonText().utf8)))
            compared += 1
        }
        Self.answers.printTally(compared, of: InventoryCorpus.scenarios.count)
    }

    private func compare(_ scenario: InventoryScenario, _ oracle: Expected) throws {
        let tree = try ConfigConformanceTests.TemporaryTree()
        defer { tree.cleanup() }
        for (path, text) in scenario.files {
            let full = try tree.write(path, text)
            if path.hasSuffix(".sh") { chmod(full, 0o755) }
        }
        let sources = scenario.sources.map { $0.contains(",") ? $0 : tree.path + "/" + $0 }
        let inventory = try Inventory.load(sources: sources)
        let name = scenario.name

        let groups = inventory.groupsVariable
        let order = oracle.groups.map(\.name)
        #expect(groups.dictValue.map { Array($0.keys) } == order, "\(name): group order\n  ansible: \(order)\n  ours:    \(groups.dictValue.map { Array($0.keys) } ?? [])")
        for group in oracle.groups {
            let ours = groups[group.name]?.listValue?.compactMap(\.stringValue)
            #expect(ours == group.hosts, "\(name): groups['\(group.name)']\n  ansible: \(group.hosts)\n  ours:    \(ours ?? [])")
        }
        for (pattern, hosts) in oracle.patterns {
            let ours = try? inventory.hosts(matching: pattern)
            #expect(ours == hosts, "\(name): pattern '\(pattern)'\n  ansible: \(hosts.map { "\($0)" } ?? "error")\n  ours:    \(ours.map { "\($0)" } ?? "error")")
        }
        let playbookDirectory = scenario.playbookDirectory.map { tree.path + "/" + $0 }
        for (host, vars) in oracle.hostvars {
            var ours = try inventory.variables(for: host, playbookDirectory: playbookDirectory)
            ours["inventory_file"] = nil
            ours["inventory_dir"] = nil
            let text = Self.taggingFloats(.dict(ours)).jsonText(sortKeys: true)
            #expect(text == vars.text, "\(name): variables of \(host)\n  ansible: \(vars.text)\n  ours:    \(text)")
        }
        #expect(oracle.limits.count == scenario.limits.count)
        for ((pattern, limit), hosts) in zip(scenario.limits, oracle.limits) {
            let ours = try? inventory.hosts(matching: pattern, limit: limit)
            #expect(ours == hosts, "\(name): pattern '\(pattern)' limited to '\(limit)'\n  ansible: \(hosts.map { "\($0)" } ?? "error")\n  ours:    \(ours.map { "\($0)" } ?? "error")")
        }
        for (host, names) in oracle.group_names {
            #expect(inventory.groupNames(of: host) == (names ?? []), "\(name): group_names of \(host)\n  ansible: \(names ?? [])\n  ours:    \(inventory.groupNames(of: host))")
        }
    }

    /// Floats as `{"__float__": repr}`, the way the oracle script writes them (JSON would lose `1000.0`).
    static func taggingFloats(_ v: Value) -> Value {
        switch v {
        case .float(let f): return ["__float__": .string(Value.pythonFloatRepr(f))]
        case .list(let l): return .list(l.map(taggingFloats))
        case .dict(let d): return .dict(d.mapValues(taggingFloats))
        default: return v
        }
    }
}
