import ArgumentParser
import Foundation
import Swansible

/// `swansible role init NAME`: ansible-galaxy's `role init`, with a molecule scenario.
struct RoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Role tools (ansible-galaxy role).",
        subcommands: [RoleInitCommand.self])
}

struct RoleInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a role: defaults, tasks, handlers, meta (with argument specs) and a molecule scenario that swansible test passes.")

    @Argument(help: "The role's name (a directory of that name is created)")
    var roleName: String
    @Option(name: .customLong("init-path"), help: "The directory the role is created in (default: the current one)")
    var initPath = "."
    @Flag(name: [.short, .customLong("force")], help: "Re-initialize an existing directory (rewrites the skeleton's files)")
    var force = false

    func run() throws {
        let skeleton = RoleSkeleton(name: roleName, parent: initPath, force: force)
        do {
            try skeleton.create()
        } catch let failure as RoleSkeleton.Failure {
            FileHandle.standardError.write(Data("[ERROR]: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
        print("- Role \(roleName) was created successfully")
    }
}
