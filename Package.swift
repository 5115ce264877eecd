// swift-tools-version:6.0
import PackageDescription

// The targets follow the pipeline, and a stage may only use the stages before it:
//
//   SwansibleValue  ->  SwansibleYAML    ->  Swansible (the engine)  ->  executables
//                   ->  Jinja            ->
//                   ->  SwansibleCrypto  ->
//
// SwansibleValue: the values, JSON/Python text forms and source locations every stage shares.
// SwansibleYAML: libyaml with PyYAML's YAML 1.1 semantics. Jinja: the template engine alone,
// with named extension points and no knowledge of Ansible. SwansibleCrypto: digests and
// the Ansible Vault format over OpenSSL's libcrypto (which libssh2 links anyway). Swansible: config, inventory,
// playbooks, Ansible's templar, variables, connections, modules, output and the executor.
let package = Package(
    name: "Swansible",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Swansible", targets: ["Swansible"]),
        .library(name: "Jinja", targets: ["Jinja"]),
        .executable(name: "swansible-playbook", targets: ["swansible-playbook"]),
        .executable(name: "swansible", targets: ["swansible"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "SwansibleValue",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "SwansibleYAML", dependencies: ["SwansibleValue", "CLibYAML"]),
        .target(name: "Jinja", dependencies: ["SwansibleValue"]),
        .target(name: "SwansibleCrypto", dependencies: ["SwansibleValue", "CLibCrypto"]),
        .target(name: "Swansible", dependencies: ["SwansibleValue", "SwansibleYAML", "Jinja", "SwansibleCrypto", "CLibSSH2"],
                exclude: ["Modules/README.md"]),
        .target(name: "SwansibleTesting", dependencies: ["Swansible"], exclude: ["README.md"]),
        // The command-line options the executables share.
        .target(
            name: "SwansibleCommandLine",
            dependencies: ["Swansible", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "swansible-playbook",
            dependencies: ["Swansible", "SwansibleCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "swansible",
            dependencies: ["Swansible", "SwansibleCommandLine", "SwansibleTesting", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Feeds mutated inputs to each parser for a bounded time (run by ParserFuzzingTests).
        .executableTarget(name: "swansible-fuzz", dependencies: ["Swansible", "SwansibleTestSupport"]),
        .target(name: "SwansibleTestSupport", path: "Tests/SwansibleTestSupport"),
        .testTarget(name: "SwansibleValueTests", dependencies: ["SwansibleValue"]),
        .testTarget(name: "SwansibleYAMLTests", dependencies: ["SwansibleYAML", "SwansibleTestSupport"]),
        .testTarget(name: "JinjaTests", dependencies: ["Jinja"]),
        .testTarget(name: "SwansibleCryptoTests", dependencies: ["SwansibleCrypto"]),
        .testTarget(name: "SwansibleTests", dependencies: ["Swansible", "SwansibleCrypto", "SwansibleTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ConformanceTests", dependencies: ["Swansible", "SwansibleTestSupport"],
            exclude: ["Answers", "Playbooks", "TemplateCorpus"]),
        .testTarget(name: "SwansibleTestingTests", dependencies: ["SwansibleTesting"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Swansible", "SwansibleCrypto", "SwansibleTesting"],
                    exclude: ["Fixtures"]),
    ]
)
