import Foundation
import Testing
@testable import Swansible

/// The cross-argument rules of `ModuleSpec` and the order of all argument checks.
///
/// Every expected message was taken from running ansible-core 2.19 on a probe module of our
/// own with the same argument spec and rules (`AnsibleModule(argument_spec=…, mutually_exclusive=…,
/// …)`, run with `ansible localhost -m probe -a '<json>'`): the `msg` it reported, or nil where
/// it accepted the arguments.
@Suite struct ArgumentRuleTests {
    /// The probe's arguments: `a` (alias `aa`), `c` with choices, `d` an int, `e` required,
    /// `m` a bool defaulting to false, `n` defaulting to "dflt", `q` a bool, the rest strings.
    static let arguments: [ArgumentSpec] = [
        ArgumentSpec("a", aliases: ["aa"]), ArgumentSpec("b"), ArgumentSpec("c", choices: ["x", "y"]),
        ArgumentSpec("d", .int), ArgumentSpec("e", required: true), ArgumentSpec("f"), ArgumentSpec("g"),
        ArgumentSpec("h"), ArgumentSpec("i"), ArgumentSpec("j"), ArgumentSpec("k"), ArgumentSpec("l"),
        ArgumentSpec("m", .bool, default: false), ArgumentSpec("n", default: "dflt"), ArgumentSpec("o"),
        ArgumentSpec("p"), ArgumentSpec("q", .bool),
    ]

    /// One rule of each kind.
    static let oneOfEach = ModuleSpec(
        arguments: arguments, mutuallyExclusive: [["a", "b"]], requiredTogether: [["f", "g"]], requiredOneOf: [["h", "i"]],
        requiredIf: [RequiredIf("j", is: "on", requires: ["k"])], requiredBy: [RequiredBy("l", requires: ["o"])])

    /// Several rules of each requirement kind.
    static let several = ModuleSpec(
        arguments: arguments, requiredTogether: [["f", "g"], ["h", "i"]], requiredOneOf: [["j", "k"], ["l", "o"]],
        requiredIf: [
            RequiredIf("m", is: true, requires: ["p", "q"], anyOf: true), RequiredIf("n", is: "dflt", requires: ["p", "q"]),
            RequiredIf("d", is: 5, requires: ["p"]),
        ],
        requiredBy: [RequiredBy("a", requires: ["p", "q"]), RequiredBy("b", requires: ["p"])])

    static func message(_ spec: ModuleSpec, _ json: String) throws -> String? {
        let args = try #require(try Value(jsonText: json).dictValue)
        return spec.validate(args, module: "probe").message
    }

