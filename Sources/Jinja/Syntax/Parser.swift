/// Turns tokens into the AST. The grammar follows Jinja2's parser rule for rule (one method per
/// precedence level, lowest first), so that a broken template fails at the same token with the
/// same message as in Jinja2.
package struct Parser {
    var tokens: [Token]
    var index = 0
    /// A lexing error and the index of the token it stands for (the last one, an end of template).
    var lexingFailure: (index: Int, error: TemplateError)?
    let source: SourceText
    /// Per body being parsed, the tags that may end it (Jinja's order), innermost last.
    var awaitedEnds: [[String]] = []
    /// The statements being parsed, innermost last (for "the innermost block" in messages).
    var openTags: [String] = []
    var depth = 0
    var blocks: [String: [Stmt]] = [:]
    /// Errors Jinja raises when compiling, so only once the whole template parsed (the first wins).
    var compileErrors: [TemplateError] = []
    /// Where namespace references (`ns.attr` set targets) start, to tell them from attributes.
    var namespaceRefs: Set<Int> = []
    static let maxDepth = 64

    init(tokens: [Token], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    package static func parse(_ text: String, name: String?, options: LexerOptions) throws -> TemplateAST {
        let source = SourceText(text, name: name)
        let (tokens, failure) = Lexer.tokenize(source, options: options)
        var parser = Parser(tokens: tokens, source: source)
        parser.lexingFailure = failure.map { (tokens.count - 1, $0) }
        do {
            if tokens.count == 1, let failure { throw failure }
            let body = try parser.parseTemplate()
            if let first = parser.compileErrors.first { throw first }
            return TemplateAST(body: body, blocks: parser.blocks, source: source)
        } catch let e as TemplateError {
            throw e.located(parser.current.span, in: source)
        }
    }

    /// Parses a bare expression as Jinja's `compile_expression` does (conditionals, `debug: var=`):
    /// one expression (no tuple), and nothing after it.
    package static func parseExpression(_ text: String, name: String?, literalBackslashes: Bool = false) throws -> ParsedExpression {
        let source = SourceText(text, name: name)
        let options = LexerOptions(keepTrailingNewline: true, literalBackslashesInExpressions: literalBackslashes)
        let (tokens, failure) = Lexer.tokenize(source, options: options, expression: true)
        var parser = Parser(tokens: tokens, source: source)
        parser.lexingFailure = failure.map { (tokens.count - 1, $0) }
        do {
            if tokens.count == 1, var failure {
                // Jinja lexes the first token before compile_expression's error handling starts,
                // so that error keeps its location in its text
                failure.message += "\n  line \(failure.place?.line ?? 1)"
                throw failure
            }
            let expr = try parser.parseConditional()
            guard parser.current.isEOF else { throw TemplateError.syntax("chunk after expression") }
            return ParsedExpression(expr: expr, source: source)
        } catch let e as TemplateError {
            throw e.located(parser.current.span, in: source)
        }
    }

    // MARK: - Token stream

    var current: Token { tokens[min(index, tokens.count - 1)] }
    /// The token after the current one (Jinja's `look`, which lexes it: a lexing error there is raised).
    func peek() throws -> Token {
        if index + 1 == lexingFailure?.index, let error = lexingFailure?.error { throw error }
        return tokens[min(index + 1, tokens.count - 1)]
    }

    /// Moves to the next token. Like Jinja, whose lexer runs as the parser reads, a lexing error
    /// is raised only when the parser reaches the place it happened.
    mutating func advance() throws {
        if index < tokens.count - 1 { index += 1 }
        if index == lexingFailure?.index, let error = lexingFailure?.error { throw error }
    }

    func isOp(_ op: String) -> Bool { if case .op(op) = current.kind { return true }; return false }
    func isName(_ name: String) -> Bool { if case .name(name) = current.kind { return true }; return false }
    var isBlockEnd: Bool { if case .blockEnd = current.kind { return true }; return false }

    mutating func skipOp(_ op: String) throws -> Bool {
        if isOp(op) { try advance(); return true }
        return false
    }

    mutating func skipName(_ name: String) throws -> Bool {
        if isName(name) { try advance(); return true }
        return false
    }

    /// Jinja's `expect`: the current token must be `kind` (described as `what`) and is consumed.
    mutating func expect(_ kind: Token.Kind, _ what: String) throws {
        guard current.kind == kind else { throw TemplateError.expected(what, got: current) }
        try advance()
    }

    mutating func expectOp(_ op: String) throws { try expect(.op(op), op) }
    mutating func expectBlockEnd() throws { try expect(.blockEnd, "end of statement block") }
    /// A keyword such as `in`, `as`, `import`.
    mutating func expectKeyword(_ word: String) throws { try expect(.name(word), word) }

    mutating func expectName() throws -> String {
        guard case .name(let n) = current.kind else { throw TemplateError.expected("name", got: current) }
        try advance()
        return n
    }

    func span(from start: SourceSpan) -> SourceSpan {
        start.merged(with: tokens[max(0, index - 1)].span)
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth { throw TemplateError.recursion("expression nested too deeply") }
    }
}
