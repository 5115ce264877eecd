import Foundation
import SwansibleYAML

/// `-e` arguments, like ansible-playbook: `@file` loads a YAML/JSON file, text starting with
/// `{` or `[` (or any YAML mapping) is parsed as YAML/JSON, anything else is `key=value` pairs
/// whose values are strings. Later arguments override earlier ones.
enum ExtraVars {
    struct Error: Swift.Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String], currentDirectory: String) throws -> ValueDict {
        var result = ValueDict()
        for argument in arguments {
            for (key, value) in try parseOne(argument, currentDirectory: currentDirectory) { result[key] = value }
        }
        return result
    }

    /// The variables of `arguments` under reserved names, where each was given: its key in an
    /// `@file`, `<CLI option '-e'>` for `key=value`, `<unknown>` for inline JSON or YAML.
    static func reservedVariables(_ arguments: [String], currentDirectory: String) -> [ReservedVariable] {
        arguments.flatMap { argument -> [ReservedVariable] in
            let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("@") {
                let path = String(text.dropFirst())
                return ReservedVariableNames.found(inFile: path.hasPrefix("/") ? path : currentDirectory + "/" + path)
            }
            let origin = text.hasPrefix("{") || text.hasPrefix("[") ? "<unknown>" : "<CLI option '-e'>"
            let keys = (try? parseOne(text, currentDirectory: currentDirectory))?.keys.map { $0 } ?? []
            return keys.filter(ReservedVariableNames.names.contains).map { ReservedVariable($0, at: .described(origin)) }
        }
    }

    private static func parseOne(_ argument: String, currentDirectory: String) throws -> ValueDict {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("@") {
            var path = String(text.dropFirst())
            if !path.hasPrefix("/") { path = currentDirectory + "/" + path }
            guard FileManager.default.fileExists(atPath: path) else {
                throw Error(description: "the file_name '\(path)' does not exist, or is not readable")
            }
            let node = try DataLoader.loadYAML(path)
            return try mapping(node?.value ?? .null, source: path)
        }
        if text.hasPrefix("{") || text.hasPrefix("[") {
            return try mapping(try YAMLLoader.loadValue(text, file: "<extra vars>"), source: text)
        }
        if text.isEmpty { return [:] }
        do {
            return try KeyValueArguments.parse(text)
        } catch {
            throw Error(description: "failed to parse extra vars '\(text)': \(error.message)")
        }
    }

    private static func mapping(_ value: Value, source: String) throws -> ValueDict {
        switch value {
        case .dict(let d): return d
        case .null: return [:]
        default:
            throw Error(description: "Invalid extra vars data supplied. '\(source)' could not be made into a dictionary")
        }
    }
}
