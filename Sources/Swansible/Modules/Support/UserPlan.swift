import Foundation

/// The `user` module's arguments, read once.
struct UserRequest {
    var name: String
    var present: Bool
    var uid: Int?
    var nonUnique: Bool
    var group: String?
    /// `groups` as ansible-core reads it: the list joined with commas, split again, trimmed.
    var groups: [String]?
    var comment: String?
    var home: String?
    var shell: String?
    var password: String?
    var updatePassword: String
    var passwordLock: Bool?
    var createHome: Bool
    var moveHome: Bool
    var skeleton: String?
    var system: Bool
    var append: Bool
    var force: Bool
    var remove: Bool
    var expires: Double?
    var inactive: Int?
    var expireMin: Int?
    var expireMax: Int?
    var expireWarn: Int?
    var seuser: String?
    var umask: String?
    var uidMin: Int?
    var uidMax: Int?
    /// A reason to fail before touching the host.
    var problem: String?

    init(_ args: ModuleArguments) {
        name = args.string("name") ?? ""
        present = args.string("state") != "absent"
        uid = args.int("uid")
        nonUnique = args.bool("non_unique")
        group = args.string("group")
        groups = args["groups"]?.listValue.map { list in
            list.map(\.pythonString).joined(separator: ",").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        comment = args.string("comment")
        home = args.string("home")
        shell = args.string("shell")
        password = args.string("password")
        updatePassword = args.string("update_password") ?? "always"
        passwordLock = args["password_lock"].map(\.isTruthy)
        createHome = args.bool("create_home")
        moveHome = args.bool("move_home")
        skeleton = args.string("skeleton")
        system = args.bool("system")
        append = args.bool("append")
        force = args.bool("force")
        remove = args.bool("remove")
        if case .float(let f)? = args["expires"] { expires = f } else { expires = args.int("expires").map(Double.init) }
        inactive = args.int("password_expire_account_disable")
        expireMin = args.int("password_expire_min")
        expireMax = args.int("password_expire_max")
        expireWarn = args.int("password_expire_warn")
        seuser = args.string("seuser")
        umask = args.string("umask")
        uidMin = args.int("uid_min")
        uidMax = args.int("uid_max")
        if args.bool("local") {
            if umask != nil { problem = "'umask' can not be used with 'local'" }
            else if uidMin != nil { problem = "'uid_min' can not be used with 'local'" }
            else if uidMax != nil { problem = "'uid_max' can not be used with 'local'" }
            else { problem = "local: true needs libuser's luseradd, which Swansible does not drive; use shadow-utils' useradd" }
        } else if args.bool("generate_ssh_key") && present {
            problem = "generate_ssh_key is not supported by Swansible yet"
        }
    }

    /// Looks the account up: `passwd=`, `shadow=` (as root), `member=` (the groups listing it),
    /// `home_exists=1`, `user_group=1` (a group named like the user), `primary=` (the `group`
    /// asked for), `group.N=` (each of `groups`), `home_parent=1`.
    var probeScript: String {
        var s = "LC_ALL=C; export LC_ALL\nn=\(ShellQuote.quote(name))\n"
        s += "if p=$(getent passwd \"$n\"); then\n  printf 'passwd=%s\\n' \"$p\"\n"
        s += "  sh=$(getent shadow \"$n\" 2>/dev/null) && printf 'shadow=%s\\n' \"$sh\"\n"
        s += "  printf 'member=%s\\n' \"$(getent group | awk -F: -v u=\"$n\" '{k=split($4,m,\",\"); for(i=1;i<=k;i++) if(m[i]==u){print $1; break}}' | paste -sd, -)\"\n"
        s += "  h=\(ShellQuote.quote(home ?? ""))\n  [ -n \"$h\" ] || h=$(printf '%s' \"$p\" | cut -d: -f6)\n"
        s += "  [ -n \"$h\" ] && [ -e \"$h\" ] && echo home_exists=1\nfi\n"
        s += "getent group \"$n\" >/dev/null 2>&1 && echo user_group=1\n"
        if let group { s += "g=$(getent group \(ShellQuote.quote(group))) && printf 'primary=%s\\n' \"$g\"\n" }
        for (i, g) in (groups ?? []).enumerated() {
            s += "g=$(getent group \(ShellQuote.quote(g))) && printf 'group.\(i)=%s\\n' \"$g\"\n"
        }
        if let home { s += "[ -d \"$(dirname \(ShellQuote.quote(home)))\" ] && echo home_parent=1\n" }
        return s
    }

    /// The date `useradd -e`/`usermod -e` take: empty (never) for a negative time.
    static func expiryDate(_ seconds: Double) -> String {
        if seconds < 0 { return "" }
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    struct Problem: Error { var text: String }

    /// useradd's arguments (and what follows it) for a new account.
    func creation(_ account: UserAccountState) -> Result<UserPlan, Problem> {
        var argv = ["useradd"]
        if let uid { argv += ["-u", String(uid)] + (nonUnique ? ["-o"] : []) }
        if let seuser { argv += ["-Z", seuser] }
        if let group {
            guard account.primary != nil else { return .failure(Problem(text: "Group \(group) does not exist")) }
            argv += ["-g", group]
        } else if account.userGroupExists {
            argv.append("-N")
        }
        if let groups, !groups.isEmpty {
            for (i, g) in groups.enumerated() where account.groups[i] == nil {
                return .failure(Problem(text: "Group \(g) does not exist"))
            }
            argv += ["-G", Self.unique(groups).joined(separator: ",")]
        }
        if let comment { argv += ["-c", comment] }
        var plan = UserPlan()
        if let home {
            if createHome && !account.homeParentExists { plan.before.append(.shell("sw_mkhome \(ShellQuote.quote(home))")) }
            argv += ["-d", home]
        }
        if let shell { argv += ["-s", shell] }
        if let expires { argv += ["-e", Self.expiryDate(expires)] }
        if let inactive { argv += ["-f", String(inactive)] }
        if createHome {
            argv.append("-m")
            if let skeleton { argv += ["-k", skeleton] }
            if let umask { argv += ["-K", "UMASK=" + umask] }
        } else {
            argv.append("-M")
        }
        if system { argv.append("-r") }
        if let uidMin { argv += ["-K", "UID_MIN=\(uidMin)"] }
        if let uidMax { argv += ["-K", "UID_MAX=\(uidMax)"] }
        plan.command = argv + [name]
        if let password { plan.password = passwordLock == true ? "!" + password : password }
        if let home, createHome, !account.homeParentExists { plan.after.append(.shell("sw_ownhome \(ShellQuote.quote(home))")) }
        plan.chage = chageArguments(nil)
        return .success(plan)
    }

    /// usermod's arguments (and chpasswd's, chage's) for an existing account; none when it is as asked.
    func modification(_ account: UserAccountState) -> Result<UserPlan, Problem> {
        guard let info = account.passwd else { return .failure(Problem(text: "failed to look up user name: \(name)")) }
        var args: [String] = []
        if let uid, uid != info.uid { args += ["-u", String(uid)] + (nonUnique ? ["-o"] : []) }
        if let group {
            guard let primary = account.primary else { return .failure(Problem(text: "Group \(group) does not exist")) }
            if primary.gid != info.gid { args += ["-g", String(primary.gid)] }
        }
        if let groups {
            let current = account.memberOf
            var needed = false
            var names: [String] = []
            if groups.isEmpty {
                needed = !current.isEmpty && !append
            } else {
                for (i, g) in groups.enumerated() {
                    guard let entry = account.groups[i] else { return .failure(Problem(text: "Group \(g) does not exist")) }
                    names.append(entry.name)
                }
                names = Self.unique(names)
                let difference = Set(current).symmetricDifference(names)
                if !difference.isEmpty {
                    if append {
                        if names.contains(where: difference.contains) { args.append("-a"); needed = true }
                    } else {
                        needed = true
                    }
                }
            }
            if needed { args += ["-G", names.joined(separator: ",")] }
        }
        if let comment, comment != info.comment { args += ["-c", comment] }
        if let home, home != info.home { args += ["-d", home] + (moveHome ? ["-m"] : []) }
        if let shell, shell != info.shell { args += ["-s", shell] }
        if let expires {
            let currentDay = account.shadow.map { $0.expiresDay ?? -1 } ?? 0
            if expires < 0 {
                if currentDay >= 0 { args += ["-e", ""] }
            } else if currentDay < 0 || Self.expiryDate(Double(currentDay) * 86400) != Self.expiryDate(expires) {
                args += ["-e", Self.expiryDate(expires)]
            }
        }
        if let inactive { args += ["-f", String(inactive)] }
        let hash = info.password.count <= 1 ? (account.shadow?.password ?? "") : info.password
        var plan = UserPlan()
        if updatePassword == "always", let password, Self.strippingLock(hash) != Self.strippingLock(password) {
            plan.password = passwordLock == true ? "!" + password : password
        } else if passwordLock == true && !hash.hasPrefix("!") {
            args.append("-L")
        } else if passwordLock == false && hash.hasPrefix("!") {
            args.append("-U")
        }
        if !args.isEmpty { plan.command = ["usermod"] + args + [name] }
        plan.chage = chageArguments(account.shadow)
        return .success(plan)
    }

    /// chage's arguments for the ageing limits that differ from `shadow` (all asked ones when
    /// the shadow entry cannot be read).
    func chageArguments(_ shadow: ShadowEntry?) -> [String]? {
        var args: [String] = []
        if let expireMin, shadow == nil || shadow?.minimumDays != expireMin { args += ["-m", String(expireMin)] }
        if let expireMax, shadow == nil || shadow?.maximumDays != expireMax { args += ["-M", String(expireMax)] }
        if let expireWarn, shadow == nil || shadow?.warningDays != expireWarn { args += ["-W", String(expireWarn)] }
        return args.isEmpty ? nil : ["chage"] + args + [name]
    }

    static func strippingLock(_ hash: String) -> Substring { hash.drop { $0 == "!" } }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

/// What the probe found about the account and the groups the task names.
struct UserAccountState {
    var passwd: PasswdEntry?
    var shadow: ShadowEntry?
    /// The groups whose member list names the user.
    var memberOf: [String]
    var homeExists: Bool
    var userGroupExists: Bool
    var homeParentExists: Bool
    /// The `group` asked for, when it exists.
    var primary: GroupEntry?
    /// Each of `groups` by its position, when it exists.
    var groups: [Int: GroupEntry]

    init(report: ScriptReport) {
        passwd = report["passwd"].flatMap(PasswdEntry.init)
        shadow = report["shadow"].flatMap(ShadowEntry.init)
        memberOf = (report["member"] ?? "").split(separator: ",").map(String.init)
        homeExists = report.flag("home_exists")
        userGroupExists = report.flag("user_group")
        homeParentExists = report.flag("home_parent")
        primary = report["primary"].flatMap(GroupEntry.init)
        var groups: [Int: GroupEntry] = [:]
        for (key, value) in report.values where key.hasPrefix("group.") {
            if let i = Int(key.dropFirst("group.".count)), let entry = GroupEntry(value) { groups[i] = entry }
        }
        self.groups = groups
    }
}

/// What `user` runs for a present account: steps before, the useradd/usermod command, the
/// password (given on standard input to `chpasswd -e`), chage, steps after, and then, with
/// `create_home`, a missing home directory made as ansible-core makes it.
struct UserPlan {
    var before: [AccountScript.Step] = []
    var command: [String]?
    var password: String?
    var chage: [String]?
    var after: [AccountScript.Step] = []

    /// Whether anything would run.
    var acts: Bool { command != nil || password != nil || chage != nil || !before.isEmpty }

    /// The acting script: the steps, the home check, and the account printed afterwards.
    func script(_ request: UserRequest) -> AccountScript {
        var script = AccountScript()
        script.prologue = "n=\(ShellQuote.quote(request.name))\n"
        if password != nil { script.prologue += "IFS= read -r sw_pw || [ -n \"$sw_pw\" ]\n" }
        script.prologue += Self.homeFunctions(skeleton: request.skeleton)
        script.steps = before
        if let command { script.steps.append(.argv(command)) }
        if password != nil { script.steps.append(.shell("printf '%s:%s\\n' \"$n\" \"$sw_pw\" | chpasswd -e")) }
        if let chage { script.steps.append(.argv(chage)) }
        script.steps += after
        if request.createHome {
            script.steps.append(.shell("h=$(getent passwd \"$n\" | cut -d: -f6); if [ -n \"$h\" ] && [ ! -e \"$h\" ]; then sw_mkhome \"$h\" && sw_ownhome \"$h\"; fi"))
        }
        script.epilogue = "printf 'passwd=%s\\n' \"$(getent passwd \"$n\")\"\n"
        return script
    }

    /// `sw_mkhome PATH`: the skeleton copied (or an empty directory), with HOME_MODE of
    /// /etc/login.defs, else the mode its UMASK leaves, else 0755 — as ansible-core does.
    /// `sw_ownhome PATH`: the tree given to the user and its primary group.
    static func homeFunctions(skeleton: String?) -> String {
        var s = "sw_mkhome() {\n  sk=\(ShellQuote.quote(skeleton ?? "/etc/skel"))\n  mkdir -p \"$(dirname \"$1\")\" || return\n"
        s += "  if [ -e \"$sk\" ] && [ \"$sk\" != /dev/null ]; then cp -a \"$sk\" \"$1\" || return; else mkdir -p \"$1\" || return; fi\n"
        s += "  [ -e /etc/login.defs ] || return 0\n"
        s += "  hm=$(sed -n 's/^HOME_MODE[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs | head -n 1)\n"
        s += "  if [ -z \"$hm\" ]; then um=$(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs | tail -n 1)\n"
        s += "    if [ -n \"$um\" ]; then hm=$(printf '%o' $(( 0777 & ~0$um ))); else hm=755; fi; fi\n"
        s += "  chmod \"$hm\" \"$1\"\n}\n"
        s += "sw_ownhome() { chown -hR \"$(id -u \"$n\"):$(id -g \"$n\")\" \"$1\"; }\n"
        return s
    }
}
