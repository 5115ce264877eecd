import SwansibleYAML

/// Privilege keywords of the Ansible 1.x/2.2 era (`sudo`, `sudo_user`, `su`, `su_user`) and
/// `always_run`, which ansible-core no longer knows: content of that era must still run, so
/// they are read as their `become*` / `check_mode` replacements, with a deprecation warning.
enum LegacyKeywords {
    /// Old key → new key; `sudo`/`su` also pick their become method.
    private static let renames: [String: String] = [
        "sudo": "become", "sudo_user": "become_user", "su": "become", "su_user": "become_user",
        "always_run": "check_mode",
    ]

    /// `node` with legacy keys replaced; unchanged (and cheap) when it has none.
    static func modernized(_ node: YAMLNode, warn: (String) -> Void) -> YAMLNode {
        guard let pairs = node.pairs, pairs.contains(where: { renames[$0.key] != nil }) else { return node }
        var result: [YAMLPair] = []
        for pair in pairs {
            guard let modern = renames[pair.key] else {
                result.append(pair)
                continue
            }
            warn("'\(pair.key)' is deprecated, use '\(modern)' instead (\(pair.keyNode.start))")
            // A modern key written beside its legacy twin wins.
            if pairs.contains(where: { $0.key == modern }) { continue }
            var value = pair.value
            if pair.key == "always_run" {
                // `always_run: yes` is `check_mode: no`; `always_run: no` said nothing.
                guard value.value.isTruthy else { continue }
                value.kind = .scalar(.bool(false))
            }
            result.append(YAMLPair(key: modern, keyNode: pair.keyNode, value: value))
            if (pair.key == "sudo" || pair.key == "su"), !pairs.contains(where: { $0.key == "become_method" }) {
                let method = YAMLNode(kind: .scalar(.string(pair.key)), start: pair.value.start, end: pair.value.end)
                result.append(YAMLPair(key: "become_method", keyNode: pair.keyNode, value: method))
            }
        }
        var modern = node
        modern.kind = .mapping(result)
        return modern
    }
}
