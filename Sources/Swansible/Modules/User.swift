import Foundation

/// `user`: a local account present (uid, groups, home, shell, password...) or absent, through
/// useradd, usermod, userdel, chpasswd and chage. One script looks the account up (passwd,
/// shadow, its groups, the groups asked for); a second acts and looks again, only when needed.
/// The password hash reaches the host on the script's standard input, never on a command line.
struct UserModule: Module {
    static let names = ["user"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("append", .bool, default: false,
                     description: "Add the user to `groups` and keep the other groups it is in, instead of making `groups` its only ones."),
        ArgumentSpec("authorization", description: "Solaris authorizations; accepted, not applied (Linux hosts)."),
        ArgumentSpec("comment", description: "The account's description (GECOS field), often the person's full name."),
        ArgumentSpec("create_home", .bool, default: true, aliases: ["createhome"],
                     description: "Create the home directory when the account is created, or when it is missing later."),
        ArgumentSpec("expires", .float,
                     description: "When the account expires, in seconds since the epoch (only the day counts); a negative value removes the expiry."),
        ArgumentSpec("force", .bool, default: false,
                     description: "With `state: absent`, remove the account even when the user is logged in (`userdel -f`)."),
        ArgumentSpec("generate_ssh_key", .bool,
                     description: "Generate an SSH key for the user; not supported by Swansible yet (the task fails when asked)."),
        ArgumentSpec("group", description: "The primary group, by name or gid; it must exist."),
        ArgumentSpec("groups", .list,
                     description: "Supplementary groups (each must exist); an empty list removes them all unless `append` is set."),
        ArgumentSpec("hidden", .bool, description: "macOS only; accepted, not applied."),
        ArgumentSpec("home", .path, description: "The home directory."),
        ArgumentSpec("local", .bool,
                     description: "Use libuser's luseradd family; not supported by Swansible (its hosts have shadow-utils)."),
        ArgumentSpec("login_class", description: "BSD login class; accepted, not applied (Linux hosts)."),
        ArgumentSpec("move_home", .bool, default: false,
                     description: "When `home` changes, move the old home directory's contents there (`usermod -m`)."),
        ArgumentSpec("name", required: true, aliases: ["user"], description: "Name of the account."),
        ArgumentSpec("non_unique", .bool, default: false,
                     description: "Allow a `uid` that another account already has (`-o`)."),
        ArgumentSpec("password", noLog: true,
                     description: "The password as a crypt(3) hash (what `password_hash` makes), never clear text."),
        ArgumentSpec("password_expire_account_disable", .int,
                     description: "Days after the password expires before the account is disabled (`-f`)."),
        ArgumentSpec("password_expire_max", .int, description: "Maximum number of days between password changes (`chage -M`)."),
        ArgumentSpec("password_expire_min", .int, description: "Minimum number of days between password changes (`chage -m`)."),
        ArgumentSpec("password_expire_warn", .int,
                     description: "Days of warning before the password expires (`chage -W`)."),
        ArgumentSpec("password_lock", .bool,
                     description: "Lock the password (a `!` before the hash) when true, unlock it when false."),
        ArgumentSpec("profile", description: "Solaris profile; accepted, not applied (Linux hosts)."),
        ArgumentSpec("remove", .bool, default: false,
                     description: "With `state: absent`, also remove the home directory and mail spool (`userdel -r`)."),
        ArgumentSpec("role", description: "Solaris role; accepted, not applied (Linux hosts)."),
        ArgumentSpec("seuser", description: "SELinux user of the account (`useradd -Z`), when it is created."),
        ArgumentSpec("shell", .path, description: "The login shell."),
        ArgumentSpec("skeleton", description: "Directory whose files are copied into a new home directory (`useradd -k`)."),
        ArgumentSpec("ssh_key_bits", .int, default: 0, description: "Bits of a generated SSH key; see `generate_ssh_key`."),
        ArgumentSpec("ssh_key_comment", default: "ansible-generated on $HOSTNAME",
                     description: "Comment of a generated SSH key; see `generate_ssh_key`."),
        ArgumentSpec("ssh_key_file", .path, description: "Path of a generated SSH key; see `generate_ssh_key`."),
        ArgumentSpec("ssh_key_passphrase", noLog: true, description: "Passphrase of a generated SSH key; see `generate_ssh_key`."),
        ArgumentSpec("ssh_key_type", default: "rsa", description: "Type of a generated SSH key; see `generate_ssh_key`."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the account should exist."),
        ArgumentSpec("system", .bool, default: false,
                     description: "Create a system account (a uid from the system range), when the account is created."),
        ArgumentSpec("uid", .int, description: "The account's numeric id."),
        ArgumentSpec("uid_max", .int, description: "Highest uid useradd may pick (overrides UID_MAX of /etc/login.defs)."),
        ArgumentSpec("uid_min", .int, description: "Lowest uid useradd may pick (overrides UID_MIN of /etc/login.defs)."),
        ArgumentSpec("umask", description: "Umask of the new home directory (`useradd -K UMASK=`)."),
        ArgumentSpec("update_password", default: "always", choices: ["always", "on_create"],
                     description: "`always` sets `password` whenever the hash differs; `on_create` only for a new account."),
    ])

