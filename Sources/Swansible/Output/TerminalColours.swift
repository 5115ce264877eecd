import Foundation

/// The colours output is painted in, as ansible-core's display paints them: on when standard
/// output is a terminal (that can show colours) unless `nocolor` / `NO_COLOR` says otherwise,
/// and on without a terminal when `force_color` says so (it wins over `nocolor`). Each kind of
/// text has its `[colors]` setting; a painted text is wrapped line by line in
/// `ESC[<code>m … ESC[0m`.
public struct TerminalColours: Sendable, Equatable {
    /// The kinds of text that have a colour: ansible-core's `[colors]` keys.
    public enum Kind: String, Sendable, CaseIterable {
        case ok, changed, skip, error, unreachable, warn, deprecate, debug, verbose, highlight, included
        case diffAdd = "diff_add", diffRemove = "diff_remove", diffLines = "diff_lines"

        /// ansible-core's default colour name for the kind.
        public var defaultName: String {
            ConfigSetting.colourDefaults.first { $0.key == rawValue }?.colour ?? "normal"
        }
    }

    /// Whether anything is painted.
    public var isOn: Bool
    /// The colour name of each kind that is not its default.
    public var names: [Kind: String]

    public init(isOn: Bool, names: [Kind: String] = [:]) {
        self.isOn = isOn
        self.names = names
    }

    /// Nothing painted.
    public static let off = TerminalColours(isOn: false)

    /// Whether colours are on, by ansible-core's rule: `force_color` wins; otherwise `nocolor`
    /// turns them off, and so does an output that is not a terminal or one that cannot show
    /// colours (`TERM` unset or `dumb`).
    public static func chosen(forceColor: Bool, noColor: Bool, isTerminal: Bool, term: String?) -> Bool {
        if forceColor { return true }
        if noColor || !isTerminal { return false }
        guard let term, !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    /// The SGR parameters of a colour name: ansible's sixteen names, `colorN` (256 colours),
    /// `rgbRGB` (each 0–5) and `grayN`; nil for a name it does not know.
    public static func code(_ name: String) -> String? {
        if let number = digits(after: "color", in: name) { return "38;5;\(number)" }
        if name.hasPrefix("rgb") {
            let rgb = name.dropFirst(3).prefix(3).compactMap { $0.wholeNumberValue }
            if rgb.count == 3, rgb.allSatisfy({ $0 <= 5 }) { return "38;5;\(16 + 36 * rgb[0] + 6 * rgb[1] + rgb[2])" }
        }
        if let number = digits(after: "gray", in: name) { return "38;5;\(232 + number)" }
        return namedCodes[name]
    }

    /// The leading digits after `prefix` (ansible matches the name's start only).
    private static func digits(after prefix: String, in name: String) -> Int? {
        guard name.hasPrefix(prefix) else { return nil }
        return Int(String(name.dropFirst(prefix.count).prefix(while: \.isASCII).prefix(while: \.isNumber)))
    }

    static let namedCodes: [String: String] = [
        "black": "0;30", "bright gray": "0;37", "blue": "0;34", "white": "1;37", "green": "0;32",
        "bright blue": "1;34", "cyan": "0;36", "bright green": "1;32", "red": "0;31", "bright cyan": "1;36",
        "purple": "0;35", "bright red": "1;31", "yellow": "0;33", "bright purple": "1;35", "dark gray": "1;30",
        "bright yellow": "1;33", "magenta": "0;35", "bright magenta": "1;35", "normal": "0",
    ]

    /// `text` painted in the kind's colour, each line wrapped on its own (an empty line too).
    public func paint(_ text: String, _ kind: Kind) -> String {
        guard isOn else { return text }
        let code = Self.code(names[kind] ?? kind.defaultName) ?? "0"
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\u{1B}[\(code)m\($0)\u{1B}[0m" }.joined(separator: "\n")
    }

    /// A message painted as ansible's display paints one: a final line end is kept out of the paint.
    public func paintMessage(_ text: String, _ kind: Kind) -> String {
        guard isOn, text.hasSuffix("\n") else { return paint(text, kind) }
        return paint(String(text.dropLast()), kind) + "\n"
    }

    /// What a painted line starts with (empty when colours are off).
    func lead(_ kind: Kind) -> String {
        guard isOn else { return "" }
        return "\u{1B}[\(Self.code(names[kind] ?? kind.defaultName) ?? "0")m"
    }
}

extension TerminalColours {
    /// The colours `config` and the output's being a terminal choose (`TERM` from `environment`).
    public init(config: AnsibleConfig, isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(
            isOn: Self.chosen(forceColor: config.forceColor, noColor: config.noColor, isTerminal: isTerminal, term: environment["TERM"]),
            names: Dictionary(uniqueKeysWithValues: config.colourNames.compactMap { key, name in Kind(rawValue: key).map { ($0, name) } }))
    }
}
