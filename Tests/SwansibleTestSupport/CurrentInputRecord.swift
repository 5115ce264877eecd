import Foundation

/// The input being run, kept in a file mapped into memory: copying an input there costs no
/// system call, and when the process dies of a trap or of its memory limit the kernel still
/// holds the last one, so the test that started the fuzzer can name the culprit.
///
/// Layout: the length as 8 bytes, little-endian, then that many bytes of UTF-8 (at most
/// `capacity`; longer inputs are recorded cut). Shared by `swansible-fuzz`, which writes it, and
/// `ParserFuzzingTests`, which reads it.
public final class CurrentInputRecord: @unchecked Sendable {
    public static let capacity = 65_536
    private let base: UnsafeMutableRawPointer

    public init?(path: String) {
        let size = 8 + Self.capacity
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0,
              let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED else { return nil }
        base = mapped
    }

    public func record(_ input: String) {
        var bytes = Array(input.utf8.prefix(Self.capacity))
        base.storeBytes(of: UInt64(bytes.count).littleEndian, as: UInt64.self)
        bytes.withUnsafeMutableBytes { base.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// What a record file holds (for `--replay` of a record and for the tests).
    public static func read(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 8 else { return nil }
        let length = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard length <= data.count - 8 else { return nil }
        return String(decoding: data.dropFirst(8).prefix(length), as: UTF8.self)
    }
}
