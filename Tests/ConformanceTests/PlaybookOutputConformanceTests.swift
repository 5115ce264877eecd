import Foundation
import Testing
@testable import Swansible

/// Runs each playbook under Playbooks/<case>/site.yml against localhost with ansible-playbook
/// (the oracle) and with Swansible, and compares stdout and stderr byte for byte (after masking
/// times and writing the case's directory `{case}`) and the exit codes. ansible-playbook's are
/// stored beside each playbook: `expected.stdout`, `expected.stderr`, `expected.rc`.
@Suite struct PlaybookOutputConformanceTests {
    static let casesDirectory = Oracle.packageRoot.appendingPathComponent("Tests/ConformanceTests/Playbooks")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static let answers = OracleAnswers(ExpectedOutputFiles(directory: casesDirectory), cases: cases.map { AnswerKey(key: $0) })

    @Test(arguments: cases)
    func outputMatchesAnsiblePlaybook(_ name: String) async throws {
        _ = CasePathsLock.held
        let directory = Self.casesDirectory.appendingPathComponent(name).path
        // An optional `args` file holds more command-line options (a few are understood).
        let extra = ((try? String(contentsOfFile: directory + "/args", encoding: .utf8)) ?? "")
            .split(whereSeparator: \.isWhitespace).map(String.init)
        // An optional `env` file holds `NAME=value` lines set for both sides (ANSIBLE_* settings).
        let environment = Self.environment.merging(Self.caseEnvironment(directory)) { _, new in new }
        let ownInventory = extra.contains("-i")
        let arguments = (ownInventory ? [] : ["-i", "localhost,", "-c", "local"]) + extra + ["site.yml"]
        let oracle = Self.answers.mode.asksOracle ? try await Self.runAnsibleOffPool(arguments, in: directory, environment: environment) : nil
        guard let answer = Self.answers.answer(for: name, oracle: {
            guard let oracle else { throw OracleError(message: "no oracle run") }
            return ["stdout": .string(oracle.output), "stderr": .string(oracle.errors), "rc": .int(Int(oracle.status))]
        }) else { return }
        let expected = (output: answer["stdout"]?.stringValue ?? "", errors: answer["stderr"]?.stringValue ?? "",
                        status: Int32(answer["rc"]?.intValue ?? -1))
        let sink = BufferSink()
        var options = RunOptions()
        // Like the oracle (its standard input is /dev/null): vars_prompt never asks.
        options.interactive = false
        if !ownInventory {
            options.inventorySources = ["localhost,"]
            options.connection = "local"
        }
        var words = extra[...]
        // `--syntax-check` and the list flags choose what the CLI does instead of running.
        var mode = PlaybookCLI.Mode.run
        var listed: (tasks: Bool, tags: Bool, hosts: Bool) = (false, false, false)
        while let word = words.popFirst() {
            switch word {
            case "--syntax-check": mode = .syntaxCheck
            case "--list-tasks": listed.tasks = true
            case "--list-tags": listed.tags = true
            case "--list-hosts": listed.hosts = true
            case "--check": options.checkMode = true
            case "--diff": options.diffMode = true
            case "--tags", "-t": options.tags.append(words.popFirst() ?? "")
            case "--skip-tags": options.skipTags.append(words.popFirst() ?? "")
            case "-e": options.extraVars.append(words.popFirst() ?? "")
            case "-i": options.inventorySources.append(words.popFirst() ?? "")
            case "-c": options.connection = words.popFirst()
            case "-l", "--limit": options.limit.append(words.popFirst() ?? "")
            case "-f": options.forks = words.popFirst().flatMap { Int($0) }
            case "--vault-password-file": options.vault.passwordFiles.append(words.popFirst() ?? "")
            case "--vault-id": options.vault.vaultIDs.append(words.popFirst() ?? "")
            case "-v", "-vv", "-vvv", "-vvvv": options.verbosity = word.count - 1
            default: Issue.record("unsupported option in \(name)/args: \(word)")
            }
        }
        if mode == .run, listed.tasks || listed.tags || listed.hosts {
            mode = .list(tasks: listed.tasks, tags: listed.tags, hosts: listed.hosts)
        }
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], mode: mode, environment: environment, currentDirectory: directory,
            callback: StdoutCallback.named(environment["ANSIBLE_STDOUT_CALLBACK"] ?? "default", sink: sink, verbosity: options.verbosity)
                ?? DefaultCallback(sink: sink, verbosity: options.verbosity)
        ).run()
        let actual = Self.masked(Self.withoutConfigLine(sink.text), in: directory)
        if actual != expected.output {
            print("=== ansible-playbook (\(name))\n\(expected.output)\n=== swansible\n\(actual)")
        }
        #expect(actual == expected.output)
        #expect(code == expected.status)
        let actualErrors = Self.masked(sink.errorText, in: directory)
        if actualErrors != expected.errors {
            print("=== ansible-playbook stderr (\(name))\n\(expected.errors)\n=== swansible stderr\n\(actualErrors)")
        }
        #expect(actualErrors == expected.errors)
    }

    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["ANSIBLE_NOCOLOR"] = "1"
        env["ANSIBLE_PYTHON_INTERPRETER"] = Oracle.python ?? ""
        env["ANSIBLE_RETRY_FILES_ENABLED"] = "0"
        env["ANSIBLE_DEPRECATION_WARNINGS"] = "0"
        let config = NSTemporaryDirectory() + "swansible-conformance-ansible.cfg"
        FileManager.default.createFile(atPath: config, contents: Data("[defaults]\n".utf8))
        env["ANSIBLE_CONFIG"] = config
        env["ANSIBLE_LOCALHOST_WARNING"] = "0"
        return env
    }()

    /// Timing fields differ from run to run; the case's directory and the home directory from
    /// machine to machine.
    static func masked(_ text: String, in directory: String) -> String {
        MachinePaths.portable(text.replacingOccurrences(
            of: #""(delta|start|end)": "[^"]*""#, with: "\"$1\": \"…\"", options: .regularExpression)
            .replacingOccurrences(of: directory, with: "{case}"))
    }

    /// ansible-playbook takes seconds: wait for it on a thread of its own, not on the
    /// cooperative pool the other tests share.
    static func runAnsibleOffPool(_ arguments: [String], in directory: String, environment: [String: String]) async throws -> (output: String, errors: String, status: Int32) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                // A few at a time: hundreds of ansible-playbook processes at once on a small
                // machine made Foundation's Process.run and its reads fail under the load.
                oracleSlots.wait()
                defer { oracleSlots.signal() }
                continuation.resume(with: Result { try runAnsible(arguments, in: directory, environment: environment) })
            }.start()
        }
    }

    static let oracleSlots = DispatchSemaphore(value: 6)

    /// The case's `env` file: `NAME=value` per line (blank lines and `#` comments skipped).
    static func caseEnvironment(_ directory: String) -> [String: String] {
        let text = (try? String(contentsOfFile: directory + "/env", encoding: .utf8)) ?? ""
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return result
    }

    static func runAnsible(_ arguments: [String], in directory: String, environment: [String: String]) throws -> (output: String, errors: String, status: Int32) {
        guard let python = Oracle.python else { throw OracleError(message: "no oracle") }
        let process = Process()
        // Through the oracle's python, which unblocks the signals a test-runner thread may have
        // blocked (a child inherits the mask): ansible-core's task `timeout:` needs SIGALRM.
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.withSignalsUnblocked, (python as NSString).deletingLastPathComponent + "/ansible-playbook"]
            + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = ErrorCollector(err)
        let data = readToEnd(out.fileHandleForReading)
        process.waitUntilExit()
        return (masked(withoutConfigLine(String(decoding: data, as: UTF8.self)), in: directory), masked(errors.text, in: directory), process.terminationStatus)
    }

    static let withSignalsUnblocked =
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"

    /// From -v on, ansible-playbook first says which config file it uses (the harness's own,
    /// in a temporary directory, or the case's): not part of what the cases compare. In colour
    /// the line is painted.
    static func withoutConfigLine(_ output: String) -> String {
        guard let end = output.firstIndex(of: "\n") else { return output }
        let first = output[..<end].replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression)
        guard first == "No config file found; using defaults" || (first.hasPrefix("Using ") && first.hasSuffix(" as config file")) else {
            return output
        }
        return String(output[output.index(after: end)...])
    }
}

