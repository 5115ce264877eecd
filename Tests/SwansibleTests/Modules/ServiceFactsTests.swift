import Testing
@testable import Swansible

/// service_facts' reading of the script's output, on lines taken from a simulated host (the
/// whole output of that host gave the same 125 services as ansible-core's module there).
struct ServiceFactsTests {
    static let output = """
         [ - ]  etcd
         [ ? ]  hwclock.sh
         [ + ]  ssh
        --swansible-service-facts--
        getty@tty1.service                   masked    inactive dead    getty@tty1.service
        ssh-host-keys.service                loaded    inactive dead    Generate SSH host keys for this container
        ssh.service                          loaded    active   running OpenBSD Secure Shell server
        --swansible-service-facts--
        UNIT FILE                              STATE    VENDOR PRESET
        container-getty@.service               static   -
        etcd.service                           masked   enabled
        getty@tty1.service                     masked   enabled
        ssh.service                            enabled  enabled
        sshd.service                           alias    -

        5 unit files listed.
        --swansible-service-facts--
        container-getty@.service 
        etcd.service ActiveState=inactive

        """

    func service(_ name: String) -> Value? { ServiceFactsModule.services(fromScriptOutput: Self.output)[name] }

    @Test func sysvScriptsComeFromServiceStatusAll() {
        #expect(service("etcd") == ["name": "etcd", "state": "stopped", "source": "sysv"])
        #expect(service("ssh") == ["name": "ssh", "state": "running", "source": "sysv"])
        #expect(service("hwclock.sh") == nil)
    }

    @Test func systemdStateFromUnitsAndStatusFromUnitFiles() {
        #expect(service("ssh.service") == ["name": "ssh.service", "state": "running", "status": "enabled", "source": "systemd"])
        // A bad state in the unit line wins and is kept over the unit file's.
        #expect(service("getty@tty1.service") == ["name": "getty@tty1.service", "state": "stopped", "status": "masked", "source": "systemd"])
        // Listed as a unit but not as a file: ACTIVE stays the status.
        #expect(service("ssh-host-keys.service") == ["name": "ssh-host-keys.service", "state": "stopped", "status": "inactive", "source": "systemd"])
    }

    @Test func unitFilesAloneTakeTheirActiveState() {
        #expect(service("etcd.service") == ["name": "etcd.service", "state": "inactive", "status": "masked", "source": "systemd"])
        #expect(service("container-getty@.service") == ["name": "container-getty@.service", "state": "unknown", "status": "static", "source": "systemd"])
        #expect(service("sshd.service") == ["name": "sshd.service", "state": "unknown", "status": "alias", "source": "systemd"])
        #expect(ServiceFactsModule.services(fromScriptOutput: Self.output).count == 8)
    }
}
