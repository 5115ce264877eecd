import Foundation
import Testing
@testable import Swansible

/// Records what the template module hands to the templar.
final class RecordingTemplar: TemplateRendering, @unchecked Sendable {
    private let lock = NSLock()
    private var _extra: ValueDict = [:]
    var extra: ValueDict { lock.withLock { _extra } }
    let inner: FakeTemplar

    init(_ inner: FakeTemplar) { self.inner = inner }
    func template(_ value: Value) throws -> Value { try inner.template(value) }
    func evaluate(_ expression: String) throws -> Value { try inner.evaluate(expression) }
    func evaluateCondition(_ expression: String) throws -> Bool { try inner.evaluateCondition(expression) }
    func renderFile(_ source: String, path: String, extraVariables: ValueDict) throws -> String {
        lock.withLock { _extra = extraVariables }
        return try inner.renderFile(source, path: path, extraVariables: extraVariables)
    }
}

@Suite struct TemplateModuleTests {
    @Test func rendersFromTemplatesDirectoryAndIsIdempotent() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("templates"), withIntermediateDirectories: true)
        try dir.write("templates/etcd.env.j2", "ETCD_NAME={{ inventory_hostname }}\nDEST={{ template_destpath }}\n")
        let templar = RecordingTemplar(FakeTemplar(variables: ["inventory_hostname": "etcd-01"]))
        let context = ModuleContext(hostName: "etcd-01", connection: LocalConnection(), searchPaths: [dir.path], templar: templar)
        let args: ValueDict = ["src": "etcd.env.j2", "dest": .string(dir.file("out.env")), "mode": "0644"]
        let first = try await ModuleRegistry.run("template", arguments: args, in: context)
        #expect(first.changed && !first.failed, "\(first.registered)")
        #expect(try dir.read("out.env") == "ETCD_NAME=etcd-01\nDEST=\(dir.file("out.env"))\n")
        #expect(templar.extra["template_path"] == .string(dir.file("templates/etcd.env.j2")))
        #expect(templar.extra["template_host"] != nil && templar.extra["template_uid"] != nil && templar.extra["template_run_date"] != nil)
        let second = try await ModuleRegistry.run("template", arguments: args, in: context)
        #expect(!second.changed, "\(second.registered)")
    }

    @Test func newlineSequenceIsApplied() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("t.j2", "a\nb\n")
        _ = try await runLocal("template", ["src": .string(dir.file("t.j2")), "dest": .string(dir.file("o")), "newline_sequence": "\r\n"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("o"))) == Data("a\r\nb\r\n".utf8))
    }

    @Test func missingTemplateAndRenderErrorsFail() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let missing = try await runLocal("template", ["src": "nope.j2", "dest": .string(dir.file("o"))], searchPaths: [dir.path])
        #expect(missing.failed)
        #expect(missing.message?.contains("\(dir.path)/templates/nope.j2") == true)
    }

    @Test func checkModeRendersButDoesNotWrite() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("t.j2", "x\n")
        let r = try await runLocal("template", ["src": .string(dir.file("t.j2")), "dest": .string(dir.file("o"))], checkMode: true)
        #expect(r.changed)
        #expect(!dir.exists("o"))
    }
}
