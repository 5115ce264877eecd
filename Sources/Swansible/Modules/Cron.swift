import Foundation

/// `cron`: one job (under its `#Ansible: <name>` line) or one environment variable in a user's
/// crontab (`crontab -l` / `crontab -` on the host) or in a cron file. One script reads the
/// crontab, the edit is made on the controller (`CronTabEdit`), and a second script installs
/// it only when it changed.
struct CronModule: Module {
    static let names = ["cron"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before a change, save the crontab as it was to a temporary file on the host (`backup_file`)."),
        ArgumentSpec("cron_file", .path,
                     description: "A cron file to manage instead of the user's crontab: a name under /etc/cron.d or an absolute path; needs `user`."),
        ArgumentSpec("day", default: "*", aliases: ["dom"], description: "Day of the month the job runs (1-31, *, */2...)."),
        ArgumentSpec("disabled", .bool, default: false, description: "Keep the job, commented out (only with `state: present`)."),
        ArgumentSpec("env", .bool, default: false,
                     description: "Manage an environment variable (`name=\"job\"`) at the top of the crontab instead of a job."),
        ArgumentSpec("hour", default: "*", description: "Hour the job runs (0-23, *, */2...)."),
        ArgumentSpec("insertafter",
                     description: "With `env`, put a new variable after the declaration of this variable."),
        ArgumentSpec("insertbefore",
                     description: "With `env`, put a new variable before the declaration of this variable."),
        ArgumentSpec("job", aliases: ["value"],
                     description: "The command to run, or with `env` the variable's value; needed with `state: present`."),
        ArgumentSpec("minute", default: "*", description: "Minute the job runs (0-59, *, */5...)."),
        ArgumentSpec("month", default: "*", description: "Month the job runs (1-12, *, */2...)."),
        ArgumentSpec("name", required: true,
                     description: "The job's name, written in its `#Ansible: <name>` line (or the variable's name with `env`)."),
        ArgumentSpec("special_time", choices: ["annually", "daily", "hourly", "monthly", "reboot", "weekly", "yearly"],
                     description: "Run at this `@` time instead of minute/hour/day/month/weekday."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the job or variable should be there."),
        ArgumentSpec("user", description: "Whose crontab to manage (the remote user, after become, by default)."),
        ArgumentSpec("weekday", default: "*", aliases: ["dow"], description: "Day of the week the job runs (0-6 for Sunday-Saturday, *...)."),
    ], mutuallyExclusive: [["insertafter", "insertbefore"]])

    static let documentation = ModuleDocumentation(
        "Manage cron jobs and crontab variables",
        description: [
            "Adds, updates, disables or removes one job in a user's crontab or in a cron file, found by the `#Ansible: <name>` line written above it; or manages one environment variable there with `env`.",
            "The crontab is read with `crontab -l` (or the cron file read), edited on the controller, and installed with `crontab -` (or the cron file written) only when it changed. A cron file left with no jobs by `state: absent` is removed.",
        ],
        notes: [
            "Needs the `crontab` command on the host for user crontabs; no Python is needed.",
            "The diff's headers name the crontab (`crontab`, `crontab for user \"x\"`) or the cron file on both sides.",
        ],
        examples: """
            - name: Rotate the etcd snapshots every night
              ansible.builtin.cron:
                name: etcd snapshot
                minute: '0'
                hour: '2'
                job: /opt/bin/etcd-snapshot.sh

            - name: A job for the kube user in its own cron file
              ansible.builtin.cron:
                name: cleanup
                special_time: hourly
                user: kube
                cron_file: kube-cleanup
                job: /opt/bin/cleanup

            - name: Mail nobody
              ansible.builtin.cron:
                name: MAILTO
                env: true
                job: ''
            """,
        diffMode: .full)

