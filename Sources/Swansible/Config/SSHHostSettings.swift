/// What an OpenSSH client configuration says about one host.
public struct SSHHostSettings: Sendable, Equatable {
    /// `HostName`, with `%h` and `%%` expanded; nil when not set.
    public var hostName: String?
    public var user: String?
    public var port: Int?
    /// Every `IdentityFile` that applies, in order, tokens and `~` expanded.
    public var identityFiles: [String] = []
    /// `StrictHostKeyChecking`: false for `no`/`off`, true for `yes`/`ask`/`accept-new`.
    public var strictHostKeyChecking: Bool?
    /// The first file of `UserKnownHostsFile`, tokens and `~` expanded.
    public var userKnownHostsFile: String?
    public var identitiesOnly: Bool?
    /// `ServerAliveInterval` in seconds (ssh's time units accepted) and `ServerAliveCountMax`.
    public var serverAliveInterval: Int?
    public var serverAliveCountMax: Int?
    /// `ProxyJump`, as written.
    public var proxyJump: String?
    /// `ProxyCommand`, its words joined (its %-tokens are expanded when it runs).
    public var proxyCommand: String?
    /// Every keyword that applies (lower-cased) with its first value, arguments joined by a space.
    public var options: [String: String] = [:]

    public init() {}
}

extension SSHClientConfig {
    /// The settings for `host` (the name as given, before `HostName` replaces it).
    public func settings(for host: String) -> SSHHostSettings {
        var first: [String: [String]] = [:]
        var identityFiles: [String] = []
        for block in blocks where applies(block, to: host) {
            for option in block.options {
                if option.keyword == "identityfile" {
                    identityFiles += option.arguments
                } else if first[option.keyword] == nil {
                    first[option.keyword] = option.arguments
                }
            }
        }
        var s = SSHHostSettings()
        s.options = first.mapValues { $0.joined(separator: " ") }
        // Like ssh: Host patterns see the name as typed, %h sees it lower-cased.
        let lowered = host.lowercased()
        s.hostName = first["hostname"]?.first.map { expandTokens($0, host: lowered, only: ["h"]) }
        s.user = first["user"]?.first
        s.port = first["port"]?.first.flatMap { Int($0) }
        let tokens = TokenValues(host: s.hostName ?? lowered, original: host, port: s.port ?? 22,
                                 remoteUser: s.user ?? localUser, localUser: localUser, home: home ?? "")
        var seen = Set<String>()
        for file in identityFiles {
            let expanded = expandPath(expandTokens(file, tokens))
            if seen.insert(expanded).inserted { s.identityFiles.append(expanded) }
        }
        s.strictHostKeyChecking = first["stricthostkeychecking"]?.first.flatMap { value in
            switch value.lowercased() {
            case "no", "off", "false": return false
            case "yes", "ask", "accept-new", "on", "true": return true
            default: return nil
            }
        }
        s.userKnownHostsFile = first["userknownhostsfile"]?.first.map { expandPath(expandTokens($0, tokens)) }
        s.identitiesOnly = first["identitiesonly"]?.first.flatMap { value in
            switch value.lowercased() {
            case "yes", "true": return true
            case "no", "false": return false
            default: return nil
            }
        }
        s.serverAliveInterval = first["serveraliveinterval"]?.first.flatMap { SSHTimeValue.seconds($0) }
        s.serverAliveCountMax = first["serveralivecountmax"]?.first.flatMap { Int($0) }
        s.proxyJump = first["proxyjump"]?.first
        s.proxyCommand = first["proxycommand"].map { $0.joined(separator: " ") }
        return s
    }

    /// A block applies when one of its patterns matches and none of its `!` patterns does.
    private func applies(_ block: Block, to host: String) -> Bool {
        guard let patterns = block.patterns else { return true }
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if Wildcard.matches(String(pattern.dropFirst()), host) { return false }
            } else if Wildcard.matches(pattern, host) {
                matched = true
            }
        }
        return matched
    }

    struct TokenValues {
        var host: String, original: String, port: Int, remoteUser: String, localUser: String, home: String
    }

    private func expandTokens(_ text: String, host: String, only: Set<Character>) -> String {
        expandTokens(text, TokenValues(host: host, original: host, port: 22, remoteUser: "", localUser: localUser, home: home ?? ""), only: only)
    }

    /// `%h %n %p %r %u %d %%` replaced; other tokens are kept as written.
    private func expandTokens(_ text: String, _ v: TokenValues, only: Set<Character>? = nil) -> String {
        guard text.contains("%") else { return text }
        var out = ""
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            guard c == "%" else { out.append(c); continue }
            guard let t = iterator.next() else { out.append("%"); break }
            if t != "%", let only, !only.contains(t) { out += "%" + String(t); continue }
            switch t {
            case "%": out += "%"
            case "h": out += v.host
            case "n": out += v.original
            case "p": out += String(v.port)
            case "r": out += v.remoteUser
            case "u": out += v.localUser
            case "d": out += v.home
            default: out += "%" + String(t)
            }
        }
        return out
    }

    private func expandPath(_ path: String) -> String {
        guard let home else { return path }
        return ConfigPath.expandUser(path, environment: ["HOME": home])
    }
}
