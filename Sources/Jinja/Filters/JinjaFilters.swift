/// Jinja2 3.1's built-in filters, as one table merged from the families.
enum JinjaFilters {
    static let all: [String: Filter] = {
        var table = StringFilters.all
        table.merge(CollectionFilters.all) { _, b in b }
        table.merge(NumberFilters.all) { _, b in b }
        return table
    }()
}
