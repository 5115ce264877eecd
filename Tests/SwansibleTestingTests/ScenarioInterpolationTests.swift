import Testing
@testable import SwansibleTesting

/// Molecule's `${VAR}` substitution, the way real scenarios choose their image.
struct ScenarioInterpolationTests {
    let environment = ["DISTRO": "debian12", "EMPTY": "", "TAG": "latest"]

    @Test(arguments: [
        ("image: ${DISTRO}", "image: debian12"),
        ("image: $DISTRO:$TAG", "image: debian12:latest"),
        ("image: ${MISSING:-rockylinux9}", "image: rockylinux9"),
        ("image: ${EMPTY:-fallback}", "image: fallback"),
        ("image: ${EMPTY-fallback}", "image: "),
        ("image: ${MISSING-fallback}", "image: fallback"),
        ("image: ${DISTRO:-fallback}", "image: debian12"),
        ("cost: $$5 and $ alone", "cost: $5 and $ alone"),
        ("none: ${MISSING}|$MISSING|", "none: ||"),
        ("geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest", "geerlingguy/docker-rockylinux9-ansible:latest"),
    ])
    func substitutes(_ text: String, _ expected: String) throws {
        #expect(try ScenarioInterpolation.substitute(text, environment: environment) == expected)
    }

    @Test func requiredVariableNamesItsPlace() {
        #expect(throws: ScenarioInterpolation.Failure(line: 2, column: 8, message: "required variable NEEDED is missing a value: set it")) {
            try ScenarioInterpolation.substitute("a: 1\nimage: ${NEEDED:?set it}\n", environment: [:])
        }
        #expect(throws: ScenarioInterpolation.Failure.self) {
            try ScenarioInterpolation.substitute("image: ${UNCLOSED", environment: [:])
        }
        #expect(throws: ScenarioInterpolation.Failure.self) {
            try ScenarioInterpolation.substitute("image: ${1BAD}", environment: [:])
        }
    }
}
