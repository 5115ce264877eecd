import Foundation

/// `copy` of a controller directory, as ansible's copy action does it: `src: dir/` copies what
/// is inside `dir` into `dest`, `src: dir` copies `dir` itself (`dest/dir/...`). Links are
/// followed (`local_follow`, the default) or made again on the host. Every directory of the
/// tree gets the task's owner and group and `directory_mode`; a directory created on the way
/// gets them too. Each file is then installed as a single `copy` would (`ContentInstall`).
///
/// The result is the file's own when the tree has one file, else `dest` (with its trailing
/// `/`), `src` and whether anything changed; diffs of every file are kept.
struct DirectoryCopy {
    /// The directory found on the controller, with the trailing `/` the task gave.
    var source: String
    var dest: String
    var fileAttributes: FileAttributes
    var directoryMode: String?
    var force: Bool
    var decrypt: Bool
    var followLinks: Bool

    /// What the walk found: paths relative to `dest`.
    struct Tree: Equatable {
        var files: [(path: String, relative: String)] = []
        var directories: [String] = []
        var links: [(target: String, relative: String)] = []

        static func == (a: Tree, b: Tree) -> Bool {
            a.files.map(\.relative) == b.files.map(\.relative) && a.directories == b.directories
                && a.links.map(\.relative) == b.links.map(\.relative) && a.links.map(\.target) == b.links.map(\.target)
        }
    }

    /// The tree under `source`, sorted; a directory link that leads back into its own
    /// ancestors is made as a link, like ansible's walk.
    static func walk(_ source: String, followLinks: Bool) -> Tree {
        var tree = Tree()
        let top = source.hasSuffix("/") ? String(source.dropLast()) : source
        let prefix = source.hasSuffix("/") ? "" : (top as NSString).lastPathComponent + "/"
        func visit(_ directory: String, relative: String, ancestors: Set<String>) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for name in names {
                let path = directory + "/" + name
                let rel = relative + name
                let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let real = (path as NSString).resolvingSymlinksInPath
                if isLink && (!followLinks || !exists || (isDirectory.boolValue && ancestors.contains(real))) {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
                    tree.links.append((target, rel))
                } else if isDirectory.boolValue {
                    tree.directories.append(rel)
                    visit(path, relative: rel + "/", ancestors: ancestors.union([real]))
                } else {
                    tree.files.append((isLink ? real : path, rel))
                }
            }
        }
        visit(top, relative: prefix, ancestors: [(top as NSString).resolvingSymlinksInPath])
        if !prefix.isEmpty { tree.directories.insert(String(prefix.dropLast()), at: 0) }
        return tree
    }

    func run(in context: ModuleContext) async throws -> ModuleResult {
        let tree = Self.walk(source, followLinks: followLinks)
        let root = dest.hasSuffix("/") ? dest : dest + "/"
        let (prepared, report) = try await context.runReport(directoriesScript(tree, root: root, checkMode: context.checkMode))
        if report.flag("failed") || prepared.exitCode != 0 {
            return .failure(report.values["msg"] ?? "could not create the directories under \(root): \(prepared.stderr)")
        }
        var changed = report.flag("changed")
        var diffs: [FileDiff] = []
        var last: ModuleResult?
        for file in tree.files {
            guard let contents = FileManager.default.contents(atPath: file.path) else {
                return .failure("Could not read src \(file.path)")
            }
            let data: Data
            do { data = decrypt ? try DataLoader.decrypted(contents, file: file.path) : contents } catch {
                return .failure("\(error)")
            }
            var install = ContentInstall(content: data, dest: root + file.relative, nameInDirectory: nil, attributes: fileAttributes)
            install.force = force
            install.createParents = true
            install.sourcePath = file.path
            install.failuresNameTheChecksum = true
            let result = try await install.run(in: context)
            if result.failed { return result }
            changed = changed || result.changed
            diffs += result.diff
            last = result
        }
        if tree.files.count == 1, var single = last {
            single.changed = changed
            return single
        }
        var result = ModuleResult(changed: changed, fields: ["dest": .string(root), "src": .string(source)])
        result.diff = diffs
        return result
    }

    /// One script for every directory and link of the tree: the root made when missing, each
    /// directory made when missing and given the owner, group and `directory_mode`.
    func directoriesScript(_ tree: Tree, root: String, checkMode: Bool) -> String {
        var s = RemoteFileLibrary.functions + "sw_check=\(checkMode ? 1 : 0)\n"
        let attributes = FileAttributes(mode: directoryMode, owner: fileAttributes.owner, group: fileAttributes.group)
        // Every directory created on the way gets the attributes, as ansible's copy module
        // gives them to each new directory of the chain.
        s += "sw_mkdirs() {\n"
        s += "  [ -d \"$1\" ] && return 0\n"
        s += "  [ -e \"$1\" ] && sw_fail \"$1 exists and is not a directory\"\n"
        s += "  sw_changed=1; [ \"$sw_check\" = 1 ] && return 0\n"
        s += "  sw_mkdirs \"$(dirname \"$1\")\"\n"
        s += "  mkdir \"$1\" || sw_fail \"could not create $1\"\n"
        s += "  \(attributes.applyCall(pathWord: "\"$1\""))\n"
        s += "}\n"
        s += "sw_dir() {\n"
        s += "  if [ -d \"$1\" ]; then [ \"$2\" = all ] && \(attributes.applyCall(pathWord: "\"$1\"")); else sw_mkdirs \"$1\"; fi\n"
        s += "}\n"
        s += "sw_dir \(ShellQuote.quote(root)) new\n"
        for directory in tree.directories {
            s += "sw_dir \(ShellQuote.quote(root + directory)) all\n"
        }
        for link in tree.links {
            let path = ShellQuote.quote(root + link.relative), target = ShellQuote.quote(link.target)
            s += "if [ \"$(readlink \(path))\" != \(target) ]; then sw_changed=1; "
            s += "[ \"$sw_check\" = 1 ] || ln -sfn \(target) \(path) || sw_fail \"could not link \(link.relative)\"; fi\n"
        }
        s += "printf 'changed=%s\\n' \"$sw_changed\"\n"
        return s
    }
}
