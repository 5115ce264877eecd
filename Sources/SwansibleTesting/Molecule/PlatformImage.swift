import Foundation
import Swansible

/// Which local image an instance runs. No registry is reachable, so:
/// - no `image:` → the CoreOS-like base image, built from Debian packages when missing;
/// - an image present locally → that image;
/// - a Debian/Ubuntu-family image that is not present (`debian:12`, `ubuntu:22.04`,
///   `geerlingguy/docker-debian12-ansible`...) → the base image, which is Debian bookworm with
///   systemd, sshd and no Python (a notice says so);
/// - anything else → an error that says how to provide the image;
/// - `dockerfile:` → built locally (a `.j2` file rendered first with the platform as `item`),
///   its `FROM` mapped like `image:` when that image is missing.
public enum PlatformImage {
    public static let base = SimulatedCluster.defaultImage

    /// The words that mark a Debian-family image name.
    static let debianFamily = ["debian", "ubuntu", "bookworm", "bullseye", "jammy", "noble", "focal"]

    public static func resolve(_ platform: MoleculePlatform, scenarioDirectory: String?, workspace: ScenarioWorkspace,
                               notice: (String) -> Void) async throws -> String {
        if let dockerfile = platform.dockerfile {
            return try await build(platform, dockerfile: dockerfile, scenarioDirectory: scenarioDirectory ?? workspace.directory,
                                   workspace: workspace, notice: notice)
        }
        if platform.image != nil && !platform.preBuildImage {
            notice("\(platform.name): pre_build_image: false — molecule would add Python to the image; Swansible needs none and uses the image as it is")
        }
        return try await existing(platform.image, for: platform.name, notice: notice)
    }

    /// A local image for `image` (nil: the base image), mapped or refused as above.
    static func existing(_ image: String?, for name: String, notice: (String) -> Void) async throws -> String {
        guard let image, !image.isEmpty else {
            try await ensureBase(notice: notice)
            return base
        }
        if await Docker.imageExists(image) { return image }
        let lowered = image.lowercased()
        if debianFamily.contains(where: lowered.contains) {
            notice("\(name): image \(image) is not present and cannot be pulled; using \(base) (Debian bookworm, systemd, sshd, no Python) in its place")
            try await ensureBase(notice: notice)
            return base
        }
        throw ScenarioError("""
            \(name): image \(image) is not present locally and no registry can be reached. \
            Build or import it first (docker build -t \(image) DIR, or docker import), or leave image: out \
            to use the CoreOS-like base image \(base)
            """)
    }

    /// `docker build` of a platform's Dockerfile, tagged for this scenario.
    static func build(_ platform: MoleculePlatform, dockerfile: String, scenarioDirectory: String,
                      workspace: ScenarioWorkspace, notice: (String) -> Void) async throws -> String {
        let path = dockerfile.hasPrefix("/") ? dockerfile : scenarioDirectory + "/" + dockerfile
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError("\(platform.name): cannot read the dockerfile \(path)")
        }
        if path.hasSuffix(".j2") {
            let templar = AnsibleTemplar(variables: StaticTemplateVariables(["item": platform.raw]))
            text = try templar.renderFile(text, path: path, extraVariables: [:])
        }
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.first?.uppercased() == "FROM", words.count >= 2 else { lines.append(String(line)); continue }
            let local = try await existing(String(words[1]), for: platform.name, notice: notice)
            lines.append((["FROM", local] + words.dropFirst(2).map(String.init)).joined(separator: " "))
        }
        let rendered = workspace.directory + "/Dockerfile_\(platform.name)"
        try AtomicFile.write(Data(lines.joined(separator: "\n").utf8), to: rendered)
        let tag = "swansible-test/\(workspace.id)-\(platform.name.lowercased()):latest"
        var arguments = ["build", "-q", "-t", tag, "-f", rendered, "--label", workspace.label]
        for (key, value) in platform.buildArgs.sorted(by: { $0.key < $1.key }) { arguments += ["--build-arg", "\(key)=\(value)"] }
        notice("\(platform.name): building \(dockerfile)")
        do {
            try await Docker.run(arguments + [(path as NSString).deletingLastPathComponent])
        } catch let error as DockerError {
            throw ScenarioError("\(platform.name): building \(path) failed (no registry is reachable; its FROM image must exist locally): \(error.stderr)")
        }
        return tag
    }

    /// Builds the base image with the project's image script when it is missing or stale.
    static func ensureBase(notice: (String) -> Void) async throws {
        if await Docker.imageExists(base) { return }
        guard let script = buildScript() else {
            throw ScenarioError("image \(base) is missing and build-host-image.sh was not found; run scripts/build-host-image.sh from Swansible's source tree")
        }
        notice("building the base image \(base) with \(script) (about a minute, once)")
        let result = try await LocalProcess.run("/bin/sh", [script], stdin: nil)
        guard result.exitCode == 0 else {
            throw ScenarioError("building \(base) failed:\n\(result.stderr)")
        }
    }

    /// `build-host-image.sh`: beside an installed executable (`PREFIX/share/swansible/`), or in
    /// the source tree the executable was built in.
    static func buildScript() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["SWANSIBLE_IMAGE_SCRIPT"] { return explicit }
        var directory = ((Bundle.main.executablePath ?? CommandLine.arguments[0]) as NSString).deletingLastPathComponent
        let installed = (directory as NSString).deletingLastPathComponent + "/share/swansible/build-host-image.sh"
        if FileManager.default.fileExists(atPath: installed) { return installed }
        for _ in 0..<6 {
            let candidate = directory + "/scripts/build-host-image.sh"
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }
}
