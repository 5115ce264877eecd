import Foundation
import SwansibleTestSupport
import Testing
@testable import Swansible
import SwansibleYAML

@Suite struct InventoryTests {
    /// Writes `files` under a fresh directory and loads `sources` (relative to it).
    func load(_ files: [String: String], sources: [String], warnings: UnsafeMutablePointer<[String]>? = nil) throws -> (Inventory, ConfigTestDirectory) {
        let dir = try ConfigTestDirectory()
        for (path, text) in files { try dir.write(path, text) }
        var collected: [String] = []
        let inventory = try Inventory.load(sources: sources.map { $0.contains(",") ? $0 : dir.path + "/" + $0 }) { collected.append($0) }
        warnings?.pointee = collected
        return (inventory, dir)
    }

    /// Like ansible-core (checked with `ansible all -i '10.1.2.3,' -m debug -a var=inventory_hostname_short`),
    /// an address keeps its dots in `inventory_hostname_short`; a name is cut at the first one.
    @Test func shortHostNameKeepsAddressesWhole() throws {
        let inv = try Inventory.load(sources: ["10.1.2.3,web.example.com,"])
        #expect(inv.magicVariables(for: "10.1.2.3")["inventory_hostname_short"] == "10.1.2.3")
        #expect(inv.magicVariables(for: "web.example.com")["inventory_hostname_short"] == "web")
        #expect(inv.magicVariables(for: "web.example.com")["group_names"] == ["ungrouped"])
    }

    @Test func iniGroupsChildrenAndVars() throws {
        let (inv, dir) = try load(["hosts": """
            loose
            [web]
            w1 ansible_host=10.0.0.1 port=80
            w2
            [db]
            d1
            [prod:children]
            web
            db
            [prod:vars]
            env=production
            """], sources: ["hosts"])
        defer { dir.cleanup() }
        #expect(inv.hostNames == ["loose", "w1", "w2", "d1"])
        #expect(inv.groupsVariable["prod"] == ["w1", "w2", "d1"])
        #expect(inv.groupsVariable["ungrouped"] == ["loose"])
        #expect(inv.groupNames(of: "w1") == ["prod", "web"])
        #expect(inv.groupNames(of: "loose") == ["ungrouped"])
        let vars = try inv.variables(for: "w1", playbookDirectory: nil)
        #expect(vars["ansible_host"] == "10.0.0.1")
        #expect(vars["port"] == 80)
        #expect(vars["env"] == "production")
        #expect(vars["inventory_file"] == .string(dir.path + "/hosts"))
        #expect(vars["inventory_dir"] == .string(dir.path))
    }

    @Test func hostRangesAndPorts() throws {
        let (inv, dir) = try load(["hosts": "[web]\nweb[01:03]:2222\ndb-[a:c]\nn[0:6:3]\n"], sources: ["hosts"])
        defer { dir.cleanup() }
        #expect(inv.hostNames == ["web01", "web02", "web03", "db-a", "db-b", "db-c", "n0", "n3", "n6"])
        #expect(try inv.variables(for: "web02", playbookDirectory: nil)["ansible_port"] == 2222)
    }

