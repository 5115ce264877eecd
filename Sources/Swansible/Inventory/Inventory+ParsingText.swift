extension Inventory {
    /// Reads `text` as an INI inventory file at `path`, without touching the disk: for the
    /// parser fuzzer (`swansible-fuzz ini`), which needs the parser alone and fast.
    package static func parseINIText(_ text: String, path: String) throws {
        var parser = INIInventoryParser(path: path, directory: nil, graph: InventoryGraph())
        try parser.parse(text)
    }
}
