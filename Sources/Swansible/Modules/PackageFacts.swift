import Foundation

/// `package_facts`: the installed packages in `ansible_facts.packages` (name → list of installed
/// versions), read as ansible-core reads them — for apt: name, version, arch, category (the
/// section) and origin (of the archive the installed version comes from, "" when only dpkg
/// knows it); for rpm: name, version, release, epoch, arch — with dpkg-query, apt-cache and rpm
/// in one script instead of Python's apt and rpm bindings.
struct PackageFactsModule: Module {
    static let names = ["package_facts"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("manager", .list, default: ["auto"],
                     description: "The package managers to ask (`auto`: each known one in turn; apt and rpm are read by Swansible, with their aliases yum, dnf, dnf5, zypper)."),
        ArgumentSpec("strategy", default: "first", choices: ["first", "all"],
                     description: "`first`: the packages of the first manager that has some; `all`: of every manager that has some."),
    ])

    static let documentation = ModuleDocumentation(
        "Package information as facts",
        description: [
            "Sets `ansible_facts.packages`: for each installed package name, the list of its installed versions, each a dict with `name`, `version`, `source` (the manager) and the manager's own fields.",
        ],
        notes: [
            "apt's packages come from dpkg-query, their origin from `apt-cache policy` and the Release files of /var/lib/apt/lists (no python3-apt needed); rpm's from `rpm -qa`.",
            "The other managers ansible-core knows (apk, pacman, pkg, pkg_info, portage) are accepted names but not read: they count as having no packages.",
        ],
        examples: """
            - name: Read the installed packages
              ansible.builtin.package_facts:
                manager: auto

            - name: Say which openssl is installed
              ansible.builtin.debug:
                msg: "{{ ansible_facts.packages['openssl'][0].version }}"
              when: "'openssl' in ansible_facts.packages"
            """)

    static let knownManagers = ["apk", "apt", "pacman", "pkg", "pkg_info", "portage", "rpm"]
    static let aliases = ["rpm": ["yum", "dnf", "dnf5", "zypper"], "pkg": ["pkg5", "pkgng"], "pkg_info": ["openbsd_pkg"]]

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let requested = (args["manager"]?.listValue ?? ["auto"]).map { $0.pythonString.lowercased() }
        let strategy = args.string("strategy") ?? "first"
        var managers = requested
        if let auto = managers.firstIndex(of: "auto") {
            managers.remove(at: auto)
            managers += knownManagers + aliases.values.flatMap { $0 }.sorted()
        }
        let names = Set(knownManagers + aliases.values.flatMap { $0 })
        let unsupported = managers.filter { !names.contains($0) }
        if !unsupported.isEmpty {
            return .failure(requested.contains("auto") ? "Could not auto detect a usable package manager, check warnings for details."
                                                       : "Unsupported package managers requested: \(unsupported.joined(separator: ", "))")
        }
        var packages = ValueDict(), warnings: [Value] = [], seen: Set<String> = [], found = 0
        for name in managers {
            if strategy == "first" && found > 0 { break }
            let manager = aliases.first { $0.value.contains(name) }?.key ?? name
            guard seen.insert(manager).inserted else { continue }
            let read: ValueDict
            switch manager {
            case "apt": read = try await aptPackages(in: context)
            case "rpm": read = try await rpmPackages(in: context)
            default: read = [:]
            }
            if read.isEmpty {
                // Like ansible-core, an unusable manager asked for by name is warned about.
                if requested.contains(name) { warnings.append(.string("Found \"\(manager)\" but no associated packages")) }
                continue
            }
            found += 1
            for (key, versions) in read {
                packages[key] = .list((packages[key]?.listValue ?? []) + (versions.listValue ?? []))
            }
        }
        if found == 0 {
            let list = "[" + managers.map { "'\($0)'" }.joined(separator: ", ") + "]"
            return .failure("Could not detect a supported package manager from the following list: \(list), or the required Python library is not installed. Check warnings for details.",
                            fields: warnings.isEmpty ? [:] : ["warnings": .list(warnings)])
        }
        var result = ModuleResult(fields: warnings.isEmpty ? [:] : ["warnings": .list(warnings)], facts: ["packages": .dict(packages)])
        result.reportsFacts = true
        return result
    }

    static let policyMarker = "--swansible-policy--", releaseMarker = "--swansible-release--"

    /// dpkg-query's installed packages (status, name, arch, version, section, tab-separated),
    /// the native architecture, `apt-cache policy` of them all, and `FILE<TAB>ORIGIN` for the
    /// Release files apt has fetched.
    static let aptScript = """
        command -v dpkg-query >/dev/null 2>&1 || exit 0
        native=$(dpkg --print-architecture)
        echo "native=$native"
        list=$(dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Architecture}\\t${Version}\\t${Section}\\n' 2>/dev/null)
        printf '%s\\n' "$list"
        echo \(policyMarker)
        if command -v apt-cache >/dev/null 2>&1; then
          printf '%s\\n' "$list" | awk -F '\\t' -v n="$native" 'substr($1, 2, 1) !~ /[nc]/ { print ($3 == n || $3 == "all") ? $2 : $2 ":" $3 }' \\
            | xargs -r env LC_ALL=C apt-cache policy 2>/dev/null
        fi
        echo \(releaseMarker)
        for f in /var/lib/apt/lists/*Release; do
          [ -f "$f" ] && printf '%s\\t%s\\n' "${f##*/}" "$(sed -n 's/^Origin: *//p' "$f" | head -n 1)"
        done
        """

    static func aptPackages(in context: ModuleContext) async throws -> ValueDict {
        let result = try await context.runScript(aptScript)
        return AptPackageListing(result.stdout).facts
    }

    static func rpmPackages(in context: ModuleContext) async throws -> ValueDict {
        let result = try await context.runScript(
            "command -v rpm >/dev/null 2>&1 || exit 0\nrpm -qa --qf '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t%{ARCH}\\n' 2>/dev/null\n")
        var packages = ValueDict()
        for line in result.stdout.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5 else { continue }
            let entry: Value = ["arch": .string(f[4]), "epoch": Int(f[3]).map(Value.int) ?? .null, "name": .string(f[0]),
                                "release": .string(f[2]), "source": "rpm", "version": .string(f[1])]
            packages[f[0]] = .list((packages[f[0]]?.listValue ?? []) + [entry])
        }
        return packages
    }
}

