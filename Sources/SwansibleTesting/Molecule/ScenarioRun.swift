import Foundation
import Swansible
import SwansibleYAML

/// One scenario of one role, and the steps run on it.
struct ScenarioRun {
    var role: RoleUnderTest
    var scenario: MoleculeScenario
    var workspace: ScenarioWorkspace

    struct Result {
        var status: Int32
        var results: [TestOutput.StepRecord]
    }

    /// What a step came to: its result, and a word on why when it was skipped or failed.
    struct StepEnd {
        var result: TestOutput.StepResult
        var detail: String?
        static let ok = StepEnd(result: .ok)
        static func skipped(_ why: String) -> StepEnd { StepEnd(result: .skipped, detail: why) }
        static func failed(_ why: String) -> StepEnd { StepEnd(result: .failed, detail: why) }
    }

    /// Runs `steps` in order. After a failure or an interrupt only the sequence's last `destroy`
    /// still runs (unless the policy is `never`), as molecule's `--destroy always` does.
    func run(_ steps: [SequenceStep], command: String, harness: TestHarness) async -> Result {
        var records: [TestOutput.StepRecord] = []
        var status: Int32 = 0
        let sequence = steps.count > 1
        let lastDestroy = steps.lastIndex { $0.step == .destroy }
        for (index, entry) in steps.enumerated() {
            let step = entry.step
            let stopping = status != 0 || harness.interrupted
            if stopping && !(index == lastDestroy && harness.options.destroy == .always) { continue }
            if step == .destroy && sequence && harness.options.destroy == .never {
                records.append(.init(step: step, result: .skipped, seconds: 0, detail: "--destroy=never"))
                continue
            }
            harness.output.banner(scenario.name, step, "Executing")
            let started = Date()
            let end: StepEnd
            do {
                end = try await perform(step, playbook: entry.playbook, command: command, harness: harness)
            } catch {
                end = .failed("\(error)")
                harness.output.error("\(error)")
            }
            let seconds = Date().timeIntervalSince(started)
            var result = end.result
            if harness.interrupted && result != .skipped && step != .destroy { result = .interrupted }
            records.append(.init(step: step, result: result, seconds: seconds, detail: end.detail))
            switch result {
            case .ok: harness.output.banner(scenario.name, step, "Executed: Successful")
            case .skipped: harness.output.banner(scenario.name, step, "Skipping, \(end.detail ?? "")")
            case .failed, .interrupted:
                harness.output.banner(scenario.name, step, "Executed: Failed" + (end.detail.map { " (\($0))" } ?? ""))
                if status == 0 { status = 1 }
            }
        }
        return Result(status: status, results: records)
    }

    /// `playbook`: the one the sequence entry names, instead of the scenario's for the step.
    private func perform(_ step: TestStep, playbook named: String?, command: String, harness: TestHarness) async throws -> StepEnd {
        let instances = DockerInstances(workspace: workspace, scenario: scenario)
        var state = workspace.loadState()
        let output = harness.output
        switch step {
        case .dependency:
            return try dependency(harness)
        case .create:
            if state.created { return .skipped("instances already created") }
            if let own = scenarioFile("create") {
                output.notice("\(own) is not run: swansible test creates the docker instances itself")
            }
            _ = try await instances.create(notice: { output.notice($0) })
            return .ok
        case .destroy:
            await instances.destroy()
            return .ok
        case .syntax:
            guard let playbook = playbook(for: "converge") else { return .failed("no converge playbook") }
            try writeRunFiles(state: state)
            return try await play(playbook, extra: ["--syntax-check"], harness: harness).exitCode == 0 ? .ok : .failed("syntax check failed")
        default:
            break
        }
        guard state.created, !state.instances.isEmpty else {
            // Before create (the start of `test`) there is nothing to clean up.
            if step == .cleanup { return .skipped("no instances") }
            // A playbook the sequence names may work on the controller (dev-sec's
            // `verify ../shared/prerequisites.yml` before create): it runs as molecule runs it.
            if let named, let playbook = try playbook(for: step.rawValue, named: named) {
                try writeRunFiles(state: state)
                return try await play(playbook, harness: harness).exitCode == 0 ? .ok : .failed("\(named) failed")
            }
            return .failed("instances not created; run: swansible test create")
        }
        try writeRunFiles(state: state)
        switch step {
        case .prepare:
            if state.prepared { return .skipped("instances already prepared") }
            guard let playbook = try playbook(for: "prepare", named: named) else {
                state.prepared = true
                try workspace.save(state)
                return .skipped("prepare playbook not configured")
            }
            guard try await play(playbook, harness: harness).exitCode == 0 else { return .failed("prepare playbook failed") }
            state.prepared = true
            try workspace.save(state)
            return .ok
        case .converge, .check:
            guard let playbook = try playbook(for: "converge", named: named) else { return .failed("no converge playbook (converge.yml)") }
            let check = step == .check ? ["--check"] : []
            guard try await play(playbook, extra: check, harness: harness).exitCode == 0 else { return .failed("converge playbook failed") }
            if check.isEmpty {
                state.converged = true
                try workspace.save(state)
            }
            return .ok
        case .idempotence:
            guard state.converged else { return .failed("instances not converged; run: swansible test converge") }
            guard let playbook = playbook(for: "converge") else { return .failed("no converge playbook") }
            let outcome = try await play(playbook, harness: harness)
            guard outcome.exitCode == 0 else { return .failed("the second converge failed") }
            guard outcome.changedTasks.isEmpty else {
                output.error("Idempotence test failed because of the following tasks:\n"
                             + outcome.changedTasks.map { "* \($0)" }.joined(separator: "\n"))
                return .failed("\(outcome.changedTasks.count) task(s) changed on the second run")
            }
            output.notice("Idempotence completed successfully.")
            return .ok
        case .sideEffect, .verify, .cleanup:
            if step == .verify && scenario.verifier != "ansible" {
                return .skipped("verifier \(scenario.verifier) is not supported (it needs Python on the hosts)")
            }
            guard let playbook = try playbook(for: step.rawValue, named: named) else {
                return .skipped("\(step.rawValue) playbook not configured")
            }
            guard try await play(playbook, harness: harness).exitCode == 0 else { return .failed("\(step.rawValue) playbook failed") }
            return .ok
        case .dependency, .create, .destroy, .syntax:
            return .ok
        }
    }

