import Testing
@testable import SwansibleYAML

@Suite struct YAMLLoaderTests {
    func load(_ text: String) throws -> Value {
        try YAMLLoader.loadValue(text, file: "test.yml")
    }

    @Test func yaml11BooleansInAllTheirCases() throws {
        let v = try load("a: yes\nb: No\nc: ON\nd: off\ne: True\nf: FALSE\ng: y\nh: n\ni: yEs\n")
        #expect(v == ["a": true, "b": false, "c": true, "d": false, "e": true, "f": false, "g": "y", "h": "n", "i": "yEs"])
    }

    @Test func leadingZeroIsOctalButZeroOIsAString() throws {
        let v = try load("a: 0600\nb: 0o600\nc: '0600'\nd: 09\ne: 0x1F\nf: 0b101\ng: 1_000\nh: -0\ni: +12\n")
        #expect(v == ["a": 384, "b": "0o600", "c": "0600", "d": "09", "e": 31, "f": 5, "g": 1000, "h": 0, "i": 12])
    }

    @Test func sexagesimalNumbers() throws {
        let v = try load("a: 1:20\nb: 12:30:00\nc: 190:20:30.15\n")
        #expect(v["a"] == 80)
        #expect(v["b"] == 45000)
        #expect(v["c"] == .float(685230.15))
    }

    @Test func floatsNeedADot() throws {
        let v = try load("a: 1.0\nb: 1e3\nc: 1.5e3\nd: 1.5e+3\ne: .5\nf: -.5\ng: .inf\nh: -.Inf\ni: 1.\nj: 0.1_2\n")
        #expect(v["a"] == 1.0)
        #expect(v["b"] == "1e3")
        #expect(v["c"] == "1.5e3")
        #expect(v["d"] == 1500.0)
        #expect(v["e"] == 0.5)
        #expect(v["f"] == "-.5")
        #expect(v["g"] == .float(.infinity))
        #expect(v["h"] == .float(-.infinity))
        #expect(v["i"] == 1.0)
        #expect(v["j"] == .float(0.12))
        guard case .float(let nan) = try load(".NaN") else { Issue.record("not a float"); return }
        #expect(nan.isNaN)
    }

    @Test func nullsAndEmptyValues() throws {
        let v = try load("a: ~\nb: null\nc: Null\nd:\ne: ''\nf: nULL\n")
        #expect(v == ["a": nil, "b": nil, "c": nil, "d": nil, "e": "", "f": "nULL"])
        #expect(try load("") == .null)
        #expect(try YAMLLoader.loadNode("# only a comment\n", file: "t") == nil)
    }

    @Test func timestampsKeepTheirText() throws {
        let v = try load("a: 2017-03-11\nb: 2001-12-14t21:59:43.10-05:00\n")
        #expect(v == ["a": "2017-03-11", "b": "2001-12-14t21:59:43.10-05:00"])
    }

    @Test func mergeKeysExplicitKeysWin() throws {
        let v = try load("base: &b {x: 1, y: 2}\nother: &o {y: 5, z: 6}\nm:\n  <<: [*b, *o]\n  y: 3\nn:\n  <<: *o\n")
        #expect(v["m"] == ["x": 1, "y": 3, "z": 6])
        #expect(v["n"] == ["y": 5, "z": 6])
    }

    @Test func mergeOfListTakesFirstMappingForSharedKeys() throws {
        let v = try load("a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc: {<<: [*a, *b]}\n")
        #expect(v["c"] == ["k": 1, "j": 2])
    }

    @Test func nonStringKeysBecomePythonStr() throws {
        let node = try #require(try YAMLLoader.loadNode("yes: 1\n80: 2\n1.5: 3\n~: 4\n", file: "t"))
        #expect(node.pairs?.map(\.key) == ["True", "80", "1.5", "None"])
        #expect(node.pairs?.first?.keyNode.value == true)
    }

