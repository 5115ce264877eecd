import Foundation

/// `locale_gen` (community.general.locale_gen; ansible-core routes the short name there):
/// locales generated (present) or not (absent). One script reads what `locale -a` lists, the
/// locales the system supports and the list of locales to generate (/etc/locale.gen, or on old
/// Ubuntu /var/lib/locales/supported.d/local); when a change is needed, the list is edited on
/// the controller and written back atomically, and `locale-gen` runs.
struct LocaleGenModule: Module {
    static let names = ["locale_gen", "community.general.locale_gen"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("name", .list, required: true,
                     description: "Names and encodings of the locales (`en_GB.UTF-8`); a single string is a one-item list."),
        ArgumentSpec("state", default: "present", choices: ["absent", "present"],
                     description: "Whether the locales should be generated."),
    ])

    static let documentation = ModuleDocumentation(
        "Creates or removes locales",
        description: [
            "Generates locales, or removes them, with the glibc mechanism of Debian and Ubuntu: the locale's line of /etc/locale.gen is uncommented (commented out) and `locale-gen` runs.",
            "Where /etc/locale.gen is missing but /var/lib/locales/supported.d exists (old Ubuntu), `locale-gen NAME` adds a locale and removing one rewrites supported.d/local and runs `locale-gen --purge`.",
        ],
        notes: [
            "community.general's module; ansible-core routes `locale_gen` to it, and so does Swansible (community.general is not needed).",
            "Needs the `locales` package on Debian and Ubuntu; without it the module fails saying so, and changes nothing.",
            "A locale must be listed in /usr/share/i18n/SUPPORTED (or /usr/local/share/i18n/SUPPORTED) or by `locale -a`.",
            "In check mode a change is predicted (community.general reports none there).",
        ],
        examples: """
            - name: Generate the locales the nodes log in
              community.general.locale_gen:
                name:
                  - en_US.UTF-8
                  - de_DE.UTF-8

            - name: Remove an old locale (the short name is routed to community.general)
              ansible.builtin.locale_gen:
                name: fr_FR.UTF-8
                state: absent
            """)

    static let fileMarker = "__swansible_locale_list__"

    /// A failure community.general's ModuleHelper raises carries its output twice more, as `output` and `vars`.
    static func raised(_ output: ValueDict) -> ValueDict {
        output.merging(["output": .dict(output), "vars": .dict(output)]) { a, _ in a }
    }

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let names = (args["name"]?.listValue ?? []).map { $0.stringValue ?? $0.pythonString }
        let wanted = args.string("state") ?? "present"
        let result = try await context.runScript(probeScript(names))
        let probe = LocaleProbe(result.stdout)
        // ModuleHelper's output: `name`, then `mechanism` and `ubuntu_mode` once the mechanism is known.
        var fields: ValueDict = ["name": .list(names.map(Value.string))]
        if probe.report.flag("failed") { return .failure(probe.report["msg"] ?? result.stderr, fields: raised(fields)) }
        guard let mechanism = probe.report["mechanism"] else { return .failure("locale_gen could not look at the host: \(result.stderr)") }
        fields["mechanism"] = .string(mechanism)
        fields["ubuntu_mode"] = .bool(mechanism == "ubuntu_legacy")

        let unavailable = LocaleList.missing(names.filter { probe.supported[$0] == nil }, from: probe.generated)
        if !unavailable.isEmpty {
            return .failure("The following locales you have entered are not available on your system: \(unavailable.joined(separator: ", "))",
                            fields: raised(fields))
        }
        let initially = LocaleList.missing(names, from: probe.generated).isEmpty ? "present" : "absent"
        if initially == wanted { return ModuleResult(changed: false, fields: fields) }
        if context.checkMode { return ModuleResult(changed: true, fields: fields) }

        let list: String, arguments: [String]
        if mechanism == "glibc" {
            list = "/etc/locale.gen"
            arguments = []
        } else {
            list = "/var/lib/locales/supported.d/local"
            arguments = wanted == "present" ? names : ["--purge"]
        }
        let before = probe.listText ?? ""
        let after = mechanism == "glibc"
            ? LocaleList.enable(names, wanted == "present", in: before, supported: probe.supported)
            : wanted == "present" ? before : LocaleList.dropping(names, from: before)
        if after != before {
            let written = try await TextFileEdit(path: list, attributes: FileAttributes())
                .write(after, to: list, backup: false, validate: nil, in: context)
            if let failure = written.failure { return .failure(failure) }
        }
        // As community.general, the list is written before locale-gen is looked for.
        guard let localeGen = probe.report["locale_gen"], !localeGen.isEmpty else {
            return .failure("Failed to find required executable \"locale-gen\" in paths: \(probe.report["path"] ?? "")")
        }
        let command = ([localeGen] + arguments).map(ShellQuote.quote).joined(separator: " ")
        let ran = try await context.runScript("\(command) || exit $?\necho \(fileMarker)\nlocale -a\n")
        guard let marker = ran.stdout.range(of: fileMarker + "\n") else {
            let shown = ([localeGen] + arguments).joined(separator: " ")
            return .failure(ran.stderr.trimmingCharacters(in: .whitespacesAndNewlines),
                            fields: ["cmd": .string(shown), "rc": .int(Int(ran.exitCode)), "stdout": .string(ran.stdout), "stderr": .string(ran.stderr)])
        }
        let generated = ran.stdout[marker.upperBound...].split(separator: "\n").map(String.init)
        let finally = LocaleList.missing(names, from: generated).isEmpty ? "present" : "absent"
        return ModuleResult(changed: finally != initially, fields: fields)
    }

    /// Prints `mechanism`, `locale_gen` (its path, or empty), `path`, one `generated=` line per
    /// locale `locale -a` lists, `supported=NAME CHARSET` for the names the SUPPORTED files
    /// list, then the marker and the list of locales to generate.
    static func probeScript(_ names: [String]) -> String {
        var s = RemoteFileLibrary.functions
        s += "names=\(ShellQuote.quote(names.joined(separator: " ")))\n"
        s += #"""
            if [ -e /etc/locale.gen ]; then mechanism=glibc; list=/etc/locale.gen
            elif [ -e /var/lib/locales/supported.d ]; then mechanism=ubuntu_legacy; list=/var/lib/locales/supported.d/local
            else sw_fail '/var/lib/locales/supported.d and /etc/locale.gen are missing. Is the package "locales" installed?'
            fi
            command -v locale >/dev/null 2>&1 || sw_fail "Failed to find required executable \"locale\" in paths: $PATH"
            printf 'mechanism=%s\nlocale_gen=%s\npath=%s\n' "$mechanism" "$(command -v locale-gen)" "$PATH"
            locale -a | sed 's/^/generated=/'
            for f in /usr/share/i18n/SUPPORTED /usr/local/share/i18n/SUPPORTED; do
              [ -r "$f" ] || continue
              awk -v names="$names" 'BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) wanted[a[i]] = 1 }
                { sub(/^[ \t]*#?[ \t]*/, ""); sub(/[ \t\r]*$/, "") }
                /^[^ \t]+ [^ \t]+$/ { split($0, f, " "); if (length(f[1]) >= 2 && (f[1] in wanted)) print "supported=" $0 }' "$f"
            done
            echo __swansible_locale_list__
            cat "$list" 2>/dev/null
            exit 0

            """#
        return s
    }
}

/// What the probe script found.
struct LocaleProbe {
    var report: ScriptReport
    var generated: [String] = []
    /// Locale → charset, from the SUPPORTED files.
    var supported: [String: String] = [:]
    var listText: String?

    init(_ stdout: String) {
        var head = Substring(stdout)
        if let marker = stdout.range(of: LocaleGenModule.fileMarker + "\n") {
            head = stdout[..<marker.lowerBound]
            listText = String(stdout[marker.upperBound...])
        }
        report = ScriptReport(String(head))
        for line in head.split(separator: "\n") {
            if line.hasPrefix("generated=") { generated.append(String(line.dropFirst(10))) }
            if line.hasPrefix("supported="), let space = line.firstIndex(of: " ") {
                let name = String(line[line.index(line.startIndex, offsetBy: 10)..<space])
                if supported[name] == nil { supported[name] = String(line[line.index(after: space)...]) }
            }
        }
    }
}

/// The pure part of `locale_gen`: names compared with what `locale -a` lists, and the edits of
/// the lists of locales to generate.
enum LocaleList {
    /// `locale -a` may spell an encoding in lower case (`en_US.utf8`): both sides are compared
    /// in community.general's spelling (`en_US.UTF-8`).
    static let encodings = [
        (".utf8", ".UTF-8"), (".eucjp", ".EUC-JP"), (".iso885915", ".ISO-8859-15"), (".cp1251", ".CP1251"),
        (".koi8r", ".KOI8-R"), (".armscii8", ".ARMSCII-8"), (".euckr", ".EUC-KR"), (".gbk", ".GBK"),
        (".gb18030", ".GB18030"), (".euctw", ".EUC-TW"),
    ]

    static func normalized(_ name: String) -> String {
        encodings.reduce(name) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// The names `locale -a` (`generated`) does not list.
    static func missing(_ names: [String], from generated: [String]) -> [String] {
        let have = Set(generated.map(normalized))
        return names.filter { !have.contains(normalized($0)) }
    }

    /// /etc/locale.gen with each name's line (`# en_US.UTF-8 UTF-8`) uncommented, or commented
    /// out as `# NAME CHARSET`; with `enabled`, a name without a line gets one from `supported`.
    static func enable(_ names: [String], _ enabled: Bool, in text: String, supported: [String: String]) -> String {
        var found = Set<String>()
        var lines = LineEdit.splitLines(text).map { line in
            names.reduce(line) { line, name in
                var rest = Substring(line)
                if rest.first == "#" { rest = rest.dropFirst() }
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard rest.hasPrefix(name + " ") else { return line }
                let tail = rest.dropFirst(name.count + 1)
                let charset = tail.prefix { $0 != "\n" && $0 != "\r\n" }
                guard !charset.isEmpty else { return line }
                found.insert(name)
                return (enabled ? "" : "# ") + name + " " + charset + tail.dropFirst(charset.count)
            }
        }
        if enabled {
            for name in names where !found.contains(name) {
                guard let charset = supported[name] else { continue }
                if let last = lines.last, !last.hasSuffix("\n") { lines[lines.count - 1] += "\n" }
                lines.append("\(name) \(charset)\n")
            }
        }
        return lines.joined()
    }

    /// supported.d/local without the names' lines (`NAME CHARSET`).
    static func dropping(_ names: [String], from text: String) -> String {
        LineEdit.splitLines(text).filter { line in
            !names.contains(String(line.prefix { $0 != " " && $0 != "\n" }))
        }.joined()
    }
}
