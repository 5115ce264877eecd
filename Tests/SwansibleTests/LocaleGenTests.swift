import Testing
@testable import Swansible

/// locale_gen's comparisons and list edits; the expected lines are what community.general's
/// substitution gives for the same lines.
@Suite struct LocaleGenTests {
    @Test func localeDashAListingsMatchWhateverTheEncodingsCase() {
        #expect(LocaleList.missing(["C.UTF-8", "en_US.UTF-8", "de_DE.ISO-8859-15"], from: ["C", "C.utf8", "de_DE.iso885915"]) == ["en_US.UTF-8"])
    }

    @Test func aLocaleLineIsUncommentedOrCommentedOut() {
        let text = "# en_US.UTF-8 UTF-8\n#en_US.UTF-8.bak UTF-8\n## en_US ISO-8859-1\n  de_DE.UTF-8 UTF-8\n# fr_FR.UTF-8 \n"
        #expect(LocaleList.enable(["en_US.UTF-8", "de_DE.UTF-8"], true, in: text, supported: [:])
                == "en_US.UTF-8 UTF-8\n#en_US.UTF-8.bak UTF-8\n## en_US ISO-8859-1\nde_DE.UTF-8 UTF-8\n# fr_FR.UTF-8 \n")
        #expect(LocaleList.enable(["en_US.UTF-8", "de_DE.UTF-8"], false, in: text, supported: [:])
                == "# en_US.UTF-8 UTF-8\n#en_US.UTF-8.bak UTF-8\n## en_US ISO-8859-1\n# de_DE.UTF-8 UTF-8\n# fr_FR.UTF-8 \n")
    }

    /// community.general appends a line again for a name whose line was already enabled;
    /// Swansible adds one only for a name without any line.
    @Test func aLocaleWithoutLineGetsOneFromSupportedOnce() {
        let supported = ["sv_SE.UTF-8": "UTF-8", "en_US.UTF-8": "UTF-8"]
        #expect(LocaleList.enable(["en_US.UTF-8", "sv_SE.UTF-8", "xx_XX"], true, in: "en_US.UTF-8 UTF-8", supported: supported)
                == "en_US.UTF-8 UTF-8\nsv_SE.UTF-8 UTF-8\n")
        #expect(LocaleList.enable(["sv_SE.UTF-8"], false, in: "", supported: supported) == "")
    }

    @Test func ubuntusSupportedListLosesOnlyTheNamedLocales() {
        #expect(LocaleList.dropping(["de_DE.UTF-8"], from: "en_US.UTF-8 UTF-8\nde_DE.UTF-8 UTF-8\nde_DE.UTF-8@euro UTF-8\n")
                == "en_US.UTF-8 UTF-8\nde_DE.UTF-8@euro UTF-8\n")
    }

    @Test func theProbesListsAreRead() {
        let probe = LocaleProbe("mechanism=glibc\nlocale_gen=/usr/sbin/locale-gen\ngenerated=C\ngenerated=C.utf8\nsupported=C.UTF-8 UTF-8\n\(LocaleGenModule.fileMarker)\n# C.UTF-8 UTF-8\n")
        #expect(probe.report["mechanism"] == "glibc" && probe.generated == ["C", "C.utf8"])
        #expect(probe.supported == ["C.UTF-8": "UTF-8"] && probe.listText == "# C.UTF-8 UTF-8\n")
    }
}
