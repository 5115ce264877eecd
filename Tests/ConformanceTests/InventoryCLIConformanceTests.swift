import Foundation
import Testing
@testable import Swansible

/// `Inventory.listValue()` and `graphText()` against the real `ansible-inventory --list` and
/// `--graph` on some scenarios of `InventoryCorpus`; answers in `Answers/InventoryCLIConformanceTests.jsonl`.
@Suite struct InventoryCLIConformanceTests {
    static let scenarioNames: Set<String> = ["ini", "yaml", "directory with group_vars and host_vars", "deep groups and priorities"]

    static let script = #"""
import json, os, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-inventory')
jobs, dirs = [], []
for sc in json.load(sys.stdin):
    d = tempfile.mkdtemp(prefix='swansible-invcli-')
    dirs.append(d)
    for rel, text in sc['files'].items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f: f.write(text)
    args = []
    for s in sc['sources']: args += ['-i', s if ',' in s else os.path.join(d, s)]
    jobs.append(args)
home = tempfile.mkdtemp()
dirs.append(home)
env = dict(os.environ, ANSIBLE_HOME=home)
env.pop('ANSIBLE_CONFIG', None)
def run(args):
    out = {}
    for mode in ('--list', '--graph'):
        # In a directory of its own: the repository's ansible.cfg and group_vars/ must not count.
        r = subprocess.run([exe] + args + [mode], capture_output=True, text=True, env=env, cwd=home)
        out[mode] = r.stdout
    return out
with ThreadPoolExecutor(2) as pool:
    results = list(pool.map(run, jobs))
for d in dirs: shutil.rmtree(d)
print(json.dumps([{'list': r['--list'], 'graph': r['--graph'].rstrip('\n')} for r in results]))
"""#

    struct Output: Decodable { var list: String; var graph: String }

    static let scenarios = InventoryCorpus.scenarios.filter { scenarioNames.contains($0.name) }

    /// `{"list": stdout of --list, "graph": stdout of --graph}` per scenario.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/InventoryCLIConformanceTests.jsonl",
                                       cases: scenarios.map(\.answerKey)) {
        let output = try Oracle.run(script: script, input: Value.list(scenarios.map(\.json)).jsonText())
        guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: zip(scenarios.map(\.name), results))
    }

    @Test func listAndGraphMatchAnsibleInventory() throws {
        #expect(Self.scenarios.count == Self.scenarioNames.count)
        var compared = 0
        for scenario in Self.scenarios {
            guard let answer = Self.answers.answer(for: scenario.name) else { continue }
            let oracle = try JSONDecoder().decode(Output.self, from: Data(answer.jsonText().utf8))
            compared += 1
            let tree = try ConfigConformanceTests.TemporaryTree()
            defer { tree.cleanup() }
            for (path, text) in scenario.files { try tree.write(path, text) }
            let inventory = try Inventory.load(sources: scenario.sources.map { $0.contains(",") ? $0 : tree.path + "/" + $0 })

            let theirs = try JSONDecoder().decode(InventoryConformanceTests.JSONValue.self, from: Data(oracle.list.utf8)).value
            let ours = try inventory.listValue()
            // Both through the same JSON reading, so 1.0 and 1 compare alike on both sides.
            let oursRead = try JSONDecoder().decode(InventoryConformanceTests.JSONValue.self, from: Data(ours.jsonText().utf8)).value
            #expect(oursRead.jsonText(sortKeys: true) == theirs.jsonText(sortKeys: true),
                    "\(scenario.name): --list\n  ansible: \(theirs.jsonText(sortKeys: true))\n  ours:    \(oursRead.jsonText(sortKeys: true))")
            let graph = try inventory.graphText()
            #expect(graph == oracle.graph, "\(scenario.name): --graph\n  ansible:\n\(oracle.graph)\n  ours:\n\(graph)")
        }
        Self.answers.printTally(compared, of: Self.scenarios.count)
    }
}
