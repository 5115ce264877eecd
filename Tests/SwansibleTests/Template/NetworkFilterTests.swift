import Testing
@testable import Swansible

/// The ipaddr family (ansible.utils), pinned to the documented examples; the oracle venv has no
/// ansible.utils/netaddr, so these are not differential.
@Suite struct NetworkFilterTests {
    let templar = AnsibleTemplar(variables: StaticTemplateVariables([:]))
    func t(_ s: String) throws -> Value { try templar.template(.string(s)) }

    @Test func ipaddrValidatesAndQueries() throws {
        #expect(try t("{{ '192.168.0.1' | ipaddr }}") == "192.168.0.1")
        #expect(try t("{{ 'nope' | ipaddr }}") == false)
        #expect(try t("{{ '192.168.0.1/24' | ansible.utils.ipaddr('address') }}") == "192.168.0.1")
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('network') }}") == "192.168.0.0")
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('netmask') }}") == "255.255.255.0")
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('prefix') }}") == 24)
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('broadcast') }}") == "192.168.0.255")
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('subnet') }}") == "192.168.0.0/24")
        #expect(try t("{{ '192.168.0.0/24' | ipaddr('size') }}") == 256)
        #expect(try t("{{ '192.168.0.0/24' | ipaddr('net') }}") == "192.168.0.0/24")
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('net') }}") == false)
        #expect(try t("{{ '192.168.0.1/24' | ipaddr('host') }}") == "192.168.0.1/24")
        #expect(try t("{{ '10.233.0.0/18' | ipaddr(1) }}") == "10.233.0.1/18")
        #expect(try t("{{ '10.233.0.0/18' | ipaddr('10') | ipaddr('address') }}") == "10.233.0.10")
        #expect(try t("{{ '10.0.0.1' | ipaddr('private') }}") == "10.0.0.1")
        #expect(try t("{{ '8.8.8.8' | ipaddr('private') }}") == false)
        #expect(try t("{{ '192.168.0.1/255.255.255.0' | ipaddr('prefix') }}") == 24)
    }

    @Test func listsKeepValidElements() throws {
        #expect(try t("{{ ['10.0.0.1', 'x', '::1', '10.0.0.0/8'] | ipaddr }}") == ["10.0.0.1", "::1", "10.0.0.0/8"])
        #expect(try t("{{ ['10.0.0.1', '::1'] | ipv4 }}") == ["10.0.0.1"])
        #expect(try t("{{ ['10.0.0.1', '::1'] | ipv6 }}") == ["::1"])
    }

    @Test func ipv6FormsAndWrapping() throws {
        #expect(try t("{{ '2001:0db8:0000:0000:0000:0000:0000:0001' | ipaddr('address') }}") == "2001:db8::1")
        #expect(try t("{{ 'fd00::10/64' | ipaddr('network') }}") == "fd00::")
        #expect(try t("{{ '::ffff:10.0.0.1' | ipaddr }}") == "::ffff:10.0.0.1")
        #expect(try t("{{ 'fd00::1' | ipwrap }}") == "[fd00::1]")
        #expect(try t("{{ '10.0.0.1' | ipwrap }}") == "10.0.0.1")
        #expect(try t("{{ ['fd00::1', 'host.example'] | ipwrap }}") == ["[fd00::1]", "host.example"])
        #expect(try t("{{ 'fd00::/64' | ipaddr('1') }}") == "fd00::1/64")
    }

    @Test func hostArithmetic() throws {
        #expect(try t("{{ '10.0.0.0/24' | nthhost(5) }}") == "10.0.0.5")
        #expect(try t("{{ '10.0.0.0/24' | nthhost(-1) }}") == "10.0.0.255")
        #expect(try t("{{ '192.168.1.5' | ipmath(5) }}") == "192.168.1.10")
        #expect(try t("{{ '192.168.1.5' | ipmath(-10) }}") == "192.168.0.251")
        #expect(try t("{{ '10.0.0.0/24' | network_in_usable('10.0.0.7') }}") == true)
        #expect(try t("{{ '10.0.0.0/24' | network_in_usable('10.0.0.255') }}") == false)
        #expect(try t("{{ '10.0.0.0/8' | network_in_network('10.1.0.0/16') }}") == true)
    }
}
