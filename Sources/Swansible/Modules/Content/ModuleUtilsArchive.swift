import Foundation

/// `ansible.module_utils` for the content's Python modules, as one zip the host's Python imports
/// from (`PYTHONPATH`). Swansible has no Python of its own: the package comes from an
/// ansible-core installation on the controller (the Python given by `SWANSIBLE_ANSIBLE_PYTHON`,
/// else that of `ansible-playbook` on the PATH, else `python3`), with the content's own `module_utils/` files beside it. Built once per run.
actor ModuleUtilsArchive {
    enum Outcome: Sendable {
        case archive(Data)
        case unavailable(String)
    }

    private var built: [[String]: Outcome] = [:]

    /// The archive with `extraDirectories`' Python files as `ansible.module_utils.<name>`, or
    /// why there is none.
    func archive(extraDirectories: [String], python: String?, scratch: String) async -> Outcome {
        if let known = built[extraDirectories] { return known }
        let outcome = await build(extraDirectories: extraDirectories, pythons: python.map { [$0] } ?? Self.controllerPythons(), scratch: scratch)
        built[extraDirectories] = outcome
        return outcome
    }

    private func build(extraDirectories: [String], pythons tried: [String], scratch: String) async -> Outcome {
        let zip = PathResolution.join(scratch, "module_utils-\(UUID().uuidString).zip")
        for python in tried {
            let command = ([python, "-c", Self.packer, zip] + extraDirectories).map(ShellQuote.quote).joined(separator: " ")
            guard let result = try? await LocalConnection().exec(command, stdin: nil), result.exitCode == 0,
                  let data = FileManager.default.contents(atPath: zip) else { continue }
            try? FileManager.default.removeItem(atPath: zip)
            return .archive(data)
        }
        let looked = tried.isEmpty ? "no ansible-playbook or python3 on the PATH" : "none of " + tried.joined(separator: ", ") + " imports it"
        return .unavailable("Python modules import ansible.module_utils, which Swansible takes from an ansible-core "
                            + "installation on the controller, and none was found (\(looked)); install ansible-core or "
                            + "name its Python in SWANSIBLE_ANSIBLE_PYTHON.")
    }

    /// The controller's Pythons that may hold ansible-core: `ansible-playbook`'s, then `python3`.
    static func controllerPythons() -> [String] {
        var found: [String] = []
        if let playbook = executable(named: "ansible-playbook"),
           let head = FileManager.default.contents(atPath: playbook).flatMap({ String(decoding: $0.prefix(256), as: UTF8.self).split(separator: "\n").first }),
           head.hasPrefix("#!")
        {
            let interpreter = head.dropFirst(2).split(separator: " ").map(String.init)
            if let first = interpreter.first, first.hasSuffix("/env"), interpreter.count > 1 {
                if let resolved = executable(named: interpreter[1]) { found.append(resolved) }
            } else if let first = interpreter.first {
                found.append(first)
            }
        }
        if let python = executable(named: "python3"), !found.contains(python) { found.append(python) }
        return found
    }

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { PathResolution.join(String($0), name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Zips `ansible/module_utils` (sources only) under an empty `ansible/__init__.py`, then the
    /// Python files and packages of each extra directory into `ansible/module_utils/`.
    static let packer = """
        import os, sys, zipfile
        import ansible.module_utils as utils
        def add(z, root, prefix):
            for base, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if d != '__pycache__')
                for f in sorted(files):
                    if f.endswith('.py'):
                        full = os.path.join(base, f)
                        z.write(full, prefix + os.path.relpath(full, root))
        with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('ansible/__init__.py', '')
            add(z, os.path.dirname(utils.__file__), 'ansible/module_utils/')
            for extra in sys.argv[2:]:
                add(z, extra, 'ansible/module_utils/')
        """
}
