import Foundation
import Testing
@testable import Swansible
import SwansibleYAML

/// Every YAML file shipped inside the oracle's site-packages (ansible-core's config definitions,
/// runtime routing, test data), loaded by PyYAML and by us: the values must be the same.
/// Oracle-only: the inputs are the oracle's own installed files, which this repository does not
/// hold, so there is nothing to store answers beside.
@Suite struct YAMLRealWorldConformanceTests {
    static let script = #"""
import json, os, site, sys, yaml
class Loader(yaml.CSafeLoader): pass
Loader.add_constructor('tag:yaml.org,2002:timestamp', lambda loader, node: loader.construct_scalar(node))
def norm(v):
    if isinstance(v, dict): return {(k if isinstance(k, str) else str(k)): norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [norm(x) for x in v]
    if isinstance(v, bytes): return v.decode('utf-8', 'replace')
    if isinstance(v, set): return {(k if isinstance(k, str) else str(k)): None for k in sorted(v, key=str)}
    if isinstance(v, float): return {'__float__': repr(v)}
    return v
root = os.path.dirname(os.path.dirname(os.path.abspath(yaml.__file__)))
out = []
for d, _, files in sorted(os.walk(root)):
    for f in sorted(files):
        if not f.endswith(('.yml', '.yaml')): continue
        p = os.path.join(d, f)
        try:
            with open(p, encoding='utf-8') as fh: text = fh.read()
            docs = [norm(x) for x in yaml.load_all(text, Loader=Loader)]
            out.append({'path': p, 'json': json.dumps(docs, sort_keys=True)})
        except Exception as e:
            out.append({'path': p, 'error': type(e).__name__})
print(json.dumps(out))
"""#

    struct Entry: Decodable { var path: String; var json: String?; var error: String? }

    static func shape(_ v: Value) -> Value {
        switch v {
        case .float(let f): return ["__float__": .string(Value.pythonFloatRepr(f))]
        case .list(let l): return .list(l.map(shape))
        case .dict(let d): return .dict(d.mapValues(shape))
        default: return v
        }
    }

    @Test(.enabled(if: AnswerMode.current.asksOracle, AnswerMode.oracleOnlyReason))
    func shippedYAMLFilesMatchPyYAML() throws {
        let output = try Oracle.run(script: Self.script)
        let entries = try JSONDecoder().decode([Entry].self, from: Data(output.utf8))
        #expect(entries.count > 20)
        var compared = 0
        for entry in entries {
            guard let data = FileManager.default.contents(atPath: entry.path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let ours: String
            do {
                ours = Value.list(try YAMLLoader.loadDocuments(text, file: entry.path).map { Self.shape($0.value) }).jsonText(sortKeys: true)
            } catch {
                ours = "error: \(error)"
            }
            if let expected = entry.json {
                // Python's json.dumps escapes non-ASCII; compare both decoded.
                let theirs = try JSONDecoder().decode(InventoryConformanceTests.JSONValue.self, from: Data(expected.utf8)).value.jsonText(sortKeys: true)
                #expect(ours == theirs, "\(entry.path)\n  PyYAML: \(theirs.prefix(400))\n  ours:   \(ours.prefix(400))")
            } else {
                #expect(ours.hasPrefix("error"), "\(entry.path): PyYAML failed (\(entry.error ?? "")), we loaded it")
            }
            compared += 1
        }
        print("YAML real-world files compared: \(compared)")
    }
}
