/// Template composition: `{% include %}`, `{% import %}`, `{% from ... import %}`.
extension Renderer {
    func loadTemplate(_ name: String) throws -> TemplateAST {
        if let cached = templateCache[name] { return cached }
        guard let loader = environment.loader, let found = try loader(name) else {
            throw TemplateError.notFound("template not found: \(name)")
        }
        let ast = try Parser.parse(found.source, name: found.name, options: environment.lexerOptions)
        templateCache[name] = ast
        return ast
    }

    func include(_ expr: Expr, ignoreMissing: Bool, withContext: Bool, into out: inout String) throws {
        let target = try eval(expr)
        let names: [String] = try {
            if case .value(.list(let l)) = target { return l.map(\.pythonString) }
            return [try target.text()]
        }()
        var ast: TemplateAST?
        for name in names {
            do { ast = try loadTemplate(name); break } catch let e as TemplateError where e.kind == .notFound { continue }
        }
        guard let ast else {
            if ignoreMissing { return }
            throw TemplateError.notFound("template not found: \(names.joined(separator: ", "))")
        }
        try guardDepth()
        defer { callDepth -= 1 }
        let savedScopes = scopes, savedChains = blockChains
        if !withContext { scopes = [[:]] }
        scopes.append([:])
        blockChains = [:]
        defer { scopes = savedScopes; blockChains = savedChains }
        out += try render(ast)
    }

    func importModule(_ spec: ImportSpec) throws -> TemplateModule {
        let name = try eval(spec.template).text()
        let ast = try loadTemplate(name)
        try guardDepth()
        defer { callDepth -= 1 }
        let savedScopes = scopes, savedChains = blockChains
        scopes = spec.withContext ? scopes + [[:]] : [[:]]
        blockChains = [:]
        defer { scopes = savedScopes; blockChains = savedChains }
        let text = try buffered { $0 = try render(ast) }
        return TemplateModule(name: name, exports: scopes.last ?? [:], body: text)
    }

}
