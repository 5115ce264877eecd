import Foundation
import Testing
@testable import Swansible

/// The refusals of the vars lookup and of with_together, as ansible-core 2.19 words them (its
/// integration targets lookup_vars and lookup_together check them from a rescue).
@Suite struct LookupRefusalRunTests {
    @Test func varsLookupAndEmptyTogetherFailWithAnsibleMessages() async throws {
        let dir = NSTemporaryDirectory() + "swansible-lookup-refusal-\(UInt32.random(in: 0 ... .max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        - hosts: localhost
          gather_facts: false
          tasks:
            - block:
                - debug: msg="{{ lookup('vars', 'doesnotexist') }}"
              rescue:
                - debug: msg="unknown={{ ansible_failed_result.msg }}"
            - block:
                - debug: msg="{{ lookup('vars', 42) }}"
              rescue:
                - debug: msg="int={{ ansible_failed_result.msg }}"
            - debug: msg="{{ lookup('vars', 'doesnotexist', default='fallback') }}"
            - block:
                - debug: msg="{{ item }}"
                  with_together: []
              rescue:
                - debug: msg="together={{ ansible_failed_result.msg }}"
        """.write(toFile: dir + "/site.yml", atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.inventorySources = ["localhost,"]
        options.connection = "local"
        let sink = BufferSink()
        let code = await PlaybookCLI(
            options: options, playbooks: ["site.yml"], environment: ["ANSIBLE_CONFIG": dir + "/none.cfg"],
            currentDirectory: dir, callback: DefaultCallback(sink: sink)
        ).run()
        let output = sink.text
        #expect(code == 0, "\(output)\n\(sink.errorText)")
        #expect(output.contains("\"msg\": \"unknown=Task failed: Finalization of task args for 'ansible.builtin.debug' failed: Error while resolving value for 'msg': No variable named 'doesnotexist' was found.\""), "\(output)")
        #expect(output.contains("Variable name must be 'str' not 'int'."), "\(output)")
        #expect(output.contains("\"msg\": \"fallback\""))
        #expect(output.contains("together=") && output.contains("with_together requires at least one element in each list"), "\(output)")
        #expect(output.contains("rescued=3"))
    }

    /// with_sequence's refusals name the setting at fault, as ansible-core's do; count=0 is no items.
    @Test func sequenceRefusalsSayWhatIsWrong() throws {
        func message(_ text: String) -> String? {
            do { _ = try LoopItems.sequence(text); return nil } catch { return "\(error)" }
        }
        #expect(message("start=A end=3")?.contains("Config 'start' for 'sequence' lookup plugin from 'Direct' has an invalid value: Invalid value provided for 'integer': 'A'") == true)
        #expect(message("1-B/2")?.contains("Config 'end'") == true)
        #expect(message("1-4/C")?.contains("Config 'stride'") == true)
        #expect(message("start=1")?.contains("must specify count or end in with_sequence") == true)
        #expect(message("start=1 end=4 count=2")?.contains("can't specify both count and end in with_sequence") == true)
        #expect(message("start=4 end=1 stride=2")?.contains("to count backwards make stride negative") == true)
        #expect(message("start=1 end=4 stride=-2")?.contains("to count forward don't make stride negative") == true)
        #expect(message("start=1 end=4 format=d")?.contains("bad formatting string: d") == true)
        #expect(try LoopItems.sequence("count=0").isEmpty)
        #expect(try LoopItems.sequence("start=4 end=1 stride=-2") == ["4", "2"])
    }
}
