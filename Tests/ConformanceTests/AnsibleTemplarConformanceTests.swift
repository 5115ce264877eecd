import Foundation
import Testing
@testable import Swansible

/// Differential tests of `AnsibleTemplar` against ansible-core 2.19's Templar over
/// `TemplateCorpus/ansible-*.jsonl`. Variables are trusted (templated) like inventory and play vars.
/// Option `mode`: `template` (default; the result compared as JSON), `condition`, `file` (text).
/// Conditionals run with ALLOW_BROKEN_CONDITIONALS (truthiness), which is what Swansible does.
/// Option `sort`: compare a list result sorted (for set operations, whose order is Python's hash order).
@Suite struct AnsibleTemplarConformanceTests {
    static let cases = TemplateCorpus.cases(prefix: "ansible-")

    static let script = #"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import os
os.environ["SWANSIBLE_TEST_ENV"] = "from-env"
os.environ["ANSIBLE_ALLOW_BROKEN_CONDITIONALS"] = "1"
import tempfile
_cfg = os.path.join(tempfile.mkdtemp(prefix="swansible-oracle-"), "ansible.cfg")
open(_cfg, "w").close()
os.environ["ANSIBLE_CONFIG"] = _cfg
from ansible.template import Templar, trust_as_template
from ansible.parsing.dataloader import DataLoader
from ansible.module_utils.common.text.converters import to_text
def trust(v):
    if isinstance(v, str): return trust_as_template(v)
    if isinstance(v, list): return [trust(x) for x in v]
    if isinstance(v, dict): return {k: trust(x) for k, x in v.items()}
    return v
def plain(v):
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, bool) or v is None: return v
    if isinstance(v, int): return int(v)
    if isinstance(v, float): return float(v)
    if isinstance(v, str): return str(v)
    raise TypeError("unsupported result type %s" % type(v).__name__)
for line in sys.stdin:
    case = json.loads(line)
    o = case.get("o", {})
    mode = o.get("mode", "template")
    loader = DataLoader()
    if o.get("files"):
        d = tempfile.mkdtemp(prefix="swansible-oracle-")
        for name, text in o["files"].items():
            os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
            with open(os.path.join(d, name), "w") as f: f.write(text)
        loader.set_basedir(d)
    env = o.get("env", {})
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        t = Templar(loader=loader, variables=trust(case["v"]))
        if mode == "condition":
            r = t.evaluate_conditional(trust_as_template(case["t"]))
        elif mode == "file":
            r = to_text(t.template(trust_as_template(case["t"]), escape_backslashes=False))
        else:
            r = plain(t.template(trust_as_template(case["t"])))
        if o.get("sort") and isinstance(r, list): r = sorted(r, key=lambda x: json.dumps(x))
        out = {"ok": json.dumps(r, sort_keys=False)}
    except Exception as e:
        out = {"err": type(e).__name__, "msg": str(e)}
    for k, v in saved.items():
        if v is None: os.environ.pop(k, None)
        else: os.environ[k] = v
    print(json.dumps(out), flush=True)
"""#

    /// ansible-core's answers, stored in `TemplateCorpus/ansible-*.answers.jsonl` (the home
    /// directory, which the `config` lookup shows, written `{home}`).
    static let answers = TemplateCorpus.answers(to: cases, script: script, portable: MachinePaths.portable)

    static func ours(_ c: TemplateCase) -> CaseOutcome {
        var options = TemplarOptions(environment: ["SWANSIBLE_TEST_ENV": "from-env"])
        do {
            if case .dict(let files)? = c.options["files"] { options.searchPaths = [try writeFiles(files)] }
            if case .dict(let env)? = c.options["env"] {
                var environment = ["ANSIBLE_CONFIG": emptyConfigFile, "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/"]
                for (k, v) in env { environment[k] = v.pythonString }
                options.config = try AnsibleConfig.load(environment: environment, currentDirectory: NSTemporaryDirectory())
            }
            let templar = AnsibleTemplar(variables: StaticTemplateVariables(c.variables), options: options)
            var result: Value
            switch c.options["mode"]?.stringValue ?? "template" {
            case "condition": result = .bool(try templar.evaluateCondition(c.template))
            case "file": result = .string(try templar.renderFile(c.template, path: "case.j2", extraVariables: [:]))
            default: result = try templar.template(.string(c.template))
            }
            if c.options["sort"]?.isTruthy == true, case .list(let l) = result {
                result = .list(l.sorted { $0.jsonText() < $1.jsonText() })
            }
            return .output(MachinePaths.portable(result.jsonText(asciiOnly: true)))
        } catch {
            return .failure("\(error)")
        }
    }

    /// Option `files`: a name → text map written to a fresh directory that lookups search.
    static func writeFiles(_ files: ValueDict) throws -> String {
        let dir = NSTemporaryDirectory() + "swansible-corpus-" + UUID().uuidString
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.pythonString.utf8).write(to: URL(fileURLWithPath: path))
        }
        return dir
    }

    /// An empty ansible.cfg, so that option `env` alone decides the `config` lookup's settings.
    static let emptyConfigFile: String = {
        let path = NSTemporaryDirectory() + "swansible-corpus-empty-\(getpid()).cfg"
        FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }()

    @Test func corpusHasCases() {
        #expect(Self.cases.count >= 100)
    }

    @Test(arguments: cases)
    func matchesAnsibleCore(_ c: TemplateCase) {
        guard let theirs = Self.answers.outcome(c) else { return }
        let mine = Self.ours(c)
        #expect(mine.agrees(with: theirs), "\(c.id) template: \(c.template.debugDescription)\n  ansible-core: \(theirs)\n  swansible:    \(mine)")
    }
}
