import Foundation
import Testing
@testable import Swansible

/// ProxyJump as ssh reads it: `-J` or `-o ProxyJump=`, `[user@]host[:port]`, one hop.
@Suite struct SSHJumpHostTests {
    @Test func hopsAreReadAsSshWritesThem() throws {
        #expect(try SSHJumpHost(parsing: "core@bastion:2222") == SSHJumpHost(user: "core", address: "bastion", port: 2222))
        #expect(try SSHJumpHost(parsing: "bastion") == SSHJumpHost(address: "bastion"))
        #expect(try SSHJumpHost(parsing: "ops@[2001:db8::1]:2200") == SSHJumpHost(user: "ops", address: "2001:db8::1", port: 2200))
        #expect(try SSHJumpHost(parsing: "ssh://a@b:23") == SSHJumpHost(user: "a", address: "b", port: 23))
        #expect(try SSHJumpHost(parsing: "none") == nil)
        #expect(throws: ConnectionError.self) { try SSHJumpHost(parsing: "a,b") }
    }

    @Test func theFirstJumpGivenWinsInEitherSpelling() {
        #expect(SSHArguments(["-J core@a:1 -o ProxyJump=b"]).proxyJump == "core@a:1")
        #expect(SSHArguments(["-o ProxyJump=b", "-J a"]).proxyJump == "b")
        #expect(SSHArguments(["-o StrictHostKeyChecking=no"]).proxyJump == nil)
    }
}
