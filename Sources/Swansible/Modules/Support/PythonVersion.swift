/// A PEP 440 version (`1!2.0rc1.post2.dev3+local`), as Python's `packaging` parses, orders and
/// prints it; pip's module needs it to tell whether an installed version satisfies a specifier
/// (`>=1.0,<2.0`) without Python on the host.
struct PythonVersion: Comparable, Sendable {
    var epoch = 0
    var release: [Int] = []
    /// `a`, `b` or `rc` and its number.
    var pre: (kind: String, number: Int)?
    var post: Int?
    var dev: Int?
    /// Its parts, lowercased, separated by dots when printed.
    var local: [String] = []

    /// Parses the forms PEP 440 allows (`v` prefix, `alpha`/`c`/`rev` spellings, `-` and `_`
    /// separators, an implicit post release `1.0-1`); nil for anything else.
    init?(_ text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        if s.hasPrefix("v") { s = s.dropFirst() }
        func number() -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        func separator() { if let c = s.first, c == "." || c == "-" || c == "_" { s = s.dropFirst() } }
        func word(_ words: [String]) -> String? {
            let saved = s
            separator()
            if let w = words.first(where: { s.hasPrefix($0) }) { s = s.dropFirst(w.count); return w }
            s = saved
            return nil
        }
        guard var first = number() else { return nil }
        if s.first == "!" { epoch = first; s = s.dropFirst(); guard let n = number() else { return nil }; first = n }
        release = [first]
        while s.first == ".", s.dropFirst().first?.isNumber == true { s = s.dropFirst(); release.append(number()!) }
        if let w = word(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) {
            let kind = ["alpha": "a", "beta": "b", "preview": "rc", "pre": "rc", "c": "rc"][w] ?? w
            separator()
            pre = (kind, number() ?? 0)
        }
        if let _ = word(["post", "rev", "r"]) {
            separator()
            post = number() ?? 0
        } else if s.first == "-", s.dropFirst().first?.isNumber == true {
            s = s.dropFirst()
            post = number()
        }
        if let _ = word(["dev"]) {
            separator()
            dev = number() ?? 0
        }
        if s.first == "+" {
            local = s.dropFirst().split(omittingEmptySubsequences: false) { $0 == "." || $0 == "-" || $0 == "_" }.map(String.init)
            guard !local.isEmpty, local.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else { return nil }
            s = ""
        }
        guard s.isEmpty else { return nil }
    }

    var isPrerelease: Bool { pre != nil || dev != nil }
    var isPostrelease: Bool { post != nil }

    /// The version without its local part (`packaging`'s `public`).
    var publicVersion: PythonVersion { var v = self; v.local = []; return v }
    /// Epoch and release only (`base_version`).
    var baseVersion: PythonVersion { var v = PythonVersion(); v.epoch = epoch; v.release = release; return v }

    private init() {}

    /// Its normal form, as `str(Version)` prints it.
    var normalized: String {
        var s = epoch == 0 ? "" : "\(epoch)!"
        s += release.map(String.init).joined(separator: ".")
        if let pre { s += "\(pre.kind)\(pre.number)" }
        if let post { s += ".post\(post)" }
        if let dev { s += ".dev\(dev)" }
        if !local.isEmpty { s += "+" + local.joined(separator: ".") }
        return s
    }

    /// `packaging`'s ordering key: trailing zeros of the release ignored, a dev release before
    /// its pre-releases, a local version after its public one (numbers after words).
    private var key: [Double] {
        var release = self.release
        while release.count > 1, release.last == 0 { release.removeLast() }
        var k: [Double] = [Double(epoch)] + release.map(Double.init) + Array(repeating: 0, count: max(0, 40 - release.count))
        if pre == nil && post == nil && dev != nil {
            k += [-.infinity, 0]
        } else if let pre {
            k += [["a": 0, "b": 1, "rc": 2][pre.kind] ?? 0, Double(pre.number)]
        } else {
            k += [.infinity, 0]
        }
        k.append(post.map(Double.init) ?? -.infinity)
        k.append(dev.map(Double.init) ?? .infinity)
        return k
    }