    @Test func iniErrorsNameFileAndLine() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("bad.ini", "[web]\nw1\n[web:vars]\nnot an assignment\n")
        var warnings: [String] = []
        _ = try Inventory.load(sources: [path]) { warnings.append($0) }
        #expect(warnings.contains { $0.contains("\(path):4: Expected key=value, got: not an assignment") })
        #expect(warnings.suffix(2) == ["Unable to parse \(path) as an inventory source",
                                       "No inventory was parsed, only implicit localhost is available"])
        #expect(throws: InventoryError.self) {
            var parser = INIInventoryParser(path: "x.ini", directory: nil, graph: InventoryGraph())
            try parser.parse("[a:children]\nmissing\n")
        }
    }

    @Test func childrenMayBeDeclaredBeforeTheirGroup() throws {
        let (inv, dir) = try load(["hosts": "[all_servers:children]\nweb\n[web]\nw1\n"], sources: ["hosts"])
        defer { dir.cleanup() }
        #expect(inv.groupsVariable["all_servers"] == ["w1"])
    }

    @Test func cyclesAreRefused() throws {
        var graph = InventoryGraph()
        graph.addGroup("a"); graph.addGroup("b")
        try graph.addChild("b", to: "a")
        #expect(throws: InventoryError.self) { try graph.addChild("a", to: "b") }
    }

    @Test func yamlInventoryWithNestedChildren() throws {
        let (inv, dir) = try load(["inv.yml": """
            all:
              children:
                web:
                  hosts:
                    w1: {http_port: 80}
                    w2:
                  vars: {tier: front}
                prod:
                  children:
                    web:
            """], sources: ["inv.yml"])
        defer { dir.cleanup() }
        #expect(inv.hostNames == ["w1", "w2"])
        #expect(inv.groupNames(of: "w2") == ["prod", "web"])
        let vars = try inv.variables(for: "w1", playbookDirectory: nil)
        #expect(vars["http_port"] == 80 && vars["tier"] == "front")
    }

    @Test func directorySourceWithGroupAndHostVars() throws {
        let (inv, dir) = try load([
            "inv/hosts": "[web]\nw1\n",
            "inv/notes.md": "w9\n",
            "inv/group_vars/all/a.yml": "x: all\nonly_all: 1\n",
            "inv/group_vars/web.yml": "x: web\n",
            "inv/host_vars/w1": "x: host\n",
            "play/group_vars/web.yaml": "x: play_web\nplay: 1\n",
        ], sources: ["inv"])
        defer { dir.cleanup() }
        #expect(inv.hostNames == ["w1"])
        #expect(try inv.variables(for: "w1", playbookDirectory: nil)["x"] == "host")
        let withPlay = try inv.variables(for: "w1", playbookDirectory: dir.path + "/play")
        #expect(withPlay["x"] == "host" && withPlay["play"] == 1 && withPlay["only_all"] == 1)
    }

    @Test func groupVarsPrecedenceFollowsAnsible() throws {
        let (inv, dir) = try load([
            "inv/hosts": "[web]\nw1\n[web:vars]\nx=ini_group\ny=ini_group\n[all:vars]\nz=ini_all\n",
            "inv/group_vars/all.yml": "x: gv_all\ny: gv_all\nz: gv_all\n",
        ], sources: ["inv/hosts"])
        defer { dir.cleanup() }
        let vars = try inv.variables(for: "w1", playbookDirectory: nil)
        // inventory group_vars/all beat every inventory-file group var
        #expect(vars["x"] == "gv_all" && vars["y"] == "gv_all" && vars["z"] == "gv_all")
    }

    @Test func commaListAndImplicitLocalhost() throws {
        let inv = try Inventory.load(sources: ["a,b:2222,"])
        #expect(inv.hostNames == ["a", "b"])
        #expect(try inv.variables(for: "b", playbookDirectory: nil)["ansible_port"] == 2222)
        #expect(try inv.hosts(matching: "localhost") == ["localhost"])
        #expect(try inv.hosts(matching: "all") == ["a", "b"])
        #expect(try inv.variables(for: "localhost", playbookDirectory: nil)["ansible_connection"] == "local")
        #expect(inv.groupNames(of: "localhost") == [])
        #expect(throws: InventoryError.self) { try inv.variables(for: "nope", playbookDirectory: nil) }
    }

    @Test func noSourceWarnsOnlyLocalhost() throws {
        var warnings: [String] = []
        let inv = try Inventory.load(sources: ["/nonexistent/inventory"]) { warnings.append($0) }
        #expect(inv.hostNames.isEmpty)
        #expect(warnings == ["Unable to parse /nonexistent/inventory as an inventory source",
                             "No inventory was parsed, only implicit localhost is available"])
    }

    @Test func dashedGroupNamesWarnOnce() throws {
        var warnings: [String] = []
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("hosts", "[web-servers]\nw1\n[db-servers]\nd1\n")
        let inv = try Inventory.load(sources: [path]) { warnings.append($0) }
        #expect(inv.groupsVariable["web-servers"] == ["w1"])
        #expect(warnings == ["Invalid characters were found in group names but not replaced, use -vvvv to see details"])
    }

    @Test func addressesAndRanges() throws {
        #expect(InventoryAddress.parse("host:22", allowRanges: false)?.port == 22)
        #expect(InventoryAddress.parse("[fe80::1]:2222", allowRanges: false).map { "\($0.host) \($0.port ?? 0)" } == "fe80::1 2222")
        #expect(InventoryAddress.parse("fe80::1", allowRanges: false)?.port == nil)
        #expect(InventoryAddress.parse("a@b:22", allowRanges: true) == nil)
        #expect(InventoryAddress.parse("10.0.0.[1:3]:22", allowRanges: true)?.host == "10.0.0.[1:3]")
        #expect(!InventoryAddress.isHostname("bad-"))
        #expect(try InventoryAddress.expandRanges("n[08:10]") == ["n08", "n09", "n10"])
        #expect(try InventoryAddress.expandRanges("[a:c][1:2]") == ["a1", "a2", "b1", "b2", "c1", "c2"])
        #expect(throws: InventoryError.self) { try InventoryAddress.expandRanges("n[01:100]") }
    }

    @Test func pythonLiteralValues() {
        #expect(INIInventoryParser.value("1") == 1)
        #expect(INIInventoryParser.value("0600") == "0600")
        #expect(INIInventoryParser.value("yes") == "yes")
        #expect(INIInventoryParser.value("True") == true)
        #expect(INIInventoryParser.value("[1, 'a']") == [1, "a"])
        #expect(INIInventoryParser.value("{'k': (1, 2)}") == ["k": [1, 2]])
        #expect(INIInventoryParser.value("1+2") == "1+2")
        #expect(INIInventoryParser.value("'a' 'b'") == "ab")
        // Beyond 64 bits Python has an int; we keep the digits as text (they render the same).
        #expect(INIInventoryParser.value("123456789012345678901234567890") == "123456789012345678901234567890")
    }
}

