import Foundation
import SwansibleYAML
import Testing
@testable import Swansible

/// `swansible doc`: every module documents itself and each of its arguments; the snippet, JSON
/// and list layouts are ansible-doc's.
@Suite struct ModuleDocsTests {
    static let moduleNames = ModuleRegistry.modules.map { $0.names[0] }

    func output(_ configure: (inout ModuleDocs) -> Void) -> (out: String, err: String, status: Int32) {
        var docs = ModuleDocs()
        configure(&docs)
        var out = "", err = ""
        let status = docs.run(write: { out += $0 }, warn: { err += "[WARNING]: \($0)\n" }, error: { err += "[ERROR]: \($0)\n" })
        return (out, err, status)
    }

    @Test(arguments: moduleNames)
    func everyRegisteredModuleIsDescribed(_ name: String) throws {
        let module = try #require(ModuleRegistry.module(named: name))
        let docs = module.documentation
        #expect(!docs.shortDescription.isEmpty, "\(name) has no short description")
        #expect(!docs.shortDescription.hasSuffix("."), "\(name): a short description is a title, without a full stop")
        #expect(!docs.description.isEmpty, "\(name) has no description")
        #expect(docs.file.hasPrefix("Swansible/") && docs.file != "Swansible/ModuleDocumentation.swift",
                "\(name): the documentation is declared in the module's own file")
        // The examples are tasks, and they use the module by one of its fully qualified names.
        let tasks = try #require(try YAMLLoader.loadValue(docs.examples, file: "\(name) examples").listValue, "\(name): examples are a list of tasks")
        let uses = tasks.filter { task in module.names.contains { task.dictValue?["ansible.builtin." + $0] != nil } }
        #expect(!uses.isEmpty, "\(name): no example uses it")
    }

    @Test(arguments: moduleNames)
    func everyDeclaredArgumentHasADescription(_ name: String) throws {
        let module = try #require(ModuleRegistry.module(named: name))
        let fragments = module.documentation.fragments
        for argument in module.spec.arguments + module.documentation.documentedOnly {
            let description = argument.description ?? fragments.lazy.compactMap { $0.descriptions[argument.name] }.first
            #expect(!(description ?? "").isEmpty, "\(name): argument \(argument.name) has no description")
        }
    }

    @Test func internalArgumentsAreHiddenAndTheFreeFormIsNamedAsInAnsibleDoc() throws {
        let command = try #require(ModuleRegistry.module(named: "command"))
        let names = ModuleDocs.documentedArguments(of: command).map(\.name)
        #expect(names.contains("free_form") && names.contains("chdir"))
        #expect(!names.contains { $0.hasPrefix("_") })
        let includeVars = try #require(ModuleRegistry.module(named: "include_vars"))
        #expect(ModuleDocs.documentedArguments(of: includeVars).map(\.name).contains("free-form"))
    }

    @Test func snippetIsATaskWithEachOptionAndItsDescription() {
        let result = output { $0.names = ["ansible.builtin.slurp"]; $0.format = .snippet }
        #expect(result.out == """
            - name: Read a file from the host, base64-encoded
              slurp:
                  src:                   # (required) File on the host to read.

            """)
        #expect(result.status == 0 && result.err.isEmpty)
    }

    @Test func snippetWrapsLongDescriptionsAsAnsibleDocDoes() {
        let out = output { $0.names = ["ping"]; $0.format = .snippet }.out
        // ansible-doc fills 50 columns counted from the comment's indentation on later lines.
        #expect(out == """
            - name: Check that the host answers
              ping:
                  data:                  # Value returned as `ping`; `crash` makes the module
                                         # fail, to test error
                                         # handling.

            """)
    }

    @Test func jsonHasAnsibleDocsShape() throws {
        let text = output { $0.names = ["ansible.legacy.slurp"]; $0.format = .json }.out
        let json = try Value(jsonText: text)
        let entry = try #require(json["ansible.legacy.slurp"], "keyed by the name as asked")
        #expect(entry.dictValue?.keys.sorted() == ["doc", "examples", "metadata", "return"])
        let doc = try #require(entry["doc"])
        #expect(doc["module"] == "slurp")
        #expect(doc["plugin_name"] == "ansible.builtin.slurp")
        #expect(doc["collection"] == "ansible.builtin")
        #expect(doc["has_action"] == false)
        #expect(doc["short_description"] == "Read a file from the host, base64-encoded")
        #expect(doc["attributes"]?["check_mode"]?["support"] == "full")
        #expect(doc["options"] == [
            "src": ["aliases": ["path"], "description": ["File on the host to read."], "required": true, "type": "path"],
        ])
        #expect(text.hasPrefix("{\n    \"ansible.legacy.slurp\": {\n        \"doc\": {"), "indented by 4, sorted keys, as ansible-doc")
    }

    @Test func jsonOptionsCarryDefaultsChoicesAndModeAsRaw() throws {
        let json = try Value(jsonText: output { $0.names = ["file"]; $0.format = .json }.out)
        let options = try #require(json["file"]?["doc"]?["options"])
        #expect(options["follow"]?["default"] == true)
        #expect(options["state"]?["choices"] == ["absent", "directory", "file", "hard", "link", "touch"])
        #expect(options["mode"]?["type"] == "raw")
        #expect(options["mode"]?["description"]?.listValue?.first?.stringValue?.isEmpty == false, "from the files fragment")
        #expect(options["_diff_peek"] == nil)
    }

    @Test func pageShowsOptionsAttributesNotesAndExamples() {
        let page = output { $0.names = ["raw"] }.out
        #expect(page.hasPrefix("> MODULE ansible.builtin.raw (Swansible/Raw.swift)\n\n  Sends the command line"))
        #expect(page.contains("\nOPTIONS (= indicates it is required):\n\n- executable  Shell to run"))
        #expect(page.contains("\n= free_form  The command line, given to the host's shell as written.\n        type: str\n"))
        #expect(page.contains("\nATTRIBUTES:\n\n        `check_mode:`\n"))
        #expect(page.contains("        support: none\n"), "raw does not run in check mode")
        #expect(page.contains("\nNOTES:\n      * Not run in check mode"))
        #expect(page.contains("\nEXAMPLES:\n- name: Look for a Python interpreter"))
        #expect(page.hasSuffix("\n\n"))
    }

    @Test func listIsSortedWithShortDescriptionsInColumns() throws {
        let lines = output { $0.list = true }.out.split(separator: "\n").map(String.init)
        let names = lines.map { String($0.prefix { $0 != " " }) }
        #expect(names == names.sorted())
        #expect(names.contains("ansible.builtin.copy") && names.contains("ansible.builtin.systemd_service"))
        let copy = lines.first { $0.hasPrefix("ansible.builtin.copy ") }
        #expect(copy?.split(separator: " ", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) == "Copy files to the host")
        // Padded like ansible-doc: the names to the longest, the descriptions to the line.
        #expect(lines.allSatisfy { $0.count >= 79 - 5 })
        let described = output { $0.list = true; $0.format = .json }.out
        #expect(try Value(jsonText: described)["ansible.builtin.ping"] == "Check that the host answers")
    }

    @Test func unknownNamesWarnAndAMissingNameIsAnError() {
        let unknown = output { $0.names = ["nosuch", "ping"] }
        #expect(unknown.err == "[WARNING]: nosuch was not found\n")
        #expect(unknown.status == 0)
        #expect(unknown.out.hasPrefix("> MODULE ansible.builtin.ping"))
        let none = output { _ in }
        #expect(none.err == "[ERROR]: Missing name(s), incorrect options passed for detailed documentation.\n")
        #expect(none.status == 5)
    }

    @Test func fillWrapsLikePythonsTextwrap() {
        #expect(ModuleDocText.fill("aaa bbb ccc", width: 7) == "aaa bbb\nccc")
        #expect(ModuleDocText.fill("averyveryverylongword x", width: 5, initial: "> ", subsequent: "  ") == "> averyveryverylongword\n  x")
        #expect(ModuleDocText.fill("a b", width: 10, initial: "", subsequent: "", initialExtra: 8) == "a\nb")
    }
}
