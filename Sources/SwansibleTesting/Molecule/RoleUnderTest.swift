import Foundation
import Swansible
import SwansibleYAML

/// The role `swansible test` works on: found by path, by name in `roles/` or the roles path
/// (nested directories too), or by the `namespace.role_name` its meta/main.yml declares.
public struct RoleUnderTest: Sendable, Equatable {
    /// The role's directory (molecule's project directory).
    public var directory: String
    /// The directory's name, which plays use to apply it (`roles: [etcd]`).
    public var name: String
    /// `namespace.role_name` from `galaxy_info`, when meta/main.yml gives both.
    public var qualifiedName: String?

    public init(directory: String) {
        self.directory = directory
        name = (directory as NSString).lastPathComponent
        qualifiedName = Self.galaxyName(of: directory)
    }

    /// Finds `reference` (nil: the current directory, as molecule is run in a role) among
    /// `searchPaths` (roles/ of the current directory first, then the configured roles path).
    public static func find(_ reference: String?, currentDirectory: String, rolesPath: [String]) throws -> RoleUnderTest {
        let fm = FileManager.default
        guard let reference else {
            guard looksLikeRole(currentDirectory) else {
                throw ScenarioError("\(currentDirectory) is not a role (no tasks/ or molecule/); name one: swansible test role NAME")
            }
            return RoleUnderTest(directory: currentDirectory)
        }
        let asPath = reference.hasPrefix("/") ? reference : currentDirectory + "/" + reference
        if looksLikeRole(asPath) { return RoleUnderTest(directory: standardized(asPath)) }
        let searchPaths = [currentDirectory + "/roles", currentDirectory] + rolesPath
        let short = reference.split(separator: ".").last.map(String.init) ?? reference
        for base in searchPaths where fm.fileExists(atPath: base) {
            for candidate in [reference, short] where looksLikeRole(base + "/" + candidate) {
                let role = RoleUnderTest(directory: standardized(base + "/" + candidate))
                if candidate == reference || role.qualifiedName == reference { return role }
            }
            // Nested layouts (roles/kubernetes/etcd) and namespace.name from meta/main.yml.
            for found in rolesBelow(base, depth: 3)
            where (found as NSString).lastPathComponent == reference || galaxyName(of: found) == reference {
                return RoleUnderTest(directory: standardized(found))
            }
        }
        throw ScenarioError("role '\(reference)' was not found in: \(searchPaths.joined(separator: ", "))")
    }

    static func looksLikeRole(_ path: String) -> Bool {
        let fm = FileManager.default
        return ["tasks", "molecule", "meta", "handlers"].contains { fm.fileExists(atPath: path + "/" + $0) }
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func rolesBelow(_ base: String, depth: Int) -> [String] {
        guard depth > 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
        var found: [String] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = base + "/" + entry
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            if looksLikeRole(path) { found.append(path) } else { found += rolesBelow(path, depth: depth - 1) }
        }
        return found
    }

    /// `namespace.role_name` from `galaxy_info` (the namespace defaulting to `author`, as
    /// ansible-compat does for molecule: geerlingguy's roles are `geerlingguy.ntp` that way),
    /// when both are there and are valid names (lower-case letters, digits, underscores).
    static func galaxyName(of directory: String) -> String? {
        for file in ["meta/main.yml", "meta/main.yaml"] {
            guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8),
                  let value = try? YAMLLoader.loadValue(text, file: file),
                  case .dict(let meta) = value, case .dict(let info)? = meta["galaxy_info"],
                  case .string(let namespace)? = info["namespace"] ?? info["author"],
                  case .string(let roleName)? = info["role_name"],
                  isGalaxyName(namespace), isGalaxyName(roleName)
            else { continue }
            return namespace + "." + roleName
        }
        return nil
    }

    private static func isGalaxyName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
    }

    /// The scenarios the role carries (`molecule/*/molecule.yml`), sorted, `default` first.
    public var scenarioNames: [String] {
        let base = directory + "/molecule"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .filter { FileManager.default.fileExists(atPath: base + "/" + $0 + "/molecule.yml") }
            .sorted()
        return names.filter { $0 == "default" } + names.filter { $0 != "default" }
    }
}
