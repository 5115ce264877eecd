import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Two things Foundation's Process and FileHandle leave to chance when many children run at once
/// (a run's local tasks, vault password scripts, the tests' parallel suites):
/// - `readAll` reads a pipe to its end, going on after EINTR (FileHandle.readDataToEndOfFile
///   traps on it: a `try!` inside Foundation);
/// - `start` tries again when Linux refuses to execute a file that is still open for writing
///   somewhere (ETXTBSY: a script written a moment ago, whose descriptor a child being forked on
///   another thread still holds until it execs).
package enum ChildProcessIO {
    package static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let descriptor = handle.fileDescriptor
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return data
            }
        }
    }

    /// Reads `handle` to its end, or, once `hasExited` says the child is gone, until it has
    /// been quiet for `quiet` seconds: like ansible-core's run_command, a background grandchild
    /// that keeps the pipe open does not hold the command's result back.
    package static func readWhileRunning(_ handle: FileHandle, hasExited: () -> Bool, quiet: Double = 1) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let descriptor = handle.fileDescriptor
        var quietSinceExit = 0.0
        let step: Int32 = 100
        while true {
            var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watched, 1, step)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                if hasExited() {
                    quietSinceExit += Double(step) / 1000
                    if quietSinceExit >= quiet { return data }
                }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
                quietSinceExit = 0
            } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return data
            }
        }
    }

    /// Runs the process `make` returns; on ETXTBSY, a new one, up to 20 times, 25 ms apart.
    package static func start(_ make: () -> Process) throws -> Process {
        var attempt = 0
        while true {
            let process = make()
            do {
                try process.run()
                return process
            } catch let error as NSError where isTextBusy(error) && attempt < 20 {
                attempt += 1
                usleep(25_000)
            }
        }
    }

    static func isTextBusy(_ error: NSError) -> Bool {
        if error.domain == NSPOSIXErrorDomain && error.code == Int(ETXTBSY) { return true }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError else { return false }
        return underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(ETXTBSY)
    }
}
