import Jinja

/// What ansible-playbook works out from the playbooks before it runs or lists them: names
/// templated at load time, and the warnings about play host patterns that match nothing.
extension PlaybookCLI {
    /// Templates a name needed at load time (`import_tasks: "{{ f }}.yml"`, a role name, an
    /// `import_playbook` path) with the given vars, then the command line's extra vars on top.
    static func loadTimeTemplater(extraVars: ValueDict) -> @Sendable (String, ValueDict) throws -> String {
        { text, vars in
            let templar = AnsibleTemplar(variables: VariableLayers(layers: [vars, extraVars], hostLookup: { _ in nil }))
            do {
                return try templar.template(.string(text)).pythonString
            } catch let error as TemplateError {
                throw PlaybookLoader.StaticNameError(reason: error.message, description: "\(error)")
            }
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

    /// Like ansible-core reading the plays for a listing or syntax check, the warnings it gives
    /// before any task: variables under reserved names and the words of a play's `hosts` that
    /// match no host or group. ansible-core looks at a play's variables first while reading its
    /// `roles:` (the play's and the extra vars, for every play that has roles) and again, with
    /// its roles' defaults and vars, while reading an `import_role` of its tasks; then once per
    /// play, where its host pattern is matched first and the variables are looked at with its
    /// roles' defaults and vars. A templated pattern is only known once the play is templated,
    /// which a syntax check never does: `templated` false does all of that for every play but
    /// matches only plain patterns; true only matches the templated ones. `warned` keeps each
    /// warning to its first time, as ansible-core shows a warning once. (Vars files are not
    /// read here.)
    static func warnBeforePlays(
        of playbook: Playbook, templated: Bool, extraVars: ValueDict, reservedExtraVars: [ReservedVariable],
        inventory: Inventory, warned: inout Set<String>, warn: (String) -> Void
    ) {
        func once(_ text: String) { if warned.insert(text).inserted { warn(text) } }
        func withRoles(_ play: Play) -> [ReservedVariable] {
            let roles = play.roles.filter { !$0.isDuplicate }.map(\.invocation)
            return firstOfEachName(roles.flatMap(\.reservedDefaults) + play.reservedVariables + roles.flatMap(\.reservedVars)
                + reservedExtraVars)
        }
        if !templated {
            for play in playbook.plays {
                if !play.roles.isEmpty { firstOfEachName(play.reservedVariables + reservedExtraVars).forEach { once($0.warning) } }
                if play.importsRoleInItsTasks { withRoles(play).forEach { once($0.warning) } }
            }
        }
        let shownPlays = templated ? templatedForListing(playbook, extraVars: extraVars).plays : playbook.plays
        for (play, shownPlay) in zip(playbook.plays, shownPlays) {
            let shown = shownPlay.hostPatterns.joined(separator: ":")
            if play.hostPatterns.contains(where: isTemplate) == templated, !shown.contains("{{") {
                for word in inventory.unmatchedWords(in: shown) {
                    once("Could not match supplied host pattern, ignoring: \(word)")
                }
            }
            if !templated { withRoles(play).forEach { once($0.warning) } }
        }
    }

    private static func firstOfEachName(_ variables: [ReservedVariable]) -> [ReservedVariable] {
        var seen: Set<String> = []
        return variables.filter { seen.insert($0.name).inserted }
    }
}
