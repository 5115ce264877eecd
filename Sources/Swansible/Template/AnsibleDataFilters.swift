import SwansibleYAML
import Jinja

/// Ansible's serialisation filters: JSON and YAML in and out.
enum AnsibleDataFilters {
    static let all: [String: Filter] = {
        var t: [String: Filter] = [:]
        t["to_json"] = .plain(Signature(optional: [("indent", nil), ("sort_keys", false), ("ensure_ascii", true)], keywords: true)) { v, a in
            try TemplateLimits.checkExpanded(v)
            return .string(v.jsonText(indent: try a.int("indent").map { min(max($0, 0), 64) }, sortKeys: try a.bool("sort_keys"), asciiOnly: try a.bool("ensure_ascii")))
        }
        t["to_nice_json"] = .plain(Signature(optional: [("indent", 4), ("sort_keys", true), ("ensure_ascii", true)], keywords: true)) { v, a in
            try TemplateLimits.checkExpanded(v)
            return .string(v.jsonText(indent: min(max(try a.int("indent") ?? 4, 0), 64), sortKeys: try a.bool("sort_keys"), asciiOnly: try a.bool("ensure_ascii")))
        }
        t["from_json"] = .plain(Signature(keywords: true)) { v, _ in try JSONReader.parse(v.pythonString) }
        t["to_yaml"] = .plain(Signature(optional: [("indent", 2), ("default_flow_style", nil), ("sort_keys", true)], keywords: true)) { v, a in
            try TemplateLimits.checkExpanded(v)
            let flow = try a.plain("default_flow_style").flatMap { $0.isNull ? nil : $0.isTruthy }
            return .string(YAMLDumper(indent: yamlIndent(try a.int("indent"), 2), flowStyle: flow, sortKeys: try a.bool("sort_keys")).dump(v))
        }
        t["to_nice_yaml"] = .plain(Signature(optional: [("indent", 4), ("default_flow_style", false), ("sort_keys", true)], keywords: true)) { v, a in
            try TemplateLimits.checkExpanded(v)
            let flow = try a.plain("default_flow_style").flatMap { $0.isNull ? nil : $0.isTruthy }
            return .string(YAMLDumper(indent: yamlIndent(try a.int("indent"), 4), flowStyle: flow, sortKeys: try a.bool("sort_keys")).dump(v))
        }
        t["from_yaml"] = .plain { v, _ in try loadYAML(v.pythonString) }
        t["from_yaml_all"] = .plain { v, _ in
            let text = v.pythonString
            let docs = text.components(separatedBy: "\n---").map { $0.hasPrefix("---") ? String($0.dropFirst(3)) : $0 }
                .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            return .list(try docs.map { try loadYAML($0) })
        }
        return t
    }()

    /// PyYAML only accepts indents from 2 to 9 and uses 2 otherwise.
    static func yamlIndent(_ requested: Int?, _ fallback: Int) -> Int {
        guard let requested else { return fallback }
        return (2...9).contains(requested) ? requested : 2
    }

    static func loadYAML(_ text: String) throws -> Value {
        try DataLoader.loadYAML(text: text, file: "<from_yaml>")?.value ?? .null
    }
}
