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

    /// Every fact, as with `gather_subset: all`.
    func facts() -> ValueDict {
        var all = ValueDict()
        for (_, facts) in factsByCollector(factPath: "/etc/ansible/facts.d").facts { all.merge(facts) { _, new in new } }
        return all
    }

    /// The facts of each of ansible-core's collectors (see `FactSubsets`), and the warnings
    /// about local facts that could not be read.
    func factsByCollector(factPath: String) -> (facts: [String: ValueDict], warnings: [String]) {
        var c: [String: ValueDict] = [:]
        let env = environment()
        let nodename = values["nodename"] ?? ""
        let fqdn = values["fqdn"].flatMap { $0.isEmpty ? nil : $0 } ?? nodename
        let machine = values["machine"] ?? ""
        let python = PythonFacts.facts(values)

        var platform: ValueDict = [
            "ansible_architecture": .string(Self.architecture(machine)),
            "ansible_domain": .string(fqdn.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? ""),
            "ansible_fqdn": .string(fqdn),
            "ansible_hostname": .string(String(nodename.split(separator: ".").first ?? "")),
            "ansible_kernel": .string(values["kernel"] ?? ""),
            "ansible_kernel_version": .string(values["kernel_version"] ?? ""),
            "ansible_machine": .string(machine),
            "ansible_machine_id": .string(values["machine_id"] ?? ""),
            "ansible_nodename": .string(nodename),
            "ansible_system": .string(values["system"] ?? ""),
        ]
        platform.merge(userspace()) { _, new in new }
        if let version = python["ansible_python_version"] { platform["ansible_python_version"] = version }
        c["platform"] = platform

        let distribution = self.distribution()
        c["distribution"] = distribution.merging(distributionFile(distribution)) { _, new in new }
        c["lsb"] = lsb()
        c["selinux"] = selinux()
        c["apparmor"] = ["ansible_apparmor": ["status": values["apparmor"] == "1" ? "enabled" : "disabled"]]
        c["chroot"] = ["ansible_is_chroot": .bool(isChroot)]
        c["fips"] = ["ansible_fips": .bool(values["fips"] == "1")]
        c["python"] = python["ansible_python"].map { ["ansible_python": $0] } ?? [:]
        c["caps"] = capabilities()
        c["pkg_mgr"] = ["ansible_pkg_mgr": .string(Self.packageManager(values["pkg"]))]
        c["service_mgr"] = ["ansible_service_mgr": .string(values["systemd_booted"] == "1" || values["init"] == "systemd" ? "systemd" : (values["init"] ?? "service"))]
        c["cmdline"] = commandLine()
        c["date_time"] = ["ansible_date_time": .dict(dateTime())]
        c["env"] = ["ansible_env": .dict(env)]
        c["loadavg"] = loadAverage()
        c["ssh_pub_keys"] = sshHostKeys()
        let passwd = (values["passwd"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let int: (String) -> Value = { .int(Int(values[$0] ?? "") ?? 0) }
        c["user"] = [
            "ansible_effective_group_id": int("user_gid"), "ansible_effective_user_id": int("user_uid"),
            "ansible_real_group_id": int("real_gid"), "ansible_real_user_id": int("real_uid"),
            "ansible_user_dir": .string(passwd.count > 5 ? passwd[5] : (env["HOME"]?.stringValue ?? "")),
            "ansible_user_gecos": .string(passwd.count > 4 ? passwd[4] : ""),
            "ansible_user_gid": passwd.count > 3 ? .int(Int(passwd[3]) ?? 0) : int("user_gid"),
            "ansible_user_id": .string(values["user_id"] ?? ""),
            "ansible_user_shell": .string(passwd.count > 6 ? passwd[6] : ""),
            "ansible_user_uid": passwd.count > 2 ? .int(Int(passwd[2]) ?? 0) : int("user_uid"),
        ]
        c["systemd"] = systemd()
        c["virtual"] = virtualization()
        c["hardware"] = hardware()
        c["dns"] = ["ansible_dns": .dict(dns())]
        c["fibre_channel_wwn"] = ["ansible_fibre_channel_wwn": []]
        c["network"] = network()
        c["iscsi"] = ["ansible_iscsi_iqn": .string(values["iscsi_iqn"] ?? "")]
        c["nvme"] = ["ansible_hostnqn": .string(values["hostnqn"] ?? "")]
        let local = localFacts(factPath: factPath)
        c["local"] = ["ansible_local": .dict(local.facts)]
        return (c, local.warnings)
    }

    func hardware() -> ValueDict {
        let mb: (String) -> Value = { .int((Int(values[$0] ?? "") ?? 0) / 1024) }
        var f = dmi()
        f.merge(processors()) { _, new in new }
        let links = deviceLinks()
        f["ansible_device_links"] = links.all
        f["ansible_devices"] = .dict(devices(links: links.byDevice))
        f["ansible_lvm"] = "N/A"
        f["ansible_memfree_mb"] = mb("memfree_kb")
        f["ansible_memtotal_mb"] = mb("memtotal_kb")
        f["ansible_memory_mb"] = memoryMB(mb)
        f["ansible_mounts"] = .list(mounts())
        let vcpus = Int(values["vcpus"] ?? "") ?? 0
        let cores = Int(values["cores"] ?? "") ?? 1
        let sockets = max(1, Int(values["sockets"] ?? "") ?? 1)
        f["ansible_processor_cores"] = .int(cores)
        f["ansible_processor_count"] = .int(sockets)
        f["ansible_processor_nproc"] = .int(vcpus)
        f["ansible_processor_threads_per_core"] = .int(max(1, vcpus / max(1, cores * sockets)))
        f["ansible_processor_vcpus"] = .int(vcpus)
        f["ansible_swapfree_mb"] = mb("swapfree_kb")
        f["ansible_swaptotal_mb"] = mb("swaptotal_kb")
        f["ansible_uptime_seconds"] = .int(Int(Double(values["uptime"] ?? "") ?? 0))
        return f
    }

    func network() -> ValueDict {
        var f = ValueDict()
        f["ansible_all_ipv4_addresses"] = .list(allIPv4().map(Value.string))
        f["ansible_all_ipv6_addresses"] = .list(ipv6Addresses().map(\.address).filter { $0 != "::1" }.map(Value.string))
        f["ansible_default_ipv4"] = .dict(defaultIPv4())
        f["ansible_default_ipv6"] = .dict(defaultIPv6())
        let interfaces = self.interfaces()
        f["ansible_interfaces"] = .list(interfaces.keys.sorted().map(Value.string))
        for (name, details) in interfaces {
            f["ansible_" + name.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")] = .dict(details)
        }
        f["ansible_locally_reachable_ips"] = .dict(locallyReachable())
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
        var servers: [Value] = [], search: [Value]?, sortlist: [Value]?, options: ValueDict?
        var domain: String?
        for line in (sections["resolv"] ?? "").split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = words.first else { continue }
            switch key {
            case "nameserver": servers += words.dropFirst().map(Value.string)
            case "search": search = words.dropFirst().map(Value.string)
            case "sortlist": sortlist = words.dropFirst().map(Value.string)
            case "domain": domain = words.dropFirst().first ?? domain
            case "options":
                var parsed = ValueDict()
                for option in words.dropFirst() {
                    let parts = option.split(separator: ":", maxSplits: 1)
                    parsed[String(parts[0])] = parts.count == 2 && !parts[1].isEmpty ? .string(String(parts[1])) : true
                }
                options = parsed
            default: break
            }
        }
        var d = ValueDict()
        if let domain { d["domain"] = .string(domain) }
        if !servers.isEmpty { d["nameservers"] = .list(servers) }
        if let options { d["options"] = .dict(options) }
        if let search { d["search"] = .list(search) }
        if let sortlist { d["sortlist"] = .list(sortlist) }
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
