import Foundation
import Jinja

/// Runs one task on one host: loop items, `when`, the action, `changed_when`/`failed_when`,
/// `until`/`retries`, and shapes the result like ansible-core's (`results` for loops,
/// `skip_reason` for skips).
struct TaskRunner: Sendable {
    let run: RunContext
    let vars: PlayVariables
    let play: Play

    func execute(_ written: PlaybookTask, on host: String) async -> TaskOutcome {
        var task = written
        let layers = vars.layers(host: host, task: task)
        let templar = AnsibleTemplar(variables: layers, options: vars.templarOptions(for: task))
        var outcome = TaskOutcome(
            host: host, events: [], status: .ok, ignored: false, changed: false, result: [:], facts: [:],
            hostVariables: [:], includedVariables: [:])
        let ignoreErrors = (try? boolKeyword(task, "ignore_errors", templar)) ?? false
        do {
            task = try withTemplatedAction(task, templar: templar)
            if let loop = task.loop {
                try await executeLoop(task, loop: loop, host: host, templar: templar, layers: layers, into: &outcome)
            } else {
                let single = await attempt(task, host: host, templar: templar, layers: layers)
                outcome.absorb(single)
                outcome.result = single.result
            }
        } catch {
            outcome.status = .failed
            outcome.result = Self.failureResult(error)
        }
        if outcome.status == .failed, ignoreErrors { outcome.ignored = true }
        if outcome.status == .unreachable,
            (try? boolKeyword(task, "ignore_unreachable", templar)) == true
        {
            outcome.ignored = true
        }
        // Like ansible-core, a task delegated to its own host shows no `-> host`.
        let delegate = (try? delegateHost(task, templar: templar)).flatMap { $0 == host ? nil : $0 }
        let module = ModuleRegistry.module(named: task.action)
        let hidden = Self.hidesOutput(task, templar)
        // Like ansible-core, a loop prints its items; the loop's own result goes to the callback
        // too (the default callback prints it only when the loop was skipped whole, unreachable,
        // or failed; minimal prints it always).
        let itemsFailed = task.loop != nil && outcome.status == .failed && outcome.events.contains { $0.status == .failed }
        do {
            var shown = outcome.result
            if task.loop != nil, outcome.status == .ok || outcome.status == .changed {
                // As ansible's callbacks print a loop's result: without the items' results (kept
                // aside for the callbacks that record them, json).
                shown[HostResultEvent.loopResultsKey] = shown.removeValue(forKey: "results")
            }
            if task.loop != nil, outcome.status == .skipped {
                // The skipped loop's line leaves out the item results it summarises.
                shown["results"] = nil
                shown["skipped"] = nil
            }
            if hidden {
                shown = shown.censored()
                if outcome.status == .unreachable {
                    shown[NoLog.summaryMessageKey] = .string(NoLog.unreachableMessage(outcome.result["msg"]?.pythonString ?? ""))
                }
            }
            var event = HostResultEvent(
                host: host, delegate: delegate, status: outcome.status,
                result: .dict(shown.printable()),
                // (A loop skipped whole shows its summary like any module's, from -v on.)
                ignored: outcome.ignored,
                // (Of a loop's summary, only debug's says its failure: assert's does not.)
                // (A skipped task never ran its action: its result is not one that always shows.)
                verboseAlways: !hidden && outcome.status != .skipped && Self.showsWithoutVerbose(module, outcome.result)
                    && !(task.loop != nil && module == AssertModule.self),
                origin: task.location, isLoopSummary: task.loop != nil)
            // `no_log` hides the diff as well.
            if task.loop == nil, !hidden { event.diffs = outcome.diffs }
            if module?.reportsChanged == false { event.result = Self.withoutChanged(event.result) }
            event.result = Self.shownAsDebug(module, event.result)
            event.itemsReported = itemsFailed
            event.action = task.action
            outcome.events.append(event)
        }
        return outcome
    }

