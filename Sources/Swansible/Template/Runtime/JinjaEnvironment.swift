/// A filter: a typed function with a declared signature, registered by name in a table.
struct Filter: Sendable {
    var signature: Signature
    /// Filters such as `default` receive undefined input instead of failing on it.
    var acceptsUndefined = false
    /// Filters such as `length` see lazily templated containers as they are, without templating
    /// every element first (so a broken element does not matter to them).
    var acceptsLazy = false
    var body: @Sendable (JinjaValue, BoundArguments, Renderer) throws -> JinjaValue

    init(_ signature: Signature = Signature(), acceptsUndefined: Bool = false,
         _ body: @escaping @Sendable (JinjaValue, BoundArguments, Renderer) throws -> JinjaValue) {
        self.signature = signature
        self.acceptsUndefined = acceptsUndefined
        self.body = body
    }

    /// A filter of the plain value only (undefined input raises before the body runs).
    static func plain(_ signature: Signature = Signature(), _ body: @escaping @Sendable (Value, BoundArguments) throws -> Value) -> Filter {
        Filter(signature) { input, args, _ in .value(try body(try input.plain(), args)) }
    }
}

/// A test (`x is name`): like a filter, answering a boolean.
struct JinjaTest: Sendable {
    var signature: Signature
    var acceptsUndefined = false
    var body: @Sendable (JinjaValue, BoundArguments, Renderer) throws -> Bool

    init(_ signature: Signature = Signature(), acceptsUndefined: Bool = false,
         _ body: @escaping @Sendable (JinjaValue, BoundArguments, Renderer) throws -> Bool) {
        self.signature = signature
        self.acceptsUndefined = acceptsUndefined
        self.body = body
    }

    static func plain(_ signature: Signature = Signature(), _ body: @escaping @Sendable (Value, BoundArguments) throws -> Bool) -> JinjaTest {
        JinjaTest(signature) { input, args, _ in try body(try input.plain(), args) }
    }
}

/// A global function (`range`, `lookup`, `namespace`...).
typealias GlobalFunction = @Sendable (Arguments, Renderer) throws -> JinjaValue

/// Finds templates by name for include/import/extends: returns the source and its display name.
typealias TemplateLoader = @Sendable (String) throws -> (source: String, name: String)?

/// Everything that shapes rendering: syntax options, filter/test/global tables, output rules.
struct JinjaEnvironment: Sendable {
    var lexerOptions = LexerOptions()
    var filters: [String: Filter] = [:]
    var tests: [String: JinjaTest] = [:]
    var globals: [String: GlobalFunction] = [:]
    /// Ansible's finalize: `None` prints as the empty string (Jinja prints `None`).
    var noneAsEmpty = false
    /// Ansible's undefined: `a.b.c` on an undefined stays undefined (so `default` and
    /// `is defined` work on chains) and messages read "object of type 'dict' has no attribute 'x'".
    var ansibleSemantics = false
    var loader: TemplateLoader?
    var maxRangeSize = 100_000
    var maxCallDepth = 100

    /// Plain Jinja2 3.1 built-ins.
    static var jinja: JinjaEnvironment {
        var env = JinjaEnvironment()
        env.register(filters: JinjaFilters.all)
        env.register(tests: JinjaTests.all)
        env.globals = JinjaGlobals.all
        return env
    }

    mutating func register(filters table: [String: Filter]) { filters.merge(table) { _, new in new } }
    mutating func register(tests table: [String: JinjaTest]) { tests.merge(table) { _, new in new } }

    /// Looks a filter up by plain or fully-qualified name (`ansible.builtin.x`, `ansible.legacy.x`).
    func filter(named name: String) -> Filter? {
        filters[name] ?? filters[Self.shortName(name)]
    }

    func test(named name: String) -> JinjaTest? {
        tests[name] ?? tests[Self.shortName(name)]
    }

    static func shortName(_ name: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy.", "ansible.netcommon.", "ansible.utils.", "community.general."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
