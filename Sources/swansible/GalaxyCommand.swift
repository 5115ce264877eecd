import ArgumentParser
import Foundation
import Swansible

/// `swansible galaxy install`: ansible-galaxy's role install, for sources on this machine.
struct GalaxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galaxy",
        abstract: "Install roles from local tarballs, git repositories and directories (ansible-galaxy install).",
        subcommands: [GalaxyInstallCommand.self, GalaxyRoleCommand.self])
}

struct GalaxyRoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "ansible-galaxy role ...", subcommands: [GalaxyInstallCommand.self])
}

struct GalaxyInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install roles into the roles path: from a requirements file (-r) or the sources given.",
        discussion: """
            Sources: file:///path/role.tar.gz or a path to a tarball, git+file:///path/repo (or \
            scm: git with a local path) at an optional version, or a role directory. Galaxy names \
            and http(s) URLs need a download, which is refused with a message.
            """)

    @Argument(help: "Role sources (tarballs, git+file:// repositories, directories)")
    var sources: [String] = []
    @Option(name: [.customShort("r"), .customLong("role-file")], help: "A requirements file (repeatable)")
    var requirements: [String] = []
    @Option(name: [.customShort("p"), .customLong("roles-path")], help: "Where roles are installed (default: the first of the roles path)")
    var rolesPath: String?
    @Flag(name: [.short, .customLong("force")], help: "Replace roles that are already installed")
    var force = false
    @Flag(name: [.short, .customLong("ignore-errors")], help: "Go on with the other roles when one fails")
    var ignoreErrors = false

    func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        guard !requirements.isEmpty || !sources.isEmpty else {
            throw ValidationError("You must specify a user/role name or a roles file")
        }
        let config = try? AnsibleConfig.load(environment: ProcessInfo.processInfo.environment, currentDirectory: cwd)
        let path = rolesPath.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 }
            ?? config?.rolesPath.first ?? NSHomeDirectory() + "/.ansible/roles"
        var install = GalaxyInstall(rolesPath: path, currentDirectory: cwd)
        install.requirementsFiles = requirements
        install.sources = sources
        install.force = force
        install.ignoreErrors = ignoreErrors
        let status = await install.run(
            say: { print($0) },
            warn: { FileHandle.standardError.write(Data("[WARNING]: \($0)\n".utf8)) },
            error: { FileHandle.standardError.write(Data("[ERROR]: \($0)\n".utf8)) })
        if status != 0 { throw ExitCode(status) }
    }
}
