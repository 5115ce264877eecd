import Testing
@testable import Swansible

@Suite struct SSHArgumentsTests {
    @Test func readsTheOptionsLibssh2CanHonour() {
        let args = SSHArguments([
            "-C -o ControlMaster=auto -o ControlPersist=60s",
            "-o StrictHostKeyChecking=no -o 'UserKnownHostsFile=/dev/null' -p 2222 -l core -i ~/.ssh/k",
        ])
        #expect(args.strictHostKeyChecking == false)
        #expect(args.knownHostsFile == "/dev/null")
        #expect(args.port == 2222 && args.user == "core" && args.identityFiles == ["~/.ssh/k"])
    }

    @Test func keyValueWithSpaceAndDefaults() {
        let args = SSHArguments(["-o StrictHostKeyChecking yes -oPort=2200"])
        #expect(args.strictHostKeyChecking == true && args.port == 2200)
        #expect(SSHArguments([]) == SSHArguments(["-C"]))
    }
}
