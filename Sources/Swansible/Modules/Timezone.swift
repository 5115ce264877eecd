import Foundation

/// `timezone` (community.general.timezone; ansible-core routes the short name there): the
/// system's time zone and whether the hardware clock keeps local time. Where `timedatectl`
/// answers (systemd), it reads and sets both; elsewhere it writes /etc/timezone and
/// /etc/localtime (Debian's way, with `dpkg-reconfigure tzdata` when present). One script.
struct TimezoneModule: Module {
    static let names = ["timezone", "community.general.timezone"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("hwclock", aliases: ["rtc"], choices: ["local", "UTC"],
                     description: "Whether the hardware clock keeps local time or UTC (systemd hosts: `timedatectl set-local-rtc`)."),
        ArgumentSpec("name", description: "The time zone, a name under /usr/share/zoneinfo (`Europe/Paris`, `Etc/UTC`)."),
    ], requiredOneOf: [["name", "hwclock"]])

    static let documentation = ModuleDocumentation(
        "Set the system's time zone",
        description: [
            "Sets the time zone of the system clock, and whether the hardware clock keeps local time, only when they differ; the result's `diff` holds both before and after.",
        ],
        notes: [
            "community.general's module; ansible-core routes `timezone` to it, and so does Swansible (community.general is not needed).",
            "With systemd, `timedatectl` reads and sets the values; without it, /etc/timezone and the /etc/localtime link are written (and `dpkg-reconfigure tzdata` runs where it exists). `hwclock` is only supported with systemd.",
            "Restart cron and the services that read the time zone after it changes.",
        ],
        examples: """
            - name: Keep the cluster's clocks in UTC
              community.general.timezone:
                name: Etc/UTC

            - name: The hardware clock in UTC too (the short name is routed to community.general)
              ansible.builtin.timezone:
                hwclock: UTC
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let name = args.string("name"), hwclock = args.string("hwclock")
        let result = try await context.runScript(script(name: name, hwclock: hwclock, checkMode: context.checkMode))
        let report = ScriptReport(result.stdout)
        if report.flag("failed") { return .failure(report["abort"].map { "Error message:\n" + $0 } ?? report["msg"] ?? result.stderr) }
        guard report["done"] != nil else { return .failure("timezone failed on the host: \(result.stderr)") }
        var before = ValueDict(), after = ValueDict()
        if let name {
            before["name"] = .string(report["name_before"] ?? "")
            after["name"] = .string(context.checkMode ? name : report["name_after"] ?? "")
        }
        if let hwclock {
            before["hwclock"] = .string(report["hwclock_before"] ?? "")
            after["hwclock"] = .string(context.checkMode ? hwclock : report["hwclock_after"] ?? "")
        }
        if !context.checkMode, (name.map { after["name"] != .string($0) } ?? false) || (hwclock.map { after["hwclock"] != .string($0) } ?? false) {
            return .failure("Error message:\nstill not desired state, though changes have made - planned: \(Value.dict(planned(name, hwclock)).pythonRepr), after: \(Value.dict(after).pythonRepr)")
        }
        let messages = result.stdout.split(separator: "\n").filter { $0.hasPrefix("log=") }.map { String($0.dropFirst(4)) }
        // --diff shows the two dicts as ansible-core's callback serialises them (sorted, indent 4).
        let shown = context.diffMode && before != after
            ? [FileDiff(path: "", before: Value.dict(before).jsonText(indent: 4, sortKeys: true) + "\n",
                        after: Value.dict(after).jsonText(indent: 4, sortKeys: true) + "\n")] : []
        return ModuleResult(changed: before != after, message: messages.isEmpty ? nil : messages.joined(separator: "\n"),
                            fields: ["diff": ["after": .dict(after), "before": .dict(before)]], diff: shown)
    }

    private static func planned(_ name: String?, _ hwclock: String?) -> ValueDict {
        var planned = ValueDict()
        if let name { planned["name"] = .string(name) }
        if let hwclock { planned["hwclock"] = .string(hwclock) }
        return planned
    }

    /// Prints `name_before`/`name_after`, `hwclock_before`/`hwclock_after`, `log=` lines for
    /// the commands run, and `done=1`.
    static func script(name: String?, hwclock: String?, checkMode: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nname=\(q(name ?? ""))\nhwclock=\(q(hwclock ?? ""))\n"
        s += #"""
            sw_abort() { printf 'failed=1\nabort=%s\n' "$1" | tr -d '\r'; exit 1; }
            run() { "$@" >/dev/null 2>"${TMPDIR:-/tmp}/.sw-tz.$$" || { m=$(cat "${TMPDIR:-/tmp}/.sw-tz.$$"); rm -f "${TMPDIR:-/tmp}/.sw-tz.$$"; sw_abort "$m"; }
                   rm -f "${TMPDIR:-/tmp}/.sw-tz.$$"; printf 'log=executed `%s`\n' "$*"; }
            if [ -n "$name" ] && [ ! -f "/usr/share/zoneinfo/$name" ]; then sw_abort "given timezone \"$name\" is not available"; fi
            tdc=$(command -v timedatectl)
            if [ -n "$tdc" ] && "$tdc" >/dev/null 2>&1; then
              status() { "$tdc" status | sed -n "s/^ *$1 *: *\([^ ]*\).*/\1/p" | head -n 1; }
              rtc() { case $(status 'RTC in local TZ') in yes) echo local ;; *) echo UTC ;; esac; }
              [ -z "$name" ] || echo "name_before=$(status 'Time \{0,1\}zone')"
              [ -z "$hwclock" ] || echo "hwclock_before=$(rtc)"
              if [ "$sw_check" != 1 ]; then
                [ -z "$name" ] || [ "$(status 'Time \{0,1\}zone')" = "$name" ] || run "$tdc" set-timezone "$name"
                if [ -n "$hwclock" ] && [ "$(rtc)" != "$hwclock" ]; then
                  if [ "$hwclock" = local ]; then run "$tdc" set-local-rtc yes; else run "$tdc" set-local-rtc no; fi
                fi
                [ -z "$name" ] || echo "name_after=$(status 'Time \{0,1\}zone')"
                [ -z "$hwclock" ] || echo "hwclock_after=$(rtc)"
              fi
            else
              [ -z "$hwclock" ] || sw_abort "hwclock can only be set where timedatectl answers (systemd)"
              current() { sed -n '1s/^\([^ ]*\).*/\1/p' /etc/timezone 2>/dev/null; }
              echo "name_before=$(current)"
              if [ "$sw_check" != 1 ] && [ "$(current)" != "$name" ]; then
                printf '%s\n' "$name" >/etc/timezone || sw_abort "tried to configure name using a file \"/etc/timezone\", but could not write to it"
                echo "log=Added 1 line and deleted 1 line(s) on /etc/timezone"
                run ln -sf "/usr/share/zoneinfo/$name" /etc/localtime
                if command -v dpkg-reconfigure >/dev/null 2>&1; then run dpkg-reconfigure --frontend noninteractive tzdata; fi
              fi
              [ "$sw_check" = 1 ] || echo "name_after=$(current)"
            fi
            echo done=1

            """#
        return s
    }
}
