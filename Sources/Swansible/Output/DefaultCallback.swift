import Foundation

/// Renders events like ansible-playbook's default stdout callback (banners padded with `*` to
/// 80 columns, `ok:`/`changed:`/`fatal:` lines, PLAY RECAP), in colour when `colours` are on.
public final class DefaultCallback: OutputCallback, @unchecked Sendable {
    private let sink: TextSink
    private let verbosity: Int
    private let lock = NSLock()
    /// Error blocks already shown: like ansible's display, an identical one is printed once.
    private var shownErrors = Set<String>()
    private var warned = Set<String>()
    private var paints: TerminalColours

    /// The live status line, when the output goes to a terminal (it is then also the sink).
    private let status: LiveStatusLine?

    public init(sink: TextSink = StandardOutputSink(), verbosity: Int = 0, colours: TerminalColours = .off) {
        self.sink = sink
        self.verbosity = verbosity
        self.paints = colours
        status = nil
    }

    /// The colours the results are painted in.
    public var colours: TerminalColours { lock.withLock { paints } }

    public func useColours(_ config: AnsibleConfig) {
        let chosen = TerminalColours(config: config, isTerminal: sink.isTerminal)
        lock.withLock { paints = chosen }
    }

    /// Output to a terminal with a live status line under it.
    public init(statusLine: LiveStatusLine, verbosity: Int = 0) {
        sink = statusLine
        self.verbosity = verbosity
        paints = .off
        status = statusLine
    }

    public func hostStarted(_ host: String) { status?.hostStarted(host) }
    public func hostFinished(_ host: String) { status?.hostFinished(host) }

    /// `"\nMSG ****"`: stars fill to 80 columns (at least 3), or to a wider terminal's width.
    public static func banner(_ message: String) -> String {
        let stars = max(3, bannerColumns - message.count)
        return "\n" + message + " " + String(repeating: "*", count: stars)
    }

    /// Like ansible's display: 79 columns, or the terminal's width less one when it is wider.
    static let bannerColumns: Int = isatty(STDOUT_FILENO) != 0 ? max(79, LiveStatusLine.terminalWidth() - 1) : 79

    private func emit(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        sink.write(text + "\n")
    }

    public func playStarted(name: String?, checkMode: Bool) {
        let title = (name?.isEmpty == false) ? "PLAY [\(name!)]" : "PLAY"
        // ansible's `check_mode_markers` is off by default: no " [CHECK MODE]" suffix.
        emit(Self.banner(title))
    }

    public func taskStarted(name: String, kind: TaskBannerKind, checkMode: Bool) {
        let prefix: String
        switch kind {
        case .task: prefix = "TASK"
        case .handler: prefix = "RUNNING HANDLER"
        case .cleanup: prefix = "CLEANUP TASK"
        }
        emit(Self.banner("\(prefix) [\(name)]"))
    }

    public func noHostsMatched() { emit(colours.paint("skipping: no hosts matched", .skip)) }

    public func noMoreHosts() { emit(Self.banner("NO MORE HOSTS LEFT")) }

    public func hostResult(_ event: HostResultEvent) {
        // A loop that ended well said it with its items' lines.
        if event.isLoopSummary, event.status == .ok || event.status == .changed { return }
        // Like ansible's default callback, the module's warnings are told first, not printed.
        let origin = event.result[Self.warningsOriginKey].flatMap(Self.place(in:))
        for warning in event.result["warnings"]?.listValue ?? [] {
            self.warning(warning.pythonString + (origin.map { "\n" + String(OriginBlock.render($0).dropLast()) } ?? ""))
        }
        let colours = self.colours
        var text = Self.render(event, verbosity: verbosity, colours: colours)
        if text.isEmpty { return }
        if !event.diffs.isEmpty {
            // Like ansible's display, a prepared diff gets a line end only when it has none.
            text = event.diffs.map { diff in
                let shown = UnifiedDiff.render(diff, colours: colours)
                return diff.prepared != nil && shown.hasSuffix("\n") ? shown : shown + "\n"
            }.joined() + text
        }
        let lines: [(String, TerminalColours.Kind)] = [("fatal", .error), ("fatal", .unreachable), ("failed", .error), ("changed", .changed), ("ok", .ok)]
        if text.hasPrefix(colours.lead(.error) + "[ERROR]: "),
           let range = lines.lazy.compactMap({ text.range(of: "\n" + colours.lead($1) + "\($0): [") }).first {
            let block = String(text[..<range.lowerBound])
            lock.lock()
            let seen = !shownErrors.insert(block).inserted
            lock.unlock()
            if seen { text = String(text[text.index(after: range.lowerBound)...]) }
        }
        emit(text)
    }

