import ArgumentParser
import Foundation
import Swansible

extension ParsableCommand {
    /// Parses `arguments` as ansible's commands (argparse) do: `--help` prints the help and
    /// exits 0; a wrong command line prints the usage and the error on stderr and exits 2
    /// (ArgumentParser's own status would be 64).
    public static func parseLikeArgparse(_ arguments: [String]? = nil) -> Self {
        do {
            let parsed = try parseAsRoot(arguments)
            if let command = parsed as? Self { return command }
            // `--help` parses as ArgumentParser's own help command: it prints the help.
            var other = parsed
            try other.run()
            Foundation.exit(0)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Swansible.ExitCode.badArguments)
        }
    }
}
