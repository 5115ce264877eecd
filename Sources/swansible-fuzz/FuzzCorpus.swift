import Foundation
import SwansibleValue

/// Seeds from the project's own corpora: files with the target's extensions under the given
/// paths, and for templates the `t` field of the conformance corpus lines (`*.jsonl`).
enum FuzzCorpus {
    /// Largest seed kept; larger files slow every mutant down without finding more.
    static let maxSeedBytes = 16_384

    static func seeds(for target: FuzzTarget, paths: [String]) -> [String] {
        var seeds = target.builtinSeeds
        for file in paths.flatMap(files(under:)).sorted() {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            if file.hasSuffix(".jsonl"), target.name == "jinja" {
                for line in text.split(separator: "\n") {
                    if let template = (try? Value(jsonText: String(line)))?["t"]?.stringValue { seeds.append(template) }
                }
            } else if target.seedExtensions.contains(where: file.hasSuffix) || paths.contains(file) {
                seeds.append(text)
            }
        }
        return seeds.filter { $0.utf8.count <= maxSeedBytes && !(target.name == "jinja" && FuzzTarget.touchesTheMachine($0)) }
    }

    private static func files(under path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var out: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            out.append((path as NSString).appendingPathComponent(relative))
        }
        return out
    }
}
