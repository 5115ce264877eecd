/// Statements: one `parse<Tag>` per tag, dispatched from `parseStatement`.
extension Parser {
    mutating func parseTemplate() throws -> [Stmt] {
        let body = try parseBody(until: [])
        guard case .eof = current.kind else {
            // parseBody stops at a block tag it does not know how to end
            if case .name(let n) = peek().kind { throw TemplateError.unknownTag(n, open: awaiting) }
            throw TemplateError.unexpected(current.describe, expected: "end of template")
        }
        return body
    }

    /// Parses statements until a `{% name %}` with one of `endNames` (left unconsumed: the
    /// current token is then that name) or the end of the template.
    mutating func parseBody(until endNames: Set<String>) throws -> [Stmt] {
        var body: [Stmt] = []
        while true {
            switch current.kind {
            case .data(let text):
                body.append(Stmt(node: .text(text), span: current.span))
                advance()
            case .variableBegin:
                let start = current.span
                advance()
                let expr = try parseTuple()
                try expect(.variableEnd)
                body.append(Stmt(node: .output(expr), span: start.merged(with: expr.span)))
            case .blockBegin:
                let start = current.span
                advance()
                guard case .name(let tag) = current.kind else {
                    if case .eof = current.kind { throw TemplateError.unexpectedEnd(open: awaiting) }
                    throw TemplateError.unexpected(current.describe, expected: "statement name")
                }
                if endNames.contains(tag) { return body }
                do {
                    body.append(try parseStatement(tag, start: start))
                } catch let e as TemplateError {
                    throw e.located(current.span, in: source)
                }
            case .eof:
                if !endNames.isEmpty { throw TemplateError.unexpectedEnd(open: awaiting) }
                return body
            default:
                throw TemplateError.unexpected(current.describe, expected: "template data")
            }
        }
    }

    /// Parses a body that ends with `end<tag>`, consuming the end tag.
    mutating func parseBlockBody(_ tag: String, alsoEndingAt others: Set<String> = []) throws -> (body: [Stmt], endedBy: String) {
        let endTag = "end" + tag
        awaiting.append(endTag)
        defer { awaiting.removeLast() }
        let body = try parseBody(until: others.union([endTag]))
        let endedBy = try expectName()
        return (body, endedBy)
    }

    mutating func parseStatement(_ tag: String, start: SourceSpan) throws -> Stmt {
        advance()
        try enter()
        defer { depth -= 1 }
        let node: Statement
        switch tag {
        case "if": node = try parseIf()
        case "for": node = try parseFor()
        case "set": node = try parseSet()
        case "macro": node = try parseMacro()
        case "call": node = try parseCall()
        case "filter": node = try parseFilterBlock()
        case "with": node = try parseWith()
        case "block": node = try parseBlock()
        case "extends": node = .extends(try parseConditional())
        case "include": node = try parseInclude()
        case "import": node = try parseImport()
        case "from": node = try parseFrom()
        case "do": node = .do(try parseTuple())
        case "break", "continue":
            guard awaiting.contains("endfor") else { throw TemplateError.unknownTag(tag, open: awaiting) }
            node = tag == "break" ? .loopBreak : .loopContinue
        default: throw TemplateError.unknownTag(tag, open: awaiting)
        }
        try expect(.blockEnd)
        return Stmt(node: node, span: start)
    }

    mutating func parseIf() throws -> Statement {
        var branches: [(condition: Expr, body: [Stmt])] = []
        var condition = try parseTuple(withConditional: false)
        while true {
            try expect(.blockEnd)
            let (body, endedBy) = try parseBlockBody("if", alsoEndingAt: ["elif", "else"])
            branches.append((condition, body))
            switch endedBy {
            case "elif":
                condition = try parseTuple(withConditional: false)
            case "else":
                try expect(.blockEnd)
                let (otherwise, _) = try parseBlockBody("if")
                return .ifChain(branches: branches, otherwise: otherwise)
            default:
                return .ifChain(branches: branches, otherwise: nil)
            }
        }
    }

    mutating func parseAssignTarget(allowAttribute: Bool = false, endNames: Set<String> = []) throws -> Expr {
        let start = current.span
        if allowAttribute, case .name(let n) = current.kind, case .op(".") = peek().kind {
            advance(); advance()
            let attr = try expectName()
            return Expr(node: .attribute(Expr(node: .name(n), span: start), attr), span: span(from: start))
        }
        var names: [Expr] = []
        var sawComma = false
        let parenthesised = skipOp("(")
        repeat {
            if names.count > 0 { sawComma = true }
            if isOp(")") || isName("in") || isOp("=") { break }
            let s = current.span
            let n = try expectName()
            if ["true", "false", "none", "True", "False", "None"].contains(n) {
                throw TemplateError.syntax("can't assign to '\(n)'")
            }
            names.append(Expr(node: .name(n), span: s))
        } while skipOp(",")
        if parenthesised { try expectOp(")") }
        if names.count == 1, !sawComma, !parenthesised { return names[0] }
        return Expr(node: .tuple(names), span: span(from: start))
    }

