/// ansible-core's modules that Swansible does not implement. A play may name them and still
/// run where ansible-core's would (a task for another distribution, skipped by its `when`), so
/// they load like any module; a task that does run one fails, naming it.
struct NotImplementedModule: Module {
    static let names = [
        "dnf5", "dpkg_selections", "expect", "iptables", "mount_facts", "rpm_key", "subversion",
        "sysvinit", "yum_repository",
    ]
    static let spec = ModuleSpec(arguments: [])
    /// Whatever the task gives is kept as it is: nothing here checks it.
    static let argumentsAreVariables = true

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        .failure(refusal("this module"))
    }

    /// The failure of a task that runs `name`.
    static func refusal(_ name: String) -> String {
        "\(name) is a module of ansible-core that Swansible does not implement: the task cannot run. "
            + "(Swansible loads the task so that plays which skip it still run.)"
    }
}
