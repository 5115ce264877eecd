import Foundation

/// The acting script of `user` and `group`: shadow-utils commands (given as argv lists) run one
/// after the other with their output collected, stopping at the first that fails, then the
/// account looked up again so the result describes it as it now is — one round trip.
///
/// The script prints `key=value` report lines (`rc=` of the failing command, or `rc=0`, and
/// whatever `epilogue` prints), then `stdoutMarker` + the commands' stdout and `stderrMarker` +
/// their stderr.
struct AccountScript {
    /// One step: an argv, or a line of shell (for pipes and functions) run as it is.
    enum Step: Equatable {
        case argv([String])
        case shell(String)
    }

    var steps: [Step] = []
    /// Shell run before the steps (functions, variables), its output not collected.
    var prologue = ""
    /// Shell run after every step succeeded (the account's state, printed as report lines).
    var epilogue = ""

    static let stdoutMarker = "__swansible_stdout__"
    static let stderrMarker = "__swansible_stderr__"

    var text: String {
        var s = "LC_ALL=C; export LC_ALL\n"
        s += "sw_o=$(mktemp) && sw_e=$(mktemp) || { echo 'msg=could not create temporary files'; echo rc=1; exit 0; }\n"
        s += "trap 'rm -f \"$sw_o\" \"$sw_e\"' EXIT\n"
        s += "sw_end() { echo \(Self.stdoutMarker); cat \"$sw_o\"; echo \(Self.stderrMarker); cat \"$sw_e\"; }\n"
        s += "sw_step() { r=$?; if [ \"$r\" -ne 0 ]; then printf 'rc=%s\\n' \"$r\"; sw_end; exit 0; fi; }\n"
        s += prologue
        for step in steps {
            switch step {
            case .argv(let argv): s += "\(ShellQuote.join(argv)) >>\"$sw_o\" 2>>\"$sw_e\"\nsw_step\n"
            case .shell(let line): s += "{ \(line)\n} >>\"$sw_o\" 2>>\"$sw_e\"\nsw_step\n"
            }
        }
        s += "echo rc=0\n" + epilogue + "sw_end\n"
        return s
    }

    /// What the script reported: its report lines, and the commands' output.
    struct Outcome {
        var report: ScriptReport
        var stdout: String
        var stderr: String
        /// The exit status of the step that failed, or 0; nil when the script never got that far.
        var rc: Int? { report.int("rc") }
    }

    /// `stdout_lines`/`stderr_lines` beside `stdout`/`stderr`, as ansible-core's action adds
    /// them to every module result that has those.
    static func addLines(to fields: inout ValueDict) {
        for key in ["stdout", "stderr"] {
            if let text = fields[key]?.stringValue { fields[key + "_lines"] = .list(CommandRun.lines(text).map(Value.string)) }
        }
    }

    static func outcome(of result: CommandResult) -> Outcome {
        let text = result.stdout
        guard let out = text.range(of: stdoutMarker + "\n") else {
            return Outcome(report: ScriptReport(text), stdout: "", stderr: result.stderr)
        }
        let rest = text[out.upperBound...]
        let err = rest.range(of: stderrMarker + "\n")
        let stdout = err.map { String(rest[..<$0.lowerBound]) } ?? String(rest)
        let stderr = err.map { String(rest[$0.upperBound...]) } ?? ""
        return Outcome(report: ScriptReport(String(text[..<out.lowerBound])), stdout: stdout, stderr: stderr)
    }
}

/// Entries of the host's account databases as `getent` prints them.
struct PasswdEntry: Equatable {
    var name: String
    var password: String
    var uid: Int
    var gid: Int
    var comment: String
    var home: String
    var shell: String

    /// `name:x:uid:gid:gecos:home:shell`
    init?(_ line: String) {
        let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 7, let uid = Int(f[2]), let gid = Int(f[3]) else { return nil }
        (name, password, self.uid, self.gid, comment, home, shell) = (f[0], f[1], uid, gid, f[4], f[5], f[6])
    }
}

struct GroupEntry: Equatable {
    var name: String
    var gid: Int
    var members: [String]

    /// `name:x:gid:member,member`
    init?(_ line: String) {
        let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 3, let gid = Int(f[2]) else { return nil }
        name = f[0]
        self.gid = gid
        members = f.count > 3 ? f[3].split(separator: ",").map(String.init) : []
    }
}

/// The fields of `getent shadow` that `user` compares: the hash, the ageing limits, the expiry day.
struct ShadowEntry: Equatable {
    var password: String
    var minimumDays: Int?
    var maximumDays: Int?
    var warningDays: Int?
    /// Days since the epoch; nil when the field is empty (never expires).
    var expiresDay: Int?

    /// `name:hash:last:min:max:warn:inactive:expire:`
    init?(_ line: String) {
        let f = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 8 else { return nil }
        password = f[1]
        minimumDays = Int(f[3])
        maximumDays = Int(f[4])
        warningDays = Int(f[5])
        expiresDay = Int(f[7])
    }
}
