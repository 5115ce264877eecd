import Foundation
import SwansibleYAML

/// `swansible galaxy install -r requirements.yml` (ansible-galaxy's role install) for sources
/// that need no network: tarballs (`file://` or a path), local git repositories
/// (`git+file://`, or `scm: git` with a local path) at a `version`, and role directories.
/// Roles land in the first roles path (or `-p`) under their name, with
/// `meta/.galaxy_install_info`, as ansible-galaxy lays them out; each is unpacked beside its
/// destination and renamed into place, so a failed install leaves nothing half-written.
/// Sources that need a download (Galaxy names, http(s) URLs) fail with a message saying so.
public struct GalaxyInstall: Sendable {
    public var requirementsFiles: [String] = []
    /// Sources given on the command line (`swansible galaxy install ./role.tar.gz`).
    public var sources: [String] = []
    public var rolesPath: String
    public var force = false
    public var ignoreErrors = false
    public var currentDirectory: String

    public init(rolesPath: String, currentDirectory: String) {
        self.rolesPath = rolesPath
        self.currentDirectory = currentDirectory
    }

    /// One role to install.
    struct Requirement: Equatable {
        enum Kind: Equatable { case tarball, git, directory, download }
        var source: String
        var name: String
        var version: String
        var kind: Kind
        /// Given on the command line without a version: ansible-galaxy records `version: null`
        /// (a requirements file's entry without one records `''`).
        var versionUnset = false
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Installs everything; `say` gets ansible-galaxy's progress lines, `warn` its warnings.
    /// Returns the exit status: 1 when a role could not be installed, unless `ignoreErrors`.
    public func run(say: (String) -> Void, warn: (String) -> Void, error: (String) -> Void) async -> Int32 {
        var requirements: [Requirement] = []
        do {
            for file in requirementsFiles { requirements += try read(file, warn: warn) }
            requirements += try sources.map { source in
                var requirement = try requirement(.string(source), base: currentDirectory)
                requirement.versionUnset = requirement.version.isEmpty
                return requirement
            }
        } catch let failure {
            error("\(failure)")
            return 1
        }
        say("Starting galaxy role install process")
        for requirement in requirements {
            do {
                try await install(requirement, say: say)
            } catch let failure {
                warn("- \(requirement.name) was NOT installed successfully: \(failure)")
                if !ignoreErrors {
                    error("- you can use --ignore-errors to skip failed roles and finish processing the list.")
                    return 1
                }
            }
        }
        return 0
    }

    /// The roles of a requirements file (a list, or `roles:` of a mapping; `collections:` warned about).
    func read(_ file: String, warn: (String) -> Void) throws -> [Requirement] {
        let path = file.hasPrefix("/") ? file : currentDirectory + "/" + file
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "The requirements file '\(path)' does not exist.")
        }
        let value = try YAMLLoader.loadValue(text, file: path)
        var entries: [Value] = []
        switch value {
        case .list(let list): entries = list
        case .dict(let dict):
            if case .list(let list)? = dict["roles"] { entries = list }
            if case .list(let collections)? = dict["collections"], !collections.isEmpty {
                warn("The requirements file '\(path)' contains collections which will be ignored: Swansible's modules are built in and collections cannot be downloaded here.")
            }
        case .null: entries = []
        default: throw Failure(description: "Expected a list of roles (or roles: and collections:) in \(path)")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try entries.map { try requirement($0, base: base) }
    }

    /// One entry: `src` (or `name` alone, or a bare string), `scm`, `version`, `name`.
    func requirement(_ entry: Value, base: String) throws -> Requirement {
        var source = "", name: String?, version = "", scm: String?
        switch entry {
        case .string(let text):
            // ansible-galaxy's short form: `src,version,name`.
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            source = parts[0]
            if parts.count > 1 { version = parts[1] }
            if parts.count > 2, !parts[2].isEmpty { name = parts[2] }
        case .dict(let dict):
            source = dict["src"]?.pythonString ?? dict["name"]?.pythonString ?? ""
            if dict["src"] != nil, case .string(let n)? = dict["name"] { name = n }
            if let v = dict["version"], v != .null { version = v.pythonString }
            if case .string(let s)? = dict["scm"] { scm = s }
        default:
            throw Failure(description: "Invalid role requirement: \(entry.pythonRepr)")
        }
        guard !source.isEmpty else { throw Failure(description: "Invalid role requirement: \(entry.pythonRepr)") }
        var kind: Requirement.Kind
        var location = source
        if source.hasPrefix("git+") {
            kind = .git
            location = String(source.dropFirst(4))
        } else if scm == "git" {
            kind = .git
        } else if source.hasSuffix(".tar.gz") || source.hasSuffix(".tgz") || source.hasSuffix(".tar") {
            kind = .tarball
        } else {
            kind = .directory
        }
        if location.hasPrefix("file://") {
            location = String(location.dropFirst(7))
        } else if location.contains("://") || location.contains("@") && location.contains(":") {
            kind = .download
        } else if !location.hasPrefix("/") && !location.hasPrefix(".") && kind == .directory {
            // `namespace.role` or a bare name: a Galaxy role.
            let resolved = base + "/" + location
            if !FileManager.default.fileExists(atPath: resolved) { kind = .download }
        }
        if kind != .download && !location.hasPrefix("/") { location = base + "/" + location }
        if kind != .download { location = URL(fileURLWithPath: location).standardizedFileURL.path }
        let defaultName = ((location as NSString).lastPathComponent as NSString).deletingPathExtension
            .replacingOccurrences(of: ".tar", with: "")
        return Requirement(source: kind == .download ? source : location,
                           name: name ?? (kind == .download ? Self.downloadName(source) : defaultName),
                           version: version, kind: kind)
    }

