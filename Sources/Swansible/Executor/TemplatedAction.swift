extension TaskRunner {
    /// A task whose module name is a template (`action: "{{ pkg_mgr }} name=x"`), with the name
    /// this host's variables give it; like ansible-core, a name no module answers to fails the
    /// task (`Cannot resolve 'X' to an action or module.`), not the load.
    func withTemplatedAction(_ task: PlaybookTask, templar: AnsibleTemplar) throws -> PlaybookTask {
        guard let place = task.templatedActionLocation else { return task }
        var resolved = task
        resolved.action = try templar.template(.string(task.action)).pythonString.pythonStripped
        resolved.templatedActionLocation = nil
        if ModuleRegistry.module(named: resolved.action) != nil { return resolved }
        if let content = run.loader.library.find(resolved.action) {
            resolved.contentAction = content
            return resolved
        }
        let message = "Cannot resolve '\(resolved.action)' to an action or module."
        throw TaskFailure(causes: [(message, place)], beforeAction: true)
    }
}
