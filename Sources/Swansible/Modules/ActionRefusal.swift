/// An error an action raises before it acts, as ansible-core's actions raise theirs: the
/// executor tells it as `Task failed: A: B` with each cause, the ones without a place of their
/// own pointing at `argument` (debug's `var`, assert's `that`), and `help` under the last.
struct ActionRefusal: Error {
    var causes: [String]
    var argument: String?
    var help: String?
}
