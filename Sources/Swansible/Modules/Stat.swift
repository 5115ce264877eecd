import Foundation

/// `stat`: facts about one path, in ansible's `stat` result shape, from one script.
struct StatModule: Module {
    static let names = ["stat"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("checksum_algorithm", default: "sha1", aliases: ["checksum", "checksum_algo"],
                     choices: ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
                     description: "Digest used for `checksum`."),
        ArgumentSpec("follow", .bool, default: false,
                     description: "When `path` is a link, describe what it points to."),
        ArgumentSpec("get_attributes", .bool, default: true, aliases: ["attr", "attributes"],
                     description: "Include the file's attributes as lsattr shows them; accepted, not reported yet."),
        ArgumentSpec("get_checksum", .bool, default: true,
                     description: "Include a digest of the file's content in `checksum`."),
        ArgumentSpec("get_mime", .bool, default: true, aliases: ["mime", "mime_type", "mime-type"],
                     description: "Include the file's MIME type and charset, from `file` on the host when it has it."),
        ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"],
                     description: "Path on the host to describe."),
    ])

    static let documentation = ModuleDocumentation(
        "Describe a file or directory on the host",
        description: [
            "Returns `stat`: whether `path` exists and, if so, its type, size, owner, mode, times, link target and checksum, in ansible-core's result shape.",
        ],
        notes: [
            "Gathered by one shell script with coreutils' stat and sha*sum; no Python on the host.",
        ],
        examples: """
            - name: Is the CA already there?
              ansible.builtin.stat:
                path: /etc/kubernetes/ssl/ca.pem
              register: ca_file

            - name: Create it only when missing
              ansible.builtin.command: /usr/local/bin/make-ca
              when: not ca_file.stat.exists
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let path = args.string("path") ?? ""
        let script = StatProbe.script(
            path: path, follow: args.bool("follow"),
            checksum: args.bool("get_checksum") ? (args.string("checksum_algorithm") ?? "sha1") : nil,
            mime: args.bool("get_mime"))
        let result = try await context.runScript(script)
        guard result.exitCode == 0 else {
            return .failure("Failed to stat \(path): \(result.stderr)")
        }
        return ModuleResult(changed: false, fields: ["stat": .dict(StatProbe.parse(result.stdout, path: path))])
    }
}

/// The stat script and the parser of its output (kept apart so fixtures can test the parser).
enum StatProbe {
    static let format = "type=%f\\nuid=%u\\ngid=%g\\npw_name=%U\\ngr_name=%G\\nsize=%s\\ninode=%i\\ndev=%d\\nnlink=%h\\nblock_size=%o\\nblocks=%b\\nmajor=%t\\nminor=%T\\natime=%x\\nmtime=%y\\nctime=%z\\n"

    static func script(path: String, follow: Bool, checksum: String?, mime: Bool) -> String {
        var s = "p=\(ShellQuote.quote(path))\n"
        s += "if ! [ -e \"$p\" ] && ! [ -L \"$p\" ]; then echo exists=0; exit 0; fi\necho exists=1\n"
        s += "stat \(follow ? "-L " : "")--printf '\(format)' \"$p\" || exit 1\n"
        s += "[ -r \"$p\" ] && echo readable=1; [ -w \"$p\" ] && echo writeable=1; [ -x \"$p\" ] && echo executable=1\n"
        if !follow { s += "if [ -L \"$p\" ]; then printf 'lnk_target=%s\\nlnk_source=%s\\n' \"$(readlink \"$p\")\" \"$(readlink -f \"$p\")\"; fi\n" }
        if let checksum {
            s += "if [ -f \"$p\" ] && [ -r \"$p\" ]\(follow ? "" : " && ! [ -L \"$p\" ]"); then printf 'checksum=%s\\n' \"$(\(checksum)sum < \"$p\" | cut -d' ' -f1)\"; fi\n"
        }
        if mime {
            s += "if command -v file >/dev/null 2>&1; then printf 'mimetype=%s\\ncharset=%s\\n' \"$(file -b --mime-type \"$p\")\" \"$(file -b --mime-encoding \"$p\")\"; fi\n"
        }
        return s
    }

    /// Builds ansible's `stat` dict from the script's `key=value` lines.
    static func parse(_ output: String, path: String) -> ValueDict {
        let r = ScriptReport(output)
        guard r["exists"] == "1" else { return ["exists": false] }
        let raw = UInt32(r["type"] ?? "", radix: 16) ?? 0
        let type = raw & 0o170000
        let perm = Int(raw & 0o7777)
        var d = ValueDict()
        d["atime"] = .float(epoch(r["atime"]))
        d["block_size"] = .int(r.int("block_size") ?? 0)
        d["blocks"] = .int(r.int("blocks") ?? 0)
        if let c = r["charset"] { d["charset"] = .string(c) }
        if let c = r["checksum"] { d["checksum"] = .string(c) }
        d["ctime"] = .float(epoch(r["ctime"]))
        d["dev"] = .int(r.int("dev") ?? 0)
        let major = Int(r["major"] ?? "0", radix: 16) ?? 0, minor = Int(r["minor"] ?? "0", radix: 16) ?? 0
        d["device_type"] = .int((major << 8) | minor)
        d["executable"] = .bool(r.flag("executable"))
        d["exists"] = true
        d["gid"] = .int(r.int("gid") ?? 0)
        d["gr_name"] = .string(r["gr_name"] ?? "")
        d["inode"] = .int(r.int("inode") ?? 0)
        d["isblk"] = .bool(type == 0o060000)
        d["ischr"] = .bool(type == 0o020000)
        d["isdir"] = .bool(type == 0o040000)
        d["isfifo"] = .bool(type == 0o010000)
        d["isgid"] = .bool(perm & 0o2000 != 0)
        d["islnk"] = .bool(type == 0o120000)
        d["isreg"] = .bool(type == 0o100000)
        d["issock"] = .bool(type == 0o140000)
        d["isuid"] = .bool(perm & 0o4000 != 0)
        if let s = r["lnk_source"] { d["lnk_source"] = .string(s) }
        if let t = r["lnk_target"] { d["lnk_target"] = .string(t) }
        if let m = r["mimetype"] { d["mimetype"] = .string(m) }
        d["mode"] = .string(ScriptReport.ansibleMode(String(perm, radix: 8)))
        d["mtime"] = .float(epoch(r["mtime"]))
        d["nlink"] = .int(r.int("nlink") ?? 0)
        d["path"] = .string(path)
        d["pw_name"] = .string(r["pw_name"] ?? "")
        d["readable"] = .bool(r.flag("readable"))
        d["rgrp"] = .bool(perm & 0o040 != 0)
        d["roth"] = .bool(perm & 0o004 != 0)
        d["rusr"] = .bool(perm & 0o400 != 0)
        d["size"] = .int(r.int("size") ?? 0)
        d["uid"] = .int(r.int("uid") ?? 0)
        d["wgrp"] = .bool(perm & 0o020 != 0)
        d["woth"] = .bool(perm & 0o002 != 0)
        d["writeable"] = .bool(r.flag("writeable"))
        d["wusr"] = .bool(perm & 0o200 != 0)
        d["xgrp"] = .bool(perm & 0o010 != 0)
        d["xoth"] = .bool(perm & 0o001 != 0)
        d["xusr"] = .bool(perm & 0o100 != 0)
        return d
    }

    /// `2026-11-25 09:00:59.273320525 +0000` (stat's %x) → seconds since the epoch.
    static func epoch(_ text: String?) -> Double {
        guard let text else { return 0 }
        let parts = text.split(separator: " ")
        guard parts.count == 3 else { return 0 }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let timeParts = parts[1].split(separator: ".")
        let hms = timeParts[0].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, hms.count == 3 else { return 0 }
        let fraction = timeParts.count > 1 ? Double("0." + timeParts[1]) ?? 0 : 0
        let zone = String(parts[2])
        let sign = zone.hasPrefix("-") ? -1 : 1
        let zoneDigits = Int(zone.dropFirst()) ?? 0
        let offset = sign * ((zoneDigits / 100) * 3600 + (zoneDigits % 100) * 60)
        let days = daysFromCivil(date[0], date[1], date[2])
        let seconds = days * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - offset
        return Double(seconds) + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
