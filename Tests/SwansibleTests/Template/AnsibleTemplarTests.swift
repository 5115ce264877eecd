import Foundation
import Testing
@testable import Swansible
import Jinja

/// Ansible's templating rules that the differential corpus cannot reach (hostvars, overrides,
/// unsafe values, omit, error locations, lookups on files).
@Suite struct AnsibleTemplarTests {
    func templar(_ vars: ValueDict, hosts: [String: StaticTemplateVariables] = [:], options: TemplarOptions = .init()) -> AnsibleTemplar {
        AnsibleTemplar(variables: StaticTemplateVariables(vars, hosts: hosts), options: options)
    }

    @Test func loneExpressionKeepsNativeType() throws {
        let t = templar(["n": 3, "l": [1, 2]])
        #expect(try t.template("{{ n }}") == .int(3))
        #expect(try t.template("{{ l }}") == .list([1, 2]))
        #expect(try t.template("{{ n > 1 }}") == .bool(true))
        #expect(try t.template("n={{ n }}") == .string("n=3"))
        #expect(try t.template(["a": "{{ n }}", "b": ["{{ l | length }}"]]) == ["a": 3, "b": [2]])
    }

    @Test func variablesAreTemplatedLazilyAndRecursively() throws {
        let t = templar(["a": "{{ b }}-x", "b": "{{ c | upper }}", "c": "deep", "broken": "{{ nope }}"])
        #expect(try t.template("{{ a }}") == .string("DEEP-x"))
        // an unused broken variable does not matter
        #expect(try t.template("{{ c }}") == .string("deep"))
    }

    @Test func selfReferenceIsAClearError() throws {
        let t = templar(["a": "{{ b }}", "b": "{{ a }}"])
        do {
            _ = try t.template("{{ a }}")
            Issue.record("expected a recursion error")
        } catch let e as TemplateError {
            #expect(e.kind == .recursion)
            #expect(e.message.contains("'a'"))
        }
    }

    @Test func undefinedErrorNamesVariableAndExpression() throws {
        let t = templar(["a": "{{ missing }}"])
        do {
            _ = try t.template("x {{ a }}")
            Issue.record("expected an undefined error")
        } catch let e as TemplateError {
            #expect(e.kind == .undefined)
            #expect(e.message.hasPrefix("'missing' is undefined"))
            #expect(e.message.contains("variable 'a'"))
            #expect(e.expression == "x {{ a }}")
            #expect(e.place?.column == 6)
        }
        do {
            _ = try t.template("{{ d.nokey }}")
        } catch let e as TemplateError {
            #expect(e.message == "'d' is undefined")
        }
    }

    @Test func attributeErrorSaysWhichObject() throws {
        let t = templar(["d": ["k": 1]])
        do {
            _ = try t.template("{{ d.zz }}")
            Issue.record("expected an error")
        } catch let e as TemplateError {
            #expect(e.message == "object of type 'dict' has no attribute 'zz'")
        }
    }

    @Test func unsafeStringsAreNeverTemplated() throws {
        let t = templar(["u": .unsafe("{{ secret }}")])
        #expect(try t.template("{{ u }}") == .unsafe("{{ secret }}"))
        #expect(try t.template(.unsafe("{{ u }}")) == .unsafe("{{ u }}"))
    }

    @Test func overridesAreFinalValues() throws {
        let t = templar(["item": "raw"]).adding(["item": "{{ not templated }}", "x": 5])
        #expect(try t.template("{{ item }}") == .string("{{ not templated }}"))
        #expect(try t.evaluate("x + 1") == .int(6))
    }

    @Test func omitIsAPlaceholder() throws {
        let t = templar([:])
        #expect(try t.template("{{ omit }}") == .string(AnsibleTemplar.omit))
        #expect(try t.template("{{ undefined_thing | default(omit) }}") == .string(AnsibleTemplar.omit))
    }

    @Test func hostvarsAreTemplatedInTheirHostContext() throws {
        let web = StaticTemplateVariables(["ansible_host": "10.0.0.{{ octet }}", "octet": 7, "ansible_env": ["HOME": "/root"]])
        let t = templar(["octet": 1], hosts: ["web": web])
        #expect(try t.template("{{ hostvars['web']['ansible_host'] }}") == .string("10.0.0.7"))
        #expect(try t.template("{{ hostvars.web.ansible_env.HOME }}") == .string("/root"))
        #expect(try t.template("{{ hostvars['nohost'] is defined }}") == .bool(false))
        #expect(try t.template("{{ ['web'] | map('extract', hostvars, 'octet') | list }}") == .list([7]))
    }

    @Test func conditionsAcceptBareAndWrappedExpressions() throws {
        let t = templar(["s": "yes", "n": 0, "l": [1]])
        #expect(try t.evaluateCondition("s == 'yes'"))
        #expect(try t.evaluateCondition("{{ s == 'yes' }}"))
        #expect(try t.evaluateCondition("s"))          // truthy string, like ALLOW_BROKEN_CONDITIONALS
        #expect(try !t.evaluateCondition("n"))
        #expect(try t.evaluateCondition("l | length == 1"))
        #expect(throws: TemplateError.self) { try t.evaluateCondition("nope") }
    }

