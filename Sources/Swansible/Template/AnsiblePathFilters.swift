import Foundation
import Jinja

/// Ansible's remaining path and URL filters: commonpath, relpath, expandvars, fileglob, urlsplit, win_*.
enum AnsiblePathFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["commonpath"] = .plain { v, _ in
            guard case .list(let l) = v else { throw TemplateError.failed("|commonpath expects sequence, got \(v.pythonTypeName) instead") }
            let paths = l.map { $0.pythonString.split(separator: "/", omittingEmptySubsequences: true) }
            guard var prefix = paths.first else { throw TemplateError.failed("commonpath() arg is an empty sequence") }
            for p in paths.dropFirst() {
                var n = 0
                while n < prefix.count, n < p.count, prefix[n] == p[n] { n += 1 }
                prefix = Array(prefix[0..<n])
            }
            let absolute = l.first?.pythonString.hasPrefix("/") ?? false
            return .string((absolute ? "/" : "") + prefix.joined(separator: "/"))
        }
        t["relpath"] = .plain(Signature(optional: [("start", nil)])) { v, a in
            let start = try a.string("start") ?? FileManager.default.currentDirectoryPath
            func parts(_ p: String) -> [Substring] {
                let abs = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
                return AnsibleTextFilters.normpath(abs).split(separator: "/")
            }
            let target = parts(v.pythonString), base = parts(start)
            var n = 0
            while n < target.count, n < base.count, target[n] == base[n] { n += 1 }
            let rel = Array(repeating: "..", count: base.count - n) + target[n...].map(String.init)
            return .string(rel.isEmpty ? "." : rel.joined(separator: "/"))
        }
        t["expandvars"] = .plain { v, _ in
            let env = ProcessInfo.processInfo.environment
            var s = v.pythonString
            for (k, value) in env.sorted(by: { $0.key.count > $1.key.count }) {
                s = s.replacingOccurrences(of: "${\(k)}", with: value).replacingOccurrences(of: "$\(k)", with: value)
            }
            return .string(s)
        }
        t["fileglob"] = .plain { v, _ in
            let pattern = v.pythonString
            let dir = (pattern as NSString).deletingLastPathComponent, glob = (pattern as NSString).lastPathComponent
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
            return .list(names.sorted().filter { fnmatch(glob, $0, 0) == 0 }.map { (dir.isEmpty ? $0 : dir + "/" + $0) }
                .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                .map { .string($0) })
        }
        t["urlsplit"] = .plain(Signature(optional: [("query", "")])) { v, a in
            guard let c = URLComponents(string: v.pythonString) else { throw TemplateError.failed("urlsplit: invalid URL") }
            let parts: ValueDict = [
                "fragment": .string(c.fragment ?? ""), "hostname": c.host.map { .string($0.lowercased()) } ?? .null,
                "netloc": .string(netloc(c)), "password": c.password.map(Value.string) ?? .null, "path": .string(c.path),
                "port": c.port.map(Value.int) ?? .null, "query": .string(c.query ?? ""), "scheme": .string(c.scheme ?? ""),
                "username": c.user.map(Value.string) ?? .null,
            ]
            let query = try a.string("query") ?? ""
            if query.isEmpty { return .dict(parts) }
            guard let part = parts[query] else { throw TemplateError.failed("urlsplit: unknown URL component: \(query)") }
            return part
        }
        t["win_basename"] = .plain { v, _ in .string(v.pythonString.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? "") }
        t["win_dirname"] = .plain { v, _ in
            let s = v.pythonString
            guard let i = s.lastIndex(where: { $0 == "\\" || $0 == "/" }) else { return .string("") }
            return .string(String(s[..<i]))
        }
        t["win_splitdrive"] = .plain { v, _ in
            let s = v.pythonString
            if s.count >= 2, s.dropFirst().first == ":" { return .list([.string(String(s.prefix(2))), .string(String(s.dropFirst(2)))]) }
            return .list(["", .string(s)])
        }
        return t
    }()

    private static func netloc(_ c: URLComponents) -> String {
        var s = ""
        if let u = c.percentEncodedUser { s += u + (c.percentEncodedPassword.map { ":" + $0 } ?? "") + "@" }
        s += c.percentEncodedHost ?? ""
        if let p = c.port { s += ":\(p)" }
        return s
    }
}
