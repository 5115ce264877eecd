import Foundation

/// `async_status`: how an `async` job of this run (or one whose result file is on the host) is
/// doing: running, or finished with its result; `mode: cleanup` forgets it and removes its file.
struct AsyncStatusModule: Module {
    static let names = ["async_status"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("jid", required: true, description: "The job id an `async` task registered (`ansible_job_id`)."),
        ArgumentSpec("mode", default: "status", choices: ["status", "cleanup"],
                     description: "`status` tells how the job is doing; `cleanup` forgets it and removes its result file."),
    ], supportsCheckMode: true)

    static let documentation = ModuleDocumentation(
        "Obtain the status of an asynchronous task",
        description: [
            "Tells whether a job started with `async` and `poll: 0` is still running, and its result once it has finished.",
        ],
        notes: [
            "Swansible runs async jobs on the controller; a job still running when the playbook ends is ended with it.",
        ],
        examples: """
            - name: Wait for the upgrade started earlier
              ansible.builtin.async_status:
                jid: "{{ upgrade.ansible_job_id }}"
              register: job
              until: job.finished
              retries: 60
              delay: 5
            """,
        checkMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let jid = args.string("jid") ?? ""
        let empty: ValueDict = ["stderr": "", "stderr_lines": [], "stdout": "", "stdout_lines": []]
        if args.string("mode") == "cleanup" {
            let known = await context.asyncJobs?.state(of: jid) != nil
            await context.asyncJobs?.forget(jid)
            let removed = try await context.runScript(AsyncResultsFile.removeScript(jid)).stdout
            let path = String(removed.prefix { $0 != "\n" })
            guard known || removed.hasSuffix("removed\n") else {
                // Like ansible-core: nothing to erase is a job it cannot find.
                let fields: ValueDict = ["ansible_job_id": .string(jid), "erased": .string(path), "finished": true, "started": true]
                return ModuleResult(failed: true, message: "could not find job", fields: fields.merging(empty) { $1 })
            }
            let erased: ValueDict = ["ansible_job_id": .string(jid), "erased": .string(path), "finished": false, "started": false]
            return ModuleResult(fields: erased.merging(empty) { $1 })
        }
        let read = try await context.runScript(AsyncResultsFile.readScript(jid)).stdout
        let path = String(read.prefix { $0 != "\n" })
        let job: ValueDict = ["ansible_job_id": .string(jid), "results_file": .string(path), "started": true]
        let state = await context.asyncJobs?.state(of: jid)
        if case .running? = state {
            return ModuleResult(fields: job.merging(["finished": false]) { $1 }.merging(empty) { $1 })
        }
        var finished: ValueDict
        if case .finished(let result)? = state {
            finished = result
        } else if let text = read.firstIndex(of: "\n").map({ String(read[read.index(after: $0)...]) }),
                  !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                  let parsed = try? JSONReader.parse(text).dictValue {
            finished = parsed
        } else {
            return ModuleResult(failed: true, message: "could not find job",
                                fields: job.merging(["finished": true]) { $1 }.merging(empty) { $1 })
        }
        for (key, value) in job { finished[key] = value }
        finished["finished"] = true
        return ModuleOutput.fromDictionary(finished)
    }
}