    static let documentation = ModuleDocumentation(
        "Manage user accounts",
        description: [
            "Creates, changes or removes a local account on the host: its uid, primary and supplementary groups, comment, home directory, shell, password hash and its locking, expiry and password ageing.",
            "Uses shadow-utils (`useradd`, `usermod`, `userdel`, `chpasswd -e`, `chage`) through shell scripts: an account that is already as asked costs one round trip, a change two.",
        ],
        notes: [
            "The password hash is given to `chpasswd -e` on standard input rather than to `useradd -p`/`usermod -p`, so it never shows in the host's process list.",
            "Not supported: SSH key generation (`generate_ssh_key`), libuser (`local: true`), and the macOS, BSD and Solaris options, which are accepted and ignored.",
            "ansible-core warns when `password` does not look like a crypt hash; Swansible sets it as given, without that warning.",
            "`password_expire_min`/`max`/`warn` are compared with the shadow entry, so chage runs only when they differ; `password_expire_account_disable` is given to usermod on every run and reported as a change, as ansible-core does.",
        ],
        examples: """
            - name: The etcd service account
              ansible.builtin.user:
                name: etcd
                system: true
                shell: /usr/sbin/nologin
                home: /var/lib/etcd
                create_home: false

            - name: Alice may use docker, and keeps her other groups
              ansible.builtin.user:
                name: alice
                groups: [docker]
                append: true

            - name: Bob is gone, with his home
              ansible.builtin.user:
                name: bob
                state: absent
                remove: true
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let request = UserRequest(args)
        if let problem = request.problem { return .failure(problem) }
        let probe = try await context.runScript(request.probeScript)
        let account = UserAccountState(report: ScriptReport(probe.stdout))
        var fields: ValueDict = ["name": .string(request.name), "state": .string(request.present ? "present" : "absent")]

        guard request.present else {
            guard account.passwd != nil else { return ModuleResult(changed: false, fields: fields) }
            if context.checkMode { return ModuleResult(changed: true) }
            var argv = ["userdel"]
            if request.force { argv.append("-f") }
            if request.remove { argv.append("-r") }
            let outcome = try await act(AccountScript(steps: [.argv(argv + [request.name])]), in: context)
            fields["force"] = .bool(request.force)
            fields["remove"] = .bool(request.remove)
            return finish(outcome, fields: fields, changed: true)
        }

        if account.passwd == nil {
            if context.checkMode { return ModuleResult(changed: true) }
            let plan: UserPlan
            switch request.creation(account) {
            case .failure(let message): return .failure(message.text)
            case .success(let p): plan = p
            }
            let outcome = try await act(plan.script(request), in: context, password: plan.password)
            fields["system"] = .bool(request.system)
            fields["create_home"] = .bool(request.createHome)
            return finish(outcome, fields: fields, changed: true, request: request)
        }

        let plan: UserPlan
        switch request.modification(account) {
        case .failure(let message): return .failure(message.text)
        case .success(let p): plan = p
        }
        fields["append"] = .bool(request.append)
        fields["move_home"] = .bool(request.moveHome)
        let homeMissing = request.createHome && !account.homeExists
        if context.checkMode || !(plan.acts || homeMissing) {
            // ansible-core reports the account as it is; a missing home counts as a change.
            return describe(account.passwd, fields: fields, changed: plan.acts || homeMissing, request: request)
        }
        let outcome = try await act(plan.script(request), in: context, password: plan.password)
        return finish(outcome, fields: fields, changed: true, request: request)
    }

    static func act(_ script: AccountScript, in context: ModuleContext, password: String? = nil) async throws -> AccountScript.Outcome {
        let input = password.map { Data(($0 + "\n").utf8) }
        return AccountScript.outcome(of: try await context.runScript(script.text, stdin: input))
    }

    /// The result after acting: ansible's failure (`msg` is the commands' stderr) or the account.
    static func finish(_ outcome: AccountScript.Outcome, fields base: ValueDict, changed: Bool,
                       request: UserRequest? = nil) -> ModuleResult {
        var fields = base
        if outcome.stdout != "" { fields["stdout"] = .string(outcome.stdout) }
        if outcome.stderr != "" { fields["stderr"] = .string(outcome.stderr) }
        AccountScript.addLines(to: &fields)
        guard let rc = outcome.rc, rc == 0 else {
            return .failure(outcome.stderr, fields: ["name": fields["name"] ?? .null, "rc": .int(outcome.rc ?? 1)])
        }
        guard let request else { return ModuleResult(changed: changed, fields: ContentInstall.sorted(fields)) }
        return describe(outcome.report["passwd"].flatMap(PasswdEntry.init), fields: fields, changed: changed, request: request)
    }

    /// ansible-core's result for a present account: uid, group (the gid), comment, home, shell,
    /// and the groups and a masked password when they were given.
    static func describe(_ passwd: PasswdEntry?, fields base: ValueDict, changed: Bool, request: UserRequest) -> ModuleResult {
        var fields = base
        if request.password != nil { fields["password"] = "NOT_LOGGING_PASSWORD" }
        if let passwd {
            fields["uid"] = .int(passwd.uid)
            fields["group"] = .int(passwd.gid)
            fields["comment"] = .string(passwd.comment)
            fields["home"] = .string(passwd.home)
            fields["shell"] = .string(passwd.shell)
        }
        if let groups = request.groups { fields["groups"] = .string(groups.joined(separator: ",")) }
        return ModuleResult(changed: changed, fields: ContentInstall.sorted(fields))
    }
}
