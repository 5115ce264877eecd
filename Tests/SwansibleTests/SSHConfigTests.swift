import Foundation
import Testing
@testable import Swansible

@Suite struct SSHConfigTests {
    static let vagrant = """
        Host default
          HostName 127.0.0.1
          User vagrant
          Port 2222
          UserKnownHostsFile /dev/null
          StrictHostKeyChecking no
          PasswordAuthentication no
          IdentityFile /work/project/.vagrant/machines/default/virtualbox/private_key
          IdentitiesOnly yes
          LogLevel FATAL

        Host node-2
          HostName 127.0.0.1
          User vagrant
          Port 2200
          UserKnownHostsFile /dev/null
          StrictHostKeyChecking no
          IdentityFile "/work/my project/.vagrant/machines/node-2/virtualbox/private_key"
          IdentitiesOnly yes

        """

    @Test func vagrantSSHConfigWithSeveralHosts() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("ssh-config", Self.vagrant)
        let config = try SSHClientConfig.load(path: path, environment: ["HOME": "/home/me", "USER": "me"])
        let first = config.settings(for: "default")
        #expect(first.hostName == "127.0.0.1")
        #expect(first.user == "vagrant")
        #expect(first.port == 2222)
        #expect(first.identityFiles == ["/work/project/.vagrant/machines/default/virtualbox/private_key"])
        #expect(first.strictHostKeyChecking == false)
        #expect(first.userKnownHostsFile == "/dev/null")
        #expect(first.identitiesOnly == true)
        #expect(first.options["loglevel"] == "FATAL")
        let second = config.settings(for: "node-2")
        #expect(second.port == 2200)
        #expect(second.identityFiles == ["/work/my project/.vagrant/machines/node-2/virtualbox/private_key"])
        #expect(config.settings(for: "unknown") == SSHHostSettings())
    }

    @Test func firstObtainedValueWinsAndIdentityFilesAccumulate() throws {
        let text = """
            # global
            Port 2000
            Host web*  db?  !web-legacy
              User ops
              IdentityFile ~/.ssh/%r@%h-%p
            Host *
              User nobody
              Port 22
              IdentityFile ~/.ssh/id_ed25519
              HostName %h.example.com
            """
        let config = try SSHClientConfig.parse(text, path: "cfg", environment: ["HOME": "/home/me", "USER": "me"])
        let web = config.settings(for: "web1")
        #expect(web.user == "ops")
        #expect(web.port == 2000)
        #expect(web.hostName == "web1.example.com")
        #expect(web.identityFiles == ["/home/me/.ssh/ops@web1.example.com-2000", "/home/me/.ssh/id_ed25519"])
        #expect(config.settings(for: "db1").user == "ops")
        #expect(config.settings(for: "db12").user == "nobody")
        #expect(config.settings(for: "web-legacy").user == "nobody")
        // ssh matches Host patterns against the name as typed
        #expect(config.settings(for: "WEB2").user == "nobody")
    }

    @Test func keyEqualsValueFormQuotesAndMatchBlocks() throws {
        let text = """
            Host=a
              User = alice
              IdentityFile="/path with space/key"
              HostName=%%literal
            Match exec "true"
              User mallory
            Match all
              Port 2022
            """
        let config = try SSHClientConfig.parse(text, path: "cfg", environment: ["HOME": "/h"])
        let a = config.settings(for: "a")
        #expect(a.user == "alice")
        #expect(a.identityFiles == ["/path with space/key"])
        #expect(a.hostName == "%literal")
        #expect(a.port == 2022)
        #expect(config.settings(for: "b").user == nil)
    }

    @Test func includeReadsFilesRelativeToDotSSH() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        try dir.write(".ssh/conf.d/10-web.conf", "Host web\n  User webuser\n")
        try dir.write(".ssh/conf.d/20-db.conf", "Host db\n  User dbuser\n")
        let main = try dir.write(".ssh/config", "Include conf.d/*.conf\nHost *\n  User fallback\n")
        let config = try SSHClientConfig.load(path: main, environment: ["HOME": dir.path])
        #expect(config.settings(for: "web").user == "webuser")
        #expect(config.settings(for: "db").user == "dbuser")
        #expect(config.settings(for: "x").user == "fallback")
    }

    @Test func errorsNameFileAndLine() throws {
        let error = try #require(throws: ConfigError.self) { try SSHClientConfig.parse("Host a\n  User \"open\n", path: "cfg") }
        #expect(error.description == "cfg:2: unterminated quote")
        #expect(throws: ConfigError.self) { try SSHClientConfig.load(path: "/nonexistent/ssh_config") }
    }

    @Test func wildcardMatching() {
        #expect(Wildcard.matches("web*", "web01"))
        #expect(Wildcard.matches("*.example.com", "a.b.example.com"))
        #expect(!Wildcard.matches("web?", "web10"))
        #expect(Wildcard.matches("db[0-2]", "db1", brackets: true))
        #expect(!Wildcard.matches("db[!0-2]", "db1", brackets: true))
        #expect(Wildcard.matches("a*b*c", "aXbYbZc"))
        #expect(!Wildcard.matches("db[0-2]", "db1"))
    }
}