    /// Ansible's order: mutually exclusive, required, types, choices, required together,
    /// one of, if, by, unsupported — each case removes the problem the one before reported.
    @Test(arguments: [
        (#"{"a": 1, "b": 2, "f": 1, "c": "z", "d": "q", "j": "on", "l": 1, "zz": 1}"#, "parameters are mutually exclusive: a|b"),
        (#"{"f": 1, "c": "z", "d": "q", "j": "on", "l": 1, "zz": 1}"#, "missing required arguments: e"),
        (#"{"e": 1, "f": 1, "c": "z", "d": "q", "j": "on", "l": 1, "zz": 1}"#,
         #"argument 'd' is of type str and we were unable to convert to int: "'q'" cannot be converted to an int"#),
        (#"{"e": 1, "c": "z", "d": "5"}"#, "value of c must be one of: x, y, got: z"),
        (#"{"e": 1, "f": 1, "j": "on", "l": 1, "zz": 1}"#, "parameters are required together: f, g"),
        (#"{"e": 1, "j": "on", "l": 1}"#, "one of the following is required: h, i"),
        (#"{"e": 1, "h": 1, "j": "on", "l": 1, "zz": 1}"#, "j is on but all of the following are missing: k"),
        (#"{"e": 1, "h": 1, "l": 1, "zz": 1}"#, "missing parameter(s) required by 'l': o"),
        (#"{"e": 1, "h": 1, "zz": 1}"#,
         "Unsupported parameters for (probe) module: zz. Supported parameters include: a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q (aa)."),
        (#"{"e": 1, "h": 1}"#, nil),
    ] as [(String, String?)])
    func checksComeInAnsiblesOrder(_ json: String, _ expected: String?) throws {
        #expect(try Self.message(Self.oneOfEach, json) == expected)
    }

    /// Types are all checked before any choice, each in declaration order, whatever the order given.
    @Test func typesBeforeChoicesInDeclarationOrder() throws {
        let spec = Self.oneOfEach
        let d = #"argument 'd' is of type str and we were unable to convert to int: "'x'" cannot be converted to an int"#
        #expect(try Self.message(spec, #"{"e": 1, "h": 1, "q": "maybe", "d": "x"}"#) == d)
        #expect(try Self.message(spec, #"{"e": 1, "h": 1, "d": "x", "q": "maybe"}"#) == d)
        let m = try Self.message(spec, #"{"e": 1, "h": 1, "c": "z", "m": "maybe"}"#)
        #expect(m?.hasPrefix("argument 'm' is of type str and we were unable to convert to bool: The value 'maybe' is not a valid boolean.") == true)
    }

    @Test(arguments: [
        (#"{"e": 1, "h": 1, "aa": 1, "b": 1}"#, "parameters are mutually exclusive: a|b"),
        (#"{"e": 1, "h": 1, "a": null, "b": 1}"#, "parameters are mutually exclusive: a|b"),
        (#"{"e": 1, "h": 1, "a": 1}"#, nil),
    ] as [(String, String?)])
    func mutuallyExclusiveCountsAliasesAndNulls(_ json: String, _ expected: String?) throws {
        #expect(try Self.message(Self.oneOfEach, json) == expected)
    }

    /// Every violated group is listed, in declaration order; defaults do not count.
    @Test func mutuallyExclusiveListsEveryViolatedGroup() throws {
        let spec = ModuleSpec(arguments: Self.arguments, mutuallyExclusive: [["a", "b"], ["m", "p"], ["f", "g"]])
        #expect(try Self.message(spec, #"{"e": 1, "g": 1, "f": 2, "b": 1, "a": 1, "p": 1}"#) == "parameters are mutually exclusive: a|b, f|g")
        #expect(try Self.message(spec, #"{"e": 1, "m": false, "p": 1}"#) == "parameters are mutually exclusive: m|p")
    }

    @Test func requiredTogetherNamesTheWholeGroupOfTheFirstBrokenOne() throws {
        #expect(try Self.message(Self.oneOfEach, #"{"e": 1, "h": 1, "f": null}"#) == "parameters are required together: f, g")
        #expect(try Self.message(Self.several, #"{"e": 1, "f": 1, "h": 1}"#) == "parameters are required together: f, g")
        #expect(try Self.message(Self.several, #"{"e": 1, "f": 1, "g": 1, "h": 1, "i": null}"#) == "one of the following is required: j, k")
    }

    @Test func requiredOneOfReportsTheFirstUnmetGroup() throws {
        #expect(try Self.message(Self.oneOfEach, #"{"e": 1, "h": null}"#) == nil)
        #expect(try Self.message(Self.several, #"{"e": 1, "f": 1, "g": 1, "h": 1, "i": 1}"#) == "one of the following is required: j, k")
        #expect(try Self.message(Self.several, #"{"e": 1, "f": 1, "g": 1, "h": 1, "i": 1, "j": 1}"#) == "one of the following is required: l, o")
    }

    /// The compared value is the converted one (`yes` is True, `"5"` is 5) or the default;
    /// `anyOf` rules list every requirement.
    @Test(arguments: [
        (#"{"e": 1, "f": 1, "g": 1, "j": 1, "l": 1, "m": "yes"}"#, "m is True but any of the following are missing: p, q"),
        (#"{"e": 1, "f": 1, "g": 1, "j": 1, "l": 1, "m": "yes", "p": 1}"#, "n is dflt but all of the following are missing: q"),
        (#"{"e": 1, "j": 1, "l": 1, "p": 1, "n": "x", "d": "5"}"#, nil),
        (#"{"e": 1, "j": 1, "l": 1, "q": 1, "n": "x", "d": "5"}"#, "d is 5 but all of the following are missing: p"),
        (#"{"e": 1, "j": 1, "l": 1, "p": null, "q": null}"#, nil),
    ] as [(String, String?)])
    func requiredIfComparesConvertedValuesAndDefaults(_ json: String, _ expected: String?) throws {
        #expect(try Self.message(Self.several, json) == expected)
    }

    @Test func requiredIfWithANullRequirementIsMet() throws {
        #expect(try Self.message(Self.oneOfEach, #"{"e": 1, "h": 1, "j": "on", "k": null}"#) == nil)
    }

    /// Only a key that is set triggers it, only set requirements meet it, and the missing ones
    /// of the first rule in declaration order are named.
    @Test(arguments: [
        (#"{"e": 1, "h": 1, "l": null}"#, nil),
        (#"{"e": 1, "h": 1, "l": 1, "o": null}"#, "missing parameter(s) required by 'l': o"),
    ] as [(String, String?)])
    func requiredByIgnoresNullKeysButNotNullRequirements(_ json: String, _ expected: String?) throws {
        #expect(try Self.message(Self.oneOfEach, json) == expected)
    }

    @Test(arguments: [
        (#"{"e": 1, "j": 1, "l": 1, "p": 1, "a": 1, "b": 1, "n": "x"}"#, "missing parameter(s) required by 'a': q"),
        (#"{"e": 1, "j": 1, "l": 1, "b": 1, "a": 1, "n": "x"}"#, "missing parameter(s) required by 'a': p, q"),
        (#"{"e": 1, "j": 1, "l": 1, "p": 1, "q": 1, "a": 1, "b": 1, "n": "x"}"#, nil),
    ] as [(String, String?)])
    func requiredByNamesWhatIsMissing(_ json: String, _ expected: String?) throws {
        #expect(try Self.message(Self.several, json) == expected)
    }
}