    /// The playbook a sequence entry names (relative to the scenario), else the scenario's.
    func playbook(for key: String, named: String?) throws -> String? {
        guard let named else { return playbook(for: key) }
        let base = scenario.directory ?? role.directory
        let path = named.hasPrefix("/") ? named : base + "/" + named
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScenarioError("the \(key) playbook \(named) of the sequence does not exist (\(path))")
        }
        return path
    }

    /// The scenario's playbook for a step: `provisioner.playbooks.<key>`, else `<key>.yml` in
    /// the scenario directory; for the built-in scenario, generated ones.
    func playbook(for key: String) -> String? {
        if let configured = scenario.provisioner.playbooks[key] { return configured }
        if scenario.directory == nil { return builtInPlaybook(key) }
        return scenarioFile(key)
    }

    private func scenarioFile(_ key: String) -> String? {
        guard let directory = scenario.directory else { return nil }
        for name in [key + ".yml", key + ".yaml"] where FileManager.default.fileExists(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        return nil
    }

    /// The built-in scenario's converge (applies the role) and verify (the role's
    /// tasks/test.yml, or its tasks tagged `test`).
    private func builtInPlaybook(_ key: String) -> String? {
        let path = workspace.directory + "/\(key).yml"
        let text: String
        switch key {
        case "converge":
            text = "- name: Converge\n  hosts: all\n  roles:\n    - role: \(role.name)\n"
        case "verify":
            if FileManager.default.fileExists(atPath: role.directory + "/tasks/test.yml") {
                text = "- name: Verify\n  hosts: all\n  tasks:\n    - include_role:\n        name: \(role.name)\n        tasks_from: test\n"
            } else if Self.roleHasTestTag(role.directory) {
                text = "- name: Verify\n  hosts: all\n  roles:\n    - role: \(role.name)\n      tags: [never]\n"
                    + "  tags: [test]\n"
            } else {
                return nil
            }
        default:
            return nil
        }
        try? AtomicFile.write(Data(text.utf8), to: path)
        return path
    }

    static func roleHasTestTag(_ directory: String) -> Bool {
        guard let text = try? String(contentsOfFile: directory + "/tasks/main.yml", encoding: .utf8) else { return false }
        return text.range(of: #"tags:\s*(\[[^\]]*\btest\b|-?\s*test\s*$)"#, options: .regularExpression) != nil
            || text.contains("- test\n")
    }

    /// Inventory, ansible.cfg and the roles directory that puts the role under test on the path.
    private func writeRunFiles(state: ScenarioState) throws {
        let rolesDirectory = workspace.directory + "/roles"
        try FileManager.default.createDirectory(atPath: rolesDirectory, withIntermediateDirectories: true)
        for name in [role.name, role.qualifiedName].compactMap({ $0 }) {
            let link = rolesDirectory + "/" + name
            try? FileManager.default.removeItem(atPath: link)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: role.directory)
        }
        try ScenarioInventory(scenario: scenario, workspace: workspace).write(state: state, rolesPath: rolesPath)
    }

    var rolesPath: [String] {
        [workspace.directory + "/roles", (role.directory as NSString).deletingLastPathComponent]
    }

    private func play(_ playbook: String, extra: [String] = [], harness: TestHarness) async throws -> PlaybookProcess.Outcome {
        guard let executable = PlaybookProcess.locate() else {
            throw ScenarioError("swansible-playbook was not found beside swansible or on PATH")
        }
        var environment = harness.options.environment
        for (key, value) in Self.moleculeEnvironment(role: role, scenarioName: scenario.name,
                                                     directory: scenario.directory ?? workspace.directory, workspace: workspace) {
            environment[key] = value
        }
        for (key, value) in scenario.provisioner.env { environment[key] = value }
        environment["ANSIBLE_CONFIG"] = workspace.configPath
        environment["ANSIBLE_ROLES_PATH"] = (rolesPath + [environment["ANSIBLE_ROLES_PATH"]].compactMap { $0 }).joined(separator: ":")
        let arguments = ["-i", workspace.inventoryPath] + scenario.provisioner.options + harness.options.playbookArguments + extra + [playbook]
        let process = PlaybookProcess(executable: executable, arguments: arguments, environment: environment,
                                      currentDirectory: role.directory)
        return try await process.run(running: harness.running)
    }

    /// Molecule's variables, which scenarios and playbooks read (`${MOLECULE_SCENARIO_DIRECTORY}`,
    /// `lookup('env', 'MOLECULE_PROJECT_DIRECTORY')`).
    static func moleculeEnvironment(role: RoleUnderTest, scenarioName: String, directory: String,
                                    workspace: ScenarioWorkspace) -> [String: String] {
        [
            "MOLECULE_PROJECT_DIRECTORY": role.directory,
            "MOLECULE_SCENARIO_NAME": scenarioName,
            "MOLECULE_SCENARIO_DIRECTORY": directory,
            "MOLECULE_EPHEMERAL_DIRECTORY": workspace.directory,
            "MOLECULE_INVENTORY_FILE": workspace.inventoryPath,
            "MOLECULE_STATE_FILE": workspace.statePath,
            "MOLECULE_FILE": directory + "/molecule.yml",
            "MOLECULE_DRIVER_NAME": "docker",
            "MOLECULE_PROVISIONER_NAME": "ansible",
            "MOLECULE_VERIFIER_NAME": "ansible",
            "MOLECULE_DEPENDENCY_NAME": "galaxy",
        ]
    }

    /// Molecule's galaxy dependency step, offline: the roles a requirements file names must
    /// already be on the roles path.
    private func dependency(_ harness: TestHarness) throws -> StepEnd {
        guard scenario.dependency.enabled else { return .skipped("dependency is disabled") }
        // Molecule looks in the scenario's directory; a relative path given in molecule.yml is
        // also tried from the role's directory (where ansible-galaxy runs).
        let bases = [scenario.directory, role.directory].compactMap { $0 }
        let candidates = [scenario.dependency.requirementsFile, scenario.dependency.roleFile, "requirements.yml"]
            .compactMap { $0 }
            .flatMap { file in file.hasPrefix("/") ? [file] : bases.map { $0 + "/" + file } }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .skipped("missing the requirements file")
        }
        let value = try YAMLLoader.loadValue(String(contentsOfFile: file, encoding: .utf8), file: file)
        var roles: [Value] = []
        if case .list(let list) = value { roles = list }
        if case .dict(let dict) = value, case .list(let list)? = dict["roles"] { roles = list }
        if case .dict(let dict) = value, case .list(let collections)? = dict["collections"], !collections.isEmpty {
            harness.output.warning("\(file): collections are not installed (no network); Swansible's modules are built in")
        }
        let searchPaths = rolesPath + TestHarness.rolesPath(harness.options)
        var missing: [String] = []
        for entry in roles {
            let name = Self.requirementName(entry)
            guard let name else { continue }
            let found = searchPaths.contains { FileManager.default.fileExists(atPath: $0 + "/" + name) }
            if !found { missing.append(name) }
        }
        guard missing.isEmpty else {
            let message = "\(file) needs \(missing.joined(separator: ", ")), which cannot be downloaded here (no network): put them on the roles path"
            if scenario.dependency.ignoreErrors {
                harness.output.warning(message + " (ignore-errors: true)")
                return .skipped("missing roles ignored")
            }
            return .failed(message)
        }
        return .skipped("roles are present")
    }

    /// The directory name a requirements entry installs as: `name:`, else from `src:`.
    static func requirementName(_ entry: Value) -> String? {
        var text: String?
        switch entry {
        case .string(let s): text = s
        case .dict(let d):
            if case .string(let name)? = d["name"] { return name }
            if case .string(let src)? = d["src"] { text = src }
            if case .string(let role)? = d["role"] { text = role }
        default: return nil
        }
        guard var source = text else { return nil }
        if let comma = source.firstIndex(of: ",") { source = String(source[..<comma]) }
        var last = (source as NSString).lastPathComponent
        if last.hasSuffix(".git") { last.removeLast(4) }
        if last.hasSuffix(".tar.gz") { last.removeLast(7) }
        return last
    }
}
