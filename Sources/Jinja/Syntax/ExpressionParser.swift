/// The expression grammar, one method per precedence level, lowest first:
/// conditional < or < and < not < comparison < additive < concat (~) < multiplicative < power < unary
/// < primary/postfix, with filters and tests applied after postfix.
extension Parser {
    /// `a, b` becomes a tuple (in `{{ }}`, `for` targets and iterables, `set`). `simplified`
    /// takes only names and literals (assignment targets); `parenthesised` allows the empty
    /// tuple `()`. (Jinja 3.1 passes `in`/`recursive` as extra tuple ends, but its check never
    /// matches them: `{% for in xs %}` reads `in` as the target, so neither do we.)
    mutating func parseTuple(simplified: Bool = false, withConditional: Bool = true,
                             parenthesised: Bool = false, withNamespace: Bool = false) throws -> Expr {
        let start = current.span
        var items: [Expr] = []
        var isTuple = false
        while true {
            if !items.isEmpty { try expectOp(",") }
            if isTupleEnd { break }
            items.append(simplified ? try parsePrimary(withNamespace: withNamespace)
                         : withConditional ? try parseConditional() : try parseOr())
            guard isOp(",") else { break }
            isTuple = true
        }
        if !isTuple {
            if let only = items.first { return only }
            if !parenthesised { throw TemplateError.expectedExpression(got: current) }
        }
        return Expr(node: .tuple(items), span: span(from: start))
    }

    var isTupleEnd: Bool {
        switch current.kind {
        case .variableEnd, .blockEnd: return true
        case .op(let o): return o == ")"
        default: return false
        }
    }

    mutating func parseConditional() throws -> Expr {
        let start = current.span
        var expr = try parseOr()
        while try skipName("if") {
            let test = try parseOr()
            let otherwise: Expr? = try skipName("else") ? try parseConditional() : nil
            expr = Expr(node: .conditional(test: test, then: expr, otherwise: otherwise), span: span(from: start))
        }
        return expr
    }

    mutating func parseOr() throws -> Expr {
        let start = current.span
        var left = try parseAnd()
        while try skipName("or") {
            left = Expr(node: .or(left, try parseAnd()), span: span(from: start))
        }
        return left
    }

    mutating func parseAnd() throws -> Expr {
        let start = current.span
        var left = try parseNot()
        while try skipName("and") {
            left = Expr(node: .and(left, try parseNot()), span: span(from: start))
        }
        return left
    }

