import Foundation
import Testing
@testable import Swansible

/// `gather_subset` and local facts, checked against what ansible-core 2.19's setup returned
/// for the same subsets (SetupFactsOracleTests compares whole gatherings on a host).
struct FactSubsetsTests {
    @Test func allIsEveryCollector() throws {
        #expect(try FactSubsets.collectors(for: ["all"]) == FactSubsets.collectors)
    }

    @Test func leavingOutOneGroupLeavesTheMinimalFactsOnly() throws {
        // ansible-core 2.19: `gather_subset: ['!hardware']` returns the 50 minimal facts, not
        // everything but the hardware.
        #expect(try FactSubsets.collectors(for: ["!hardware"]) == FactSubsets.minimal)
        #expect(try FactSubsets.collectors(for: ["!all"]) == FactSubsets.minimal)
    }

    @Test func aGroupComesWithTheMinimalFactsAndWhatItNeeds() throws {
        #expect(try FactSubsets.collectors(for: ["!all", "network"]) == FactSubsets.minimal.union(["network"]))
        #expect(try FactSubsets.collectors(for: ["!all", "!min", "hardware"]) == ["hardware", "platform"])
        #expect(try FactSubsets.collectors(for: ["!all", "!min", "pkg_mgr"]) == ["pkg_mgr", "distribution"])
    }

    @Test func aFactNameSelectsItsCollector() throws {
        #expect(try FactSubsets.collectors(for: ["!all", "!min", "virtualization_type"]) == ["virtual"])
        #expect(try FactSubsets.collectors(for: ["!all", "!min", "mounts"]) == ["hardware", "platform"])
    }

    @Test func anUnknownSubsetIsRefusedWithTheAllowedNames() {
        #expect(throws: FactSubsets.BadSubset.self) { try FactSubsets.collectors(for: ["bogus"]) }
        let message = FactSubsets.BadSubset(name: "bogus").message
        #expect(message.hasPrefix("Bad subset 'bogus' given to Ansible. gather_subset options allowed: all, all_ipv4_addresses, all_ipv6_addresses, apparmor, architecture, caps,"))
        #expect(message.hasSuffix("virtualization_tech_guest, virtualization_tech_host, virtualization_type"))
        // Leaving out an unknown name is not an error, as in ansible-core.
        #expect((try? FactSubsets.collectors(for: ["!bogus"])) != nil)
    }

    @Test func localFactsAreJSONOrINIOrAWarning() {
        let output = """
            __section__local
            @@fact 0 r site.fact
            [General]
            Role = db
            port: 5432
              continued

            __swansible_local_fact_end__
            @@fact 0 x dynamic.fact
            {"answer": 42}
            __swansible_local_fact_end__
            @@fact 0 r broken.fact
            no section

            __swansible_local_fact_end__
            @@fact 2 x failing.fact
            boom

            __swansible_local_fact_end__

            """
        let local = FactParser(output).localFacts(factPath: "/facts")
        #expect(local.facts["site"] == ["General": ["role": "db", "port": "5432\ncontinued"]])
        #expect(local.facts["dynamic"] == ["answer": 42])
        #expect(local.facts["broken"] == "error loading facts as JSON or ini - please check content: /facts/broken.fact")
        #expect(local.facts["failing"] == "Failure executing fact script (/facts/failing.fact), rc: 2, err: boom\n")
        #expect(local.warnings.count == 2)
    }

    @Test func iniRefusesWhatConfigParserRefuses() {
        #expect(INIFact.parse("[a]\nx=1\n[a]\n") == nil)
        #expect(INIFact.parse("[a]\nx=1\nX=2\n") == nil)
        #expect(INIFact.parse("x=1\n") == nil)
        #expect(INIFact.parse("# only a comment\n") == [:])
    }

    @Test func mountsKeepDeviceBackedEntriesWithSizes() {
        let output = """
            __section__mounts
            /dev/vda /etc/my\\040files ext4 rw,relatime 0 0
            proc /proc proc rw 0 0
            server:/export /mnt/nfs nfs rw 0 0
            __section__bindmounts
            /etc/my\\040files
            __section__mountsizes
            4096 4096 100 40 1000 900 /etc/my\\040files

            """
        let mounts = FactParser(output).mounts()
        #expect(mounts.count == 2)
        #expect(mounts.first?["mount"] == "/etc/my files")
        #expect(mounts.first?["options"] == "rw,relatime,bind")
        #expect(mounts.first?["size_total"] == 409600)
        #expect(mounts.first?["block_used"] == 60)
        #expect(mounts.first?["inode_used"] == 100)
        #expect(mounts.last?["device"] == "server:/export")
        #expect(mounts.last?["uuid"] == "N/A")
    }
}
