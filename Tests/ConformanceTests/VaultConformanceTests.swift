import Foundation
import Testing
@testable import Swansible

/// `swansible vault` against `ansible-vault`: the same command lines in the same scratch
/// directories, compared byte for byte (standard output, standard error, exit status and the
/// files left behind). With `ANSIBLE_VAULT_ENCRYPT_SALT` fixed the ciphertexts are reproducible,
/// so the answers are stored (`Answers/VaultConformanceTests.jsonl`) and need no Python; the
/// round trips with random salts run only against the live oracle.
@Suite struct VaultConformanceTests {
    /// One command line: `{dir}` in the output stands for the scratch directory.
    struct Case: Sendable {
        var name: String
        var arguments: [String]
        var stdin = ""
        /// Files written before the run (beside `pw` = "secret", `pw2` = "other").
        var files: [String: String] = [:]
        /// Files whose content and mode are compared after the run.
        var check: [String] = []
        /// `$EDITOR` for edit and create (`sh ed.sh` appends a line).
        var editor = "true"

        var json: Value {
            .dict(["name": .string(name), "args": .list(arguments.map(Value.string)), "stdin": .string(stdin),
                   "files": .dict(ValueDict(uniqueKeysWithValues: files.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) })),
                   "check": .list(check.map(Value.string)), "editor": .string(editor)])
        }
        var answerKey: AnswerKey { AnswerKey(key: name, input: InputDigest.of(json.jsonText(sortKeys: true))) }
    }

    static let salt = "fixedsalt"
    /// "hello\n" encrypted by ansible-vault with `secret` and the salt above.
    static let vaultedHello = """
        $ANSIBLE_VAULT;1.1;AES256
        3636363937383635363437333631366337340a306135616334383731353265353935393838363761
        65633166373533333439313536653965643039366632306535623761353934376561306330333166
        3863330a3462316565623564656466663733626537343633633339333833663335653534

        """
    /// "name: value\n" encrypted by ansible-vault with `secret`, the salt above and the vault id `lab`.
    static let vaultedLab = """
        $ANSIBLE_VAULT;1.2;AES256;lab
        3636363937383635363437333631366337340a643133353761653533303263366431393935303736
        34313266306266613261633866396236383234393133643262303563653039313666663633376637
        6133350a3464316165613534623864353066643531323163616339333864666435303561

        """
    static let pw = ["--vault-password-file", "pw"]
    static let appendingEditor = ["ed.sh": "echo 'added: line' >> \"$1\"\n"]

    static let cases: [Case] = [
        Case(name: "string", arguments: ["encrypt_string"] + pw + ["s3cret"]),
        Case(name: "string with -v", arguments: ["encrypt_string", "-v"] + pw + ["s3cret"]),
        Case(name: "string with vault id", arguments: ["encrypt_string", "--vault-id", "lab@pw", "s3cret"]),
        Case(name: "strings with names", arguments: ["encrypt_string"] + pw + ["-n", "a", "-n", "b", "one", "two"]),
        Case(name: "more strings than names", arguments: ["encrypt_string"] + pw + ["--name", "a", "one", "two"]),
        Case(name: "string from stdin", arguments: ["encrypt_string"] + pw, stdin: "from stdin\n"),
        Case(name: "string from stdin with a name", arguments: ["encrypt_string", "--vault-id", "lab@pw", "--stdin-name", "x"], stdin: "multi\nline"),
        Case(name: "stdin and an argument", arguments: ["encrypt_string"] + pw + ["-n", "a", "arg", "-"], stdin: "in"),
        Case(name: "string to a file", arguments: ["encrypt_string"] + pw + ["--output", "out.yml", "s3cret"], check: ["out.yml"]),
        Case(name: "two vault ids need --encrypt-vault-id", arguments: ["encrypt_string", "--vault-id", "a@pw", "--vault-id", "b@pw2", "x"]),
        Case(name: "--encrypt-vault-id picks one", arguments: ["encrypt_string", "--vault-id", "a@pw", "--vault-id", "b@pw2", "--encrypt-vault-id", "b", "x"]),
        Case(name: "unknown --encrypt-vault-id", arguments: ["encrypt_string", "--vault-id", "a@pw", "--encrypt-vault-id", "c", "x"]),
        Case(name: "empty string", arguments: ["encrypt_string"] + pw + [""]),
        Case(name: "empty stdin", arguments: ["encrypt_string"] + pw),
        Case(name: "prompt and stdin", arguments: ["encrypt_string"] + pw + ["-p", "-"]),
        Case(name: "semicolon in a vault id", arguments: ["encrypt_string", "--vault-id", "a;b@pw", "x"]),
        Case(name: "missing password file", arguments: ["encrypt_string", "--vault-password-file", "nope", "x"]),
        Case(name: "one of two password files missing", arguments: ["encrypt_string", "--vault-id", "a@nope", "--vault-id", "b@pw", "x"]),
        Case(name: "encrypt a file in place", arguments: ["encrypt"] + pw + ["f.txt"], files: ["f.txt": "hello\nworld\n"], check: ["f.txt"]),
        Case(name: "encrypt with a vault id to stdout", arguments: ["encrypt", "--vault-id", "lab@pw", "--output", "-", "f.txt"],
             files: ["f.txt": "hello\n"], check: ["f.txt"]),
        Case(name: "encrypt stdin", arguments: ["encrypt"] + pw, stdin: "from stdin"),
        Case(name: "encrypt two files", arguments: ["encrypt"] + pw + ["a", "b"], files: ["a": "A\n", "b": "B\n"], check: ["a", "b"]),
        Case(name: "encrypt an encrypted file", arguments: ["encrypt"] + pw + ["v.yml"], files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "--output with two files", arguments: ["encrypt"] + pw + ["--output", "o", "a", "b"], files: ["a": "A", "b": "B"]),
        Case(name: "encrypt a missing file", arguments: ["encrypt"] + pw + ["missing.txt"]),
        Case(name: "decrypt in place", arguments: ["decrypt"] + pw + ["v.yml"], files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "decrypt to stdout", arguments: ["decrypt"] + pw + ["--output", "-", "v.yml"], files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "decrypt stdin", arguments: ["decrypt"] + pw, stdin: vaultedHello),
        Case(name: "decrypt with the wrong password", arguments: ["decrypt", "--vault-password-file", "pw2", "v.yml"],
             files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "decrypt a plain file", arguments: ["decrypt"] + pw + ["p.txt"], files: ["p.txt": "plain\n"], check: ["p.txt"]),
        Case(name: "view", arguments: ["view"] + pw + ["v.yml"], files: ["v.yml": vaultedHello]),
        Case(name: "view with a second password", arguments: ["view", "--vault-id", "x@pw2", "--vault-id", "y@pw", "v.yml"], files: ["v.yml": vaultedHello]),
        Case(name: "view a plain file", arguments: ["view"] + pw + ["p.txt"], files: ["p.txt": "plain"]),
        Case(name: "view with the wrong password", arguments: ["view", "--vault-password-file", "pw2", "v.yml"], files: ["v.yml": vaultedHello]),
        Case(name: "rekey to a vault id", arguments: ["rekey"] + pw + ["--new-vault-id", "new@pw2", "v.yml"], files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "rekey with the wrong password", arguments: ["rekey", "--vault-password-file", "pw2", "--new-vault-password-file", "pw", "v.yml"],
             files: ["v.yml": vaultedHello], check: ["v.yml"]),
        Case(name: "create two files", arguments: ["create"] + pw + ["a", "b"]),
        Case(name: "create without a terminal", arguments: ["create"] + pw + ["a"]),
        Case(name: "edit appends a line", arguments: ["edit", "--vault-id", "other@pw2", "--vault-id", "lab@pw", "v.yml"],
             files: appendingEditor.merging(["v.yml": vaultedLab]) { a, _ in a }, check: ["v.yml"], editor: "sh ed.sh"),
        Case(name: "edit a 1.1 file with a labelled password", arguments: ["edit", "--vault-id", "lab@pw", "v.yml"],
             files: appendingEditor.merging(["v.yml": vaultedHello]) { a, _ in a }, check: ["v.yml"], editor: "sh ed.sh"),
        Case(name: "edit without a change", arguments: ["edit"] + pw + ["v.yml"], files: ["v.yml": vaultedLab], check: ["v.yml"]),
        Case(name: "edit with the wrong password", arguments: ["edit", "--vault-password-file", "pw2", "v.yml"],
             files: appendingEditor.merging(["v.yml": vaultedLab]) { a, _ in a }, check: ["v.yml"], editor: "sh ed.sh"),
        Case(name: "edit a plain file", arguments: ["edit"] + pw + ["p.txt"], files: ["p.txt": "plain\n"], check: ["p.txt"]),
        Case(name: "edit with a missing editor", arguments: ["edit"] + pw + ["v.yml"], files: ["v.yml": vaultedHello], check: ["v.yml"],
             editor: "/no/such/editor"),
        Case(name: "create", arguments: ["create", "--skip-tty-check", "--vault-id", "lab@pw", "new.yml"], files: appendingEditor,
             check: ["new.yml"], editor: "sh ed.sh"),
        Case(name: "create in a new directory", arguments: ["create", "--skip-tty-check"] + pw + ["sub/new.yml"], files: appendingEditor,
             check: ["sub/new.yml"], editor: "sh ed.sh"),
        Case(name: "create an existing file", arguments: ["create", "--skip-tty-check"] + pw + ["a"], files: ["a": "A"], check: ["a"]),
    ]

    /// Runs each case with ansible-vault in a fresh directory; prints `{name: answer}` as JSON.
    static let script = #"""