/// Everything a pipe gives until its end, read again when a signal interrupts the read
/// (Foundation's readDataToEndOfFile traps on EINTR).
private func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[..<count])
        } else if count == 0 || errno != EINTR {
            return data
        }
    }
}

/// Drains a pipe on its own thread so neither stream can block the other.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        Thread {
            self.data = readToEnd(pipe.fileHandleForReading)
            self.done.signal()
        }.start()
    }

    var text: String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// ansible-playbook's output for each case directory under `directory`, beside its playbook:
/// `expected.stdout`, `expected.stderr` (as printed, masked) and `expected.rc` (the exit code).
struct ExpectedOutputFiles: AnswerStorage {
    var directory: URL
    var name: String { "Tests/ConformanceTests/Playbooks/<case>/expected.*" }

    func load() throws -> [String: StoredAnswer] {
        var answers: [String: StoredAnswer] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            let base = directory.appendingPathComponent(name).appendingPathComponent("expected")
            guard let rc = try? String(contentsOf: base.appendingPathExtension("rc"), encoding: .utf8) else { continue }
            guard let status = Int(rc.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw OracleError(message: "\(name)/expected.rc is not a number")
            }
            let stdout = try String(contentsOf: base.appendingPathExtension("stdout"), encoding: .utf8)
            let stderr = try String(contentsOf: base.appendingPathExtension("stderr"), encoding: .utf8)
            answers[name] = StoredAnswer(answer: ["stdout": .string(stdout), "stderr": .string(stderr), "rc": .int(status)], input: nil)
        }
        return answers
    }

    func save(_ answers: [(key: AnswerKey, answer: StoredAnswer)]) throws {
        for (key, stored) in answers {
            let base = directory.appendingPathComponent(key.key).appendingPathComponent("expected")
            let files = [("stdout", stored.answer["stdout"]?.stringValue ?? ""), ("stderr", stored.answer["stderr"]?.stringValue ?? ""),
                         ("rc", "\(stored.answer["rc"]?.intValue ?? -1)\n")]
            for (ext, text) in files { try Data(text.utf8).write(to: base.appendingPathExtension(ext), options: .atomic) }
        }
    }
}
