import Foundation

/// Turns `FactScript` output into ansible's fact names and shapes (`ansible_hostname`,
/// `ansible_default_ipv4`, `ansible_env`, ...). Pure, so it is tested with captured output.
struct FactParser {
    var values: [String: String] = [:]
    var sections: [String: String] = [:]

    init(_ output: String) {
        var current: String? = nil
        var buffer = ""
        for line in output.components(separatedBy: "\n") {
            if line.hasPrefix(FactScript.sectionMarker) {
                if let current { sections[current] = buffer }
                current = String(line.dropFirst(FactScript.sectionMarker.count))
                buffer = ""
            } else if current != nil {
                buffer += line + "\n"
            } else if let eq = line.firstIndex(of: "=") {
                values[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
        }
        if let current { sections[current] = buffer }
    }

    func facts() -> ValueDict {
        var f = ValueDict()
        let env = environment()
        let nodename = values["nodename"] ?? ""
        let fqdn = values["fqdn"].flatMap { $0.isEmpty ? nil : $0 } ?? nodename
        let machine = values["machine"] ?? ""
        f["ansible_all_ipv4_addresses"] = .list(allIPv4().map(Value.string))
        f["ansible_architecture"] = .string(Self.architecture(machine))
        f["ansible_date_time"] = .dict(dateTime())
        f["ansible_default_ipv4"] = .dict(defaultIPv4())
        for (k, v) in distribution() { f[k] = v }
        f["ansible_dns"] = .dict(dns())
        f["ansible_domain"] = .string(fqdn.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? "")
        f["ansible_env"] = .dict(env)
        f["ansible_fqdn"] = .string(fqdn)
        f["ansible_hostname"] = .string(String(nodename.split(separator: ".").first ?? ""))
        let interfaces = self.interfaces()
        f["ansible_interfaces"] = .list(interfaces.keys.sorted().map(Value.string))
        for (name, details) in interfaces {
            f["ansible_" + name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")] = .dict(details)
        }
        f["ansible_kernel"] = .string(values["kernel"] ?? "")
        f["ansible_kernel_version"] = .string(values["kernel_version"] ?? "")
        f["ansible_machine"] = .string(machine)
        f["ansible_machine_id"] = .string(values["machine_id"] ?? "")
        let mb: (String) -> Value = { .int((Int(values[$0] ?? "") ?? 0) / 1024) }
        f["ansible_memfree_mb"] = mb("memfree_kb")
        f["ansible_memtotal_mb"] = mb("memtotal_kb")
        f["ansible_memory_mb"] = memoryMB(mb)
        f["ansible_nodename"] = .string(nodename)
        f["ansible_pkg_mgr"] = .string(Self.packageManager(values["pkg"]))
        let vcpus = Int(values["vcpus"] ?? "") ?? 0
        let cores = Int(values["cores"] ?? "") ?? 1
        let sockets = max(1, Int(values["sockets"] ?? "") ?? 1)
        f["ansible_processor_cores"] = .int(cores)
        f["ansible_processor_count"] = .int(sockets)
        f["ansible_processor_nproc"] = .int(vcpus)
        f["ansible_processor_threads_per_core"] = .int(max(1, vcpus / max(1, cores * sockets)))
        f["ansible_processor_vcpus"] = .int(vcpus)
        f["ansible_service_mgr"] = .string(values["systemd_booted"] == "1" || values["init"] == "systemd" ? "systemd" : (values["init"] ?? "service"))
        f["ansible_swapfree_mb"] = mb("swapfree_kb")
        f["ansible_swaptotal_mb"] = mb("swaptotal_kb")
        f["ansible_system"] = .string(values["system"] ?? "")
        f["ansible_uptime_seconds"] = .int(Int(Double(values["uptime"] ?? "") ?? 0))
        let passwd = (values["passwd"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        f["ansible_user_dir"] = .string(passwd.count > 5 ? passwd[5] : (env["HOME"]?.stringValue ?? ""))
        f["ansible_user_gecos"] = .string(passwd.count > 4 ? passwd[4] : "")
        f["ansible_user_gid"] = .int(Int(values["user_gid"] ?? "") ?? 0)
        f["ansible_user_id"] = .string(values["user_id"] ?? "")
        f["ansible_user_shell"] = .string(passwd.count > 6 ? passwd[6] : "")
        f["ansible_user_uid"] = .int(Int(values["user_uid"] ?? "") ?? 0)
        f["gather_subset"] = ["all"]
        f["module_setup"] = true
        return f
    }

    /// `env -0` output: NUL-separated NAME=value (values may hold newlines).
    func environment() -> ValueDict {
        var env = ValueDict()
        let raw = sections["env"] ?? ""
        for entry in raw.split(separator: "\0") {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else { continue }
            let name = String(entry[..<eq])
            if name.contains("\n") { continue }
            env[name] = .string(String(entry[entry.index(after: eq)...]))
        }
        return ValueDict(uniqueKeysWithValues: env.sorted { $0.key < $1.key })
    }

    static func architecture(_ machine: String) -> String {
        switch machine {
        case "i386", "i486", "i586", "i686": return "i386"
        case "armv7l", "armv6l": return "armv7l"
        default: return machine
        }
    }

    static func packageManager(_ found: String?) -> String {
        switch found {
        case "apt-get": return "apt"
        case "dnf": return "dnf"
        case "yum": return "yum"
        case "zypper": return "zypper"
        case "apk": return "apk"
        case "pacman": return "pacman"
        case "emerge": return "portage"
        case "pkg": return "pkgng"
        default: return "unknown"
        }
    }

    func dns() -> ValueDict {
        var servers: [Value] = [], search: [Value] = []
        var domain: String?
        for line in (sections["resolv"] ?? "").split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = words.first else { continue }
            switch key {
            case "nameserver": servers += words.dropFirst().map(Value.string)
            case "search": search += words.dropFirst().map(Value.string)
            case "domain": domain = words.dropFirst().first
            default: break
            }
        }
        var d = ValueDict()
        if let domain { d["domain"] = .string(domain) }
        if !servers.isEmpty { d["nameservers"] = .list(servers) }
        if !search.isEmpty { d["search"] = .list(search) }
        return d
    }
}

extension FactParser {
    /// `memory_mb` as ansible's Linux hardware facts compute it from /proc/meminfo (MiB, rounded
    /// down): real (total, used, free), nocache (free counts buffers and page cache), swap.
    func memoryMB(_ mb: (String) -> Value) -> Value {
        func int(_ key: String) -> Int { mb(key).intValue ?? 0 }
        let total = int("memtotal_kb"), free = int("memfree_kb")
        let nocacheFree = int("cached_kb") + free + int("buffers_kb")
        let swapTotal = int("swaptotal_kb"), swapFree = int("swapfree_kb")
        return [
            "nocache": ["free": .int(nocacheFree), "used": .int(total - nocacheFree)],
            "real": ["free": .int(free), "total": .int(total), "used": .int(total - free)],
            "swap": ["cached": .int(int("swapcached_kb")), "free": .int(swapFree), "total": .int(swapTotal), "used": .int(swapTotal - swapFree)],
        ]
    }
}
