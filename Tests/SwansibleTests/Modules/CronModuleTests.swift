import Foundation
import Testing
@testable import Swansible

/// cron run locally against a stub `crontab` (per-user files in a scratch directory) and
/// scratch cron files; the expected texts and results are what ansible-core 2.19's cron module
/// gave for the same tasks with the same stub.
@Suite struct CronModuleTests {
    struct Scratch {
        let dir: ScratchDirectory
        init() throws {
            dir = try ScratchDirectory()
            try FileManager.default.createDirectory(atPath: dir.file("bin"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir.file("tabs"), withIntermediateDirectories: true)
            try dir.write("bin/crontab", """
                #!/bin/sh
                d=\(dir.file("tabs")); u=$(id -un)
                if [ "$1" = -u ]; then u=$2; shift 2; fi
                case $1 in
                  -l) [ -f "$d/$u" ] || { echo "no crontab for $u" >&2; exit 1; }; cat "$d/$u" ;;
                  -) cat > "$d/$u" ;;
                  *) cat "$1" > "$d/$u" ;;
                esac

                """)
            chmod(dir.file("bin/crontab"), 0o755)
        }
        var user: String { String(cString: getpwuid(getuid()).pointee.pw_name) }
        var tab: String? { try? dir.read("tabs/" + user) }
        func run(_ args: ValueDict, check: Bool = false, diff: Bool = false) async throws -> ModuleResult {
            let context = ModuleContext(
                hostName: "localhost", connection: LocalConnection(),
                environment: ["PATH": .string(dir.file("bin") + ":/usr/bin:/bin:/usr/sbin:/sbin")],
                checkMode: check, diffMode: diff, templar: FakeTemplar())
            return try await ModuleRegistry.run("cron", arguments: args, in: context)
        }
    }

    @Test func jobIsAddedOnceUnderItsCommentThenRemoved() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        let add: ValueDict = ["name": "job1", "minute": "5", "job": "echo hi"]
        let check = try await s.run(add, check: true)
        #expect(check.changed && s.tab == nil)
        let first = try await s.run(add, diff: true)
        #expect(first.changed && first.fields["jobs"] == ["job1"] && first.fields["envs"] == [], "\(first)")
        #expect(s.tab == "#Ansible: job1\n5 * * * * echo hi\n")
        #expect(first.diff == [FileDiff(path: "crontab", before: "", after: "#Ansible: job1\n5 * * * * echo hi\n")])
        let second = try await s.run(add)
        #expect(!second.changed && second.fields["jobs"] == ["job1"])
        let env = try await s.run(["name": "MAILTO", "env": true, "job": ""])
        #expect(env.changed && env.fields["envs"] == ["MAILTO"])
        #expect(s.tab == "MAILTO=\"\"\n#Ansible: job1\n5 * * * * echo hi\n")
        let absent = try await s.run(["name": "job1", "state": "absent"])
        #expect(absent.changed && absent.fields["jobs"] == [] && absent.fields["envs"] == ["MAILTO"])
        #expect(s.tab == "MAILTO=\"\"\n")
        let again = try await s.run(["name": "job1", "state": "absent"])
        #expect(!again.changed)
    }

