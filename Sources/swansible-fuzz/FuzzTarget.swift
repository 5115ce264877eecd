import Foundation
import Jinja
import Swansible
import SwansibleYAML

/// One parser under fuzzing: how to run an input through it, the tokens worth inserting, and
/// seeds that work without a corpus.
///
/// `run` may throw whatever the parser throws for bad input (that is a refusal, not a finding);
/// a finding is a trap, a hang or memory beyond the budget, which the fuzzer's process dies of.
struct FuzzTarget: Sendable {
    var name: String
    /// File name endings of corpus files whose whole text is a seed.
    var seedExtensions: [String]
    var tokens: [String]
    var builtinSeeds: [String]
    var run: @Sendable (String) throws -> Void

    static let all: [FuzzTarget] = [yaml, ini, jinja, config]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    static let yaml = FuzzTarget(
        name: "yaml", seedExtensions: [".yml", ".yaml"],
        tokens: ["&a ", "*a", "<<: ", "!!str ", "!unsafe ", "!vault |", "- ", ": ", "? ", "{", "}", "[", "]", ",", "\n", "  ",
                 "|-\n", ">\n", "'", "\"", "#", "---\n", "...\n", "%YAML 1.1\n", "0o17", "0x1F", "1e3", "~", "yes", "<<"],
        builtinSeeds: [
            "- hosts: all\n  vars:\n    a: &a [x, x]\n    b: &b [*a, *a]\n    m: &m {k: v}\n    n: {<<: [*m, *m], j: 1}\n  tasks:\n    - debug: var=b\n",
            "a: !unsafe &u ['{{ x }}', *u]\n",
        ],
        run: { text in
            for node in try YAMLLoader.loadDocuments(text, file: "fuzz.yml", onWarning: { _ in }) {
                _ = node.value
                _ = node.replacingVault { _ in .string("plain") }
            }
            // the same text as a playbook: the loader walks the nodes (plays, roles, blocks, tasks)
            _ = try playbookLoader(serving: text).load(path: FuzzPlaybookFile.path)
        })

    /// A playbook loader that reads `text` as `FuzzPlaybookFile.path` and finds no other file.
    static func playbookLoader(serving text: String) -> PlaybookLoader {
        PlaybookLoader(actions: ModuleRegistry(), readYAML: { path in
            guard path == FuzzPlaybookFile.path else { throw FuzzFileNotFound(path: path) }
            return try YAMLLoader.loadNode(text, file: path)
        })
    }

    struct FuzzFileNotFound: Error {
        var path: String
    }

    static let ini = FuzzTarget(
        name: "ini", seedExtensions: [".ini", ".hosts"],
        tokens: ["[", "]", ":vars]", ":children]", "=", " ", "\n", "#", ";", "[0:9]", "[a:z]", "[01:10:2]", "'", "\"",
                 "ansible_host=", "{", "}", "(", ")", "True", "[1, 2]", "\\"],
        builtinSeeds: [
            "alone ansible_host=10.0.0.1\n[web]\nw[01:03].example.com ansible_port=2222 note='a b'\n[db]\ndb1\n[prod:children]\nweb\ndb\n[prod:vars]\nx = [1, 2]\ny = {'k': True}\n",
        ],
        run: { text in try Inventory.parseINIText(text, path: "/fuzz/hosts") })

    static let config = FuzzTarget(
        name: "config", seedExtensions: [".cfg"],
        tokens: ["[defaults]\n", "[ssh_connection]\n", "[privilege_escalation]\n", " = ", ": ", "\n", "  ", "#", ";", " ;",
                 "forks", "timeout", "True", "-1", "99999999999999999999", "~/", "$HOME", "%(x)s", ",", ":"],
        builtinSeeds: [
            "[defaults]\ninventory = ./hosts\nforks = 10\ntimeout = 30\nhost_key_checking = False\nroles_path = roles:~/.ansible/roles\n[ssh_connection]\npipelining = True\nssh_args = -o ControlMaster=auto\n  -o ControlPersist=60s\n",
        ],
        run: { text in _ = try AnsibleConfig.parsing(text, path: "/fuzz/ansible.cfg") })

    static let jinja = FuzzTarget(
        name: "jinja", seedExtensions: [".j2"],
        tokens: ["{{", "}}", "{%", "%}", "{#", "#}", "|", "~", "*", "**", "+", "(", ")", "[", "]", "'", "9", "10", "range(",
                 "for x in ", "endfor", "if ", "endif", "set ", "macro ", "endmacro", "namespace(", "loop.", "join",
                 "center(", "format(", "replace(", "to_json", "from_yaml", "items", "map(", "selectattr(", "big", "words", "n",
                 "'%c' % ", "'%d' % ", "'{:x}'.format(", "| abs", "//", " % ", "[::", "[1:", "-9223372036854775807 - 1",
                 "| int", "| float", "| round(", "| batch(", "| slice(", "| wordwrap(", "| truncate(", "| indent(",
                 "| ipaddr", "| nthhost(", "| ipmath(", "'10.0.0.0/8'", "| human_to_bytes", "| human_readable",
                 "| regex_replace(", "| random(", "| to_datetime", "| strftime(", "| hash(", "| b64decode", "| splitext"],
        builtinSeeds: [
            "{% for w in words %}{{ loop.index }}={{ w | upper }}{% if not loop.last %}, {% endif %}{% endfor %}",
            "{% set ns = namespace(s='ab') %}{% for i in range(3) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
            "{{ big | to_json }} {{ ('x' * n) | center(20) }} {{ '%5s|%-3d' % ('a', n) }} {{ '{:>8}'.format(n) }}",
        ],
        run: { text in
            guard !touchesTheMachine(text) else { return }
            _ = try fuzzTemplar.template(.string(text))
        })

    /// A template that could reach outside the process (lookups write password files and read
    /// files; includes read files): the fuzzer runs parsers and the engine, not plugins.
    static func touchesTheMachine(_ template: String) -> Bool {
        ["lookup", "query", "q(", "include", "import", "extends", "now("].contains { template.contains($0) }
    }

    /// The variables templates under fuzzing can use.
    static let fuzzTemplar: AnsibleTemplar = {
        let variables: ValueDict = [
            "n": 3, "words": ["alpha", "beta", "gamma"], "big": .list(Array(repeating: .list(["x", 1, true]), count: 50)),
            "d": ["k": "v", "nested": ["a": [1, 2]]], "s": "text with {{ n }}",
        ]
        return AnsibleTemplar(variables: StaticTemplateVariables(variables), options: TemplarOptions(allowPipeLookup: false))
    }()
}
