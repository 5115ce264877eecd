import SwansibleValue

extension PlaybookCLI {
    /// Templates a name a playbook needs at load time (`import_tasks: "{{ role_path }}/x.yml"`,
    /// a role name) with the variables the loader knows there, the `-e` extra vars over them:
    /// like ansible-core, which templates static imports with the play's (and role's) variables.
    static func staticNameTemplater(extraVars: ValueDict) -> @Sendable (String, ValueDict) throws -> String {
        { text, vars in
            var merged = vars
            for (k, v) in extraVars { merged[k] = v }
            let templar = AnsibleTemplar(variables: StaticTemplateVariables(merged))
            return try templar.template(.string(text)).pythonString
        }
    }
}
