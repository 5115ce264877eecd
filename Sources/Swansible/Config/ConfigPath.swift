/// Path handling shared by the configuration readers, following ansible-core's `unfrackpath`:
/// `$VAR`/`${VAR}` and `~` expanded, relative paths joined to a base directory, then normalised
/// (`.` and `..` folded, repeated slashes removed), without resolving symlinks.
enum ConfigPath {
    static func resolve(_ path: String, base: String, environment: [String: String]) -> String {
        var p = expandUser(expandVariables(path, environment: environment), environment: environment)
        if !p.hasPrefix("/") { p = base + "/" + p }
        return normalize(p)
    }

    /// `~` and `~/x` become the home directory (`$HOME`); `~user` is left alone.
    static func expandUser(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~"), let home = environment["HOME"] else { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// `$NAME` and `${NAME}` replaced by their values; unknown names are kept, like `os.path.expandvars`.
    static func expandVariables(_ path: String, environment: [String: String]) -> String {
        guard path.contains("$") else { return path }
        var out = ""
        var rest = Substring(path)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("{"), let close = after.firstIndex(of: "}") {
                let name = String(after[after.index(after: after.startIndex)..<close])
                if let value = environment[name] { out += value } else { out += rest[dollar...close] }
                rest = after[after.index(after: close)...]
                continue
            }
            let name = after.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            if !name.isEmpty, let value = environment[String(name)] { out += value } else { out += "$" + name }
            rest = after[name.endIndex...]
        }
        return out + rest
    }

    /// Python's `os.path.normpath` for absolute and relative POSIX paths.
    static func normalize(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast(); continue }
                if absolute { continue }
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The directory part of a path (`/a/b` → `/a`).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
