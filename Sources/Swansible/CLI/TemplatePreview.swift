import Foundation

/// `swansible template FILE`: renders a template with the template module's rules, without a
/// host: variables come from `-e` and, with `--host`, from that host's inventory variables.
public struct TemplatePreview: Sendable {
    public var extraVars: [String] = []
    public var inventorySources: [String] = []
    public var host: String?
    public var currentDirectory: String

    public init(extraVars: [String] = [], inventorySources: [String] = [], host: String? = nil,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.extraVars = extraVars
        self.inventorySources = inventorySources
        self.host = host
        self.currentDirectory = currentDirectory
    }

    /// Renders `source`, read from `path` (`-` for standard input).
    public func render(source: String, path: String) throws -> String {
        let (templar, absolute, templateVars) = try prepare(path: path)
        return try templar.renderFile(source, path: absolute, extraVariables: templateVars)
    }

    /// Renders `source` `times` times with variables read once (for bench/template.sh); returns
    /// the last output and the seconds the renders took.
    public func renderRepeatedly(source: String, path: String, times: Int) throws -> (output: String, seconds: Double) {
        let (templar, absolute, templateVars) = try prepare(path: path)
        let clock = ContinuousClock()
        var output = ""
        let elapsed = try clock.measure {
            for _ in 0..<max(times, 1) { output = try templar.renderFile(source, path: absolute, extraVariables: templateVars) }
        }
        return (output, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The templar with the variables of `-e` and the inventory, the absolute template path and
    /// the `template_*` variables.
    private func prepare(path: String) throws -> (AnsibleTemplar, String, ValueDict) {
        let extra = try ExtraVars.parse(extraVars, currentDirectory: currentDirectory)
        var layers: [ValueDict] = []
        var hostLookup: @Sendable (String) -> VariableLayers? = { _ in nil }
        if !inventorySources.isEmpty {
            let inventory = try Inventory.load(sources: inventorySources)
            let hostName = host ?? inventory.hostNames.first ?? "localhost"
            let inventoryVars = try inventory.variables(for: hostName, playbookDirectory: nil)
            layers.append(inventoryVars)
            layers.append(inventory.magicVariables(for: hostName))
            hostLookup = { other in
                guard let vars = try? inventory.variables(for: other, playbookDirectory: nil) else { return nil }
                return VariableLayers(layers: [vars, extra, ["inventory_hostname": .string(other)]], hostLookup: { _ in nil })
            }
        } else if let host {
            layers.append(["inventory_hostname": .string(host)])
        }
        layers.append(extra)
        let absolute = path == "-" ? "<stdin>" : (path.hasPrefix("/") ? path : currentDirectory + "/" + path)
        let directory = path == "-" ? currentDirectory : (absolute as NSString).deletingLastPathComponent
        let templar = AnsibleTemplar(
            variables: VariableLayers(layers: layers, hostLookup: hostLookup),
            options: TemplarOptions(searchPaths: [directory, currentDirectory]))
        let templateVars: ValueDict = [
            "template_host": .string(ProcessInfo.processInfo.hostName),
            "template_path": .string(path),
            "template_fullpath": .string(absolute),
            "template_uid": .string(ProcessInfo.processInfo.environment["USER"] ?? "root"),
            "template_run_date": .string(ISO8601DateFormatter().string(from: Date())),
            "template_destpath": .null,
        ]
        return (templar, absolute, templateVars)
    }
}
