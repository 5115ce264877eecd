/// A node of the representation graph, before construction: what PyYAML's composer builds.
///
/// A class, because an alias refers to the very node its anchor names (merge keys and the
/// duplicate-key check rely on that identity).
final class RawYAMLNode {
    enum Kind {
        case scalar(String, plainImplicit: Bool)
        case sequence([RawYAMLNode])
        case mapping([(key: RawYAMLNode, value: RawYAMLNode)])
    }

    var kind: Kind
    /// The tag as libyaml reports it (`tag:yaml.org,2002:str`, `!vault`), nil when untagged.
    var tag: String?
    var start: YAMLEvent.Mark
    var end: YAMLEvent.Mark
    /// Set while the collection is still being composed, to reject recursive aliases.
    var isOpen = false
    /// Whether an anchor names this node (only such nodes can be reached twice).
    var isAnchored = false

    init(kind: Kind, tag: String?, start: YAMLEvent.Mark, end: YAMLEvent.Mark) {
        self.kind = kind
        self.tag = tag
        self.start = start
        self.end = end
    }
}

/// Turns libyaml events into one representation graph per document, resolving anchors and aliases.
struct YAMLComposer {
    /// Deeper nesting is refused rather than risking the stack.
    static let maxDepth = 400

    private let reader: LibYAMLEventReader
    private let file: String
    private let text: String
    private var anchors: [String: (node: RawYAMLNode, mark: YAMLEvent.Mark)] = [:]
    /// Where each composed document started (its `---`, or its first node).
    private(set) var documentStarts: [YAMLEvent.Mark] = []

    init(text: String, file: String) {
        self.reader = LibYAMLEventReader(text: text, file: file)
        self.file = file
        self.text = text
    }

    /// Every document of the stream, in order.
    mutating func composeDocuments() throws -> [RawYAMLNode] {
        guard case .streamStart = try reader.next() else { throw error("expected a stream start", at: .init(line: 1, column: 1)) }
        var documents: [RawYAMLNode] = []
        while true {
            switch try reader.next() {
            case .streamEnd:
                return documents
            case .documentStart(let mark):
                anchors = [:]
                let root = try composeNode(try reader.next(), depth: 0, documentStart: mark)
                guard case .documentEnd = try reader.next() else { throw error("expected the end of the document", at: root.end) }
                documents.append(root)
                documentStarts.append(mark)
            default:
                throw error("expected a document", at: .init(line: 1, column: 1))
            }
        }
    }

    private mutating func composeNode(_ event: YAMLEvent, depth: Int, documentStart: YAMLEvent.Mark? = nil) throws -> RawYAMLNode {
        switch event {
        case .alias(let anchor, let start, _):
            guard let target = anchors[anchor] else {
                throw error("found undefined alias '\(anchor)'", at: start)
            }
            if target.node.isOpen { throw error("found recursive alias '\(anchor)'", at: start) }
            return target.node
        case .scalar(let s):
            let node = RawYAMLNode(kind: .scalar(s.value, plainImplicit: s.plainImplicit), tag: s.tag, start: s.start, end: s.end)
            try register(s.anchor, node)
            return node
        case .sequenceStart(let anchor, let tag, let start):
            guard depth < Self.maxDepth else { throw error("nesting is deeper than \(Self.maxDepth) levels", at: start) }
            let node = RawYAMLNode(kind: .sequence([]), tag: tag, start: start, end: start)
            try register(anchor, node)
            node.isOpen = true
            var items: [RawYAMLNode] = []
            while true {
                let next = try reader.next()
                if case .sequenceEnd(let end) = next { node.end = end; break }
                items.append(try composeNode(next, depth: depth + 1))
            }
            node.kind = .sequence(items)
            node.isOpen = false
            return node
        case .mappingStart(let anchor, let tag, let start):
            guard depth < Self.maxDepth else { throw error("nesting is deeper than \(Self.maxDepth) levels", at: start) }
            let node = RawYAMLNode(kind: .mapping([]), tag: tag, start: start, end: start)
            try register(anchor, node)
            node.isOpen = true
            var pairs: [(key: RawYAMLNode, value: RawYAMLNode)] = []
            while true {
                let next = try reader.next()
                if case .mappingEnd(let end) = next { node.end = end; break }
                let key = try composeNode(next, depth: depth + 1)
                let value = try composeNode(try reader.next(), depth: depth + 1)
                pairs.append((key, value))
            }
            node.kind = .mapping(pairs)
            node.isOpen = false
            return node
        default:
            throw error("unexpected event while composing a node", at: documentStart ?? .init(line: 1, column: 1))
        }
    }

    /// Like PyYAML's C loader, an anchor may not be defined twice in one document.
    private mutating func register(_ anchor: String?, _ node: RawYAMLNode) throws {
        guard let anchor else { return }
        if let first = anchors[anchor] {
            throw YAMLError(location: location(node.start),
                            problem: "found duplicate anchor '\(anchor)'; first occurrence at line \(first.mark.line), column \(first.mark.column), second occurrence",
                            context: nil, text: text)
        }
        anchors[anchor] = (node, node.start)
        node.isAnchored = true
    }

    private func location(_ mark: YAMLEvent.Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private func error(_ problem: String, at mark: YAMLEvent.Mark) -> YAMLError {
        YAMLError(location: location(mark), problem: problem, context: nil, text: text)
    }
}
