/// `service_facts`: the host's services in `ansible_facts.services`, read the way ansible-core's
/// module reads them — SysV scripts from `service --status-all` (where neither chkconfig nor
/// rc-status exists), then systemd's (list-units for the state, list-unit-files for the status,
/// `show --property=ActiveState` for units that are only files) — in one script.
struct ServiceFactsModule: Module {
    static let names = ["service_facts"]
    static let spec = ModuleSpec(arguments: [])

    static let documentation = ModuleDocumentation(
        "Return the host's services as facts",
        description: [
            "Sets `ansible_facts.services`: for each systemd service, its `name`, `state` (running, stopped, or the ActiveState of a unit that is not loaded), `status` (enabled, disabled, static, masked, failed, not-found...) and `source` (systemd).",
        ],
        notes: [
            "SysV init scripts (`service --status-all`, source `sysv`) and systemd services are read; upstart, chkconfig and OpenRC are not.",
            "One round trip: a shell script runs systemctl three ways and the controller reads the output.",
        ],
        examples: """
            - name: Read the services
              ansible.builtin.service_facts:

            - name: Say whether etcd runs
              ansible.builtin.debug:
                msg: "{{ ansible_facts.services['etcd-member.service'].state }}"
            """)

    static let separator = "--swansible-service-facts--"

    /// `service --status-all`, list-units, list-unit-files, then `NAME ActiveState=...` for the
    /// unit files list-units lacks.
    static let script = """
        if command -v service >/dev/null 2>&1 && ! command -v chkconfig >/dev/null 2>&1 \\
            && ! command -v rc-status >/dev/null 2>&1; then
            service --status-all 2>/dev/null
        fi
        echo \(separator)
        command -v systemctl >/dev/null 2>&1 || exit 0
        units=$(systemctl list-units --no-pager --type service --all --plain 2>/dev/null)
        files=$(systemctl list-unit-files --no-pager --type service --all 2>/dev/null)
        printf '%s\\n' "$units"
        echo \(separator)
        printf '%s\\n' "$files"
        echo \(separator)
        printf '%s\\n' "$files" | while read -r name rest; do
            case $name in *.service) ;; *) continue ;; esac
            printf '%s\\n' "$units" | awk -v n="$name" '$1 == n { found = 1 } END { exit !found }' && continue
            printf '%s %s\\n' "$name" "$(systemctl show "$name" --property=ActiveState 2>/dev/null)"
        done
        """

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let result = try await context.runScript(script)
        guard result.exitCode == 0 else { return .failure("Could not list the services: \(result.stderr)") }
        let services = services(fromScriptOutput: result.stdout)
        if services.isEmpty {
            return ModuleResult(skipped: true, message: "Failed to find any services. This can be due to privileges or some other configuration issue.")
        }
        var facts = ModuleResult(facts: ["services": .dict(services)])
        facts.reportsFacts = true
        return facts
    }

    static let badStates: Set<String> = ["not-found", "masked", "failed"]

    /// The services, from the script's four sections (SysV first: systemd's names win).
    static func services(fromScriptOutput output: String) -> ValueDict {
        var sections = output.components(separatedBy: separator + "\n")
        var services = ValueDict()
        for line in (sections.isEmpty ? "" : sections.removeFirst()).split(separator: "\n") {
            // ` [ + ]  ssh`: + running, - stopped; `[ ? ]` lines are not services.
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("[ "), trimmed.count > 6 else { continue }
            let mark = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)]
            guard mark == "+" || mark == "-", trimmed.dropFirst(3).hasPrefix(" ]") else { continue }
            let name = trimmed.dropFirst(5).drop { $0 == " " || $0 == "\t" }
            guard !name.isEmpty else { continue }
            services[String(name)] = ["name": .string(String(name)), "state": .string(mark == "+" ? "running" : "stopped"),
                                      "source": "sysv"]
        }
        let unitLines = (sections.first ?? "").split(separator: "\n").filter { $0.contains(".service") }
        for line in unitLines {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 4 else { continue }
            // Like ansible-core: a bad state anywhere but in the last word wins over ACTIVE.
            let status = badStates.sorted().first { fields.dropLast().contains($0) } ?? fields[2]
            services[fields[0]] = entry(fields[0], state: fields[3] == "running" ? "running" : "stopped", status: status)
        }
        var activeStates: [String: String] = [:]
        if sections.count > 2 {
            for line in sections[2].split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let state = parts[1].hasPrefix("ActiveState=") ? String(parts[1].dropFirst("ActiveState=".count)) : ""
                activeStates[parts[0]] = state.isEmpty ? "unknown" : state
            }
        }
        let fileLines = sections.count > 1 ? sections[1].split(separator: "\n").filter { $0.contains(".service") } : []
        for line in fileLines {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 2 else { continue }
            let (name, status) = (fields[0], fields[1])
            if case .dict(var existing)? = services[name] {
                if case .string(let current)? = existing["status"], !badStates.contains(current) {
                    existing["status"] = .string(status)
                    services[name] = .dict(existing)
                }
            } else {
                services[name] = entry(name, state: activeStates[name] ?? "unknown", status: status)
            }
        }
        return services
    }

    private static func entry(_ name: String, state: String, status: String) -> Value {
        ["name": .string(name), "state": .string(state), "status": .string(status), "source": "systemd"]
    }
}
