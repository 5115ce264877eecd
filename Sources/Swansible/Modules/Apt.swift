import Foundation

/// `apt`: Debian packages with apt-get, dpkg-query and apt-cache, checked and acted on by one
/// script (`AptPlan`); check mode asks `apt-get --simulate`.
struct AptModule: Module {
    static let names = ["apt"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("allow_change_held_packages", .bool, default: false,
                     description: "Let apt-get change packages that are on hold (`--allow-change-held-packages`)."),
        ArgumentSpec("allow_downgrade", .bool, default: false,
                     aliases: ["allow-downgrade", "allow_downgrades", "allow-downgrades"],
                     description: "Let apt-get install an older version than the installed one (`--allow-downgrades`)."),
        ArgumentSpec("allow_unauthenticated", .bool, default: false, aliases: ["allow-unauthenticated"],
                     description: "Install packages whose origin apt cannot verify (`--allow-unauthenticated`)."),
        ArgumentSpec("auto_install_module_deps", .bool, default: true,
                     description: "ansible-core installs python3-apt with this; Swansible needs nothing on the host, so it is accepted and ignored."),
        ArgumentSpec("autoclean", .bool, default: false,
                     description: "Without packages named, remove downloaded .deb files that can no longer be fetched (`apt-get autoclean`)."),
        ArgumentSpec("autoremove", .bool, default: false,
                     description: "Remove dependencies nothing needs any more: alone, `apt-get autoremove`; with packages, `--auto-remove`."),
        ArgumentSpec("cache_valid_time", .int, default: 0,
                     description: "Refresh the package lists only when the last refresh is older than this many seconds (implies update_cache)."),
        ArgumentSpec("clean", .bool, default: false,
                     description: "Empty apt's cache of downloaded .deb files first (`apt-get clean`)."),
        ArgumentSpec("deb", .path,
                     description: "A .deb file on the host, or an http(s) URL the host downloads it from, to install (with its dependencies)."),
        ArgumentSpec("default_release", aliases: ["default-release"],
                     description: "Prefer this release (`-t`), e.g. bookworm-backports."),
        ArgumentSpec("dpkg_options", default: "force-confdef,force-confold",
                     description: "dpkg options, comma separated without the leading dashes, passed through apt-get."),
        ArgumentSpec("fail_on_autoremove", .bool, default: false,
                     description: "Fail rather than remove packages to satisfy the request (`--no-remove`)."),
        ArgumentSpec("force", .bool, default: false,
                     description: "Install or remove even when apt would refuse (`--force-yes`): dangerous."),
        ArgumentSpec("force_apt_get", .bool, default: false,
                     description: "Use apt-get for upgrades even when aptitude is installed."),
        ArgumentSpec("install_recommends", .bool, aliases: ["install-recommends"],
                     description: "Install recommended packages too (yes), never (no); unset, apt's own setting decides."),
        ArgumentSpec("lock_timeout", .int, default: 60,
                     description: "Seconds to wait for another apt or dpkg to release its lock."),
        ArgumentSpec("name", .list, aliases: ["package", "pkg"],
                     description: "Packages: `name`, `name=version` (a pattern such as `1.2*` allowed), `name>=version`, or a name pattern such as `python3-*`."),
        ArgumentSpec("only_upgrade", .bool, default: false,
                     description: "Upgrade the named packages that are installed, and install none that are not."),
        ArgumentSpec("policy_rc_d", .int,
                     description: "While apt runs, a /usr/sbin/policy-rc.d that exits with this code (101 keeps services from starting)."),
        ArgumentSpec("purge", .bool, default: false,
                     description: "With state absent, remove configuration files too (`--purge`)."),
        ArgumentSpec("state", default: "present", choices: ["absent", "build-dep", "latest", "present", "fixed"],
                     description: "present: installed; latest: the newest version available; absent: removed; build-dep: what building them needs; fixed: broken dependencies repaired."),
        ArgumentSpec("update_cache", .bool, aliases: ["update-cache"],
                     description: "Refresh the package lists (`apt-get update`) before anything else; alone, it is the whole task."),
        ArgumentSpec("update_cache_retries", .int, default: 5,
                     description: "How many times to try the refresh before failing."),
        ArgumentSpec("update_cache_retry_max_delay", .int, default: 12,
                     description: "The longest pause, in seconds, between two refresh attempts (they double from one second)."),
        ArgumentSpec("upgrade", default: "no", choices: ["dist", "full", "no", "safe", "yes"],
                     description: "Upgrade the whole system: yes/safe (aptitude safe-upgrade, or apt-get upgrade --with-new-pkgs), full, dist (apt-get dist-upgrade)."),
    ], mutuallyExclusive: [["deb", "name", "upgrade"]],
        requiredOneOf: [["autoremove", "deb", "name", "update_cache", "upgrade"]])

    static let documentation = ModuleDocumentation(
        "Manage apt packages",
        description: [
            "Installs, upgrades and removes Debian packages, refreshes the package lists and upgrades the whole system, with apt-get on the host.",
            "One shell script reads dpkg's database and apt's policy, decides and runs the single apt-get command needed; nothing but apt, dpkg and coreutils is needed on the host (no python3-apt).",
        ],
        notes: [
            "Check mode runs apt-get with `--simulate`; `changed` is predicted, the lists are not refreshed (cache_updated is then true when they would be).",
            "With --diff, the result's diff is apt-get's own summary of what it does (ansible's `prepared` diff).",
            "`deb` is installed with `apt-get install FILE`, which also brings its dependencies (ansible-core runs dpkg -i after installing them); an installed later version fails unless allow_downgrade or force.",
            "A version pattern (`name=1.2*`) picks the newest available version matching it; ansible-core's legacy reinstall of a pattern that matches both the installed and a newer version is not reproduced.",
            "Like ansible-core, update_cache with cache_valid_time refreshes only lists older than that; and the task's `changed` with packages named reflects the packages, not the refresh (see cache_updated).",
        ],
        examples: """
            - name: The lists are fresh (at most an hour old) and tree is installed
              ansible.builtin.apt:
                name: tree
                update_cache: true
                cache_valid_time: 3600

            - name: A pinned version
              ansible.builtin.apt:
                name: nginx=1.22*

            - name: Gone, with its configuration
              ansible.builtin.apt:
                name: [telnet, ftp]
                state: absent
                purge: true

            - name: Everything up to date
              ansible.builtin.apt:
                upgrade: dist
                update_cache: true
            """,
        diffMode: .full)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        try await run(args, in: context, missing: .apt)
    }

    static func run(_ args: ModuleArguments, in context: ModuleContext, missing: AptPlan.MissingAptGet) async throws -> ModuleResult {
        let aptPlan: AptPlan
        switch plan(from: args) {
        case .success(let p): aptPlan = p
        case .failure(let problem): return .failure(problem.message)
        }
        let output = try await context.runScript(aptPlan.script(checkMode: context.checkMode))
        return aptPlan.result(from: output, checkMode: context.checkMode, diffMode: context.diffMode, missing: missing)
    }

    struct Problem: Error { var message: String }

    /// The plan for the arguments, or ansible-core's message for a request it refuses before
    /// touching the host.
    static func plan(from args: ModuleArguments) -> Result<AptPlan, Problem> {
        var plan = AptPlan()
        let given = args["name"]?.listValue?.map(\.pythonString) ?? []
        let names = given.filter { $0 != "*" }.map { $0.trimmingCharacters(in: .whitespaces) }
        plan.state = args.string("state") ?? "present"
        if plan.state == "latest" && given.contains("*") {
            if !names.isEmpty { return .failure(Problem(message: "unable to install additional packages when upgrading all installed packages")) }
            plan.upgrade = "yes"
        }
        if let bad = names.first(where: { $0.filter { $0 == "=" }.count > 1 }) {
            return .failure(Problem(message: "invalid package spec: \(bad)"))
        }
        plan.packages = names.map(AptPlan.PackageSpec.init)
        plan.cacheValidTime = args.int("cache_valid_time") ?? 0
        plan.updateCache = args.bool("update_cache") || plan.cacheValidTime != 0
        plan.updateRetries = args.int("update_cache_retries") ?? 5
        plan.updateRetryMaxDelay = args.int("update_cache_retry_max_delay") ?? 12
        plan.purge = args.bool("purge")
        plan.deb = args.string("deb")
        if plan.deb != nil && plan.state != "present" { return .failure(Problem(message: "deb only supports state=present")) }
        plan.defaultRelease = args.string("default_release")
        plan.installRecommends = args["install_recommends"].map(\.isTruthy)
        plan.force = args.bool("force")
        if let upgrade = args.string("upgrade"), upgrade != "no" { plan.upgrade = upgrade }
        plan.dpkgOptions = args.string("dpkg_options") ?? plan.dpkgOptions
        plan.autoremove = args.bool("autoremove")
        plan.autoclean = args.bool("autoclean")
        plan.failOnAutoremove = args.bool("fail_on_autoremove")
        plan.policyRcD = args.int("policy_rc_d")
        plan.onlyUpgrade = args.bool("only_upgrade")
        plan.forceAptGet = args.bool("force_apt_get")
        plan.clean = args.bool("clean")
        plan.allowUnauthenticated = args.bool("allow_unauthenticated")
        plan.allowDowngrade = args.bool("allow_downgrade")
        plan.allowChangeHeldPackages = args.bool("allow_change_held_packages")
        plan.lockTimeout = args.int("lock_timeout") ?? 60
        return .success(plan)
    }
}
