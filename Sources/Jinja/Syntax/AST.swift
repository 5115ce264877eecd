/// A node together with where it came from; every expression and statement carries one.
struct Located<Node: Sendable>: Sendable {
    var node: Node
    var span: SourceSpan
}

typealias Expr = Located<Expression>
typealias Stmt = Located<Statement>

/// Call arguments as written: positional, keyword, `*args`, `**kwargs`.
struct CallArguments: Sendable {
    var positional: [Expr] = []
    var keyword: [(name: String, value: Expr)] = []
    var star: Expr?
    var doubleStar: Expr?
}

enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", concat = "~"
}

enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in` = "in", notIn = "not in"
}

indirect enum Expression: Sendable {
    case literal(Value)
    case name(String)
    case list([Expr])
    case tuple([Expr])
    case dict([(key: Expr, value: Expr)])
    /// `a.b`: attribute first, then item.
    case attribute(Expr, String)
    /// `a[b]`: item first, then attribute.
    case item(Expr, Expr)
    case slice(Expr, start: Expr?, stop: Expr?, step: Expr?)
    case call(Expr, CallArguments)
    /// `value | name(args)`; the value is nil inside a `{% filter %}` block head.
    case filter(Expr?, name: String, CallArguments)
    case test(Expr, name: String, CallArguments, negated: Bool)
    case negate(Expr)
    case plus(Expr)
    case not(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(Expr, [(op: CompareOperator, Expr)])
    case conditional(test: Expr, then: Expr, otherwise: Expr?)
}

/// A macro's or call block's declared parameters.
struct MacroSignature: Sendable {
    var names: [String]
    var defaults: [String: Expr]
}

/// An `{% import %}` / `{% from %}` / `{% include %}` target and how it sees the context.
struct ImportSpec: Sendable {
    var template: Expr
    var withContext: Bool
}

indirect enum Statement: Sendable {
    case text(String)
    case output(Expr)
    case ifChain(branches: [(condition: Expr, body: [Stmt])], otherwise: [Stmt]?)
    case forLoop(target: Expr, iterable: Expr, filter: Expr?, body: [Stmt], otherwise: [Stmt]?, recursive: Bool)
    case set(target: Expr, value: Expr)
    case setBlock(target: Expr, filters: [Expr], body: [Stmt])
    case macro(name: String, MacroSignature, body: [Stmt])
    case callBlock(call: Expr, MacroSignature, body: [Stmt])
    case filterBlock(filters: [Expr], body: [Stmt])
    case with(assignments: [(target: Expr, value: Expr)], body: [Stmt])
    /// `{% autoescape setting %}`: only a false setting is supported (no HTML escaping).
    case autoescape(Expr, body: [Stmt])
    case block(name: String, scoped: Bool, body: [Stmt])
    case extends(Expr)
    case include(Expr, ignoreMissing: Bool, withContext: Bool)
    case importAll(ImportSpec, alias: String)
    case fromImport(ImportSpec, names: [(name: String, alias: String)])
    case `do`(Expr)
    case loopBreak
    case loopContinue
}

/// A parsed template: its statements, its named blocks and whether it extends a parent.
package struct TemplateAST: Sendable {
    var body: [Stmt]
    var blocks: [String: [Stmt]]
    var source: SourceText

    /// The expression when the whole template is one `{{ expr }}`: a client that keeps native
    /// types (like Jinja's NativeEnvironment) evaluates it instead of rendering text.
    package var loneExpression: ParsedExpression? {
        guard body.count == 1, case .output(let expr) = body[0].node else { return nil }
        return ParsedExpression(expr: expr, source: source)
    }
}

/// One expression and the text it was parsed from (a conditional, or a lone `{{ expr }}`).
package struct ParsedExpression: Sendable {
    let expr: Expr
    let source: SourceText
}
