import Foundation

/// A module file the content brings, classified by its text as ansible-core classifies it:
/// that decides how its arguments reach it and what runs it.
struct ContentModuleFile: Sendable {
    enum Style: Sendable, Equatable {
        /// Python importing `ansible.module_utils` (AnsibleModule): needs ansible-core's package.
        case ansibleModule
        /// Says `WANT_JSON`: its arguments file holds them as JSON.
        case wantJSON
        /// Holds `<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>`, which is replaced by the arguments.
        case inlineJSONArguments
        /// Not text (a compiled program): run directly, arguments file as JSON.
        case binary
        /// PowerShell, for Windows hosts.
        case powershell
        /// Anything else: its arguments file holds `key=value` words, shell-quoted.
        case keyValue
    }

    let path: String
    let data: Data
    let style: Style
    /// The shebang's program and its arguments (`/usr/bin/env`, `python3`).
    let shebang: (program: String, arguments: [String])?

    init(path: String, data: Data) {
        self.path = path
        self.data = data
        style = Self.style(of: data)
        shebang = style == .binary ? nil : Self.shebang(of: data)
    }

    static let inlineArgumentsMarker = "<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>"

    static func style(of data: Data) -> Style {
        if isBinary(data) { return .binary }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("#<<INCLUDE_ANSIBLE_MODULE_COMMON>>") || importsModuleUtils(text) { return .ansibleModule }
        if text.contains("#<<INCLUDE_ANSIBLE_MODULE_WINDOWS_COMMON>>")
            || text.range(of: #"#(Requires -(Module|Version)|AnsibleRequires -(OSVersion|PowerShell|CSharpUtil|Wrapper))"#,
                          options: [.regularExpression, .caseInsensitive]) != nil
        {
            return .powershell
        }
        if text.contains(inlineArgumentsMarker) { return .inlineJSONArguments }
        if text.contains("WANT_JSON") { return .wantJSON }
        return .keyValue
    }

    /// `from ansible.module_utils… import`, `import ansible.module_utils.…`, the relative and
    /// collection forms of the same.
    static func importsModuleUtils(_ text: String) -> Bool {
        let pattern = #"from +\.{2,} *module_utils.* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.* +import |"#
            + #"import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils|from +ansible\.module_utils.* +import |import +ansible\.module_utils\."#
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    /// A file is binary when its first kilobyte holds bytes that text does not (NUL and the
    /// other control characters but tab, newlines, bell, backspace, form feed, escape; DEL).
    static func isBinary(_ data: Data) -> Bool {
        let allowedControls: Set<UInt8> = [7, 8, 9, 10, 12, 13, 27]
        return data.prefix(1024).contains { ($0 < 0x20 && !allowedControls.contains($0)) || $0 == 0x7f }
    }

    static func shebang(of data: Data) -> (program: String, arguments: [String])? {
        let firstLine = String(decoding: data.prefix { $0 != 0x0a }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard firstLine.hasPrefix("#!"), let words = try? ShellQuote.split(String(firstLine.dropFirst(2))),
              let program = words.first else { return nil }
        return (program, Array(words.dropFirst()))
    }

    /// The name of the variable that overrides its interpreter: `ansible_<basename>_interpreter`.
    var interpreterName: String? { shebang.map { PathResolution.lastComponent($0.program) } }
}
