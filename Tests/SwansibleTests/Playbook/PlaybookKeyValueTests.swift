import Testing
@testable import Swansible

/// `key=value` splitting, pinned to what ansible-core's splitter gives (the conformance suite
/// compares a larger corpus against the live oracle).
@Suite struct PlaybookKeyValueTests {
    @Test func quotesAndTemplatesStayTogether() throws {
        #expect(try KeyValueArguments.split(#"msg="hello world" x={{ a  b }} y"#) == [#"msg="hello world""#, "x={{ a  b }}", "y"])
        #expect(try KeyValueArguments.split("echo {% if x %} y {% endif %}") == ["echo", "{% if x %}", "y", "{% endif %}"])
    }

    @Test func spacingAndNewlinesAreKeptOnTheArgumentTheyFollow() throws {
        #expect(try KeyValueArguments.split("a  b") == ["a ", "b"])
        #expect(try KeyValueArguments.split("a\nb c") == ["a\n", "b", "c"])
        #expect(try KeyValueArguments.split("a \\\nb") == ["a", "b"])
        #expect(try KeyValueArguments.split(" lead") == ["lead"])
    }

    @Test func valuesLoseQuotesAndDecodeEscapes() throws {
        #expect(try KeyValueArguments.parse(#"a="b c" d='e' f=\x41 g=\u00e9 h="x\"y""#)
            == ["a": "b c", "d": "e", "f": "A", "g": "é", "h": #"x"y"#])
        #expect(try KeyValueArguments.parse(#"a\=b c"#) == ["_raw_params": "a=b c"])
        #expect(try KeyValueArguments.parse("a= b") == ["a": "", "_raw_params": "b"])
    }

    @Test func freeFormKeepsAllButItsOwnKeys() throws {
        #expect(try KeyValueArguments.parse("chdir=/tmp echo a=b creates=x", keepRaw: true)
            == ["chdir": "/tmp", "creates": "x", "_raw_params": "echo a=b"])
    }

    @Test func unbalancedInputIsAnError() {
        for text in ["x='a", "x={{ a", "x={% a"] {
            #expect(throws: KeyValueArguments.UnbalancedError.self) { try KeyValueArguments.split(text) }
        }
    }
}
