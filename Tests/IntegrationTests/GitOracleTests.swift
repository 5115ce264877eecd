import Foundation
import Testing
import Swansible
import SwansibleTesting

/// git against ansible-core 2.19 on hosts that have Debian's git: the same playbook runs with
/// ansible-playbook on one simulated host that has Python and with Swansible on another, after
/// both have installed `git` with apt (at once; the image has none), the two playbooks at once,
/// each on its host. The playbook makes its repositories on the host (commits with fixed
/// authors and dates, so both hosts have the same commits; a tag of each kind, two branches, a
/// submodule), then clones with paths (which both engines turn into `file://` URLs), updates
/// after a new commit upstream, switches to tags, branches and a commit, clones shallow and
/// bare, asks without cloning, leaves a checkout alone (`update: false`), meets local
/// modifications with and without `force`, a directory that is not a repository, a version that
/// does not exist, a changed remote URL, an ssh remote that refuses (with `key_file`,
/// `ssh_opts` and both host key options), a bad `umask` and `executable`, a submodule git
/// refuses to fetch (`file` transport), archives (made, kept when the same, a bad extension),
/// a separate git directory (cloned into, moved, already there), unsigned commits and tags
/// asked to be verified, a signed commit and tag verified (against an allowlist too), and a
/// host without git — in check mode and with --diff
/// where it matters. The printed output (diffs, warnings, errors) and every registered result
/// must be equal, apart from what only ansible-core's Python adds (`invocation`, `exception`,
/// `warnings`, `deprecations`: the warnings are compared as printed).
///
/// Oracle-only: `SWANSIBLE_ORACLE_CHECK=1 swift test --filter GitOracleTests`, with `.oracle-venv`
/// (`make oracle`) and the Python host image (`scripts/build-host-image.sh --with-python`).
@Suite(.serialized, .timeLimit(.minutes(5)),
       .enabled(if: AccountOracleGate.enabled, "oracle-only: SWANSIBLE_ORACLE_CHECK=1, .oracle-venv and the Python host image"),
       .simulatedCluster(["ora-01", "swa-01"], image: "swansible/coreos-sim-python:latest"))
struct GitOracleTests {
    static let root = "/srv/gitwork"
    /// The commit tagged v2 ("two"), the same on both hosts (fixed authors and dates).
    static let two = "147b5f4d6ff0cd1bd00a9185f58d28e9f1fe28b8"

    static let repositories = """
        set -e
        export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
        export GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z
        rm -rf \(root); mkdir -p \(root); cd \(root)
        git init -q -b main src; cd src
        echo one > file.txt; git add file.txt; git commit -qm one; git tag v1
        echo two >> file.txt; git commit -qam two; git tag -a v2 -m v2
        git checkout -qb feature; echo feat > feature.txt; git add feature.txt; git commit -qm feature
        git checkout -q main; echo three >> file.txt; git commit -qam three
        cd ..; git clone -q --bare src upstream.git; git clone -q --bare src other.git
        mkdir plain; echo x > plain/x
        git init -q -b main sub && git -C sub commit -q --allow-empty -m sub
        git init -q -b main super && cd super && git -c protocol.file.allow=always submodule add -q \(root)/sub sub && git commit -qm super && cd ..
        git clone -q --bare super super.git
        printf '#!/bin/sh\nexec gpg --faked-system-time 20200101T000000! "$@"\n' > /srv/gpg-fixed-time; chmod +x /srv/gpg-fixed-time
        export GNUPGHOME=/srv/gnupg
        cd src && git checkout -q -b signed main && echo s > signed.txt && git add signed.txt
        git -c gpg.program=/srv/gpg-fixed-time -c user.signingkey=\(fingerprint) commit -q -S -m signed
        git -c gpg.program=/srv/gpg-fixed-time -c user.signingkey=\(fingerprint) tag -s -m st stag
        git checkout -q main && git push -q ../upstream.git signed stag
        """

    static let upstream = "\(root)/upstream.git"

    /// A key made for this test alone (ed25519, no passphrase, signatures dated 2020-01-01 by
    /// `--faked-system-time`, so that both hosts make the same signed commit and tag).
    static let signingKey = IntegrationGate.packageRoot.appendingPathComponent("Tests/IntegrationTests/Fixtures/git/throwaway-signing-key.asc").path
    static let fingerprint = "73579E3D2EAE4542667B49017BC32B6F99B6E58D"
    static let gnupg = "environment: {GNUPGHOME: /srv/gnupg}"

