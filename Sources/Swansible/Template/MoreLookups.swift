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

    /// subelements' pairs (lookup and `with_subelements`): each element with each item of the
    /// list at the dotted path in it, the element without that list (ansible-core takes it out);
    /// skipped results and items give nothing. Problems are `ValueError`s in ansible's words.
    package static func subelementPairs(_ terms: [Value]) throws -> [Value] {
        if let problem = subelementsTermsProblem(terms) { throw ValueError(problem) }
        guard let key = terms[1].stringValue else { return [] }
        // (skip_missing is read from the third term only: a keyword is ignored, as in ansible-core.)
        let skipMissing = terms.count > 2 && (terms[2]["skip_missing"]?.isTruthy ?? false)
        if terms[0].dictValue != nil, terms[0]["skipped"].map({ $0 != false }) == true { return [] }
        let elements = terms[0].listValue ?? terms[0].dictValue.map { Array($0.values) } ?? []
        var result: [Value] = []
        for element in elements {
            if element["skipped"].map({ $0 != false }) == true { continue }
            guard let (element, sublist) = try subelementList(of: element, path: key.split(separator: ".").map(String.init),
                                                             skipMissing: skipMissing) else { continue }
            for item in sublist { result.append(.list([element, item])) }
        }
        return result
    }

    /// The list at the dotted `path` in `element`, and the element without it; nil when
    /// `skipMissing` skips it. The keys are walked in turn, as ansible-core walks them.
    private static func subelementList(of element: Value, path: [String], skipMissing: Bool) throws -> (Value, [Value])? {
        guard case .dict(var dict) = element, let key = path.first else {
            throw ValueError("subelements lookup expects a dictionary, got '\(element.pythonString)'")
        }
        guard let value = dict[key] else {
            if skipMissing { return nil }
            throw ValueError("could not find '\(key)' key in iterated item '\(element.pythonRepr)'")
        }
        if path.count == 1 {
            guard case .list(let items) = value else {
                throw ValueError("the key \(key) should point to a list, got '\(value.pythonString)'")
            }
            dict[key] = nil
            return (.dict(dict), items)
        }
        guard case .dict = value else {
            if skipMissing { return nil }
            throw ValueError("the key \(key) should point to a dictionary, got '\(value.pythonString)'")
        }
        guard let (inner, items) = try subelementList(of: value, path: Array(path.dropFirst()), skipMissing: skipMissing) else {
            return nil
        }
        dict[key] = inner
        return (.dict(dict), items)
    }

    static var moreTable: [String: Lookup] {
        var t: [String: Lookup] = [:]
        t["password"] = { terms, options, ctx in try terms.map { try password($0.pythonString, options, ctx) } }
        t["random_choice"] = { terms, _, _ in terms.randomElement().map { [$0] } ?? [] }
        t["subelements"] = { terms, _, _ in try subelementPairs(terms) }
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
