import Foundation

/// `dnf` (and `yum`, which ansible-core redirects to it): declared with ansible-core's
/// arguments so that roles with RedHat-only tasks load and validate (ansible-core refuses an
/// unknown module even on a task `when:` skips), but not implemented: run, it fails with a
/// message saying so, after one look at the host for dnf or yum.
struct DnfModule: Module {
    static let names = ["dnf", "yum"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("allow_downgrade", .bool, default: false, description: "Allow installing an older version than the installed one."),
        ArgumentSpec("allowerasing", .bool, default: false, description: "Allow removing installed packages to resolve dependencies."),
        ArgumentSpec("autoremove", .bool, default: false, description: "Remove packages installed as dependencies that nothing needs any more."),
        ArgumentSpec("best", .bool, description: "Insist on the newest version (true), or accept an older one that installs (false)."),
        ArgumentSpec("bugfix", .bool, default: false, description: "With state latest, only updates marked as bug fixes."),
        ArgumentSpec("cacheonly", .bool, default: false, description: "Use only the metadata already cached; download nothing."),
        ArgumentSpec("conf_file", description: "A dnf configuration file on the host to use instead of the default."),
        ArgumentSpec("disable_excludes", description: "Ignore the excludes of dnf's configuration: all, main, or a repository id."),
        ArgumentSpec("disable_gpg_check", .bool, default: false, description: "Install packages without checking their signatures."),
        ArgumentSpec("disable_plugin", .list, default: [], description: "dnf plugins to disable for this task."),
        ArgumentSpec("disablerepo", .list, default: [], description: "Repositories to disable for this task."),
        ArgumentSpec("download_dir", description: "Where download_only puts the packages."),
        ArgumentSpec("download_only", .bool, default: false, description: "Download the packages without installing them."),
        ArgumentSpec("enable_plugin", .list, default: [], description: "dnf plugins to enable for this task."),
        ArgumentSpec("enablerepo", .list, default: [], description: "Repositories to enable for this task."),
        ArgumentSpec("exclude", .list, default: [], description: "Packages never to install or update in this task."),
        ArgumentSpec("install_repoquery", .bool, default: true, description: "Deprecated in ansible-core and without effect; accepted."),
        ArgumentSpec("install_weak_deps", .bool, default: true, description: "Install weakly linked (recommended) packages too."),
        ArgumentSpec("installroot", default: "/", description: "Install relative to this root directory."),
        ArgumentSpec("list", description: "List packages, repositories or updates instead of changing anything (ad-hoc use)."),
        ArgumentSpec("lock_timeout", .int, default: 30, description: "Seconds to wait for dnf's lock."),
        ArgumentSpec("name", .list, default: [], aliases: ["pkg"], description: "Packages, with an optional version (`name-1.0`), a path or URL of an rpm, or `*` with state latest."),
        ArgumentSpec("nobest", .bool, description: "The opposite of best."),
        ArgumentSpec("releasever", description: "Install from this release instead of the host's."),
        ArgumentSpec("security", .bool, default: false, description: "With state latest, only updates marked as security fixes."),
        ArgumentSpec("skip_broken", .bool, default: false, description: "Skip packages that are unavailable or whose dependencies are broken."),
        ArgumentSpec("sslverify", .bool, default: true, description: "Check the TLS certificates of the repositories."),
        ArgumentSpec("state", choices: ["absent", "present", "installed", "removed", "latest"], description: "Installed (present, installed, latest) or removed (absent, removed)."),
        ArgumentSpec("update_cache", .bool, default: false, aliases: ["expire-cache"], description: "Refresh the repository metadata first."),
        ArgumentSpec("update_only", .bool, default: false, description: "With state latest, update installed packages only."),
        ArgumentSpec("use_backend", default: "auto", choices: ["auto", "dnf", "dnf4", "dnf5", "yum", "yum4"], description: "Which dnf implementation ansible-core uses."),
        ArgumentSpec("validate_certs", .bool, default: true, description: "Check TLS certificates when downloading an rpm from an https URL."),
    ], mutuallyExclusive: [["name", "list"], ["best", "nobest"]])

    static let documentation = ModuleDocumentation(
        "Manage packages with dnf (not implemented by Swansible)",
        description: [
            "The name is known, with ansible-core's arguments, so that roles written for several distributions load: their RedHat tasks validate and are skipped by their `when:`.",
            "Swansible does not implement dnf: a task that runs fails, saying whether the host has dnf or yum at all.",
        ],
        notes: [
            "`yum` is the same module, as ansible-core redirects it to dnf.",
            "Swansible's targets are CoreOS-like and Debian hosts; on Debian, use apt or package.",
        ],
        examples: """
            - name: Only on RedHat hosts (skipped elsewhere)
              ansible.builtin.dnf:
                name: httpd
                state: present
              when: ansible_os_family == 'RedHat'
            """,
        diffMode: .none)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let probe = "for m in dnf5 dnf yum; do if command -v \"$m\" >/dev/null 2>&1; then echo \"found=$m\"; break; fi; done\n"
        let report = try await context.runReport(probe).1
        return failure(found: report["found"])
    }

    static func failure(found: String?) -> ModuleResult {
        guard let found else {
            return .failure("The dnf module (yum) is not available on this host: it has neither dnf nor yum. Swansible manages packages with apt; use apt or package on Debian hosts.")
        }
        return .failure("The dnf module (yum) is not available on this host: it has \(found), but Swansible does not implement dnf; only apt is supported.")
    }
}
