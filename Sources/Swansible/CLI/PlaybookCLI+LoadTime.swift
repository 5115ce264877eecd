/// What ansible-playbook works out from the playbooks before it runs or lists them: names
/// templated at load time, and the warnings about play host patterns that match nothing.
extension PlaybookCLI {
    /// Templates a name needed at load time (`import_tasks: "{{ f }}.yml"`, a role name, an
    /// `import_playbook` path) with the given vars, then the command line's extra vars on top.
    static func loadTimeTemplater(extraVars: ValueDict) -> @Sendable (String, ValueDict) throws -> String {
        { text, vars in
            let templar = AnsibleTemplar(variables: VariableLayers(layers: [vars, extraVars], hostLookup: { _ in nil }))
            return try templar.template(.string(text)).pythonString
        }
    }

    /// The playbook as a listing shows it: like ansible-core, each play's `hosts` and `name`
    /// templated with its vars and the extra vars (a template that fails stays as written).
    static func templatedForListing(_ playbook: Playbook, extraVars: ValueDict) -> Playbook {
        var result = playbook
        for index in result.plays.indices {
            var play = result.plays[index]
            let templar = AnsibleTemplar(variables: VariableLayers(layers: [play.vars, extraVars], hostLookup: { _ in nil }))
            if play.hostPatterns.contains(where: isTemplate), let hosts = try? templar.template(play.hosts) {
                play.hosts = hosts
            }
            if let name = play.name, isTemplate(name), let shown = try? templar.template(.string(name)) {
                play.name = shown.pythonString
            }
            result.plays[index] = play
        }
        return result
    }

    private static func isTemplate(_ text: String) -> Bool { text.contains("{{") || text.contains("{%") }

    /// Like ansible-core walking the plays of a listing or syntax check: a warning for each
    /// word of a play's `hosts` that matches no host or group. A templated pattern is only
    /// known after the play is templated, which a syntax check never does (`templated` false
    /// warns only for the plain ones; true only for the templated ones). `warned` keeps each
    /// word to its first warning, as ansible-core shows a warning once.
    static func warnUnmatchedHosts(
        of playbook: Playbook, templated: Bool, extraVars: ValueDict, inventory: Inventory,
        warned: inout Set<String>, warn: (String) -> Void
    ) {
        let shownPlays = templated ? templatedForListing(playbook, extraVars: extraVars).plays : playbook.plays
        for (play, shownPlay) in zip(playbook.plays, shownPlays) {
            guard play.hostPatterns.contains(where: isTemplate) == templated else { continue }
            let shown = shownPlay.hostPatterns.joined(separator: ":")
            if shown.contains("{{") { continue }
            for word in inventory.unmatchedWords(in: shown) where warned.insert(word).inserted {
                warn("Could not match supplied host pattern, ignoring: \(word)")
            }
        }
    }
}
