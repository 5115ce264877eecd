/// The expression grammar, one method per precedence level, lowest first:
/// conditional < or < and < not < comparison < additive < concat (~) < multiplicative < power < unary
/// < primary/postfix, with filters and tests applied after postfix.
extension Parser {
    /// `a, b` becomes a tuple (in `{{ }}`, `for` targets and iterables, `set`).
    mutating func parseTuple(withConditional: Bool = true, endNames: Set<String> = []) throws -> Expr {
        let start = current.span
        var items: [Expr] = []
        var sawComma = false
        while true {
            if !items.isEmpty {
                guard skipOp(",") else { break }
                sawComma = true
            }
            if isTupleEnd(endNames) { break }
            items.append(withConditional ? try parseConditional() : try parseOr())
        }
        if !sawComma, items.count == 1 { return items[0] }
        if items.isEmpty, !sawComma {
            throw TemplateError.unexpected(current.describe, expected: "an expression")
        }
        return Expr(node: .tuple(items), span: span(from: start))
    }

    func isTupleEnd(_ endNames: Set<String>) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .eof: return true
        case .op(let o): return o == ")" || o == "]" || o == "}"
        case .name(let n): return endNames.contains(n)
        default: return false
        }
    }

    mutating func parseConditional() throws -> Expr {
        let start = current.span
        var expr = try parseOr()
        while skipName("if") {
            let test = try parseOr()
            let otherwise: Expr? = skipName("else") ? try parseConditional() : nil
            expr = Expr(node: .conditional(test: test, then: expr, otherwise: otherwise), span: span(from: start))
        }
        return expr
    }

    mutating func parseOr() throws -> Expr {
        let start = current.span
        var left = try parseAnd()
        while skipName("or") {
            left = Expr(node: .or(left, try parseAnd()), span: span(from: start))
        }
        return left
    }

    mutating func parseAnd() throws -> Expr {
        let start = current.span
        var left = try parseNot()
        while skipName("and") {
            left = Expr(node: .and(left, try parseNot()), span: span(from: start))
        }
        return left
    }

    mutating func parseNot() throws -> Expr {
        let start = current.span
        if skipName("not") {
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
            if case .op(let o) = current.kind, let c = CompareOperator(rawValue: o), o != "in" { op = c; advance() }
            else if isName("in") { op = .in; advance() }
            else if isName("not"), case .name("in") = peek().kind { op = .notIn; advance(); advance() }
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
            advance()
            left = Expr(node: .binary(op, left, try parseConcat()), span: span(from: start))
        }
        return left
    }

    mutating func parseConcat() throws -> Expr {
        let start = current.span
        var left = try parseMultiplicative()
        while skipOp("~") {
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
            advance()
            left = Expr(node: .binary(op, left, try parsePower()), span: span(from: start))
        }
        return left
    }

    /// Like Jinja, `**` is left-associative: `2 ** 3 ** 2` is 64.
    mutating func parsePower() throws -> Expr {
        let start = current.span
        var left = try parseUnary()
        while skipOp("**") {
            left = Expr(node: .binary(.pow, left, try parseUnary()), span: span(from: start))
        }
        return left
    }

    /// Unary minus binds looser than postfix but filters apply to the negated value: `-1 | abs` is 1.
    mutating func parseUnary(withFilter: Bool = true) throws -> Expr {
        let start = current.span
        var expr: Expr
        if isOp("-") || isOp("+") { try enter() }
        if skipOp("-") {
            defer { depth -= 1 }
            expr = Expr(node: .negate(try parseUnary(withFilter: false)), span: span(from: start))
        } else if skipOp("+") {
            defer { depth -= 1 }
            expr = Expr(node: .plus(try parseUnary(withFilter: false)), span: span(from: start))
        } else {
            expr = try parsePrimary()
        }
        expr = try parsePostfix(expr)
        if withFilter { expr = try parseFilterChain(expr) }
        return expr
    }

    mutating func parsePrimary() throws -> Expr {
        let start = current.span
        switch current.kind {
        case .name(let n):
            advance()
            switch n {
            case "true", "True": return Expr(node: .literal(.bool(true)), span: start)
            case "false", "False": return Expr(node: .literal(.bool(false)), span: start)
            case "none", "None": return Expr(node: .literal(.null), span: start)
            default: return Expr(node: .name(n), span: start)
            }
        case .string(var s):
            advance()
            while case .string(let more) = current.kind { s += more; advance() }
            return Expr(node: .literal(.string(s)), span: span(from: start))
        case .integer(let i):
            advance()
            return Expr(node: .literal(.int(i)), span: start)
        case .float(let f):
            advance()
            return Expr(node: .literal(.float(f)), span: start)
        case .op("("):
            advance()
            try enter(); defer { depth -= 1 }
            if skipOp(")") { return Expr(node: .tuple([]), span: span(from: start)) }
            let inner = try parseTuple()
            try expectOp(")")
            return inner
        case .op("["):
            advance()
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
            advance()
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
        case .eof:
            throw TemplateError.unexpectedEnd(open: awaiting)
        case .variableEnd, .blockEnd:
            throw TemplateError.syntax("Expected an expression, got '\(current.describe)'")
        default:
            throw TemplateError.syntax("unexpected \(current.describe)")
        }
    }

    mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var expr = base
        let start = base.span
        while true {
            if skipOp(".") {
                switch current.kind {
                case .name(let n):
                    advance()
                    expr = Expr(node: .attribute(expr, n), span: span(from: start))
                case .integer(let i):
                    advance()
                    expr = Expr(node: .item(expr, Expr(node: .literal(.int(i)), span: tokens[index - 1].span)), span: span(from: start))
                default:
                    throw TemplateError.unexpected(current.describe, expected: "name or number")
                }
            } else if isOp("[") {
                advance()
                expr = try parseSubscript(expr, start: start)
            } else if isOp("(") {
                advance()
                expr = Expr(node: .call(expr, try parseCallArguments()), span: span(from: start))
            } else {
                return expr
            }
        }
    }

    mutating func parseSubscript(_ base: Expr, start: SourceSpan) throws -> Expr {
        func part(_ p: inout Parser) throws -> Expr? {
            if p.isOp(":") || p.isOp("]") { return nil }
            return try p.parseConditional()
        }
        let first = try part(&self)
        if skipOp(":") {
            let stop = try part(&self)
            var step: Expr?
            if skipOp(":") { step = try part(&self) }
            try expectOp("]")
            return Expr(node: .slice(base, start: first, stop: stop, step: step), span: span(from: start))
        }
        guard var index = first else { throw TemplateError.unexpected(current.describe, expected: "subscript") }
        if isOp(",") {
            var items = [index]
            while skipOp(",") { if isOp("]") { break }; items.append(try parseConditional()) }
            index = Expr(node: .tuple(items), span: index.span)
        }
        try expectOp("]")
        return Expr(node: .item(base, index), span: span(from: start))
    }

    /// After `(`: positional, `name=value`, `*args`, `**kwargs`, up to `)`.
    mutating func parseCallArguments() throws -> CallArguments {
        var args = CallArguments()
        var first = true
        while !isOp(")") {
            if !first { try expectOp(",") ; if isOp(")") { break } }
            first = false
            if skipOp("*") { args.star = try parseConditional(); continue }
            if skipOp("**") { args.doubleStar = try parseConditional(); continue }
            if case .name(let n) = current.kind, case .op("=") = peek().kind {
                advance(); advance()
                args.keyword.append((n, try parseConditional()))
                continue
            }
            if !args.keyword.isEmpty || args.star != nil || args.doubleStar != nil {
                throw TemplateError.syntax("Invalid argument syntax: positional argument after keyword argument")
            }
            args.positional.append(try parseConditional())
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
                advance()
                let name = try parseDottedName()
                var args = CallArguments()
                if skipOp("(") { args = try parseCallArguments() }
                expr = Expr(node: .filter(expr, name: name, args), span: span(from: start))
            } else if isName("is") {
                advance()
                let negated = skipName("not")
                let name = try parseDottedName()
                var args = CallArguments()
                if skipOp("(") {
                    args = try parseCallArguments()
                } else if startsTestArgument {
                    let arg = try parsePostfix(try parsePrimary())
                    args.positional = [arg]
                }
                expr = Expr(node: .test(expr, name: name, args, negated: negated), span: span(from: start))
            } else if isOp("(") {
                advance()
                expr = Expr(node: .call(expr, try parseCallArguments()), span: span(from: start))
            } else {
                return expr
            }
        }
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
        while isOp("."), case .name(let more) = peek().kind {
            advance(); advance()
            name += "." + more
        }
        return name
    }
}
