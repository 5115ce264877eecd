/// A lexical token of a Jinja template.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        /// Punctuation and operators: `+ - * / // % ** ~ ( ) [ ] { } . , : | = == != < > <= >=`.
        case op(String)
        case eof
    }

    var kind: Kind
    var span: SourceSpan

    /// Jinja's description of the token in its error messages (`describe_token`).
    var describe: String {
        switch kind {
        case .data: return "template data / text"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case .name(let n): return n
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .op(let o): return o
        case .eof: return "end of template"
        }
    }

    var isEOF: Bool { if case .eof = kind { return true }; return false }

}

/// The environment options that change how a template is lexed.
public struct LexerOptions: Sendable, Hashable {
    public var trimBlocks: Bool
    public var lstripBlocks: Bool
    public var keepTrailingNewline: Bool
    /// ansible-core's `escape_backslashes`: string literals inside `{{ }}` keep their backslashes
    /// verbatim (so `regex_replace('\d')` from YAML means what it says); `{% %}` is unaffected.
    public var literalBackslashesInExpressions: Bool

    public init(trimBlocks: Bool = false, lstripBlocks: Bool = false, keepTrailingNewline: Bool = false,
                literalBackslashesInExpressions: Bool = false) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
        self.literalBackslashesInExpressions = literalBackslashesInExpressions
    }
}