    static let tasks: [(name: String, task: String)] = [
        ("repositories", "shell: |\n    " + repositories.replacingOccurrences(of: "\n", with: "\n    ")),
        ("c0", "{git: {repo: \(upstream), dest: \(root)/co}, check_mode: true, diff: true}"),
        ("c1", "{git: {repo: \(upstream), dest: \(root)/co}, diff: true}"),
        ("c2", "{git: {repo: \(upstream), dest: \(root)/co}, diff: true}"),
        ("commit", """
            shell: "cd \(root)/src && echo four >> file.txt && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@e GIT_AUTHOR_DATE=2020-01-02T00:00:00Z GIT_COMMITTER_DATE=2020-01-02T00:00:00Z git commit -qam four && git push -q ../upstream.git main"
            """),
        ("u0", "{git: {repo: \(upstream), dest: \(root)/co}, check_mode: true, diff: true}"),
        ("u1", "{git: {repo: \(upstream), dest: \(root)/co}, diff: true}"),
        ("u2", "{git: {repo: \(upstream), dest: \(root)/co}}"),
        ("t0", "{git: {repo: \(upstream), dest: \(root)/co, version: v1}, diff: true}"),
        ("t1", "{git: {repo: \(upstream), dest: \(root)/co, version: v2}}"),
        ("t2", "{git: {repo: \(upstream), dest: \(root)/co, version: v2}, check_mode: true}"),
        ("b0", "{git: {repo: \(upstream), dest: \(root)/co, version: feature}}"),
        ("b1", "{git: {repo: \(upstream), dest: \(root)/co, version: feature}}"),
        ("b2", "{git: {repo: \(upstream), dest: \(root)/co, version: main}, check_mode: true, diff: true}"),
        ("s0", "{git: {repo: \(upstream), dest: \(root)/co, version: \(two)}}"),
        ("s1", "{git: {repo: \(upstream), dest: \(root)/co, version: \(two)}}"),
        ("d0", "{git: {repo: \(upstream), dest: \(root)/shallow, depth: 1}}"),
        ("d1", "{git: {repo: \(upstream), dest: \(root)/shallow, depth: 1, version: feature}}"),
        ("d2", "{git: {repo: \(upstream), dest: \(root)/shallow2, depth: 1, version: v1}}"),
        ("d3", "{git: {repo: \(upstream), dest: \(root)/shallow3, depth: 1, version: \(two)}}"),
        ("a0", "{git: {repo: \(upstream), dest: \(root)/bare.git, bare: true}}"),
        ("a1", "{git: {repo: \(upstream), dest: \(root)/bare.git, bare: true}}"),
        ("n0", "{git: {repo: \(upstream), clone: false}}"),
        ("n1", "{git: {repo: \(upstream), dest: \(root)/none, clone: false, version: feature}}"),
        ("n2", "{git: {repo: \(upstream), dest: \(root)/none, clone: false, version: v2}, diff: true}"),
        ("p0", "{git: {repo: \(upstream), dest: \(root)/co, update: false, version: main}}"),
        ("modify", "shell: \"echo local >> \(root)/co/file.txt && touch \(root)/co/untracked\""),
        ("m0", "{git: {repo: \(upstream), dest: \(root)/co, version: main}, ignore_errors: true}"),
        ("m1", "{git: {repo: \(upstream), dest: \(root)/co, version: main, force: true}, check_mode: true}"),
        ("m2", "{git: {repo: \(upstream), dest: \(root)/co, version: main, force: true}, diff: true}"),
        ("x0", "{git: {repo: \(upstream), dest: \(root)/plain}, ignore_errors: true}"),
        ("v0", "{git: {repo: \(upstream), dest: \(root)/co, version: nosuch}, ignore_errors: true}"),
        ("v1", "{git: {repo: \(upstream), dest: \(root)/fresh, version: nosuch}, ignore_errors: true}"),
        ("v2", "{git: {repo: \(upstream), dest: \(root)/co}, check_mode: true}"),
        ("r0", "{git: {repo: \(root)/other.git, dest: \(root)/co}, check_mode: true}"),
        ("r1", "{git: {repo: \(root)/other.git, dest: \(root)/co}}"),
        ("r2", "{git: {repo: \(root)/other.git, dest: \(root)/co}}"),
        ("f0", "{git: {repo: \(upstream), dest: \(root)/co, refspec: refs/heads/feature, version: main}}"),
        ("f1", "{git: {repo: \(upstream), dest: \(root)/sb, single_branch: true, version: feature, remote: up}}"),
        ("e0", "{git: {repo: \(upstream), dest: \(root)/e0, executable: /nonexistent/git}, ignore_errors: true}"),
        ("k0", "{git: {repo: \(upstream), dest: \(root)/k0, umask: '0027'}}"),
        ("k1", "{git: {repo: \(upstream), dest: \(root)/k1, umask: 27}, ignore_errors: true}"),
        ("k2", "{git: {repo: \(upstream), dest: \(root)/k2, umask: '9x'}, ignore_errors: true}"),
        ("h0", "{git: {repo: 'ssh://git@127.0.0.1:1/x.git', dest: \(root)/ssh, accept_hostkey: true, key_file: /nonexistent/key, ssh_opts: '-o ConnectTimeout=2'}, ignore_errors: true}"),
        ("h1", "{git: {repo: 'ssh://git@127.0.0.1:1/x.git', dest: \(root)/ssh, accept_newhostkey: true}, ignore_errors: true}"),
        ("g0", "{git: {repo: \(root)/super.git, dest: \(root)/super-co}, ignore_errors: true}"),
        ("g1", "{git: {repo: \(root)/super.git, dest: \(root)/super-co2, recursive: false}}"),
        ("w0", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.tar.gz}}"),
        ("w1", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.tar.gz}}"),
        ("w2", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.zip, archive_prefix: co/, update: false}}"),
        ("w3", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.zip, archive_prefix: co/, update: false}, check_mode: true}"),
        ("w4", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.rar}, ignore_errors: true}"),
        ("w5", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.tar, version: v1}, diff: true}"),
        ("w6", "{git: {repo: \(upstream), dest: \(root)/co, archive: \(root)/co.tar, version: feature}}"),
        ("j0", "{git: {repo: \(upstream), dest: \(root)/sep, separate_git_dir: \(root)/sep-git}}"),
        ("j1", "{git: {repo: \(upstream), dest: \(root)/sep, separate_git_dir: \(root)/sep-git}}"),
        ("j2", "{git: {repo: \(upstream), dest: \(root)/sep, separate_git_dir: \(root)/sep-git2}, check_mode: true}"),
        ("j3", "{git: {repo: \(upstream), dest: \(root)/sep, separate_git_dir: \(root)/sep-git2}}"),
        ("j4", "{git: {repo: \(upstream), dest: \(root)/sep, separate_git_dir: \(root)/sep-git2}}"),
        ("j5", "{git: {repo: \(upstream), dest: \(root)/shallow, separate_git_dir: \(root)/plain}, ignore_errors: true}"),
        ("j6", "{git: {repo: \(upstream), dest: \(root)/co, separate_git_dir: \(root)/co-git, update: false}}"),
        ("y0", "{git: {repo: \(upstream), dest: \(root)/vc, version: main, verify_commit: true}, ignore_errors: true}"),
        ("y1", "{git: {repo: \(upstream), dest: \(root)/vc2, version: v2, verify_commit: true, gpg_allowlist: [ABCD]}, ignore_errors: true}"),
        ("y2", "{git: {repo: \(upstream), dest: \(root)/vs, version: signed}}"),
        ("y3", "{git: {repo: \(upstream), dest: \(root)/vs, version: signed, verify_commit: true}, \(gnupg)}"),
        ("y4", "{git: {repo: \(upstream), dest: \(root)/vs, version: stag, verify_commit: true, gpg_allowlist: [\(fingerprint)]}, \(gnupg)}"),
        ("y5", "{git: {repo: \(upstream), dest: \(root)/vs, version: signed, verify_commit: true, gpg_allowlist: [NOPE]}, \(gnupg), ignore_errors: true}"),
        ("hide", "shell: mv /usr/bin/git /usr/bin/git.hidden"),
        ("z0", "{git: {repo: \(upstream), dest: \(root)/co}, ignore_errors: true}"),
        ("unhide", "shell: mv /usr/bin/git.hidden /usr/bin/git"),
    ]

    /// Shell tasks that prepare the hosts, not compared.
    static let unregistered: Set<String> = ["repositories", "commit", "modify", "hide", "unhide"]

    static let installGit = """
        apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git gnupg >/dev/null 2>&1
        rm -rf /srv/gnupg; mkdir -p -m 700 /srv/gnupg
        GNUPGHOME=/srv/gnupg gpg --batch --import 2>/dev/null <<'KEY'
        \((try? String(contentsOfFile: signingKey, encoding: .utf8)) ?? "")KEY
        command -v git
        """

    static var playbook: String { OracleSideBySide.registeringPlaybook(tasks, unregistered: unregistered) }


    /// ansible-playbook's output with the host named `HOST`, without the interpreter warning
    /// only ansible-core's Python earns; warnings apart and sorted (Swansible's standard error,
    /// where they go, comes after its standard output).
    static func printed(_ output: String, host: String) -> (text: String, warnings: [String]) {
        let lines = output.replacingOccurrences(of: host, with: "HOST").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("[WARNING]: Host '") && !$0.hasPrefix("[WARNING]: Deprecation warnings can be disabled") }
        let warnings = lines.filter { $0.hasPrefix("[WARNING]: ") }.map(String.init).sorted()
        return (lines.filter { !$0.hasPrefix("[WARNING]: ") }.joined(separator: "\n"), warnings)
    }

    @Test func resultsAndOutputMatchAnsibleCore() async throws {
        let hosts = try ClusterScope.cluster()
        try await withThrowingTaskGroup(of: String.self) { group in
            for host in ["ora-01", "swa-01"] { group.addTask { try await PlaybookIntegrationTests.shell(hosts, host, Self.installGit) } }
            try await group.waitForAll()
        }
        let (cluster, oracleOutput, ours) = try await OracleSideBySide.run(Self.playbook, named: "git-oracle", concurrently: true)
        #expect(ours.code == 0, "\(ours.output)")
        #expect(oracleOutput.contains("failed=0"), "\(oracleOutput)")
        let (myText, myWarnings) = Self.printed(ours.output, host: "swa-01")
        let (theirText, theirWarnings) = Self.printed(oracleOutput, host: "ora-01")
        #expect(myText == theirText && myWarnings == theirWarnings, "swansible:\n\(ours.output)\nansible-core:\n\(oracleOutput)")
        #expect(theirWarnings.contains { $0.contains("Ignoring depth argument") }, "\(theirWarnings)")

        func results(_ host: String) async throws -> ValueDict {
            let text = try await PlaybookIntegrationTests.shell(cluster, host, "cat /tmp/results.json")
            return try Value(jsonText: text.replacingOccurrences(of: host, with: "HOST")).dictValue ?? [:]
        }
        let theirs = try await results("ora-01"), mine = try await results("swa-01")
        #expect(theirs.count == Self.tasks.count - Self.unregistered.count, "\(oracleOutput)")
        // The cases the suite is about, as ansible-core reports them.
        #expect(theirs["y4"]?.dictValue?["failed"] == .bool(false) && theirs["y5"]?.dictValue?["msg"]?.stringValue?.contains(Self.fingerprint) == true)
        #expect(theirs["c2"]?.dictValue?["changed"] == .bool(false) && theirs["u1"]?.dictValue?["changed"] == .bool(true))
        #expect(theirs["m0"]?.dictValue?["msg"]?.stringValue == "Local modifications exist in the destination: \(Self.root)/co (force=no).")
        #expect(theirs["z0"]?.dictValue?["msg"]?.stringValue?.hasPrefix("Failed to find required executable \"git\"") == true)
        // The archives and the moved git directory the module leaves are the same on both hosts.
        let look = "cd \(Self.root) && sha256sum co.tar.gz co.zip co.tar && tar -tzf co.tar.gz | sort && cat sep/.git co/.git && ls sep-git2 co-git | head -3"
        let theirFiles = try await PlaybookIntegrationTests.shell(cluster, "ora-01", look)
        #expect(try await PlaybookIntegrationTests.shell(cluster, "swa-01", look) == theirFiles && theirFiles.contains("co.zip"), "\(theirFiles)")
        OracleSideBySide.expectSameResults(theirs, mine)
    }
}
