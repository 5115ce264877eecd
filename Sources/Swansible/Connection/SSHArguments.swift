import Foundation

/// The OpenSSH options ansible passes to `ssh` (`ssh_args` in ansible.cfg,
/// `ansible_ssh_common_args`, `ansible_ssh_extra_args`), read for the settings libssh2 can
/// honour: `-o StrictHostKeyChecking=…`, `-o UserKnownHostsFile=…`, `-o Port/User/IdentityFile`,
/// `-o ServerAliveInterval/ServerAliveCountMax` (the first one given wins, as in ssh), and `-p`,
/// `-l`, `-i`, a jump host (`-J`, `-o ProxyJump`) and `-o ProxyCommand`. Other options are
/// accepted and ignored.
struct SSHArguments: Sendable, Equatable {
    var strictHostKeyChecking: Bool?
    var knownHostsFile: String?
    var port: Int?
    var user: String?
    var identityFiles: [String] = []
    var serverAliveInterval: Int?
    var serverAliveCountMax: Int?
    /// `-J` / `-o ProxyJump=[user@]host[:port]` (the first one given wins, as in ssh).
    var proxyJump: String?
    /// `-o ProxyCommand=…`: a command whose standard input and output carry the session.
    var proxyCommand: String?

    init(_ lines: [String]) {
        for line in lines {
            var words = ((try? ShellWords.split(line)) ?? [])[...]
            while let word = words.popFirst() {
                switch word {
                case "-o":
                    if let option = words.popFirst() { apply(option, then: &words) }
                case "-p": port = words.popFirst().flatMap { Int($0) }
                case "-l": user = words.popFirst()
                case "-i": if let file = words.popFirst() { identityFiles.append(file) }
                case "-J": if let jump = words.popFirst() { proxyJump = proxyJump ?? jump }
                default:
                    if word.hasPrefix("-o"), word.count > 2 { apply(String(word.dropFirst(2)), then: &words) }
                }
            }
        }
    }

    /// `Key=Value`, `Key Value` in one word (quoted), or `Key Value` (the value then is the next word).
    private mutating func apply(_ option: String, then words: inout ArraySlice<String>) {
        var key = option, value = ""
        if let eq = option.firstIndex(of: "=") {
            key = String(option[..<eq])
            value = String(option[option.index(after: eq)...])
        } else if let space = option.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            key = String(option[..<space])
            value = option[space...].trimmingCharacters(in: .whitespaces)
        } else if let next = words.popFirst() {
            value = next
        }
        switch key.lowercased() {
        case "stricthostkeychecking": strictHostKeyChecking = !["no", "off", "false", "accept-new"].contains(value.lowercased())
        case "userknownhostsfile": knownHostsFile = value
        case "port": port = Int(value)
        case "user": user = value
        case "identityfile": identityFiles.append(value)
        case "serveraliveinterval": serverAliveInterval = serverAliveInterval ?? SSHTimeValue.seconds(value)
        case "serveralivecountmax": serverAliveCountMax = serverAliveCountMax ?? Int(value)
        case "proxyjump": proxyJump = proxyJump ?? value
        case "proxycommand": proxyCommand = proxyCommand ?? value
        default: break
        }
    }
}
