import Foundation

/// `package`: the generic package task. Like ansible-core's package action, it hands the
/// task to the host's package manager module: `use`, else `ansible_package_use`, else the
/// `pkg_mgr` fact; without facts, the apt script itself finds out on the host (no extra
/// round trip). apt is the only manager Swansible implements.
struct PackageModule: Module {
    static let names = ["package"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let supportsAsync = true
    /// apt's arguments and rules (they reach apt unchanged), plus `use`.
    static let spec: ModuleSpec = {
        var spec = AptModule.spec
        spec.arguments += [
            ArgumentSpec("use", default: "auto",
                         description: "The package manager module to use; `auto` finds the host's (only apt is implemented)."),
        ]
        return spec
    }()

    static let documentation = ModuleDocumentation(
        "Generic OS package manager",
        description: [
            "Installs or removes packages with the host's package manager, so that one task serves hosts of several distributions.",
            "On hosts with apt-get, it is the apt module (its other arguments are apt's); on hosts without a package manager Swansible implements (CoreOS, Flatcar), it fails saying so.",
        ],
        notes: [
            "The manager comes from `use`, `ansible_package_use`, the gathered `ansible_pkg_mgr` fact, or, without facts, from the host during the task itself (ansible-core gathers facts for it first).",
            "Only apt is implemented; dnf and yum answer that they are not available.",
        ],
        examples: """
            - name: curl everywhere
              ansible.builtin.package:
                name: curl
                state: present
            """,
        diffMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        switch manager(args, in: context) {
        case nil, "apt"?:
            return try await AptModule.run(args, in: context, missing: .package)
        case let other?:
            if ["dnf", "dnf5", "yum", "yum4"].contains(other) { return try await DnfModule.run(args, in: context) }
            if ModuleRegistry.module(named: other) == nil || other == "unknown" {
                return AptPlan.noAptGet(.package, other: other == "unknown" ? nil : other)
            }
            return .failure("Could not find a matching action for the \"\(other)\" package manager: Swansible has no package manager module for this host besides apt.")
        }
    }

    /// The manager named by the task, its variables or the host's facts; nil: ask the host.
    static func manager(_ args: ModuleArguments, in context: ModuleContext) -> String? {
        if let use = args.string("use"), use != "auto" { return use }
        for expression in ["ansible_package_use", "ansible_facts.pkg_mgr"] {
            if let value = try? context.templar.evaluate(expression), let name = value.stringValue, !name.isEmpty, name != "auto" {
                return name
            }
        }
        return nil
    }
}
