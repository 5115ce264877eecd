import Jinja

extension AnsibleCollectionFilters {
    /// `rekey_on_member`: a dict of the given dicts (a list's items or a dict's values) keyed
    /// by each one's `key` member; a repeated member fails unless `duplicates='overwrite'`
    /// (the last wins), with ansible-core's messages.
    static func rekeyOnMember(_ data: Value, key: Value, duplicates: Value) throws -> Value {
        guard duplicates.stringValue == "error" || duplicates.stringValue == "overwrite" else {
            throw TemplateError.failed("duplicates parameter to rekey_on_member has unknown value \(duplicates.pythonRepr)")
        }
        let items: [Value]
        switch data {
        case .dict(let d): items = Array(d.values)
        case .list(let l): items = l
        default: throw TemplateError.failed("Type is not a valid list, set, or dict")
        }
        let name = PythonOperators.dictKey(key)
        var rekeyed = ValueDict()
        for item in items {
            guard case .dict(let members) = item else { throw TemplateError.failed("List item is not a valid dict") }
            guard let member = members[name] else { throw TemplateError.failed("Key \(key.pythonRepr) was not found.") }
            let newKey = PythonOperators.dictKey(member)
            if rekeyed[newKey] != nil, duplicates.stringValue == "error" {
                throw TemplateError.failed("Key \(member.pythonRepr) is not unique, cannot convert to dict.")
            }
            rekeyed[newKey] = item
        }
        return .dict(rekeyed)
    }
}
