import CLibYAML

/// One libyaml parse event, copied out of C memory. Marks are 1-based.
enum YAMLEvent {
    case streamStart, streamEnd
    case documentStart(Mark)
    case documentEnd
    case alias(anchor: String, start: Mark, end: Mark)
    case scalar(YAMLScalarEvent)
    case sequenceStart(anchor: String?, tag: String?, start: Mark)
    case sequenceEnd(end: Mark)
    case mappingStart(anchor: String?, tag: String?, start: Mark)
    case mappingEnd(end: Mark)

    /// A 1-based line and column (columns count characters, like PyYAML).
    struct Mark { var line: Int; var column: Int }
}

struct YAMLScalarEvent {
    var value: String
    var anchor: String?
    var tag: String?
    /// libyaml's `plain_implicit`: the scalar was plain and untagged (or tagged `!`), so it is resolved.
    var plainImplicit: Bool
    var start: YAMLEvent.Mark
    var end: YAMLEvent.Mark
}

/// A libyaml parser over an in-memory UTF-8 buffer, pulled one event at a time.
///
/// Not thread-safe and not `Sendable`: one reader lives inside one load call.
final class LibYAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    private let text: String

    init(text: String, file: String) {
        self.file = file
        self.text = text
        let bytes = Array(text.utf8)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or a located `YAMLError` with libyaml's problem and context.
    func next() throws -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parseError() }
        defer { yaml_event_delete(&event) }
        let start = Self.mark(event.start_mark), end = Self.mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            return .scalar(YAMLScalarEvent(
                value: value, anchor: Self.string(s.anchor), tag: Self.string(s.tag),
                plainImplicit: s.plain_implicit != 0, start: start, end: end))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            return .sequenceStart(anchor: Self.string(s.anchor), tag: Self.string(s.tag), start: start)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            return .mappingStart(anchor: Self.string(m.anchor), tag: Self.string(m.tag), start: start)
        case YAML_MAPPING_END_EVENT: return .mappingEnd(end: end)
        default:
            throw YAMLError(location: SourceLocation(file: file, line: start.line, column: start.column),
                            problem: "unexpected libyaml event", context: nil, text: text)
        }
    }

    private func parseError() -> YAMLError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let context = p.context.map { String(cString: $0) }
        var mark = Self.mark(p.problem_mark)
        if p.error == YAML_READER_ERROR {
            mark = lineAndColumn(ofByteOffset: p.problem_offset)
        }
        return YAMLError(location: SourceLocation(file: file, line: mark.line, column: mark.column),
                         problem: problem, context: context, text: text)
    }

    /// Reader errors only carry a byte offset: turn it into a line and a character column.
    private func lineAndColumn(ofByteOffset offset: Int) -> YAMLEvent.Mark {
        var line = 1, column = 1, index = 0
        for scalar in text.unicodeScalars {
            if index >= offset { break }
            index += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return YAMLEvent.Mark(line: line, column: column)
    }

    private static func mark(_ m: yaml_mark_t) -> YAMLEvent.Mark {
        YAMLEvent.Mark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}
