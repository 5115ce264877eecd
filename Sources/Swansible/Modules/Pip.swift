import Foundation

/// `pip`: Python packages installed, upgraded or removed with the host's own pip, in one
/// script: it creates the virtualenv when it is missing, finds pip as ansible-core does
/// (`executable`; the virtualenv's `pip3`/`pip`; the host Python's `-m pip`; `pip3` on the
/// PATH), and runs it. Changed, as in ansible-core: pip said `Successfully installed` (or
/// `uninstalled`), or, for a requirements file or a VCS URL, `pip list` differs after the run.
/// A host without pip (CoreOS has no Python) fails with ansible-core's message.
struct PipModule: Module {
    static let names = ["pip"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("break_system_packages", .bool, default: false,
                     description: "Let pip change a Python its distribution manages (PEP 668), through `PIP_BREAK_SYSTEM_PACKAGES=1`."),
        ArgumentSpec("chdir", .path, description: "The directory pip runs in (the host's temporary directory otherwise); a relative `virtualenv` is under it."),
        ArgumentSpec("editable", .bool, default: false, description: "Install in editable mode (`-e`)."),
        ArgumentSpec("executable", .path, description: "The pip to run: a path, or a name looked up on the PATH. Not with `virtualenv`."),
        ArgumentSpec("extra_args", description: "More arguments for pip, split as a shell would (`--no-index --find-links /srv/wheels`)."),
        ArgumentSpec("name", .list, description: "Packages to manage, with optional version specifiers (`foo>=1.0`), or URLs pip accepts."),
        ArgumentSpec("requirements", description: "A requirements file on the host (relative to `chdir`)."),
        ArgumentSpec("state", default: "present", choices: ["present", "absent", "latest", "forcereinstall"],
                     description: "present installs, latest upgrades (`-U`), forcereinstall reinstalls, absent uninstalls."),
        ArgumentSpec("umask", description: "The umask, in octal, for everything the task runs (`0022`)."),
        ArgumentSpec("version", description: "The version of the one package in `name` (`1.0`, or a specifier such as `>=1.0`)."),
        ArgumentSpec("virtualenv", .path, description: "A virtualenv to install into, created first when it has no `bin/activate`."),
        ArgumentSpec("virtualenv_command", .path, default: "virtualenv",
                     description: "The command that creates the virtualenv (`virtualenv`, `python3 -m venv`)."),
        ArgumentSpec("virtualenv_python", description: "The Python of a new virtualenv (`-p`); not with `venv`."),
        ArgumentSpec("virtualenv_site_packages", .bool, default: false, description: "Let the new virtualenv see the system's packages."),
    ], mutuallyExclusive: [["name", "requirements"], ["executable", "virtualenv"]], requiredOneOf: [["name", "requirements"]])

    static let documentation = ModuleDocumentation(
        "Manage Python packages with pip",
        description: [
            "Installs, upgrades or removes Python packages with the host's pip, optionally in a virtualenv it creates (`virtualenv_command`).",
            "pip is found as ansible-core finds it: `executable`, else the virtualenv's `pip3` or `pip`, else the host Python's `-m pip`, else `pip3` on the PATH.",
        ],
        notes: [
            "pip and Python are the host's: a host without them (CoreOS) fails with ansible-core's message (`Unable to find any of pip3 to use`).",
            "Check mode compares `pip list` with the names and their version specifiers; with `extra_args`, `requirements` or state latest it reports a change without asking pip.",
        ],
        examples: """
            - name: Install a package into a new virtualenv
              ansible.builtin.pip:
                name: requests>=2.28
                virtualenv: /opt/app/venv
                virtualenv_command: python3 -m venv

            - name: Install from a requirements file, offline
              ansible.builtin.pip:
                requirements: /opt/app/requirements.txt
                extra_args: --no-index --find-links /srv/wheels
            """)

    static let stateWords: [String: [String]] = [
        "present": ["install"], "absent": ["uninstall", "-y"], "latest": ["install", "-U"],
        "forcereinstall": ["install", "-U", "--force-reinstall"],
    ]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let plan: PipPlan
        switch PipPlan.make(args) {
        case .refused(let refusal): return refusal
        case .planned(let made): plan = made
        }
        let interpreter = (try? context.templar.evaluate("ansible_python_interpreter | default('')"))?.pythonString
        let report = try await context.runReport(plan.script(checkMode: context.checkMode, interpreter: interpreter)).1
        return plan.result(report, checkMode: context.checkMode)
    }
}
