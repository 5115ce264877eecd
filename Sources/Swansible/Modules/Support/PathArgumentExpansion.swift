/// ansible-core's modules expand their `path` arguments on the host, in the module's own
/// process: `$NAME` / `${NAME}` from its environment, then a leading `~` or `~user` (so
/// `dest: ~/.bashrc` is the become user's file under become). Swansible's modules are scripts
/// that quote their arguments, so the registry expands such values first, with the same shell
/// function as command's `expand_argument_vars`, in one round trip taken only when a `path`
/// argument holds a `$` or starts with `~`.
enum PathArgumentExpansion {
    /// The `path` arguments of `module` in `args` that the host would expand: those the module
    /// reads on the host (not the controller-side ones, such as copy's `src`).
    static func candidates(_ args: ModuleArguments, of module: any Module.Type) -> [(name: String, value: String)] {
        guard module.actionPlugin != .actionOnly else { return [] }
        let onController = module.controllerPathArguments(args)
        return module.spec.arguments.compactMap { spec in
            guard spec.kind == .path, !onController.contains(spec.name),
                  let value = args[spec.name]?.stringValue, ArgumentExpansion.mayChange(value) else { return nil }
            return (spec.name, value)
        }
    }

    /// `args` with its host-side `path` arguments expanded on the host.
    static func expand(_ args: ModuleArguments, of module: any Module.Type, in context: ModuleContext) async throws -> ModuleArguments {
        let wanted = candidates(args, of: module)
        guard !wanted.isEmpty else { return args }
        var script = ArgumentExpansion.function
        for (_, value) in wanted {
            script += "sw_expand \(ShellQuote.quote(value)); printf '\\000'\n"
        }
        let result = try await context.runScript(script)
        let values = result.stdout.split(separator: "\0", omittingEmptySubsequences: false)
        guard result.exitCode == 0, values.count == wanted.count + 1 else { return args }
        var expanded = args
        for (index, (name, _)) in wanted.enumerated() {
            expanded.values[name] = .string(String(values[index]))
        }
        return expanded
    }
}
