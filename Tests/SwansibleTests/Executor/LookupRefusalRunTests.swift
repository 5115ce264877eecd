import Foundation
import Testing
@testable import Swansible

/// The refusals of the vars lookup and of with_together, as ansible-core 2.19 words them (its
/// integration targets lookup_vars and lookup_together check them from a rescue).
@Suite struct LookupRefusalRunTests {
    @Test func varsLookupAndEmptyTogetherFailWithAnsibleMessages() async throws {
        let files = try LocalPlaybookRun(["site.yml": """
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
            """])
        defer { files.remove() }
        let (code, output, errors) = await files.run()
        #expect(code == 0, "\(output)\n\(errors)")
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
