import Foundation
import Synchronization

/// `--step`: before each task, ansible-playbook's question on the terminal: `y` runs it, `n`
/// (or nothing) skips it without a word, `c` runs it and every later one without asking again.
final class StepPrompt: Sendable {
    private let asking: Mutex<Bool>
    private let read: @Sendable (String) -> String?

    /// `read` shows the question and gives the answer (standard input by default; nil at its end).
    init(enabled: Bool, read: @escaping @Sendable (String) -> String? = StepPrompt.readStandardInput) {
        asking = Mutex(enabled)
        self.read = read
    }

    /// Whether the task named `banner` runs.
    func allows(_ banner: String) -> Bool {
        guard asking.withLock({ $0 }) else { return true }
        let answer = (read("Perform task: TASK: \(banner) (N)o/(y)es/(c)ontinue: ") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch answer {
        case "y", "yes": return true
        case "c", "continue":
            asking.withLock { $0 = false }
            return true
        default: return false
        }
    }

    /// Asks on standard output and reads standard input; like ansible-playbook, the question is
    /// then shown again as a banner.
    @Sendable static func readStandardInput(_ question: String) -> String? {
        FileHandle.standardOutput.write(Data(question.utf8))
        let answer = readLine()
        let banner = DefaultCallback.banner(question.trimmingCharacters(in: .whitespaces))
        FileHandle.standardOutput.write(Data((banner + "\n").utf8))
        return answer
    }
}
