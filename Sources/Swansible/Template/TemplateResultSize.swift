import Jinja

extension AnsibleTemplar {
    /// A templating result that the executor, modules and output will print or walk in full.
    ///
    /// Values share storage: a variable built from nested YAML aliases is small in memory, and a
    /// lone `{{ bomb }}` passes it on for free, but whoever prints it expands every alias. Like
    /// the templates' own limits, it is refused here with an error rather than left to exhaust
    /// the controller (ansible-core would spend minutes and gigabytes on it).
    static func bounded(_ value: Value) throws -> Value {
        try TemplateLimits.checkExpanded(value)
        return value
    }
}
