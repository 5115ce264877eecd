import Foundation
import Testing
@testable import Swansible
import Jinja

/// The `config` lookup over a real ansible.cfg (the differential corpus only varies the
/// environment), and parsing details of the `ini` and `csvfile` readers.
@Suite struct DataLookupTests {
    static func directory(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "swansible-datalookup-" + UUID().uuidString
        for (name, text) in files {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    static func templar(searchPath: String, config: AnsibleConfig? = nil) -> AnsibleTemplar {
        AnsibleTemplar(variables: StaticTemplateVariables([:]), options: TemplarOptions(searchPaths: [searchPath], config: config))
    }

    @Test func configLookupReadsTheRunsConfigurationFile() throws {
        let dir = try Self.directory(["ansible.cfg": "[defaults]\nforks = 9\nroles_path = roles:/shared/roles\n[privilege_escalation]\nbecome = true\n"])
        let config = try AnsibleConfig.load(environment: ["ANSIBLE_CONFIG": dir + "/ansible.cfg", "HOME": dir], currentDirectory: "/")
        let templar = Self.templar(searchPath: dir, config: config)
        #expect(try templar.evaluate("lookup('config', 'DEFAULT_FORKS')") == .int(9))
        #expect(try templar.evaluate("lookup('config', 'DEFAULT_BECOME')") == .bool(true))
        #expect(try templar.evaluate("lookup('config', 'DEFAULT_ROLES_PATH')") == .list([.string(dir + "/roles"), "/shared/roles"]))
        #expect(throws: TemplateError.self) { try templar.evaluate("lookup('config', 'DEFAULT_FORKS', show_origin=True)") }
        #expect(try templar.evaluate("query('config', 'NOT_A_SETTING', on_missing='skip')") == .list([]))
    }

    @Test func iniReaderFollowsConfigparserRules() throws {
        let ini = """
        [DEFAULT]
        base = /srv
        [app]
        ; a comment
        Path = %(base)s/app
        text = first
          second

        [empty]
        """
        let dir = try Self.directory(["app.ini": ini])
        let templar = Self.templar(searchPath: dir)
        // keys are case folded; interpolation reads DEFAULT
        #expect(try templar.evaluate("lookup('ini', 'path', section='app', file='app.ini')") == "/srv/app")
        #expect(try templar.evaluate("lookup('ini', 'text', section='app', file='app.ini')") == "first\nsecond")
        #expect(try templar.evaluate("lookup('ini', 'base', section='empty', file='app.ini')") == "/srv")
        #expect(try templar.evaluate("query('ini', '.*', section='app', file='app.ini', re=True, interpolation=False)")
                == .list(["/srv", "%(base)s/app", "first\nsecond"]))
        // like ansible-core's strict parser, a key given twice is an error
        let dup = Self.templar(searchPath: try Self.directory(["dup.ini": "[app]\nPath = 1\npath = 2\n"]))
        #expect(throws: TemplateError.self) { try dup.evaluate("lookup('ini', 'path', section='app', file='dup.ini')") }
    }

    @Test func csvRowsHandleQuotesAcrossLines() {
        let rows = CSVRows.parse("a,\"x, \"\"y\"\"\",1\nb,\"two\nlines\",2\n\nc,,3", delimiter: ",")
        #expect(rows == [["a", "x, \"y\"", "1"], ["b", "two\nlines", "2"], ["c", "", "3"]])
    }

    @Test func csvfileMissingFileIsALookupError() throws {
        let templar = Self.templar(searchPath: try Self.directory(["x.csv": "k,v\n"]))
        #expect(try templar.evaluate("lookup('csvfile', 'k file=x.csv delimiter=,')") == "v")
        #expect(throws: TemplateError.self) { try templar.evaluate("lookup('csvfile', 'k file=nope.csv delimiter=,')") }
    }
}
