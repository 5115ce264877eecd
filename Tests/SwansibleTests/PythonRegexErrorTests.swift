import Testing
@testable import SwansibleValue

/// The `re.error` messages Python 3.11 gives for malformed patterns (taken from
/// `re.compile`), which lookups such as varnames show; well-formed patterns give none.
@Suite struct PythonRegexErrorTests {
    static let cases: [(String, String?)] = [
        ("*", "nothing to repeat at position 0"),
        ("a**", "multiple repeat at position 2"),
        ("(a", "missing ), unterminated subpattern at position 0"),
        ("a)", "unbalanced parenthesis at position 1"),
        ("[a", "unterminated character set at position 0"),
        ("a|*", "nothing to repeat at position 2"),
        ("(?:*)", "nothing to repeat at position 3"),
        ("(a)(b", "missing ), unterminated subpattern at position 3"),
        ("x{2}*", "multiple repeat at position 4"),
        ("a+?", nil), ("a*+", nil), ("[]a]", nil), ("[\\]]", nil), ("ok", nil), ("(?P<n>a)+", nil),
    ]

    @Test(arguments: cases)
    func pythonsMessage(_ pattern: String, _ expected: String?) {
        #expect(PythonRegex.pythonError(in: pattern) == expected, "\(pattern)")
    }
}
