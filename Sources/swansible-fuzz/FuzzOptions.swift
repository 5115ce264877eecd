import Foundation

/// The fuzzer's command line (see `FuzzCommand`).
struct FuzzOptions {
    var target: FuzzTarget
    var seconds: TimeInterval = 10
    var seed: UInt64 = 1
    var corpusPaths: [String] = []
    var memoryMegabytes = 2048
    var inputTimeout: TimeInterval = 5
    var currentInputPath: String?
    var replayPath: String?

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init<Arguments: Collection<String>>(_ arguments: Arguments) throws {
        var rest = Array(arguments)
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        guard let name = rest.first, let target = FuzzTarget.named(name) else {
            throw UsageError(description: "usage: swansible-fuzz TARGET [options]; targets: \(names)")
        }
        self.target = target
        rest.removeFirst()
        while let option = rest.first {
            rest.removeFirst()
            guard let value = rest.first else { throw UsageError(description: "\(option) needs a value") }
            rest.removeFirst()
            func number<N: LosslessStringConvertible>(_: N.Type) throws -> N {
                guard let n = N(value) else { throw UsageError(description: "\(option): not a number: \(value)") }
                return n
            }
            switch option {
            case "--seconds": seconds = try number(Double.self)
            case "--seed": seed = try number(UInt64.self)
            case "--corpus": corpusPaths.append(value)
            case "--memory-mb": memoryMegabytes = try number(Int.self)
            case "--input-timeout": inputTimeout = try number(Double.self)
            case "--current-input": currentInputPath = value
            case "--replay": replayPath = value
            default: throw UsageError(description: "unknown option \(option)")
            }
        }
    }
}
