/// `ansible_python` and `ansible_python_version`: ansible-core reports the interpreter that ran
/// its setup module. Swansible needs no Python, so it asks the host's interpreter when there is
/// one (the host's `ansible_python_interpreter`, else the first of ansible-core's discovery
/// candidates found on the PATH) and leaves both facts out on a host without Python.
enum PythonFacts {
    /// ansible-core 2.19's `INTERPRETER_PYTHON_FALLBACK`, tried in order.
    static let candidates = [
        "python3.13", "python3.12", "python3.11", "python3.10", "python3.9", "python3.8", "/usr/bin/python3", "python3",
    ]

    /// Printed by the interpreter: `python=executable|major|minor|micro|releaselevel|serial|type|ssl`
    /// and `python_version=` (platform.python_version()).
    static let program = """
        import sys, platform
        try:
            from ssl import create_default_context, SSLContext
            s = 1
        except Exception:
            s = 0
        v = sys.version_info
        t = getattr(getattr(sys, 'implementation', None), 'name', '')
        print('python=%s|%d|%d|%d|%s|%d|%s|%d' % (sys.executable, v[0], v[1], v[2], v[3], v[4], t, s))
        print('python_version=' + platform.python_version())
        """

    /// Shell lines for the fact script: finds the interpreter (`interpreter`, unless it is empty
    /// or one of the `auto` modes, wins) and prints its `key=value` lines; nothing without one.
    static func probe(interpreter: String?) -> String {
        var s = "sw_py=\n"
        if let interpreter, !interpreter.isEmpty, !interpreter.hasPrefix("auto") {
            s += "command -v \(ShellQuote.quote(interpreter)) >/dev/null 2>&1 && sw_py=\(ShellQuote.quote(interpreter))\n"
        } else {
            s += "for c in \(candidates.joined(separator: " ")); do\n"
            s += "  if command -v \"$c\" >/dev/null 2>&1; then sw_py=$c; break; fi\ndone\n"
        }
        s += "[ -n \"$sw_py\" ] && \"$sw_py\" -c \(ShellQuote.quote(program)) 2>/dev/null\n"
        return s
    }

    /// The two facts from the probe's lines, empty when no interpreter answered.
    static func facts(_ values: [String: String]) -> ValueDict {
        guard let line = values["python"], let version = values["python_version"] else { return [:] }
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8 else { return [:] }
        let numbers = [1, 2, 3, 5].map { Int(parts[$0]) ?? 0 }
        let python: ValueDict = [
            "executable": .string(parts[0]),
            "has_sslcontext": .bool(parts[7] == "1"),
            "type": parts[6].isEmpty ? .null : .string(parts[6]),
            "version": [
                "major": .int(numbers[0]), "micro": .int(numbers[2]), "minor": .int(numbers[1]),
                "releaselevel": .string(parts[4]), "serial": .int(numbers[3]),
            ],
            "version_info": [.int(numbers[0]), .int(numbers[1]), .int(numbers[2]), .string(parts[4]), .int(numbers[3])],
        ]
        return ["ansible_python": .dict(python), "ansible_python_version": .string(version)]
    }
}
