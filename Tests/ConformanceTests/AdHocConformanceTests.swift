import Foundation
import Testing
@testable import Swansible

/// Ad-hoc commands (`swansible PATTERN -m MODULE -a ARGS`) against ansible's `ansible` on the
/// same local inventory: standard output, standard error and exit status, times masked and the
/// temporary directory written `{dir}`; answers in `Answers/AdHocConformanceTests.jsonl`.
@Suite struct AdHocConformanceTests {
    /// Two local hosts, `a` in group `g`; the interpreter line is ansible's need only.
    static func inventory(python: String) -> String {
        "a ansible_connection=local ansible_python_interpreter=\(python)\nb ansible_connection=local ansible_python_interpreter=\(python)\n[g]\na\n"
    }

    /// Several hosts' results come in the order they finish: those command lines run with `-f 1`.
    static let commandLines: [[String]] = [
        ["a", "-m", "ping"], ["all", "-a", "echo hi", "-f", "1"], ["g", "-m", "shell", "-a", "echo out; echo err >&2; exit 3"],
        ["a", "-m", "debug", "-a", "msg=x"], ["a", "-m", "file", "-a", "path={dir}/touched state=touch"],
        ["a", "-m", "nosuch"], ["a", "-m", "ping", "-o"], ["all", "-a", "printf 'one\\ntwo'", "-o", "-f", "1"],
        ["a", "-m", "shell", "-a", "exit 2", "-o"], ["zz", "-m", "ping"], ["a", "-m", "command"],
        ["a", "-m", "fail", "-a", "msg=bad"], ["all", "-m", "ping", "-l", "zz"], ["all:!g", "-m", "ping", "-l", "b:nope"],
        ["a", "-m", "command", "-a", "chdir=/ pwd"], ["a", "-m", "copy", "-a", "content=x dest={dir}/copied", "-C"],
        ["a", "-m", "set_fact", "-a", "k=v"], ["zz"], ["-i", "localhost,", "nothing", "-m", "ping"],
        ["a", "-m", "setup", "-a", "filter=ansible_user_id"], ["a", "-m", "setup", "-a", "filter=ansible_no_such_fact*"],
        ["a", "-m", "setup", "-a", "filter=ansible_user_id", "-o"], ["a", "-m", "nosuchns.coll.mod"],
    ]

    static func key(_ arguments: [String]) -> AnswerKey { AnswerKey(key: arguments.joined(separator: " ")) }

    static let script = #"""
import json, os, re, shutil, subprocess, sys, tempfile
exe = os.path.join(os.path.dirname(sys.executable), 'ansible')
def masked(text, d):
    # Times change from run to run: stored without them.
    return re.sub(r'"(delta|start|end)": ?"[^"]*"', '"\\1": "\u2026"', text).replace(d, '{dir}')
out = {}
for args in json.load(sys.stdin):
    d = tempfile.mkdtemp(prefix='swansible-adhoc-')
    with open(os.path.join(d, 'hosts'), 'w') as f:
        f.write('a ansible_connection=local ansible_python_interpreter=%s\nb ansible_connection=local ansible_python_interpreter=%s\n[g]\na\n' % (sys.executable, sys.executable))
    with open(os.path.join(d, 'ansible.cfg'), 'w') as f: f.write('[defaults]\n')
    env = dict(os.environ, ANSIBLE_HOME=d, ANSIBLE_DEPRECATION_WARNINGS='0', ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
               ANSIBLE_CONFIG=os.path.join(d, 'ansible.cfg'))
    inventory = [] if args[0] == '-i' else ['-i', 'hosts']
    r = subprocess.run([exe] + inventory + [a.replace('{dir}', d) for a in args], capture_output=True, text=True, env=env, cwd=d)
    out[' '.join(args)] = {'stdout': masked(r.stdout, d), 'stderr': masked(r.stderr, d), 'rc': r.returncode}
    shutil.rmtree(d)
print(json.dumps(out))
"""#

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/AdHocConformanceTests.jsonl",
                                       cases: commandLines.map(key)) {
        let output = try Oracle.run(script: script, input: Value.list(commandLines.map { .list($0.map(Value.string)) }).jsonText())
        guard case .dict(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.key, $0.value) })
    }

    static func masked(_ text: String, _ directory: String) -> String {
        text.replacingOccurrences(of: #""(delta|start|end)": ?"[^"]*""#, with: "\"$1\": \"…\"", options: .regularExpression)
            .replacingOccurrences(of: directory, with: "{dir}")
    }

    @Test(arguments: commandLines)
    func outputMatchesAnsible(_ arguments: [String]) async throws {
        guard let answer = Self.answers.answer(for: Self.key(arguments).key) else { return }
        let tree = try ConfigConformanceTests.TemporaryTree()
        defer { tree.cleanup() }
        try tree.write("hosts", Self.inventory(python: "/usr/bin/python3"))
        try tree.write("ansible.cfg", "[defaults]\n")
        var words = arguments.map { $0.replacingOccurrences(of: "{dir}", with: tree.path) }[...]
        var options = RunOptions()
        if words.first == "-i" {
            words.removeFirst()
            options.inventorySources = [words.removeFirst()]
        } else {
            options.inventorySources = ["hosts"]
        }
        let pattern = words.removeFirst()
        var module = "command", moduleArguments: String?, oneLine = false
        while let word = words.popFirst() {
            switch word {
            case "-m": module = words.popFirst() ?? ""
            case "-a": moduleArguments = words.popFirst()
            case "-o": oneLine = true
            case "-C": options.checkMode = true
            case "-l": options.limit.append(words.popFirst() ?? "")
            case "-f": options.forks = words.popFirst().flatMap { Int($0) }
            default: Issue.record("unsupported argument \(word)")
            }
        }
        let sink = BufferSink()
        var cli = PlaybookCLI(
            options: options, playbooks: [], environment: ["HOME": tree.path, "ANSIBLE_CONFIG": tree.path + "/ansible.cfg", "ANSIBLE_LOCALHOST_WARNING": "0"],
            currentDirectory: tree.path, callback: AdHocCallback(module: module, oneLine: oneLine, sink: sink))
        cli.adHoc = AdHocTask(pattern: pattern, module: module, arguments: moduleArguments)
        let status = await cli.run()
        #expect(Self.masked(sink.text, tree.path) == Self.masked(answer["stdout"]?.stringValue ?? "", "{dir}"))
        #expect(Self.masked(sink.errorText, tree.path) == answer["stderr"]?.stringValue)
        #expect(Int(status) == answer["rc"]?.intValue)
    }
}
