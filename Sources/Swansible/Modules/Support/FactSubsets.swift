import Foundation

/// `gather_subset`, as ansible-core's setup reads it: the minimal collectors always run unless
/// `!min`; `all` adds every collector and `!all` takes away all but the minimal ones; a name
/// adds its collector (a fact name selects the collector that gathers it) and `!name` takes it
/// away unless it is also asked for. Collectors that others need run too (hardware needs the
/// platform facts).
enum FactSubsets {
    static let minimal: Set<String> = [
        "apparmor", "caps", "cmdline", "date_time", "distribution", "dns", "env", "fips", "local", "lsb",
        "pkg_mgr", "platform", "python", "selinux", "service_mgr", "ssh_pub_keys", "user",
    ]

    /// Every collector (facter and ohai gather nothing here: they need those tools' Ruby).
    static let collectors: Set<String> = minimal.union([
        "chroot", "loadavg", "systemd", "virtual", "hardware", "fibre_channel_wwn", "network", "iscsi", "nvme",
        "facter", "ohai",
    ])

    /// Other names that select a collector: the names of facts it gathers.
    static let aliases: [String: String] = {
        var map: [String: String] = [:]
        let groups: [String: [String]] = [
            "network": ["all_ipv4_addresses", "all_ipv6_addresses", "default_ipv4", "default_ipv6", "interfaces"],
            "platform": ["architecture", "kernel", "kernel_version", "machine", "machine_id", "python_version", "system"],
            "hardware": ["devices", "mounts", "processor", "processor_cores", "processor_count"],
            "distribution": ["distribution_major_version", "distribution_release", "distribution_version", "os_family"],
            "user": ["effective_group_ids", "effective_user_id", "real_user_id", "user_dir", "user_gecos", "user_gid",
                     "user_id", "user_shell", "user_uid"],
            "chroot": ["is_chroot"],
            "ssh_pub_keys": ["ssh_host_key_dsa_public", "ssh_host_key_ecdsa_public", "ssh_host_key_ed25519_public",
                             "ssh_host_key_rsa_public", "ssh_host_pub_keys"],
            "caps": ["system_capabilities", "system_capabilities_enforced"],
            "virtual": ["virtualization_role", "virtualization_tech_guest", "virtualization_tech_host", "virtualization_type"],
        ]
        for (collector, names) in groups { for name in names { map[name] = collector } }
        return map
    }()

    static let requirements: [String: [String]] = [
        "hardware": ["platform"], "network": ["distribution", "platform"], "pkg_mgr": ["distribution"],
        "service_mgr": ["platform", "distribution"],
    ]

    /// The names `gather_subset` accepts besides `all` and `min`.
    static var validNames: Set<String> { collectors.union(aliases.keys) }

    struct BadSubset: Error {
        let name: String
        var message: String {
            "Bad subset '\(name)' given to Ansible. gather_subset options allowed: all, " + validNames.sorted().joined(separator: ", ")
        }
    }

    /// The collectors to run for `gatherSubset`.
    static func collectors(for gatherSubset: [String]) throws(BadSubset) -> Set<String> {
        var added = Set<String>(), excluded = Set<String>(), explicit = Set<String>()
        for subset in ["min"] + gatherSubset {
            switch subset {
            case "min": added.formUnion(minimal)
            case "all": added.formUnion(validNames)
            case "!min": excluded.formUnion(minimal)
            case "!all": excluded.formUnion(validNames.subtracting(minimal))
            case let name where name.hasPrefix("!"):
                let bare = String(name.dropFirst())
                excluded.insert(bare)
                if bare == "hardware" { excluded.formUnion(["devices", "dmi"]) }
            case let name:
                guard validNames.contains(name) else { throw BadSubset(name: name) }
                explicit.insert(name)
                added.insert(name)
            }
        }
        if added.isEmpty { added = validNames }
        added.subtract(excluded.subtracting(explicit))
        var chosen = Set(added.map { aliases[$0] ?? $0 }).intersection(collectors)
        for collector in chosen { chosen.formUnion(requirements[collector] ?? []) }
        return chosen
    }
}
