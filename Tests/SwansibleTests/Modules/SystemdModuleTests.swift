import Foundation
import Testing
@testable import Swansible

/// systemd/service against a fake `systemctl` on PATH that keeps unit state in files.
@Suite struct SystemdModuleTests {
    static let fakeSystemctl = #"""
#!/bin/sh
d=$FAKE_SYSTEMD_DIR
echo "$*" >> "$d/log"
[ "$1" = --no-block ] && shift
cmd=$1; u=${2%.service}
case $cmd in
daemon-reload) touch "$d/reloaded" ;;
show)
  if [ -e "$d/$u.unit" ]; then
    if [ -e "$d/$u.masked" ]; then echo LoadState=masked; echo UnitFileState=masked
    else echo LoadState=loaded; if [ -e "$d/$u.enabled" ]; then echo UnitFileState=enabled; else echo UnitFileState=disabled; fi; fi
    if [ -e "$d/$u.active" ]; then echo ActiveState=active; else echo ActiveState=inactive; fi
    echo "Id=$u.service"
    echo "ExecStart={ path=/usr/bin/$u ; argv[]=/usr/bin/$u --flag=1 ; }"
  else echo LoadState=not-found; echo ActiveState=inactive; fi ;;
is-enabled) if [ -e "$d/$u.enabled" ]; then echo enabled; else echo disabled; exit 1; fi ;;
enable) touch "$d/$u.enabled" ;;
disable) rm -f "$d/$u.enabled" ;;
start) [ -e "$d/$u.broken" ] && { echo "Job for $u.service failed." >&2; exit 1; }; touch "$d/$u.active" ;;
stop) rm -f "$d/$u.active" ;;
restart|reload) touch "$d/$u.active" ;;
mask) touch "$d/$u.masked" ;;
unmask) rm -f "$d/$u.masked" ;;
esac
"""#

    struct Host {
        let dir: ScratchDirectory
        var environment: ValueDict {
            ["PATH": .string(dir.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")),
             "FAKE_SYSTEMD_DIR": .string(dir.path)]
        }

        init(units: [String]) async throws {
            dir = try ScratchDirectory()
            // Written by a child process: a write descriptor open in this (multi-threaded) test
            // process could leak into a concurrent fork and make exec fail with ETXTBSY.
            let bin = dir.file("bin")
            let install = "mkdir -p \(ShellQuote.quote(bin)) && cat > \(ShellQuote.quote(bin + "/systemctl")) && chmod 755 \(ShellQuote.quote(bin + "/systemctl"))"
            _ = try await LocalConnection().exec(install, stdin: Data(SystemdModuleTests.fakeSystemctl.utf8))
            for u in units { try dir.write("\(u).unit", "") }
        }

        func run(_ args: ValueDict, module: String = "systemd", checkMode: Bool = false) async throws -> ModuleResult {
            try await runLocal(module, args, checkMode: checkMode, environment: environment)
        }

        var log: [String] { ((try? dir.read("log")) ?? "").split(separator: "\n").map(String.init) }
    }

    @Test func startedAndEnabledThenIdempotent() async throws {
        let host = try await Host(units: ["etcd"]); defer { host.dir.cleanup() }
        let args: ValueDict = ["name": "etcd", "state": "started", "enabled": "yes", "daemon_reload": true]
        let first = try await host.run(args)
        #expect(first.changed && !first.failed, "\(first.registered)")
        #expect(host.dir.exists("etcd.active") && host.dir.exists("etcd.enabled") && host.dir.exists("reloaded"))
        #expect(first.fields["name"] == "etcd")
        #expect(first.fields["state"] == "started")
        #expect(first.fields["enabled"] == true)
        #expect(first.fields["status"]?["ActiveState"] == "inactive")
        #expect(first.fields["status"]?["ExecStart"] == "{ path=/usr/bin/etcd ; argv[]=/usr/bin/etcd --flag=1 ; }")
        let second = try await host.run(args)
        #expect(!second.changed, "\(second.registered)")
        #expect(second.fields["status"]?["ActiveState"] == "active")
    }

    @Test func restartedAlwaysActs() async throws {
        let host = try await Host(units: ["etcd"]); defer { host.dir.cleanup() }
        try host.dir.write("etcd.active", "")
        let r = try await host.run(["name": "etcd", "state": "restarted", "daemon_reload": "yes"], module: "service")
        #expect(r.changed)
        #expect(host.log.contains("restart etcd"))
        #expect(host.log.first == "daemon-reload")
    }

    @Test func stoppedAndDisabled() async throws {
        let host = try await Host(units: ["kubelet"]); defer { host.dir.cleanup() }
        try host.dir.write("kubelet.active", "")
        try host.dir.write("kubelet.enabled", "")
        let r = try await host.run(["name": "kubelet", "state": "stopped", "enabled": false])
        #expect(r.changed)
        #expect(!host.dir.exists("kubelet.active") && !host.dir.exists("kubelet.enabled"))
        let again = try await host.run(["name": "kubelet", "state": "stopped", "enabled": false])
        #expect(!again.changed)
    }

    @Test func checkModeOnlyLooks() async throws {
        let host = try await Host(units: ["etcd"]); defer { host.dir.cleanup() }
        let r = try await host.run(["name": "etcd", "state": "started", "enabled": true], checkMode: true)
        #expect(r.changed)
        #expect(!host.dir.exists("etcd.active") && !host.dir.exists("etcd.enabled"))
    }

    @Test func missingUnitFailsLikeAnsible() async throws {
        let host = try await Host(units: []); defer { host.dir.cleanup() }
        let r = try await host.run(["name": "nope", "state": "started"])
        #expect(r.failed)
        #expect(r.message == "Could not find the requested service nope: host")
    }

    @Test func failedStartCarriesSystemctlMessage() async throws {
        let host = try await Host(units: ["flanneld"]); defer { host.dir.cleanup() }
        try host.dir.write("flanneld.broken", "")
        let r = try await host.run(["name": "flanneld", "state": "started"])
        #expect(r.failed)
        #expect(r.message == "Unable to start service flanneld: Job for flanneld.service failed.")
    }

    @Test func maskAndUnmask() async throws {
        let host = try await Host(units: ["docker"]); defer { host.dir.cleanup() }
        let r = try await host.run(["name": "docker", "masked": true])
        #expect(r.changed && host.dir.exists("docker.masked"))
        #expect(!(try await host.run(["name": "docker", "masked": true])).changed)
        let un = try await host.run(["name": "docker", "masked": false])
        #expect(un.changed && !host.dir.exists("docker.masked"))
    }

    @Test func daemonReloadAlone() async throws {
        let host = try await Host(units: []); defer { host.dir.cleanup() }
        let r = try await host.run(["daemon_reload": true])
        #expect(!r.failed, "\(r.registered)")
        #expect(host.dir.exists("reloaded"))
    }

    @Test func scriptUsesSudoWithBecome() async throws {
        let conn = RecordingConnection(stdouts: ["changed=1\n__swansible_status__\nActiveState=inactive\nLoadState=loaded\n"])
        let context = ModuleContext(hostName: "h", connection: conn, become: BecomeSettings(enabled: true), templar: FakeTemplar())
        let r = try await ModuleRegistry.run("ansible.builtin.systemd", arguments: ["name": "etcd", "state": "started"], in: context)
        #expect(r.changed)
        #expect(r.fields["status"] == ["ActiveState": "inactive", "LoadState": "loaded"])
        #expect(await conn.commands.first?.hasPrefix("sudo -H -S -n -u root /bin/sh -c ") == true)
    }

    @Test func parseShowKeepsValuesWithEquals() {
        let d = SystemdPlan.parseShow("Environment=A=1 B=2\nId=x.service\n")
        #expect(d == ["Environment": "A=1 B=2", "Id": "x.service"])
    }
}
