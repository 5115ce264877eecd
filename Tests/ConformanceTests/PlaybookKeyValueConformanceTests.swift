import Foundation
import SwansibleTestSupport
import Testing
@testable import Swansible

/// `key=value` argument splitting compared with ansible-core's own splitter and parser, over a
/// corpus and random inputs from a fixed seed. The answers (`[split, kv, kvRaw]` per input) are
/// stored in `Answers/PlaybookKeyValueConformanceTests.jsonl`, keyed by the input.
@Suite struct PlaybookKeyValueConformanceTests {
    static let corpus: [String] = [
        "a=b c=d", "a  b", "a\tb c", "a\nb c", "a \nb", #"echo "a  b" c"#, "x={{ a  b }} y=2",
        #"a="b c" d=e\\ f"#, "a=b\\\nc", "a \\\nb", "a=b \\\n c=d", "a=1 a=2", "echo {% if x %} y {% endif %}",
        #"k="v\"q""#, "a='b c'x", " lead", "trail ", "a=b=c", "=x", #"a\=b"#, #"a=b\=c"#,
        "chdir=/tmp echo hi creates=x", #"a=\n b"#, #"x="\n""#, #"echo a\nb"#, #"x="a\\b""#, #"x=a\tb"#,
        "echo 'a\nb' c", "a=1  b=2", #"x=\""#, "a={{ b }}c=d", #"msg="hello world" var=x"#, #"\"a b\""#,
        #"a="""#, "a=''", "a= b", "a =b", "x='a'b'c'", #"k={{ "x y" }}"#, "echo hi #x", "café=1",
        "a=b\n\nc=d", "\na=b", "a=b\n", #""a=b""#, #"echo "x=1""#, "a.b=1", "{{x}}=1", #"x="a=b""#,
        #"a=\u00e9"#, #"a=\x41"#, #"a=\'"#, #"a=\a"#, #"a=\101"#, #"a=" b ""#, #"a="it's""#, #"a="x" "y""#,
        #"a=x\ y"#, "x={# c #} y", "src=a.j2 dest=/etc/{{ name }}.conf mode=0644",
        "path={{ peers_dir }} state=directory mode=0755", "echo {{ a }} {{ b }}",
        "{% for x in y %}{{ x }} {% endfor %}", "a={{ '}}' }}", "removes=/x warn=false ls -l",
        "", "   ", "a=b\n  c=d\n", "cmd \"quoted\nnewline\" after",
    ]
    static let unbalanced = ["x='a", "x={{ a", "x={% a", #"a="b"#, "{{ a }} {{"]

    struct Outcome: Equatable, CustomStringConvertible {
        var split: String
        var kv: String
        var kvRaw: String
        var description: String { "split=\(split) kv=\(kv) kvRaw=\(kvRaw)" }
    }

    static func swiftOutcome(_ text: String) -> Outcome {
        func run(_ body: () throws(KeyValueArguments.UnbalancedError) -> String) -> String {
            do { return try body() } catch { return "ERR " + error.message }
        }
        return Outcome(
            split: run { () throws(KeyValueArguments.UnbalancedError) in
                Value.list(try KeyValueArguments.split(text).map { .string($0) }).jsonText(asciiOnly: true)
            },
            kv: run { () throws(KeyValueArguments.UnbalancedError) in Value.dict(try KeyValueArguments.parse(text)).jsonText(asciiOnly: true) },
            kvRaw: run { () throws(KeyValueArguments.UnbalancedError) in
                Value.dict(try KeyValueArguments.parse(text, keepRaw: true)).jsonText(asciiOnly: true)
            })
    }

    static func oracleOutcomes(_ inputs: [String]) throws -> [Value] {
        let script = """
            import sys, json
            from ansible.parsing.splitter import split_args, parse_kv
            def run(f):
                try: return json.dumps(f())
                except Exception as e: return "ERR " + str(e)
            for t in json.load(sys.stdin):
                print(json.dumps([run(lambda: split_args(t)), run(lambda: parse_kv(t)), run(lambda: parse_kv(t, check_raw=True))]))
            """
        let input = Value.list(inputs.map { .string($0) }).jsonText(asciiOnly: true)
        let output = try Oracle.run(script: script, input: input)
        return try output.split(separator: "\n").map { try Value(jsonText: String($0)) }
    }

    /// Random strings over the characters the splitter cares about, from a fixed seed.
    static let randomInputs: [String] = {
        var generator = SplitMix64(seed: 2017)
        let alphabet: [String] = ["a", "b", "=", "\"", "'", "\\", " ", " ", "\n", "{", "}", "{{", "}}", "%", "#", "k=v ", "\t"]
        return (0..<1500).map { _ in
            (0..<Int.random(in: 1...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
        }
    }()

    static let answers: OracleAnswers = {
        let inputs = corpus + unbalanced + randomInputs
        return OracleAnswers(file: "Tests/ConformanceTests/Answers/PlaybookKeyValueConformanceTests.jsonl",
                             cases: inputs.map { AnswerKey(key: $0) }) {
            Dictionary(zip(inputs, try oracleOutcomes(inputs)), uniquingKeysWith: { a, _ in a })
        }
    }()

    static func oracleOutcome(_ input: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Outcome? {
        guard let answer = answers.answer(for: input, sourceLocation: sourceLocation) else { return nil }
        guard let parts = answer.listValue?.compactMap(\.stringValue), parts.count == 3 else {
            Issue.record("answer for \(Value.string(input).pythonRepr) is not three strings: \(answer.jsonText())", sourceLocation: sourceLocation)
            return nil
        }
        return Outcome(split: parts[0], kv: parts[1], kvRaw: parts[2])
    }

    @Test func splittingAndParsingMatchAnsible() throws {
        var compared = 0
        for input in Self.corpus + Self.unbalanced {
            guard let oracle = Self.oracleOutcome(input) else { continue }
            compared += 1
            let ours = Self.swiftOutcome(input)
            #expect(ours == oracle, "input \(Value.string(input).pythonRepr)\n  ours:    \(ours)\n  ansible: \(oracle)")
        }
        Self.answers.printTally(compared, of: Self.corpus.count + Self.unbalanced.count)
    }

    @Test func randomInputsMatchAnsible() throws {
        var mismatches = 0
        var compared = 0
        for input in Self.randomInputs {
            guard let oracle = Self.oracleOutcome(input) else { continue }
            compared += 1
            guard Self.swiftOutcome(input) != oracle else { continue }
            mismatches += 1
            if mismatches <= 5 {
                Issue.record("input \(Value.string(input).pythonRepr)\n  ours:    \(Self.swiftOutcome(input))\n  ansible: \(oracle)")
            }
        }
        Self.answers.printTally(compared, of: Self.randomInputs.count)
        #expect(mismatches == 0)
    }
}

