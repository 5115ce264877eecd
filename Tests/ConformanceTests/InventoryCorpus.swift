@testable import Swansible

/// One inventory on disk (relative paths → text), the `-i` sources and the patterns to try.
struct InventoryScenario {
    var name: String
    var files: [String: String]
    var sources: [String]
    var patterns: [String]
    var extraHosts: [String] = []
    var playbookDirectory: String?
    /// (pattern, --limit) pairs.
    var limits: [(String, String)] = []

    var json: Value {
        var d: ValueDict = [
            "files": .dict(ValueDict(uniqueKeysWithValues: files.map { ($0.key, Value.string($0.value)) })),
            "sources": .list(sources.map(Value.string)),
            "patterns": .list(patterns.map(Value.string)),
            "extra_hosts": .list(extraHosts.map(Value.string)),
        ]
        if let playbookDirectory { d["playbook_dir"] = .string(playbookDirectory) }
        d["limits"] = .list(limits.map { [.string($0.0), .string($0.1)] })
        return .dict(d)
    }

    /// Its key in an answer file: the name, with a digest of the whole scenario.
    var answerKey: AnswerKey { AnswerKey(key: name, input: InputDigest.of(json.jsonText(sortKeys: true))) }
}

enum InventoryCorpus {
    static let commonPatterns = [
        "all", "*", "ungrouped", "web", "web:db", "web,db", "web:&prod", "prod:!web", "web:!w2", "w*", "~w\\d+", "~(db|w)",
        "web[0]", "web[-1]", "web[0:1]", "web[1:]", "web[5]", "web[2:0]", "nosuch", "localhost", "!web", "&web",
        "h1:w1", "db*:web", "web:&db", "all:!prod", "w[12]", "web[0:0]", "prod[1:2]",
    ]

