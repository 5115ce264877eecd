import Foundation
import Testing
@testable import Swansible

/// The task keyword `timeout:`: a bound that does not wait for the work it gives up on.
@Suite(.timeLimit(.minutes(1))) struct TaskTimeoutTests {
    @Test func workThatFinishesInTimeKeepsItsResult() async throws {
        #expect(try await TaskTimeout(seconds: 30).run { 42 } == 42)
        #expect(try await TaskTimeout(seconds: 0).run { "no bound" } == "no bound")
    }

    /// The work here ignores cancellation and blocks until the test releases it after the
    /// timeout has been reported: the timeout cannot have waited for it.
    @Test func aTimeoutDoesNotWaitForWorkThatIgnoresCancellation() async throws {
        let release = DispatchSemaphore(value: 0)
        let error = await #expect(throws: TaskTimedOut.self) {
            try await TaskTimeout(seconds: 1).run {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().async { release.wait(); done.resume() }
                }
                return 0
            }
        }
        release.signal()
        #expect(error?.message == "Timed out after 1 second(s).")
    }

    @Test func theResultIsShapedLikeAnsibleCores() {
        let result = TaskTimedOut(seconds: 5).result(shownAsCause: false)
        #expect(result["msg"] == "Task failed: Timed out after 5 second(s).")
        #expect(result["failed"] == true && result["changed"] == false)
        #expect(result["timedout"]?["period"] == 5)
        #expect(result["_ansible_error_causes"] == nil)
        #expect(TaskTimedOut(seconds: 5).result(shownAsCause: true)["_ansible_error_causes"] != nil)
    }

    @Test func cancellingTheCallerEndsTheWaitAtOnce() async throws {
        let waiting = Task {
            try await TaskTimeout(seconds: 600).run {
                try await Task.sleep(for: .seconds(600))
                return 0
            }
        }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
    }
}
