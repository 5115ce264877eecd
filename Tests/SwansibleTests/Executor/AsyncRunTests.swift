import Foundation
import Testing
@testable import Swansible

/// `async` with `poll` as ansible-core runs it (its output compared by hand with 2.19's; the job
/// ids and the number of checks vary, so this is no conformance case): a job that ends in time
/// is told `ASYNC OK` and registers its result with the job's keys; one that outlives its time
/// fails with ansible's message; `poll: 0` starts it, and async_status follows it to its end.
@Suite struct AsyncRunTests {
    static func run(_ tasks: String) async throws -> (code: Int32, output: String) {
        let files = try LocalPlaybookRun(["site.yml": "- hosts: localhost\n  gather_facts: false\n  tasks:\n\(tasks)\n"])
        defer { files.remove() }
        let (code, output, errors) = await files.run()
        return (code, output + errors)
    }

    @Test func aPolledJobThatEndsInTimeRegistersItsResult() async throws {
        let (code, output) = try await Self.run("""
            - command: echo polled
              async: 60
              poll: 1
              register: r
            - assert:
                that:
                  - r.stdout == 'polled' and r is changed
                  - r.finished and r.started
                  - r.ansible_job_id is match('j[0-9]{12}[.][0-9]+$')
                  - r.results_file is match('.*/[.]ansible_async/' ~ r.ansible_job_id ~ '$')
        """)
        #expect(code == 0, "\(output)")
        #expect(output.contains("ASYNC OK on localhost: jid=j"), "\(output)")
    }

    @Test func aJobThatOutlivesItsTimeFails() async throws {
        let (code, output) = try await Self.run("""
            - command: sleep 3
              async: 1
              poll: 1
              register: r
              ignore_errors: true
            - assert:
                that:
                  - r is failed and not r.async_result.finished
                  - r.msg == 'async task did not complete within the requested time - 1s'
        """)
        #expect(code == 0, "\(output)")
        #expect(output.contains("ASYNC POLL on localhost: jid=j") && output.contains("ASYNC FAILED on localhost: jid=j"), "\(output)")
        #expect(output.contains("[ERROR]: Task failed: Action failed: async task did not complete within the requested time - 1s"), "\(output)")
    }

    @Test func aStartedJobIsFollowedToItsEndAndCleanedUp() async throws {
        let (code, output) = try await Self.run("""
            - shell: sleep 1; echo later
              async: 60
              poll: 0
              register: job
            - assert:
                that: [job is changed, not job.finished, job.started]
            - async_status: jid={{ job.ansible_job_id }}
              register: status
              until: status.finished
              retries: 60
              delay: 1
            - assert:
                that: [status.stdout == 'later', status.rc == 0, status.ansible_job_id == job.ansible_job_id]
            - async_status: jid={{ job.ansible_job_id }} mode=cleanup
              register: cleaned
            - assert:
                that: [cleaned.erased == job.results_file]
            - async_status: jid={{ job.ansible_job_id }}
              register: gone
              ignore_errors: true
            - assert:
                that: [gone is failed, gone.msg == 'could not find job']
        """)
        #expect(code == 0, "\(output)")
    }
}