    private func executeLoop(
        _ task: PlaybookTask, loop: TaskLoop, host: String, templar: AnsibleTemplar, layers: VariableLayers,
        into outcome: inout TaskOutcome
    ) async throws {
        let items: [Value]
        do {
            items = try LoopItems.expand(loop, action: task.action, templar: templar, variables: layers, run: run)
        } catch let error as TemplateError where error.kind == .undefined {
            // Like ansible-core, items that name an undefined variable fail the task only when
            // its `when` holds without them (`with_items: "{{ later }}"` + `when: later is defined`).
            if let skip = try skipResult(task, templar: templar) {
                outcome.status = .skipped
                outcome.result = skip
                return
            }
            // (pointing at the loop, like ansible-core)
            throw TaskFailure(causes: [(ErrorReport.text(error), task.loopLocation)])
        } catch let failure as TermsFailure {
            throw LoopFailure(message: ErrorReport.text(failure.error), origin: task.loopLocation)
        } catch let error as TemplateError {
            // Like ansible-core, the loop's own error, told as it is: a `loop:` template's at
            // the loop, a `with_` lookup's at no place of the playbook.
            let isTemplate = if case .loop = loop.source { true } else { false }
            throw LoopFailure(message: ErrorReport.text(error), origin: isTemplate ? task.loopLocation : nil)
        }
        // Like ansible-core, a loop over nothing skips the task.
        if items.isEmpty {
            outcome.status = .skipped
            outcome.result = ["changed": false, "results": [], "skipped": true, "skipped_reason": "No items in the list"]
            return
        }
        let loopVar = try templar.template(loop.control.loopVar).pythonString
        let indexVar = try loop.control.indexVar.map { try templar.template($0).pythonString }
        let extended = try loop.control.extended.map { try templar.template($0).isTruthy } ?? false
        let allItems = try loop.control.extendedAllItems.map { try templar.template($0).isTruthy } ?? true
        let pause = try loop.control.pause.map { try LoopItems.seconds(templar.template($0)) } ?? 0
        // Like ansible-core, a task delegated to its own host shows no `-> host`.
        let delegate = (try? delegateHost(task, templar: templar)).flatMap { $0 == host ? nil : $0 }
        let module = ModuleRegistry.module(named: task.action)
        var results: [Value] = []
        var anyChanged = false, anyFailed = false, anyUnreachable = false, allSkipped = !items.isEmpty
        // Like ansible-core, what an item sets (set_fact) is seen by the items after it.
        var itemsSet = ValueDict()
        for (index, item) in items.enumerated() {
            if index > 0, pause > 0 { try await Task.sleep(for: .seconds(pause)) }
            var extra: ValueDict = itemsSet
            extra[loopVar] = item
            extra["ansible_loop_var"] = .string(loopVar)
            if let indexVar { extra[indexVar] = .int(index) }
            if extended { extra["ansible_loop"] = LoopItems.extendedVariable(items, at: index, allItems: allItems) }
            let itemTemplar = templar.adding(extra)
            var single = await attempt(task, host: host, templar: itemTemplar, layers: layers.adding(extra))
            itemsSet.merge(single.hostVariables) { _, new in new }
            outcome.events += single.events
            // (The registered name is the item's own result while its label is templated.)
            let labelTemplar = register(task).map { itemTemplar.adding([$0: .dict(single.result)]) } ?? itemTemplar
            let label = Self.itemLabel(loop, item: item, templar: labelTemplar, outcome: &single, module: module)
            single.result[loopVar] = item
            single.result["ansible_loop_var"] = .string(loopVar)
            if let indexVar { single.result[indexVar] = .int(index) }
            // Like ansible-core, an unreachable item does not end the loop: it is reported as a
            // failed item, and the loop as unreachable at its end.
            let unreachable = single.status == .unreachable
            anyUnreachable = anyUnreachable || unreachable
            anyChanged = anyChanged || single.changed
            anyFailed = anyFailed || single.status == .failed
            if single.status != .skipped { allSkipped = false }
            outcome.facts.merge(single.facts) { _, new in new }
            outcome.hostVariables.merge(single.hostVariables) { _, new in new }
            outcome.includedVariables.merge(single.includedVariables) { _, new in new }
            let hidden = Self.hidesOutput(task, itemTemplar)
            // Like ansible-core's default callback, an item's line shows its loop variables;
            // debug's hides `ansible_loop_var` (and a `msg` alone hides them all).
            // (An item `when` skipped has no result of the module's own: it is not shown always.)
            let showsAlways = single.result["skip_reason"] == nil && Self.showsWithoutVerbose(module, single.result)
            var shown = single.result
            if hidden {
                shown = shown.censored()
                if unreachable { shown[NoLog.summaryMessageKey] = .string(NoLog.unreachableMessage(single.result["msg"]?.pythonString ?? "")) }
            }
            var printed = Value.dict(shown.printable(
                loopVariables: module == DebugModule.self ? ["ansible_loop_var", "ansible_loop"] : []))
            if module?.reportsChanged == false { printed = Self.withoutChanged(printed) }
            // A skipped item whose label failed is shown failed, without its `skipped` flag.
            if single.status == .failed, single.result["skip_reason"] != nil, case .dict(var d) = printed {
                d["skipped"] = nil
                printed = .dict(d)
            }
            printed = Self.shownAsDebug(module, printed)
            if module == DebugModule.self { printed = DefaultCallback.shownAsDebug(printed) }
            var event = HostResultEvent(
                host: host, delegate: delegate, status: unreachable ? .failed : single.status,
                itemLabel: hidden ? NoLog.itemLabel : label,
                result: printed, verboseAlways: !hidden && showsAlways, origin: task.location)
            if !hidden { event.diffs = single.diffs }
            outcome.events.append(event)
            var registered = single.result.registrable(failed: single.status == .failed)
            if unreachable || single.result["timedout"] != nil { registered["exception"] = "(traceback unavailable)" }
            results.append(.dict(registered))
            if try breaks(loop, after: single, task: task, templar: itemTemplar) { break }
        }
        outcome.changed = anyChanged
        var summary: ValueDict = ["changed": .bool(anyChanged)]
        if anyFailed {
            summary["failed"] = true
            summary["msg"] = "One or more items failed"
            outcome.status = .failed
        } else if allSkipped {
            summary["msg"] = "All items skipped"
            outcome.status = .skipped
        } else {
            summary["msg"] = "All items completed"
            outcome.status = anyChanged ? .changed : .ok
        }
        summary["results"] = .list(results)
        summary["skipped"] = .bool(allSkipped)
        if anyUnreachable {
            outcome.status = .unreachable
            summary["unreachable"] = true
            summary["skipped"] = nil
        }
        outcome.result = summary
    }

