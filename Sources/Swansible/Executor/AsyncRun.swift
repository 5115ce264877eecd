import Foundation
import Synchronization

/// A task's `async: N` with its `poll`, run as ansible-core runs it: with `poll` > 0 the job is
/// checked every `poll` seconds (each check of an unfinished job told as `ASYNC POLL`, the end
/// as `ASYNC OK` or `ASYNC FAILED`) and fails when it outlives N seconds; with `poll: 0` the task
/// only starts it and reports its id, for `async_status`.
struct AsyncRun {
    var seconds: Int
    var poll: Int
    var host: String

    /// The internal result key holding the `ASYNC …` lines to tell before the result.
    static let noticesKey = "_ansible_async_notices"

    func run(in context: ModuleContext, jobs: AsyncJobs, _ work: @escaping @Sendable () async throws -> ModuleResult) async throws -> ModuleResult {
        let jid = AsyncJobs.newID()
        let resultsFile = try await context.runScript(AsyncResultsFile.prepareScript(jid)).stdout.trimmingCharacters(in: .newlines)
        let job: ValueDict = ["ansible_job_id": .string(jid), "results_file": .string(resultsFile), "started": true]
        let limit = seconds
        let record: @Sendable () async -> ValueDict = {
            var result: ValueDict
            do {
                result = try await withDeadline(seconds: Double(limit)) { try await work() }.registered.dictValue ?? [:]
            } catch is DeadlineExceeded {
                result = ["failed": true, "msg": .string("Job reached maximum time limit of \(limit) seconds."), "changed": false]
            } catch {
                result = ["failed": true, "msg": .string("\(error)"), "changed": false]
            }
            for (key, value) in job { result[key] = value }
            result["finished"] = true
            // (Also on the host, where async_status of a later run finds it.)
            _ = try? await context.runScript(AsyncResultsFile.writeScript(resultsFile), stdin: Data(Value.dict(result).jsonText().utf8))
            return result
        }
        guard poll > 0 else {
            await jobs.start(jid, record)
            return ModuleResult(changed: true, fields: job.merging(["finished": false]) { $1 })
        }
        return try await waitFor(jid: jid, job: job, jobs: jobs, record: record)
    }

    /// Starts the job and checks it every `poll` seconds until it ends or outlives `seconds`.
    private func waitFor(jid: String, job: ValueDict, jobs: AsyncJobs,
                         record: @escaping @Sendable () async -> ValueDict) async throws -> ModuleResult {
        await jobs.start(jid, record)
        var notices: [Value] = []
        let started = ContinuousClock.now
        while true {
            let elapsed = ContinuousClock.now - started
            let left = Duration.seconds(seconds) - elapsed
            try await Task.sleep(for: min(.seconds(poll), max(left, .zero)))
            if case .finished(let result)? = await jobs.state(of: jid) {
                let failed = result["failed"]?.isTruthy ?? false
                notices.append(.string("ASYNC \(failed ? "FAILED" : "OK") on \(host): jid=\(jid)"))
                var outcome = ModuleOutput.fromDictionary(result)
                outcome.fields[Self.noticesKey] = .list(notices)
                return outcome
            }
            // Like ansible-core, every check of an unfinished job is told, the last one too.
            notices.append(.string("ASYNC POLL on \(host): jid=\(jid) started=True finished=False"))
            if ContinuousClock.now - started >= .seconds(seconds) {
                await jobs.forget(jid)
                notices.append(.string("ASYNC FAILED on \(host): jid=\(jid)"))
                let empty: ValueDict = ["stderr": "", "stderr_lines": [], "stdout": "", "stdout_lines": []]
                return ModuleResult(failed: true, message: "async task did not complete within the requested time - \(seconds)s", fields: [
                    "async_result": .dict(job.merging(["finished": false]) { $1 }.merging(empty) { $1 }),
                    ModuleResult.failureKindKey: "Action", Self.noticesKey: .list(notices),
                ])
            }
        }
    }
}
