import Foundation
import Jinja

/// ansible-core 2.19 evaluates as an expression only text from a trusted source (a playbook,
/// a role, vars files), never text a template produced or a module returned. Swansible keeps
/// no trust tags on values; it approximates them: `!unsafe` strings and registered results
/// (kept unsafe) are untrusted, and a lone template `{{ e }}` hands on its value's trust only
/// when `e` names a variable (or an item or attribute of one, optionally through `default`):
/// a string it builds (`{{ 'a == a' }}`, `{{ x ~ y }}`) is untrusted.
extension AnsibleTemplar {
    public static let untrustedMessage = "Encountered untrusted template or expression."
    public static let untrustedHelp = "Templates and expressions must be defined by trusted sources such as playbooks or roles, "
        + "not untrusted sources such as module results."
    public static let emptyConditionMessage = "Empty conditional expressions are not allowed."
    /// Conditions refused before they are evaluated (their messages are told alone).
    public static let refusedConditionMessages: Set<String> = [untrustedMessage, emptyConditionMessage]

    /// `e` of a text that is one lone template `{{ e }}`, else nil.
    static func loneTemplateExpression(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.count >= 4 else { return nil }
        let inner = trimmed.dropFirst(2).dropLast(2)
        guard !inner.contains("{{"), !inner.contains("}}") else { return nil }
        return String(inner)
    }

    /// Whether `expression` only names a variable, an attribute or item of one (constant keys),
    /// optionally with `| default(...)` / `| d(...)`: its string value keeps its source's trust.
    static func passesTrustThrough(_ expression: String) -> Bool {
        expression.wholeMatch(of: trustPassingExpression) != nil
    }

    nonisolated(unsafe) private static let trustPassingExpression =
        /\s*[A-Za-z_][A-Za-z0-9_]*(\s*(\.\s*[A-Za-z_][A-Za-z0-9_]*|\[\s*('[^']*'|"[^"]*"|-?[0-9]+)\s*\]))*(\s*\|\s*(default|d)\s*(\([^()]*\))?)?\s*/

    /// The value of a lone template written where an expression is expected (a condition,
    /// debug's `var`), with the trust of that value: nil trust means "not a string".
    public func trustedTemplateValue(_ expression: String) throws -> (value: Value, trusted: Bool) {
        // (The resolver must outlive `plain()`: lazy containers refer to it.)
        let resolver = makeResolver()
        let value = try withExtendedLifetime(resolver) {
            try AnsibleTemplar.bounded(try resolver.evaluateExpression(expression, literalBackslashes: true).plain())
        }
        switch value {
        case .unsafe: return (value, false)
        case .string: return (value, Self.passesTrustThrough(expression))
        default: return (value, true)
        }
    }

    /// A condition as a value: text is evaluated (`evaluateCondition`), an `!unsafe` or
    /// registered string is refused, a boolean or other value counts by its truthiness.
    public func evaluateCondition(_ condition: Value) throws -> Bool {
        switch condition {
        case .string(let text): return try evaluateCondition(text)
        case .unsafe: throw TemplateError.failed(Self.untrustedMessage)
        case .bool(let b): return b
        default: return condition.isTruthy
        }
    }
}
