import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ssh's ProxyCommand: the command runs under /bin/sh with one end of a socket pair as its
/// standard input and output (its errors go to ours, as with ssh), and the session runs over
/// the other end as over a TCP socket. The command ends when the session closes its end; a
/// thread of its own waits for it, so that it does not linger as a zombie.
enum SSHProxyCommand {
    static func open(_ command: String, for target: SSHTarget) throws -> SSHSocket {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SSHFailure.setup("socketpair: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        SpawnedProcess.closeTheRest(&actions)
        let words: [String] = ["/bin/sh", "-c", "exec " + expand(command, for: target)]
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        Glibc.close(ends[1])
        guard status == 0 else {
            Glibc.close(ends[0])
            throw SSHFailure.unreachable("ProxyCommand \(command): \(String(cString: strerror(status)))")
        }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL, 0) | O_NONBLOCK)
        let child = pid
        let reaper = Thread {
            var ended: Int32 = 0
            while waitpid(child, &ended, 0) < 0 && errno == EINTR {}
        }
        reaper.stackSize = 1 << 16
        reaper.start()
        return SSHSocket(fd: ends[0])
    }

    /// `%h` (the address), `%p`, `%r` (the remote user), `%n` (the inventory name) and `%%`;
    /// other tokens stay as written.
    static func expand(_ command: String, for target: SSHTarget) -> String {
        var out = "", pending = false
        for c in command {
            guard pending else {
                if c == "%" { pending = true } else { out.append(c) }
                continue
            }
            pending = false
            switch c {
            case "%": out += "%"
            case "h": out += target.address
            case "p": out += String(target.port)
            case "r": out += target.user
            case "n": out += target.host
            default: out += "%" + String(c)
            }
        }
        return pending ? out + "%" : out
    }
}
