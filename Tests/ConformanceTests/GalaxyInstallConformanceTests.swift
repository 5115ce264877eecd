import Foundation
import Testing
@testable import Swansible

/// `swansible galaxy install` (GalaxyInstall) against `ansible-galaxy install` on the same local
/// sources: a tarball, a git repository at a tag, `scm: git`, the short `src,version,name` form,
/// a role already installed, `--force`, a Galaxy name that needs the network (with and without
/// `--ignore-errors`). Compared: standard output, exit status, and the installed tree (files,
/// and the `version:` of each `.galaxy_install_info`). The temporary directory is written `{dir}`.
@Suite struct GalaxyInstallConformanceTests {
    /// Each case: command lines run one after the other in the same fresh directory.
    static let cases: [(name: String, commands: [[String]])] = [
        ("requirements file, then again, then --force", [
            ["-r", "req.yml", "-p", "roles"], ["-r", "req.yml", "-p", "roles"], ["-p", "roles", "--force", "file://{dir}/web.tar.gz"],
        ]),
        ("sources on the command line", [["-p", "roles", "file://{dir}/web.tar.gz", "git+file://{dir}/gitrole,v1.0,named"]]),
        ("a Galaxy name needs the network", [["-p", "roles", "acme.nothere"]]),
        ("--ignore-errors goes on", [["-p", "roles", "--ignore-errors", "acme.nothere", "file://{dir}/web.tar.gz"]]),
    ]

    static let requirements = """
        - src: file://{dir}/web.tar.gz
          name: web_from_tar
        - src: git+file://{dir}/gitrole
          version: v1.0
          name: web_from_git
        - src: file://{dir}/gitrole
          scm: git
          name: web_scm

        """

    /// Builds the sources in `dir`: a role, its tarball, a git repository tagged v1.0.
    static let fixture = #"""
set -e
cd "$1"
mkdir -p src/web/tasks src/web/meta gitrole/tasks
printf -- '- debug: msg=web\n' > src/web/tasks/main.yml
printf 'galaxy_info:\n  role_name: web\ndependencies: []\n' > src/web/meta/main.yml
tar -C src -czf web.tar.gz web
cp -r src/web/. gitrole/
cd gitrole
git init -q
git add -A
git -c user.email=t@example.com -c user.name=t commit -qm one
git tag v1.0
printf -- '- debug: msg=later\n' > tasks/main.yml
git -c user.email=t@example.com -c user.name=t commit -qam two
"""#

    static let script = #"""
import json, os, subprocess, sys, tempfile, shutil
req = json.load(sys.stdin)
exe = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
out = {}
for case in req['cases']:
    d = tempfile.mkdtemp(prefix='swansible-galaxy-')
    subprocess.run(['sh', '-c', req['fixture'], 'fixture', d], check=True)
    with open(os.path.join(d, 'req.yml'), 'w') as f: f.write(req['requirements'].replace('{dir}', d))
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'HOME': d}
    runs = []
    for args in case['commands']:
        r = subprocess.run([exe, 'install'] + [a.replace('{dir}', d) for a in args], capture_output=True, text=True, env=env, cwd=d)
        runs.append({'stdout': r.stdout.replace(d, '{dir}'), 'rc': r.returncode})
    tree = []
    for root, dirs, files in os.walk(os.path.join(d, 'roles')):
        for name in files:
            p = os.path.join(root, name)
            line = os.path.relpath(p, d)
            if name == '.galaxy_install_info':
                line += ' ' + [l for l in open(p).read().splitlines() if l.startswith('version:')][0]
            tree.append(line)
    out[case['name']] = {'runs': runs, 'tree': sorted(tree)}
    shutil.rmtree(d)
print(json.dumps(out))
"""#

    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/GalaxyInstallConformanceTests.jsonl",
                                       cases: cases.map { AnswerKey(key: $0.name, input: InputDigest.of(
                                           $0.commands.map { $0.joined(separator: " ") }.joined(separator: "\n") + requirements + fixture)) }) {
        let request: Value = [
            "fixture": .string(fixture), "requirements": .string(requirements),
            "cases": .list(cases.map { ["name": .string($0.name), "commands": .list($0.commands.map { .list($0.map(Value.string)) })] }),
        ]
        let output = try Oracle.run(script: script, input: request.jsonText())
        guard case .dict(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.key, $0.value) })
    }

    /// Runs the case's command lines with GalaxyInstall, in-process, in a fresh directory.
    static func runOurs(_ commands: [[String]]) async throws -> Value {
        let dir = NSTemporaryDirectory() + "swansible-galaxy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let setup = try await LocalProcess.run("/bin/sh", ["-c", fixture, "fixture", dir], stdin: nil)
        #expect(setup.exitCode == 0, "\(setup.stderr)")
        try requirements.replacingOccurrences(of: "{dir}", with: dir).write(toFile: dir + "/req.yml", atomically: true, encoding: .utf8)
        var runs: [Value] = []
        for command in commands {
            var words = command.map { $0.replacingOccurrences(of: "{dir}", with: dir) }[...]
            var install = GalaxyInstall(rolesPath: dir + "/roles", currentDirectory: dir)
            while let word = words.popFirst() {
                switch word {
                case "-r": install.requirementsFiles.append(words.popFirst() ?? "")
                case "-p": install.rolesPath = dir + "/" + (words.popFirst() ?? "")
                case "--force": install.force = true
                case "--ignore-errors": install.ignoreErrors = true
                default: install.sources.append(word)
                }
            }
            let output = InventoryToolConformanceTests.LockedText()
            let status = await install.run(say: { output.append(out: $0 + "\n") }, warn: { _ in }, error: { _ in })
            runs.append(["stdout": .string(output.out.replacingOccurrences(of: dir, with: "{dir}")), "rc": .int(Int(status))])
        }
        var tree: [String] = []
        let roles = URL(fileURLWithPath: dir + "/roles")
        if let walker = FileManager.default.enumerator(at: roles, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                var line = String(url.path.dropFirst(dir.count + 1))
                if url.lastPathComponent == ".galaxy_install_info" {
                    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                    line += " " + (text.split(separator: "\n").first { $0.hasPrefix("version:") }.map(String.init) ?? "")
                }
                tree.append(line)
            }
        }
        return ["runs": .list(runs), "tree": .list(tree.sorted().map(Value.string))]
    }

    @Test func installsLikeAnsibleGalaxy() async throws {
        var compared = 0
        for c in Self.cases {
            guard let answer = Self.answers.answer(for: c.name) else { continue }
            compared += 1
            let ours = try await Self.runOurs(c.commands)
            #expect(ours == answer, "\(c.name)\n--- swansible\n\(ours.jsonText(indent: 1))\n--- ansible-galaxy\n\(answer.jsonText(indent: 1))")
        }
        Self.answers.printTally(compared, of: Self.cases.count)
    }
}
