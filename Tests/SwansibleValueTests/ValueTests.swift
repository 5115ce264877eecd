import Testing
@testable import SwansibleValue

@Suite struct ValueTests {
    @Test func pythonReprOfNestedValues() {
        let v: Value = ["a", 1, true, nil, ["k": 1.5]]
        #expect(v.pythonRepr == "['a', 1, True, None, {'k': 1.5}]")
    }

    @Test func jsonTextMatchesPythonDumps() {
        let v: Value = ["b": 1, "a": ["x", nil]]
        #expect(v.jsonText() == #"{"b": 1, "a": ["x", null]}"#)
        #expect(v.jsonText(indent: 4, sortKeys: true) == "{\n    \"a\": [\n        \"x\",\n        null\n    ],\n    \"b\": 1\n}")
    }

    @Test func truthinessFollowsPython() {
        #expect(!Value.string("").isTruthy)
        #expect(Value.list([0]).isTruthy)
        #expect(!Value.int(0).isTruthy)
    }
}
