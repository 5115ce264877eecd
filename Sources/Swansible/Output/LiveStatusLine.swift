import Foundation

/// What ansible-playbook lacks: on a terminal, a line under the output while tasks run, naming
/// the hosts that have not answered yet and how long the oldest has been running:
///
///     waiting 12s for kube-master-01, kube-worker-01 (2 hosts)
///
/// It appears once a host has been running for a second, is redrawn every second while any
/// host runs (the timer stops when none does), and is erased before anything else is written,
/// so the output above it reads as without it.
/// Everything written goes through it (it is the callback's sink).
public final class LiveStatusLine: TextSink, @unchecked Sendable {
    private let terminal: TextSink
    private let width: @Sendable () -> Int
    private let lock = NSLock()
    private var running: [String: ContinuousClock.Instant] = [:]
    private var order: [String] = []
    private var shown = false
    private var timer: DispatchSourceTimer?

    public init(terminal: TextSink = StandardOutputSink(), width: @escaping @Sendable () -> Int = LiveStatusLine.terminalWidth) {
        self.terminal = terminal
        self.width = width
    }

    deinit { timer?.cancel() }

    /// On when standard output is a terminal, unless `SWANSIBLE_STATUS_LINE=0` (or `false`,
    /// `no`, `off`) turns it off.
    public static func wanted(environment: [String: String]) -> Bool {
        if let setting = environment["SWANSIBLE_STATUS_LINE"]?.lowercased(), ["0", "false", "no", "off"].contains(setting) {
            return false
        }
        return isatty(STDOUT_FILENO) != 0 && environment["TERM"] != "dumb"
    }

    /// The terminal's columns (80 when it cannot tell).
    public static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    public var isTerminal: Bool { terminal.isTerminal }

    public func write(_ text: String) {
        lock.withLock {
            erase()
            terminal.write(text)
        }
    }

    public func writeError(_ text: String) {
        lock.withLock {
            erase()
            terminal.writeError(text)
        }
    }

    public func hostStarted(_ host: String) {
        lock.withLock {
            if running[host] == nil { order.append(host) }
            running[host] = .now
            if timer == nil { startTimer() }
        }
    }

    public func hostFinished(_ host: String) {
        lock.withLock {
            running[host] = nil
            order.removeAll { $0 == host }
            guard running.isEmpty else { return }
            erase()
            // Nothing to draw until a host starts again: no tick meanwhile.
            timer?.cancel()
            timer = nil
        }
    }

    /// The line for these hosts, the oldest `elapsed` seconds running, cut to `width` columns.
    static func line(hosts: [String], elapsed: Int, width: Int) -> String {
        let count = hosts.count == 1 ? "1 host" : "\(hosts.count) hosts"
        var names = hosts.joined(separator: ", ")
        let fixed = "waiting \(elapsed)s for  (\(count))".count
        let room = max(0, width - 1 - fixed)
        if names.count > room { names = String(names.prefix(max(0, room - 3))) + "..." }
        return String("waiting \(elapsed)s for \(names) (\(count))".prefix(max(0, width - 1)))
    }

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.redraw() }
        timer.resume()
        self.timer = timer
    }

    /// Whether the once-a-second redraw is scheduled (only while a host runs).
    var isTicking: Bool { lock.withLock { timer != nil } }

    /// Draws the line for the hosts still running (the timer's tick; tests call it with a time).
    func redraw(at now: ContinuousClock.Instant = .now) {
        lock.withLock {
            guard let oldest = running.values.min() else { return }
            let elapsed = Int((now - oldest).components.seconds)
            guard elapsed >= 1 else { return }
            erase()
            terminal.write(Self.line(hosts: order, elapsed: elapsed, width: width()))
            shown = true
        }
    }

    /// Back to the start of the line, cleared (the caller holds the lock).
    private func erase() {
        guard shown else { return }
        terminal.write("\r\u{1B}[2K")
        shown = false
    }
}
