/// The `invocation` ansible-core's modules add to every result they return:
/// `{"module_args": {...}}`, the module's arguments after validation. Swansible builds it in one
/// place, `ModuleRegistry.run`, from the module's `ModuleSpec`, for every module that ansible-core
/// runs as a module (not the action-only ones: debug, set_fact, raw, script, fetch...).
///
/// What it holds, as seen by running ansible-core 2.19: every argument of the spec; the task's
/// own spellings first, in its order (an alias keeps the value as written, the canonical name
/// gets the converted one; an unsupported name, in a failed validation, is there as written),
/// then the canonical names of the aliases given, then the arguments with a default, then the
/// rest as null. A `no_log` argument's value (and its aliases') reads
/// `VALUE_SPECIFIED_IN_NO_LOG_PARAMETER`. Arguments only the action plugin takes (copy's
/// `decrypt`) are not the module's, so they are left out.
enum ModuleInvocation {
    static let key = "invocation"
    static let noLogValue = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

    /// `{"module_args": ...}` for `given` (the task's arguments as the module got them) and
    /// `arguments` (the validated ones: canonical names, converted values, defaults filled).
    /// `masking` names arguments masked like `no_log` ones (`Module.invocationMasks`).
    static func value(spec: ModuleSpec, given: ValueDict, arguments: ValueDict, masking: Set<String> = []) -> Value {
        ["module_args": .dict(moduleArguments(spec: spec, given: given, arguments: arguments, masking: masking))]
    }

    static func moduleArguments(spec: ModuleSpec, given: ValueDict, arguments: ValueDict, masking: Set<String> = []) -> ValueDict {
        var canonical: [String: ArgumentSpec] = [:]
        var aliased: [String: ArgumentSpec] = [:]
        for argument in spec.arguments {
            canonical[argument.name] = argument
            for alias in argument.aliases { aliased[alias] = argument }
        }
        var out = ValueDict()
        var aliasesGiven: [ArgumentSpec] = []
        for (name, value) in given where !name.hasPrefix("_ansible_") {
            if let argument = canonical[name] {
                if !argument.actionOnly { out[name] = arguments[name] ?? value }
            } else if let argument = aliased[name] {
                guard !argument.actionOnly else { continue }
                out[name] = value
                aliasesGiven.append(argument)
            } else {
                out[name] = value
            }
        }
        for argument in aliasesGiven where out[argument.name] == nil {
            out[argument.name] = arguments[argument.name] ?? .null
        }
        let own = spec.arguments.filter { !$0.actionOnly }
        for argument in own where out[argument.name] == nil && !(arguments[argument.name] ?? .null).isNull {
            out[argument.name] = arguments[argument.name]
        }
        for argument in own where out[argument.name] == nil { out[argument.name] = .null }
        for argument in own where argument.noLog || masking.contains(argument.name) {
            for name in [argument.name] + argument.aliases where !(out[name] ?? .null).isNull {
                out[name] = .string(noLogValue)
            }
        }
        return out
    }

    /// Whether `module`'s results carry an invocation: those of a module ansible-core runs on
    /// the host, not those of an action that runs none.
    static func isReported(by module: any Module.Type) -> Bool {
        module.actionPlugin != .actionOnly && !module.argumentsAreVariables
    }

    /// `result` with `invocation` added, unless the module set one itself (copy, which reports
    /// the module it ran) or the result is the action's own failure or skip, raised before any
    /// module ran.
    static func adding(_ invocation: Value, to result: ModuleResult) -> ModuleResult {
        guard result.fields[key] == nil, !result.ownsInvocation, !result.skippedByAction, result.fields[ModuleResult.actionErrorMarker] == nil,
              result.fields[ModuleResult.failureKindKey] == nil else { return result }
        var out = result
        guard case .dict(var wrapper) = invocation, case .dict(var arguments)? = wrapper["module_args"],
              !result.settledArguments.isEmpty else {
            out.fields[key] = invocation
            return out
        }
        for (name, value) in result.settledArguments where arguments[name] != nil { arguments[name] = value }
        wrapper["module_args"] = .dict(arguments)
        out.fields[key] = .dict(wrapper)
        return out
    }

    /// The invocation of `module` run with `given` by an action: validated as the module
    /// would, so that its defaults are filled in.
    static func of(_ module: any Module.Type, given: ValueDict) -> Value {
        let arguments = module.spec.validate(given, module: module.names[0]).arguments.values
        return value(spec: module.spec, given: given, arguments: arguments)
    }

    /// What copy's action (and template's, through it) hands the copy module that writes the
    /// file: the task's arguments that are copy's own (not `content`, `decrypt` or template's),
    /// with the uploaded file as `src`, the destination, the source's name, `follow` and the
    /// content's checksum. `src` is Swansible's upload path, not ansible-core's temp path.
    static func copyModule(given: ValueDict, src: String, originalBasename: String?, checksum: String) -> Value {
        let known = Set(CopyModule.spec.arguments.filter { !$0.actionOnly }.flatMap { [$0.name] + $0.aliases })
        var args = given.filter { known.contains($0.key) && $0.key != "content" }
        args["src"] = .string(src)
        args["dest"] = given["dest"] ?? .null
        args["_original_basename"] = originalBasename.map(Value.string) ?? .null
        args["follow"] = .bool((try? ArgumentCoercion.bool(given["follow"] ?? false).get()) ?? false)
        if (given["checksum"] ?? .null).isNull { args["checksum"] = .string(checksum) }
        return of(CopyModule.self, given: args)
    }

    /// What copy's action hands the file module when the content is already there: the task's
    /// file arguments (ansible-core's common file arguments, `state`, `path`, `recurse`, `force`)
    /// with the task's `dest`, the source's name, and `state: file`. The module's `path` is the
    /// file it settled (`dest/NAME` for a directory `dest`), as the module resolves it.
    static func fileModule(given: ValueDict, path: String, originalBasename: String?) -> Value {
        let fileArguments: Set<String> = ["mode", "owner", "group", "seuser", "serole", "selevel", "setype", "attributes",
                                          "unsafe_writes", "state", "path", "_original_basename", "recurse", "force", "_diff_peek"]
        var args = given.filter { fileArguments.contains($0.key) }
        args["dest"] = given["dest"] ?? .null
        args["_original_basename"] = originalBasename.map(Value.string) ?? .null
        args["recurse"] = false
        args["state"] = "file"
        guard case .dict(var invocation) = of(FileModule.self, given: args),
              case .dict(var moduleArgs)? = invocation["module_args"] else { return .null }
        moduleArgs["path"] = .string(path)
        invocation["module_args"] = .dict(moduleArgs)
        return .dict(invocation)
    }
}
