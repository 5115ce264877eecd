import Foundation

/// Where rendered output goes: the terminal, or a buffer in tests.
public protocol TextSink: Sendable {
    func write(_ text: String)
    func writeError(_ text: String)
    /// Whether the standard output text goes to is a terminal (colours are on there).
    var isTerminal: Bool { get }
}

extension TextSink {
    public var isTerminal: Bool { false }
}

public struct StandardOutputSink: TextSink {
    public init() {}
    public func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    public var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}

/// Collects output in memory (tests, benchmarks).
public final class BufferSink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    public init() {}
    public func write(_ text: String) { lock.lock(); out += text; lock.unlock() }
    public func writeError(_ text: String) { lock.lock(); err += text; lock.unlock() }
    public var text: String { lock.lock(); defer { lock.unlock() }; return out }
    public var errorText: String { lock.lock(); defer { lock.unlock() }; return err }
}