    /// A `when` condition's value; like ansible-core, one that cannot be evaluated fails the
    /// task, pointing at the condition.
    private func holds(_ condition: String, of task: PlaybookTask, templar: AnsibleTemplar) throws -> Bool {
        do {
            return try templar.evaluateCondition(condition)
        } catch let error as TemplateError where AnsibleTemplar.refusedConditionMessages.contains(error.message) {
            // Refused before any evaluation: ansible-core says so alone.
            var failure = TaskFailure(causes: [(error.message, task.conditionLocations[condition])])
            if error.message == AnsibleTemplar.untrustedMessage { failure.help = AnsibleTemplar.untrustedHelp }
            throw failure
        } catch {
            throw TaskFailure(causes: [(Self.conditionalFailure(error), task.conditionLocations[condition])])
        }
    }

    /// Why a condition could not be evaluated, as ansible-core says it: a syntax error (in the
    /// condition or a template it reaches) or the condition's own rendering error alone,
    /// anything else after "Error while evaluating conditional".
    static func conditionalFailure(_ error: any Error) -> String {
        if let template = error as? TemplateError, template.isWordedSyntaxError || template.isWordedExpressionError {
            return ErrorReport.text(error)
        }
        return "Error while evaluating conditional: " + ErrorReport.text(error)
    }