    private static func localLess(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (nil, _?): return true
            case (_?, nil): return false
            default: return x < y
            }
        }
        return a.count < b.count
    }

    static func < (a: PythonVersion, b: PythonVersion) -> Bool {
        let (ka, kb) = (a.key, b.key)
        if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        return localLess(a.local, b.local)
    }

    static func == (a: PythonVersion, b: PythonVersion) -> Bool { a.key == b.key && a.local == b.local }
}

/// One clause of a version specifier (`>=1.0`, `==2.*`, `~=1.4`), as `packaging` matches it
/// with pre-releases allowed (what ansible-core's pip module asks).
struct PythonSpecifier: Sendable {
    static let operators = ["===", "==", "!=", "<=", ">=", "~=", "<", ">"]
    var op: String
    var version: String

    /// `op version`, surrounding whitespace allowed; nil when the version does not suit the
    /// operator (a wildcard other than after `==`/`!=`, a local part after an ordering operator).
    init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let op = Self.operators.first(where: { t.hasPrefix($0) }) else { return nil }
        let version = t.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
        guard !version.isEmpty, !version.contains(where: { $0 == " " || $0 == "," || $0 == ";" || $0 == ")" }) else { return nil }
        self.op = op
        self.version = version
        if op == "===" { return }
        let wildcard = version.hasSuffix(".*")
        if wildcard && op != "==" && op != "!=" { return nil }
        guard let parsed = PythonVersion(wildcard ? String(version.dropLast(2)) : version) else { return nil }
        if wildcard && (parsed.pre != nil || parsed.post != nil || parsed.dev != nil || !parsed.local.isEmpty) { return nil }
        if op != "==" && op != "!=" && !parsed.local.isEmpty { return nil }
        if op == "~=" && parsed.release.count < 2 { return nil }
    }

    var description: String { op + version }

    func contains(_ candidate: String) -> Bool {
        if op == "===" { return candidate.lowercased() == version.lowercased() }
        guard let prospective = PythonVersion(candidate) else { return false }
        switch op {
        case "==": return equals(prospective)
        case "!=": return !equals(prospective)
        case "~=":
            guard let spec = PythonVersion(version) else { return false }
            let prefix = spec.release.dropLast().map(String.init).joined(separator: ".")
            let head = spec.epoch == 0 ? prefix : "\(spec.epoch)!\(prefix)"
            return prospective.publicVersion >= spec && (PythonSpecifier("==" + head + ".*")?.equals(prospective) ?? false)
        default:
            guard let spec = PythonVersion(version) else { return false }
            let p = prospective.publicVersion
            switch op {
            case "<=": return p <= spec
            case ">=": return p >= spec
            case "<":
                guard prospective < spec else { return false }
                return !(!spec.isPrerelease && prospective.isPrerelease && prospective.baseVersion == spec.baseVersion)
            default:
                guard prospective > spec else { return false }
                if !spec.isPostrelease && prospective.isPostrelease && prospective.baseVersion == spec.baseVersion { return false }
                return prospective.local.isEmpty || prospective.baseVersion != spec.baseVersion
            }
        }
    }

    private func equals(_ prospective: PythonVersion) -> Bool {
        if version.hasSuffix(".*") {
            guard let spec = PythonVersion(String(version.dropLast(2))) else { return false }
            let p = prospective.publicVersion
            guard p.epoch == spec.epoch else { return false }
            var release = p.release
            let width = max(release.count, spec.release.count)
            release += Array(repeating: 0, count: width - release.count)
            var specRelease = spec.release
            specRelease += Array(repeating: 0, count: width - specRelease.count)
            return Array(release.prefix(spec.release.count)) == Array(specRelease.prefix(spec.release.count))
        }
        guard let spec = PythonVersion(version) else { return false }
        return (spec.local.isEmpty ? prospective.publicVersion : prospective) == spec
    }
}