    mutating func parseNot() throws -> Expr {
        let start = current.span
        if try skipName("not") {
            try enter(); defer { depth -= 1 }
            return Expr(node: .not(try parseNot()), span: span(from: start))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expr {
        let start = current.span
        let left = try parseAdditive()
        var ops: [(op: CompareOperator, Expr)] = []
        while true {
            var op: CompareOperator?
            if case .op(let o) = current.kind, let c = CompareOperator(rawValue: o), o != "in" { op = c; try advance() }
            else if isName("in") { op = .in; try advance() }
            else if isName("not"), case .name("in") = try peek().kind { op = .notIn; try advance(); try advance() }
            guard let op else { break }
            ops.append((op, try parseAdditive()))
        }
        if ops.isEmpty { return left }
        return Expr(node: .compare(left, ops), span: span(from: start))
    }

    mutating func parseAdditive() throws -> Expr {
        let start = current.span
        var left = try parseConcat()
        while true {
            let op: BinaryOperator
            if isOp("+") { op = .add } else if isOp("-") { op = .sub } else { break }
            try advance()
            left = Expr(node: .binary(op, left, try parseConcat()), span: span(from: start))
        }
        return left
    }

    mutating func parseConcat() throws -> Expr {
        let start = current.span
        var left = try parseMultiplicative()
        while try skipOp("~") {
            left = Expr(node: .binary(.concat, left, try parseMultiplicative()), span: span(from: start))
        }
        return left
    }

    mutating func parseMultiplicative() throws -> Expr {
        let start = current.span
        var left = try parsePower()
        while true {
            let op: BinaryOperator
            if isOp("*") { op = .mul } else if isOp("/") { op = .div } else if isOp("//") { op = .floorDiv }
            else if isOp("%") { op = .mod } else { break }
            try advance()
            left = Expr(node: .binary(op, left, try parsePower()), span: span(from: start))
        }
        return left
    }

    /// Like Jinja, `**` is left-associative: `2 ** 3 ** 2` is 64.
    mutating func parsePower() throws -> Expr {
        let start = current.span
        var left = try parseUnary()
        while try skipOp("**") {
            left = Expr(node: .binary(.pow, left, try parseUnary()), span: span(from: start))
        }
        return left
    }

    /// Unary minus binds looser than postfix but filters apply to the negated value: `-1 | abs` is 1.
    mutating func parseUnary(withFilter: Bool = true) throws -> Expr {
        let start = current.span
        var expr: Expr
        if isOp("-") || isOp("+") { try enter() }
        if try skipOp("-") {
            defer { depth -= 1 }
            expr = Expr(node: .negate(try parseUnary(withFilter: false)), span: span(from: start))
        } else if try skipOp("+") {
            defer { depth -= 1 }
            expr = Expr(node: .plus(try parseUnary(withFilter: false)), span: span(from: start))
        } else {
            expr = try parsePrimary()
        }
        expr = try parsePostfix(expr)
        if withFilter { expr = try parseFilterChain(expr) }
        return expr
    }

    /// A name, literal, parenthesised expression, list or dict. `withNamespace` (set targets)
    /// reads `ns.attr` as a namespace reference.
    mutating func parsePrimary(withNamespace: Bool = false) throws -> Expr {
        let start = current.span
        switch current.kind {
        case .name(let n):
            try advance()
            switch n {
            case "true", "True": return Expr(node: .literal(.bool(true)), span: start)
            case "false", "False": return Expr(node: .literal(.bool(false)), span: start)
            case "none", "None": return Expr(node: .literal(.null), span: start)
            default:
                if withNamespace, try skipOp(".") {
                    let attr = try expectName()
                    let ref = Expr(node: .attribute(Expr(node: .name(n), span: start), attr), span: span(from: start))
                    namespaceRefs.insert(ref.span.startOffset)
                    return ref
                }
                return Expr(node: .name(n), span: start)
            }
        case .string(var s):
            try advance()
            while case .string(let more) = current.kind { s += more; try advance() }
            return Expr(node: .literal(.string(s)), span: span(from: start))
        case .integer(let i):
            try advance()
            return Expr(node: .literal(.int(i)), span: start)
        case .float(let f):
            try advance()
            return Expr(node: .literal(.float(f)), span: start)
        case .op("("):
            try advance()
            try enter(); defer { depth -= 1 }
            let inner = try parseTuple(parenthesised: true)
            try expectOp(")")
            return inner
        case .op("["):
            try advance()
            try enter(); defer { depth -= 1 }
            var items: [Expr] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("]") { break }
                items.append(try parseConditional())
            }
            try expectOp("]")
            return Expr(node: .list(items), span: span(from: start))
        case .op("{"):
            try advance()
            try enter(); defer { depth -= 1 }
            var pairs: [(key: Expr, value: Expr)] = []
            while !isOp("}") {
                if !pairs.isEmpty { try expectOp(",") }
                if isOp("}") { break }
                let key = try parseConditional()
                try expectOp(":")
                pairs.append((key, try parseConditional()))
            }
            try expectOp("}")
            return Expr(node: .dict(pairs), span: span(from: start))
        default:
            throw TemplateError.unexpected(current)
        }
    }

    mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var expr = base
        while true {
            if isOp(".") || isOp("[") {
                expr = try parseSubscript(expr)
            } else if isOp("(") {
                expr = Expr(node: .call(expr, try parseCallArguments()), span: span(from: expr.span))
            } else {
                return expr
            }
        }
    }

    /// `.name`, `.0` or `[subscripts]` after `base`.
    mutating func parseSubscript(_ base: Expr) throws -> Expr {
        let start = base.span
        if try skipOp(".") {
            let token = current
            try advance()
            switch token.kind {
            case .name(let n):
                return Expr(node: .attribute(base, n), span: span(from: start))
            case .integer(let i):
                return Expr(node: .item(base, Expr(node: .literal(.int(i)), span: token.span)), span: span(from: start))
            default:
                throw TemplateError.syntax("expected name or number").located(token.span, in: source)
            }
        }
        let bracket = current.span
        try advance()
        var parts: [Subscript] = []
        while !isOp("]") {
            if !parts.isEmpty { try expectOp(",") }
            parts.append(try parseSubscribed())
        }
        try expectOp("]")
        if parts.count == 1 {
            switch parts[0] {
            case .index(let index): return Expr(node: .item(base, index), span: span(from: start))
            case .slice(let a, let b, let c): return Expr(node: .slice(base, start: a, stop: b, step: c), span: span(from: start))
            }
        }
        var items: [Expr] = []
        for part in parts {
            guard case .index(let e) = part else {
                throw TemplateError.type("a slice inside a tuple subscript is not supported").located(bracket, in: source)
            }
            items.append(e)
        }
        return Expr(node: .item(base, Expr(node: .tuple(items), span: bracket)), span: span(from: start))
    }

    enum Subscript { case index(Expr), slice(Expr?, Expr?, Expr?) }

