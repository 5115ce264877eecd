import Foundation
import Testing
@testable import Swansible
import Jinja

/// Filters whose reference needs more than the oracle venv has (passlib): known vectors,
/// produced by ansible-core 2.19 with passlib 1.7.
@Suite struct AnsibleFilterVectorTests {
    let templar = AnsibleTemplar(variables: StaticTemplateVariables([:]))

    @Test func passwordHashMatchesPasslib() throws {
        #expect(try templar.template("{{ 'pw' | password_hash('sha512', 'saltsalt', rounds=5000) }}")
                == "$6$saltsalt$pauPrmdmG4BTE9h2HPmywiw152IFch6BJCEsaY6D.PLTfpV8sqvXwWdyfsgVgozkYH9B80bAip/08R2BPH2xk/")
        #expect(try templar.template("{{ 'pw' | password_hash('sha512', 'saltsalt', rounds=10000) }}")
                == "$6$rounds=10000$saltsalt$PCkl82bcVNZUyS5el2MR9Coq8KSFAH2TLAV2NKcVGH1Dq51jMRJNvf2NrUOE/Sv9WOINUlZWqywN9lCRzMZF.1")
        #expect(try templar.template("{{ 'pw' | password_hash('sha256', 'saltsalt', rounds=5000) }}")
                == "$5$saltsalt$0rl.MZtoLLPP3X0Rdl8riRnphIcAXJY27/aOAyK2hB5")
        #expect(throws: TemplateError.self) { try templar.template("{{ 'pw' | password_hash('md5') }}") }
    }

    /// 535000 rounds take ~20 s in a debug build.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWANSIBLE_SLOW_TESTS"] != nil, "set SWANSIBLE_SLOW_TESTS=1 to run"))
    func passwordHashDefaultRoundsLikePasslib() throws {
        #expect(try templar.template("{{ 'pw' | password_hash('sha256', 'saltsalt') }}")
                == "$5$rounds=535000$saltsalt$DV/wdBU9TkuhhcQfLffJ5EE3oF.grHgoEMJBmRv0tP2")
    }

    @Test func digestsMatchKnownValues() throws {
        #expect(try templar.template("{{ 'abc' | md5 }}") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(try templar.template("{{ 'abc' | sha1 }}") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try templar.template("{{ 'abc' | hash('sha256') }}") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
