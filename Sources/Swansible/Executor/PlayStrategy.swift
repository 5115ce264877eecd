/// The play's `strategy` as Swansible runs it (`debug` runs as `linear`; an unknown name was
/// refused before the play ran).
enum PlayStrategy: Sendable, Equatable {
    case linear, free, hostPinned

    init(play: Play, templar: AnsibleTemplar) {
        guard let raw = play.keywords["strategy"] else {
            self = .linear
            return
        }
        switch ((try? templar.template(raw)) ?? raw).pythonString.split(separator: ".").last {
        case "free": self = .free
        case "host_pinned": self = .hostPinned
        default: self = .linear
        }
    }

    /// ansible-core's warnings for keywords its free strategy cannot honour, told as it does.
    static let freeIgnoresMaxFailPercentage =
        "Using max_fail_percentage with the free strategy is not supported, as tasks are executed independently on each host"
    static let freeIgnoresAnyErrorsFatal =
        "Using any_errors_fatal with the free strategy is not supported, as tasks are executed independently on each host"
    static let freeRunsRunOnceEverywhere =
        "Using run_once with the free strategy is not currently supported. This task will still be executed for every host in the inventory list."
}
