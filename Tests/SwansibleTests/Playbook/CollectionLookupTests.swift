import Foundation
import Testing
@testable import Swansible

/// Where roles and modules of collections are found, and which collection a short name
/// resolves to.
@Suite struct CollectionLookupTests {
    @Test func aCollectionsPathEntryMayNameAnsibleCollectionsItself() {
        #expect(ModuleLibrary.collectionRoot("/opt/c") == "/opt/c/ansible_collections")
        #expect(ModuleLibrary.collectionRoot("/opt/c/ansible_collections/") == "/opt/c/ansible_collections")
    }

    @Test func qualifiedNamesSplitIntoCollectionAndRest() {
        #expect(ModuleLibrary.splitQualifiedName("ns.coll.role")! == ("ns.coll", "role"))
        #expect(ModuleLibrary.splitQualifiedName("ns.coll.sub.mod")! == ("ns.coll", "sub.mod"))
        #expect(ModuleLibrary.splitQualifiedName("geerlingguy.docker") == nil)
        #expect(ModuleLibrary.splitQualifiedName("ns.1coll.role") == nil)
    }

    @Test func collectionsBesideThePlaybookComeBeforeTheCollectionsPath() throws {
        let tree = try PlaybookTree([
            "pb/collections/ansible_collections/ns/coll/roles/r/tasks/main.yml": "- debug: msg=beside\n",
            "path/ansible_collections/ns/coll/roles/r/tasks/main.yml": "- debug: msg=path\n",
            "path/ansible_collections/ns/other/roles/r/tasks/main.yml": "- debug: msg=other\n",
        ])
        defer { tree.remove() }
        let library = ModuleLibrary(collectionsPath: [tree.root + "/path"])
        #expect(library.collectionDirectory("ns.coll") == tree.root + "/path/ansible_collections/ns/coll")
        library.addPlaybookCollections(of: tree.root + "/pb")
        #expect(library.collectionDirectory("ns.coll") == tree.root + "/pb/collections/ansible_collections/ns/coll")
        #expect(library.collectionDirectory("ns.other") == tree.root + "/path/ansible_collections/ns/other")
        #expect(library.collectionDirectory("ns.none") == nil)
    }

    @Test func aShortNameResolvesToTheFirstCollectionThatHasIt() throws {
        let tree = try PlaybookTree([
            "c/ansible_collections/ns/a/plugins/modules/mod.sh": "#!/bin/sh\n",
            "c/ansible_collections/ns/b/plugins/modules/mod": "#!/bin/sh\n",
            "c/ansible_collections/ns/b/plugins/action/act.py": "",
            "library/libmod": "#!/bin/sh\n",
        ])
        defer { tree.remove() }
        let library = ModuleLibrary(collectionsPath: [tree.root + "/c"])
        library.addContent(of: tree.root)
        var actions = ContentActions(builtin: TestActions(), library: library, collections: ["ns.b", "ns.a"])
        #expect(actions.resolved("mod") == "ns.b.mod")
        #expect(actions.resolved("debug") == "debug")
        #expect(actions.contentAction("mod") == .module(path: tree.root + "/c/ansible_collections/ns/b/plugins/modules/mod"))
        #expect(actions.contentAction("ns.a.mod") == .module(path: tree.root + "/c/ansible_collections/ns/a/plugins/modules/mod.sh"))
        #expect(actions.contentAction("act") == .actionPlugin(path: tree.root + "/c/ansible_collections/ns/b/plugins/action/act.py"))
        #expect(actions.contentAction("libmod") != nil)
        // Inside a collection's role, short names fall back to ansible.builtin alone.
        actions.allowsLegacy = false
        #expect(actions.contentAction("libmod") == nil)
        #expect(actions.traits(ofModule: "libmod") == nil)
        #expect(actions.traits(ofModule: "mod") != nil)
    }

    @Test func aCollectionRoleTakesItsQualifiedNameAndItsCollectionFirst() throws {
        let tree = try PlaybookTree([
            "site.yml": "- hosts: all\n  roles:\n    - ns.coll.outer\n",
            "collections/ansible_collections/ns/coll/roles/outer/meta/main.yml": "collections: [ns.more]\ndependencies: [inner]\n",
            "collections/ansible_collections/ns/coll/roles/outer/tasks/main.yml": "- debug: msg=outer\n",
            "collections/ansible_collections/ns/coll/roles/inner/tasks/main.yml": "- debug: msg=inner\n",
            "roles/inner/tasks/main.yml": "- debug: msg=wrong\n",
        ])
        defer { tree.remove() }
        let roles = try tree.load().plays[0].roles.map(\.invocation.role)
        #expect(roles.map(\.name) == ["ns.coll.inner", "ns.coll.outer"])
        #expect(roles.map(\.shortName) == ["inner", "outer"])
        #expect(roles[1].collection == "ns.coll")
        #expect(roles[1].collections == ["ns.coll", "ns.more"])
    }
}
