import Foundation
import SwansibleTestSupport
import Swansible

/// `swansible-fuzz TARGET`: feeds mutated inputs to one parser (yaml, ini, jinja, config) for a
/// bounded time, under a memory limit and a per-input time limit.
///
/// Refusals (any thrown error) are normal; a trap, a hang or running out of the memory budget
/// ends the process, with the input in `--current-input` (and, for a hang, on standard error).
/// Options: `--seconds S` (10), `--seed N` (1), `--corpus PATH` (repeatable; files or
/// directories), `--memory-mb M` (2048), `--input-timeout S` (5), `--current-input FILE`,
/// `--replay FILE` (run that one input and stop).
@main
struct FuzzCommand {
    static func main() {
        do {
            try run(FuzzOptions(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("swansible-fuzz: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ options: FuzzOptions) throws {
        limitMemory(megabytes: options.memoryMegabytes)
        let target = options.target
        let record = options.currentInputPath.flatMap(CurrentInputRecord.init(path:))
        if options.currentInputPath != nil, record == nil { throw FuzzOptions.UsageError(description: "cannot map --current-input") }
        let watchdog = InputWatchdog(limit: options.inputTimeout, record: record)
        if let replay = options.replayPath {
            // a plain text file, or a record left by a run that died
            let text = try CurrentInputRecord.read(path: replay).flatMap { $0.isEmpty ? nil : $0 }
                ?? String(contentsOfFile: replay, encoding: .utf8)
            watchdog.begin(text)
            let outcome = Result { try target.run(text) }
            watchdog.end()
            FuzzPlaybookFile.remove()
            switch outcome {
            case .success: print("\(target.name): replayed \(replay): accepted")
            case .failure(let error): print("\(target.name): replayed \(replay): refused: \(error)")
            }
            return
        }
        let seeds = FuzzCorpus.seeds(for: target, paths: options.corpusPaths)
        var mutator = InputMutator(seed: options.seed, seeds: seeds, tokens: target.tokens)
        let deadline = Date().addingTimeInterval(options.seconds)
        var accepted = 0, refused = 0
        // every seed once as it is, then mutants until the time is up
        var pending = seeds[...]
        while Date() < deadline {
            let input = pending.popFirst() ?? mutator.next()
            watchdog.begin(input)
            do { try target.run(input); accepted += 1 } catch { refused += 1 }
            watchdog.end()
        }
        FuzzPlaybookFile.remove()
        print("\(target.name): \(accepted + refused) inputs (\(accepted) accepted, \(refused) refused) from \(seeds.count) seeds, "
              + "seed \(options.seed), max RSS \(maxResidentKilobytes() / 1024) MB")
    }

    /// Caps the address space, so a runaway allocation fails here instead of on the machine.
    static func limitMemory(megabytes: Int) {
        var limit = rlimit(rlim_cur: rlim_t(megabytes) << 20, rlim_max: rlim_t(megabytes) << 20)
        if setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) != 0 {
            FileHandle.standardError.write(Data("swansible-fuzz: could not limit memory (errno \(errno))\n".utf8))
        }
    }

    static func maxResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss
    }
}
