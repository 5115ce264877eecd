/// How any error reads where ansible-playbook reports it (the `[ERROR]:` line, a task's `msg`):
/// a located error that does not point into a file (an inline expression, an environment
/// variable) gives its message alone; every other error its full description, which for a
/// located error includes the place.
enum ErrorReport {
    static func text(_ error: any Error) -> String {
        if let located = error as? any LocatedError, located.place?.file == nil { return located.message }
        return String(describing: error)
    }
}