/// The apt script's output read into ansible-core's apt package facts.
struct AptPackageListing {
    var facts = ValueDict()

    init(_ output: String) {
        let sections = output.components(separatedBy: "\n" + PackageFactsModule.policyMarker + "\n")
        guard sections.count == 2 else { return }
        let rest = sections[1].components(separatedBy: PackageFactsModule.releaseMarker + "\n")
        var lines = sections[0].split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("native=") else { return }
        let native = String(first.dropFirst(7))
        lines.removeFirst()
        var releaseOrigins: [String: String] = [:]
        for line in (rest.count > 1 ? rest[1] : "").split(separator: "\n") {
            let f = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if f.count == 2 { releaseOrigins[f[0]] = f[1] }
        }
        let origins = Self.origins(policy: rest[0], releaseOrigins: releaseOrigins)
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, f[0].count >= 2, !"nc".contains(f[0][f[0].index(after: f[0].startIndex)]) else { continue }
            let name = f[2] == native || f[2] == "all" ? f[1] : f[1] + ":" + f[2]
            let entry: Value = ["arch": .string(f[2]), "category": .string(f[4]), "name": .string(name),
                                "origin": .string(origins[name] ?? ""), "source": "apt", "version": .string(f[3])]
            facts[name] = .list((facts[name]?.listValue ?? []) + [entry])
        }
    }

    /// Package → the Origin of the first archive `apt-cache policy` lists for its installed
    /// (`***`) version; a version only in /var/lib/dpkg/status has none.
    static func origins(policy: String, releaseOrigins: [String: String]) -> [String: String] {
        var origins: [String: String] = [:], package: String?, inInstalled = false
        for line in policy.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" "), line.hasSuffix(":") {
                package = String(line.dropLast()); inInstalled = false; continue
            }
            let words = line.split(separator: " ").map(String.init)
            if words.first == "***" { inInstalled = true; origins[package ?? ""] = ""; continue }
            guard inInstalled, let package, words.count >= 2 else { continue }
            // Archive lines are indented deeper than the version lines.
            guard line.prefix(while: { $0 == " " }).count >= 8 else { inInstalled = false; continue }
            guard words.count >= 3, words[1].contains("://"), let slash = words[2].lastIndex(of: "/") else { continue }
            inInstalled = false
            let uri = words[1].components(separatedBy: "://").last ?? ""
            let base = (uri.hasSuffix("/") ? String(uri.dropLast()) : uri).replacingOccurrences(of: "/", with: "_")
            let suite = String(words[2][..<slash]).replacingOccurrences(of: "/", with: "_")
            let stem = base + "_dists_" + suite + "_"
            origins[package] = releaseOrigins[stem + "InRelease"] ?? releaseOrigins[stem + "Release"] ?? ""
        }
        return origins
    }
}
