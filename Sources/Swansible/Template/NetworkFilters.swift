import Jinja

/// The ansible.utils / ansible.netcommon address filters used by Kubernetes content:
/// ipaddr (with the common queries), ipv4, ipv6, ipwrap, nthhost, ipmath, network_in_usable.
enum NetworkFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["ipaddr"] = family(version: nil)
        t["ipv4"] = family(version: 4)
        t["ipv6"] = family(version: 6)
        t["ipwrap"] = .plain { v, _ in
            func wrap(_ x: Value) -> Value {
                guard let s = x.stringValue, let ip = IPNetwork.parse(s), ip.isV6 else { return x }
                let address = s.split(separator: "/").first.map(String.init) ?? s
                return .string("[" + address + "]" + (ip.hadPrefix ? "/\(ip.prefix)" : ""))
            }
            if case .list(let l) = v { return .list(l.map(wrap)) }
            return wrap(v)
        }
        t["nthhost"] = .plain(Signature(["query"])) { v, a in
            guard let ip = IPNetwork.parse(v.pythonString), let n = try a.int("query") else { return .bool(false) }
            let base = n >= 0 ? ip.network : ip.broadcast.adding(1)
            guard n.magnitude < UInt(max(ip.size, 0)) || ip.size == Int.max else { return .bool(false) }
            return .string(base.adding(n).addressText)
        }
        t["ipmath"] = .plain(Signature(["amount"])) { v, a in
            guard let ip = IPNetwork.parse(v.pythonString) else { throw TemplateError.failed("You must pass a valid IP address; \(v.pythonString) is invalid") }
            return .string(ip.adding(try a.int("amount") ?? 0).addressText)
        }
        t["network_in_usable"] = .plain(Signature(["test"])) { v, a in
            guard let net = IPNetwork.parse(v.pythonString), let ip = IPNetwork.parse(try a.string("test") ?? "") else { return .bool(false) }
            let inside = ip.network.adding(0) == ip.network && contains(net, ip)
            return .bool(inside && ip.addressText != net.network.addressText && ip.addressText != net.broadcast.addressText)
        }
        t["network_in_network"] = .plain(Signature(["test"])) { v, a in
            guard let net = IPNetwork.parse(v.pythonString), let ip = IPNetwork.parse(try a.string("test") ?? "") else { return .bool(false) }
            return .bool(contains(net, ip) && contains(net, ip.broadcast))
        }
        return t
    }()

    static func contains(_ net: IPNetwork, _ ip: IPNetwork) -> Bool {
        guard net.isV6 == ip.isV6 else { return false }
        var probe = ip
        probe.prefix = net.prefix
        return probe.network.high == net.network.high && probe.network.low == net.network.low
    }

    /// `ipaddr(query)`: on a list, keeps the elements that pass (transformed); on one value,
    /// the answer or `false`.
    static func family(version: Int?) -> Filter {
        .plain(Signature(optional: [("query", "")])) { v, a in
            let query = try a.plain("query") ?? ""
            if case .list(let l) = v {
                return .list(try l.compactMap { item in
                    let r = try answer(item, query, version: version)
                    if case .bool(false) = r { return nil }
                    return r
                })
            }
            return try answer(v, query, version: version)
        }
    }

    static func answer(_ value: Value, _ query: Value, version: Int?) throws -> Value {
        let text: String
        switch value {
        case .string(let s), .unsafe(let s): text = s
        case .int(let i) where i >= 0 && i <= Int(UInt32.max): text = IPNetwork(high: 0, low: UInt64(i), isV6: false, prefix: 32, hadPrefix: false).addressText
        default: return .bool(false)
        }
        guard let ip = IPNetwork.parse(text) else { return .bool(false) }
        if let version, (version == 6) != ip.isV6 { return .bool(false) }
        if case .int(let n) = query { return nth(ip, n) }
        let q = query.pythonString
        if let n = Int(q) { return nth(ip, n) }
        switch q {
        case "": return .string(text.trimmingCharacters(in: .whitespaces))
        case "address": return .string(ip.addressText)
        case "network": return .string(ip.network.addressText)
        case "netmask": return .string(ip.netmask.addressText)
        case "prefix": return .int(ip.prefix)
        case "broadcast": return ip.isV6 || ip.prefix >= 31 ? .null : .string(ip.broadcast.addressText)
        case "size": return .int(ip.size)
        case "subnet", "cidr": return .string(ip.network.cidrText)
        case "host":
            if ip.prefix == ip.bits { return .string(ip.cidrText) }
            return ip.network == ip ? .bool(false) : .string(ip.cidrText)
        case "net":
            return ip.prefix < ip.bits && ip.network.high == ip.high && ip.network.low == ip.low ? .string(ip.network.cidrText) : .bool(false)
        case "host/prefix", "address/prefix":
            return ip.prefix < ip.bits && !(ip.network.high == ip.high && ip.network.low == ip.low) ? .string(ip.cidrText) : .bool(false)
        case "ipv4": return ip.isV6 ? .bool(false) : value
        case "ipv6": return ip.isV6 ? value : .bool(false)
        case "private": return ip.isPrivate ? value : .bool(false)
        case "public": return ip.isPrivate ? .bool(false) : value
        case "wrap", "ipwrap": return ip.isV6 ? .string("[\(ip.addressText)]") : .string(ip.addressText)
        case "first_usable": return .string(ip.network.adding(ip.prefix >= ip.bits - 1 ? 0 : 1).addressText)
        case "last_usable": return .string(ip.broadcast.adding(ip.prefix >= ip.bits - 1 || ip.isV6 ? 0 : -1).addressText)
        case "range_usable":
            return .string(ip.network.adding(1).addressText + "-" + ip.broadcast.adding(ip.isV6 ? 0 : -1).addressText)
        case "version": return .int(ip.isV6 ? 6 : 4)
        case "revdns":
            if ip.isV6 { throw TemplateError.failed("ipaddr('revdns') for IPv6 is not supported") }
            return .string(ip.addressText.split(separator: ".").reversed().joined(separator: ".") + ".in-addr.arpa.")
        default:
            throw TemplateError.failed("Unknown ipaddr query '\(q)' (supported: address, network, netmask, prefix, broadcast, size, subnet, host, net, private, public, wrap, first_usable, last_usable, version, revdns, or a host index)")
        }
    }

    static func nth(_ ip: IPNetwork, _ n: Int) -> Value {
        guard ip.size == Int.max || n.magnitude < UInt(max(ip.size, 0)) else { return .bool(false) }
        let base = n >= 0 ? ip.network : ip.broadcast.adding(1)
        var r = base.adding(n)
        r.prefix = ip.prefix
        return .string(r.cidrText)
    }
}
