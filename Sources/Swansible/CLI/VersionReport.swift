import CLibSSH2
import Foundation
import SwansibleCrypto
import SwansibleYAML

/// What `--version` prints, in the shape of `ansible --version`: the program and its version,
/// the configuration file it would read, where it runs from, and the C libraries it uses.
public enum VersionReport {
    public static let swansibleVersion = "0.1.0"
    /// The ansible-core release whose behaviour the conformance suites compare with.
    public static let ansibleCoreCompatibility = "2.19"

    public static func text(program: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        var warnings: [String] = []
        let configFile = AnsibleConfig.findFile(environment: environment, currentDirectory: currentDirectory, warnings: &warnings)
        return """
            \(program) [swansible \(swansibleVersion)]
              config file = \(configFile ?? "None")
              executable location = \(CommandLine.arguments.first ?? program)
              ansible compatibility = ansible-core \(ansibleCoreCompatibility), and the syntax of Ansible 2.2 and later
              libssh2 version = \(String(cString: libssh2_version(0)))
              libyaml version = \(LibYAML.version)
              openssl version = \(Crypto.libraryVersion)
            """
    }
}
