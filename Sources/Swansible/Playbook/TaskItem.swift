/// An entry of a task list: a task, or a block of tasks with its rescue and always parts.
public indirect enum TaskItem: Sendable {
    case task(PlaybookTask)
    case block(Block)

    /// Every task of this item in load order: a block's `block`, then `rescue`, then `always`.
    public var allTasks: [PlaybookTask] {
        switch self {
        case .task(let t): return [t]
        case .block(let b): return (b.block + b.rescue + b.always).flatMap(\.allTasks)
        }
    }

    /// The same item with each of its tasks changed by `change`.
    func mappingTasks(_ change: (PlaybookTask) -> PlaybookTask) -> TaskItem {
        switch self {
        case .task(let task): return .task(change(task))
        case .block(var block):
            block.block = block.block.map { $0.mappingTasks(change) }
            block.rescue = block.rescue.map { $0.mappingTasks(change) }
            block.always = block.always.map { $0.mappingTasks(change) }
            return .block(block)
        }
    }
}

/// `block:` with `rescue:` and `always:`. Its keywords are already pushed down into its tasks;
/// they are kept here for the executor's own use (`any_errors_fatal` of the block, messages).
public struct Block: Sendable {
    public var name: String?
    public var block: [TaskItem]
    public var rescue: [TaskItem]
    public var always: [TaskItem]
    /// Effective keywords of the block (its own over its parents').
    public var keywords: KeywordValues
    public var vars: ValueDict
    public var role: RoleInvocation?
    public var location: SourceLocation
    /// The tasks of a role application that already ran in this play (a dependency of an
    /// `import_role`): listed like ansible-core lists them, but the executor skips the block.
    public var isDuplicateRole = false

    public init(name: String? = nil, block: [TaskItem], rescue: [TaskItem] = [], always: [TaskItem] = [],
                keywords: KeywordValues = .init(), vars: ValueDict = [:], role: RoleInvocation? = nil,
                location: SourceLocation)
    {
        self.name = name
        self.block = block
        self.rescue = rescue
        self.always = always
        self.keywords = keywords
        self.vars = vars
        self.role = role
        self.location = location
    }
}
