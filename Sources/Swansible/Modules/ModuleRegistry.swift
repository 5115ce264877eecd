/// Name → module type. One line per module; each short name also answers as
/// `ansible.builtin.<name>` and `ansible.legacy.<name>`. A value of it is the `ActionCatalog`
/// the playbook loader reads module traits from.
public struct ModuleRegistry: Sendable {
    public init() {}

    static let modules: [any Module.Type] = [
        CommandModule.self,
        ShellModule.self,
        RawModule.self,
        CopyModule.self,
        TemplateFileModule.self,
        FileModule.self,
        StatModule.self,
        LineInFileModule.self,
        BlockInFileModule.self,
        ReplaceModule.self,
        FindModule.self,
        DebugModule.self,
        AssertModule.self,
        SetFactModule.self,
        FailModule.self,
        PingModule.self,
        MetaModule.self,
        PauseModule.self,
        IncludeVarsModule.self,
        SystemdModule.self,
        ServiceModule.self,
        SetupModule.self,
        WaitForModule.self,
        URIModule.self,
        ScriptModule.self,
        SlurpModule.self,
        GetURLModule.self,
        UserModule.self,
        GroupModule.self,
        SysctlModule.self,
        WaitForConnectionModule.self,
        AptModule.self,
        ServiceFactsModule.self,
        PackageModule.self,
        DnfModule.self,
        TempfileModule.self,
        FetchModule.self,
        HostnameModule.self,
        GetentModule.self,
        DebconfModule.self,
        ModprobeModule.self,
        CronModule.self,
        GitModule.self,
        AddHostModule.self,
        GroupByModule.self,
        SetStatsModule.self,
        MountModule.self,
        TimezoneModule.self,
        IniFileModule.self,
        PamLimitsModule.self,
        LocaleGenModule.self,
        AlternativesModule.self,
        ValidateArgumentSpecModule.self,
        AssembleModule.self,
        UnarchiveModule.self,
        RebootModule.self,
        MakeModule.self,
        UfwModule.self,
        FirewalldModule.self,
        AuthorizedKeyModule.self,
        AptKeyModule.self,
        AclModule.self,
        AptRepositoryModule.self,
        PackageFactsModule.self,
        Deb822RepositoryModule.self,
        AsyncStatusModule.self,
        KnownHostsModule.self,
        PipModule.self,
    ]

    private static let table: [String: any Module.Type] = {
        var table: [String: any Module.Type] = [:]
        // (Not among `modules`: they are not listed or documented, only loaded.)
        for module in modules + [NotImplementedModule.self] {
            for name in module.names {
                table[name] = module
                // A collection's name (ansible.posix.sysctl) answers only as itself.
                if name.contains(".") { continue }
                table["ansible.builtin." + name] = module
                table["ansible.legacy." + name] = module
            }
        }
        return table
    }()

    /// The module a task's action names (`copy`, `ansible.builtin.copy`), or nil.
    public static func module(named name: String) -> (any Module.Type)? { table[name] }


    /// Checks a task's arguments for the module `name` as written in the task.
    public static func validate(_ args: ValueDict, for module: any Module.Type, as name: String) -> ArgumentValidation {
        module.spec.validate(args, module: displayName(name, of: module))
    }

    /// Validates `args` and runs the module; argument problems become a failed result with
    /// ansible's message (its first problem) and nothing runs on the host.
    public static func run(
        _ name: String, arguments args: ValueDict, in context: ModuleContext
    ) async throws -> ModuleResult {
        guard let module = module(named: name) else {
            return .failure("The module \(name) was not found in configured module paths")
        }
        if module == NotImplementedModule.self {
            return .failure(NotImplementedModule.refusal(displayName(name, of: module)))
        }
        if module.argumentsAreVariables {
            return try await module.run(ModuleArguments(args), in: context)
        }
        let refused = module.actionRefusedArguments.filter { args[$0] != nil }
        if !refused.isEmpty {
            return ModuleResult(failed: true, message: "Unsupported parameters for (\(name)) module: \(refused.joined(separator: ", "))",
                                fields: [ModuleResult.failureKindKey: ""])
        }
        if args["_raw_params"] != nil, module.spec.freeForm == nil, !module.spec.arguments.contains(where: { $0.name == "_raw_params" }) {
            // (Raised before the action runs: printed on one line even for debug.)
            var refusal = ModuleResult.raisedFailure("Task failed: Action '\(resolvedName(name, of: module))' does not support raw params.")
            refusal.fields["_ansible_verbose_always"] = false
            return refusal
        }
        let given = (module as? any ArgumentNormalising.Type)?.normalise(args) ?? args
        let validation = validate(given, for: module, as: name)
        // Like ansible-core's modules, every result says how the module was invoked.
        func invoked(_ result: ModuleResult, _ arguments: ModuleArguments) -> ModuleResult {
            guard ModuleInvocation.isReported(by: module) else { return result }
            let invocation = ModuleInvocation.value(spec: module.spec, given: given, arguments: arguments.values,
                                                    masking: module.invocationMasks)
            return ModuleInvocation.adding(invocation, to: result)
        }
        if let message = validation.message { return invoked(.failure(message), validation.arguments) }
        if context.checkMode && !module.spec.supportsCheckMode {
            return invoked(ModuleResult(skipped: true, message: "This module does not support check mode"), validation.arguments)
        }
        var arguments = try await PathArgumentExpansion.expand(validation.arguments, of: module, in: context)
        arguments.given = given
        return invoked(try await module.run(arguments, in: context), arguments)
    }

    /// The name ansible-core resolves a task's action to: `ansible.builtin.<name>` for the
    /// short and legacy names, a collection's name as written.
    static func resolvedName(_ written: String, of module: any Module.Type) -> String {
        let short = TaskAction.shortName(written)
        return short.contains(".") ? short : "ansible.builtin." + module.names[0]
    }

    /// The module's name in its messages: `copy` → `ansible.legacy.copy` for a module behind
    /// an action plugin of its own (ansible-core resolves the short name so); otherwise the
    /// name as the task wrote it.
    static func displayName(_ written: String, of module: any Module.Type) -> String {
        if written.contains(".") || module.actionPlugin != .wrapsModule { return written }
        return "ansible.legacy." + written
    }
}
