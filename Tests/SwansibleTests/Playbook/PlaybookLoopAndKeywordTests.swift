import Testing
@testable import Swansible

@Suite struct PlaybookLoopAndKeywordTests {
    @Test func withLookupKeepsNameAndRawTerms() throws {
        let task = try loadOneTask(["debug": "msg={{ item }}", "with_items": "{{ groups['etcd'] }}"])
        #expect(task.loop?.source == .lookup(name: "items", terms: "{{ groups['etcd'] }}"))
        let d = try loadOneTask(["debug": "msg=x", "with_subelements": ["{{ users }}", "keys"]])
        #expect(d.loop?.source == .lookup(name: "subelements", terms: ["{{ users }}", "keys"]))
    }

    @Test func loopWithControl() throws {
        let task = try loadOneTask(["debug": "msg=x", "loop": [1, 2], "loop_control": ["loop_var": "w", "label": "{{ w }}"]])
        #expect(task.loop?.source == .loop([1, 2]))
        #expect(task.loop?.control.loopVar == "w")
        #expect(task.loop?.control.label == "{{ w }}")
        #expect(task.keywords["loop_control"] == nil)
    }

    @Test func twoLoopsAreADuplicateLoop() {
        let e = playbookError { _ = try loadOneTask(["debug": "msg=1", "loop": [1], "with_items": [2]]) }
        #expect(e?.message == "duplicate loop in task: items")
    }

    @Test func unknownLoopControlKeyIsRejected() {
        let e = playbookError { _ = try loadOneTask(["debug": "msg=1", "loop": [1], "loop_control": ["foo": 1]]) }
        #expect(e?.message == "'foo' is not a valid attribute for a LoopControl")
    }

    @Test func tagsAcceptListsAndCommaStringsOnly() throws {
        #expect(try loadOneTask(["debug": nil, "tags": "a, b,c"]).tags == ["a", "b", "c"])
        #expect(try loadOneTask(["debug": nil, "tags": ["x", 5]]).tags == ["x", "5"])
        for bad: Value in [7, true, ["a": 1]] {
            let e = playbookError { _ = try loadOneTask(["debug": nil, "tags": bad]) }
            #expect(e?.message == "tags must be specified as a list", "tags: \(bad.pythonRepr)")
        }
    }

    @Test func conditionsBecomeLists() throws {
        let task = try loadOneTask(["debug": nil, "when": "x is defined", "changed_when": false,
                                    "failed_when": ["r.rc != 0", "r.rc != 4"]])
        #expect(task.keywords.when == ["x is defined"])
        #expect(task.keywords["changed_when"] == [false])
        #expect(task.keywords["failed_when"] == ["r.rc != 0", "r.rc != 4"])
    }

    @Test func blockKeywordsReachEveryPartOfTheBlock() throws {
        let items = try loadTasks([[
            "block": [["debug": "msg=1", "when": "b", "become": false]],
            "rescue": [["debug": "msg=2"]],
            "always": [["debug": "msg=3", "tags": "t"]],
            "when": "a", "become": true, "tags": ["blk"], "ignore_errors": true, "vars": ["v": 1],
        ]], scope: testScope(keywords: KeywordValues(["tags": ["play"], "become_user": "root"])))
        guard case .block(let block)? = items.first else { Issue.record("no block"); return }
        let tasks = TaskItem.block(block).allTasks
        #expect(tasks.count == 3)
        #expect(tasks[0].keywords.when == ["a", "b"])
        #expect(tasks[0].keywords["become"] == false)
        #expect(tasks[1].keywords["become"] == true)
        #expect(tasks[1].keywords["become_user"] == "root")
        #expect(tasks[2].tags == ["play", "blk", "t"])
        #expect(tasks.allSatisfy { $0.keywords["ignore_errors"] == true && $0.vars == ["v": 1] })
    }

    @Test func blockRejectsTaskKeywords() {
        let e = playbookError { _ = try loadTasks([["block": [], "register": "x"]]) }
        #expect(e?.message == "'register' is not a valid attribute for a Block")
        let d = playbookError { _ = try loadTasks([["debug": "msg=1", "rescue": []]]) }
        #expect(d?.message == "'debug' is not a valid attribute for a Block")
    }

    @Test func malformedTaskListsAreReported() {
        let e = playbookError { _ = try loadTasks(["debug": "msg=1"]) }
        #expect(e?.message.hasPrefix("A malformed block was encountered while loading tasks: {'debug': 'msg=1'} should be a list or None") == true)
        let s = playbookError { _ = try loadTasks(["debug"]) }
        #expect(s?.message.hasPrefix("A malformed block was encountered while loading a block: The ds ('debug')") == true)
    }

    @Test func displayNamesFollowAnsible() throws {
        let named = try loadOneTask(["name": "Install", "copy": nil])
        #expect(named.displayName == "Install" && named.listName == "Install")
        let unnamed = try loadOneTask(["ansible.builtin.debug": "msg=1"])
        #expect(unnamed.displayName == "ansible.builtin.debug" && unnamed.shortAction == "debug")
    }

    @Test func keywordTableKnowsEveryOwner() {
        #expect(PlaybookKeyword.table(for: .play)["serial"] != nil)
        #expect(PlaybookKeyword.table(for: .task)["serial"] == nil)
        #expect(PlaybookKeyword.table(for: .handler)["listen"] != nil)
        #expect(PlaybookKeyword.table(for: .role)["when"] != nil)
        #expect(PlaybookKeyword.table(for: .play)["when"] == nil)
        #expect(PlaybookKeyword.table(for: .block)["notify"] != nil)
        let names = PlaybookKeyword.all.map { "\($0.name)" + $0.owners.map(\.rawValue).sorted().joined() }
        #expect(Set(names).count == names.count, "a keyword is declared twice")
    }
}