    /// The lines for one result, as ansible's default callback prints them (painted in `colours`).
    public static func render(_ event: HostResultEvent, verbosity: Int, colours: TerminalColours = .off) -> String {
        var hostLabel = event.host
        if let delegate = event.delegate { hostLabel += " -> \(delegate)" }
        let item = event.itemLabel.map { " => (item=\($0))" } ?? ""
        var fields = cleaned(event.result)
        if let action = event.action, TaskAction.shortName(action) == "debug" { fields = shownAsDebug(fields) }
        // Like ansible's default callback, a result's `diff` and a module's `invocation` show
        // in its JSON from -vvv on.
        if verbosity < 3, case .dict(var d) = fields, d["diff"] != nil || d["invocation"] != nil {
            d["diff"] = nil
            d["invocation"] = nil
            fields = .dict(d)
        }
        let showJSON = verbosity > 0 || event.verboseAlways
        // Like ansible's default callback: indented when the result always shows or from -vvv on.
        let indent = event.verboseAlways || verbosity > 2 ? 4 : nil
        func json(_ v: Value) -> String { " => " + v.jsonText(indent: indent, sortKeys: true) }
        switch event.status {
        case .ok, .changed:
            if event.isLoopSummary { return "" }
            let word = event.status == .changed ? "changed" : "ok"
            var line = "\(word): [\(hostLabel)]\(item)"
            if showJSON { line += json(fields) }
            line = colours.paint(line, event.status == .changed ? .changed : .ok)
            // A result marked failed that its `failed_when` verdict let pass (exhausted retries)
            // still tells the error, like ansible-core.
            if event.result[Self.errorOverSuccessKey] == true { return colours.paintMessage(errorBlock(event), .error) + line }
            return line
        case .skipped:
            // The skipped line ends in a space when it names an item (ansible's layout).
            var line = event.itemLabel != nil ? "skipping: [\(hostLabel)]\(item) " : "skipping: [\(hostLabel)]"
            if verbosity > 0 { line += json(withoutSkipped(fields)) }
            return colours.paint(line, .skip)
        case .failed:
            if event.isLoopSummary, event.itemsReported {
                // Only a loop of debug (a result that always shows) says it failed, with its message.
                var text = ""
                if event.verboseAlways {
                    let message: Value = ["msg": fields["msg"] ?? .null]
                    text = colours.paint("fatal: [\(hostLabel)]: FAILED! => \(message.jsonText(sortKeys: true))", .error)
                }
                if event.ignored { text += (text.isEmpty ? "" : "\n") + colours.paint("...ignoring", .skip) }
                return text
            }
            var text = ""
            if !event.isLoopSummary || event.itemLabel == nil, event.result[Self.withoutErrorBlockKey] != true {
                text += colours.paintMessage(errorBlock(event), .error)
            }
            let oneLine = fields.jsonText(indent: indent, sortKeys: true)
            if let label = event.itemLabel {
                text += colours.paint("failed: [\(hostLabel)] (item=\(label)) => \(oneLine)", .error)
            } else {
                text += colours.paint("fatal: [\(hostLabel)]: FAILED! => \(oneLine)", .error)
            }
            if event.ignored { text += "\n" + colours.paint("...ignoring", .skip) }
            return text
        case .unreachable:
            var text = ""
            // An unreachable loop's items said it already.
            if !event.isLoopSummary, let message = (event.result[NoLog.summaryMessageKey] ?? fields["msg"])?.pythonString {
                var block = "[ERROR]: " + (message.hasPrefix("Task failed:") ? message : "Task failed: \(message)") + "\n"
                if let origin = event.origin { block += OriginBlock.render(origin) }
                text += colours.paintMessage(block, .error)
            }
            text += colours.paint("fatal: [\(hostLabel)]: UNREACHABLE! => \(fields.jsonText(indent: indent, sortKeys: true))", .unreachable)
            if event.ignored { text += "\n" + colours.paint("...ignoring", .skip) }
            return text
        }
    }

