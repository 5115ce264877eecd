import ArgumentParser
import Foundation
import Swansible
import SwansibleTesting

/// `swansible test`: molecule's create → converge → idempotence → verify → destroy on Docker.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test a role with its molecule scenarios, on Docker containers that behave like CoreOS hosts.",
        discussion: """
            ROLE is a role name (looked up in roles/, nested directories and the roles path, or as \
            namespace.role_name from its meta/main.yml) or a path; without it, the current directory \
            is the role, as with molecule. Arguments after -- go to every ansible-playbook run.
            """,
        subcommands: [
            TestRoleCommand.self, TestCheckCommand.self, TestCreateCommand.self, TestPrepareCommand.self,
            TestConvergeCommand.self, TestIdempotenceCommand.self, TestSideEffectCommand.self,
            TestVerifyCommand.self, TestCleanupCommand.self, TestDestroyCommand.self, TestSyntaxCommand.self,
            TestDependencyCommand.self, TestLoginCommand.self, TestListCommand.self,
        ])
}

/// What every step subcommand takes: the role, the scenario, and arguments for the playbooks.
struct TestSelection: ParsableArguments {
    @Argument(help: "The role: a name or a path (default: the current directory)")
    var role: String?
    @Option(name: [.short, .customLong("scenario-name")], help: "The scenario under molecule/ (default: default)")
    var scenario = "default"
    @Flag(name: .customLong("all"), help: "Every scenario of the role")
    var all = false
    @Argument(parsing: .postTerminator, help: .hidden)
    var playbookArguments: [String] = []

    func options(destroy: TestHarness.DestroyPolicy = .always) -> TestHarness.Options {
        var options = TestHarness.Options()
        options.role = role
        options.scenarioName = scenario
        options.allScenarios = all
        options.destroy = destroy
        options.playbookArguments = playbookArguments
        return options
    }
}

/// A subcommand that runs one of molecule's sequences or steps.
protocol TestStepCommand: AsyncParsableCommand {
    static var sequenceName: String { get }
    var selection: TestSelection { get }
}

extension TestStepCommand {
    func run() async throws {
        let status = await TestHarness(options: selection.options()).run(Self.sequenceName)
        if status != 0 { throw ExitCode(status) }
    }
}

struct TestRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "The whole test sequence: dependency, cleanup, destroy, syntax, create, prepare, converge, idempotence, side_effect, verify, cleanup, destroy.")
    @OptionGroup var selection: TestSelection
    @Option(help: "always: remove the instances even when a step fails; never: keep them to look at (always, never)")
    var destroy = "always"

    func run() async throws {
        guard let policy = TestHarness.DestroyPolicy(rawValue: destroy) else {
            throw ValidationError("--destroy must be always or never, not '\(destroy)'")
        }
        let status = await TestHarness(options: selection.options(destroy: policy)).run("test")
        if status != 0 { throw ExitCode(status) }
    }
}

struct TestCheckCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Converge in check mode on new instances, then destroy them.")
    static let sequenceName = "check"
    @OptionGroup var selection: TestSelection
}

struct TestCreateCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create the instances (and run prepare once).")
    static let sequenceName = "create"
    @OptionGroup var selection: TestSelection
}

struct TestPrepareCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "prepare", abstract: "Run the prepare playbook on the instances (once).")
    static let sequenceName = "prepare"
    @OptionGroup var selection: TestSelection
}

struct TestConvergeCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "converge", abstract: "Create the instances if needed, then run the converge playbook.")
    static let sequenceName = "converge"
    @OptionGroup var selection: TestSelection
}

struct TestIdempotenceCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "idempotence", abstract: "Converge again; fail, naming the tasks, if anything changes.")
    static let sequenceName = "idempotence"
    @OptionGroup var selection: TestSelection
}

struct TestSideEffectCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "side-effect", abstract: "Run the side_effect playbook.")
    static let sequenceName = "side_effect"
    @OptionGroup var selection: TestSelection
}

struct TestVerifyCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Run the verify playbook.")
    static let sequenceName = "verify"
    @OptionGroup var selection: TestSelection
}

struct TestCleanupCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "cleanup", abstract: "Run the cleanup playbook.")
    static let sequenceName = "cleanup"
    @OptionGroup var selection: TestSelection
}

struct TestDestroyCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Remove the instances, their network and state.")
    static let sequenceName = "destroy"
    @OptionGroup var selection: TestSelection
}

struct TestSyntaxCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "syntax", abstract: "Syntax-check the converge playbook.")
    static let sequenceName = "syntax"
    @OptionGroup var selection: TestSelection
}

struct TestDependencyCommand: TestStepCommand {
    static let configuration = CommandConfiguration(commandName: "dependency", abstract: "Check that the roles the requirements file names are present (nothing is downloaded).")
    static let sequenceName = "dependency"
    @OptionGroup var selection: TestSelection
}

struct TestLoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Open a shell on an instance.")
    @OptionGroup var selection: TestSelection
    @Option(help: "The instance (needed when the scenario has several)")
    var host: String?

    func run() async throws {
        let container = try await TestInstances.container(options: selection.options(), host: host)
        let arguments = ["docker", "exec", "-it", container, "/bin/bash", "-l"]
        let argv = arguments.map { strdup($0) } + [nil]
        execvp("docker", argv)
        throw ValidationError("cannot run docker: \(String(cString: strerror(errno)))")
    }
}

struct TestListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the instances swansible test has running (leftovers included).")

    func run() async throws {
        print(try await TestInstances.listing())
    }
}
