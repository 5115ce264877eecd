/// Statements: one `parse<Tag>` per tag, dispatched from `parseStatement`, in Jinja's grammar.
extension Parser {
    mutating func parseTemplate() throws -> [Stmt] {
        try parseBody(until: nil)
    }

    /// Jinja's `subparse`: statements until a `{% name %}` with one of `endNames` (left
    /// unconsumed: the current token is then that name) or the end of the template.
    mutating func parseBody(until endNames: [String]?) throws -> [Stmt] {
        if let endNames { awaitedEnds.append(endNames) }
        defer { if endNames != nil { awaitedEnds.removeLast() } }
        var body: [Stmt] = []
        while true {
            switch current.kind {
            case .data(let text):
                body.append(Stmt(node: .text(text), span: current.span))
                try advance()
            case .variableBegin:
                let start = current.span
                try advance()
                let expr = try parseTuple()
                try expect(.variableEnd, "end of print statement")
                body.append(Stmt(node: .output(expr), span: start.merged(with: expr.span)))
            case .blockBegin:
                let start = current.span
                try advance()
                if let endNames, case .name(let tag) = current.kind, endNames.contains(tag) { return body }
                do {
                    body += try parseStatement(start: start)
                    try expectBlockEnd()
                } catch let e as TemplateError {
                    throw e.located(current.span, in: source)
                }
            case .eof:
                return body
            default:
                throw TemplateError.unexpected(current)
            }
        }
    }

    /// Jinja's `parse_statements`: an optional `:`, the end of the opening tag, then a body up to
    /// one of `endNames`, which is consumed when `dropEnd`.
    mutating func parseStatements(_ endNames: [String], dropEnd: Bool = false) throws -> [Stmt] {
        _ = try skipOp(":")
        try expectBlockEnd()
        let body = try parseBody(until: endNames)
        if current.isEOF { throw TemplateError.unknownTag(nil, awaited: awaitedEnds + [endNames], open: openTags) }
        if dropEnd { try advance() }
        return body
    }

