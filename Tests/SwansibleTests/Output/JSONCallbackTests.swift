import Foundation
import Testing
@testable import Swansible
import SwansibleValue

/// `stdout_callback = json` writes ansible.posix's document: plays and their tasks with names,
/// places and times, each host's result as ansible-core hands it to callbacks, and the recap's
/// counts. The expected keys were compared by hand with ansible-core 2.19 and ansible.posix 2.1
/// on the same playbook (the oracle venv has no collections, so this is no conformance case),
/// modules' `invocation` included (the json callback keeps it at every verbosity).
@Suite struct JSONCallbackTests {
    static let playbook = """
        - hosts: localhost
          gather_facts: false
          tasks:
            - debug: msg=hello
            - command: echo hi
            - debug: msg="{{ item }}"
              loop: [a, b]
            - fail: msg=boom
              ignore_errors: true
            - debug: msg=skip
              when: false
        - hosts: localhost
          gather_facts: false
          name: second
          tasks:
            - set_fact: y=2
        """

    static func document(_ playbook: String = playbook, environment: [String: String] = [:]) async throws -> (
        code: Int32, json: Value, errors: String
    ) {
        let dir = NSTemporaryDirectory() + "swansible-json-callback-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try playbook.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"],
            environment: ["ANSIBLE_CONFIG": dir + "/none.cfg", "ANSIBLE_STDOUT_CALLBACK": "json"].merging(environment) { $1 },
            currentDirectory: dir, callback: JSONCallback(sink: sink)
        ).run()
        return (code, try JSONReader.parse(sink.text), sink.errorText)
    }

    @Test func theDocumentHoldsPlaysTasksResultsAndStats() async throws {
        let (code, json, errors) = try await Self.document()
        #expect(code == 0, "\(errors)")
        let plays = try #require(json["plays"]?.listValue)
        try #require(plays.count == 2)
        #expect(plays[0]["play"]?["name"] == "localhost")
        #expect(plays[0]["play"]?["path"]?.stringValue?.hasSuffix("/site.yml:1") == true)
        #expect(plays[1]["play"]?["name"] == "second")
        #expect(plays[1]["play"]?["path"]?.stringValue?.hasSuffix("/site.yml:12") == true)
        let tasks = try #require(plays[0]["tasks"]?.listValue)
        #expect(tasks.map { $0["task"]?["name"]?.stringValue ?? "" } == ["debug", "command", "debug", "fail", "debug"])
        #expect(tasks.map { $0["task"]?["path"]?.stringValue?.split(separator: ":").last.map(String.init) ?? "" } == ["4", "5", "6", "8", "10"])
        for task in tasks {
            let duration = task["task"]?["duration"]
            #expect(duration?["start"]?.stringValue?.hasSuffix("Z") == true && duration?["end"] != nil, "\(task)")
            #expect(task["task"]?["id"]?.stringValue?.count == 36)
        }
        let debug = try #require(tasks[0]["hosts"]?["localhost"]?.dictValue)
        #expect(debug == ["_ansible_no_log": false, "_ansible_verbose_always": true, "action": "debug", "changed": false, "msg": "hello"])
        let command = try #require(tasks[1]["hosts"]?["localhost"])
        #expect(command["action"] == "command" && command["changed"] == true && command["stdout"] == "hi" && command["failed"] == nil)
        #expect(command["invocation"]?["module_args"]?["_raw_params"] == "echo hi")
        #expect(command["invocation"]?["module_args"]?["expand_argument_vars"] == true)
        #expect(debug["invocation"] == nil)
        let loop = try #require(tasks[2]["hosts"]?["localhost"])
        #expect(loop["msg"] == "All items completed" && loop["_ansible_no_log"] == nil)
        let items = try #require(loop["results"]?.listValue)
        #expect(items.map { $0["_ansible_item_label"]?.stringValue ?? "" } == ["a", "b"])
        #expect(items.allSatisfy { $0["ansible_loop_var"] == "item" && $0["failed"] == false && $0["_ansible_no_log"] == false })
        let failure = try #require(tasks[3]["hosts"]?["localhost"])
        #expect(failure["failed"] == true && failure["msg"] == "boom" && failure["exception"] == "(traceback unavailable)")
        let skipped = try #require(tasks[4]["hosts"]?["localhost"])
        #expect(skipped["skipped"] == true && skipped["skip_reason"] == "Conditional result was False" && skipped["_ansible_verbose_always"] == nil)
        let fact = try #require(plays[1]["tasks"]?.listValue?.first?["hosts"]?["localhost"])
        #expect(fact["ansible_facts"]?["y"] == "2" && fact["invocation"] == nil)
        #expect(json["stats"]?["localhost"]?.dictValue == [
            "changed": 1, "failures": 0, "ignored": 1, "ok": 5, "rescued": 0, "skipped": 1, "unreachable": 0,
        ])
        #expect(json["custom_stats"] == [:] && json["global_custom_stats"] == [:])
    }

    /// Compared by hand with ansible.posix 2.1's json callback: per-host statistics under
    /// `custom_stats`, the run's under `global_custom_stats`, both empty unless shown.
    @Test func customStatsAreThereWhenShown() async throws {
        let playbook = """
            - hosts: localhost
              gather_facts: false
              tasks:
                - set_stats: {data: {packages: 3, names: [a]}, per_host: true}
                - set_stats: {data: {total: 7}}
            """
        let shown = try await Self.document(playbook, environment: ["ANSIBLE_SHOW_CUSTOM_STATS": "1"])
        #expect(shown.code == 0, "\(shown.errors)")
        #expect(shown.json["custom_stats"] == ["localhost": ["names": ["a"], "packages": 3]])
        #expect(shown.json["global_custom_stats"] == ["total": 7])
        let hidden = try await Self.document(playbook)
        #expect(hidden.json["custom_stats"] == [:] && hidden.json["global_custom_stats"] == [:])
    }

    @Test func bothNamesChooseIt() {
        #expect(StdoutCallback.named("json", verbosity: 0) is JSONCallback)
        #expect(StdoutCallback.named("ansible.posix.json", verbosity: 0) is JSONCallback)
    }
}
