import Foundation

/// `firewalld` (ansible.posix.firewalld; ansible-core routes the short name there): one
/// service, port, source, interface, rich rule, masquerade or ICMP block of a zone, in the
/// running configuration (immediate), the permanent one, or both; or a zone itself. Where
/// ansible.posix talks to firewalld's Python API, one script asks `firewall-cmd --query-…`
/// and adds or removes only what differs; with the daemon stopped, the permanent
/// configuration is edited with `firewall-offline-cmd`.
struct FirewalldModule: Module {
    static let names = ["firewalld", "ansible.posix.firewalld"]
    static let items = ["icmp_block", "icmp_block_inversion", "service", "port", "port_forward", "rich_rule",
                        "interface", "masquerade", "source", "target", "default"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("default", .bool, description: "Make `zone` the default zone (not supported by Swansible yet)."),
        ArgumentSpec("icmp_block", description: "An ICMP type to block in the zone (`echo-request`)."),
        ArgumentSpec("icmp_block_inversion", description: "Invert the zone's ICMP blocks (not supported by Swansible yet)."),
        ArgumentSpec("immediate", .bool, default: false, description: "Apply a permanent change to the running firewall too."),
        ArgumentSpec("interface", description: "An interface to put in (or remove from) the zone."),
        ArgumentSpec("masquerade", description: "Masquerading of the zone, turned on or off by `state`."),
        ArgumentSpec("offline", .bool, description: "Accepted; with the daemon stopped, permanent changes are made offline anyway, as ansible.posix does."),
        ArgumentSpec("permanent", .bool, description: "Change the permanent configuration (without it, the running one)."),
        ArgumentSpec("port", description: "A port or port range with its protocol: `8080/tcp`, `161-162/udp`."),
        ArgumentSpec("port_forward", .list, description: "A port forward (not supported by Swansible yet)."),
        ArgumentSpec("rich_rule", description: "A rich language rule."),
        ArgumentSpec("service", description: "A service firewalld knows (`firewall-cmd --get-services`)."),
        ArgumentSpec("source", description: "A source address or network to bind to the zone."),
        ArgumentSpec("state", required: true, choices: ["absent", "disabled", "enabled", "present"],
                     description: "enabled/disabled for the setting; present/absent for the zone itself (with `zone` and `permanent` alone)."),
        ArgumentSpec("target", choices: ["default", "ACCEPT", "DROP", "%%REJECT%%"], description: "The zone's target (not supported by Swansible yet)."),
        ArgumentSpec("timeout", .int, default: 0, description: "Seconds a running (non-permanent) setting lasts; 0: until reload."),
        ArgumentSpec("zone", description: "The zone; firewalld's default zone when not given."),
    ], mutuallyExclusive: [items], requiredBy: [
        RequiredBy("interface", requires: ["zone"]), RequiredBy("target", requires: ["zone"]),
        RequiredBy("default", requires: ["zone"]), RequiredBy("source", requires: ["permanent"]),
    ])

    static let documentation = ModuleDocumentation(
        "Manage services, ports and zones of firewalld",
        description: [
            "Adds or removes a service, port, source, interface, rich rule, masquerading or an ICMP block in a zone, in the running configuration, the permanent one or both, only where it differs; or creates and deletes a zone.",
        ],
        notes: [
            "ansible.posix's module; ansible-core routes `firewalld` to it, and so does Swansible (ansible.posix is not needed).",
            "Works with `firewall-cmd` (and `firewall-offline-cmd` when the daemon is stopped) instead of firewalld's Python bindings: the host needs no Python.",
            "`port_forward`, `icmp_block_inversion`, `target` and `default` are not supported yet and fail with a clear message.",
        ],
        examples: """
            - name: Open HTTPS in the default zone, now and after reboots
              ansible.posix.firewalld:
                service: https
                permanent: true
                immediate: true
                state: enabled

            - name: The kubelet's port for the cluster's network (the short name is routed to ansible.posix)
              ansible.builtin.firewalld:
                port: 10250/tcp
                zone: internal
                permanent: true
                state: enabled
            """)

    static let missingMessage = "Python Module not found: firewalld and its python module are required for this module, "
        + String(repeating: " ", count: 24) + "version 0.2.11 or newer required (0.3.9 or newer for offline operations)"
    static let zoneNotPermanent = "Zone operations must be permanent. Make sure you didn't set the 'permanent' flag to 'false' or the 'immediate' flag to 'true'."

    /// What one task changes: the firewall-cmd options that query, add and remove it, and
    /// the words of the module's messages (`%z` stands for the zone).
    struct Item {
        var query: [String]
        var add: [String]
        var remove: [String]
        /// firewall-offline-cmd's own spelling where it differs (its --remove-service removes
        /// the service from the default zone, lokkit's way).
        var offlineRemove: [String]? = nil
        var enabledMessage: String?
        var disabledMessage: String?
        var changedMessage: String?
        var takesTimeout = false
        var isZone = false
    }

    static func item(_ args: ModuleArguments, state: String) -> Result<Item, ModuleError> {
        func option(_ name: String, _ value: String) -> Item {
            Item(query: ["--query-\(name)=\(value)"], add: ["--add-\(name)=\(value)"], remove: ["--remove-\(name)=\(value)"],
                 changedMessage: "Changed \(name.replacingOccurrences(of: "-", with: "_")) \(value) to \(state)", takesTimeout: true)
        }
        if let unsupported = ["port_forward", "icmp_block_inversion", "target", "default"].first(where: { args[$0] != nil }) {
            return .failure(ModuleError("\(unsupported) of firewalld is not supported by Swansible yet"))
        }
        let modifies = items.contains { args[$0] != nil }
        if modifies && ["absent", "present"].contains(state) {
            return .failure(ModuleError("absent and present state can only be used in zone level operations"))
        }
        if let port = args.string("port") {
            let parts = port.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else { return .failure(ModuleError("improper port format (missing protocol?)")) }
            return .success(option("port", "\(parts[0])/\(parts[1])"))
        }
        if let service = args.string("service") {
            var item = option("service", service)
            item.offlineRemove = ["--remove-service-from-zone=\(service)"]
            return .success(item)
        }
        if let block = args.string("icmp_block") { return .success(option("icmp-block", block)) }
        if let rule = args.string("rich_rule") { return .success(option("rich-rule", rule)) }
        if let source = args.string("source") {
            return .success(Item(query: ["--query-source=\(source)"], add: ["--add-source=\(source)"], remove: ["--remove-source=\(source)"],
                                 enabledMessage: "Added \(source) to zone %z", disabledMessage: "Removed \(source) from zone %z"))
        }
        if let interface = args.string("interface") {
            return .success(Item(query: ["--query-interface=\(interface)"], add: ["--change-interface=\(interface)"],
                                 remove: ["--remove-interface=\(interface)"], enabledMessage: "Changed \(interface) to zone %z",
                                 disabledMessage: "Removed \(interface) from zone %z"))
        }
        if args["masquerade"] != nil {
            return .success(Item(query: ["--query-masquerade"], add: ["--add-masquerade"], remove: ["--remove-masquerade"],
                                 enabledMessage: "Added masquerade to zone %z", disabledMessage: "Removed masquerade from zone %z"))
        }
        return .success(Item(query: [], add: [], remove: [], enabledMessage: "Added zone %z", disabledMessage: "Removed zone %z",
                             changedMessage: "Changed zone %z to \(state)", isZone: true))
    }

    struct ModuleError: Error { var message: String; init(_ message: String) { self.message = message } }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let state = args.string("state") ?? "enabled"
        let item: Item
        switch self.item(args, state: state) {
        case .success(let found): item = found
        case .failure(let error): return .failure(error.message)
        }
        // Like ansible.posix, enabled or disabled with nothing to change does nothing.
        if item.isZone && !["absent", "present"].contains(state) { return ModuleResult(message: "") }
        let permanent = args.bool("permanent")
        let immediate = args.bool("immediate") || !permanent
        if item.isZone && immediate { return .failure(zoneNotPermanent) }
        let result = try await context.runScript(script(item, zone: args.string("zone"), permanent: permanent, immediate: immediate,
                                                        enable: ["enabled", "present"].contains(state),
                                                        timeout: args.int("timeout") ?? 0, checkMode: context.checkMode))
        let report = ScriptReport(result.stdout)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard report["done"] != nil, let zone = report["zone"] else { return .failure("firewalld failed on the host: \(result.stderr)") }
        let changed = report.flag("changed")
        if context.checkMode && changed { return ModuleResult(changed: true) }
        var messages = [permanent && immediate ? "Permanent and Non-Permanent(immediate) operation" : permanent ? "Permanent operation" : "Non-permanent operation"]
        if changed {
            let enable = ["enabled", "present"].contains(state)
            messages += [enable ? item.enabledMessage : item.disabledMessage, item.changedMessage].compactMap { $0 }
        }
        if report.flag("offline") { messages.append("(offline operation: only on-disk configs were altered)") }
        return ModuleResult(changed: changed, message: messages.joined(separator: ", ").replacingOccurrences(of: "%z", with: zone))
    }

    /// Prints `zone=`, `offline=1` when the daemon is stopped, `changed=1` and `done=1`.
    static func script(_ item: Item, zone: String?, permanent: Bool, immediate: Bool, enable: Bool, timeout: Int, checkMode: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nzone=\(q(zone ?? ""))\nperm=\(permanent ? 1 : 0)\nimm=\(immediate ? 1 : 0)\nenable=\(enable ? 1 : 0)\n"
        s += "missing=\(q(missingMessage))\nnotrunning=\(q("firewall is not currently running, unable to perform immediate actions without a running firewall daemon"))\n"
        s += #"""
            p=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case :$p: in *:$d:*) ;; *) p=$p:$d ;; esac; done
            fc=$(PATH=$p command -v firewall-cmd); foc=$(PATH=$p command -v firewall-offline-cmd)
            [ -n "$fc$foc" ] || sw_fail "$missing"
            if [ -n "$fc" ] && "$fc" --state >/dev/null 2>&1; then offline=0; else offline=1; echo offline=1; fi
            if [ "$offline" = 1 ]; then
              [ "$imm" = 1 ] && sw_fail "$notrunning"
              [ -n "$foc" ] || sw_fail "$missing"
            fi
            # A firewall-cmd error (an unknown service...) is the module's failure, in its words.
            acting=0
            fw() {
              out=$("$@" 2>&1); rc=$?
              [ "$rc" = 0 ] || { [ "$rc" = 1 ] && [ "$acting" = 0 ]; } && return "$rc"
              out=${out#Error: }
              case $out in *INVALID_SERVICE*) sw_fail "ERROR: Exception caught: $out Services are defined by port/tcp relationship and named as they are in /etc/services (on most systems)" ;; esac
              sw_fail "ERROR: Exception caught: $out"
            }
            permanent() { if [ "$offline" = 1 ]; then fw "$foc" "$@"; else fw "$fc" --permanent "$@"; fi; }
            running() { fw "$fc" "$@"; }
            if [ -z "$zone" ]; then
              if [ "$offline" = 1 ]; then zone=$("$foc" --get-default-zone); else zone=$("$fc" --get-default-zone); fi || sw_fail "could not read firewalld's default zone"
            fi
            echo "zone=$zone"

            """#
        if item.isZone {
            s += #"""
                query() { permanent --get-zones; printf '%s\n' $out | grep -qxF -- "$zone"; }
                add() { permanent --new-zone="$zone"; }
                remove() { permanent --delete-zone="$zone"; }

                """#
        } else {
            let time = item.takesTimeout && timeout > 0 ? " --timeout=\(timeout)s" : ""
            s += "query() { \"$1\" --zone=\"$zone\" \(ShellQuote.join(item.query)); }\n"
            s += "add() { if [ \"$1\" = running ]; then running --zone=\"$zone\" \(ShellQuote.join(item.add))\(time); else permanent --zone=\"$zone\" \(ShellQuote.join(item.add)); fi; }\n"
            s += "remove() { if [ \"$1$offline\" = permanent1 ]; then permanent --zone=\"$zone\" \(ShellQuote.join(item.offlineRemove ?? item.remove)); "
            s += "else \"$1\" --zone=\"$zone\" \(ShellQuote.join(item.remove)); fi; }\n"
        }
        s += #"""
            modes=; [ "$perm" = 1 ] && modes=permanent; [ "$imm" = 1 ] && modes="$modes running"
            todo=
            for m in $modes; do
              if query "$m"; then on=1; else on=0; fi
              [ "$on" = "$enable" ] || todo="$todo $m"
            done
            if [ -n "$todo" ]; then
              echo changed=1
              if [ "$sw_check" != 1 ]; then
                acting=1
                for m in $todo; do if [ "$enable" = 1 ]; then add "$m"; else remove "$m"; fi; done
              fi
            fi
            echo done=1

            """#
        return s
    }
}
