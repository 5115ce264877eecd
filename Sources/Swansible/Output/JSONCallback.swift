import Foundation

/// The `json` stdout callback of ansible.posix (`stdout_callback = json`, the collection that
/// `pip install ansible` brings): nothing while the run goes on, then one JSON document of every
/// play, task and host result with their places and times, and the recap's counts. Warnings and
/// errors go to standard error as the default callback tells them.
public final class JSONCallback: ResultsOnlyCallback, @unchecked Sendable {
    private struct TaskRecord {
        var task: ValueDict
        var hosts = ValueDict()
        /// Loop items so far, by host: the loop's summary carries them as `results`.
        var items: [String: [Value]] = [:]
    }

    private struct PlayRecord {
        var play: ValueDict
        var tasks: [TaskRecord] = []
    }

    private let sink: TextSink
    private let messages: DefaultCallback
    private let lock = NSLock()
    private var plays: [PlayRecord] = []
    private var nextID = 1
    /// Like ansible-core's uuids: a random prefix per run, then a counter.
    private let idPrefix: String = {
        let hex = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let h = Array(hex)
        return "\(String(h[0..<8]))-\(String(h[8..<12]))-\(String(h[12..<16]))-\(String(h[16..<20]))-"
    }()

    public init(sink: TextSink = StandardOutputSink(), verbosity: Int = 0) {
        self.sink = sink
        self.messages = DefaultCallback(sink: sink, verbosity: verbosity)
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        // Microseconds as Python prints them (ISO8601DateFormatter gives milliseconds).
        let now = Date()
        let micros = Int((now.timeIntervalSince1970 * 1_000_000).truncatingRemainder(dividingBy: 1_000_000))
        let base = formatter.string(from: now).split(separator: ".")[0]
        return base + "." + String(format: "%06d", micros) + "Z"
    }

    private func newID() -> String {
        defer { nextID += 1 }
        return idPrefix + String(format: "%012d", nextID)
    }

    private static func path(_ location: SourceLocation?) -> Value {
        location.map { .string("\($0.file):\($0.line)") } ?? ""
    }

    public func playStarted(name: String?, checkMode: Bool) { playStarted(name: name, checkMode: checkMode, location: nil) }

    public func playStarted(name: String?, checkMode: Bool, location: SourceLocation?) {
        lock.withLock {
            let play: ValueDict = ["name": .string(name ?? ""), "id": .string(newID()), "path": Self.path(location),
                                   "duration": ["start": .string(Self.now())]]
            plays.append(PlayRecord(play: play))
        }
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool) {
        taskStarted(name: name, kind: kind, checkMode: checkMode, location: nil)
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool, location: SourceLocation?) {
        lock.withLock {
            guard !plays.isEmpty else { return }
            let task: ValueDict = ["name": .string(name), "id": .string(newID()), "path": Self.path(location),
                                   "duration": ["start": .string(Self.now())]]
            plays[plays.count - 1].tasks.append(TaskRecord(task: task))
        }
    }

    public func hostResult(_ event: HostResultEvent) {
        lock.withLock {
            guard var play = plays.popLast() else { return }
            defer { plays.append(play) }
            guard var record = play.tasks.popLast() else { return }
            defer { play.tasks.append(record) }
            if event.itemLabel != nil {
                record.items[event.host, default: []].append(.dict(Self.itemResult(event)))
                return
            }
            var result = Self.hostResult(event)
            if let kept = event.result[HostResultEvent.loopResultsKey] { result["results"] = kept }
            let items = record.items.removeValue(forKey: event.host) ?? []
            if case .list(let registered)? = result["results"] {
                // The registered items, with what their own events said (label, no_log, debug's flag).
                result["results"] = .list(registered.enumerated().map { index, item in
                    guard index < items.count, case .dict(var d) = item, let told = items[index].dictValue else { return item }
                    for (key, value) in told where key.hasPrefix("_ansible") { d[key] = value }
                    return .dict(d)
                })
            } else if !items.isEmpty {
                result["results"] = .list(items)
            }
            record.hosts[event.host] = .dict(result)
            let end = Value.string(Self.now())
            record.task["duration"] = .dict((record.task["duration"]?.dictValue ?? [:]).merging(["end": end]) { $1 })
            play.play["duration"] = .dict((play.play["duration"]?.dictValue ?? [:]).merging(["end": end]) { $1 })
        }
    }