    @Test func changedScheduleAndDisabledRewriteTheJobLine() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        try s.dir.write("tabs/" + s.user, "# mine\n0 1 * * * other\n#Ansible: backup\n0 3 * * * /bin/backup\n")
        let r = try await s.run(["name": "backup", "hour": "4", "minute": "0", "weekday": "1-5", "job": "/bin/backup", "disabled": true])
        #expect(r.changed)
        #expect(s.tab == "# mine\n0 1 * * * other\n#Ansible: backup\n#0 4 * * 1-5 /bin/backup\n")
        // A job that is there without its comment gets the comment.
        let adopted = try await s.run(["name": "other", "minute": "0", "hour": "1", "job": "other"])
        #expect(adopted.changed && adopted.fields["jobs"] == ["other", "backup"], "\(adopted)")
        #expect(s.tab == "# mine\n#Ansible: other\n0 1 * * * other\n#Ansible: backup\n#0 4 * * 1-5 /bin/backup\n")
    }

    @Test func aCrontabWithoutFinalNewlineIsRewritten() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        try s.dir.write("tabs/" + s.user, "#Ansible: a\n* * * * * a")
        let r = try await s.run(["name": "a", "job": "a"])
        #expect(r.changed && s.tab == "#Ansible: a\n* * * * * a\n")
    }

    @Test func cronFileNeedsAUserAndIsRemovedWhenEmpty() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        let file = s.dir.file("cf/x")
        let noUser = try await s.run(["name": "j", "cron_file": .string(file), "job": "/bin/true"])
        #expect(noUser.failed && noUser.message == "To use cron_file=... parameter you must specify user=... as well")
        let add = try await s.run(["name": "j", "cron_file": .string(file), "user": "root", "special_time": "hourly", "job": "/bin/true"])
        #expect(add.changed && add.fields["cron_file"] == .string(file) && add.fields["jobs"] == ["j"], "\(add)")
        #expect(try s.dir.read("cf/x") == "#Ansible: j\n@hourly root /bin/true\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        let removed = try await s.run(["name": "j", "cron_file": .string(file), "state": "absent"])
        // Like ansible-core, removing the cron file always registers a `diff` (empty without --diff).
        #expect(removed.changed && removed.reported.fields == ["cron_file": .string(file), "state": "absent", "diff": [:]], "\(removed)")
        #expect(!s.dir.exists("cf/x"))
        #expect(s.tab == nil)
    }

    /// ansible-core's two warnings: a cron file name cron may skip, a job with a line break.
    @Test func warnsAboutDottedCronFileNamesAndLineBreaks() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        let dotted = try await s.run(["name": "j", "cron_file": .string(s.dir.file("cf.d/x.y")), "user": "root", "job": "/bin/true"], check: true)
        #expect(dotted.changed && dotted.fields["warnings"] == [
            "Filename portion of cron_file (\"x.y\") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens"])
        let plain = try await s.run(["name": "j", "cron_file": .string(s.dir.file("cf.d/x_y-1")), "user": "root", "job": "/bin/true"], check: true)
        #expect(plain.fields["warnings"] == nil)
        let broken = try await s.run(["name": "j", "job": "/bin/a\n/bin/b\n"], check: true)
        #expect(broken.fields["warnings"] == ["Job should not contain line breaks"], "\(broken)")
        let trailing = try await s.run(["name": "j", "job": "/bin/a\n"], check: true)
        #expect(trailing.fields["warnings"] == nil)
    }

    @Test func argumentChecksFollowAnsible() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        let special = try await s.run(["name": "a", "job": "a", "special_time": "daily", "hour": "2"])
        #expect(special.message == "You cannot combine special_time with any of the time or day/date parameters.")
        let noJob = try await s.run(["name": "a"])
        #expect(noJob.message == "You must specify 'job' to install a new cron job or variable")
        let insert = try await s.run(["name": "a", "job": "a", "insertafter": "X"])
        #expect(insert.message == "Insertafter and insertbefore parameters are valid only with env=yes")
        let etc = try await s.run(["name": "a", "job": "a", "user": "root", "cron_file": "/etc/crontab"])
        #expect(etc.message == "Will not manage /etc/crontab via cron_file, see documentation.")
        let envName = try await s.run(["name": "A B", "env": true, "job": "x"])
        #expect(envName.message == "Invalid name for environment variable")
        let missing = try await s.run(["name": "B", "env": true, "job": "x", "insertafter": "NOPE"])
        #expect(missing.message == "Variable named 'NOPE' not found.")
        #expect(s.tab == nil)
    }

    @Test func variablesGoFirstOrBesideAnother() async throws {
        let s = try Scratch(); defer { s.dir.cleanup() }
        _ = try await s.run(["name": "PATH", "env": true, "job": "/bin"])
        _ = try await s.run(["name": "SHELL", "env": true, "job": "/bin/sh", "insertafter": "PATH"])
        _ = try await s.run(["name": "HOME", "env": true, "job": "/", "insertbefore": "PATH"])
        let update = try await s.run(["name": "PATH", "env": true, "job": "/usr/bin"])
        #expect(update.changed && update.fields["envs"] == ["HOME", "PATH", "SHELL"])
        #expect(s.tab == "HOME=\"/\"\nPATH=\"/usr/bin\"\nSHELL=\"/bin/sh\"\n")
    }

    @Test func crontabHeaderLinesAreDropped() {
        let text = "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (/tmp/crontab.X installed on Mon)\n# (Cron version 4.1)\n* * * * * a\n"
        #expect(CronTabEdit.withoutHeader(text) == "* * * * * a\n")
    }
}
