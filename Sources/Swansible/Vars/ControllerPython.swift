import Foundation

/// The Python of the controller, which ansible-core gives the implicit localhost as
/// `ansible_python_interpreter` (its own). Swansible has none of its own: the first `python3`,
/// else `python`, on `PATH`; nil when there is none.
enum ControllerPython {
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["python3", "python"] {
            for directory in path.split(separator: ":") {
                let candidate = String(directory) + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()
}
