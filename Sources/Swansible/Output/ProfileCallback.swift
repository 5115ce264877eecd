import Foundation
import Synchronization

/// `--profile` (or `callbacks_enabled = profile_tasks` / `profile_roles`): passes every event to
/// the callback it wraps and times each task banner to the next, then `report` prints the
/// slowest tasks, the time per role, and what the run cost: remote round trips and bytes, the
/// controller's CPU seconds, peak memory and the most threads it had (sampled at each task's end).
public final class ProfileCallback: OutputCallback {
    private struct Timing {
        var name: String
        var seconds: Double
    }

    private struct State {
        var started = ContinuousClock.now
        var current: (name: String, since: ContinuousClock.Instant)?
        var timings: [Timing] = []
        /// Hosts with a result for the current task (a loop's items count once).
        var currentHosts: Set<String> = []
        var hostTasks = 0
        var peakThreads = 0
    }

    private let inner: any OutputCallback
    private let state = Mutex(State())
    /// How many of the slowest tasks the report lists (ansible's profile_tasks shows 20).
    public let taskCount = 20

    public init(wrapping inner: any OutputCallback) {
        self.inner = inner
    }

    public func playStarted(name: String?, checkMode: Bool) { playStarted(name: name, checkMode: checkMode, location: nil) }

    public func playStarted(name: String?, checkMode: Bool, location: SourceLocation?) {
        stopTiming()
        inner.playStarted(name: name, checkMode: checkMode, location: location)
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool) {
        taskStarted(name: name, kind: kind, checkMode: checkMode, location: nil)
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool, location: SourceLocation?) {
        let now = ContinuousClock.now
        state.withLock {
            Self.close(&$0, at: now)
            $0.current = (name, now)
        }
        inner.taskStarted(name: name, kind: kind, checkMode: checkMode, location: location)
    }

    public func noHostsMatched() { inner.noHostsMatched() }
    public func hostStarted(_ host: String) { inner.hostStarted(host) }
    public func hostFinished(_ host: String) { inner.hostFinished(host) }
    public func asyncNotice(_ line: String) { inner.asyncNotice(line) }
    public func noMoreHosts() { inner.noMoreHosts() }

    public func hostResult(_ event: HostResultEvent) {
        state.withLock { _ = $0.currentHosts.insert(event.host) }
        inner.hostResult(event)
    }

    public func included(file: String, hosts: [String], itemLabel: String?) {
        inner.included(file: file, hosts: hosts, itemLabel: itemLabel)
    }

    public func retrying(host: String, task: String, retriesLeft: Int, result: Value) {
        inner.retrying(host: host, task: task, retriesLeft: retriesLeft, result: result)
    }

    public func warning(_ message: String) { inner.warning(message) }
    public func error(_ message: String) { inner.error(message) }
    public func plain(_ text: String) { inner.plain(text) }

    public func recap(_ stats: [(host: String, stats: HostStats)]) {
        stopTiming()
        inner.recap(stats)
    }

    public func customStats(hosts: [(String, ValueDict)], run: ValueDict?) { inner.customStats(hosts: hosts, run: run) }

    public func recap(_ stats: [(host: String, stats: HostStats)], customStats: (hosts: [(String, ValueDict)], run: ValueDict?)?) {
        stopTiming()
        inner.recap(stats, customStats: customStats)
    }

    /// Prints the profile through the wrapped callback; `traffic` is the run's remote work.
    public func report(traffic: RemoteTraffic) {
        stopTiming()
        let (timings, hostTasks, wall, threads) = state.withLock {
            ($0.timings, $0.hostTasks, ContinuousClock.now - $0.started, $0.peakThreads)
        }
        var lines = [DefaultCallback.banner("PROFILE")]
        let slowest = timings.enumerated().sorted { ($0.element.seconds, $1.offset) > ($1.element.seconds, $0.offset) }
        lines.append("Slowest tasks:")
        for timing in slowest.prefix(taskCount).map(\.element) { lines.append(Self.row(timing.name, timing.seconds)) }
        let roles = Self.roleTotals(timings)
        if !roles.isEmpty {
            lines.append("Roles:")
            for timing in roles { lines.append(Self.row(timing.name, timing.seconds)) }
        }
        let usage = ControllerUsage.now()
        lines.append(String(format: "Run: %.2f s wall, %d host-tasks; controller %.2f s CPU, %@ peak memory, %d threads at most",
                            wall.seconds, hostTasks, usage.cpuSeconds, Self.bytes(usage.peakResidentBytes), threads))
        let perHostTask = hostTasks == 0 ? 0 : Double(traffic.roundTrips) / Double(hostTasks)
        lines.append(String(format: "Remote: %d round trips (%.2f per host-task: %d commands, %d uploads, %d downloads), %@ sent, %@ received",
                            traffic.roundTrips, perHostTask, traffic.commands, traffic.uploads, traffic.downloads,
                            Self.bytes(traffic.bytesSent), Self.bytes(traffic.bytesReceived)))
        inner.plain(lines.joined(separator: "\n"))
    }

    private func stopTiming() {
        let now = ContinuousClock.now
        state.withLock { Self.close(&$0, at: now) }
    }

    private static func close(_ state: inout State, at now: ContinuousClock.Instant) {
        state.hostTasks += state.currentHosts.count
        state.currentHosts = []
        state.peakThreads = max(state.peakThreads, ControllerUsage.threads())
        guard let current = state.current else { return }
        state.timings.append(Timing(name: current.name, seconds: (now - current.since).seconds))
        state.current = nil
    }

    /// Time per role, from banner names of the form `role : task`, largest first.
    private static func roleTotals(_ timings: [Timing]) -> [Timing] {
        var totals: [String: Double] = [:]
        var order: [String] = []
        for timing in timings {
            guard let separator = timing.name.range(of: " : ") else { continue }
            let role = String(timing.name[..<separator.lowerBound])
            if totals[role] == nil { order.append(role) }
            totals[role, default: 0] += timing.seconds
        }
        return order.map { Timing(name: $0, seconds: totals[$0]!) }.sorted { $0.seconds > $1.seconds }
    }

    /// `name ---- 1.23s`, 79 columns wide like the banners.
    static func row(_ name: String, _ seconds: Double) -> String {
        let time = String(format: " %.2fs", seconds)
        let dashes = max(3, 79 - 2 - name.count - 1 - time.count)
        return "  \(name) " + String(repeating: "-", count: dashes) + time
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format: "%.1f KiB", Double(count) / 1024) }
        return String(format: "%.1f MiB", Double(count) / 1024 / 1024)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

/// The controller process's own CPU time and peak resident memory so far.
struct ControllerUsage {
    var cpuSeconds: Double
    var peakResidentBytes: Int

    static func now() -> ControllerUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // Linux reports ru_maxrss in KiB.
        return ControllerUsage(cpuSeconds: cpu, peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// The process's threads now (`Threads:` of /proc/self/status; 0 where there is none).
    static func threads() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }) else { return 0 }
        return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }
}
