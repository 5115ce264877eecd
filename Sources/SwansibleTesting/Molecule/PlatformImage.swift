import Foundation
import Swansible

/// Which local image an instance runs. No registry is reachable, so:
/// - no `image:` → the CoreOS-like base image, built from Debian packages when missing;
/// - an image present locally → that image;
/// - a Debian/Ubuntu-family image that is not present (`debian:12`, `ubuntu:22.04`,
///   `geerlingguy/docker-debian12-ansible`...) → the base image, which is Debian bookworm with
///   systemd, sshd and no Python (a notice says so);
/// - anything else → an error that says how to provide the image.
public enum PlatformImage {
    public static let base = SimulatedCluster.defaultImage

    /// The words that mark a Debian-family image name.
    static let debianFamily = ["debian", "ubuntu", "bookworm", "bullseye", "jammy", "noble", "focal"]

    public static func resolve(_ platform: MoleculePlatform, notice: (String) -> Void) async throws -> String {
        guard let image = platform.image, !image.isEmpty else {
            try await ensureBase(notice: notice)
            return base
        }
        if await Docker.imageExists(image) { return image }
        let lowered = image.lowercased()
        if debianFamily.contains(where: lowered.contains) {
            notice("\(platform.name): image \(image) is not present and cannot be pulled; using \(base) (Debian bookworm, systemd, sshd, no Python) in its place")
            try await ensureBase(notice: notice)
            return base
        }
        throw ScenarioError("""
            \(platform.name): image \(image) is not present locally and no registry can be reached. \
            Build or import it first (docker build -t \(image) DIR, or docker import), or leave image: out \
            to use the CoreOS-like base image \(base)
            """)
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
