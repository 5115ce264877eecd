import Foundation
import Swansible

/// `swansible test`: molecule's sequences on one role's scenarios. Each step prints a banner,
/// playbooks run through `swansible-playbook`, and a summary table closes the run. Instances
/// are removed after a `test` whether it passes, fails or is interrupted (unless
/// `destroy: .never`).
public final class TestHarness: @unchecked Sendable {
    public enum DestroyPolicy: String, Sendable { case always, never }

    public struct Options: Sendable {
        public var role: String?
        public var scenarioName = "default"
        public var allScenarios = false
        public var destroy = DestroyPolicy.always
        /// Extra ansible-playbook arguments (`-v`, `-e x=y`...) for every playbook step.
        public var playbookArguments: [String] = []
        public var currentDirectory = FileManager.default.currentDirectoryPath
        public var environment = ProcessInfo.processInfo.environment
        public init() {}
    }

    let options: Options
    let output: TestOutput
    let running = RunningChild()
    private let lock = NSLock()
    private var interruptedFlag = false

    public init(options: Options, output: TestOutput = TestOutput()) {
        self.options = options
        self.output = output
    }

    var interrupted: Bool { lock.withLock { interruptedFlag } }

    /// Runs `command`'s sequence (`test`, `check`, `converge`, `create`, `destroy`) or one step.
    public func run(_ command: String) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let signals = watchInterrupts()
        defer { signals.forEach { $0.cancel() } }
        let role: RoleUnderTest
        let scenarios: [ScenarioRun]
        do {
            role = try RoleUnderTest.find(options.role, currentDirectory: options.currentDirectory,
                                          rolesPath: Self.rolesPath(options))
            scenarios = try scenarioRuns(for: role)
        } catch {
            output.error("\(error)")
            return 1
        }
        var status: Int32 = 0
        for scenario in scenarios {
            let steps = TestHarness.steps(for: command, in: scenario.scenario)
            let result = await scenario.run(steps, command: command, harness: self)
            output.summary(role: role, scenario: scenario.scenario.name, results: result.results)
            if result.status != 0 { status = result.status; break }
        }
        if interrupted { return 130 }
        return status
    }

    /// The steps a command runs: a sequence, or the one step it names.
    static func steps(for command: String, in scenario: MoleculeScenario) -> [SequenceStep] {
        switch command {
        case "test", "check", "converge", "create", "destroy": return scenario.sequence(command)
        default: return TestStep(rawValue: command.replacingOccurrences(of: "-", with: "_")).map { [SequenceStep($0)] } ?? []
        }
    }

    func scenarioRuns(for role: RoleUnderTest) throws -> [ScenarioRun] {
        var environment = options.environment
        let names = options.allScenarios ? role.scenarioNames : [options.scenarioName]
        let available = role.scenarioNames
        if !options.allScenarios && !available.isEmpty && !available.contains(options.scenarioName) {
            throw ScenarioError("scenario '\(options.scenarioName)' not found in \(role.directory)/molecule; its scenarios: \(available.joined(separator: ", "))")
        }
        if available.isEmpty {
            if options.scenarioName != "default" {
                throw ScenarioError("scenario '\(options.scenarioName)' not found: \(role.directory) has no molecule/*/molecule.yml")
            }
            guard FileManager.default.fileExists(atPath: role.directory + "/tasks") else {
                throw ScenarioError("\(role.directory) has neither molecule scenarios nor tasks/: nothing to test")
            }
            output.notice("\(role.name) has no molecule scenario: the built-in one (one CoreOS-like instance; converge applies the role; verify runs tasks/test.yml or the tasks tagged test)")
            let workspace = ScenarioWorkspace(role: role, scenario: "default", environment: environment)
            return [ScenarioRun(role: role, scenario: .builtIn(), workspace: workspace)]
        }
        return try names.map { name in
            let directory = role.directory + "/molecule/" + name
            guard FileManager.default.fileExists(atPath: directory + "/molecule.yml") else {
                throw ScenarioError("scenario '\(name)' not found: \(directory)/molecule.yml does not exist")
            }
            let workspace = ScenarioWorkspace(role: role, scenario: name, environment: environment)
            for (key, value) in ScenarioRun.moleculeEnvironment(role: role, scenarioName: name, directory: directory, workspace: workspace) {
                environment[key] = value
            }
            let scenario = try MoleculeScenario.load(directory: directory, environment: environment)
            scenario.notices.forEach(output.warning)
            return ScenarioRun(role: role, scenario: scenario, workspace: workspace)
        }
    }

    static func rolesPath(_ options: Options) -> [String] {
        (try? AnsibleConfig.load(environment: options.environment, currentDirectory: options.currentDirectory))?.rolesPath ?? []
    }

    /// SIGINT/SIGTERM: passed on to the running playbook; the sequence stops after the current
    /// step and the instances are destroyed.
    private func watchInterrupts() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = lock.withLock { () -> Bool in
                    defer { interruptedFlag = true }
                    return !interruptedFlag
                }
                if first {
                    output.warning("interrupted: stopping after this step, then destroying the instances")
                    running.signal(SIGINT)
                }
            }
            source.resume()
            return source
        }
    }
}