    /// A host's result as ansible-core hands it to callbacks: the module's keys with its
    /// `_ansible_no_log` (and `_ansible_verbose_always` for debug), `failed`/`skipped` only when
    /// so, and the task's action.
    static func hostResult(_ event: HostResultEvent) -> ValueDict {
        var result = withoutEngineKeys(event.result)
        result["failed"] = nil
        result["skipped"] = nil
        if result["changed"] == nil { result["changed"] = false }
        if !event.isLoopSummary {
            result["_ansible_no_log"] = .bool(event.result["censored"] != nil)
            if event.verboseAlways, event.status != .skipped { result["_ansible_verbose_always"] = true }
        }
        switch event.status {
        case .failed:
            result["failed"] = true
            // Like ansible-core 2.19, a raised failure says `exception` (no traceback is kept).
            if !event.isLoopSummary, event.result[DefaultCallback.withoutErrorBlockKey] != true, result["exception"] == nil,
               result["censored"] == nil {
                result["exception"] = "(traceback unavailable)"
            }
        case .skipped: result["skipped"] = true
        default: break
        }
        result["action"] = event.action.map(Value.string) ?? .null
        return result
    }

    /// One loop item's result, as it stands in the loop's `results`.
    static func itemResult(_ event: HostResultEvent) -> ValueDict {
        var result = withoutEngineKeys(event.result)
        result["_ansible_item_label"] = event.itemLabel.map(Value.string)
        result["_ansible_no_log"] = .bool(event.result["censored"] != nil)
        if event.verboseAlways { result["_ansible_verbose_always"] = true }
        return result
    }

    /// The executor's own internal keys (all `_ansible…` in our results) are not ansible's.
    static func withoutEngineKeys(_ value: Value) -> ValueDict {
        (value.dictValue ?? [:]).filter { !$0.key.hasPrefix("_ansible") }
    }

    public func recap(_ stats: [(host: String, stats: HostStats)]) { recap(stats, customStats: nil) }

    /// Like ansible.posix's json callback: `custom_stats` per host and `global_custom_stats`
    /// for the run, both empty unless `show_custom_stats` is on.
    public func recap(_ stats: [(host: String, stats: HostStats)], customStats: (hosts: [(String, ValueDict)], run: ValueDict?)?) {
        var perHost = ValueDict()
        for (host, values) in customStats?.hosts ?? [] { perHost[host] = .dict(values) }
        let global = Value.dict(customStats?.run ?? [:])
        let document: Value = lock.withLock {
            var summary = ValueDict()
            for (host, s) in stats.sorted(by: { $0.host < $1.host }) {
                summary[host] = ["ok": .int(s.ok), "changed": .int(s.changed), "unreachable": .int(s.unreachable),
                                 "failures": .int(s.failed), "skipped": .int(s.skipped), "rescued": .int(s.rescued),
                                 "ignored": .int(s.ignored)]
            }
            let plays: [Value] = plays.map { play in
                .dict(["play": .dict(play.play), "tasks": .list(play.tasks.map { .dict(["task": .dict($0.task), "hosts": .dict($0.hosts)]) })])
            }
            return .dict(["plays": .list(plays), "stats": .dict(summary), "custom_stats": .dict(perHost), "global_custom_stats": global])
        }
        sink.write(document.jsonText(indent: 4, sortKeys: true) + "\n")
    }

    public func warning(_ message: String) { messages.warning(message) }
    public func error(_ message: String) { messages.error(message) }
    public func plain(_ text: String) { messages.plain(text) }
    public func useColours(_ config: AnsibleConfig) { messages.useColours(config) }
}
