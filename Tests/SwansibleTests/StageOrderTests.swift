import Foundation
import Testing

/// The engine target's folders are pipeline stages; a stage may use the stages before it,
/// never those after it. The compiler enforces that between targets; inside the `Swansible`
/// target this test does: it reads the sources and fails on a type of a later stage named in
/// an earlier one (comments and string literals aside; a stage's own types shadow others').
@Suite struct StageOrderTests {
    static let stages = ["Loader", "Config", "Inventory", "Playbook", "Template", "Vars", "Connection", "Output", "Modules", "Executor", "CLI"]
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Swansible")

    struct Stage {
        var code: [(file: String, text: String)] = []
        /// Types declared at the top level (what other stages can name).
        var exported: Set<String> = []
        /// Every type declared, nested ones too (they shadow other stages' names).
        var declared: Set<String> = []
    }

    static func load() throws -> [String: Stage] {
        var result: [String: Stage] = [:]
        let fm = FileManager.default
        let folders = try fm.contentsOfDirectory(atPath: sources.path).filter { !$0.hasSuffix(".swift") }
        for folder in folders {
            var stage = Stage()
            let root = sources.appendingPathComponent(folder)
            for case let relative as String in fm.enumerator(atPath: root.path) ?? NSEnumerator() where relative.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
                let code = SwiftCode.withoutCommentsAndStrings(text)
                stage.code.append((folder + "/" + relative, code))
                for line in code.split(separator: "\n") {
                    guard let name = SwiftCode.declaredType(String(line)) else { continue }
                    stage.declared.insert(name)
                    if !line.hasPrefix(" ") { stage.exported.insert(name) }
                }
            }
            result[folder] = stage
        }
        return result
    }

    @Test func everyFolderIsAKnownStage() throws {
        let folders = Set(try Self.load().keys)
        #expect(folders == Set(Self.stages), "add a new stage folder to StageOrderTests.stages, in pipeline order")
    }

    @Test func noStageNamesATypeOfALaterStage() throws {
        let stages = try Self.load()
        var violations: [String] = []
        for (index, name) in Self.stages.enumerated() {
            guard let stage = stages[name] else { continue }
            for later in Self.stages[(index + 1)...] {
                let foreign = (stages[later]?.exported ?? []).subtracting(stage.declared)
                for (file, code) in stage.code {
                    let used = SwiftCode.identifiers(code).intersection(foreign)
                    if !used.isEmpty { violations.append("\(file) uses \(later)'s \(used.sorted().joined(separator: ", "))") }
                }
            }
        }
        #expect(violations.isEmpty, Comment(rawValue: "backward dependencies:\n" + violations.joined(separator: "\n")))
    }

    @Test func theCheckSeesThroughCommentsAndStringsOnly() {
        let code = SwiftCode.withoutCommentsAndStrings("let a = Foo() // Bar\nlet b = \"Baz \\(x)\" /* Qux */\nlet c = \"\"\"\n  Quux\n  \"\"\"\n")
        #expect(SwiftCode.identifiers(code).isSuperset(of: ["Foo", "a", "b", "c"]))
        #expect(SwiftCode.identifiers(code).isDisjoint(with: ["Bar", "Baz", "Qux", "Quux"]))
        #expect(SwiftCode.declaredType("public final class Renderer: X {") == "Renderer")
        #expect(SwiftCode.declaredType("    enum Kind: String {") == "Kind")
        #expect(SwiftCode.declaredType("let structure = 1") == nil)
    }
}

/// Just enough of Swift's lexical structure for `StageOrderTests`.
enum SwiftCode {
    /// The text with comments and string literals blanked (line breaks kept).
    static func withoutCommentsAndStrings(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func at(_ j: Int, _ c: Unicode.Scalar) -> Bool { j < s.count && s[j] == c }
        while i < s.count {
            if at(i, "/") && at(i + 1, "/") {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else if at(i, "/") && at(i + 1, "*") {
                i += 2
                while i < s.count && !(at(i, "*") && at(i + 1, "/")) { if s[i] == "\n" { out.append("\n") }; i += 1 }
                i += 2
            } else if at(i, "\"") {
                let multiline = at(i + 1, "\"") && at(i + 2, "\"")
                i += multiline ? 3 : 1
                while i < s.count {
                    if s[i] == "\\" { i += 2; continue }
                    if multiline ? (at(i, "\"") && at(i + 1, "\"") && at(i + 2, "\"")) : s[i] == "\"" { break }
                    if s[i] == "\n" { out.append("\n") }
                    i += 1
                }
                i += multiline ? 3 : 1
                out.append(" ")
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    static func identifiers(_ code: String) -> Set<String> {
        Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
    }

    /// The type a line declares (`struct X`, `final class X`, `protocol X`...), if any.
    static func declaredType(_ line: String) -> String? {
        let words = line.split { $0 == " " || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "(" }.map(String.init)
        let modifiers: Set<String> = ["public", "package", "internal", "private", "fileprivate", "final", "indirect", "open"]
        var index = 0
        while index < words.count, modifiers.contains(words[index]) || words[index].hasPrefix("@") { index += 1 }
        guard index + 1 < words.count, ["struct", "enum", "class", "protocol", "actor", "typealias"].contains(words[index]) else { return nil }
        return words[index + 1]
    }
}