    static let contentMarker = "__swansible_crontab__"

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        var result = try await edit(args, in: context)
        let warnings = warnings(args, after: result)
        if !warnings.isEmpty { result.fields["warnings"] = .list(warnings.map(Value.string)) }
        return result
    }

    /// ansible-core's cron warnings: a cron file name cron may ignore (anything but ASCII
    /// letters, digits, `_` and `-`), and a job with a line break inside (once the arguments
    /// passed its checks).
    static func warnings(_ args: ModuleArguments, after result: ModuleResult) -> [String] {
        var warnings: [String] = []
        if let file = args.string("cron_file"), !file.isEmpty, file != "/etc/crontab" {
            let base = file.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? file
            if base.isEmpty || !base.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }) {
                warnings.append("Filename portion of cron_file (\"\(base)\") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens")
            }
        }
        if let job = args.string("job"), args.string("state") != "absent", !args.bool("env"),
           !result.failed || result.message?.hasPrefix("Failed to install") == true,
           job.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n")).contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            warnings.append("Job should not contain line breaks")
        }
        return warnings
    }

    static func edit(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name") ?? ""
        let user = args.string("user")
        let job = args.string("job")
        let present = args.string("state") != "absent"
        let env = args.bool("env")
        let special = args.string("special_time")
        let insertAfter = args.string("insertafter"), insertBefore = args.string("insertbefore")
        var cronFile = args.string("cron_file")
        if let file = cronFile, !file.isEmpty {
            if file == "/etc/crontab" { return .failure("Will not manage /etc/crontab via cron_file, see documentation.") }
            if !file.hasPrefix("/") { cronFile = "/etc/cron.d/" + file }
        } else {
            cronFile = nil
        }
        let times = ["minute", "hour", "day", "month", "weekday"].map { args.string($0) ?? "*" }
        if special != nil && times.contains(where: { $0 != "*" }) {
            return .failure("You cannot combine special_time with any of the time or day/date parameters.")
        }
        if present {
            if cronFile != nil && user == nil { return .failure("To use cron_file=... parameter you must specify user=... as well") }
            if job == nil { return .failure("You must specify 'job' to install a new cron job or variable") }
            if (insertAfter != nil || insertBefore != nil) && !env {
                return .failure("Insertafter and insertbefore parameters are valid only with env=yes")
            }
        }
        if env && name.contains(" ") { return .failure("Invalid name for environment variable") }

        let read = try await context.runScript(readScript(user: user, cronFile: cronFile))
        let head = read.stdout.range(of: contentMarker + "\n").map { String(read.stdout[..<$0.lowerBound]) } ?? read.stdout
        let report = ScriptReport(head)
        if report.flag("failed") { return .failure(report["msg"] ?? read.stderr) }
        guard let marker = read.stdout.range(of: contentMarker + "\n") else {
            return .failure("Unable to read crontab: \(read.stderr)")
        }
        let raw = String(read.stdout[marker.upperBound...])
        var crontab = CronTabEdit(cronFile == nil ? CronTabEdit.withoutHeader(raw) : raw)
        let header = cronFile ?? (user.map { "crontab for user \"\($0)\"" } ?? "crontab")

        var changed = false
        if env {
            let declaration = "\(name)=\"\(job ?? "")\""
            let existing = crontab.findEnvironment(name)
            if present {
                if let (_, line) = existing {
                    if line != declaration { crontab.replaceEnvironment(name, with: declaration); changed = true }
                } else {
                    if let other = insertAfter ?? insertBefore {
                        guard let (index, _) = crontab.findEnvironment(other) else {
                            return .failure("Variable named '\(other)' not found.")
                        }
                        crontab.lines.insert(declaration, at: insertAfter != nil ? index + 1 : index)
                    } else {
                        crontab.lines.insert(declaration, at: 0)
                    }
                    changed = true
                }
            } else if existing != nil {
                crontab.replaceEnvironment(name, with: nil)
                changed = true
            }
        } else if present {
            let line = CronTabEdit.jobLine(times: times, special: special, user: cronFile != nil ? user : nil,
                                           job: job ?? "", disabled: args.bool("disabled"))
            switch crontab.findJob(name, line: line) {
            case .none:
                crontab.lines.append(CronTabEdit.comment + name)
                crontab.lines.append(line)
                changed = true
            case .some(let found):
                if found.line != line || found.headerAdded {
                    crontab.replaceJob(name, with: line)
                    changed = true
                }
            }
        } else if crontab.findJob(name, line: nil) != nil {
            crontab.replaceJob(name, with: nil)
            changed = true
            if let cronFile, crontab.isEmpty {
                if !context.checkMode {
                    let removed = try await context.runScript("rm -f \(ShellQuote.quote(cronFile))")
                    if removed.exitCode != 0 { return .failure("could not remove \(cronFile): \(removed.stderr)") }
                }
                // Like ansible-core, this result always has a `diff`: empty without --diff, else
                // the file against /dev/null.
                let diff = context.diffMode ? [FileDiff(path: cronFile, before: crontab.existing, after: "", afterPath: "/dev/null")] : []
                return ModuleResult(changed: true, fields: [
                    "cron_file": .string(args.string("cron_file") ?? cronFile), "state": "absent",
                    "diff": .dict(diff.first.map { registeredDiff($0) } ?? [:]),
                ], diff: diff)
            }
        }
        if !changed, let last = crontab.existing.unicodeScalars.last, last != "\n" && last != "\r" {
            changed = true
        }

        var fields: ValueDict = [
            "envs": .list(crontab.environmentNames.map(Value.string)),
            "jobs": .list(crontab.jobNames.map(Value.string)),
        ]
        let rendered = crontab.rendered
        if changed && !context.checkMode {
            let written = try await context.runScript(writeScript(user: user, cronFile: cronFile, backup: args.bool("backup")),
                                                      stdin: Data(rendered.utf8))
            let outcome = ScriptReport(written.stdout)
            if outcome.flag("failed") {
                return .failure(outcome["msg"] ?? written.stderr, fields: ["rc": .int(outcome.int("rc") ?? 1), "stderr": .string(written.stderr)])
            }
            guard outcome.flag("done") else { return .failure("could not install the crontab: \(written.stderr)") }
            if let backup = outcome["backup"] { fields["backup_file"] = .string(backup) }
        }
        if let given = args.string("cron_file"), cronFile != nil { fields["cron_file"] = .string(given) }
        let diff = changed && context.diffMode ? [FileDiff(path: header, before: crontab.existing, after: rendered)] : []
        if let shown = diff.first { fields["diff"] = .dict(registeredDiff(shown)) }
        return ModuleResult(changed: changed, fields: fields, diff: diff)
    }

    /// The diff as ansible-core's cron registers it: both texts under their headers.
    static func registeredDiff(_ diff: FileDiff) -> ValueDict {
        ["after": .string(diff.after ?? ""), "after_header": .string(diff.afterPath ?? diff.path),
         "before": .string(diff.before ?? ""), "before_header": .string(diff.path)]
    }

    /// `-u USER` when the crontab is another user's than the one the script runs as.
    static let userOption = "uo=; if [ -n \"$u\" ] && [ \"$u\" != \"$(id -un)\" ]; then uo=\"-u $u\"; fi\n"

    /// Prints the marker, then the crontab (`crontab -l`, empty when there is none) or the
    /// cron file (empty when missing).
    static func readScript(user: String?, cronFile: String?) -> String {
        var s = "sw_fail() { printf 'failed=1\\nmsg=%s\\n' \"$1\"; exit 1; }\nLC_ALL=C; export LC_ALL\n"
        if let cronFile {
            s += "f=\(ShellQuote.quote(cronFile))\necho \(contentMarker)\n[ -f \"$f\" ] && [ -r \"$f\" ] && cat \"$f\"\nexit 0\n"
            return s
        }
        s += "u=\(ShellQuote.quote(user ?? ""))\n"
        s += "command -v crontab >/dev/null 2>&1 || sw_fail \"Failed to find required executable \\\"crontab\\\" in paths: $PATH\"\n"
        s += userOption
        s += "t=$(mktemp) || sw_fail 'could not create a temporary file'\n"
        s += "crontab $uo -l >\"$t\" 2>/dev/null; rc=$?\n"
        s += "if [ \"$rc\" != 0 ] && [ \"$rc\" != 1 ]; then rm -f \"$t\"; sw_fail 'Unable to read crontab'; fi\n"
        s += "echo \(contentMarker)\ncat \"$t\"; rm -f \"$t\"\n"
        return s
    }

    /// Installs standard input as the crontab (`crontab -`) or writes it to the cron file
    /// (through a temporary file beside it); with `backup`, first copies the old one to a
    /// temporary file and prints `backup=`.
    static func writeScript(user: String?, cronFile: String?, backup: Bool) -> String {
        var s = "sw_fail() { printf 'failed=1\\nmsg=%s\\n' \"$1\"; exit 1; }\nLC_ALL=C; export LC_ALL\n"
        if let cronFile {
            s += "f=\(ShellQuote.quote(cronFile))\n"
            if backup {
                s += "b=$(mktemp /tmp/crontabXXXXXXXX) || sw_fail 'could not create a backup file'\n"
                s += "[ -f \"$f\" ] && cat \"$f\" > \"$b\"; printf 'backup=%s\\n' \"$b\"\n"
            }
            s += "d=$(dirname \"$f\"); mkdir -p \"$d\" || sw_fail \"could not create $d\"\n"
            s += "t=$(mktemp \"$d/.swansible-cron-XXXXXX\") || sw_fail \"could not write $f\"\n"
            s += "cat > \"$t\" || sw_fail \"could not write $t\"\n"
            s += "if [ -e \"$f\" ]; then chmod --reference=\"$f\" \"$t\"; chown --reference=\"$f\" \"$t\" 2>/dev/null; else chmod 644 \"$t\"; fi\n"
            s += "mv -f \"$t\" \"$f\" || { rm -f \"$t\"; sw_fail \"could not write $f\"; }\necho done=1\n"
            return s
        }
        s += "u=\(ShellQuote.quote(user ?? ""))\n" + userOption
        if backup {
            s += "b=$(mktemp /tmp/crontabXXXXXXXX) || sw_fail 'could not create a backup file'\n"
            s += "crontab $uo -l > \"$b\" 2>/dev/null; printf 'backup=%s\\n' \"$b\"\n"
        }
        s += "t=$(mktemp) || sw_fail 'could not create a temporary file'\ncat > \"$t\"\n"
        s += "crontab $uo - < \"$t\" >/dev/null 2>\"$t.err\"; rc=$?\n"
        s += "cat \"$t.err\" >&2; rm -f \"$t\" \"$t.err\"\n"
        s += "if [ \"$rc\" != 0 ]; then printf 'failed=1\\nrc=%s\\nmsg=Failed to install new cronfile: %s\\n' \"$rc\" \"$t\"; exit 1; fi\n"
        s += "echo done=1\n"
        return s
    }
}
