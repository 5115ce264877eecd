import Foundation

/// `--tags` / `--skip-tags` with ansible's special tags: `always` runs unless skipped by name,
/// `never` runs only when asked for by one of its tags, `all`, `tagged`, `untagged`.
public struct TagSelection: Sendable, Equatable {
    public var only: Set<String>
    public var skip: Set<String>

    /// Tag arguments may repeat and hold comma-separated lists.
    public init(tags: [String], skipTags: [String]) {
        func split(_ args: [String]) -> Set<String> {
            Set(args.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
        }
        let selected = split(tags)
        self.only = selected.isEmpty ? ["all"] : selected
        self.skip = split(skipTags)
    }

    /// Whether a task (or play) carrying `taskTags` (its own and inherited) runs.
    public func shouldRun(_ taskTags: Set<String>) -> Bool {
        let tags = taskTags
        var runs = false
        if tags.contains("always") {
            runs = true
        } else if !only.isDisjoint(with: tags) {
            runs = true
        } else if only.contains("all"), !tags.contains("never") {
            runs = true
        } else if only.contains("tagged"), !tags.isEmpty, !tags.contains("never") {
            runs = true
        } else if only.contains("untagged"), tags.isEmpty {
            runs = true
        }
        guard runs else { return false }
        if !skip.isDisjoint(with: tags) { return false }
        if skip.contains("all"), !(tags.contains("always") && !skip.contains("always")) { return false }
        if skip.contains("tagged"), !tags.isEmpty { return false }
        if skip.contains("untagged"), tags.isEmpty { return false }
        return true
    }
}
