import Jinja

/// A dict whose values are templated on access, like ansible-core 2.19's lazy containers:
/// `d.ok` works even when `d.broken` refers to an undefined variable.
final class LazyDict: LazyValue {
    let raw: ValueDict
    unowned let resolver: VariableResolver
    private var cache: [String: JinjaValue] = [:]

    init(_ raw: ValueDict, resolver: VariableResolver) {
        self.raw = raw
        self.resolver = resolver
    }

    var typeName: String { "dict" }
    var isTruthy: Bool { !raw.isEmpty }
    var rawValue: Value { .dict(raw) }

    func element(_ key: String) throws -> JinjaValue? {
        if let c = cache[key] { return c }
        guard let r = raw[key] else { return nil }
        let v = try resolver.lazy(r)
        cache[key] = v
        return v
    }

    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        if name == "keys" {
            // keys need no templating: `d.keys()` works even when a value is broken
            return .object(NativeFunction("keys") { [raw] _, _ in .list(raw.keys.map { .string($0) }) })
        }
        if PythonMethods.dictMethods.contains(name) {
            return PythonMethods.bound(try plainValue(), name).map { .object($0) }
        }
        return try element(name)
    }

    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? { try element(PythonOperators.dictKey(key)) }
    func iterate(renderer: Renderer) throws -> [JinjaValue] { raw.keys.map { .string($0) } }

    func plainValue() throws -> Value {
        var out = ValueDict()
        for key in raw.keys { out[key] = try element(key)?.plain() ?? .null }
        return .dict(out)
    }

    func text() throws -> String { try plainValue().pythonString }
}

/// A list whose elements are templated on access.
final class LazyList: LazyValue {
    let raw: [Value]
    unowned let resolver: VariableResolver
    private var cache: [Int: JinjaValue] = [:]

    init(_ raw: [Value], resolver: VariableResolver) {
        self.raw = raw
        self.resolver = resolver
    }

    var typeName: String { "list" }
    var isTruthy: Bool { !raw.isEmpty }
    var rawValue: Value { .list(raw) }

    func element(_ i: Int) throws -> JinjaValue {
        if let c = cache[i] { return c }
        let v = try resolver.lazy(raw[i])
        cache[i] = v
        return v
    }

    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        PythonMethods.bound(try plainValue(), name).map { .object($0) }
    }

    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? {
        guard let i = key.intValue else { return nil }
        let idx = i < 0 ? raw.count + i : i
        guard idx >= 0, idx < raw.count else { return nil }
        return try element(idx)
    }

    func iterate(renderer: Renderer) throws -> [JinjaValue] { try raw.indices.map { try element($0) } }
    func plainValue() throws -> Value { .list(try raw.indices.map { try element($0).plain() }) }
    func text() throws -> String { try plainValue().pythonString }
}

/// `hostvars`: host name → that host's variables, each templated in its own host's context.
final class HostVarsObject: JinjaObject {
    unowned let resolver: VariableResolver
    private var hosts: [String: VariablesObject] = [:]

    init(resolver: VariableResolver) { self.resolver = resolver }

    var typeName: String { "HostVars" }

    func host(_ name: String) -> JinjaValue? {
        if let h = hosts[name] { return .object(h) }
        guard let r = resolver.forHost(name) else { return nil }
        let h = VariablesObject(resolver: r, owned: r)
        hosts[name] = h
        return .object(h)
    }

    /// Like ansible-core's HostVars mapping: keyed by the inventory's hosts, in inventory order.
    var names: [String] { resolver.variables.hostNames }

    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        if name == "keys" {
            // the names alone: no host's variables are templated
            return .object(NativeFunction("keys") { [names] _, _ in .list(names.map { .string($0) }) })
        }
        if PythonMethods.dictMethods.contains(name) {
            return PythonMethods.bound(try plainValue(), name).map { .object($0) }
        }
        return host(name)
    }

    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? { host(key.pythonString) }
    func iterate(renderer: Renderer) throws -> [JinjaValue] { names.map { .string($0) } }
    func contains(_ item: Value) throws -> Bool { names.contains(item.pythonString) }

    /// Every host's variables (`hostvars | dict2items`, `debug: var=hostvars`).
    func plainValue() throws -> Value {
        var out = ValueDict()
        for name in names {
            if case .object(let vars)? = host(name) { out[name] = try vars.plainValue() }
        }
        return .dict(out)
    }

    func text() throws -> String { try plainValue().pythonString }
}

/// One host's variables as a mapping (`vars`, `hostvars[host]`), resolved lazily by name.
final class VariablesObject: LazyValue {
    unowned let resolver: VariableResolver
    /// Keeps another host's resolver alive (the current host's is owned by the templating call).
    private let owned: VariableResolver?

    init(resolver: VariableResolver, owned: VariableResolver? = nil) {
        self.resolver = resolver
        self.owned = owned
    }

    var typeName: String { "dict" }
    var rawValue: Value {
        .dict(ValueDict(uniqueKeysWithValues: resolver.variables.variableNames.map { ($0, resolver.variables.rawValue($0) ?? .null) }))
    }

    func attribute(_ name: String, renderer: Renderer) throws -> JinjaValue? {
        if PythonMethods.dictMethods.contains(name) { return PythonMethods.bound(try plainValue(), name).map { .object($0) } }
        return try resolver.resolve(name)
    }

    func item(_ key: Value, renderer: Renderer) throws -> JinjaValue? { try resolver.resolve(key.pythonString) }
    func iterate(renderer: Renderer) throws -> [JinjaValue] { resolver.variables.variableNames.map { .string($0) } }

    func plainValue() throws -> Value {
        var out = ValueDict()
        for name in resolver.variables.variableNames {
            out[name] = (try? resolver.resolve(name)?.plain()) ?? resolver.variables.rawValue(name) ?? .null
        }
        return .dict(out)
    }

    func text() throws -> String { try plainValue().pythonString }
}
