import Foundation

/// Mounts and block devices, as ansible's Linux hardware facts describe them.
extension FactParser {
    /// ansible_mounts: the /proc/mounts entries backed by a device (a path, or `host:/path`),
    /// with their sizes from statvfs (`stat -f`), bind mounts marked as ansible marks them.
    func mounts() -> [Value] {
        let binds = Set((sections["bindmounts"] ?? "").split(separator: "\n").map { Self.unescapeOctal(String($0)) })
        var sizes: [String: [Int]] = [:]
        for line in (sections["mountsizes"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 6)
            guard words.count == 7 else { continue }
            sizes[Self.unescapeOctal(String(words[6]))] = words.prefix(6).compactMap { Int($0) }
        }
        let uuids = self.uuids()
        var out: [Value] = []
        for line in (sections["mounts"] ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ").map { Self.unescapeOctal(String($0)) }
            guard fields.count >= 6 else { continue }
            let device = fields[0], mount = fields[1], fstype = fields[2]
            guard device.hasPrefix("/") || device.hasPrefix("\\") || device.contains(":/"), fstype != "none" else { continue }
            var options = fields[3]
            if binds.contains(mount) && !options.split(separator: ",").contains("bind") { options += ",bind" }
            var d: ValueDict = ["device": .string(device), "dump": .int(Int(fields[4]) ?? 0), "fstype": .string(fstype),
                                "mount": .string(mount), "options": .string(options), "passno": .int(Int(fields[5]) ?? 0)]
            if let s = sizes[mount], s.count == 6 {
                // %s block size, %S fundamental block size, %b blocks, %a available, %c inodes, %d free inodes
                d["block_size"] = .int(s[0])
                d["block_total"] = .int(s[2])
                d["block_available"] = .int(s[3])
                d["block_used"] = .int(s[2] - s[3])
                d["size_total"] = .int(s[1] * s[2])
                d["size_available"] = .int(s[1] * s[3])
                d["inode_total"] = .int(s[4])
                d["inode_available"] = .int(s[5])
                d["inode_used"] = .int(s[4] - s[5])
            }
            d["uuid"] = .string(uuids[String(device.split(separator: "/").last ?? "")] ?? "N/A")
            out.append(.dict(ValueDict(uniqueKeysWithValues: d.sorted { $0.key < $1.key })))
        }
        return out
    }

    /// Device name → file system UUID, from `lsblk -ln -o NAME,UUID`.
    func uuids() -> [String: String] {
        var d: [String: String] = [:]
        for line in (sections["uuids"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2 { d[String(words[0])] = String(words[1]) }
        }
        return d
    }

    /// /proc/mounts writes spaces, tabs, newlines and backslashes as `\ooo`.
    static func unescapeOctal(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        let chars = Array(text.utf8)
        var bytes: [UInt8] = [], i = 0
        while i < chars.count {
            if chars[i] == UInt8(ascii: "\\"), i + 4 <= chars.count,
               let code = UInt8(String(decoding: chars[(i + 1)..<(i + 4)], as: UTF8.self), radix: 8) {
                bytes.append(code); i += 4
            } else {
                bytes.append(chars[i]); i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ansible_devices: each block device with its queue settings, size and partitions.
    func devices(links: [String: Value]) -> ValueDict {
        var devices: [String: ValueDict] = [:]
        var partitions: [String: ValueDict] = [:]
        let noLinks: Value = ["ids": [], "labels": [], "masters": [], "uuids": []]
        for line in (sections["blockdevices"] ?? "").split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if f.first == "dev", f.count >= 12 {
                let sectors = Int(f[5]) ?? 0, sectorSize = Int(f[6]) ?? 512
                let optional: (String) -> Value = { $0.isEmpty ? .null : .string($0.trimmingCharacters(in: .whitespaces)) }
                devices[f[1]] = [
                    "holders": .list(f[11].split(separator: " ").map { .string(String($0)) }), "host": "",
                    "links": links[f[1]] ?? noLinks, "model": optional(f[9]), "partitions": [:], "removable": .string(f[2]),
                    "rotational": .string(f[3]), "sas_address": .null, "sas_device_handle": .null,
                    "scheduler_mode": .string(f[4]), "sectors": .int(sectors), "sectorsize": .string(f[6]),
                    "size": .string(Self.humanBytes(sectors * sectorSize)), "support_discard": .string(f[7]),
                    "vendor": optional(f[8]), "virtual": .int(1),
                ]
            } else if f.first == "part", f.count >= 7 {
                let sectors = Int(f[3]) ?? 0, sectorSize = Int(f[5]) ?? 512
                var parts = partitions[f[1]] ?? [:]
                parts[f[2]] = ["holders": .list(f[6].split(separator: " ").map { .string(String($0)) }), "links": links[f[2]] ?? noLinks,
                               "sectors": .int(sectors), "sectorsize": .int(sectorSize),
                               "size": .string(Self.humanBytes(sectors * sectorSize)), "start": .string(f[4]),
                               "uuid": uuids()[f[2]].map(Value.string) ?? .null]
                partitions[f[1]] = parts
            }
        }
        for (name, parts) in partitions where devices[name] != nil { devices[name]?["partitions"] = .dict(parts) }
        return ValueDict(uniqueKeysWithValues: devices.keys.sorted().map { ($0, Value.dict(devices[$0]!)) })
    }

    /// ansible_device_links (kind → device → names under /dev/disk/by-*, and holders as
    /// `masters`) and the same per device, for its `links`.
    func deviceLinks() -> (all: Value, byDevice: [String: Value]) {
        var kinds: [String: [String: [String]]] = ["ids": [:], "labels": [:], "masters": [:], "uuids": [:]]
        for line in (sections["disklinks"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 3 else { continue }
            kinds[words[0] + "s", default: [:]][words[2], default: []].append(words[1])
        }
        for line in (sections["blockdevices"] ?? "").split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let holders = (f.first == "dev" && f.count >= 12 ? f[11] : f.first == "part" && f.count >= 7 ? f[6] : "").split(separator: " ").map(String.init)
            let name = f.first == "dev" && f.count > 1 ? f[1] : f.count > 2 ? f[2] : ""
            if !holders.isEmpty { kinds["masters", default: [:]][name] = holders }
        }
        let names = Set(kinds.values.flatMap(\.keys))
        var byDevice: [String: Value] = [:]
        for name in names {
            byDevice[name] = .dict(ValueDict(uniqueKeysWithValues: kinds.keys.sorted().map { kind in
                (kind, Value.list((kinds[kind]?[name] ?? []).sorted().map(Value.string)))
            }))
        }
        let all = ValueDict(uniqueKeysWithValues: kinds.keys.sorted().map { kind in
            (kind, Value.dict(ValueDict(uniqueKeysWithValues: (kinds[kind] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, Value.list($0.value.sorted().map(Value.string))) })))
        })
        return (.dict(all), byDevice)
    }

    /// A size as ansible's bytes_to_human writes it: two decimals and a binary unit.
    static func humanBytes(_ bytes: Int) -> String {
        let units = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: "%.2f %@", value, units[unit])
    }
}
