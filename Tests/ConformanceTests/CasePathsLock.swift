import Foundation

/// Some playbook cases write fixed paths under /tmp (`/tmp/swansible-conformance-*`), the same
/// for ansible-playbook and Swansible so that their outputs compare. Two test processes running
/// the suite at once (two worktrees, a CI clone beside a checkout) would overwrite each other's
/// files, so the suite holds this lock, across processes, for as long as its process lives.
enum CasePathsLock {
    static let path = "/tmp/swansible-conformance-playbooks.lock"

    /// Takes the lock once per process, waiting for another process that holds it.
    static let held: Bool = {
        let fd = open(path, O_CREAT | O_RDWR, 0o666)
        guard fd >= 0 else { return false }
        // (The descriptor stays open: the lock ends with the process.)
        return flock(fd, LOCK_EX) == 0
    }()
}
