import Foundation
import Testing
@testable import Swansible

/// ufw's command planning and change detection without a host: the commands are the ones
/// community.general's ufw module writes for the same arguments, and the decisions are its
/// decisions on `ufw status verbose`, the rules files and the dry run.
@Suite struct UfwRulesTests {
    static func arguments(_ given: ValueDict) throws -> ModuleArguments {
        let validation = UfwModule.spec.validate(given, module: "ufw")
        try #require(validation.isValid, "\(validation.problems)")
        return validation.arguments
    }

    static func plan(_ given: ValueDict, checkMode: Bool = false) throws -> UfwPlan {
        try UfwPlan(try arguments(given), checkMode: checkMode)
    }

    static func commands(_ plan: UfwPlan) -> [String] {
        plan.steps.map { UfwPlan.reported($0, paths: ["ufw": "/usr/sbin/ufw", "grep": "/usr/bin/grep"]) }
    }

    static let rules = "/usr/bin/grep -h '^### tuple' /lib/ufw/user.rules /lib/ufw/user6.rules /etc/ufw/user.rules /etc/ufw/user6.rules /var/lib/ufw/user.rules /var/lib/ufw/user6.rules"

    @Test func ruleIsWrittenInUfwsLongFormBetweenTheStatusReads() throws {
        let plan = try Self.plan(["rule": "allow", "port": "22", "proto": "tcp", "src": "10.0.0.0/8", "comment": "ssh"])
        #expect(Self.commands(plan) == [
            "/usr/sbin/ufw status verbose", Self.rules, "/usr/sbin/ufw --version",
            "/usr/sbin/ufw allow from 10.0.0.0/8 to any port 22 proto tcp",
            "/usr/sbin/ufw status verbose", Self.rules,
        ])
        #expect(plan.ruleComment == " comment 'ssh'")
    }

    @Test func routeDeleteInterfaceAndApplicationWords() throws {
        let args = try Self.arguments(["rule": "deny", "route": true, "delete": true, "insert": 2, "direction": "in",
                                       "interface": "eth0", "log": true, "name": "OpenSSH"])
        #expect(UfwPlan.ruleWords("deny", args).joined(separator: " ")
                == "route delete deny in on eth0 log from any to any app 'OpenSSH'")
        let inserted = try Self.arguments(["rule": "reject", "insert": 1, "to_ip": "192.0.2.1", "to_port": "443"])
        #expect(UfwPlan.ruleWords("reject", inserted).joined(separator: " ") == "insert 1 reject from any to 192.0.2.1 port 443")
    }

    @Test func checkModeRunsOnlyReadsAndTheDryRun() throws {
        let plan = try Self.plan(["state": "enabled", "default": "deny", "rule": "limit", "port": "22", "logging": "low"], checkMode: true)
        #expect(Self.commands(plan) == [
            "/usr/sbin/ufw status verbose", Self.rules, "/usr/sbin/ufw --version",
            "/usr/sbin/ufw --dry-run limit from any to any port 22",
        ])
    }

    @Test func stateDefaultAndLoggingRunInTheModulesOrder() throws {
        let plan = try Self.plan(["logging": "medium", "policy": "reject", "direction": "outgoing", "state": "reloaded"])
        #expect(Self.commands(plan) == [
            "/usr/sbin/ufw status verbose", Self.rules, "/usr/sbin/ufw -f reload",
            "/usr/sbin/ufw default reject outgoing", "/usr/sbin/ufw logging medium", "/usr/sbin/ufw status verbose",
        ], "a reload changes anyway: the rules are not read again")
    }

    @Test func directionsThatDoNotFitAreRefusedWithTheModulesMessages() throws {
        #expect(throws: UfwRefusal("For default, direction must be one of \"outgoing\", \"incoming\" and \"routed\", or direction must not be specified.")) {
            try Self.plan(["default": "allow", "direction": "in"])
        }
        #expect(throws: UfwRefusal("For rules, direction must be one of \"in\" and \"out\", or direction must not be specified.")) {
            try Self.plan(["rule": "allow", "direction": "incoming"])
        }
        #expect(throws: UfwRefusal("Only route rules can combine interface_in and interface_out")) {
            try Self.plan(["rule": "allow", "interface_in": "eth0", "interface_out": "eth1"])
        }
    }

    @Test func aCommentWithAnUnclosedQuoteFailsAsShlexDoes() throws {
        let plan = try Self.plan(["rule": "allow", "port": "22", "comment": "it's"])
        #expect(throws: UfwRefusal("No closing quotation")) { try UfwModule.script(plan) }
    }

    @Test func outcomeSectionsAreReadBackInOrder() {
        let outcome = UfwOutcome("@@sw ufw\n/usr/sbin/ufw\n@@sw ran\n@ufw status verbose\n@@sw status\nStatus: active\n\nLogging: on (low)\n@@sw ran\n@ufw --version\n@@sw version\nufw 0.36.2\n@@sw done\n")
        #expect(outcome.ran == ["@ufw status verbose", "@ufw --version"])
        #expect(outcome.sections["status"] == "Status: active\n\nLogging: on (low)")
        #expect(outcome.sections["done"] == "")
        #expect(UfwModule.report(outcome.ran[1], paths: ["ufw": "/usr/sbin/ufw"]) == "/usr/sbin/ufw --version")
    }

    static let activeStatus = """
        Status: active
        Logging: on (low)
        Default: deny (incoming), allow (outgoing), disabled (routed)
        New profiles: skip
        """

    @Test func checkModePredictsFromTheStatus() throws {
        func predicts(_ given: ValueDict, status: String = UfwRulesTests.activeStatus) throws -> Bool {
            var outcome = UfwOutcome("")
            outcome.sections["status"] = status
            return outcome.changed(try Self.arguments(given), checkMode: true)
        }
        #expect(try !predicts(["state": "enabled"]))
        #expect(try predicts(["state": "disabled"]))
        #expect(try predicts(["state": "enabled"], status: "Status: inactive"))
        #expect(try !predicts(["logging": "on"]))
        #expect(try !predicts(["logging": "low"]))
        #expect(try predicts(["logging": "high"]))
        #expect(try predicts(["logging": "off"]))
        #expect(try !predicts(["default": "deny"]))
        #expect(try predicts(["default": "allow"]))
        #expect(try !predicts(["default": "deny", "direction": "routed"]), "a disabled routed policy counts as any")
        #expect(try predicts(["default": "deny", "direction": "outgoing"]))
        #expect(try predicts(["state": "reloaded"]))
    }

    @Test func aDryRunThatOnlySkipsOrRepeatsTheRulesChangesNothing() throws {
        let args = try Self.arguments(["rule": "allow", "port": "22", "proto": "tcp"])
        let current = "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n### tuple ### allow tcp 22 ::/0 any ::/0 in"
        #expect(!UfwOutcome.ruleChanges(dry: "Skipping adding existing rule\nSkipping adding existing rule (v6)", rules: current, args))
        let dry = "*filter\n:ufw-user-input - [0:0]\n### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n### END RULES ###"
        #expect(UfwOutcome.ruleChanges(dry: dry, rules: "", args))
        #expect(!UfwOutcome.ruleChanges(dry: dry + "\n" + current.split(separator: "\n")[1], rules: current, args))

        let v4 = try Self.arguments(["rule": "allow", "from_ip": "10.1.2.3", "port": "80"])
        let v4Dry = "### tuple ### allow any 80 0.0.0.0/0 any 10.1.2.3 in"
        #expect(!UfwOutcome.ruleChanges(dry: v4Dry, rules: v4Dry + "\n### tuple ### allow tcp 22 ::/0 any ::/0 in", v4),
                "an IPv4 rule is compared on the IPv4 lines only")
    }
}
