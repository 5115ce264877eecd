import Foundation

/// Facts about the running system beyond the platform: security modules, virtualization,
/// DMI, systemd, capabilities, LSB, the kernel command line, load and SSH host keys.
extension FactParser {
    /// ansible_userspace_bits and, on x86, ansible_userspace_architecture.
    func userspace() -> ValueDict {
        let bits = values["long_bit"].flatMap { $0.isEmpty ? nil : $0 } ?? "64"
        var d: ValueDict = ["ansible_userspace_bits": .string(bits)]
        if Self.architecture(values["machine"] ?? "") == "i386" || values["machine"] == "x86_64" {
            d["ansible_userspace_architecture"] = .string(bits == "64" ? "x86_64" : "i386")
        }
        return d
    }

    func selinux() -> ValueDict {
        guard let enforce = values["selinux_enforce"] else {
            return ["ansible_selinux": ["status": "disabled"], "ansible_selinux_python_present": true]
        }
        let mode: Value = enforce == "1" ? "enforcing" : "permissive"
        return ["ansible_selinux": ["status": "enabled", "mode": mode, "config_mode": mode],
                "ansible_selinux_python_present": true]
    }

    /// ansible_is_chroot: the root directory is not the one of process 1 (unknown: false).
    var isChroot: Bool {
        let pair = (values["chroot"] ?? "").split(separator: "|", omittingEmptySubsequences: false)
        guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { return false }
        return pair[0] != pair[1]
    }

    /// ansible_virtualization_*: containers first (what role tests run in), then the DMI strings
    /// that hypervisors leave.
    func virtualization() -> ValueDict {
        let container = values["container"] ?? "", cgroup = values["cgroup1"] ?? ""
        var type = "", guests: [String] = []
        if values["dockerenv"] == "1" || cgroup == "docker" || container == "docker" {
            type = "docker"; guests = ["container", "docker"]
        } else if values["containerenv"] == "1" || container == "podman" || cgroup == "libpod" {
            type = "podman"; guests = ["container", "podman"]
        } else if container == "lxc" || cgroup == "lxc" {
            type = "lxc"; guests = ["container", "lxc"]
        } else if container == "systemd-nspawn" {
            type = "systemd-nspawn"; guests = ["container", "systemd-nspawn"]
        } else if cgroup == "kubepods" {
            type = "container"; guests = ["container"]
        } else {
            let product = values["dmi_product_name"] ?? "", vendor = values["dmi_sys_vendor"] ?? ""
            let bios = values["dmi_bios_vendor"] ?? ""
            if product.contains("KVM") || vendor == "QEMU" || bios == "SeaBIOS" || product.contains("Standard PC") {
                type = "kvm"; guests = ["kvm"]
            } else if product.contains("VMware") || vendor.contains("VMware") {
                type = "VMware"; guests = ["VMware"]
            } else if product == "VirtualBox" || vendor == "innotek GmbH" {
                type = "virtualbox"; guests = ["virtualbox"]
            } else if vendor == "Microsoft Corporation" && product == "Virtual Machine" {
                type = "VirtualPC"; guests = ["VirtualPC"]
            } else if vendor == "Xen" || bios == "Xen" {
                type = "xen"; guests = ["xen"]
            } else if vendor == "Amazon EC2" {
                type = "amazon"; guests = ["amazon"]
            }
        }
        return ["ansible_virtualization_role": .string(type.isEmpty ? "NA" : "guest"),
                "ansible_virtualization_tech_guest": .list(guests.map(Value.string)),
                "ansible_virtualization_tech_host": [],
                "ansible_virtualization_type": .string(type.isEmpty ? "NA" : type)]
    }

    /// The DMI facts ansible reads from /sys/class/dmi/id ("NA" where unreadable).
    func dmi() -> ValueDict {
        let names = ["bios_date", "bios_vendor", "bios_version", "board_asset_tag", "board_name", "board_serial",
                     "board_vendor", "board_version", "chassis_asset_tag", "chassis_serial", "chassis_vendor",
                     "chassis_version", "product_name", "product_serial", "product_uuid", "product_version"]
        var d = ValueDict()
        for name in names { d["ansible_" + name] = .string(nonEmpty("dmi_" + name) ?? "NA") }
        d["ansible_system_vendor"] = .string(nonEmpty("dmi_sys_vendor") ?? "NA")
        d["ansible_form_factor"] = .string(nonEmpty("dmi_chassis_type").flatMap { Int($0) }.map(Self.formFactor) ?? "NA")
        return d
    }

    /// SMBIOS chassis types (the enclosure's kind), as `ansible_form_factor` names them.
    static func formFactor(_ code: Int) -> String {
        let names = ["Unknown", "Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box", "Mini Tower", "Tower",
                     "Portable", "Laptop", "Notebook", "Hand Held", "Docking Station", "All In One", "Sub Notebook",
                     "Space-saving", "Lunch Box", "Main Server Chassis", "Expansion Chassis", "Sub Chassis",
                     "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis", "Rack Mount Chassis",
                     "Sealed-case PC", "Multi-system", "CompactPCI", "AdvancedTCA", "Blade", "Blade Enclosure",
                     "Tablet", "Convertible", "Detachable", "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC"]
        return names.indices.contains(code) ? names[code] : "Unknown"
    }

