import Foundation

/// Network facts from `ip -o addr` / `ip -o link` / `ip route get`, or /proc without iproute2.
extension FactParser {
    struct Address {
        var interface: String
        var address: String
        var prefix: Int
        var broadcast: String?
    }

    func ipv4Addresses() -> [Address] {
        var out: [Address] = []
        for line in (sections["addr"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count > 3, let inet = words.firstIndex(of: "inet"), inet + 1 < words.count else { continue }
            let parts = words[inet + 1].split(separator: "/")
            let brd = words.firstIndex(of: "brd").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
            // The label (last word before the `\` continuation) names aliases like eth0:1.
            out.append(Address(interface: words[1], address: String(parts[0]), prefix: Int(parts.count > 1 ? parts[1] : "32") ?? 32, broadcast: brd))
        }
        return out
    }

    func allIPv4() -> [String] {
        if sections["addr"] != nil {
            return ipv4Addresses().filter { !$0.address.hasPrefix("127.") }.map(\.address)
        }
        return (sections["hostnameI"] ?? "").split(separator: " ").map(String.init).filter { $0.contains(".") && !$0.contains(":") }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Per-interface link facts from `ip -o link`: name → (mac, mtu, type, up).
    func links() -> [String: (mac: String, mtu: Int, type: String, up: Bool)] {
        var out: [String: (mac: String, mtu: Int, type: String, up: Bool)] = [:]
        for line in (sections["link"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count > 2 else { continue }
            var name = words[1].hasSuffix(":") ? String(words[1].dropLast()) : words[1]
            if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
            let mtu = words.firstIndex(of: "mtu").flatMap { Int(words[$0 + 1]) } ?? 0
            let flags = words[2]
            var mac = "", type = "unknown"
            if let l = words.firstIndex(where: { $0.hasPrefix("link/") }) {
                type = String(words[l].dropFirst(5))
                if l + 1 < words.count { mac = words[l + 1] }
            }
            if type == "ether" && name.hasPrefix("br") { type = "bridge" }
            out[name] = (mac, mtu, type, flags.contains("UP"))
        }
        return out
    }

    func interfaces() -> [String: ValueDict] {
        guard sections["link"] != nil else { return [:] }
        let addresses = ipv4Addresses(), addresses6 = ipv6Addresses(), details = linkDetails()
        var out: [String: ValueDict] = [:]
        for (name, link) in links() {
            var d: ValueDict = ["active": .bool(link.up), "device": .string(name)]
            if let a = addresses.first(where: { $0.interface == name }) {
                d["ipv4"] = .dict(Self.ipv4Details(a))
            }
            let own6 = addresses6.filter { $0.interface == name }
            if !own6.isEmpty {
                d["ipv6"] = .list(own6.map { ["address": .string($0.address), "prefix": .string($0.prefix), "scope": .string($0.scope)] })
            }
            if !link.mac.isEmpty && link.type != "loopback" { d["macaddress"] = .string(link.mac) }
            d["mtu"] = .int(link.mtu)
            if let detail = details[name] {
                d["promisc"] = .bool(detail.promisc)
                if let speed = detail.speed { d["speed"] = .int(speed) }
            }
            d["type"] = .string(link.type)
            out[name] = ValueDict(uniqueKeysWithValues: d.sorted { $0.key < $1.key })
        }
        return out
    }

    static func ipv4Details(_ a: Address) -> ValueDict {
        let mask = a.prefix == 0 ? 0 : UInt32.max << UInt32(32 - a.prefix)
        let ip = parseIPv4(a.address) ?? 0
        var d: ValueDict = ["address": .string(a.address)]
        d["broadcast"] = .string(a.broadcast ?? "")
        d["netmask"] = .string(formatIPv4(mask))
        d["network"] = .string(formatIPv4(ip & mask))
        d["prefix"] = .string(String(a.prefix))
        return d
    }

    /// ansible_default_ipv4: the route to the internet's interface, address and gateway.
    func defaultIPv4() -> ValueDict {
        var interface: String?, gateway: String?, source: String?
        if let route = sections["route"] {
            let words = route.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            func after(_ key: String) -> String? { words.firstIndex(of: key).flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } }
            interface = after("dev"); gateway = after("via"); source = after("src")
        } else if let proc = sections["procroute"] {
            for line in proc.split(separator: "\n").dropFirst() {
                let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if cols.count > 2, cols[1] == "00000000" {
                    interface = cols[0]
                    gateway = UInt32(cols[2], radix: 16).map { Self.formatIPv4($0.byteSwapped) }  // little-endian hex
                    break
                }
            }
            source = allIPv4().first
        }
        guard let interface else { return [:] }
        var d = ValueDict()
        let address = ipv4Addresses().first { $0.interface == interface && (source == nil || $0.address == source) }
            ?? ipv4Addresses().first { $0.interface == interface }
        d["address"] = .string(address?.address ?? source ?? "")
        d["alias"] = .string(interface)
        if let address {
            let details = Self.ipv4Details(address)
            d["broadcast"] = details["broadcast"]
        }
        d["gateway"] = .string(gateway ?? "")
        d["interface"] = .string(interface)
        let link = links()[interface]
        if let link { d["macaddress"] = .string(link.mac); d["mtu"] = .int(link.mtu) }
        if let address {
            let details = Self.ipv4Details(address)
            d["netmask"] = details["netmask"]; d["network"] = details["network"]; d["prefix"] = details["prefix"]
        }
        if let link { d["type"] = .string(link.type) }
        return d
    }

    static func parseIPv4(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        return parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    }

    static func formatIPv4(_ v: UInt32) -> String {
        "\(v >> 24 & 255).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
    }
}

/// IPv6, link details from /sys/class/net, and the locally reachable addresses.
extension FactParser {
    struct IPv6Address {
        var interface: String
        var address: String
        var prefix: String
        var scope: String
    }

    func ipv6Addresses() -> [IPv6Address] {
        var out: [IPv6Address] = []
        for line in (sections["addr"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count > 3, let inet = words.firstIndex(of: "inet6"), inet + 1 < words.count else { continue }
            let peer = inet + 3 < words.count && words[inet + 2] == "peer"
            let parts = (peer ? words[inet + 3] : words[inet + 1]).split(separator: "/")
            let address = peer ? words[inet + 1] : String(parts[0])
            let scope = words.firstIndex(of: "scope").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } ?? ""
            out.append(IPv6Address(interface: words[1], address: address, prefix: parts.count > 1 ? String(parts[1]) : "128", scope: scope))
        }
        return out
    }

    /// Interface → (speed in Mb/s when the driver tells, promiscuous), from /sys/class/net.
    func linkDetails() -> [String: (speed: Int?, promisc: Bool)] {
        var out: [String: (speed: Int?, promisc: Bool)] = [:]
        for line in (sections["netsys"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 2 else { continue }
            let flags = words.count > 2 ? Int(words[2].dropFirst(2), radix: 16) ?? 0 : 0
            out[words[0]] = (Int(words[1]), flags & 0x100 != 0)
        }
        return out
    }

    /// ansible_default_ipv6: like the IPv4 one, from `ip -6 route get`; empty without a route.
    func defaultIPv6() -> ValueDict {
        let words = (sections["route6"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        func after(_ key: String) -> String? { words.firstIndex(of: key).flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } }
        guard let interface = after("dev"), let source = after("src") else { return [:] }
        var d: ValueDict = ["address": .string(source), "gateway": .string(after("via") ?? ""), "interface": .string(interface)]
        if let address = ipv6Addresses().first(where: { $0.address == source }) {
            d["prefix"] = .string(address.prefix)
            d["scope"] = .string(address.scope)
        }
        if let link = links()[interface] {
            d["macaddress"] = .string(link.mac); d["mtu"] = .int(link.mtu); d["type"] = .string(link.type)
        }
        return ValueDict(uniqueKeysWithValues: d.sorted { $0.key < $1.key })
    }

    /// ansible_locally_reachable_ips: the `local` routes of both families, in `ip`'s order.
    func locallyReachable() -> ValueDict {
        func locals(_ section: String) -> [Value] {
            var seen: [String] = []
            for line in (sections[section] ?? "").split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count > 1, words[0] == "local", !seen.contains(String(words[1])) { seen.append(String(words[1])) }
            }
            return seen.map(Value.string)
        }
        return ["ipv4": .list(locals("localroutes")), "ipv6": .list(locals("localroutes6"))]
    }
}
