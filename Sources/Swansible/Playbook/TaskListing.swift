import Foundation

/// `ansible-playbook --list-tasks` / `--list-tags`: which tasks a play would run (the main
/// part of each block, in order, after tag selection) and the text ansible-core prints.
public enum TaskListing {
    /// Decides from a task's effective tags whether it is selected (`--tags`/`--skip-tags`).
    public typealias TagFilter = (Set<String>) -> Bool

    /// The tag selection ansible-playbook lists with: like a run's, except that `--list-tags`
    /// with neither `--tags` nor `--skip-tags` selects `all` and `never`, so that every tag shows.
    public static func selection(tags: [String], skipTags: [String], listTags: Bool) -> TagSelection {
        let given = (tags + skipTags).contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return TagSelection(tags: listTags && !given ? ["never", "all"] : tags, skipTags: skipTags)
    }

    /// The tasks `--list-tasks` shows for `play`: pre_tasks, roles, tasks, post_tasks; only the
    /// `block:` part of blocks (not rescue/always), and only those `selected` keeps.
    public static func listedTasks(_ play: Play, selected: TagFilter = { _ in true }) -> [PlaybookTask] {
        let items = play.preTasks + play.roles.flatMap(\.tasks) + play.tasks + play.postTasks
        return mainPath(items).filter { selected(Set($0.tags)) }
    }

    static func mainPath(_ items: [TaskItem]) -> [PlaybookTask] {
        items.flatMap { item -> [PlaybookTask] in
            switch item {
            case .task(let t): return [t]
            case .block(let b): return mainPath(b.block)
            }
        }
    }

    /// The text of `ansible-playbook PATH --list-tasks` and/or `--list-tags`, byte for byte,
    /// except that the play's own tags are sorted (ansible-core prints them in set order).
    public static func render(_ playbook: Playbook, shownPath: String? = nil, listTasks: Bool, listTags: Bool,
                              selected: TagFilter = { _ in true }) -> String
    {
        var out = "\nplaybook: \(shownPath ?? playbook.path)\n"
        for (index, play) in playbook.plays.enumerated() {
            let playTags = Set(play.keywords.tags)
            out += "\n  play #\(index + 1) (\(play.hostPatterns.joined(separator: ","))): \(play.displayName)"
            out += "\tTAGS: [\(playTags.sorted().joined(separator: ","))]\n"
            guard listTasks || listTags else { continue }
            var text = listTasks ? "    tasks:\n" : ""
            var allTags = Set<String>()
            for task in listedTasks(play, selected: selected) {
                allTags.formUnion(task.tags)
                if listTasks {
                    let tags = playTags.union(task.tags).sorted().joined(separator: ", ")
                    text += "      \(task.listName)\tTAGS: [\(tags)]\n"
                }
            }
            if listTags { text += "      TASK TAGS: [\(allTags.sorted().joined(separator: ", "))]\n" }
            out += text.hasSuffix("\n") ? text : text + "\n"
        }
        return out
    }
}

extension Play {
    /// Every task of the play in load order, with rescue, always and handlers, for checks
    /// that must see them all (`--syntax-check`).
    public var allTasks: [PlaybookTask] {
        (preTasks + roles.flatMap(\.tasks) + tasks + postTasks + allHandlers).flatMap(\.allTasks)
    }
}
