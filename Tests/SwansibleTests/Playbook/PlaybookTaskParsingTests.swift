import Testing
@testable import Swansible

@Suite struct PlaybookTaskParsingTests {
    @Test func moduleMappingIsTheArguments() throws {
        let task = try loadOneTask(["name": "copy it", "copy": ["src": "a", "dest": "/b", "mode": 384]])
        #expect(task.action == "copy")
        #expect(task.args == ["src": "a", "dest": "/b", "mode": 384])
        #expect(task.name == "copy it")
    }

    @Test func keyValueTextIsSplitIntoStringArguments() throws {
        let task = try loadOneTask(["file": "path={{ peers_dir }} state=directory mode=0755"])
        #expect(task.args == ["path": "{{ peers_dir }}", "state": "directory", "mode": "0755"])
    }

    @Test func freeFormModulesKeepTheirCommandLine() throws {
        let task = try loadOneTask(["shell": "chdir=/tmp echo a=b {{ x | default('y z') }} creates=/f"])
        #expect(task.args == ["chdir": "/tmp", "creates": "/f", "_raw_params": "echo a=b {{ x | default('y z') }}"])
    }

    @Test func argsKeywordIsOverriddenByTheModulesOwnArguments() throws {
        let task = try loadOneTask(["command": "openssl genrsa creates=ca-key.pem", "args": ["chdir": "/ssl", "creates": "x"]])
        #expect(task.args == ["chdir": "/ssl", "creates": "ca-key.pem", "_raw_params": "openssl genrsa"])
    }

    @Test func argsKeywordAsWholeTemplateBecomesVariableParams() throws {
        let task = try loadOneTask(["debug": nil, "args": "{{ opts }}"])
        #expect(task.args == ["_variable_params": "{{ opts }}"])
    }

    @Test func actionAndLocalActionForms() throws {
        let a = try loadOneTask(["action": "copy src=a dest=b"])
        #expect(a.action == "copy" && a.args == ["src": "a", "dest": "b"])
        #expect(a.keywords.delegateTo == nil)
        let l = try loadOneTask(["local_action": "command echo hi chdir=/x"])
        #expect(l.action == "command" && l.args == ["chdir": "/x", "_raw_params": "echo hi"])
        #expect(l.keywords.delegateTo == "localhost")
        let m = try loadOneTask(["action": ["module": "copy src=a", "dest": "b"]])
        #expect(m.action == "copy" && m.args == ["dest": "b", "src": "a"])
    }

    @Test func twoModulesConflictInDocumentOrder() {
        let e = playbookError { _ = try loadOneTask(["copy": "src=a dest=b", "file": "path=x"]) }
        #expect(e?.kind == .conflictingAction)
        #expect(e?.message == "conflicting action statements: copy, file")
        #expect(e?.location?.line == 2)
    }

    @Test func unknownKeyAloneIsAnUnresolvedModule() {
        let e = playbookError { _ = try loadOneTask(["name": "x", "foomod": "a=1"]) }
        #expect(e?.kind == .unresolvedModule)
        #expect(e?.message.hasPrefix("couldn't resolve module/action 'foomod'.") == true)
    }

    @Test func taskWithoutActionIsRejected() {
        let e = playbookError { _ = try loadOneTask(["name": "x", "when": true]) }
        #expect(e?.message == "no module/action detected in task.")
    }

    @Test func handlerKeywordOnATaskIsNotAValidAttribute() {
        let e = playbookError { _ = try loadOneTask(["debug": "msg=1", "listen": "x"]) }
        #expect(e?.message == "'listen' is not a valid attribute for a Task")
        let s = playbookError { _ = try loadOneTask(["debug": "msg=1", "static": true]) }
        #expect(s?.message == "'static' is not a valid attribute for a Task")
    }

    @Test func handlersTakeListen() throws {
        let items = try loadTasks([["name": "restart etcd", "service": "name=etcd state=restarted", "listen": "etcd"]],
                                  scope: testScope(isHandler: true))
        guard case .task(let h)? = items.first else { Issue.record("no handler"); return }
        #expect(h.isHandler && h.listen == ["etcd"])
    }

    @Test func nonStringActionValueIsRejected() {
        let e = playbookError { _ = try loadOneTask(["debug": 3]) }
        #expect(e?.message == "unexpected parameter type in action: <class 'int'>")
    }

    @Test func unbalancedQuotesNameTheArguments() {
        let e = playbookError { _ = try loadOneTask(["debug": "msg='oops"]) }
        #expect(e?.message == "Error loading tasks: failed at splitting arguments, either an unbalanced jinja2 block or quotes: msg='oops")
    }
}
