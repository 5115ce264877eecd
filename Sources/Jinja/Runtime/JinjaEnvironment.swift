/// A filter: a typed function with a declared signature, registered by name in a table.
package struct Filter: Sendable {
    package var signature: Signature
    /// Filters such as `default` receive undefined input instead of failing on it.
    package var acceptsUndefined = false
    /// Filters such as `length` see lazily templated containers as they are, without templating
    /// every element first (so a broken element does not matter to them).
    package var acceptsLazy = false
    /// The result is made of the input's own elements, fewer or reordered (`select`, `sort`):
    /// when a container input passed the expansion check, the result is not checked again.
    package var keepsWithinInput = false
    package var body: @Sendable (JinjaValue, BoundArguments, Renderer) throws -> JinjaValue

    package init(_ signature: Signature = Signature(), acceptsUndefined: Bool = false,
         _ body: @escaping @Sendable (JinjaValue, BoundArguments, Renderer) throws -> JinjaValue) {
        self.signature = signature
        self.acceptsUndefined = acceptsUndefined
        self.body = body
    }

    /// The same filter, marked `keepsWithinInput`.
    package func keepingWithinInput() -> Filter {
        var filter = self
        filter.keepsWithinInput = true
        return filter
    }

    /// A filter of the plain value only (undefined input raises before the body runs).
    package static func plain(_ signature: Signature = Signature(), _ body: @escaping @Sendable (Value, BoundArguments) throws -> Value) -> Filter {
        Filter(signature) { input, args, _ in .value(try body(try input.plain(), args)) }
    }
}

/// A test (`x is name`): like a filter, answering a boolean.
package struct JinjaTest: Sendable {
    package var signature: Signature
    package var acceptsUndefined = false
    package var body: @Sendable (JinjaValue, BoundArguments, Renderer) throws -> Bool

    package init(_ signature: Signature = Signature(), acceptsUndefined: Bool = false,
         _ body: @escaping @Sendable (JinjaValue, BoundArguments, Renderer) throws -> Bool) {
        self.signature = signature
        self.acceptsUndefined = acceptsUndefined
        self.body = body
    }

    package static func plain(_ signature: Signature = Signature(), _ body: @escaping @Sendable (Value, BoundArguments) throws -> Bool) -> JinjaTest {
        JinjaTest(signature) { input, args, _ in try body(try input.plain(), args) }
    }
}

/// A global function (`range`, `lookup`, `namespace`...).
package typealias GlobalFunction = @Sendable (Arguments, Renderer) throws -> JinjaValue

/// Finds templates by name for include/import/extends: returns the source and its display name.
public typealias TemplateLoader = @Sendable (String) throws -> (source: String, name: String)?

/// Everything that shapes rendering: syntax options, filter/test/global tables, output rules.
///
/// A client of the engine (Ansible's templar) adapts it through the named extension points
/// below — `undefinedBehaviour`, `finalize`, `qualifiedNamePrefixes`, its own filter and test
/// tables, and `Renderer.client` — never by flags that name the client.
public struct JinjaEnvironment: Sendable {
    public var lexerOptions = LexerOptions()
    package var filters: [String: Filter] = [:]
    package var tests: [String: JinjaTest] = [:]
    package var globals: [String: GlobalFunction] = [:]
    /// What an undefined value does when it is used (Jinja's `undefined=` class).
    public var undefinedBehaviour = UndefinedBehaviour.strict
    /// Applied to every `{{ }}` result before it is printed (Jinja's `finalize=`).
    package var finalize: (@Sendable (JinjaValue) -> JinjaValue)?
    /// How a filter's own failure (its arguments or its body; not an undefined it met) is
    /// reported, given the filter's name as called: nil keeps the error as it is.
    package var filterFailure: (@Sendable (String, TemplateError) -> TemplateError)?
    /// Namespaces under which a filter or test may also be called (`ns.name` finds `name`).
    public var qualifiedNamePrefixes: [String] = []
    /// Finds templates by name for include, import and extends.
    public var loader: TemplateLoader?
    public var maxRangeSize = 100_000
    public var maxCallDepth = 100

    public init() {}

    /// Plain Jinja2 3.1 built-ins; the tables are built once per process.
    public static let jinja: JinjaEnvironment = {
        var env = JinjaEnvironment()
        env.register(filters: JinjaFilters.all)
        env.register(tests: JinjaTests.all)
        env.globals = JinjaGlobals.all
        return env
    }()

    package mutating func register(filters table: [String: Filter]) { filters.merge(table) { _, new in new } }
    package mutating func register(tests table: [String: JinjaTest]) { tests.merge(table) { _, new in new } }
    package mutating func register(globals table: [String: GlobalFunction]) { globals.merge(table) { _, new in new } }

    /// Looks a filter up by plain or qualified name (`ns.name` with `ns.` in `qualifiedNamePrefixes`).
    package func filter(named name: String) -> Filter? {
        filters[name] ?? filters[unqualified(name)]
    }

    package func test(named name: String) -> JinjaTest? {
        tests[name] ?? tests[unqualified(name)]
    }

    /// `name` without the first of `qualifiedNamePrefixes` it starts with.
    public func unqualified(_ name: String) -> String {
        for prefix in qualifiedNamePrefixes where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}

/// What using an undefined value does. Jinja's StrictUndefined raises on any use; Ansible's
/// undefined also lets `a.b.c` on an undefined `a` stay undefined (so `default` and
/// `is defined` work on whole chains) and describes a missing member in its own words.
public struct UndefinedBehaviour: Sendable {
    /// An attribute or item of an undefined value is undefined too, instead of an error.
    public var propagatesThroughMembers: Bool
    /// The message for a missing attribute or item: the owner's type name and the key's text
    /// (quoted for strings). Nil: Jinja's own wording.
    public var missingMemberMessage: (@Sendable (_ ownerType: String, _ key: String) -> String)?

    public init(propagatesThroughMembers: Bool,
                missingMemberMessage: (@Sendable (_ ownerType: String, _ key: String) -> String)? = nil) {
        self.propagatesThroughMembers = propagatesThroughMembers
        self.missingMemberMessage = missingMemberMessage
    }

    /// Jinja2's StrictUndefined.
    public static let strict = UndefinedBehaviour(propagatesThroughMembers: false)
}