    @Test func duplicateKeysWarnAndLastWins() throws {
        var warnings: [String] = []
        let v = try YAMLLoader.loadValue("vars:\n  a: 1\n  b: 0\n  a: 2\n", file: "pb.yml") { warnings.append($0) }
        #expect(v == ["vars": ["a": 2, "b": 0]])
        #expect(warnings == ["""
            Found duplicate mapping key 'a'.
            Origin: pb.yml:4:3

            2   a: 1
            3   b: 0
            4   a: 2
                ^ column 3

            Using last defined value only.
            """])
    }

    @Test func oneTrueAndOnePointZeroAreTheSameKey() throws {
        var warnings = 0
        let node = try #require(try YAMLLoader.loadNode("1: a\ntrue: b\n1.0: c\n", file: "t") { _ in warnings += 1 })
        #expect(node.pairs?.map(\.key) == ["1"])
        #expect(node.value == ["1": "c"])
        #expect(warnings == 2)
    }

    @Test func unsafeTagMarksStringsRecursively() throws {
        let node = try #require(try YAMLLoader.loadNode("a: !unsafe '{{ x }}'\nb: !unsafe {k: '{{ y }}', n: 12}\nc: !unsafe '12'\n", file: "t"))
        #expect(node["a"]?.value == .unsafe("{{ x }}"))
        #expect(node["a"]?.tag == "!unsafe")
        #expect(node["b"]?.value == ["k": .unsafe("{{ y }}"), "n": 12])
        // ansible-core re-resolves the content of !unsafe as if it were plain
        #expect(node["c"]?.value == 12)
    }

    @Test func vaultKeepsCiphertextAndTag() throws {
        let text = "secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231\n"
        let node = try #require(try YAMLLoader.loadNode(text, file: "t"))
        #expect(node["secret"]?.tag == "!vault")
        #expect(node["secret"]?.value == "$ANSIBLE_VAULT;1.1;AES256\n6231\n")
        #expect(throws: YAMLError.self) { try YAMLLoader.loadNode("a: !vault 12\n", file: "t") }
    }

    @Test func explicitCoreTags() throws {
        let v = try load("a: !!str 123\nb: !!int \"5\"\nc: !!float 1\nd: !!bool yes\ne: !!null x\nf: ! 12\ng: !!str yes\n")
        #expect(v == ["a": "123", "b": 5, "c": 1.0, "d": true, "e": nil, "f": 12, "g": "yes"])
    }

    @Test func unknownTagIsAnError() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadNode("a: !foo x\n", file: "f.yml") }
        #expect(error.message == "Could not determine a constructor for the tag '!foo'.")
        #expect(error.location == SourceLocation(file: "f.yml", line: 1, column: 4))
    }

    @Test func syntaxErrorNamesFileLineColumnWithCaret() throws {
        let text = "- hosts: localhost\n  vars:\n    a: [1, 2\n    c: 3\n"
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadNode(text, file: "/tmp/bad.yml") }
        #expect(error.location == SourceLocation(file: "/tmp/bad.yml", line: 4, column: 6))
        #expect(error.description == """
            YAML parsing failed: While parsing a flow sequence did not find expected ',' or ']'.
            Origin: /tmp/bad.yml:4:6

            2   vars:
            3     a: [1, 2
            4     c: 3
                   ^ column 6
            """)
    }

    @Test func undefinedAndDuplicateAnchors() throws {
        let undefined = try #require(throws: YAMLError.self) { try YAMLLoader.loadNode("a: *x\n", file: "t") }
        #expect(undefined.location.line == 1 && undefined.location.column == 4)
        #expect(throws: YAMLError.self) { try YAMLLoader.loadNode("a: &x 1\nb: &x 2\n", file: "t") }
        #expect(throws: YAMLError.self) { try YAMLLoader.loadNode("{[1]: 2}", file: "t") }
    }

    @Test func aliasesShareTheAnchoredValue() throws {
        let v = try load("a: &l [1, 2]\nb: *l\n")
        #expect(v == ["a": [1, 2], "b": [1, 2]])
    }

    @Test func marksAreOneBasedStartAndEnd() throws {
        let node = try #require(try YAMLLoader.loadNode("key:\n  - one\n  - two\n", file: "m.yml"))
        let seq = try #require(node["key"])
        #expect(seq.start == SourceLocation(file: "m.yml", line: 2, column: 3))
        #expect(seq.items?[1].start == SourceLocation(file: "m.yml", line: 3, column: 5))
        #expect(seq.items?[1].end == SourceLocation(file: "m.yml", line: 3, column: 8))
    }

    @Test func multipleDocuments() throws {
        let docs = try YAMLLoader.loadDocuments("--- 1\n---\na: b\n---\n", file: "t")
        #expect(docs.map(\.value) == [1, ["a": "b"], nil])
        #expect(throws: YAMLError.self) { try YAMLLoader.loadNode("--- 1\n--- 2\n", file: "t") }
    }

    @Test func deepNestingIsRefusedNotCrashing() throws {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: YAMLError.self) { try YAMLLoader.loadNode(deep, file: "t") }
    }

    @Test func loadFileReportsMissingFile() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadFile("/nonexistent/x.yml") }
        #expect(error.description.hasPrefix("/nonexistent/x.yml: could not read the file"))
    }
}

@Suite struct YAMLErrorHintTests {
    func error(_ text: String) throws -> YAMLError {
        try #require(throws: YAMLError.self) { try YAMLLoader.loadNode(text, file: "/tmp/p.yml") }
    }

    @Test func unquotedColonInValueGetsAHint() throws {
        let e = try error("- hosts: localhost\n  vars:\n    a: b: c\n")
        #expect(e.message == "Colons in unquoted values must be followed by a non-space character.")
        #expect(e.location.line == 3 && e.location.column == 9)
        #expect(e.snippet?.lines.last == "          ^ column 9")
        #expect(e.help != nil)
    }

    @Test func unquotedTemplateGetsAHint() throws {
        let e = try error("- debug:\n    msg: {{ x }} y\n")
        #expect(e.message == "This may be an issue with missing quotes around a template block.")
        #expect(e.location.column == 10)
    }

    @Test func tabsGetAHint() throws {
        let e = try error("a:\n\tb: 1\n")
        #expect(e.message == "Tabs are usually invalid in YAML.")
        #expect(e.location == SourceLocation(file: "/tmp/p.yml", line: 2, column: 1))
    }

    @Test func mismatchedQuotesGetAHint() throws {
        let e = try error("- when: \"web\" in groups\n")
        #expect(e.message == "Values starting with a quote must end with the same quote.")
        #expect(e.location.column == 9)
    }

    @Test func plainSyntaxErrorKeepsLibyamlWording() throws {
        let e = try error("a: [1, 2\nb: 3\n")
        #expect(e.message == "While parsing a flow sequence did not find expected ',' or ']'.")
        #expect(e.help == nil)
    }
}

@Suite struct YAMLDuplicateKeyPolicyTests {
    @Test func duplicateKeysCanBeIgnoredOrRefused() throws {
        var warnings = 0
        let v = try YAMLLoader.loadValue("a: 1\na: 2\n", file: "t", duplicateKeys: .ignore) { _ in warnings += 1 }
        #expect(v == ["a": 2] && warnings == 0)
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadValue("a: 1\na: 2\n", file: "t", duplicateKeys: .error) }
        #expect(error.message == "Found duplicate mapping key 'a'.")
        #expect(error.location.line == 2 && error.location.column == 1)
    }
}

@Suite struct YAMLStreamErrorTests {
    @Test func secondDocumentIsRefusedAtItsStart() throws {
        let text = "- hosts: localhost\n  tasks: []\n---\n- hosts: all\n"
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadNode(text, file: "/tmp/two.yml") }
        #expect(error.description == """
            YAML parsing failed: Expected a single document in the stream but found another document.
            Origin: /tmp/two.yml:3:1

            1 - hosts: localhost
            2   tasks: []
            3 ---
              ^ column 1
            """)
    }

    @Test func errorAtEndOfStreamShowsNoSource() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLLoader.loadNode("a: 1\nb: [1,\n", file: "/tmp/eof.yml") }
        #expect(error.description == """
            YAML parsing failed: While parsing a flow node did not find expected node content.
            Origin: /tmp/eof.yml:3:1

            (source not shown: file truncated)
            """)
    }
}

@Suite struct YAMLVaultWalkTests {
    @Test func vaultValuesCanBeReplacedWhileWalking() throws {
        let text = "a: 1\nb:\n  - !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n    3031\n"
        let node = try #require(try YAMLLoader.loadNode(text, file: "t"))
        #expect(node.containsVault)
        let v = node.value(replacingVault: { _ in "decrypted" })
        #expect(v == ["a": 1, "b": ["decrypted"]])
        #expect(!(try #require(node["a"])).containsVault)
    }
}
