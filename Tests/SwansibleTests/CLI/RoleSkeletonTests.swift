import Foundation
import Testing
@testable import Swansible

/// `swansible role init`: the skeleton's files, and ansible-galaxy's refusal of an existing
/// directory without --force.
struct RoleSkeletonTests {
    func parent() throws -> String {
        let path = NSTemporaryDirectory() + "swansible-skeleton-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesTheRoleWithArgumentSpecsAndAScenario() throws {
        let skeleton = RoleSkeleton(name: "acme-web", parent: try parent())
        try skeleton.create()
        for file in ["README.md", "defaults/main.yml", "vars/main.yml", "handlers/main.yml", "tasks/main.yml",
                     "meta/main.yml", "meta/argument_specs.yml", "molecule/default/molecule.yml",
                     "molecule/default/converge.yml", "molecule/default/verify.yml"] {
            #expect(FileManager.default.fileExists(atPath: skeleton.directory + "/" + file), "\(file)")
        }
        let defaults = try String(contentsOfFile: skeleton.directory + "/defaults/main.yml", encoding: .utf8)
        #expect(defaults.contains("acme_web_directory: /etc/acme_web"))
        let specs = try String(contentsOfFile: skeleton.directory + "/meta/argument_specs.yml", encoding: .utf8)
        #expect(specs.contains("      acme_web_directory:\n        type: path"))
    }

    @Test func anExistingDirectoryNeedsForce() throws {
        let base = try parent()
        try RoleSkeleton(name: "web", parent: base).create()
        try "changed".write(toFile: base + "/web/tasks/main.yml", atomically: true, encoding: .utf8)
        try "mine".write(toFile: base + "/web/tasks/extra.yml", atomically: true, encoding: .utf8)
        #expect(throws: RoleSkeleton.Failure.self) { try RoleSkeleton(name: "web", parent: base).create() }
        try RoleSkeleton(name: "web", parent: base, force: true).create()
        #expect(try String(contentsOfFile: base + "/web/tasks/main.yml", encoding: .utf8).contains("- name: Create the directory of web"))
        #expect(try String(contentsOfFile: base + "/web/tasks/extra.yml", encoding: .utf8) == "mine")
    }
}
