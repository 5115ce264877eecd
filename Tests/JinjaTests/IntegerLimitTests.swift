import Testing
@testable import Jinja

/// Integers at the edges of 64 bits: Python would give a big integer, the engine a `limit` error,
/// never a trap (each case was found by `swansible-fuzz jinja` or while fixing what it found).
@Suite struct IntegerLimitTests {
    func render(_ s: String) throws -> String { try JinjaTemplate(s).render([:]) }

    func expectError(_ template: String, kind: TemplateError.Kind) {
        do {
            let output = try render(template)
            Issue.record("rendered \(output.debugDescription) for \(template)")
        } catch let e as TemplateError {
            #expect(e.kind == kind, "\(template): \(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func characterCodesOutsideUnicodeAreErrors() throws {
        expectError("{{ '%c' | format(429496729665) }}", kind: .type)
        expectError("{{ '%c' % -1 }}", kind: .type)
        #expect(try render("{{ '%c' % 65 }}") == "A")
    }

    @Test func theSmallestIntegerFormatsAndNegatesSafely() throws {
        #expect(try render("{{ '%d' % (-9223372036854775807 - 1) }}") == "-9223372036854775808")
        #expect(try render("{{ '{:x}'.format(-9223372036854775807 - 1) }}") == "-8000000000000000")
        #expect(try render("{{ (-9223372036854775807 - 1) % -1 }}") == "0")
        expectError("{{ -(-9223372036854775807 - 1) }}", kind: .limit)
        expectError("{{ (-9223372036854775807 - 1) // -1 }}", kind: .limit)
        expectError("{{ (-9223372036854775807 - 1) | abs }}", kind: .limit)
    }

    @Test func rangesAndSlicesNearTheLimitsCountWithoutOverflow() throws {
        expectError("{{ range(-9223372036854775807, 9223372036854775807) | length }}", kind: .limit)
        #expect(try render("{{ range(9223372036854775800, 9223372036854775807, 5) | list }}") == "[9223372036854775800, 9223372036854775805]")
        #expect(try render("{{ range(5, -9223372036854775807, -9223372036854775807) | list }}") == "[5, -9223372036854775802]")
        #expect(try render("{{ 'abc'[1::9223372036854775807] }}") == "b")
        #expect(try render("{{ 'abcdef'[::-9223372036854775807] }}") == "f")
        #expect(try render("{{ [1, 2, 3][::-9223372036854775807 - 1] }}") == "[3]")
    }
}

extension IntegerLimitTests {
    /// Found by swansible-fuzz jinja (seed 32): `{-1}` indexed the arguments with -1 and trapped.
    @Test func formatFieldsThatAreNotDigitsAreKeywords() throws {
        expectError("{{ '{-1!r}'.format('q') }}", kind: .type)
        expectError("{{ '{99999999999999999999}'.format('q') }}", kind: .type)
        #expect(try render("{{ '{1}{0}'.format('q', 'r') }}") == "rq")
    }
}

extension IntegerLimitTests {
    /// Found by swansible-fuzz jinja (seed 33): a precision beyond a C int overflowed the formatter.
    @Test func hugePrecisionsAreErrors() throws {
        expectError("{{ '{:08.42949672963f}'.format(-3.5) }}", kind: .type)
        expectError("{{ '%.42949672963f' % 1.5 }}", kind: .type)
        expectError("{{ '%.100000000f' % 1.5 }}", kind: .limit)
        #expect(try render("{{ '{:08.3f}'.format(-3.5) }}") == "-003.500")
    }
}

extension IntegerLimitTests {
    /// Found by swansible-fuzz jinja (seed 34): `maxsplit + 1` overflowed.
    @Test func theLargestMaxsplitSplitsEverywhere() throws {
        #expect(try render("{{ 'a,b'.split(',', maxsplit=9223372036854775807) }}") == "['a', 'b']")
        #expect(try render("{{ 'a,b,c'.rsplit(',', 9223372036854775807) }}|{{ 'a b'.split(None, 9223372036854775807) }}") == "['a', 'b', 'c']|['a', 'b']")
    }
}
