import Foundation
import Testing
@testable import Swansible

/// `key=value` argument splitting compared with ansible-core's own splitter and parser.
@Suite(.enabled(if: Oracle.isAvailable, "oracle python not found"))
struct PlaybookKeyValueConformanceTests {
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

    static func oracleOutcomes(_ inputs: [String]) throws -> [Outcome] {
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
        return try output.split(separator: "\n").map { line in
            let parts = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String] ?? []
            return Outcome(split: parts[0], kv: parts[1], kvRaw: parts[2])
        }
    }

    @Test func splittingAndParsingMatchAnsible() throws {
        let inputs = Self.corpus + Self.unbalanced
        let expected = try Self.oracleOutcomes(inputs)
        #expect(expected.count == inputs.count)
        for (input, oracle) in zip(inputs, expected) {
            let ours = Self.swiftOutcome(input)
            #expect(ours == oracle, "input \(Value.string(input).pythonRepr)\n  ours:    \(ours)\n  ansible: \(oracle)")
        }
    }

    /// Random strings over the characters the splitter cares about, from a fixed seed.
    @Test func randomInputsMatchAnsible() throws {
        var generator = SplitMix(seed: 2017)
        let alphabet: [String] = ["a", "b", "=", "\"", "'", "\\", " ", " ", "\n", "{", "}", "{{", "}}", "%", "#", "k=v ", "\t"]
        let inputs = (0..<1500).map { _ in
            (0..<Int.random(in: 1...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
        }
        let expected = try Self.oracleOutcomes(inputs)
        #expect(expected.count == inputs.count)
        var mismatches = 0
        for (input, oracle) in zip(inputs, expected) where Self.swiftOutcome(input) != oracle {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record("input \(Value.string(input).pythonRepr)\n  ours:    \(Self.swiftOutcome(input))\n  ansible: \(oracle)")
            }
        }
        #expect(mismatches == 0)
    }
}

/// A small deterministic generator (SplitMix64) so random corpora repeat across runs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
