import Foundation

/// `slurp`: a file's content from the host, base64-encoded like ansible's (`b64decode` undoes it).
struct SlurpModule: Module {
    static let names = ["slurp"]
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("src", .path, required: true, aliases: ["path"], description: "File on the host to read."),
    ])

    static let documentation = ModuleDocumentation(
        "Read a file from the host, base64-encoded",
        description: [
            "Returns the content of a file on the host in `content`, base64-encoded (decode it with the `b64decode` filter).",
        ],
        notes: [
            "Read with `base64` from coreutils on the host; no Python is needed.",
        ],
        examples: """
            - name: Read the cluster's CA certificate
              ansible.builtin.slurp:
                src: /etc/kubernetes/ssl/ca.pem
              register: ca

            - name: Show it
              ansible.builtin.debug:
                msg: "{{ ca.content | b64decode }}"
            """)

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let src = args.string("src") ?? ""
        let p = ShellQuote.quote(src)
        let script = """
        [ -e \(p) ] || { echo 'swansible-slurp: missing' >&2; exit 2; }
        [ -d \(p) ] && { echo 'swansible-slurp: directory' >&2; exit 2; }
        [ -r \(p) ] || { echo 'swansible-slurp: unreadable' >&2; exit 2; }
        base64 -w0 < \(p)
        """
        let result = try await context.runScript(script)
        if result.exitCode != 0 {
            if result.stderr.contains("swansible-slurp: missing") { return .failure("File not found: \(src)") }
            if result.stderr.contains("swansible-slurp: directory") { return .failure("source is a directory and must be a file") }
            if result.stderr.contains("swansible-slurp: unreadable") { return .failure("file is not readable: \(src)") }
            return .failure("unable to slurp file: \(result.stderr)")
        }
        return ModuleResult(fields: [
            "content": .string(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
            "encoding": "base64",
            "source": .string(src),
        ])
    }
}