    static let scenarios: [InventoryScenario] = [
        InventoryScenario(name: "ini", files: ["hosts.ini": """
            # a comment
            ; another
            h1 a=1 b="two words" c='[1, 2]' d=yes e=0600 f=1e3 g=True h=None i="{'k': 'v', 1: 2}" j=x#cut k=rest
            h2:2201 ansible_host=10.0.0.2 s="'quoted'" n=-5 fl=1.5 t=(1,2) u=0x1F v=1_000 w="a\\"b"

            [web]
            w[1:3] ansible_port=2222
            db-[a:c]:2200

            [web:vars]
            gv=1
            gs = "quoted"
            gx = a, b
            gl = [1, 'two', {'three': 3}]
            gb = False
            gy = yes # not a comment for literal_eval
            gz = 1 # but this is

            [prod:children]
            web
            db
            [db]
            d1
            d2 dbvar=x
            [db:vars]
            shared=from_db
            [web:vars]
            shared=from_web
            [all:vars]
            av=all
            shared=from_all
            [ungrouped]
            h3
            """], sources: ["hosts.ini"], patterns: commonPatterns, extraHosts: ["localhost"],
            limits: [("all", "web"), ("all", "d*:h1"), ("web", "!w1"), ("prod", "db,w2"), ("all", "localhost"), ("localhost", "localhost"),
                     ("web", "nosuch"), ("all", "web[0]"), ("web:db", "&prod")]),

        InventoryScenario(name: "yaml", files: ["inv.yml": """
            all:
              vars:
                av: all
                shared: from_all
              hosts:
                top1:
                  tv: 1
              children:
                web:
                  hosts:
                    w1:
                      ansible_host: 10.0.0.1
                    w2:
                    w[3:4]:
                    'w5:2222':
                  vars:
                    shared: from_web
                    nested: {a: [1, 2], b: yes}
                prod:
                  children:
                    web:
                    db:
                      hosts:
                        d1: {dbv: 0600}
                        h1:
                  vars:
                    shared: from_prod
                    ansible_group_priority: 10
                other:
                  hosts: h1
            late:
              hosts:
                w1:
                  late: true
            """], sources: ["inv.yml"], patterns: commonPatterns + ["late", "other:&db"]),

        InventoryScenario(name: "directory with group_vars and host_vars", files: [
            "inv/01-hosts.ini": "h1\n[web]\nw1\nw2\n[db]\nd1\n[prod:children]\nweb\ndb\n[web:vars]\nlevel=ini_group\nini_only=1\n[all:vars]\nlevel=ini_all\n",
            "inv/02-more.yaml": "db:\n  hosts:\n    d2:\n      level: yaml_host\n",
            "inv/README.md": "not an inventory\n",
            "inv/old.retry": "w9\n",
            "inv/.hidden": "w8\n",
            "inv/group_vars/all.yml": "level: gv_all\nall_file: 1\n",
            "inv/group_vars/web/10-main.yml": "level: gv_web\nweb_dir: [1]\n",
            "inv/group_vars/web/20-more.yaml": "web_dir: [2]\n",
            "inv/group_vars/web/ignored.txt": "web_dir: [3]\n",
            "inv/group_vars/web/sub/deep.json": "{\"deep\": true}\n",
            "inv/group_vars/db": "level: gv_db\n",
            "inv/group_vars/prod.yml": "level: gv_prod\nprod_file: yes\n",
            "inv/host_vars/w1.yml": "level: hv_w1\n",
            "inv/host_vars/d1.json": "{\"level\": \"hv_d1\", \"n\": 1}\n",
            "play/group_vars/all.yml": "play_all: 1\nall_file: 2\n",
            "play/group_vars/web.yml": "level: play_web\n",
            "play/host_vars/w2.yml": "level: play_w2\n",
        ], sources: ["inv"], patterns: ["all", "web", "prod", "db", "d*"], extraHosts: ["localhost"], playbookDirectory: "play"),

        // Not "127.0.0.1" after "localhost": ansible names its one implicit localhost after the first alias asked for.
        InventoryScenario(name: "comma list and localhost", files: [:], sources: ["a,b:2222,c.example.com, ,10.1.2.3:99,"],
                          patterns: ["all", "a:c*", "localhost", "b", "*.example.com", "10.1.2.3"], extraHosts: ["localhost"]),

        InventoryScenario(name: "several sources", files: [
            "one/hosts": "[web]\nw1 src=one\n[one:children]\nweb\n",
            "one/group_vars/web.yml": "from_one: 1\nsame: one\n",
            "two/hosts.yml": "web:\n  hosts:\n    w2:\n    w1:\n      src: two\n",
            "two/group_vars/web.yml": "from_two: 2\nsame: two\n",
        ], sources: ["one/hosts", "two/hosts.yml"], patterns: ["all", "web", "one", "web[1]"]),

        InventoryScenario(name: "script", files: [
            "inv.sh": """
                #!/bin/sh
                if [ "$1" = "--list" ]; then
                cat <<'JSON'
                {"web": {"hosts": ["w1", "w2"], "vars": {"g": 1}, "children": ["db"]},
                 "db": ["d1"],
                 "_meta": {"hostvars": {"w1": {"h": "x"}, "d1": {"h": "y"}}}}
                JSON
                fi
                """,
        ], sources: ["inv.sh"], patterns: ["all", "web", "db"]),

        InventoryScenario(name: "addresses and names", files: ["hosts": """
            10.0.0.1
            10.0.0.2:2222
            [web]
            10.0.1.[1:3]
            web
            app.example.com
            [fe80::1]:2200 v6=yes
            [db]
            db01.example.com
            """], sources: ["hosts"], patterns: ["all", "10.0.*", "web", "*.example.com", "~10\\.0\\.1\\.[12]", "app*", "web:!10.0.1.2",
                                                 "db01.example.com", "web[2:3]", "fe80::1", "~.*\\.com$"]),

        InventoryScenario(name: "tricky host lines", files: ["hosts": #"""
            host1 ansible_ssh_common_args='-o ProxyCommand="ssh -W %h:%p bastion"'
            host2 list="[1, 2]" dict='{"a": 1}' tup="(1,)"
            host3 x="a b" y='c d' z=e\ f
            host4 empty= other="" q="''"
            host5 u=ünï n=1.0e2 neg=-0.5
            host6 path=/etc/x # comment=ignored
            host7    spaced=1
            [g]
            host1
            [g:vars]
            json = {"a": [1, 2]}
            str = 'x' # comment
            multi = a=b
            spaces   =   padded value
            tf = false
            n = None
            """#], sources: ["hosts"], patterns: ["all", "g", "host[1-3]", "host?"]),

        InventoryScenario(name: "deep groups and priorities", files: ["hosts": """
            [a]
            h1
            [b]
            h1
            [c]
            h2
            [top:children]
            mid
            [mid:children]
            a
            [a:vars]
            v=a
            p=a
            [b:vars]
            v=b
            p=b
            ansible_group_priority=0
            [mid:vars]
            v=mid
            [top:vars]
            v=top
            """], sources: ["hosts"], patterns: ["all", "top", "mid:&b", "a,b,c", "top:!a"]),
    ]
}