    func nonEmpty(_ key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// ansible_systemd from `systemctl --version` ("systemd 252 (252.39-1~deb12u1)" and the features line).
    func systemd() -> ValueDict {
        guard let first = nonEmpty("systemd_version") else { return [:] }
        let words = first.split(separator: " ")
        guard words.count > 1, let version = Int(words[1]) else { return [:] }
        return ["ansible_systemd": ["features": .string(values["systemd_features"] ?? ""), "version": .int(version)]]
    }

    /// ansible_system_capabilities(_enforced) from `capsh --print`'s Current line; N/A without capsh.
    func capabilities() -> ValueDict {
        guard let current = values["caps"] else {
            return ["ansible_system_capabilities": "N/A", "ansible_system_capabilities_enforced": "N/A"]
        }
        if current.trimmingCharacters(in: .whitespaces) == "=ep" {
            return ["ansible_system_capabilities": [], "ansible_system_capabilities_enforced": "False"]
        }
        let caps = current.split(separator: "=", maxSplits: 1).dropFirst().first.map {
            $0.split(separator: ",").map { Value.string($0.trimmingCharacters(in: .whitespaces)) }
        } ?? []
        return ["ansible_system_capabilities": .list(caps), "ansible_system_capabilities_enforced": "True"]
    }

    /// ansible_lsb from `lsb_release -a` or /etc/lsb-release; empty without either.
    func lsb() -> ValueDict {
        var d = ValueDict()
        for line in (sections["lsbrelease"] ?? "").split(separator: "\n") {
            let pair: (String, String)?
            if let colon = line.firstIndex(of: ":") {
                pair = (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            } else if let eq = line.firstIndex(of: "=") {
                pair = (String(line[..<eq]), String(line[line.index(after: eq)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            } else { pair = nil }
            guard let (key, value) = pair else { continue }
            switch key {
            case "Distributor ID", "DISTRIB_ID": d["id"] = .string(value)
            case "Description", "DISTRIB_DESCRIPTION": d["description"] = .string(value)
            case "Release", "DISTRIB_RELEASE": d["release"] = .string(value)
            case "Codename", "DISTRIB_CODENAME": d["codename"] = .string(value)
            default: break
            }
        }
        if let release = d["release"]?.stringValue { d["major_release"] = .string(String(release.split(separator: ".").first ?? "")) }
        return ["ansible_lsb": .dict(ValueDict(uniqueKeysWithValues: d.sorted { $0.key < $1.key }))]
    }

    /// ansible_cmdline (the last value of each word wins; a word without `=` is true) and
    /// ansible_proc_cmdline (repeated words keep all their values, in a list).
    func commandLine() -> ValueDict {
        var last = ValueDict(), all = ValueDict()
        for word in (sections["cmdline"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = word.split(separator: "=", maxSplits: 1)
            let key = String(parts[0]), value: Value = parts.count > 1 ? .string(String(parts[1])) : true
            last[key] = value
            switch all[key] {
            case nil: all[key] = value
            case .list(let values)?: all[key] = .list(values + [value])
            case let previous?: all[key] = .list([previous, value])
            }
        }
        return ["ansible_cmdline": .dict(last), "ansible_proc_cmdline": .dict(all)]
    }

    func loadAverage() -> ValueDict {
        let parts = (sections["loadavg"] ?? "").split(separator: " ").prefix(3).compactMap { Double($0) }
        guard parts.count == 3 else { return [:] }
        return ["ansible_loadavg": ["1m": .float(parts[0]), "5m": .float(parts[1]), "15m": .float(parts[2])]]
    }

    /// ansible_processor (index, vendor, model per logical CPU) and the first CPU's flags.
    func processors() -> ValueDict {
        var list: [Value] = [], flags: [Value] = []
        for line in (sections["cpuinfo"] ?? "").split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "processor", "vendor_id", "model name": list.append(.string(value))
            case "flags" where flags.isEmpty: flags = value.split(separator: " ").map { .string(String($0)) }
            default: break
            }
        }
        var d: ValueDict = ["ansible_processor": .list(list)]
        if !flags.isEmpty { d["ansible_flags"] = .list(flags) }
        return d
    }

    /// ansible_ssh_host_key_<algorithm>_public and _keytype, from the first directory that has any.
    func sshHostKeys() -> ValueDict {
        var d = ValueDict()
        for line in (sections["sshkeys"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 3 else { continue }
            d["ansible_ssh_host_key_\(words[0])_public"] = .string(String(words[2]))
            d["ansible_ssh_host_key_\(words[0])_public_keytype"] = .string(String(words[1]))
        }
        return d
    }

    /// ansible_distribution_file_* and the minor version, for os-release based distributions.
    func distributionFile(_ distribution: ValueDict) -> ValueDict {
        guard sections["osrelease"].map({ !$0.isEmpty }) == true else { return [:] }
        let name = distribution["ansible_distribution"]?.stringValue ?? ""
        let family = distribution["ansible_os_family"]?.stringValue ?? name
        var d: ValueDict = ["ansible_distribution_file_parsed": true,
                            "ansible_distribution_file_path": "/etc/os-release",
                            "ansible_distribution_file_variety": .string(family == "Debian" ? "Debian" : name)]
        let parts = (distribution["ansible_distribution_version"]?.stringValue ?? "").split(separator: ".")
        if parts.count > 1 { d["ansible_distribution_minor_version"] = .string(String(parts[1])) }
        return d
    }
}
