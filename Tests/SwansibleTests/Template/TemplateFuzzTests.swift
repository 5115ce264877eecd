import Foundation
import Testing
@testable import Swansible
import Jinja

/// Random token soup through the whole pipeline: every outcome must be a value or a
/// TemplateError (a crash fails the run). Deterministic seed; raise SWANSIBLE_FUZZ_COUNT locally.
@Suite struct TemplateFuzzTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static let fragments = [
        "{{", "}}", "{%", "%}", "{#", "#}", "-", "+", "*", "**", "/", "//", "%", "~", "(", ")", "[", "]", "{", "}", ",", ":", ".", "|",
        " ", "\n", "'s'", "\"q\"", "1", "2.5", "-3", "x", "l", "d", "none", "true", "if", "else", "elif", "endif", "for", "in", "endfor",
        "set", "=", "is", "not", "and", "or", "defined", "default", "length", "join", "map", "select", "attribute", "upper", "int",
        "combine", "dict2items", "to_yaml", "to_json", "from_json", "regex_replace", "flatten", "unique", "sort", "first", "last",
        "range", "lookup", "query", "'items'", "macro", "endmacro", "call", "caller", "raw", "endraw", "filter", "endfilter", "loop",
        "index", "namespace", "ns", "ipaddr", "b64encode", "hash", "format", "split", "items", "keys", "append", "ternary",
    ]

    @Test func randomTemplatesNeverCrash() {
        let count = Int(ProcessInfo.processInfo.environment["SWANSIBLE_FUZZ_COUNT"] ?? "") ?? 3000
        var rng = SeededGenerator(state: 0x5eed)
        let vars: ValueDict = ["x": 3, "l": [1, "a", ["n": 1]], "d": ["k": "{{ x }}", "l": [1, 2]], "ns": "v"]
        let templar = AnsibleTemplar(variables: StaticTemplateVariables(vars))
        for _ in 0..<count {
            let length = Int.random(in: 1...24, using: &rng)
            var text = ""
            for _ in 0..<length { text += Self.fragments.randomElement(using: &rng) ?? "" }
            do { _ = try templar.template(.string(text)) } catch is TemplateError {} catch {
                Issue.record("non-template error for \(text.debugDescription): \(error)")
            }
            do { _ = try templar.evaluateCondition(text) } catch is TemplateError {} catch {
                Issue.record("non-template error for condition \(text.debugDescription): \(error)")
            }
        }
    }
}

extension TemplateFuzzTests {
    /// Well-formed random expressions with every registered filter and test, random arguments.
    @Test func randomExpressionsNeverCrash() {
        let count = Int(ProcessInfo.processInfo.environment["SWANSIBLE_FUZZ_COUNT"] ?? "") ?? 1000
        var rng = SeededGenerator(state: 0xf11e)
        let env = AnsibleTemplar(variables: StaticTemplateVariables([:])).environment
        let filters = env.filters.keys.sorted().filter { !["random", "shuffle", "password_hash", "strftime", "realpath", "expanduser", "fileglob", "expandvars"].contains($0) }
        let tests = env.tests.keys.sorted()
        let vars: ValueDict = ["x": 3, "s": "a,b c", "l": [1, "a", ["n": 1], [2, 3]], "d": ["k": "{{ x }}", "l": [1, 2], "n": ["m": -1]],
                               "f": 2.5, "z": 0, "e": [], "nul": nil, "ip": "10.0.0.1/24", "v": "1.2.3"]
        let templar = AnsibleTemplar(variables: StaticTemplateVariables(vars))
        func literal(_ rng: inout SeededGenerator) -> String {
            ["0", "1", "-1", "2", "100000000000", "2.5", "-0.0", "''", "'a'", "'x,y'", "'%s'", "'{}'", "'\\\\d'", "'(a)'", "'10.0.0.0/8'",
             "none", "true", "false", "[]", "{}", "[1, 2]", "{'a': 1}", "x", "s", "l", "d", "f", "z", "e", "nul", "ip", "v", "missing",
             "d.k", "d.n", "l[2]", "l[-1]", "range(3)"].randomElement(using: &rng) ?? "1"
        }
        func expr(_ depth: Int, _ rng: inout SeededGenerator) -> String {
            if depth <= 0 { return literal(&rng) }
            let a = expr(depth - 1, &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1, 2:
                let name = filters.randomElement(using: &rng) ?? "string"
                let args = (0..<Int.random(in: 0...2, using: &rng)).map { _ in expr(depth - 2, &rng) }
                return "(\(a)) | \(name)" + (args.isEmpty ? "" : "(" + args.joined(separator: ", ") + ")")
            case 3:
                let name = tests.randomElement(using: &rng) ?? "defined"
                return "((\(a)) is \(name)" + (Bool.random(using: &rng) ? "(\(expr(depth - 2, &rng))))" : ")")
            case 4: return "(\(a)) \(["+", "-", "*", "/", "//", "%", "**", "~", "==", "<", "in", "and", "or"].randomElement(using: &rng) ?? "+") (\(expr(depth - 1, &rng)))"
            case 5: return "(\(a))[\(expr(depth - 1, &rng))]"
            case 6: return "(\(a))[\(literal(&rng)):\(literal(&rng))]"
            case 7: return "[\(a), \(expr(depth - 1, &rng))]"
            case 8: return "(\(a) if \(expr(depth - 1, &rng)) else \(expr(depth - 1, &rng)))"
            default: return "(\(a)).\(["split", "items", "keys", "upper", "get", "format", "join", "append", "index"].randomElement(using: &rng) ?? "keys")(\(Bool.random(using: &rng) ? literal(&rng) : ""))"
            }
        }
        let trace = ProcessInfo.processInfo.environment["SWANSIBLE_FUZZ_TRACE"]
        for _ in 0..<count {
            let e = expr(Int.random(in: 1...4, using: &rng), &rng)
            if let trace { try? e.write(toFile: trace, atomically: false, encoding: .utf8) }
            do { _ = try templar.template(.string("{{ \(e) }}")) } catch is TemplateError {} catch {
                Issue.record("non-template error for \(e.debugDescription): \(error)")
            }
        }
    }
}
