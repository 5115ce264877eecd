import Foundation
import Testing
@testable import Swansible
import Jinja

/// uri and wait_for against a small HTTP server on 127.0.0.1 (Python's, run for the test).
@Suite(.serialized, .enabled(if: TestHTTPServer.python != nil, "python3 not found; uri/wait_for tests skipped"))
struct NetworkModuleTests {
    @Test func uriGetsJSONAndHeaders() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let r = try await runLocal("uri", ["url": .string(server.url + "/json"), "return_content": "yes"])
        #expect(!r.failed, "\(r.registered)")
        #expect(r.fields["status"] == 200)
        #expect(r.fields["json"] == ["kind": "Namespace", "items": [1, 2]])
        #expect(r.fields["content_type"] == "application/json")
        #expect(r.fields["content"] == #"{"kind": "Namespace", "items": [1, 2]}"#)
        #expect(r.message == "OK (38 bytes)")
        #expect(r.fields["url"] == .string(server.url + "/json"))
    }

    @Test func uriFailsOnUnexpectedStatusUnlessListed() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let missing = try await runLocal("uri", ["url": .string(server.url + "/missing")])
        #expect(missing.failed)
        #expect(missing.message == "Status code was 404 and not [200]: HTTP Error 404: Not Found")
        #expect(missing.fields["status"] == 404)
        let allowed = try await runLocal("uri", ["url": .string(server.url + "/missing"), "status_code": "200,404"])
        #expect(!allowed.failed)
    }

    @Test func uriPostsJSONBodyWithLegacyHeaderArgument() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let r = try await runLocal("uri", [
            "url": .string(server.url + "/echo"), "method": "POST", "body_format": "json",
            "body": ["Network": "10.2.0.0/16"], "HEADER_X-Token": "abc", "status_code": 201, "return_content": true,
        ])
        #expect(!r.failed, "\(r.registered)")
        #expect(r.fields["json"] == ["body": #"{"Network": "10.2.0.0/16"}"#, "content_type": "application/json", "token": "abc"])
    }

    @Test func uriReportsConnectionFailures() async throws {
        let r = try await runLocal("uri", ["url": "http://127.0.0.1:1/", "timeout": 2])
        #expect(r.failed)
        #expect(r.fields["status"] == -1)
        #expect(r.message?.hasPrefix("Status code was -1 and not [200]: Request failed: ") == true)
    }

    @Test func getURLDownloadsOnceThenKeepsTheFile() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let args: ValueDict = ["url": .string(server.url + "/json"), "dest": .string(dir.file("ns.json")), "mode": "0600"]
        let first = try await runLocal("get_url", args)
        #expect(first.changed && !first.failed, "\(first.registered)")
        #expect(try dir.read("ns.json") == #"{"kind": "Namespace", "items": [1, 2]}"#)
        #expect(first.fields["mode"] == "0600")
        #expect(first.fields["status_code"] == 200)
        // Like ansible-core 2.19: fetched again (If-Modified-Since); the same content changes nothing.
        let second = try await runLocal("get_url", args)
        #expect(!second.changed, "\(second.registered)")
        #expect(second.message == "OK (38 bytes)")
        // checksum_dest is dest's sum before the request: none for the first download.
        #expect(first.fields["checksum_dest"] == .null && first.fields["checksum_src"]?.stringValue?.count == 40)
        #expect(second.fields["checksum_dest"] == first.fields["checksum_src"] && second.fields["md5sum"] != nil)
        var forced = args
        forced["force"] = true
        let third = try await runLocal("get_url", forced)
        #expect(!third.changed, "\(third.registered)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ns.json"])
    }

    /// A server that answers If-Modified-Since with 304, and a matching checksum, keep the file.
    @Test func getURLKeepsAFileTheServerSaysIsCurrent() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let args: ValueDict = ["url": .string(server.url + "/cached"), "dest": .string(dir.file("c.json"))]
        let first = try await runLocal("get_url", args)
        #expect(first.changed, "\(first.registered)")
        let second = try await runLocal("get_url", args)
        #expect(!second.changed && !second.failed, "\(second.registered)")
        #expect(second.message == "HTTP Error 304: Not Modified")
        #expect(second.fields["status_code"] == 304)
        let sum = try #require(first.fields["checksum_src"]?.stringValue)
        var checked = args
        checked["checksum"] = .string("sha1:" + sum)
        let third = try await runLocal("get_url", checked)
        #expect(!third.changed && third.message == "file already exists", "\(third.registered)")
    }

    @Test func getURLChecksumAndErrors() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let bad = try await runLocal("get_url", ["url": .string(server.url + "/json"), "dest": .string(dir.file("x")), "checksum": "sha256:00"])
        #expect(bad.failed)
        #expect(bad.message?.hasPrefix("The checksum for \(dir.file("x")) did not match 00; it was ") == true)
        #expect(!dir.exists("x"))
        let missing = try await runLocal("get_url", ["url": .string(server.url + "/missing"), "dest": .string(dir.file("y"))])
        #expect(missing.failed)
        #expect(missing.fields["status_code"] == 404)
        #expect(missing.message == "Request failed" && missing.fields["response"] == "HTTP Error 404: Not Found", "\(missing.registered)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// Like ansible-core, check mode asks with HEAD (the server fails GET on /head) and writes
    /// nothing; the source's sum is that of the empty body, so an existing dest is a change.
    @Test func getURLCheckModeAsksWithHeadAndWritesNothing() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        let emptySHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        let missing = try await runLocal("get_url", ["url": .string(server.url + "/head"), "dest": .string(dir.file("h"))], checkMode: true)
        #expect(missing.changed && !missing.failed, "\(missing.registered)")
        #expect(missing.message == "OK (5 bytes)")
        #expect(missing.fields["checksum_src"] == .string(emptySHA1) && missing.fields["checksum_dest"] == .null)
        #expect(missing.fields["status_code"] == nil && missing.fields["size"] == nil)
        #expect(!dir.exists("h"))
        try dir.write("h", "12345")
        let present = try await runLocal("get_url", ["url": .string(server.url + "/head"), "dest": .string(dir.file("h")), "force": true], checkMode: true)
        #expect(present.changed && present.fields["checksum_dest"] == "8cb2237d0679ca88db6464eac60da96345513964", "\(present.registered)")
        #expect(present.fields["size"] == 5 && present.fields["state"] == "file")
        try dir.write("e", "")
        let empty = try await runLocal("get_url", ["url": .string(server.url + "/head"), "dest": .string(dir.file("e")), "force": true], checkMode: true)
        #expect(!empty.changed && empty.fields["checksum_dest"] == .string(emptySHA1), "\(empty.registered)")
        let get = try await runLocal("get_url", ["url": .string(server.url + "/head"), "dest": .string(dir.file("g"))])
        #expect(get.failed && get.fields["status_code"] == 500, "\(get.registered)")
        let notFound = try await runLocal("get_url", ["url": .string(server.url + "/missing"), "dest": .string(dir.file("m"))], checkMode: true)
        #expect(notFound.failed && notFound.fields["status_code"] == 404 && notFound.message == "Request failed", "\(notFound.registered)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["e", "h"])
    }

    @Test func waitForPortOpenAndClosed() async throws {
        let server = try TestHTTPServer(); defer { server.stop() }
        let open = try await runLocal("wait_for", ["port": .int(server.port), "timeout": 5])
        #expect(!open.failed, "\(open.registered)")
        #expect(open.fields["state"] == "started")
        let closed = try await runLocal("wait_for", ["port": 1, "state": "stopped", "timeout": 2])
        #expect(!closed.failed)
        let timeout = try await runLocal("wait_for", ["port": 1, "timeout": 1])
        #expect(timeout.failed)
        #expect(timeout.message == "Timeout when waiting for 127.0.0.1:1")
    }

    @Test func waitForFileAndRegex() async throws {
        let dir = try ScratchDirectory(); defer { dir.cleanup() }
        try dir.write("log", "starting\nlistening on port 2379\n")
        let r = try await runLocal("wait_for", ["path": .string(dir.file("log")), "search_regex": "port (\\d+)", "timeout": 2])
        #expect(!r.failed, "\(r.registered)")
        #expect(r.fields["match_groups"] == ["2379"])
        #expect(r.fields["state"] == "file")
        let missing = try await runLocal("wait_for", ["path": .string(dir.file("nope")), "timeout": 1])
        #expect(missing.message == "Timeout when waiting for file \(dir.file("nope"))")
        let absent = try await runLocal("wait_for", ["path": .string(dir.file("nope")), "state": "absent", "timeout": 1])
        #expect(!absent.failed)
    }
}

