import Foundation
import Testing
import SwansibleTesting

/// `swansible test` on the fixture roles under Fixtures/test-roles, as a user runs it: the
/// built executable, real Docker instances. Each run works on a fresh copy of the fixtures and
/// its own cache directory; after every run, passed, failed or interrupted, no container of the
/// role is left.
/// One test at a time: each makes its own Docker network, and the engine's default address
/// pools hold about thirty (one test runs two scenarios at once on purpose).
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: IntegrationGate.shouldRun, IntegrationGate.skipReason))
struct TestHarnessIntegrationTests {
    static let fixtures = IntegrationGate.packageRoot.appendingPathComponent("Tests/IntegrationTests/Fixtures/test-roles").path

    /// A fresh copy of the fixture roles, and a cache directory for the scenarios' state.
    static func workspace() throws -> (roles: String, cache: String) {
        let base = NSTemporaryDirectory() + "swansible-harness-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtures, toPath: base + "/roles")
        return (base + "/roles", base + "/cache")
    }

    static func run(_ arguments: [String], in directory: String, cache: String,
                    environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        var env = environment
        env["XDG_CACHE_HOME"] = cache
        let process = try PlaybookProcess(arguments, in: directory, program: "swansible", extraEnvironment: env)
        let status = try await process.waitForExit(within: 240)
        return (status, process.stdout + process.stderr)
    }

    /// Containers of the roles under `directory` that still exist.
    static func leftovers(_ directory: String) async throws -> [String] {
        let lines = try await Docker.run(["ps", "-a", "--format", "{{.Names}} {{.Label \"swansible.test.role\"}}"])
        return lines.split(separator: "\n").filter { $0.contains(" " + directory + "/") }.map(String.init)
    }

