/// How ansible-core carries out an action. Swansible runs every module from the controller,
/// but ansible-core's messages tell these three apart, so each module says which it is.
public enum ActionPluginKind: Sendable {
    /// ansible-core's generic `normal` action runs the module on the host (stat, file, ping...):
    /// messages name it as the task wrote it, failures read `Module failed:`.
    case normal
    /// An action plugin of the module's own name works on the controller, then runs the module
    /// (copy, template, command, shell, uri, service): ansible-core resolves a short name to
    /// `ansible.legacy.<name>`, the name its argument errors show.
    case wrapsModule
    /// An action plugin with no module (debug, assert, set_fact, raw, script...): the action
    /// itself does the work, so its failures read `Action failed:`.
    case actionOnly
}