@Suite struct InventoryChangeTests {
    func base() throws -> Inventory {
        try Inventory.load(sources: ["w1,w2,d1,"])
    }

    @Test func addHostCreatesHostGroupsAndVars() throws {
        var inv = try base()
        #expect(try inv.addDynamicHost("new", groups: ["added", "web"], variables: ["ansible_host": "10.0.0.9"]))
        #expect(inv.hostNames.contains("new"))
        #expect(inv.groupsVariable["added"] == ["new"])
        #expect(inv.groupNames(of: "new") == ["added", "web"])
        #expect(try inv.variables(for: "new", playbookDirectory: nil)["ansible_host"] == "10.0.0.9")
        #expect(try !inv.addDynamicHost("new", groups: ["added"], variables: ["ansible_host": "10.0.0.9"]))
    }

    @Test func addHostWithoutGroupsIsUngrouped() throws {
        var inv = try base()
        try inv.addDynamicHost("lonely", groups: [], variables: [:])
        #expect(inv.groupNames(of: "lonely") == ["ungrouped"])
    }

    @Test func groupByAddsGroupWithParents() throws {
        var inv = try base()
        #expect(try inv.addDynamicGroup("os_coreos", parents: ["linux"], host: "w1"))
        #expect(try inv.addDynamicGroup("os_coreos", parents: ["linux"], host: "w2"))
        #expect(try !inv.addDynamicGroup("os_coreos", parents: ["linux"], host: "w2"))
        #expect(inv.groupsVariable["linux"] == ["w1", "w2"])
        #expect(inv.groupNames(of: "w1") == ["linux", "os_coreos"])
        #expect(try inv.hosts(matching: "linux") == ["w1", "w2"])
        #expect(throws: InventoryError.self) { try inv.addDynamicGroup("g", host: "ghost") }
    }

    @Test func limitKeepsPatternOrder() throws {
        let inv = try base()
        #expect(try inv.hosts(matching: "all", limit: "d1,w1") == ["w1", "d1"])
        #expect(try inv.hosts(matching: "all", limit: "!w1") == ["w2", "d1"])
        #expect(try inv.hosts(matching: "w*", limit: nil) == ["w1", "w2"])
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let file = try dir.write("retry", "w2\n\nd1\n")
        #expect(try inv.hosts(matching: "all", limit: "@" + file) == ["w2", "d1"])
        #expect(throws: InventoryError.self) { try inv.hosts(matching: "all", limit: "@/nonexistent/file") }
    }
}

@Suite struct InventoryLineEndingTests {
    @Test func windowsLineEndingsAreLines() throws {
        let dir = try ConfigTestDirectory()
        defer { dir.cleanup() }
        let path = try dir.write("hosts", "[web]\r\nw1 a=1\r\nw2\r\n[web:vars]\r\nx=2\r\n")
        let inv = try Inventory.load(sources: [path])
        #expect(inv.hostNames == ["w1", "w2"])
        #expect(try inv.variables(for: "w1", playbookDirectory: nil)["x"] == 2)
        let ini = try INIConfigFile(path: "a.cfg", text: "[defaults]\r\nforks = 3\r\n")
        #expect(ini.entry(section: "defaults", key: "forks")?.value == "3")
        let ssh = try SSHClientConfig.parse("Host a\r\n  User u\r\n", path: "cfg")
        #expect(ssh.settings(for: "a").user == "u")
    }
}

@Suite struct InventoryRobustnessTests {
    static let seed = """
        h1 a=1 b="x y" c='[1, {"k": (2,)}]' d=0x1F e=-1.5e3 f=r'\\n' g=b'\\xc3\\xa9'
        [web]
        w[01:03]:2222 v=True
        db-[a:c]
        [web:vars]
        x = {'a': [1, 2], 'b': None}
        [prod:children]
        web
        """
    static let alphabet = Array("[]{}():,=-'\"#;\\ \n\tabc0123456789xjrbuN.")

    @Test func mangledINIInventoriesNeverCrash() {
        var rng = SplitMix64(seed: 7)
        var parsed = 0, refused = 0
        for round in 0..<3000 {
            var chars = Array(Self.seed)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: chars.remove(at: i)
                case 1: chars.insert(Self.alphabet.randomElement(using: &rng) ?? " ", at: i)
                default: chars[i] = Self.alphabet.randomElement(using: &rng) ?? " "
                }
            }
            var parser = INIInventoryParser(path: "fuzz.ini", directory: nil, graph: InventoryGraph())
            do {
                try parser.parse(String(chars))
                try parser.graph.reconcile()
                parsed += 1
            } catch {
                refused += 1
                #expect(error.place?.file == "fuzz.ini" || error.place == nil, "round \(round)")
            }
        }
        #expect(parsed + refused == 3000 && parsed > 0)
    }
}

@Suite struct InventoryRangeLimitTests {
    @Test func hugeRangesAreRefused() {
        #expect(throws: InventoryError.self) { try InventoryAddress.expandRanges("n[0:9999999999]") }
        #expect(throws: InventoryError.self) { try InventoryAddress.expandRanges("n[-9223372036854775807:9223372036854775807]") }
    }
}