    @Test func aPassingRoleRunsTheWholeSequenceWithItsVariables() async throws {
        let (roles, cache) = try Self.workspace()
        let result = try await Self.run(["test", "role", "hardened"], in: roles, cache: cache,
                                        environment: ["SWANSIBLE_FIXTURE_NAME": "from-the-environment"])
        #expect(result.status == 0, "\(result.output)")
        for step in ["dependency", "syntax", "create", "converge", "idempotence", "verify", "destroy"] {
            #expect(result.output.contains("default ➜ \(step): Execut"), "no \(step) step:\n\(result.output)")
        }
        // The image named through ${SWANSIBLE_FIXTURE_IMAGE:-geerlingguy/...} is mapped to the base image.
        #expect(result.output.contains("image geerlingguy/docker-debian12-ansible:latest is not present"))
        #expect(result.output.contains("Idempotence completed successfully."))
        #expect(result.output.contains("PASSED\n"))
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func twoPlatformsInTwoGroupsAndAScenarioRunningBesideAnother() async throws {
        let (roles, cache) = try Self.workspace()
        async let twoGroups = Self.run(["test", "role", "hardened", "--scenario-name", "two-groups"], in: roles, cache: cache)
        async let other = Self.run(["test", "role", "unstable"], in: roles, cache: cache)
        let (groups, _) = try await (twoGroups, other)
        #expect(groups.status == 0, "\(groups.output)")
        #expect(groups.output.contains("SUMMARY  role hardened, scenario two-groups"))
        #expect(groups.output.contains("ok: [web-1]") && groups.output.contains("ok: [db-1]"), "\(groups.output)")
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func aRoleThatIsNotIdempotentFailsNamingTheTask() async throws {
        let (roles, cache) = try Self.workspace()
        let result = try await Self.run(["test", "role", "unstable"], in: roles, cache: cache)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("""
            Idempotence test failed because of the following tasks:
            * [instance] => unstable : Stamp the time (changes every run)

            """), "\(result.output)")
        #expect(!result.output.contains("Write a file once\n*"))
        #expect(result.output.contains("idempotence   failed"))
        #expect(!result.output.contains("default ➜ verify:"), "verify ran after a failure")
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func aFailingVerifyFailsTheRunAndStillDestroys() async throws {
        let (roles, cache) = try Self.workspace()
        // No molecule/ directory: the built-in scenario, whose verify runs tasks/test.yml.
        let result = try await Self.run(["test", "role", "failing-verify"], in: roles, cache: cache)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("has no molecule scenario"))
        #expect(result.output.contains("TASK [failing-verify : The content is right]"), "\(result.output)")
        #expect(result.output.contains("verify        failed"))
        #expect(result.output.contains("destroy       passed"))
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func stepsAsSubcommandsKeepTheInstancesBetweenThem() async throws {
        let (roles, cache) = try Self.workspace()
        let converge = try await Self.run(["test", "converge", "hardened"], in: roles, cache: cache)
        #expect(converge.status == 0, "\(converge.output)")
        #expect(try await Self.leftovers(roles).count == 1)
        let verify = try await Self.run(["test", "verify"], in: roles + "/hardened", cache: cache)
        #expect(verify.status == 0, "\(verify.output)")
        let again = try await Self.run(["test", "create", "hardened"], in: roles, cache: cache)
        #expect(again.output.contains("Skipping, instances already created"), "\(again.output)")
        let list = try await Self.run(["test", "list"], in: roles, cache: cache)
        #expect(list.output.contains("-instance  default"), "\(list.output)")
        let destroy = try await Self.run(["test", "destroy", "hardened"], in: roles, cache: cache)
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(try await Self.leftovers(roles).isEmpty)
        let verifyAfter = try await Self.run(["test", "verify", "hardened"], in: roles, cache: cache)
        #expect(verifyAfter.status == 1)
        #expect(verifyAfter.output.contains("instances not created; run: swansible test create"))
    }

    @Test func ctrlCDuringConvergeDestroysTheInstances() async throws {
        let (roles, cache) = try Self.workspace()
        let process = try PlaybookProcess(["test", "role", "slow"], in: roles, program: "swansible",
                                          extraEnvironment: ["XDG_CACHE_HOME": cache])
        try await process.waitForOutput(within: 120) { $0.contains("TASK [slow : Take a long time]") }
        process.signal(SIGINT)
        let status = try await process.waitForExit(within: 60)
        let output = process.stdout + process.stderr
        #expect(status == 130, "\(output)")
        #expect(output.contains("converge      interrupted"), "\(output)")
        #expect(output.contains("destroy       passed"), "\(output)")
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func aDockerfileIsRenderedAndBuiltOnTheLocalBase() async throws {
        let (roles, cache) = try Self.workspace()
        let result = try await Self.run(["test", "role", "hardened", "-s", "dockerfile"], in: roles, cache: cache)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("built: building Dockerfile.j2"))
        #expect(try await Self.leftovers(roles).isEmpty)
        let images = try await Docker.run(["images", "--format", "{{.Repository}}", "--filter", "reference=swansible-test/*-built"])
        #expect(images.isEmpty, "built images left: \(images)")
    }

    @Test func anImageWithoutSSHIsReachedWithDockerExec() async throws {
        let (roles, cache) = try Self.workspace()
        let result = try await Self.run(["test", "role", "hardened", "-s", "no-sshd"], in: roles, cache: cache)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("boxed: the image has no sshd; the instance is reached with ansible_connection=docker"))
        #expect(result.output.contains("Idempotence completed successfully."))
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func aNewRoleFromRoleInitPassesItsOwnScenario() async throws {
        let (roles, cache) = try Self.workspace()
        let initialized = try await Self.run(["role", "init", "acme-web"], in: roles, cache: cache)
        #expect(initialized.status == 0 && initialized.output == "- Role acme-web was created successfully\n", "\(initialized.output)")
        let result = try await Self.run(["test", "role", "acme-web"], in: roles, cache: cache)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("TASK [acme-web : Create the directory of acme-web]"), "\(result.output)")
        #expect(try await Self.leftovers(roles).isEmpty)
    }

    @Test func aMissingRoleOrScenarioIsAClearError() async throws {
        let (roles, cache) = try Self.workspace()
        let missing = try await Self.run(["test", "role", "no-such-role"], in: roles, cache: cache)
        #expect(missing.status == 1)
        #expect(missing.output.contains("role 'no-such-role' was not found in: \(roles)/roles"), "\(missing.output)")
        let scenario = try await Self.run(["test", "role", "hardened", "-s", "nope"], in: roles, cache: cache)
        #expect(scenario.status == 1)
        #expect(scenario.output.contains("scenario 'nope' not found in \(roles)/hardened/molecule; its scenarios: default, dockerfile, no-sshd, two-groups"), "\(scenario.output)")
    }
}
