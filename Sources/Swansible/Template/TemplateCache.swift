import Foundation
import Jinja

/// Parsed templates by source text, shared by all templars: the executor templates the same task
/// arguments for every host and loop item, so each string is parsed once.
final class TemplateCache: @unchecked Sendable {
    static let shared = TemplateCache(capacity: 4096)

    private struct Key: Hashable {
        var text: String
        var name: String?
        var options: LexerOptions
    }

    private let lock = NSLock()
    private var entries: [Key: TemplateAST] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func parse(_ text: String, name: String?, options: LexerOptions) throws -> TemplateAST {
        let key = Key(text: text, name: name, options: options)
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let ast = try Parser.parse(text, name: name, options: options)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = ast
        lock.unlock()
        return ast
    }
}
