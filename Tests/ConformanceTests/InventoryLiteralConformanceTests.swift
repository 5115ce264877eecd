import Foundation
import Testing
@testable import Swansible

/// INI inventory values against the INI plugin's own rule: `ast.literal_eval`, else the text.
@Suite struct InventoryLiteralConformanceTests {
    static let samples: [String] = [
        "1", "-5", "+5", "0", "00", "0600", "09", "0x1F", "0o17", "0b101", "1_000", "1__0", "1_", "0_0", "-0x10",
        "1.5", "1.", ".5", "1e3", "1E-3", "1.5e+3", "1_0.5", "0600.5", "1e", "1e400", "-1.5", "- 1", "--1", "-True", "-(1)",
        "True", "False", "None", "true", "yes", "null", "...", "inf", "nan",
        "'a'", "\"b\"", "'it''s'", "'a' 'b'", "'a' \"b\"", "u'x'", "r'a\\n'", "b'bytes'", "b'\\xc3\\xa9'", "f'x'", "rb'\\d'",
        "'tab\\there'", "'\\x41\\u00e9\\U0001F600'", "'\\101'", "'\\q'", "'\\N{BULLET}'", "'unterminated", "'''triple'''",
        "[1, 2]", "[1, 2,]", "[]", "[1, [2, [3]]]", "(1, 2)", "(1,)", "()", "(1)", "1, 2", "1,", "{1, 2}", "{'a': 1, 'b': [2]}",
        "{}", "{1: 'a', True: 'b'}", "{'a': 1,}", "{[1]: 2}", "{'a': {'b': None}}", "[1, 'two', {'three': 3.0}]",
        "a b", "a, b", "x=1", "1 # comment", "[1, # c\n 2]", "1+2", "1j", "set()", "__import__('os')", "[1, 2",
        "  3", "'a\\\nb'", "{'k': 'v', 1: 2}", "[True, False, None]", "(((((1)))))", "'é'", "\"\\\"q\\\"\"",
    ]

    static let script = #"""
import ast, json, sys, warnings
def plain(v):
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)): return [plain(x) for x in v]
    if isinstance(v, bytes): return v.decode('utf-8', 'replace')
    if isinstance(v, float): return {'__float__': repr(v)}
    if v is ...: return '...'
    if isinstance(v, complex): return str(v)
    return v
out = []
for s in json.load(sys.stdin):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            out.append({'value': plain(ast.literal_eval(s))})
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        out.append({'text': s})
print(json.dumps(out))
"""#

    /// `{"value": ...}` or `{"text": ...}` per sample, stored in `Answers/InventoryLiteralConformanceTests.jsonl`.
    static let answers = OracleAnswers(file: "Tests/ConformanceTests/Answers/InventoryLiteralConformanceTests.jsonl",
                                       cases: samples.map { AnswerKey(key: $0) }) {
        let output = try Oracle.run(script: script, input: Value.list(samples.map(Value.string)).jsonText())
        guard case .list(let results) = try Value(jsonText: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw OracleError(message: "unexpected output: \(output)")
        }
        return Dictionary(zip(samples, results), uniquingKeysWith: { a, _ in a })
    }

    @Test func literalsMatchPythonLiteralEval() throws {
        var compared = 0
        for sample in Self.samples {
            guard let answer = Self.answers.answer(for: sample) else { continue }
            let oracle = try JSONDecoder().decode(InventoryConformanceTests.JSONValue.self, from: Data(answer.jsonText().utf8))
            compared += 1
            // A non-literal is kept as text, which is what the plugin does with it.
            let theirs: Value = oracle.value["value"] ?? .string(oracle.value["text"]?.stringValue ?? "")
            let ours = InventoryConformanceTests.taggingFloats(INIInventoryParser.value(sample))
            let (a, b) = (ours.jsonText(sortKeys: true), theirs.jsonText(sortKeys: true))
            #expect(a == b, "literal \(String(reflecting: sample))\n  python: \(b)\n  ours:   \(a)")
        }
        Self.answers.printTally(compared, of: Self.samples.count)
    }
}
