import Foundation
import Testing
import Swansible
import SwansibleTesting

/// When the collections' modules can be compared: the oracle gate, and ansible.posix and
/// community.general unpacked by `scripts/oracle-collections.sh` (the oracle venv is
/// ansible-core only; the collections come from PyPI's `ansible` package, never the repository).
enum CollectionsOracleGate {
    static let path = IntegrationGate.packageRoot.appendingPathComponent(".run/oracle-collections").path
    static var enabled: Bool {
        AccountOracleGate.enabled
            && FileManager.default.fileExists(atPath: path + "/ansible_collections/ansible/posix/MANIFEST.json")
            && FileManager.default.fileExists(atPath: path + "/ansible_collections/community/general/MANIFEST.json")
    }
}

/// sysctl and mount (ansible.posix), hostname and modprobe (community.general) against ansible-core
/// 2.19 with the collections of PyPI's `ansible` 12: the same playbook runs with ansible-playbook
/// on one simulated host that has Python and with Swansible on another. The printed output and
/// every registered result (check mode, first run, second run, failures with their messages) must
/// be equal, apart from what only ansible-core's Python adds, the host names read `HOST`; then
/// the files the modules leave (sysctl files, fstabs, /etc/hostname, modprobe's persistence
/// files) and the mounts.
///
/// What a container allows: /proc/sys is read-only, so setting a running value (`sysctl_set`,
/// `reload`) fails on both sides and the failures are compared; tmpfs can be mounted (the
/// containers have CAP_SYS_ADMIN) but a block device cannot; no kernel module can be loaded.
/// The image has no `crontab` binary (`CronOracleTests` installs it and compares user crontabs).
/// ansible-core's cron refuses to run without it even for a `cron_file`; Swansible writes the cron
/// file anyway, on purpose (CoreOS has no crontab; `RemoteLayerIntegrationTests` pins it): that
/// one difference is checked as such (`deliberateDifferences`).
///
/// Oracle-only: `scripts/oracle-collections.sh`, then
/// `SWANSIBLE_ORACLE_CHECK=1 swift test --filter SystemConfigOracleTests`, with `.oracle-venv`
/// (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(4)),
       .enabled(if: CollectionsOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv, the Python host image and scripts/oracle-collections.sh"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct SystemConfigOracleTests {
    static let playbook = """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - shell: |
                printf '# kept\\n a.b.c = 1\\nvm.swappiness=5\\n  vm.swappiness = 7\\n\\n; other\\nkernel.x=2\\n' > /etc/sysctl.d/80-mixed.conf
                printf '# oracle\\n/dev/sdz1 /srv ext4 defaults 0 2\\n/dev/sdz2 /mnt/four ext4 defaults\\n/dev/sdz1 /mnt/noted ext4 defaults 0 0 # note\\n' > /etc/fstab.oracle
                mkdir -p /mnt/keep /mnt/full && touch /mnt/full/file
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_file: /etc/sysctl.d/90-oracle.conf, reload: false}, check_mode: true, register: y0}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_file: /etc/sysctl.d/90-oracle.conf, reload: false}, register: y1}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_file: /etc/sysctl.d/90-oracle.conf, reload: false}, register: y2}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "20", sysctl_file: /etc/sysctl.d/80-mixed.conf, reload: false}, register: y3}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_file: /etc/sysctl.d/90-oracle.conf}, register: y4, ignore_errors: true}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_set: true, sysctl_file: /etc/sysctl.d/91-set.conf, reload: false}, register: y5, ignore_errors: true}
            - {ansible.posix.sysctl: {name: net.ipv4.ip_forward, state: absent, sysctl_file: /etc/sysctl.d/80-mixed.conf, reload: false}, register: y6}
            - {ansible.posix.sysctl: {name: a.b.c, state: absent, sysctl_file: /etc/sysctl.d/80-mixed.conf, reload: false}, register: y7}
            - {ansible.posix.sysctl: {name: vm.overcommit_memory, value: yes, sysctl_file: /etc/sysctl.d/90-oracle.conf, reload: false}, register: y8}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "", sysctl_file: /etc/sysctl.d/90-oracle.conf, reload: false}, register: y9, ignore_errors: true}
            - {command: sysctl -n vm.swappiness, register: running}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "{{ running.stdout }}", sysctl_set: true, sysctl_file: /etc/sysctl.d/92-same.conf, reload: false}, register: y10}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "{{ running.stdout }}", sysctl_set: true, sysctl_file: /etc/sysctl.d/92-same.conf}, register: y11}
            - {ansible.posix.sysctl: {name: no.such.key, value: "1", sysctl_set: true, sysctl_file: /etc/sysctl.d/93-none.conf /etc/sysctl.d/94-ign.conf, reload: false}, register: y12, ignore_errors: true}
            - {ansible.posix.sysctl: {name: vm.swappiness, value: "10", sysctl_file: /etc/no-such-dir/x.conf, reload: false}, register: y13, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/data, src: /dev/sdz9, fstype: ext4, state: present}, check_mode: true, register: m0}
            - {ansible.posix.mount: {path: /mnt/data, src: /dev/sdz9, fstype: ext4, state: present}, register: m1}
            - {ansible.posix.mount: {path: /mnt/data, src: /dev/sdz9, fstype: ext4, state: present}, register: m2}
            - {ansible.posix.mount: {path: /mnt/data, src: /dev/sdz9, fstype: ext4, opts: noatime, boot: false, state: present}, register: m3}
            - {ansible.posix.mount: {path: none, src: /swapfile, fstype: swap, opts: sw, state: present}, register: m4}
            - {ansible.posix.mount: {path: "/mnt/with space", src: /dev/sdz8, fstype: xfs, state: present, fstab: /etc/fstab.oracle}, register: m5}
            - {ansible.posix.mount: {path: /mnt/data, state: absent}, register: m6}
            - {ansible.posix.mount: {path: /mnt/data, state: absent_from_fstab}, register: m7}
            - {ansible.posix.mount: {path: /mnt/tmp, src: tmpfs, fstype: tmpfs, opts: size=1m, state: mounted}, register: m8, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, src: tmpfs, fstype: tmpfs, opts: size=1m, state: mounted}, register: m9, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, src: tmpfs, fstype: tmpfs, opts: size=2m, state: mounted}, register: m13, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, state: remounted}, register: m14, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, state: remounted, opts: size=3m}, register: m19, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/nowhere, state: remounted, opts: ro}, register: m20, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, state: unmounted}, register: m10, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/tmp, state: absent}, register: m11, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/disk, src: /dev/sdz7, fstype: ext4, state: mounted}, register: m12, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/new, src: /dev/sdz6, fstype: ext4, boot: false, state: present, fstab: /etc/fstab.new}, register: m15}
            - {ansible.posix.mount: {path: /mnt/new, src: /dev/sdz6, state: present}, register: m16, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/new, state: unmounted}, register: m17}
            - {ansible.posix.mount: {path: /mnt/eph/deep, src: tmpfs, fstype: tmpfs, opts: size=1m, state: ephemeral}, check_mode: true, register: e0}
            - {ansible.posix.mount: {path: /mnt/eph/deep, src: tmpfs, fstype: tmpfs, opts: size=1m, state: ephemeral}, register: e1, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/eph/deep, src: tmpfs, fstype: tmpfs, state: ephemeral}, register: e2, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/eph/deep, src: other, fstype: tmpfs, state: ephemeral}, register: e3, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/eph/deep, state: unmounted}, register: e4, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/ephfail/x, src: /dev/sdz5, fstype: ext4, state: ephemeral}, register: e5, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/eph2, src: tmpfs, fstype: tmpfs, state: ephemeral}, register: e6, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/eph2, state: absent}, register: m21, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/keep, state: absent}, register: m22, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/full, src: /dev/sdz3, fstype: ext4, state: present}, register: m23}
            - {ansible.posix.mount: {path: /mnt/full, state: absent}, register: m24, ignore_errors: true}
            - {hostname: {name: "{{ inventory_hostname }}"}, register: h0, ignore_errors: true}
            - {hostname: {name: oracle-renamed}, check_mode: true, register: h1, ignore_errors: true}
            - {hostname: {name: oracle-renamed}, register: h2, ignore_errors: true}
            - {hostname: {name: "{{ inventory_hostname }}"}, register: h3, ignore_errors: true}
            - {hostname: {name: sles-name, use: sles}, check_mode: true, register: h4, ignore_errors: true}
            - {hostname: {name: sles-name, use: sles}, register: h5, ignore_errors: true}
            - {hostname: {name: sles-name, use: sles}, register: h6, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/bk, src: /dev/sdz4, fstype: ext4, state: present, fstab: /etc/fstab.oracle, backup: true}, register: m18}
            - {ansible.posix.mount: {path: /mnt/four, src: /dev/sdz2, fstype: ext4, state: present, fstab: /etc/fstab.oracle}, register: m25}
            - {ansible.posix.mount: {path: /mnt/noted, src: /dev/sdz1, fstype: ext4, state: present, fstab: /etc/fstab.oracle}, register: m26}
            - {ansible.posix.mount: {path: /mnt/noted, state: absent_from_fstab, fstab: /etc/fstab.oracle}, register: m27}
            - {ansible.posix.mount: {path: /mnt/noted, src: /dev/sdz1, fstype: ext4, opts: noatime, state: present, fstab: /etc/fstab.oracle}, register: m28}
            - {ansible.posix.mount: {path: /mnt/secret, src: //srv/share, fstype: cifs, opts: "username=u,password=hunter2", opts_no_log: true, boot: false, state: present}, register: m29}
            - {ansible.posix.mount: {path: /mnt/secret, src: //srv/share, fstype: cifs, opts: "username=u,password=hunter2", opts_no_log: true, state: mounted}, register: m30, ignore_errors: true}
            - {ansible.posix.mount: {path: /mnt/na, src: /dev/sdz2, fstype: ext4, opts: noauto, state: present}, register: m31}
            - {ansible.posix.mount: {path: /mnt/na, src: /dev/sdz2, fstype: ext4, opts: "ro,noauto", boot: false, state: present}, register: m32}
            - {hostname: {name: diff-name}, check_mode: true, diff: true, register: h7, ignore_errors: true}
            - {ansible.posix.sysctl: {name: no.such.key, value: "1", sysctl_set: true, ignoreerrors: true, sysctl_file: /etc/sysctl.d/94-ign.conf, reload: false}, register: y14, ignore_errors: true}
            - {ansible.posix.sysctl: {name: no.such.key2, value: "1", ignoreerrors: true, sysctl_file: /etc/sysctl.d/94-ign.conf}, register: y15, ignore_errors: true}
            - {ansible.posix.mount: {path: none, src: /other, fstype: swap, state: absent}, register: m33}
            - {ansible.posix.mount: {path: none, src: /swapfile, fstype: swap, state: absent}, register: m34}
            - {community.general.modprobe: {name: dummy}, check_mode: true, register: p0, ignore_errors: true}
            - {community.general.modprobe: {name: dummy}, register: p1, ignore_errors: true}
            - {community.general.modprobe: {name: dummy, state: absent}, register: p2, ignore_errors: true}
            - {community.general.modprobe: {name: dummy, state: absent, persistent: present, params: numdummies=2}, register: p3, ignore_errors: true}
            - {community.general.modprobe: {name: dummy, state: absent, persistent: present, params: numdummies=2}, register: p4, ignore_errors: true}
            - {community.general.modprobe: {name: dummy, state: absent, persistent: absent}, register: p5, ignore_errors: true}
            - {cron: {name: nightly, minute: "5", job: /bin/true, user: root, cron_file: oracle}, register: c0, ignore_errors: true}
            - copy:
                dest: /tmp/results.json
                content: "{{ dict(names | zip(values)) | to_nice_json }}"
              vars:
                names: [y0, y1, y2, y3, y4, y5, y6, y7, y8, y9, y10, y11, y12, y13, m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17, e0, e1, e2, e3, e4, e5, h0, h1, h2, h3, h4, h5, h6, m18, m19, m20, m21, m22, m23, m24, e6, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, h7, y14, y15, p0, p1, p2, p3, p4, p5, c0]
                values: ["{{ y0 }}", "{{ y1 }}", "{{ y2 }}", "{{ y3 }}", "{{ y4 }}", "{{ y5 }}", "{{ y6 }}", "{{ y7 }}", "{{ y8 }}", "{{ y9 }}", "{{ y10 }}", "{{ y11 }}", "{{ y12 }}", "{{ y13 }}", "{{ m0 }}", "{{ m1 }}", "{{ m2 }}", "{{ m3 }}", "{{ m4 }}", "{{ m5 }}", "{{ m6 }}", "{{ m7 }}", "{{ m8 }}", "{{ m9 }}", "{{ m10 }}", "{{ m11 }}", "{{ m12 }}", "{{ m13 }}", "{{ m14 }}", "{{ m15 }}", "{{ m16 }}", "{{ m17 }}", "{{ e0 }}", "{{ e1 }}", "{{ e2 }}", "{{ e3 }}", "{{ e4 }}", "{{ e5 }}", "{{ h0 }}", "{{ h1 }}", "{{ h2 }}", "{{ h3 }}", "{{ h4 }}", "{{ h5 }}", "{{ h6 }}", "{{ m18 }}", "{{ m19 }}", "{{ m20 }}", "{{ m21 }}", "{{ m22 }}", "{{ m23 }}", "{{ m24 }}", "{{ e6 }}", "{{ m25 }}", "{{ m26 }}", "{{ m27 }}", "{{ m28 }}", "{{ m29 }}", "{{ m30 }}", "{{ m31 }}", "{{ m32 }}", "{{ m33 }}", "{{ m34 }}", "{{ h7 }}", "{{ y14 }}", "{{ y15 }}", "{{ p0 }}", "{{ p1 }}", "{{ p2 }}", "{{ p3 }}", "{{ p4 }}", "{{ p5 }}", "{{ c0 }}"]
        """


    /// Results that differ on purpose, with what each side must say.
    static let deliberateDifferences: Set<String> = ["c0"]

    /// What ansible-playbook prints up to the cron task (whose result differs on purpose), with
    /// the host named `HOST` and temporary names made alike; its warnings apart, sorted (the
    /// harness puts Swansible's standard error, where they go, after its standard output);
    /// without what only ansible-core's Python prints: the interpreter warning, and the
    /// deprecation ansible.posix's mount earns (it passes `warnings` to `exit_json`).
    static func printed(_ output: String, host: String) -> (text: String, warnings: [String]) {
        let lines = output.replacingOccurrences(of: host, with: "HOST")
            .replacingOccurrences(of: #"\.ansible_m_sysctl_[a-z0-9_]{8}\.conf"#, with: ".ansible_m_sysctl_TEMP.conf", options: .regularExpression)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("[WARNING]: Host '") && !$0.hasPrefix("[WARNING]: Deprecation warnings can be disabled")
                && !$0.hasPrefix("[DEPRECATION WARNING]: Passing `warnings` to `exit_json`") }
        let warnings = lines.filter { $0.hasPrefix("[WARNING]: ") }.map(String.init).sorted()
        let text = lines.filter { !$0.hasPrefix("[WARNING]: ") }.joined(separator: "\n")
        return (text.range(of: "TASK [cron]").map { String(text[..<$0.lowerBound]) } ?? text, warnings)
    }

    /// The files and mounts the modules leave, read the same way on both hosts.
    static let look = """
        for f in /etc/sysctl.d/80-mixed.conf /etc/sysctl.d/90-oracle.conf /etc/sysctl.d/91-set.conf /etc/sysctl.d/92-same.conf /etc/sysctl.d/93-none.conf /etc/sysctl.d/94-ign.conf /etc/fstab /etc/fstab.oracle /etc/fstab.new \
          /etc/hostname /etc/HOSTNAME /etc/modules-load.d/dummy.conf /etc/modprobe.d/dummy.conf; do
          echo "== $f"; [ -e "$f" ] && stat -c '%a %U %G' "$f" && cat "$f"
        done
        echo "== mounts"; awk '$2 ~ /^\\/mnt/' /proc/mounts; ls -a /mnt /mnt/eph /mnt/full; ls /etc | grep -c '^fstab.oracle.[0-9]*.[0-9-]*@[0-9:]*~$'; hostname
        """

    @Test func resultsAndHostsMatchAnsibleCore() async throws {
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(
            Self.playbook, named: "system-config-oracle", environment: ["ANSIBLE_COLLECTIONS_PATH": CollectionsOracleGate.path])
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0"), "\(oracleOutput)")
        let (myText, myWarnings) = Self.printed(ours.output, host: "swa-01")
        let (theirText, theirWarnings) = Self.printed(oracleOutput, host: "ora-01")
        #expect(myText == theirText && myWarnings == theirWarnings, "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")

        func results(_ host: String) async throws -> ValueDict {
            let text = try await PlaybookIntegrationTests.shell(cluster, host, "cat /tmp/results.json")
            let named = text.replacingOccurrences(of: host, with: "HOST")
                .replacingOccurrences(of: #"\.ansible_m_sysctl_[a-z0-9_]{8}\.conf"#, with: ".ansible_m_sysctl_TEMP.conf", options: .regularExpression)
                .replacingOccurrences(of: #"\.[0-9]+\.[0-9]{4}-[0-9]{2}-[0-9]{2}@[0-9]{2}:[0-9]{2}:[0-9]{2}~"#, with: ".PID.TIME~", options: .regularExpression)
            return try Value(jsonText: named).dictValue ?? [:]
        }
        let theirs = try await results("ora-01"), mine = try await results("swa-01")
        #expect(theirs.count == 73, "\(oracleOutput)")
        #expect(theirs["c0"]?.dictValue?["msg"]?.stringValue?.hasPrefix("Failed to find required executable \"crontab\"") == true
                && mine["c0"]?.dictValue?["changed"] == .bool(true), "c0: ansible-core \(String(describing: theirs["c0"])) swansible \(String(describing: mine["c0"]))")
        OracleSideBySide.expectSameResults(theirs, mine, except: Self.deliberateDifferences)
        try await OracleSideBySide.expectSameHosts(cluster, look: Self.look)
    }
}
