import Foundation

/// `tempfile`: a new, empty temporary file or directory on the host, made by coreutils'
/// `mktemp` in one script that also describes it (owner, group, mode, size), as ansible's
/// result does. It always changes something, so like ansible-core it does not run in check mode.
struct TempfileModule: Module {
    static let names = ["tempfile"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("path", .path,
                     description: "Directory to create it in; the host's temporary directory ($TMPDIR, else /tmp) when not given."),
        ArgumentSpec("prefix", default: "ansible.",
                     description: "Start of the name; a file name component (no slash)."),
        ArgumentSpec("state", default: "file", choices: ["directory", "file"],
                     description: "Whether to create a file or a directory."),
        ArgumentSpec("suffix", default: "",
                     description: "End of the name; a file name component (no slash)."),
    ], supportsCheckMode: false)

    static let documentation = ModuleDocumentation(
        "Create a temporary file or directory on the host",
        description: [
            "Creates a new file (mode 0600) or directory (mode 0700) with a unique name, made of `prefix`, random characters and `suffix`, and returns its path in `path`.",
            "Nothing removes it afterwards: remove it with the file module (`state: absent`) when done.",
        ],
        notes: [
            "Made with coreutils' `mktemp` on the host, not Python: the random part is 8 letters and digits, upper and lower case.",
            "Check mode is not supported (the task is skipped), as with ansible-core.",
            "A `path` starting with `~` is taken from the remote user's home; other environment variables in it are not expanded.",
        ],
        examples: """
            - name: A scratch directory for the build
              ansible.builtin.tempfile:
                state: directory
                suffix: build
              register: build_dir

            - name: A file for the rendered configuration
              ansible.builtin.tempfile:
                path: /var/tmp
                prefix: app-
                suffix: .conf
              register: conf

            - name: Clean up
              ansible.builtin.file:
                path: "{{ build_dir.path }}"
                state: absent
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let prefix = args.string("prefix") ?? ""
        let suffix = args.string("suffix") ?? ""
        if prefix.contains("/") {
            return .failure("prefix must be a valid file name component, got \(Value.string(prefix).pythonRepr)")
        }
        if suffix.contains("/") {
            return .failure("suffix must be a valid file name component, got \(Value.string(suffix).pythonRepr)")
        }
        let directory = args.string("state") == "directory"
        let result = try await context.runScript(script(path: args.string("path"), prefix: prefix, suffix: suffix,
                                                        directory: directory, sampleName: sampleName(prefix, suffix)))
        let report = ScriptReport(result.stdout)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard let path = report["path"] else {
            return .failure("could not create a temporary \(directory ? "directory" : "file"): \(result.stderr)")
        }
        var fields = report.pathFields
        fields["path"] = .string(path)
        fields["state"] = .string(directory ? "directory" : "file")
        return ModuleResult(changed: true, fields: fields)
    }

    /// A name like the one Python would have tried, for the messages of a failure (which name it).
    static func sampleName(_ prefix: String, _ suffix: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return prefix + String((0..<8).map { _ in letters.randomElement()! }) + suffix
    }

    /// Creates the file or directory and prints `path=` and its `sw_describe` lines, or fails
    /// with Python's errno wording for a missing, non-directory or unwritable `path`.
    static func script(path: String?, prefix: String, suffix: String, directory: Bool, sampleName: String) -> String {
        var s = RemoteFileLibrary.functions + "LC_ALL=C; export LC_ALL\n"
        if let path, path == "~" || path.hasPrefix("~/") {
            s += "d=\"$HOME\"\(ShellQuote.quote(String(path.dropFirst())))\n"
        } else {
            s += "d=\(ShellQuote.quote(path ?? ""))\n"
        }
        // Python's choice: TMPDIR, TEMP, TMP, then /tmp.
        s += "[ -n \"$d\" ] || d=${TMPDIR:-${TEMP:-${TMP:-/tmp}}}\n"
        s += "case $d in /*) ;; *) d=\"$PWD/$d\" ;; esac\n"
        s += "n=\"${d%/}/\"\(ShellQuote.quote(sampleName))\n"
        s += "if [ ! -e \"$d\" ]; then sw_fail \"[Errno 2] No such file or directory: '$n'\"; fi\n"
        s += "if [ ! -d \"$d\" ]; then sw_fail \"[Errno 20] Not a directory: '$n'\"; fi\n"
        let template = ShellQuote.quote(prefix + "XXXXXXXX")
        s += "p=$(mktemp \(directory ? "-d " : "")-p \"$d\" --suffix=\(ShellQuote.quote(suffix)) \(template) 2>&1) || {\n"
        s += "  case $p in *'ermission denied'*) sw_fail \"[Errno 13] Permission denied: '$n'\" ;; esac\n"
        s += "  sw_fail \"$p\"\n}\n"
        s += "p=$(realpath -s -m \"$p\")\n"
        s += "printf 'path=%s\\n' \"$p\"\nsw_describe \"$p\"\n"
        return s
    }
}