    @Test func templateFilesKeepTrailingNewlinesAndHonourOverrides() throws {
        let t = templar(["x": 1])
        #expect(try t.renderFile("{% if x %}\nyes\n{% endif %}\n", path: "a.j2", extraVariables: [:]) == "yes\n")
        #expect(try t.renderFile("a\n\n\n", path: "a.j2", extraVariables: [:]) == "a\n\n\n")
        #expect(try t.renderFile("#jinja2: trim_blocks: False\n{% if x %}\nyes{% endif %}", path: "a.j2", extraVariables: [:]) == "\nyes")
        #expect(try t.renderFile("{{ template_host }}", path: "a.j2", extraVariables: ["template_host": "h1"]) == "h1")
        #expect(try t.renderFile("{{ ansible_managed }}", path: "a.j2", extraVariables: [:]) == "Ansible managed")
        #expect(throws: TemplateError.self) { try t.renderFile("#jinja2: block_start_string: '[%'\nx", path: "a.j2", extraVariables: [:]) }
    }

    @Test func fileLookupsAndIncludesUseSearchPaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-templar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("files"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "secret-data\n".write(to: dir.appendingPathComponent("files/key.txt"), atomically: true, encoding: .utf8)
        try "hello {{ who }}\n".write(to: dir.appendingPathComponent("templates/greet.j2"), atomically: true, encoding: .utf8)
        try "{% macro m(x) %}<{{ x }}>{% endmacro %}".write(to: dir.appendingPathComponent("templates/macros.j2"), atomically: true, encoding: .utf8)
        let t = templar(["who": "world"], options: TemplarOptions(searchPaths: [dir.path]))
        #expect(try t.template("{{ lookup('file', 'key.txt') }}") == .string("secret-data"))
        #expect(try t.template("{{ lookup('template', 'greet.j2') }}") == .string("hello world\n"))
        #expect(try t.template("{{ lookup('first_found', ['nope.txt', 'key.txt']) }}") == .string(dir.appendingPathComponent("files/key.txt").path))
        #expect(try t.template("{{ query('fileglob', '*.txt') | length }}") == .int(1))
        #expect(try t.renderFile("{% include 'greet.j2' %}!", path: dir.appendingPathComponent("main.j2").path, extraVariables: [:]) == "hello world!")
        #expect(try t.renderFile("{% from 'macros.j2' import m %}{{ m(1) }}", path: "x.j2", extraVariables: [:]) == "<1>")
        #expect(throws: TemplateError.self) { try t.template("{{ lookup('file', 'absent.txt') }}") }
    }

    @Test func setFactStyleMutationWorks() throws {
        let t = templar(["base": [1]])
        #expect(try t.template("{% set l = base %}{% set _ = l.append(2) %}{{ l }}") == .list([1, 2]))
        #expect(try t.template("{% set d = {} %}{% set _ = d.update({'k': base}) %}{{ d.k }}") == .list([1]))
    }

    @Test func fromYAMLReadsYAMLOneOne() throws {
        #expect(try templar(["y": "a: yes\nb: [1, 0x10]"]).template("{{ y | from_yaml }}") == .dict(["a": true, "b": [1, 16]]))
        #expect(try templar([:]).template("{{ '[1, 2]' | from_yaml }}") == .list([1, 2]))
    }
}

extension AnsibleTemplarTests {
    @Test func textBuiltFromUnsafeValuesStaysUnsafe() throws {
        let t = templar(["u": .unsafe("{{ secret }}"), "s": "plain"])
        #expect(try t.template("x{{ u }}") == .unsafe("x{{ secret }}"))
        #expect(try t.template("x{{ s }}") == .string("xplain"))
    }
}

extension AnsibleTemplarTests {
    @Test func withLoopsRunLookupsDirectly() throws {
        let t = templar(["users": [["name": "a", "keys": ["k1", "k2"]]]])
        #expect(try t.lookup("items", terms: [[1, 2], 3]) == [1, 2, 3])
        #expect(try t.lookup("dict", terms: [["a": 1]]) == [["key": "a", "value": 1]])
        #expect(try t.lookup("sequence", terms: ["start=1 end=3 format=n%d"]) == ["n1", "n2", "n3"])
        #expect(try t.lookup("ansible.builtin.nested", terms: [[1, 2], ["x"]]) == [[1, "x"], [2, "x"]])
        #expect(try t.lookup("subelements", terms: [try t.template("{{ users }}"), "keys"]).count == 2)
        #expect(throws: TemplateError.self) { try t.lookup("nosuch", terms: []) }
        #expect(AnsibleTemplar.lookupNames.contains("first_found"))
    }

    @Test func passwordLookupStoresAndReusesThePassword() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swansible-pw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = templar([:], options: TemplarOptions(searchPaths: [dir.path]))
        let first = try t.template("{{ lookup('password', 'creds/db length=15 chars=ascii_letters') }}")
        let second = try t.template("{{ lookup('password', 'creds/db length=15 chars=ascii_letters') }}")
        #expect(first.stringValue?.count == 15)
        #expect(first == second)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("creds/db").path))
        #expect(throws: TemplateError.self) { try t.template("{{ lookup('password', '/dev/null bogus=1') }}") }
    }
}

extension AnsibleTemplarTests {
    @Test func setCopiesOfTemplatedListsCanBeMutated() throws {
        let t = templar(["n": 1, "l": ["{{ n }}"]])
        #expect(try t.template("{% set x = l %}{% set _ = x.append(2) %}{{ x }}") == .list([1, 2]))
    }
}
