import Foundation
import Jinja

/// Lookups that keep state or need more context: password, subelements, random_choice, inventory_hostnames.
extension Lookups {
    /// What is wrong with subelements' terms, in ansible-core's words: their number, the
    /// first (a list or dict), the second (a key path), the third (a dict of flags).
    package static func subelementsTermsProblem(_ terms: [Value]) -> String? {
        let lead = "subelements lookup expects a list of two or three items, "
        guard (2...3).contains(terms.count) else { return lead }
        guard terms[0].listValue != nil || terms[0].dictValue != nil, terms[1].stringValue != nil else {
            return lead + "first a dict or a list, second a string pointing to the subkey"
        }
        if terms.count == 3 {
            // (ansible-core iterates what is not a dict: a string's characters, a list's items.)
            var flagNames: [String] = [""]
            if let list = terms[2].listValue { flagNames = list.map(\.pythonString) }
            if let text = terms[2].stringValue { flagNames = text.map { String($0) } }
            if terms[2].dictValue == nil, !flagNames.allSatisfy({ $0 == "skip_missing" }) {
                return lead + "the optional third item must be a dict with flags skip_missing"
            }
        }
        return nil
    }

    static var moreTable: [String: Lookup] {
        var t: [String: Lookup] = [:]
        t["password"] = { terms, options, ctx in try terms.map { try password($0.pythonString, options, ctx) } }
        t["random_choice"] = { terms, _, _ in terms.randomElement().map { [$0] } ?? [] }
        t["subelements"] = { terms, options, _ in
            if let problem = subelementsTermsProblem(terms) { throw TemplateError.lookup("subelements", problem) }
            // (skip_missing is read from the third term only: a keyword is ignored, as in ansible-core.)
            let flags = terms.count > 2 ? terms[2] : [:]
            let skip = flags["skip_missing"]?.isTruthy ?? false
            let elements: [Value] = terms[0].listValue ?? terms[0].dictValue.map { Array($0.values) } ?? []
            let path = terms[1].pythonString.split(separator: ".").map(String.init)
            var out: [Value] = []
            // Each key of the path is looked up in turn, as ansible-core walks it.
            if terms[0].dictValue != nil, terms[0]["skipped"].map({ $0 != false }) == true { return [] }
            elements: for element in elements {
                if element["skipped"].map({ $0 != false }) == true { continue }
                var current = element
                for (index, key) in path.enumerated() {
                    guard case .dict(let d) = current else {
                        throw TemplateError.lookup("subelements", "the key \(path[index - 1]) should point to a dictionary, got '\(current.pythonString)'")
                    }
                    guard let next = d[key] else {
                        if skip { continue elements }
                        throw TemplateError.lookup("subelements", "could not find '\(key)' key in iterated item '\(current.pythonString)'")
                    }
                    current = next
                }
                guard case .list(let l) = current else {
                    throw TemplateError.lookup("subelements", "the key \(path.last ?? "") should point to a list, got '\(current.pythonString)'")
                }
                out += l.map { .list([element, $0]) }
            }
            return out
        }
        t["inventory_hostnames"] = { terms, _, ctx in
            // Group names and host names, resolved through the `groups` magic variable.
            guard case .dict(let groups)? = ctx.templar.variables.rawValue("groups") else { return [] }
            var out: [Value] = []
            for term in terms {
                for pattern in term.pythonString.split(whereSeparator: { $0 == ":" || $0 == "," }).map(String.init) {
                    var exclude = false, name = pattern
                    if name.hasPrefix("!") { exclude = true; name.removeFirst() }
                    let hosts: [Value] = groups[name]?.listValue ?? (groups["all"]?.listValue?.filter { $0.stringValue == name } ?? [])
                    if exclude { out.removeAll { h in hosts.contains(h) } } else { out += hosts.filter { !out.contains($0) } }
                }
            }
            return out
        }
        return t
    }

    static let passwordCharacterSets: [String: String] = [
        "ascii_letters": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ascii_lowercase": "abcdefghijklmnopqrstuvwxyz",
        "ascii_uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "digits": "0123456789",
        "hexdigits": "0123456789abcdefABCDEF",
        "octdigits": "01234567",
        "punctuation": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "letters": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ]

    /// `lookup('password', 'path length=20 chars=ascii_letters,digits')`: reads the password stored
    /// at path, or generates and stores one (nothing is stored for `/dev/null`). `encrypt` is not supported.
    static func password(_ term: String, _ options: ValueDict, _ ctx: LookupContext) throws -> Value {
        var words = term.split(separator: " ").map(String.init)
        var params: [String: String] = [:]
        while let last = words.last, last.contains("=") {
            let p = last.split(separator: "=", maxSplits: 1).map(String.init)
            params[p[0]] = p.count > 1 ? p[1] : ""
            words.removeLast()
        }
        for (k, v) in options { params[k] = v.pythonString }
        let unknown = Set(params.keys).subtracting(["length", "chars", "encrypt", "ident", "seed"])
        guard unknown.isEmpty else {
            throw TemplateError.lookup("password", "Unrecognized parameter(s) given to password lookup: \(unknown.sorted().joined(separator: ", "))")
        }
        if let encrypt = params["encrypt"], !encrypt.isEmpty, encrypt != "None" {
            throw TemplateError.lookup("password", "encrypt=\(encrypt) is not supported")
        }
        let relative = words.joined(separator: " ")
        let path = relative.hasPrefix("/") ? relative : ((ctx.searchPaths.first ?? FileManager.default.currentDirectoryPath) as NSString).appendingPathComponent(relative)
        if path != "/dev/null", let content = try? String(contentsOfFile: path, encoding: .utf8) {
            let line = content.split(separator: "\n").first.map(String.init) ?? ""
            return .string(line.components(separatedBy: " salt=").first ?? line)
        }
        var specs = ["ascii_letters", "digits", ".,:-_"]
        if let chars = params["chars"] {
            specs = []
            if chars.contains(",,") { specs.append(",") }
            specs += chars.replacingOccurrences(of: ",,", with: ",").split(separator: ",").map(String.init)
        }
        let alphabet = Array(Set(specs.map { passwordCharacterSets[$0] ?? $0 }.joined()))
        guard !alphabet.isEmpty else { throw TemplateError.lookup("password", "no characters to build a password from") }
        let length = min(Int(params["length"] ?? "20") ?? 20, 100_000)
        var generator = SystemRandomNumberGenerator()
        let password = String((0..<max(0, length)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        if path != "/dev/null" {
            let dir = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw TemplateError.lookup("password", "could not write the password file \(path)")
            }
        }
        return .string(password)
    }
}
