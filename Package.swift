// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Swansible",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Swansible", targets: ["Swansible"]),
        .executable(name: "swansible-playbook", targets: ["swansible-playbook"]),
        .executable(name: "swansible", targets: ["swansible"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "Swansible",
            dependencies: [
                "CLibSSH2", "CLibYAML",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(name: "SwansibleTesting", dependencies: ["Swansible"]),
        .executableTarget(
            name: "swansible-playbook",
            dependencies: ["Swansible", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "swansible",
            dependencies: [
                "Swansible", "SwansibleTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SwansibleTests", dependencies: ["Swansible"], exclude: ["Fixtures"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Swansible"], exclude: ["Answers", "Playbooks", "TemplateCorpus"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Swansible", "SwansibleTesting"]),
    ]
)