    /// A skipped result as printed: its `skipped` flag is said by the line itself.
    /// A debug result without `msg` (`var`, a skip) as ansible's default callback shows it:
    /// without the status keys.
    static func shownAsDebug(_ value: Value) -> Value {
        guard case .dict(let d) = value, d["msg"] == nil else { return value }
        return .dict(d.filter { !["changed", "failed", "skipped", "invocation", "skip_reason"].contains($0.key) })
    }

    static func withoutSkipped(_ value: Value) -> Value {
        guard case .dict(var d) = value else { return value }
        d["skipped"] = nil
        return .dict(d)
    }

    /// The `[ERROR]:` block over a failure: the summary line and the task's origin; for errors
    /// raised (not reported) by a task, `Task failed.` and each cause with its own origin.
    static func errorBlock(_ event: HostResultEvent) -> String {
        if let origin = event.result[plainErrorOriginKey] {
            // An error told as it is, at its own place (a loop's template or lookup).
            let message = event.result["msg"]?.pythonString ?? ""
            return "[ERROR]: \(message)\n" + (location(of: origin).map(OriginBlock.render) ?? origin.pythonString)
        }
        guard let causes = event.result["_ansible_error_causes"]?.listValue, !causes.isEmpty else {
            var text = "[ERROR]: " + errorSummary(event.result) + "\n"
            if let origin = event.origin { text += OriginBlock.render(origin) }
            return text
        }
        let messages = causes.map { $0["msg"]?.pythonString ?? "" }
        // Inner sentences lose their full stop; the last keeps its own.
        let summary = messages.enumerated().map { index, message in
            index < messages.count - 1 && message.hasSuffix(".") ? String(message.dropLast()) : message
        }.joined(separator: ": ")
        var text = "[ERROR]: Task failed: \(summary)\n\n"
        var chain = Array(zip(causes, messages))
        // Like ansible-core, a first cause at the task's own place is told in the same frame.
        if let (first, message) = chain.first, let origin = event.origin, Self.location(of: first) == origin {
            text += "Task failed: \(message)\n" + OriginBlock.render(origin)
            chain.removeFirst()
        } else {
            text += "Task failed.\n"
            if let origin = event.origin { text += OriginBlock.render(origin) }
        }
        for (cause, message) in chain {
            let help = cause["help"]?.stringValue
            if let place = Self.location(of: cause) {
                text += "<<< caused by >>>\n\n\(message)\n" + OriginBlock.render(place)
                if let help { text += help + "\n\n" }
            } else {
                // Without a place, ansible-core runs the help on after the message.
                text += "<<< caused by >>>\n\n\(message)\(help.map { " " + $0 } ?? "")\n\n"
            }
        }
        return text
    }

    /// Marks a result that is failed (`failed: true`) although its status is ok or changed:
    /// exhausted retries whose `failed_when` let them pass. Its line follows the error block.
    static let errorOverSuccessKey = "_ansible_error_over_success"

    /// Marks a failure that raised nothing (ansible prints no `[ERROR]:` block over it), such
    /// as an item whose label could not be templated.
    static let withoutErrorBlockKey = "_ansible_without_error_block"

    /// The internal result key holding the place its `warnings` are about (`{file, line, column}`).
    static let warningsOriginKey = "_ansible_warnings_origin"

