/// A node together with where it came from; every expression and statement carries one.
package struct Located<Node: Sendable>: Sendable {
    package var node: Node
    package var span: SourceSpan
}

package typealias Expr = Located<Expression>
package typealias Stmt = Located<Statement>

/// Call arguments as written: positional, keyword, `*args`, `**kwargs`.
package struct CallArguments: Sendable {
    package var positional: [Expr] = []
    package var keyword: [(name: String, value: Expr)] = []
    package var star: Expr?
    package var doubleStar: Expr?
}

package enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", concat = "~"
}

package enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in` = "in", notIn = "not in"
}

package indirect enum Expression: Sendable {
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
package struct MacroSignature: Sendable {
    package var names: [String]
    package var defaults: [String: Expr]
}

/// An `{% import %}` / `{% from %}` / `{% include %}` target and how it sees the context.
package struct ImportSpec: Sendable {
    package var template: Expr
    package var withContext: Bool
}

package indirect enum Statement: Sendable {
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
    package var body: [Stmt]
    package var blocks: [String: [Stmt]]
    package var source: SourceText
}
