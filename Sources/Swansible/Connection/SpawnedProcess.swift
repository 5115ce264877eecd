import Foundation

/// A child started with posix_spawn, its pipes, and a wait for its exit alone: Foundation's
/// `Process` on Linux reports a child's end only once every process holding its descriptors
/// has gone, so a command that leaves a background job (`(sleep 30; …) &`) would be waited for
/// to the end. The child gets the default signal handlers, an empty signal mask, no descriptor
/// of ours but its three streams, and a process group of its own.
struct SpawnedProcess {
    let pid: pid_t
    /// Our ends of its standard streams (stdin only when input was asked for).
    let input: FileHandle?
    let output: FileHandle
    let errors: FileHandle

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    static func spawn(_ executable: String, _ arguments: [String], withInput: Bool) throws -> SpawnedProcess {
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
            // (Close-on-exec: other children must not hold them; dup2 gives the child its own.)
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        let out = try makePipe(), err = try makePipe()
        let inPipe = withInput ? try makePipe() : nil
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let inPipe {
            posix_spawn_file_actions_adddup2(&actions, inPipe.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        // Nothing else of ours reaches the child (a watcher of our own end, a socket).
        closeTheRest(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // Its own process group: a cancelled command is ended with everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        for fd in [out.write, err.write] + (inPipe.map { [$0.read] } ?? []) { Glibc.close(fd) }
        guard status == 0 else {
            for fd in [out.read, err.read] + (inPipe.map { [$0.write] } ?? []) { Glibc.close(fd) }
            throw SpawnError(description: "\(executable): \(String(cString: strerror(status)))")
        }
        return SpawnedProcess(
            pid: pid, input: inPipe.map { FileHandle(fileDescriptor: $0.write, closeOnDealloc: true) },
            output: FileHandle(fileDescriptor: out.read, closeOnDealloc: true),
            errors: FileHandle(fileDescriptor: err.read, closeOnDealloc: true))
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
    /// does not declare: every descriptor from 3 up is closed in the child. Without it, each
    /// descriptor open now is (one that closes meanwhile is ignored by glibc's close action).
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static func closeTheRest(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom {
            _ = addCloseFrom(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
    }

    /// Blocks until the child exits; its exit status (128 + N for signal N, as a shell says).
    func waitForExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
