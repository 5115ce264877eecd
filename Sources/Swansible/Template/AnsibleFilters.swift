import Jinja

/// ansible.builtin filters, registered on top of Jinja's by `AnsibleTemplar`.
enum AnsibleFilters {
    static let all: [String: Filter] = {
        var t = AnsibleTextFilters.all
        t.merge(AnsibleDataFilters.all) { _, b in b }
        t.merge(AnsibleCollectionFilters.all) { _, b in b }
        t.merge(AnsiblePathFilters.all) { _, b in b }
        t.merge(NetworkFilters.all) { _, b in b }
        return t
    }()
}
