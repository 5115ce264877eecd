import Foundation
@testable import Swansible
import SwansibleYAML

/// Builds YAML node trees by hand for loader tests: every node gets its own line, in
/// document order, so locations in errors can be checked.
struct NodeBuilder {
    var file: String
    private var line = 0

    init(file: String = "/play/tasks.yml") { self.file = file }

    mutating func node(_ value: Value) -> YAMLNode {
        line += 1
        let at = SourceLocation(file: file, line: line, column: 3)
        switch value {
        case .list(let items):
            return YAMLNode(kind: .sequence(items.map { node($0) }), start: at, end: at)
        case .dict(let d):
            let pairs = d.map { key, v -> YAMLPair in
                let keyNode = YAMLNode(kind: .scalar(.string(key)), start: at, end: at)
                return YAMLPair(key: key, keyNode: keyNode, value: node(v))
            }
            return YAMLNode(kind: .mapping(pairs), start: at, end: at)
        default:
            return YAMLNode(kind: .scalar(value), start: at, end: at)
        }
    }
}

/// Known modules in loader tests.
let testModules: Set<String> = [
    "debug", "command", "shell", "copy", "file", "template", "set_fact", "service", "systemd", "assert",
    "ansible.builtin.debug", "ansible.builtin.copy", "include_vars", "raw", "script", "uri", "wait_for", "stat", "fail",
]

/// The loader tests' stand-in for the module registry: `testModules`, of which command,
/// shell, raw and script take a command line as free-form text (as their modules declare).
struct TestActions: ActionCatalog {
    static let commandLineModules: Set<String> = ["command", "shell", "raw", "script"]

    func traits(ofModule name: String) -> ActionTraits? {
        guard testModules.contains(name) else { return nil }
        return ActionTraits(freeFormIsCommandLine: Self.commandLineModules.contains(TaskAction.shortName(name)))
    }
}

func testLoader(readYAML: @escaping PlaybookLoader.YAMLReader = { _ in nil }) -> PlaybookLoader {
    PlaybookLoader(actions: TestActions(), readYAML: readYAML)
}

func testScope(file: String = "/play/tasks.yml", keywords: KeywordValues = .init(), isHandler: Bool = false) -> LoadScope {
    LoadScope(keywords: keywords, vars: [:], role: nil, file: file, playbookDir: "/play", chain: [file],
              isHandler: isHandler, session: PlaySession())
}

/// Loads a task list built from `value` with hand-built nodes.
func loadTasks(_ value: Value, scope: LoadScope = testScope()) throws -> [TaskItem] {
    var builder = NodeBuilder()
    return try testLoader().loadTaskList(builder.node(value), what: "tasks", scope: scope)
}

func loadOneTask(_ value: ValueDict) throws -> PlaybookTask {
    let items = try loadTasks(.list([.dict(value)]))
    guard case .task(let task)? = items.first else { throw PlaybookError(.malformed, "no task") }
    return task
}

/// The error thrown by `body`, or nil.
func playbookError(_ body: () throws -> Void) -> PlaybookError? {
    do { try body() } catch let e as PlaybookError { return e } catch { return nil }
    return nil
}