import json, os, re, shutil, stat, subprocess, sys, tempfile
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-vault')
out = {}
for case in json.load(sys.stdin):
    d = tempfile.mkdtemp(prefix='swansible-vault-')
    files = dict(case['files'], pw='secret\n', pw2='other\n')
    for name, text in files.items():
        with open(os.path.join(d, name), 'w') as f: f.write(text)
        os.chmod(os.path.join(d, name), 0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith('ANSIBLE_')}
    # PYTHONWARNINGS: under load ansible-core 2.19 sometimes prints SyntaxWarnings of its own.
    env.update(HOME=d, ANSIBLE_VAULT_ENCRYPT_SALT=sys.argv[1], EDITOR=case['editor'], PYTHONWARNINGS='ignore')
    r = subprocess.run([exe] + case['args'], input=case['stdin'].encode(), capture_output=True, cwd=d, env=env)
    checked = {}
    for name in case['check']:
        p = os.path.join(d, name)
        if os.path.exists(p):
            with open(p, 'rb') as f: checked[name] = {'content': f.read().decode(), 'mode': oct(stat.S_IMODE(os.stat(p).st_mode))}
        else:
            checked[name] = None
    fix = lambda b: re.sub(r'(Unable to execute the command "[^"]* )[^" ]+"', r'\1{tmpfile}"',
                           b.decode().replace(os.path.realpath(d), '{dir}').replace(d, '{dir}'))
    out[case['name']] = {'rc': r.returncode, 'stdout': fix(r.stdout), 'stderr': fix(r.stderr), 'files': checked}
    shutil.rmtree(d)