/// A throwaway HTTP server: /json answers JSON, /echo answers the request as JSON (201), /head
/// answers HEAD only (GET fails with 500), else 404.
final class TestHTTPServer: @unchecked Sendable {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? ProcessInfo.processInfo.environment["SWANSIBLE_ORACLE_PYTHON"]

    static let script = #"""
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        if self.path == "/json": self.send(200, {"kind": "Namespace", "items": [1, 2]})
        elif self.path == "/cached" and self.headers.get("If-Modified-Since"):
            self.send_response(304)
            self.end_headers()
        elif self.path == "/cached": self.send(200, {"cached": True})
        elif self.path == "/head": self.send_error(500, "GET on /head")
        else: self.send_error(404, "Not Found")
    def do_HEAD(self):
        if self.path == "/head":
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
        else: self.send_error(404, "Not Found")
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(n).decode()
        self.send(201, {"body": body, "content_type": self.headers.get("Content-Type"), "token": self.headers.get("X-Token")})
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        guard let python = Self.python else { throw OracleLessError() }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script]
        let out = Pipe()
        process.standardOutput = out
        // The server must not hold the test runner's output open, and must die with SIGKILL:
        // it inherits a signal mask that can leave SIGTERM pending forever.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    func stop() { kill(process.processIdentifier, SIGKILL) }

    struct OracleLessError: Error {}
}
