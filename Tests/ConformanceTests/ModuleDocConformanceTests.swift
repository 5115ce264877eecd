import Foundation
import Testing
@testable import Swansible

/// `swansible doc --json` against `ansible-doc --json`: for every module name Swansible answers
/// to, the options both document must agree on type, default, choices, aliases and required.
/// ansible-core's side (only those fields) is stored in `Answers/ModuleDocConformanceTests.jsonl`;
/// unknown names are compared on stderr, exit status and stdout (the names documented, with --json).
@Suite struct ModuleDocConformanceTests {
    static let moduleNames: [String] = ModuleDocs.listing.map { String($0.name.dropFirst("ansible.builtin.".count)) }

    /// ansible-doc's answers for a name it does not know, as text and as JSON.
    static let unknownCases: [String: [String]] = [
        "unknown module": ["no_such_module"],
        "unknown module --json": ["--json", "no_such_module"],
        "unknown and known --json": ["--json", "no_such_module", "ping"],
    ]

    static let cases: [AnswerKey] = moduleNames.map { AnswerKey(key: $0) } + unknownCases.keys.sorted().map { AnswerKey(key: $0) }

    /// Differences understood and accepted, `module option field` → why (each must still differ).
    static let knownDifferences: [String: String] = [
        "assert fail_msg type": "ansible's action takes a string or a list of strings (a type of its own, documented str)",
        "assert success_msg type": "the same: a string or a list of strings",
        "command free_form type": "ansible-doc's free_form is a documentation-only option without a type; Swansible's is the _raw_params string",
        "copy content type": "the copy action turns a non-string content into JSON before the module (str) sees it; Swansible is both",
        "copy dest required": "checked by the copy action itself, with its own message (dest is required), as in ansible-core",
        "debug msg type": "ansible's debug declares raw (any value prints); its docs say str",
        "debug var type": "any expression; ansible's debug declares raw, its docs say str",
        "fail msg type": "any value, as ansible's fail action passes it on; its docs say str",
        "fetch dest type": "ansible-doc gives no type (the fetch action checks it is a string itself); a string",
        "fetch src type": "the same: ansible-doc gives no type; a string",
        "git dest required": "ansible-doc documents dest as required; the module's spec does not require it (the module itself asks for it unless clone is false, with its own message), nor does Swansible's",
        "group_by parents default": "ansible-doc writes the one name 'all'; the action's default (and Swansible's) is the list [all]",
        "include_vars extensions default": "ansible-doc sorts them (json, yaml, yml); the action's own default, which its error message lists, is yaml, yml, json",
        "include_vars free-form type": "a documentation-only option in ansible-doc; Swansible's is the _raw_params string",
        "include_vars hash_behaviour choices": "ansible's include_vars action does not check the value; neither does Swansible",
        "meta free_form type": "a documentation-only option in ansible-doc; Swansible's is the _raw_params string",
        "pause minutes type": "ansible-doc gives no type; ansible's action converts it to a number, Swansible declares float",
        "pause prompt type": "ansible-doc gives no type; a string",
        "pause seconds type": "ansible-doc gives no type; ansible's action converts it to a number, Swansible declares float",
        "package name aliases": "ansible-core's package action hands the task to apt unvalidated; Swansible's package declares apt's arguments",
        "package name required": "the same: apt's name (not required: apt's state defaults to present)",
        "package name type": "the same: apt's name, a list",
        "package state choices": "the same: apt's state",
        "package state default": "the same: apt's state, present by default",
        "package state required": "the same: apt's state is optional",
        "package state type": "the same: apt's state, a string",
        "reboot reboot_command default": "ansible-doc documents a placeholder text ('[determined based on target OS]'); the action has no default and chooses shutdown (reboot on Alpine)",
        "package use type": "ansible-doc gives no type; a string",
        "package_facts manager choices": "documented only: ansible-core's module checks the names itself (Unsupported package managers requested: NAME), and so does Swansible",
        "raw executable type": "ansible-doc gives no type; a path",
        "raw free_form type": "a documentation-only option in ansible-doc; Swansible's is the _raw_params string",
        "service name aliases": "Swansible's service is systemd's module (as ansible-core's service action picks on systemd hosts)",
        "service name required": "the same: systemd's name, not required when only daemon_reload is asked",
        "set_fact key_value type": "a documentation-only option in both; Swansible's documentation options carry a type",
        "set_stats data type": "ansible-doc says dict; the set_stats action checks it itself, with its own message (The 'data' option needs to be a dictionary/hash), and so does Swansible",
        "setup gather_subset default": "ansible-doc writes 'all'; the module's spec (and Swansible's) is the list [all]",
        "validate_argument_spec argument_spec type": "ansible-doc gives no type (the action checks it is a dict itself); a dict",
        "validate_argument_spec provided_arguments type": "the same: ansible-doc gives no type; a dict",
        "template comment_end_string default": "ansible's template action uses Jinja's #} when it is not given; its docs give no default",
        "template comment_start_string default": "ansible's template action uses Jinja's {# when it is not given; its docs give no default",
        "template newline_sequence choices": "ansible-doc writes the escapes (\\n); the values are the characters",
        "user generate_ssh_key default": "ansible-doc says false; the module's argument spec (and Swansible's) has none, which its result's invocation shows as null",
        "user local default": "the same: ansible-doc says false; the argument spec has none (null in the invocation)",
        "user ssh_key_bits default": "ansible-doc gives none (ssh-keygen chooses); the argument spec's is 0, which the invocation shows",
        "template newline_sequence default": "ansible-doc writes the escape (\\n); the value is the newline character",
    ]