print(json.dumps(out))
"""#

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/VaultConformanceTests.jsonl",
                                       cases: cases.map(\.answerKey)) {
        let output = try Oracle.run(script: script, input: Value.list(cases.map(\.json)).jsonText(), arguments: [salt])
        guard case .dict(let answers) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: answers.map { ($0.key, $0.value) })
    }

    @Test func commandLinesMatchAnsibleVault() throws {
        let binary = try SwansibleBinary.path()
        var compared = 0
        for c in Self.cases {
            guard let answer = Self.answers.answer(for: c.name) else { continue }
            compared += 1
            let ours = try Self.runSwansible(binary, c)
            #expect(ours == answer, "\(c.name): swansible vault \(c.arguments.joined(separator: " "))\n  ansible-vault: \(answer.jsonText())\n  swansible:     \(ours.jsonText())")
        }
        Self.answers.printTally(compared, of: Self.cases.count)
    }

    /// The answer's shape for `swansible vault`.
    static func runSwansible(_ binary: String, _ c: Case) throws -> Value {
        let dir = try Scratch()
        defer { dir.cleanup() }
        for (name, text) in c.files.merging(["pw": "secret\n", "pw2": "other\n"], uniquingKeysWith: { a, _ in a }) {
            try dir.write(name, text)
        }
        let run = try SwansibleBinary.run(binary, ["vault"] + c.arguments, stdin: c.stdin, directory: dir.path,
                                          environment: ["ANSIBLE_VAULT_ENCRYPT_SALT": salt, "EDITOR": c.editor])
        var checked = ValueDict()
        for name in c.check {
            let path = dir.path + "/" + name
            if let data = FileManager.default.contents(atPath: path) {
                let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
                checked[name] = .dict(["content": .string(String(decoding: data, as: UTF8.self)), "mode": .string("0o" + String(mode, radix: 8))])
            } else {
                checked[name] = .null
            }
        }
        // The editor's temporary file is somewhere else in each tool: "{tmpfile}" in both.
        let fix = { (text: String) in
            text.replacingOccurrences(of: dir.path, with: "{dir}")
                .replacing(#/(Unable to execute the command "[^"]* )[^" ]+"/#) { $0.output.1 + "{tmpfile}\"" }
        }
        return .dict(["rc": .int(Int(run.status)), "stdout": .string(fix(run.stdout)), "stderr": .string(fix(run.stderr)), "files": .dict(checked)])
    }

    struct Scratch {
        let path: String
        init() throws {
            let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
            path = base + "/swansible-vault-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func write(_ name: String, _ text: String, mode: Int = 0o644) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + "/" + name)
        }
        func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// The `swansible` executable of this build (beside the test bundle), run as a process.
enum SwansibleBinary {
    static func path() throws -> String {
        var candidates: [URL] = []
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent())
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Oracle.packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let path = directory.appendingPathComponent("swansible").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw OracleError(message: "no swansible executable beside the tests: run `swift build --build-tests` first")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Runs with a clean environment: PATH, HOME (the directory) and `environment`, no ANSIBLE_* of ours.
    static func run(_ executable: String, _ arguments: [String], stdin: String, directory: String,
                    environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
            .merging(environment) { _, new in new }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let box = DataBox()
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.data = errors.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                   stderr: String(decoding: box.data, as: UTF8.self))
    }

    private final class DataBox: @unchecked Sendable { var data = Data() }
}
