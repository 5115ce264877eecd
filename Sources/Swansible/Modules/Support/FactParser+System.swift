import Foundation

/// Distribution and clock facts.
extension FactParser {
    /// `/etc/os-release` as a dictionary (quotes removed).
    func osRelease() -> [String: String] {
        var d: [String: String] = [:]
        for line in (sections["osrelease"] ?? "").split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            d[String(line[..<eq])] = value
        }
        return d
    }

    /// ansible_distribution, _version, _major_version, _release, ansible_os_family.
    func distribution() -> ValueDict {
        let os = osRelease()
        let id = (os["ID"] ?? "").lowercased()
        let names: [String: String] = [
            "debian": "Debian", "ubuntu": "Ubuntu", "coreos": "CoreOS", "flatcar": "Flatcar", "fedora": "Fedora",
            "centos": "CentOS", "rhel": "RedHat", "rocky": "Rocky", "almalinux": "AlmaLinux", "arch": "Archlinux",
            "alpine": "Alpine", "opensuse-leap": "openSUSE Leap", "sles": "SLES", "amzn": "Amazon",
        ]
        let families: [String: String] = [
            "Debian": "Debian", "Ubuntu": "Debian", "CoreOS": "Coreos", "Flatcar": "Flatcar", "Fedora": "RedHat",
            "CentOS": "RedHat", "RedHat": "RedHat", "Rocky": "RedHat", "AlmaLinux": "RedHat", "Amazon": "RedHat",
            "Archlinux": "Archlinux", "Alpine": "Alpine", "openSUSE Leap": "Suse", "SLES": "Suse",
        ]
        let name = names[id] ?? (os["NAME"].map { String($0.split(separator: " ").first ?? "") } ?? "NA")
        var version = os["VERSION_ID"] ?? "NA"
        if name == "Debian", let dv = values["debian_version"], dv.first?.isNumber == true { version = dv }
        let major = String(version.split(separator: ".").first ?? "")
        var release = os["VERSION_CODENAME"] ?? ""
        if release.isEmpty { release = name == "CoreOS" || name == "Flatcar" ? "stable" : "NA" }
        var d = ValueDict()
        d["ansible_distribution"] = .string(name.isEmpty ? "NA" : name)
        d["ansible_distribution_major_version"] = .string(major.isEmpty ? "NA" : major)
        d["ansible_distribution_release"] = .string(release)
        d["ansible_distribution_version"] = .string(version)
        d["ansible_os_family"] = .string(families[name] ?? name)
        return d
    }

    /// ansible_date_time: local fields as strings, iso8601 in UTC.
    func dateTime() -> ValueDict {
        let p = (values["date"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let u = (values["utc"] ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard p.count >= 13, u.count >= 2 else { return [:] }
        let micro = String(p[12].prefix(6)), utcMicro = String(u[1].prefix(6))
        var d = ValueDict()
        d["date"] = .string("\(p[0])-\(p[1])-\(p[5])")
        d["day"] = .string(p[5])
        d["epoch"] = .string(p[9])
        d["epoch_int"] = .string(p[9])
        d["hour"] = .string(p[6])
        d["iso8601"] = .string(u[0] + "Z")
        d["iso8601_basic"] = .string("\(p[0])\(p[1])\(p[5])T\(p[6])\(p[7])\(p[8])\(micro)")
        d["iso8601_basic_short"] = .string("\(p[0])\(p[1])\(p[5])T\(p[6])\(p[7])\(p[8])")
        d["iso8601_micro"] = .string(u[0] + "." + utcMicro + "Z")
        d["minute"] = .string(p[7])
        d["month"] = .string(p[1])
        d["second"] = .string(p[8])
        d["time"] = .string("\(p[6]):\(p[7]):\(p[8])")
        d["tz"] = .string(p[10])
        d["tz_dst"] = .string(p[10])
        d["tz_offset"] = .string(p[11])
        d["weekday"] = .string(p[2])
        d["weekday_number"] = .string(p[3])
        d["weeknumber"] = .string(p[4])
        d["year"] = .string(p[0])
        return d
    }
}