    /// One subscript: an expression, or a slice `a:b:c` with any part left out.
    mutating func parseSubscribed() throws -> Subscript {
        let first: Expr?
        if try skipOp(":") {
            first = nil
        } else {
            let node = try parseConditional()
            guard try skipOp(":") else { return .index(node) }
            first = node
        }
        var stop: Expr?
        if !isOp(":"), !isOp("]"), !isOp(",") { stop = try parseConditional() }
        var step: Expr?
        if try skipOp(":"), !isOp("]"), !isOp(",") { step = try parseConditional() }
        return .slice(first, stop, step)
    }

    /// `(...)`: positional, `name=value`, `*args`, `**kwargs`, in Python's order.
    mutating func parseCallArguments() throws -> CallArguments {
        let open = current.span
        try expectOp("(")
        var args = CallArguments()
        func ensure(_ ok: Bool) throws {
            if !ok { throw TemplateError.syntax("invalid syntax for function call expression").located(open, in: source) }
        }
        var requireComma = false
        while !isOp(")") {
            if requireComma {
                try expectOp(",")
                if isOp(")") { break }
            }
            if try skipOp("*") {
                try ensure(args.star == nil && args.doubleStar == nil)
                args.star = try parseConditional()
            } else if try skipOp("**") {
                try ensure(args.doubleStar == nil)
                args.doubleStar = try parseConditional()
            } else if case .name(let n) = current.kind, case .op("=") = try peek().kind {
                try ensure(args.doubleStar == nil)
                try advance(); try advance()
                args.keyword.append((n, try parseConditional()))
            } else {
                try ensure(args.star == nil && args.doubleStar == nil && args.keyword.isEmpty)
                args.positional.append(try parseConditional())
            }
            requireComma = true
        }
        try expectOp(")")
        return args
    }

    /// `| filter(args)`, `is [not] test args`, and calls on their results.
    mutating func parseFilterChain(_ base: Expr) throws -> Expr {
        var expr = base
        let start = base.span
        while true {
            if isOp("|") {
                try advance()
                let (name, args) = try parseFilterHead()
                expr = Expr(node: .filter(expr, name: name, args), span: span(from: start))
            } else if isName("is") {
                try advance()
                let negated = try skipName("not")
                let name = try parseDottedName()
                var args = CallArguments()
                if isOp("(") {
                    args = try parseCallArguments()
                } else if startsTestArgument {
                    if isName("is") { throw TemplateError.syntax("You cannot chain multiple tests with is") }
                    args.positional = [try parsePostfix(try parsePrimary())]
                }
                expr = Expr(node: .test(expr, name: name, args, negated: negated), span: span(from: start))
            } else if isOp("(") {
                expr = Expr(node: .call(expr, try parseCallArguments()), span: span(from: start))
            } else {
                return expr
            }
        }
    }

    /// A filter's name and arguments, after its `|` (or first in `{% filter %}`).
    mutating func parseFilterHead() throws -> (String, CallArguments) {
        let name = try parseDottedName()
        return (name, isOp("(") ? try parseCallArguments() : CallArguments())
    }

    /// Jinja takes one bare argument after a test name unless the next word ends the expression.
    var startsTestArgument: Bool {
        switch current.kind {
        case .name(let n): return !["else", "or", "and"].contains(n)
        case .string, .integer, .float: return true
        case .op(let o): return o == "[" || o == "{"
        default: return false
        }
    }

    mutating func parseDottedName() throws -> String {
        var name = try expectName()
        while try skipOp(".") { name += "." + (try expectName()) }
        return name
    }

    /// What Jinja calls the node `target` when it refuses to assign to it, or nil when it can.
    func unassignable(_ target: Expr) -> String? {
        switch target.node {
        case .name: return nil
        case .tuple(let items): return items.contains { unassignable($0) != nil } ? "tuple" : nil
        case .attribute: return namespaceRefs.contains(target.span.startOffset) ? nil : "getattr"
        case .literal: return "const"
        case .list: return "list"
        case .dict: return "dict"
        case .item, .slice: return "getitem"
        case .call: return "call"
        case .filter: return "filter"
        case .test(_, _, _, let negated): return negated ? "not" : "test"
        case .negate: return "neg"
        case .plus: return "pos"
        case .not: return "not"
        case .binary(let op, _, _):
            switch op {
            case .add: return "add"
            case .sub: return "sub"
            case .mul: return "mul"
            case .div: return "div"
            case .floorDiv: return "floordiv"
            case .mod: return "mod"
            case .pow: return "pow"
            case .concat: return "concat"
            }
        case .and: return "and"
        case .or: return "or"
        case .compare: return "compare"
        case .conditional: return "condexpr"
        }
    }
}
