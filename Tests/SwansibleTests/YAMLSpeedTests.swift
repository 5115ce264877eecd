import Foundation
import Testing
@testable import Swansible

/// Not a benchmark: prints how long a large file takes when `SWANSIBLE_YAML_SPEED_FILE` names one.
@Suite struct YAMLSpeedTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWANSIBLE_YAML_SPEED_FILE"] != nil, "no speed file given"))
    func loadLargeFile() throws {
        let path = ProcessInfo.processInfo.environment["SWANSIBLE_YAML_SPEED_FILE"] ?? ""
        let start = Date()
        let node = try YAMLLoader.loadFile(path)
        let elapsed = Date().timeIntervalSince(start)
        print("YAML speed: \(path) loaded in \(String(format: "%.3f", elapsed)) s (\(node?.items?.count ?? 0) items)")
        #expect(node != nil)
    }
}