    static let script = #"""
import json, os, shutil, subprocess, sys, tempfile
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-doc')
request = json.load(sys.stdin)
d = tempfile.mkdtemp(prefix='swansible-doc-')
env = dict(os.environ, ANSIBLE_HOME=d, ANSIBLE_NOCOLOR='1', ANSIBLE_DEPRECATION_WARNINGS='0')
env.pop('ANSIBLE_CONFIG', None)
def run(args):
    return subprocess.run([exe] + args, capture_output=True, text=True, env=env, cwd=d)
out = {}
docs = json.loads(run(['--json'] + request['modules']).stdout)
for name in request['modules']:
    options = {}
    for o, spec in ((docs.get(name) or {}).get('doc', {}).get('options') or {}).items():
        entry = {k: spec[k] for k in ('type', 'default', 'choices', 'aliases', 'required') if k in spec}
        if isinstance(entry.get('choices'), dict): entry['choices'] = list(entry['choices'])
        options[o] = entry
    out[name] = {'options': options}
for key, args in request['unknown'].items():
    r = run(args)
    # JSON: only the names it documents (the documentation itself is ansible-core's own)
    stdout = sorted(json.loads(r.stdout)) if '--json' in args else r.stdout
    out[key] = {'stdout': stdout, 'stderr': r.stderr, 'rc': r.returncode}
shutil.rmtree(d)
print(json.dumps(out))
"""#

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/ModuleDocConformanceTests.jsonl", cases: cases) {
        let request: Value = [
            "modules": .list(moduleNames.map(Value.string)),
            "unknown": .dict(ValueDict(uniqueKeysWithValues: unknownCases.map { ($0.key, Value.list($0.value.map(Value.string))) })),
        ]
        let output = try Oracle.run(script: script, input: request.jsonText())
        guard case .dict(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.key, $0.value) })
    }

    @Test func optionsAgreeWithAnsibleDoc() throws {
        var differences: [String: String] = [:]
        var compared = 0
        for name in Self.moduleNames {
            guard let answer = Self.answers.answer(for: name) else { continue }
            compared += 1
            let (short, module) = try #require(ModuleDocs.resolve(name))
            let ours = ModuleDocs.entry(for: module, shortName: short)["doc"]?["options"]?.dictValue ?? [:]
            let theirs = answer["options"]?.dictValue ?? [:]
            for option in ours.keys where theirs[option] != nil {
                for (field, mine, other) in Self.fields(ours[option], theirs[option]) where mine != other {
                    differences["\(name) \(option) \(field)"] = "swansible \(mine), ansible-doc \(other)"
                }
            }
        }
        for (key, difference) in differences.sorted(by: { $0.key < $1.key }) where Self.knownDifferences[key] == nil {
            Issue.record("\(key): \(difference)")
        }
        if compared == Self.moduleNames.count {
            for (key, reason) in Self.knownDifferences where differences[key] == nil {
                Issue.record("\(key) no longer differs: remove it from knownDifferences (\(reason))")
            }
        }
        Self.answers.printTally(compared, of: Self.moduleNames.count)
    }

    @Test(arguments: unknownCases.keys.sorted())
    func unknownNamesAreWarningsAsInAnsibleDoc(_ key: String) throws {
        guard let answer = Self.answers.answer(for: key) else { return }
        let arguments = try #require(Self.unknownCases[key])
        var docs = ModuleDocs()
        docs.names = arguments.filter { !$0.hasPrefix("-") }
        docs.format = arguments.contains("--json") ? .json : .text
        var out = "", err = ""
        let status = docs.run(write: { out += $0 }, warn: { err += "[WARNING]: \($0)\n" }, error: { err += "[ERROR]: \($0)\n" })
        #expect(err == answer["stderr"]?.stringValue, "\(key): stderr\n\(err)")
        #expect(Int(status) == answer["rc"]?.intValue, "\(key): exit status \(status)")
        if docs.format == .json {
            // The names documented: what the documentation says is each tool's own.
            let names = try Value(jsonText: out).dictValue?.keys.sorted().map(Value.string)
            #expect(names.map(Value.list) == answer["stdout"], "\(key): stdout\n\(out)")
        } else {
            #expect(out == answer["stdout"]?.stringValue, "\(key): stdout\n\(out)")
        }
    }

    static let formatterScript = #"""
import json, os, sys
os.environ['ANSIBLE_NOCOLOR'] = '1'
from ansible import context
from ansible.utils.context_objects import CLIArgs
context.CLIARGS = CLIArgs({'type': 'module', 'verbosity': 0})
from ansible.cli.doc import DocCLI
out = {}
for name, entry in json.load(sys.stdin).items():
    doc = dict(entry['doc'], has_action=False)
    page = DocCLI.format_plugin_doc(name, 'module', doc, entry['examples'], entry['return'], entry['metadata'])
    out[name] = {'page': page, 'snippet': DocCLI.format_snippet(name, 'module', dict(entry['doc']))}
print(json.dumps(out))
"""#

    /// The layout: ansible-doc's own formatter, given Swansible's JSON, prints the same page
    /// and snippet as `swansible doc` (the action-plugin note aside, which Swansible leaves out:
    /// every module of it runs on the controller).
    @Test(.enabled(if: AnswerMode.current.asksOracle, AnswerMode.oracleOnlyReason))
    func ansibleDocFormatsOurJSONAsWeDo() throws {
        var entries = ValueDict()
        for name in Self.moduleNames {
            let (short, module) = try #require(ModuleDocs.resolve(name))
            entries[name] = ModuleDocs.entry(for: module, shortName: short)
        }
        let output = try Oracle.run(script: Self.formatterScript, input: Value.dict(entries).jsonText())
        let theirs = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines))
        for name in Self.moduleNames {
            for format in [ModuleDocs.Format.text, .snippet] {
                var docs = ModuleDocs()
                docs.names = [name]
                docs.format = format
                var ours = ""
                _ = docs.run(write: { ours += $0 }, warn: { _ in }, error: { _ in })
                let expected = theirs[name]?[format == .text ? "page" : "snippet"]?.stringValue
                #expect(ours == expected, "\(name) \(format):\n\(ours)\n--- ansible-doc's formatter:\n\(expected ?? "")")
            }
        }
    }

    /// The compared fields of one option on both sides, as text: choices and aliases in any
    /// order, a missing or null default alike, a missing `required` false.
    static func fields(_ ours: Value?, _ theirs: Value?) -> [(String, String, String)] {
        // ansible-doc writes many boolean defaults as the words yes/no; the specs say True/False.
        var theirs = theirs
        if theirs?["type"]?.stringValue == "bool", let word = theirs?["default"]?.stringValue,
           let flag = ["yes": true, "no": false][word], case .dict(var entry)? = theirs {
            entry["default"] = .bool(flag)
            theirs = .dict(entry)
        }
        func text(_ value: Value?, _ field: String) -> String {
            switch (field, value) {
            case ("required", let v): return String(v?.isTruthy ?? false)
            case (_, nil), (_, .null?): return "(none)"
            case ("choices", .list(let items)?), ("aliases", .list(let items)?):
                return Value.list(items.sorted { $0.jsonText() < $1.jsonText() }).jsonText()
            case (_, let v?): return v.jsonText()
            }
        }
        return ["type", "default", "choices", "aliases", "required"].map { field in
            (field, text(ours?[field], field), text(theirs?[field], field))
        }
    }
}
