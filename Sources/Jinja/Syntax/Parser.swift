/// Turns tokens into the AST. The expression grammar is one method per precedence level,
/// lowest first, so the precedence table can be read off the method list.
package struct Parser {
    var tokens: [Token]
    var index = 0
    let source: SourceText
    /// The end tags being awaited, innermost last, for "unexpected end" messages.
    var awaiting: [String] = []
    var depth = 0
    var blocks: [String: [Stmt]] = [:]
    static let maxDepth = 64

    init(tokens: [Token], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    package static func parse(_ text: String, name: String?, options: LexerOptions) throws -> TemplateAST {
        let source = SourceText(text, name: name)
        let tokens = try Lexer.tokenize(source, options: options)
        var parser = Parser(tokens: tokens, source: source)
        do {
            let body = try parser.parseTemplate()
            return TemplateAST(body: body, blocks: parser.blocks, source: source)
        } catch let e as TemplateError {
            throw e.located(parser.current.span, in: source)
        }
    }

    /// Parses a bare expression (conditionals, `debug: var=`), the whole text must be consumed.
    package static func parseExpression(_ text: String, name: String?, literalBackslashes: Bool = false) throws -> ParsedExpression {
        let source = SourceText(text, name: name)
        let options = LexerOptions(keepTrailingNewline: true, literalBackslashesInExpressions: literalBackslashes)
        var lexer = try Lexer.tokenize(SourceText("{{" + text + "}}", name: name), options: options)
        // Shift spans back by the two bytes of "{{" so columns point into `text`.
        for i in lexer.indices {
            lexer[i].span.startOffset = max(0, lexer[i].span.startOffset - 2)
            lexer[i].span.endOffset = max(0, lexer[i].span.endOffset - 2)
        }
        var parser = Parser(tokens: lexer, source: source)
        do {
            try parser.expect(.variableBegin)
            let expr = try parser.parseTuple()
            guard case .variableEnd = parser.current.kind else {
                throw TemplateError.unexpected(parser.current.describe, expected: "end of expression")
            }
            parser.advance()
            guard case .eof = parser.current.kind else {
                throw TemplateError.unexpected(parser.current.describe, expected: "end of expression")
            }
            return ParsedExpression(expr: expr, source: source)
        } catch let e as TemplateError {
            throw e.located(parser.current.span, in: source)
        }
    }

    // MARK: - Token stream

    var current: Token { tokens[min(index, tokens.count - 1)] }
    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }
    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isOp(_ op: String) -> Bool { if case .op(op) = current.kind { return true }; return false }
    func isName(_ name: String) -> Bool { if case .name(name) = current.kind { return true }; return false }

    mutating func skipOp(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    mutating func skipName(_ name: String) -> Bool {
        if isName(name) { advance(); return true }
        return false
    }

    mutating func expect(_ kind: Token.Kind) throws {
        guard current.kind == kind else {
            if case .eof = current.kind { throw TemplateError.unexpectedEnd(open: awaiting) }
            throw TemplateError.unexpected(current.describe, expected: Token(kind: kind, span: current.span).describe)
        }
        advance()
    }

    mutating func expectOp(_ op: String) throws { try expect(.op(op)) }

    mutating func expectName() throws -> String {
        guard case .name(let n) = current.kind else {
            if case .eof = current.kind { throw TemplateError.unexpectedEnd(open: awaiting) }
            throw TemplateError.unexpected(current.describe, expected: "name")
        }
        advance()
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