    /// The skipped result when one of the task's `when` conditions is false, else nil.
    private func skipResult(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> ValueDict? {
        for condition in task.keywords.when where try !holds(condition.pythonString, of: task, templar: templar) {
            return [
                // (in ansible-core's order, which a printed dict shows)
                "changed": false, "skipped": true, "skip_reason": "Conditional result was False",
                "false_condition": condition,
            ]
        }
        return nil
    }

    /// One run of the action for one item: `when`, then the action with its retries.
    private func attempt(_ task: PlaybookTask, host: String, templar: AnsibleTemplar, layers: VariableLayers) async -> TaskOutcome {
        var outcome = TaskOutcome(
            host: host, events: [], status: .ok, ignored: false, changed: false, result: [:], facts: [:],
            hostVariables: [:], includedVariables: [:])
        var notices: [HostResultEvent] = []
        do {
            if let skip = try skipResult(task, templar: templar) {
                outcome.status = .skipped
                outcome.result = skip
                return outcome
            }
            let invoker = ActionInvoker(run: run, vars: vars, play: play)
            // Like ansible-core: `retries` alone retries until the task does not fail; `until`
            // alone retries 3 times; `retries: 0` runs once, the condition unchecked.
            let retries = try max(0, intKeyword(task, "retries", templar) ?? (task.keywords["until"] == nil ? 0 : 3))
            // Like ansible-core, `delay` is a float (seconds) and a negative one waits 1 s.
            let delay = try floatKeyword(task, "delay", templar).map { $0 < 0 ? 1 : $0 } ?? 5
            let timeout = TaskTimeout(seconds: try intKeyword(task, "timeout", templar) ?? 0)
            var attemptNumber = 0
            defer { outcome.events = notices + outcome.events }
            while true {
                attemptNumber += 1
                var result = try await timeout.run { try await invoker.invoke(task, host: host, templar: templar, layers: layers) }
                // An async job's checks are told before its result, in order.
                for line in result.fields.removeValue(forKey: AsyncRun.noticesKey)?.listValue ?? [] {
                    var notice = HostResultEvent(host: host, status: .ok, result: [:])
                    notice.asyncNotice = line.stringValue
                    notices.append(notice)
                }
                outcome = try judge(task, result: result, templar: templar, host: host,
                                    attempts: retries > 0 ? attemptNumber : nil)
                guard retries > 0 else { break }
                outcome.result["attempts"] = .int(attemptNumber)
                let scoped = register(task).map { templar.adding([$0: .dict(outcome.result)]) } ?? templar
                if let until = task.keywords["until"] {
                    if try conditions(until).allSatisfy({ try scoped.evaluateCondition($0) }) { break }
                } else if outcome.status != .failed {
                    break
                }
                if attemptNumber > retries {
                    // Like ansible-core, exhausted retries mark the result failed, but a task with
                    // `failed_when` fails only as its verdict says (`failed_when_result`).
                    if let verdict = outcome.result["failed_when_result"], !verdict.isTruthy {
                        outcome.status = outcome.changed ? .changed : .ok
                        outcome.result["exception"] = "(traceback unavailable)"
                        outcome.result["_ansible_failure_kind"] = "Action"
                        outcome.result[DefaultCallback.errorOverSuccessKey] = true
                    } else {
                        outcome.status = .failed
                    }
                    outcome.result["failed"] = true
                    // (ansible-core's count of attempts, one short, once they are exhausted)
                    outcome.result["attempts"] = .int(retries)
                    if outcome.result["msg"] == nil { outcome.result["msg"] = "Retries exhausted" }
                    break
                }
                var shown = outcome.result
                shown["retries"] = .int(retries + 1)
                if Self.showsWithoutVerbose(ModuleRegistry.module(named: task.action), outcome.result) {
                    shown["_ansible_verbose_always"] = true
                }
                var notice = HostResultEvent(host: host, status: .failed, result: .dict(shown.printable()))
                // Like ansible-core, a named task's retries say its name alone (no `role : `).
                let retryName = task.name.flatMap { $0.isEmpty ? nil : $0 } ?? task.displayName
                notice.retry = RetryNotice(task: retryName, retriesLeft: retries - attemptNumber + 1)
                notices.append(notice)
                if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
            }
        } catch let timedOut as TaskTimedOut {
            outcome.status = .failed
            outcome.result = timedOut.result(shownAsCause: ModuleRegistry.module(named: task.action)?.timeoutShownAsCause ?? false)
        } catch let error as ConnectionError {
            outcome.status = .unreachable
            outcome.result = [
                "changed": false, "msg": .string("Task failed: \(error.message)"), "unreachable": true,
            ]
        } catch {
            outcome.status = .failed
            outcome.result = Self.failureResult(error)
        }
        return outcome
    }

    /// Applies `changed_when` / `failed_when` (with the registered name bound to the result).
    /// `attempts`, when the task retries, is in the result they see, as in ansible-core.
    private func judge(_ task: PlaybookTask, result: ModuleResult, templar: AnsibleTemplar, host: String,
                       attempts: Int? = nil) throws -> TaskOutcome {
        guard case .dict(var dict) = result.registered else { preconditionFailure("registered is a dict") }
        if let attempts { dict["attempts"] = .int(attempts) }
        var changed = result.changed
        var failed = result.failed
        // Like ansible-core, a result says `failed: false`, unless its action raised the skip.
        if !failed, dict["failed"] == nil, !(result.skipped && result.skippedByAction) { dict["failed"] = false }
        let scoped = register(task).map { templar.adding([$0: .dict(dict)]) } ?? templar
        // Like ansible-core, a condition that cannot be evaluated fails the task, which keeps the
        // module's result and tells the error as the condition's result.
        if let changedWhen = task.keywords["changed_when"] {
            do {
                changed = try conditions(changedWhen).allSatisfy { try scoped.evaluateCondition($0) }
                dict["changed"] = .bool(changed)
            } catch {
                failed = true
                dict["failed"] = true
                dict["changed_when_result"] = .string(Self.conditionalFailure(error))
            }
        }
        if let failedWhen = task.keywords["failed_when"] {
            do {
                failed = try conditions(failedWhen).allSatisfy { try scoped.evaluateCondition($0) }
                dict["failed_when_result"] = .bool(failed)
                // The module's failure, overruled, is still told (ansible-core keeps no traceback).
                if result.failed, !failed { dict["failed_when_suppressed_exception"] = "(traceback unavailable)" }
            } catch {
                failed = true
                dict["failed_when_result"] = .string(Self.conditionalFailure(error))
            }
            dict["failed"] = .bool(failed)
        }
        var outcome = TaskOutcome(
            host: host, events: [], status: failed ? .failed : (changed ? .changed : .ok), ignored: false,
            changed: changed, result: dict, facts: result.facts, hostVariables: result.hostVariables,
            includedVariables: result.includedVariables)
        if result.skipped && !failed { outcome.status = .skipped }
        outcome.diffs = result.diff
        if failed, dict[ModuleResult.actionErrorMarker] == true {
            // Raised by the controller-side action: printed as a cause under `Task failed.`.
            outcome.result[ModuleResult.actionErrorMarker] = nil
            outcome.result["_ansible_error_causes"] = TaskFailure(dict["msg"]?.pythonString ?? "").resultValue
        } else if failed, dict[ModuleResult.failureKindKey] == nil {
            let actionOnly = ModuleRegistry.module(named: task.action)?.actionPlugin == .actionOnly
            // A failure that only `failed_when` found is the action's, not the module's.
            outcome.result[ModuleResult.failureKindKey] = .string(actionOnly || !result.failed ? "Action" : "Module")
        }
        return outcome
    }

    /// The item's label (`loop_control.label`, else the item), templated after the item ran:
    /// like ansible-core, an undefined variable in it fails the item (label `None`) rather
    /// than the task.
    static func itemLabel(_ loop: TaskLoop, item: Value, templar: AnsibleTemplar, outcome: inout TaskOutcome,
                          module: (any Module.Type)? = nil) -> String {
        guard let raw = loop.control.label else { return item.pythonString }
        do {
            return try templar.template(raw).pythonString
        } catch let error as TemplateError where error.kind == .undefined {
            outcome.status = .failed
            outcome.result["failed"] = true
            outcome.result["msg"] = .string("Failed to template loop_control.label: \(error.message)")
            outcome.result[DefaultCallback.withoutErrorBlockKey] = true
            // The line then names the item, except debug's, whose shown result keeps no item.
            return module == DebugModule.self ? "None" : item.pythonString
        } catch {
            outcome.status = .failed
            outcome.result = Self.failureResult(error)
            return "None"
        }
    }

    private func conditions(_ value: Value) -> [String] {
        if case .list(let items) = value { return items.map(\.pythonString) }
        return [value.pythonString]
    }

    private func register(_ task: PlaybookTask) -> String? { task.keywords.register }

    /// `loop_control.break_when`: every condition true after an item (with the registered name
    /// bound to that item's result) ends the loop, like ansible-core 2.18+.
    private func breaks(_ loop: TaskLoop, after item: TaskOutcome, task: PlaybookTask, templar: AnsibleTemplar) throws -> Bool {
        let conditions = loop.control.breakWhen
        guard !conditions.isEmpty else { return false }
        let scoped = register(task).map { templar.adding([$0: .dict(item.result.registrable)]) } ?? templar
        return try conditions.allSatisfy { try scoped.evaluateCondition($0.pythonString) }
    }

    func delegateHost(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> String? {
        guard let raw = task.keywords.delegateTo else { return nil }
        let value = try templar.template(raw)
        return value.isNull ? nil : value.pythonString
    }

    private func boolKeyword(_ task: PlaybookTask, _ name: String, _ templar: AnsibleTemplar) throws -> Bool? {
        guard let raw = task.keywords[name] else { return nil }
        return Self.truthy(try templar.template(raw))
    }

    private func intKeyword(_ task: PlaybookTask, _ name: String, _ templar: AnsibleTemplar) throws -> Int? {
        guard let raw = task.keywords[name] else { return nil }
        let value = try templar.template(raw)
        return value.intValue ?? Int(value.pythonString)
    }

    private func floatKeyword(_ task: PlaybookTask, _ name: String, _ templar: AnsibleTemplar) throws -> Double? {
        guard let raw = task.keywords[name] else { return nil }
        let value = try templar.template(raw)
        switch value {
        case .int(let i): return Double(i)
        case .float(let f): return f
        default: return Double(value.pythonString.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Ansible's boolean coercion of keyword values (`yes`, `on`, `1`, `true`...).
    static func truthy(_ value: Value) -> Bool {
        if case .string(let s) = value {
            return ["yes", "on", "1", "true", "y", "t"].contains(s.lowercased())
        }
        return value.isTruthy
    }

    /// The result of a task that raised instead of reporting: `msg` says `Task failed: ...`, and
    /// the cause chain (when known) goes to the callback.
    static func failureResult(_ error: any Error) -> ValueDict {
        // Raised, not returned by the module: never shown as an always-verbose (debug) result.
        var result: ValueDict = [
            "failed": true, "msg": .string("Task failed: " + ErrorReport.text(error)), "_ansible_verbose_always": false,
        ]
        if let failure = error as? LoopFailure {
            result["msg"] = .string(failure.message)
            result[DefaultCallback.plainErrorOriginKey] = failure.origin.map {
                ["file": .string($0.file), "line": .int($0.line), "column": .int($0.column)]
            } ?? .string(DefaultCallback.lookupOrigin)
        }
        if let failure = error as? TaskFailure, failure.beforeAction { result["changed"] = false }
        if error is BecomeFailure { result["changed"] = false }
        if let failure = error as? TaskFailure, failure.causes.contains(where: { $0.origin != nil }) {
            result["_ansible_error_causes"] = failure.resultValue
        }
        return result
    }

    /// Whether a result prints without -v: when its module says so, unless the result itself
    /// turns it off (`_ansible_verbose_always: false`, a quiet assert), as in ansible-core.
    static func showsWithoutVerbose(_ module: (any Module.Type)?, _ result: ValueDict) -> Bool {
        (module?.showsResultWithoutVerbose ?? false) && result["_ansible_verbose_always"] != false
    }

    /// Like ansible's default callback, a debug result with a message shows the message alone
    /// (and its exception, warnings, deprecations), not what `failed_when` added.
    static func shownAsDebug(_ module: (any Module.Type)?, _ value: Value) -> Value {
        guard module == DebugModule.self, case .dict(let d) = value, d["msg"] != nil else { return value }
        return .dict(d.filter { ["msg", "exception", "warnings", "deprecations", "censored"].contains($0.key) || $0.key.hasPrefix("_") })
    }

    static func withoutChanged(_ value: Value) -> Value {
        guard case .dict(var d) = value else { return value }
        d["changed"] = nil
        return .dict(d)
    }

    /// Whether `no_log` hides this task's output, templated with the item's variables when in a
    /// loop. A value that cannot be templated hides it, as ansible-core masks the output then.
    static func hidesOutput(_ task: PlaybookTask, _ templar: AnsibleTemplar) -> Bool {
        guard let raw = task.keywords["no_log"] else { return false }
        guard let value = try? templar.template(raw) else { return true }
        return truthy(value)
    }
}

extension TaskOutcome {
    mutating func absorb(_ other: TaskOutcome) {
        events += other.events
        status = other.status
        diffs = other.diffs
        changed = other.changed
        facts.merge(other.facts) { _, new in new }
        hostVariables.merge(other.hostVariables) { _, new in new }
        includedVariables.merge(other.includedVariables) { _, new in new }
    }
}

/// A loop whose items could not be made (its template or lookup failed): ansible-core tells
/// the error as it is, without "Task failed:", at the loop's template, or for a `with_` lookup
/// at its own `invoke_lookup()`, in no file.
struct LoopFailure: Error, CustomStringConvertible {
    var message: String
    var origin: SourceLocation?
    var description: String { message }
}