    /// A place written in a result as `{file, line, column}`.
    static func place(in value: Value) -> SourceLocation? {
        guard let file = value["file"]?.stringValue, let line = value["line"]?.intValue, let column = value["column"]?.intValue else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The result key of an error told without "Task failed:": its origin (file, line and
    /// column), or the origin block's text.
    static let plainErrorOriginKey = "_ansible_plain_error_origin"

    /// The origin ansible-core shows for a `with_` lookup's failure: in no file.
    static let lookupOrigin = "Origin: <unknown>\n\ninvoke_lookup()\n\n"

    static func location(of cause: Value) -> SourceLocation? {
        guard let file = cause["file"]?.stringValue, let line = cause["line"]?.intValue, let column = cause["column"]?.intValue else {
            return nil
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// `Task failed: Module failed: MSG` (or `Action failed:` for controller-side actions);
    /// a message that already says `Task failed:` is kept as is.
    static func errorSummary(_ result: Value) -> String {
        // A `no_log` result keeps its message aside: ansible-core 2.19 prints it here all the same.
        // Its lines as Python's splitlines sees them: `\r\n` and `\r` end a line too.
        let message = ((result[NoLog.summaryMessageKey] ?? result["msg"])?.pythonString ?? "Task failed")
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if message.hasPrefix("Task failed:") { return message }
        let kind = result["_ansible_failure_kind"]?.stringValue ?? "Module"
        // No kind: an error raised before the action ran (an action refusing `async:`).
        if kind.isEmpty { return "Task failed: \(message)" }
        if message.isEmpty { return "Task failed: \(kind) failed." }
        return "Task failed: \(kind) failed: \(message)"
    }

    /// Drops the internal keys ansible hides from printed results, and the warnings (told apart).
    static func cleaned(_ result: Value) -> Value {
        guard case .dict(var d) = result else { return result }
        for key in d.keys where key.hasPrefix("_ansible") || key == "warnings" { d[key] = nil }
        return .dict(d)
    }

    public func included(file: String, hosts: [String], itemLabel: String?) {
        emit(colours.paint("included: \(file) for \(hosts.joined(separator: ", "))" + (itemLabel.map { " => (item=\($0))" } ?? ""), .included))
    }

    public func asyncNotice(_ line: String) { emit(colours.paint(line, .debug)) }

    public func retrying(host: String, task: String, retriesLeft: Int, result: Value) {
        var line = "FAILED - RETRYING: [\(host)]: \(task) (\(retriesLeft) retries left)."
        // Like ansible's default callback: the result follows from -vvv, or when it always shows.
        let always = result["_ansible_verbose_always"] == true
        if verbosity > 2 || always {
            line += "Result was: " + Self.cleaned(result).jsonText(indent: always || verbosity > 2 ? 4 : nil, sortKeys: true)
        }
        emit(colours.paint(line, .debug))
    }

    /// Each warning once per run, as ansible's display deduplicates them.
    public func warning(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        guard warned.insert(message).inserted else { return }
        sink.writeError(paints.paintMessage("[WARNING]: \(message)\n", .warn))
    }

    public func error(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        // Like ansible-core's, an error of more than one line (a located one ends with its
        // snippet) is followed by a blank line.
        sink.writeError(paints.paintMessage("[ERROR]: \(message)\n" + (message.contains("\n") ? "\n" : ""), .error))
    }

    public func plain(_ text: String) { emit(text) }

    public func recap(_ stats: [(host: String, stats: HostStats)]) {
        var text = Self.banner("PLAY RECAP") + "\n"
        for (host, s) in stats.sorted(by: { $0.host < $1.host }) {
            text += Self.recapLine(host: host, stats: s, colours: colours) + "\n"
        }
        emit(text)
    }

    /// `host                       : ok=1    changed=0    ...` (each count left-justified in 4).
    /// ansible's default callback: `\tHOST: {json}` per host, then `\tRUN: {json}`, each the
    /// JSON with one-space indents and the newlines taken out.
    public func customStats(hosts: [(String, ValueDict)], run: ValueDict?) {
        func oneLine(_ stats: ValueDict) -> String {
            Value.dict(stats).jsonText(indent: 1, sortKeys: true).replacingOccurrences(of: "\n", with: "")
        }
        var text = Self.banner("CUSTOM STATS:") + "\n"
        for (host, stats) in hosts { text += "\t\(host): \(oneLine(stats))\n" }
        if let run { text += "\n\tRUN: \(oneLine(run))\n" }
        emit(text)
    }

    /// In colour, the host is painted by its worst state and each count that is not 0 by its
    /// own; the host's column is 37 wide with its paint, as ansible pads it.
    public static func recapLine(host: String, stats s: HostStats, colours: TerminalColours = .off) -> String {
        func field(_ name: String, _ n: Int, _ role: TerminalColours.Kind) -> String {
            let v = String(n)
            let text = "\(name)=" + v + String(repeating: " ", count: max(0, 4 - v.count))
            return n == 0 ? text : colours.paint(text, role)
        }
        let hostRole: TerminalColours.Kind = s.failed != 0 || s.unreachable != 0 ? .error : s.changed != 0 ? .changed : .ok
        let painted = colours.paint(host, hostRole)
        let width = colours.isOn ? painted.unicodeScalars.count : painted.count
        let padded = painted + String(repeating: " ", count: max(0, (colours.isOn ? 37 : 26) - width))
        return "\(padded) : " + [
            field("ok", s.ok, .ok), field("changed", s.changed, .changed), field("unreachable", s.unreachable, .unreachable),
            field("failed", s.failed, .error), field("skipped", s.skipped, .skip), field("rescued", s.rescued, .ok),
            field("ignored", s.ignored, .warn),
        ].joined(separator: " ")
    }
}
