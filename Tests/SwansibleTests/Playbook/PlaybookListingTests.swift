import Testing
@testable import Swansible

/// `--list-tasks` / `--list-tags` text, pinned to what ansible-playbook 2.19 printed for the
/// same playbook (the conformance suite re-checks against the live oracle).
@Suite struct PlaybookListingTests {
    static let files = [
        "site.yml": """
            - hosts: [web, db]
              tags: [site]
              roles:
                - role: web
                  tags: w
              tasks:
                - name: check
                  command: "true"
                  tags: [test, check]
                - block:
                    - debug: msg=in
                  rescue:
                    - debug: msg=r
            - name: second
              hosts: all
              tasks: []

            """,
        "roles/web/tasks/main.yml": "- name: serve\n  debug: msg=s\n- debug: msg=x\n",
    ]

    @Test func listTasksAndTagsText() throws {
        let tree = try PlaybookTree(Self.files)
        defer { tree.remove() }
        let text = TaskListing.render(try tree.load(), shownPath: "site.yml", listTasks: true, listTags: true)
        #expect(text == """

            playbook: site.yml

              play #1 (web,db): web,db\tTAGS: [site]
                tasks:
                  web : serve\tTAGS: [site, w]
                  debug\tTAGS: [site, w]
                  check\tTAGS: [check, site, test]
                  debug\tTAGS: [site]
                  TASK TAGS: [check, site, test, w]

              play #2 (all): second\tTAGS: []
                tasks:
                  TASK TAGS: []

            """)
    }

    @Test func listTasksNarrowedByTags() throws {
        let tree = try PlaybookTree(Self.files)
        defer { tree.remove() }
        let selection = TaskListing.selection(tags: ["test"], skipTags: [], listTags: false)
        let text = TaskListing.render(try tree.load(), shownPath: "site.yml", listTasks: true, listTags: false,
                                      selected: selection.shouldRun)
        #expect(text == "\nplaybook: site.yml\n\n  play #1 (web,db): web,db\tTAGS: [site]\n    tasks:\n"
            + "      check\tTAGS: [check, site, test]\n\n  play #2 (all): second\tTAGS: []\n    tasks:\n")
    }

    @Test func listTagsAloneShowsNeverTags() {
        #expect(TaskListing.selection(tags: [], skipTags: [], listTags: true).shouldRun(["never", "x"]))
        #expect(!TaskListing.selection(tags: [], skipTags: [], listTags: false).shouldRun(["never", "x"]))
        #expect(!TaskListing.selection(tags: [], skipTags: ["y"], listTags: true).shouldRun(["never", "x"]))
    }
}
