/// How one command's output is found in the streams of a long-lived shell. The line written
/// to the shell prints an opening marker on both streams, runs the command, then prints a
/// closing marker on both, with the exit status on stdout:
///
///     TOKEN<\n  output  \nTOKEN>STATUS\n      (stdout)
///     TOKEN<\n  errors  \nTOKEN>\n            (stderr)
///
/// TOKEN is new for each command, so no output can fake it. Whatever comes before the opening
/// marker (a background process of an earlier command still writing) belongs to no command
/// and is dropped, as is whatever follows the closing marker.
struct ShellFrame {
    let token: String
    private var stdoutScan: MarkerScan
    private var stderrScan: MarkerScan

    init(token: String) {
        self.token = token
        let opening = Array("\(token)<\n".utf8)
        stdoutScan = MarkerScan(opening: opening, closing: Array("\n\(token)>".utf8), closingEndsWithNewline: true)
        stderrScan = MarkerScan(opening: opening, closing: Array("\n\(token)>\n".utf8), closingEndsWithNewline: false)
    }

    /// The line that runs `command` (one complete shell command line) framed.
    func request(running command: String) -> [UInt8] {
        Array(("printf '%s<\\n' \(token); printf '%s<\\n' \(token) >&2; \(command) </dev/null; "
            + "printf '\\n%s>%d\\n' \(token) $?; printf '\\n%s>\\n' \(token) >&2\n").utf8)
    }

    /// The command's status, stdout and stderr once both closing markers have arrived.
    mutating func result(stdout: [UInt8], stderr: [UInt8]) -> CommandResult? {
        guard let errors = stderrScan.body(in: stderr), let output = stdoutScan.body(in: stdout) else { return nil }
        let statusStart = output.upperBound + stdoutScan.closing.count
        let digits = stdout[statusStart...].prefix { $0 != UInt8(ascii: "\n") }
        return CommandResult(exitCode: Int32(String(decoding: digits, as: UTF8.self)) ?? -1,
                             stdout: String(decoding: stdout[output], as: UTF8.self),
                             stderr: String(decoding: stderr[errors], as: UTF8.self))
    }
}

/// Finds the bytes between an opening and a closing marker in a growing stream, resuming
/// where the last look stopped (a large output is not searched again from its start).
struct MarkerScan {
    let opening: [UInt8]
    let closing: [UInt8]
    /// The closing marker is followed by text up to a newline (stdout's status).
    let closingEndsWithNewline: Bool
    private var bodyStart: Int?
    private var searchedUpTo = 0

    init(opening: [UInt8], closing: [UInt8], closingEndsWithNewline: Bool) {
        self.opening = opening
        self.closing = closing
        self.closingEndsWithNewline = closingEndsWithNewline
    }

    /// The range between the markers, once the closing one (and its line) is complete.
    mutating func body(in bytes: [UInt8]) -> Range<Int>? {
        if bodyStart == nil {
            guard let found = Self.find(opening, in: bytes, from: searchedUpTo) else {
                searchedUpTo = max(0, bytes.count - opening.count + 1)
                return nil
            }
            bodyStart = found + opening.count
            searchedUpTo = found + opening.count
        }
        guard let start = bodyStart else { return nil }
        // The closing marker begins with the newline that ends the command's own output, so
        // an empty output has it right after the opening marker.
        guard let end = Self.find(closing, in: bytes, from: max(start, searchedUpTo)) else {
            searchedUpTo = max(start, bytes.count - closing.count + 1)
            return nil
        }
        searchedUpTo = end
        if closingEndsWithNewline && !bytes[(end + closing.count)...].contains(UInt8(ascii: "\n")) { return nil }
        return start..<end
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = max(0, start)
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
