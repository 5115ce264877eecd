import Foundation

/// `swansible role init NAME` (ansible-galaxy's `role init`): a new role's directories and
/// files, with argument specs and a molecule scenario that `swansible test role NAME` passes
/// as it stands. The role's one task makes a directory, so converge, idempotence and verify
/// all check something real from the first run.
public struct RoleSkeleton: Sendable {
    public var name: String
    /// Where the role directory goes (`--init-path`).
    public var parent: String
    public var force = false

    public init(name: String, parent: String, force: Bool = false) {
        self.name = name
        self.parent = parent
        self.force = force
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public var directory: String { (parent as NSString).appendingPathComponent(name) }

    /// The variable prefix: the role's name as an identifier (`acme-web` → `acme_web`).
    var prefix: String {
        let short = name.split(separator: ".").last.map(String.init) ?? name
        return String(short.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Writes the files; refuses an existing directory unless `force` (which rewrites the
    /// skeleton's files and keeps the others).
    public func create() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory) && !force {
            throw Failure(description: """
                - the directory \(directory) already exists. You can use --force to re-initialize this directory,
                however it will reset any main.yml files that may have
                been modified there already.
                """)
        }
        for (path, text) in files {
            let full = directory + "/" + path
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    /// Relative path → content.
    var files: [(String, String)] {
        let p = prefix
        return [
            ("README.md", """
                # \(name)

                What the role does, in a sentence or two.

                ## Variables

                | Variable | Default | Meaning |
                |---|---|---|
                | `\(p)_directory` | `/etc/\(p)` | The directory the role manages. |

                ## Testing

                    swansible test role \(name)

                runs its molecule scenario (`molecule/default`): a CoreOS-like container is created,
                the role applied twice (the second run must change nothing), verify.yml checked, and
                the container removed.

                """),
            ("defaults/main.yml", """
                # The variables a user of \(name) may set (meta/argument_specs.yml describes them).
                \(p)_directory: /etc/\(p)

                """),
            ("vars/main.yml", "# Values the role needs that users should not change.\n{}\n"),
            ("handlers/main.yml", "# Handlers of \(name), notified by name from its tasks.\n[]\n"),
            ("tasks/main.yml", """
                # Tasks of \(name).
                - name: Create the directory of \(name)
                  file:
                    path: "{{ \(p)_directory }}"
                    state: directory
                    mode: "0755"

                """),
            ("meta/main.yml", """
                galaxy_info:
                  role_name: \(p)
                  author: your name
                  description: What the role does.
                  license: MIT
                  min_ansible_version: "2.9"
                  platforms:
                    - name: Debian
                      versions: [all]
                  galaxy_tags: []
                dependencies: []

                """),
            ("meta/argument_specs.yml", """
                argument_specs:
                  main:
                    short_description: What the role does.
                    options:
                      \(p)_directory:
                        type: path
                        default: /etc/\(p)
                        description: The directory the role manages.

                """),
            ("molecule/default/molecule.yml", """
                # swansible test role \(name): one CoreOS-like instance (systemd, sshd, no Python).
                dependency:
                  name: galaxy
                driver:
                  name: docker
                platforms:
                  - name: instance
                provisioner:
                  name: ansible
                verifier:
                  name: ansible

                """),
            ("molecule/default/converge.yml", """
                - name: Converge
                  hosts: all
                  tasks:
                    - name: Apply \(name)
                      include_role:
                        name: \(name)

                """),
            ("molecule/default/verify.yml", """
                - name: Verify
                  hosts: all
                  gather_facts: false
                  vars:
                    \(p)_directory: /etc/\(p)
                  tasks:
                    - name: Look at the directory the role manages
                      stat:
                        path: "{{ \(p)_directory }}"
                      register: managed

                    - name: It exists and is a directory
                      assert:
                        that:
                          - managed.stat.exists
                          - managed.stat.isdir

                """),
        ]
    }
}
