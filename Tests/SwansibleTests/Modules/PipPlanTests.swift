import Foundation
import Testing
import Swansible
@testable import Swansible

/// pip's work on the controller: requirements read and printed, versions matched against
/// specifiers, names regrouped, arguments checked. The expected values are what Python's
/// `packaging` 23.0 (Debian 12's, which ansible-core's module uses there) and ansible-core's
/// module give for the same input.
@Suite struct PipPlanTests {
    @Test func requirementsPrintAsPackagingPrintsThem() {
        let cases: [(String, String?)] = [
            ("Swansible.Demo[b,a] >=1.0 , <3", "Swansible.Demo[a,b]<3,>=1.0"),
            ("foo (>=1.0,<2)", "foo<2,>=1.0"),
            ("foo==1.0.*", "foo==1.0.*"),
            ("foo===1.0-odd", "foo===1.0-odd"),
            ("foo; python_version>'3.6' and os_name == 'posix'", #"foo; python_version > "3.6" and os_name == "posix""#),
            ("foo; (python_version>'3.6') and os_name == 'posix'", #"foo; python_version > "3.6" and os_name == "posix""#),
            ("foo @ https://x/y.whl", "foo@ https://x/y.whl"),
            ("foo[x] @ https://x/y.whl ; os_name=='nt'", #"foo[x]@ https://x/y.whl ; os_name == "nt""#),
            ("/srv/x.whl", nil), ("foo==", nil), ("foo>=1.0+local", nil), ("foo~=1", nil),
            ("git+https://x/y.git", nil), ("foo>=1.*", nil), ("-e", nil),
        ]
        for (text, printed) in cases {
            #expect(PythonRequirement(text)?.description == printed, "\(text)")
        }
        #expect(PythonRequirement("Swansible.Demo[b]>1")?.canonicalName == "swansible-demo")
    }

    @Test func specifiersMatchVersionsWithPreReleasesAllowed() {
        let cases: [(String, String, Bool)] = [
            (">=1.0,<2.0", "1.5", true), (">=1.0,<2.0", "2.0", false), ("<2.0", "2.0rc1", false), ("<2.0rc2", "2.0rc1", true),
            (">1.0", "1.0.post1", false), (">1.0", "1.0+local", false), (">1.0", "1.1", true), ("==1.0", "1.0+abc", true),
            ("==1.0+abc", "1.0", false), ("==1.*", "1.5", true), ("==1.*", "2.0", false), ("!=2.*", "2.3", false),
            ("~=2.0", "2.5", true), ("~=2.0", "3.0", false), ("~=1.4.2", "1.4.9", true), ("~=1.4.2", "1.5", false),
            ("==1", "1.0.0", true), ("<=1.0", "1.0.dev1", true), (">=1.0a1", "1.0", true), (">1.0", "1.0.1a1", true),
            ("==1.0", "1.0.0+x", true), ("===1.0", "1.0", true), ("===1.0", "1.0.0", false), ("", "1.0", true),
            (">=1.0", "1!0.5", true), ("==1.0.*", "1rc1", true), (">= 1.0b2", "1.0beta3", true), ("<1.0", "1.0.dev0", false),
            ("<1.0.dev1", "1.0.dev0", true),
        ]
        for (specifiers, version, expected) in cases {
            let requirement = PythonRequirement("foo" + specifiers)
            #expect(requirement?.isSatisfied(by: version) == expected, "\(specifiers) \(version)")
        }
    }

    @Test func versionsTakeTheirNormalForm() {
        let cases = ["1.0": "1.0", "v1.0-1": "1.0.post1", "1.0alpha2": "1.0a2", "1.0c1": "1.0rc1", "1.0-rev3": "1.0.post3",
                     "1.0.dev": "1.0.dev0", "1!2.0_PRE1.post2.dev3+Ubuntu-1": "1!2.0rc1.post2.dev3+ubuntu.1"]
        for (text, normal) in cases { #expect(PythonVersion(text)?.normalized == normal, "\(text)") }
        #expect(PythonVersion("1.0.x") == nil && PythonVersion("") == nil)
    }

    @Test func specifiersGivenApartRejoinTheirPackage() {
        #expect(PipPlan.recoverPackageNames(["django>1.11.1", "<1.11.3", "ipaddress", "simpleproject>1.1.0", "<2.0.0"])
                == ["django>1.11.1,<1.11.3", "ipaddress", "simpleproject>1.1.0,<2.0.0"])
        #expect(PipPlan.recoverPackageNames(["django>1.11.1,<1.11.3,ipaddress", "a[b,c]>1"]) == ["django>1.11.1,<1.11.3", "ipaddress", "a[b,c]>1"])
    }

    @Test func umaskIsReadAsPythonReadsAnOctalInteger() {
        #expect(PipPlan.octal("0022") == 0o22 && PipPlan.octal(" 0o77 ") == 0o77 && PipPlan.octal("0_7") == 7)
        #expect(PipPlan.octal("0x2") == nil && PipPlan.octal("8") == nil && PipPlan.octal("") == nil && PipPlan.octal("0__7") == nil)
    }

    @Test func checkModeComparesTheListWithTheNames() throws {
        let listed = "packaging==23.0\nSwansible_Demo==2.0\nYou are using pip version 1\n"
        func plan(_ args: ValueDict) throws -> PipPlan {
            guard case .planned(let plan) = PipPlan.make(ModuleArguments(args)) else { throw PlanRefused() }
            return plan
        }
        #expect(try !plan(["name": ["swansible.demo>=2"], "state": "present"]).checkModeChange(listed))
        #expect(try plan(["name": ["swansible-demo"], "version": "1.0", "state": "present"]).checkModeChange(listed))
        #expect(try plan(["name": ["swansible-demo", "other"], "state": "absent"]).checkModeChange(listed))
        #expect(try !plan(["name": ["other"], "state": "absent"]).checkModeChange(listed))
        #expect(try !plan(["name": ["other"], "state": "forcereinstall"]).checkModeChange(listed))
    }

    @Test func refusalsComeWithAnsibleCoresMessages() throws {
        guard case .refused(let umask) = PipPlan.make(ModuleArguments(["name": ["a"], "umask": "0x2", "state": "present"])) else {
            throw PlanRefused()
        }
        #expect(umask.message == "umask must be an octal integer" && umask.fields["details"] == "invalid literal for int() with base 8: '0x2'")
        guard case .refused(let latest) = PipPlan.make(ModuleArguments(["name": ["a"], "version": "1", "state": "latest"])) else {
            throw PlanRefused()
        }
        #expect(latest.message == "version is incompatible with state=latest")
        guard case .planned(let ambiguous) = PipPlan.make(ModuleArguments(["name": ["a", "b"], "version": "1", "state": "present"])) else {
            throw PlanRefused()
        }
        #expect(ambiguous.pendingFailure?.hasPrefix("'version' argument is ambiguous") == true)
    }

    @Test func theCommandLineHasStateWordsThenExtraArgumentsThenPackages() throws {
        guard case .planned(let plan) = PipPlan.make(ModuleArguments([
            "name": ["Foo >= 1.0"], "state": "forcereinstall", "extra_args": "--no-index  --find-links '/srv/my wheels'", "editable": true,
            "virtualenv": "venv", "chdir": "/srv", "virtualenv_command": "python3 -m venv",
        ])) else { throw PlanRefused() }
        #expect(plan.arguments == ["install", "-U", "--force-reinstall", "--no-index", "--find-links", "/srv/my wheels", "-e", "Foo>=1.0"])
        #expect(plan.virtualenv == "/srv/venv" && plan.venvIsVenvModule && plan.checkAssumesChange)
    }

    struct PlanRefused: Error {}
}