    /// The tag at the current token, through its arguments (not its closing `%}`).
    mutating func parseStatement(start: SourceSpan) throws -> [Stmt] {
        guard case .name(let tag) = current.kind else { throw TemplateError.syntax("tag name expected") }
        let known = ["for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with",
                     "autoescape", "call", "filter", "do", "break", "continue"]
        guard known.contains(tag) else { throw TemplateError.unknownTag(tag, awaited: awaitedEnds, open: openTags) }
        openTags.append(tag)
        defer { openTags.removeLast() }
        try advance()
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
        case "autoescape": node = try parseAutoescape()
        case "block": node = try parseBlock()
        case "extends":
            node = .extends(try parseConditional())
            let scopes: Set = ["for", "macro", "call", "filter", "block", "with", "set", "autoescape"]
            if openTags.dropLast().contains(where: scopes.contains) {
                compileErrors.append(.syntax("cannot use extend from a non top-level scope"))
            }
        case "include": node = try parseInclude()
        case "import": node = try parseImport()
        case "from": node = try parseFrom()
        case "print":
            var outputs: [Stmt] = []
            while !isBlockEnd {
                if !outputs.isEmpty { try expectOp(",") }
                let expr = try parseConditional()
                outputs.append(Stmt(node: .output(expr), span: start.merged(with: expr.span)))
            }
            return outputs
        case "do": node = .do(try parseTuple())
        default:
            // break/continue: Jinja accepts them anywhere, then Python refuses them outside a loop
            if !openTags.dropLast().contains("for") { compileErrors.append(.syntax("'\(tag)' outside loop")) }
            node = tag == "break" ? .loopBreak : .loopContinue
        }
        return [Stmt(node: node, span: start)]
    }

    mutating func parseIf() throws -> Statement {
        var branches: [(condition: Expr, body: [Stmt])] = []
        var condition = try parseTuple(withConditional: false)
        while true {
            let body = try parseStatements(["elif", "else", "endif"])
            branches.append((condition, body))
            let endedBy = current
            try advance()
            switch endedBy.kind {
            case .name("elif"):
                condition = try parseTuple(withConditional: false)
            case .name("else"):
                return .ifChain(branches: branches, otherwise: try parseStatements(["endif"], dropEnd: true))
            default:
                return .ifChain(branches: branches, otherwise: nil)
            }
        }
    }

    /// Jinja's `parse_assign_target`: a name (`nameOnly`), or names and literals with commas,
    /// refused unless every part can be assigned to.
    mutating func parseAssignTarget(nameOnly: Bool = false, withNamespace: Bool = false) throws -> Expr {
        let start = current.span
        if nameOnly {
            let n = try expectName()
            if ["true", "false", "none", "True", "False", "None"].contains(n) {
                throw TemplateError.cannotAssign("name").located(start, in: source)
            }
            return Expr(node: .name(n), span: start)
        }
        let target = try parseTuple(simplified: true, withNamespace: withNamespace)
        if let node = unassignable(target) { throw TemplateError.cannotAssign(node).located(target.span, in: source) }
        return target
    }

    mutating func parseFor() throws -> Statement {
        let target = try parseAssignTarget()
        if containsName("loop", target) {
            compileErrors.append(.syntax("Can't assign to special loop variable in for-loop target"))
        }
        try expectKeyword("in")
        let iterable = try parseTuple(withConditional: false)
        var filter: Expr?
        if try skipName("if") { filter = try parseConditional() }
        let recursive = try skipName("recursive")
        let body = try parseStatements(["endfor", "else"])
        let endedBy = current
        try advance()
        var otherwise: [Stmt]?
        if case .name("else") = endedBy.kind { otherwise = try parseStatements(["endfor"], dropEnd: true) }
        return .forLoop(target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise, recursive: recursive)
    }

    private func containsName(_ name: String, _ target: Expr) -> Bool {
        switch target.node {
        case .name(let n): return n == name
        case .tuple(let items): return items.contains { containsName(name, $0) }
        default: return false
        }
    }

    mutating func parseSet() throws -> Statement {
        let target = try parseAssignTarget(withNamespace: true)
        if try skipOp("=") {
            return .set(target: target, value: try parseTuple())
        }
        var filters: [Expr] = []
        while isOp("|") {
            let start = current.span
            try advance()
            let (name, args) = try parseFilterHead()
            filters.append(Expr(node: .filter(nil, name: name, args), span: span(from: start)))
        }
        let body = try parseStatements(["endset"], dropEnd: true)
        return .setBlock(target: target, filters: filters, body: body)
    }

    mutating func parseSignature() throws -> MacroSignature {
        var sig = MacroSignature(names: [], defaults: [:])
        try expectOp("(")
        while !isOp(")") {
            if !sig.names.isEmpty { try expectOp(",") }
            let name = try parseAssignTarget(nameOnly: true)
            guard case .name(let n) = name.node else { break }
            if try skipOp("=") { sig.defaults[n] = try parseConditional() }
            else if !sig.defaults.isEmpty { throw TemplateError.syntax("non-default argument follows default argument") }
            sig.names.append(n)
        }
        try expectOp(")")
        return sig
    }

    mutating func parseMacro() throws -> Statement {
        guard case .name(let name) = try parseAssignTarget(nameOnly: true).node else { throw TemplateError.syntax("tag name expected") }
        let sig = try parseSignature()
        return .macro(name: name, sig, body: try parseStatements(["endmacro"], dropEnd: true))
    }

    mutating func parseCall() throws -> Statement {
        let start = current.span
        var sig = MacroSignature(names: [], defaults: [:])
        if isOp("(") { sig = try parseSignature() }
        let call = try parseConditional()
        guard case .call = call.node else { throw TemplateError.syntax("expected call").located(start, in: source) }
        return .callBlock(call: call, sig, body: try parseStatements(["endcall"], dropEnd: true))
    }

    mutating func parseFilterBlock() throws -> Statement {
        var filters: [Expr] = []
        repeat {
            let start = current.span
            let (name, args) = try parseFilterHead()
            filters.append(Expr(node: .filter(nil, name: name, args), span: span(from: start)))
        } while try skipOp("|")
        return .filterBlock(filters: filters, body: try parseStatements(["endfilter"], dropEnd: true))
    }

    mutating func parseWith() throws -> Statement {
        var assignments: [(target: Expr, value: Expr)] = []
        while !isBlockEnd {
            if !assignments.isEmpty { try expectOp(",") }
            let target = try parseAssignTarget()
            try expectOp("=")
            assignments.append((target, try parseConditional()))
        }
        return .with(assignments: assignments, body: try parseStatements(["endwith"], dropEnd: true))
    }

    mutating func parseAutoescape() throws -> Statement {
        let setting = try parseConditional()
        return .autoescape(setting, body: try parseStatements(["endautoescape"], dropEnd: true))
    }

    mutating func parseBlock() throws -> Statement {
        let name = try expectName()
        let scoped = try skipName("scoped")
        let required = try skipName("required")
        if isOp("-") {
            throw TemplateError.syntax("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.")
        }
        let body = try parseStatements(["endblock"], dropEnd: true)
        if required {
            for stmt in body {
                guard case .text(let text) = stmt.node, !text.isEmpty,
                      text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else {
                    throw TemplateError.syntax("Required blocks can only contain comments or whitespace")
                }
            }
        }
        _ = try skipName(name)
        if blocks[name] != nil { compileErrors.append(.syntax("block '\(name)' defined twice")) }
        blocks[name] = body
        return .block(name: name, scoped: scoped, body: body)
    }

    /// `with context` / `without context`, else `value`.
    mutating func parseContextModifier(default value: Bool) throws -> Bool {
        if (isName("with") || isName("without")), case .name("context") = try peek().kind {
            let with = isName("with")
            try advance(); try advance()
            return with
        }
        return value
    }

    mutating func parseInclude() throws -> Statement {
        let template = try parseConditional()
        var ignoreMissing = false
        if isName("ignore"), case .name("missing") = try peek().kind { try advance(); try advance(); ignoreMissing = true }
        let withContext = try parseContextModifier(default: true)
        return .include(template, ignoreMissing: ignoreMissing, withContext: withContext)
    }

    mutating func parseImport() throws -> Statement {
        let template = try parseConditional()
        try expectKeyword("as")
        guard case .name(let alias) = try parseAssignTarget(nameOnly: true).node else { throw TemplateError.syntax("tag name expected") }
        let withContext = try parseContextModifier(default: false)
        return .importAll(ImportSpec(template: template, withContext: withContext), alias: alias)
    }

    mutating func parseFrom() throws -> Statement {
        let template = try parseConditional()
        try expectKeyword("import")
        var names: [(name: String, alias: String)] = []
        var withContext = false
        func contextModifier(_ p: inout Parser) throws -> Bool {
            guard p.isName("with") || p.isName("without"), case .name("context") = try p.peek().kind else { return false }
            withContext = try p.parseContextModifier(default: false)
            return true
        }
        while true {
            if !names.isEmpty { try expectOp(",") }
            guard case .name = current.kind else { _ = try expectName(); break }
            if try contextModifier(&self) { break }
            let start = current.span
            guard case .name(let n) = try parseAssignTarget(nameOnly: true).node else { break }
            if n.hasPrefix("_") {
                throw TemplateError.syntax("names starting with an underline can not be imported").located(start, in: source)
            }
            var alias = n
            if try skipName("as"), case .name(let a) = try parseAssignTarget(nameOnly: true).node { alias = a }
            names.append((n, alias))
            if try contextModifier(&self) || !isOp(",") { break }
        }
        return .fromImport(ImportSpec(template: template, withContext: withContext), names: names)
    }
}