    mutating func parseFor() throws -> Statement {
        let target = try parseAssignTarget()
        guard skipName("in") else { throw TemplateError.unexpected(current.describe, expected: "'in'") }
        let iterable = try parseTuple(withConditional: false, endNames: ["recursive"])
        var filter: Expr?
        if skipName("if") { filter = try parseConditional() }
        let recursive = skipName("recursive")
        try expect(.blockEnd)
        let (body, endedBy) = try parseBlockBody("for", alsoEndingAt: ["else"])
        var otherwise: [Stmt]?
        if endedBy == "else" {
            try expect(.blockEnd)
            otherwise = try parseBlockBody("for").body
        }
        return .forLoop(target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise, recursive: recursive)
    }

    mutating func parseSet() throws -> Statement {
        let target = try parseAssignTarget(allowAttribute: true)
        if skipOp("=") {
            return .set(target: target, value: try parseTuple())
        }
        var filters: [Expr] = []
        while skipOp("|") { filters.append(try parseFilterHead()) }
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("set")
        return .setBlock(target: target, filters: filters, body: body)
    }

    /// A filter application without its input, for `{% filter %}` and block `{% set x | f %}`.
    mutating func parseFilterHead() throws -> Expr {
        let start = current.span
        let name = try parseDottedName()
        var args = CallArguments()
        if skipOp("(") { args = try parseCallArguments() }
        return Expr(node: .filter(nil, name: name, args), span: span(from: start))
    }

    mutating func parseSignature() throws -> MacroSignature {
        var sig = MacroSignature(names: [], defaults: [:])
        try expectOp("(")
        while !isOp(")") {
            if !sig.names.isEmpty { try expectOp(",") }
            let name = try expectName()
            sig.names.append(name)
            if skipOp("=") { sig.defaults[name] = try parseConditional() }
            else if !sig.defaults.isEmpty { throw TemplateError.syntax("non-default argument follows default argument") }
        }
        try expectOp(")")
        return sig
    }

    mutating func parseMacro() throws -> Statement {
        let name = try expectName()
        let sig = try parseSignature()
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("macro")
        return .macro(name: name, sig, body: body)
    }

    mutating func parseCall() throws -> Statement {
        var sig = MacroSignature(names: [], defaults: [:])
        if isOp("(") { sig = try parseSignature() }
        let call = try parseUnary()
        guard case .call = call.node else { throw TemplateError.syntax("expected call") }
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("call")
        return .callBlock(call: call, sig, body: body)
    }

    mutating func parseFilterBlock() throws -> Statement {
        var filters = [try parseFilterHead()]
        while skipOp("|") { filters.append(try parseFilterHead()) }
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("filter")
        return .filterBlock(filters: filters, body: body)
    }

    mutating func parseWith() throws -> Statement {
        var assignments: [(target: Expr, value: Expr)] = []
        while case .name = current.kind {
            let target = try parseAssignTarget()
            try expectOp("=")
            assignments.append((target, try parseConditional()))
            if !isOp(",") { break }
            advance()
        }
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("with")
        return .with(assignments: assignments, body: body)
    }

    mutating func parseBlock() throws -> Statement {
        let name = try expectName()
        let scoped = skipName("scoped")
        _ = skipName("required")
        try expect(.blockEnd)
        let (body, _) = try parseBlockBody("block")
        if case .name(let closing) = current.kind {
            guard closing == name else { throw TemplateError.syntax("mismatching name for block '\(name)': '\(closing)'") }
            advance()
        }
        if blocks[name] != nil { throw TemplateError.syntax("block '\(name)' defined twice") }
        blocks[name] = body
        return .block(name: name, scoped: scoped, body: body)
    }

    mutating func parseContextModifier(default value: Bool) -> Bool {
        if (isName("with") || isName("without")), case .name("context") = peek().kind {
            let with = isName("with")
            advance(); advance()
            return with
        }
        return value
    }

    mutating func parseInclude() throws -> Statement {
        let template = try parseConditional()
        var ignoreMissing = false
        if isName("ignore"), case .name("missing") = peek().kind { advance(); advance(); ignoreMissing = true }
        let withContext = parseContextModifier(default: true)
        return .include(template, ignoreMissing: ignoreMissing, withContext: withContext)
    }

    mutating func parseImport() throws -> Statement {
        let template = try parseConditional()
        guard skipName("as") else { throw TemplateError.unexpected(current.describe, expected: "'as'") }
        let alias = try expectName()
        let withContext = parseContextModifier(default: false)
        return .importAll(ImportSpec(template: template, withContext: withContext), alias: alias)
    }

    mutating func parseFrom() throws -> Statement {
        let template = try parseConditional()
        guard skipName("import") else { throw TemplateError.unexpected(current.describe, expected: "'import'") }
        var names: [(name: String, alias: String)] = []
        var withContext = false
        while true {
            if isName("with") || isName("without"), case .name("context") = peek().kind {
                withContext = parseContextModifier(default: false)
                break
            }
            guard case .name(let n) = current.kind else { break }
            advance()
            let alias = skipName("as") ? try expectName() : n
            names.append((n, alias))
            if !skipOp(",") {
                withContext = parseContextModifier(default: false)
                break
            }
        }
        if names.isEmpty { throw TemplateError.syntax("expected a name to import") }
        return .fromImport(ImportSpec(template: template, withContext: withContext), names: names)
    }
}