    static func downloadName(_ source: String) -> String {
        var last = (source as NSString).lastPathComponent
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last
    }

    private func install(_ requirement: Requirement, say: (String) -> Void) async throws {
        let destination = rolesPath + "/" + requirement.name
        let fm = FileManager.default
        let shownVersion = requirement.version.isEmpty ? "" : " (\(requirement.version))"
        if fm.fileExists(atPath: destination) && !force {
            say("- \(requirement.name)\(shownVersion) is already installed, skipping.")
            return
        }
        if requirement.kind == .download {
            throw Failure(description: "\(requirement.source) would be downloaded (from Galaxy or the network), which this machine cannot reach; install it from a local path, tarball or git repository")
        }
        if fm.fileExists(atPath: destination) {
            say("- changing role \(requirement.name) from \(installedVersion(destination)) to \(requirement.version.isEmpty ? "unspecified" : requirement.version)")
        }
        try fm.createDirectory(atPath: rolesPath, withIntermediateDirectories: true)
        let staging = rolesPath + "/.\(requirement.name).swansible-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: staging) }
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        switch requirement.kind {
        case .tarball:
            say("- downloading role from file://\(requirement.source)")
            try await run("/usr/bin/env", ["tar", "-xf", requirement.source, "-C", staging])
        case .git:
            try await run("/usr/bin/env", ["git", "clone", "--quiet", requirement.source, staging + "/checkout"])
            if !requirement.version.isEmpty {
                try await run("/usr/bin/env", ["git", "-C", staging + "/checkout", "-c", "advice.detachedHead=false",
                                               "checkout", "--quiet", requirement.version])
            }
            try fm.removeItem(atPath: staging + "/checkout/.git")
        case .directory:
            guard fm.fileExists(atPath: requirement.source) else {
                throw Failure(description: "\(requirement.source) does not exist")
            }
            try fm.copyItem(atPath: requirement.source, toPath: staging + "/copy")
        case .download:
            return
        }
        // A tarball or repository holding one directory has the role inside it.
        var root = staging
        let entries = try fm.contentsOfDirectory(atPath: staging).filter { !$0.hasPrefix(".") || $0 == ".galaxy" }
        var isDirectory: ObjCBool = false
        if entries.count == 1, fm.fileExists(atPath: staging + "/" + entries[0], isDirectory: &isDirectory), isDirectory.boolValue {
            root = staging + "/" + entries[0]
        }
        say("- extracting \(requirement.name) to \(destination)")
        try fm.createDirectory(atPath: root + "/meta", withIntermediateDirectories: true)
        try installInfo(version: requirement.versionUnset ? nil : requirement.version).write(toFile: root + "/meta/.galaxy_install_info", atomically: true, encoding: .utf8)
        if fm.fileExists(atPath: destination) { try fm.removeItem(atPath: destination) }
        guard rename(root, destination) == 0 else {
            throw Failure(description: "cannot move the role into \(destination): \(String(cString: strerror(errno)))")
        }
        say("- \(requirement.name)\(shownVersion) was installed successfully")
    }

    /// The version an installed role's `.galaxy_install_info` records (`None` when empty, as
    /// ansible-galaxy prints it).
    private func installedVersion(_ directory: String) -> String {
        guard let text = try? String(contentsOfFile: directory + "/meta/.galaxy_install_info", encoding: .utf8),
              case .dict(let info) = (try? YAMLLoader.loadValue(text, file: "info")) ?? .null,
              let version = info["version"], version != .null, version.pythonString != "" else { return "None" }
        return version.pythonString
    }

    /// `meta/.galaxy_install_info`, as ansible-galaxy writes it.
    private func installInfo(version: String?) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        let shown = version.map { $0.isEmpty ? "''" : $0 } ?? "null"
        return "install_date: \(formatter.string(from: Date()))\nversion: \(shown)\n"
    }

    private func run(_ executable: String, _ arguments: [String]) async throws {
        let result = try await LocalProcess.run(executable, arguments, stdin: nil)
        guard result.exitCode == 0 else {
            throw Failure(description: "\(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
