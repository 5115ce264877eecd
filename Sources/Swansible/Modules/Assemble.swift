import Foundation

/// `assemble`: one file made of the fragments in a directory (sorted by name), on the host by
/// default or from the controller with `remote_src: false`, written only when its checksum
/// differs, atomically.
struct AssembleModule: Module {
    static let names = ["assemble"]
    static let actionPlugin = ActionPluginKind.wrapsModule
    static func controllerPathArguments(_ args: ModuleArguments) -> Set<String> { args.bool("remote_src") ? [] : ["src"] }
    static let spec = ModuleSpec(arguments: [
        ArgumentSpec("attributes", aliases: ["attr"]),
        ArgumentSpec("backup", .bool, default: false,
                     description: "Before replacing the file, keep a copy of it with a timestamp in its name."),
        ArgumentSpec("decrypt", .bool, default: true, actionOnly: true,
                     description: "Decrypt vaulted fragments read on the controller."),
        ArgumentSpec("delimiter",
                     description: "Text written between fragments (backslash escapes such as `\\n` are decoded); a newline follows it unless it ends with one."),
        ArgumentSpec("dest", .path, required: true, description: "The file to write on the host."),
        ArgumentSpec("group"),
        ArgumentSpec("ignore_hidden", .bool, default: false, description: "Skip fragments whose names start with a dot."),
        ArgumentSpec("mode", .mode),
        ArgumentSpec("owner"),
        ArgumentSpec("regexp", description: "Only fragments whose names this Python regular expression matches (searched, not anchored)."),
        ArgumentSpec("remote_src", .bool, default: true,
                     description: "Whether `src` is a directory on the host (the default) or on the controller."),
        ArgumentSpec("selevel"),
        ArgumentSpec("serole"),
        ArgumentSpec("setype"),
        ArgumentSpec("seuser"),
        ArgumentSpec("src", .path, required: true, description: "Directory of fragments."),
        ArgumentSpec("unsafe_writes", .bool, default: false),
        ArgumentSpec("validate",
                     description: "Command that checks the assembled file before it replaces `dest`; `%s` stands for its path."),
    ])

    static let documentation = ModuleDocumentation(
        "Assemble a file from fragments",
        description: [
            "Concatenates the files of a directory, in the order of their names, into `dest`, with an optional delimiter between them; a fragment that does not end with a newline gets one before the next.",
            "The file is replaced only when the result differs, by a rename (never half-written).",
        ],
        notes: [
            "On the host (the default) one shell script reads the fragments, compares checksums, validates and renames; no Python is needed. `regexp` is applied by `grep -E` after Python's class escapes are spelled out.",
            "With `remote_src: false` the fragments are read on the controller and the result is sent like `copy` sends a file.",
        ],
        examples: """
            - name: Build the kubelet configuration from its drop-ins
              ansible.builtin.assemble:
                src: /etc/kubernetes/kubelet.d
                dest: /etc/kubernetes/kubelet.conf
                delimiter: "### fragment"
                mode: "0644"
            """,
        fragments: [.files])

    static func run(_ args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        let src = args.string("src") ?? "", dest = args.string("dest") ?? ""
        let validate = args.string("validate")
        // codecs.escape_decode, as ansible's assemble does
        let delimiter = args.string("delimiter").map { Array(PythonEscapes.decode($0).utf8) }
        if let validate, !validate.contains("%s") { return .failure("validate must contain %s: \(validate)") }
        let pattern: PythonRegex?
        do { pattern = try args.string("regexp").map { try PythonRegex($0) } } catch {
            return .failure("Invalid Regexp (\(error)) in \"\(args.string("regexp") ?? "")\"")
        }
        if !args.bool("remote_src") {
            return try await fromController(src: src, dest: dest, delimiter: delimiter, pattern: pattern, args: args, in: context)
        }
        let script = remoteScript(src: src, dest: dest, delimiter: delimiter, validate: validate, args: args,
                                  checkMode: context.checkMode)
        let (result, report) = try await context.runReport(script)
        if report.flag("failed") { return .failure(report["msg"] ?? result.stderr) }
        guard let checksum = report["checksum"] else { return .failure("assemble failed on the host: \(result.stderr)") }
        var fields: ValueDict = ["checksum": .string(checksum), "dest": .string(dest), "md5sum": .string(report["md5sum"] ?? "")]
        if let backup = report["backup_file"] { fields["backup_file"] = .string(backup) }
        for (key, value) in report.pathFields { fields[key] = value }
        fields["src"] = .string(src)
        if report["uid"] != nil { fields["state"] = "file" }
        return ModuleResult(changed: report.flag("changed"), message: "OK", fields: fields)
    }

    /// The fragments read on the controller, then installed as `copy` installs content.
    private static func fromController(src: String, dest: String, delimiter: [UInt8]?, pattern: PythonRegex?,
                                       args: ModuleArguments, in context: ModuleContext) async throws -> ModuleResult {
        guard let directory = SourceFile.locate(src, kind: "files", in: context) else {
            return .actionError(SourceFile.notFound(src, kind: "files", in: context))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .raisedFailure("Source (\(directory)) is not a directory")
        }
        var fragments: [Data] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for name in names {
            if let pattern, pattern.firstMatch(in: name) == nil { continue }
            if args.bool("ignore_hidden") && name.hasPrefix(".") { continue }
            let path = directory + "/" + name
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let raw = FileManager.default.contents(atPath: path) else { continue }
            do { fragments.append(args.bool("decrypt") ? try DataLoader.decrypted(raw, file: path) : raw) } catch {
                return .failure("\(error)")
            }
        }
        var install = ContentInstall(content: assembled(fragments, delimiter: delimiter), dest: dest, nameInDirectory: nil,
                                     attributes: FileAttributes(args))
        install.backup = args.bool("backup")
        install.validate = args.string("validate")
        return try await install.run(in: context)
    }

    /// ansible's joining: the delimiter between fragments (then a newline unless it ends with
    /// one), and a newline before a fragment when the previous one did not end with one.
    static func assembled(_ fragments: [Data], delimiter: [UInt8]?) -> Data {
        var out = Data(), needsNewline = false
        for (index, fragment) in fragments.enumerated() {
            if needsNewline { out.append(0x0A) }
            if index > 0, let delimiter, !delimiter.isEmpty {
                out.append(contentsOf: delimiter)
                if delimiter.last != 0x0A { out.append(0x0A) }
            }
            out.append(fragment)
            needsNewline = fragment.last != 0x0A
        }
        return out
    }

    /// One script on the host: the same joining, in a temp file beside `dest`, then checksum
    /// comparison, validation, backup, rename and attributes.
    static func remoteScript(src: String, dest: String, delimiter: [UInt8]?, validate: String?, args: ModuleArguments,
                             checkMode: Bool) -> String {
        let q = ShellQuote.quote
        var s = RemoteFileLibrary.functions
        s += "sw_check=\(checkMode ? 1 : 0)\nsrc=\(q(src)); dest=\(q(dest))\n"
        s += """
            [ -e "$src" ] || sw_fail "Source ($src) does not exist"
            [ -d "$src" ] || sw_fail "Source ($src) is not a directory"
            tmp=$(mktemp "$(dirname "$dest")/.swansible-assemble.XXXXXX" 2>/dev/null || mktemp) || sw_fail 'mktemp failed'
            trap 'rm -f "$tmp" "$tmp.out" "$tmp.err"' EXIT
            first=1; newline=0
            LC_ALL=C ls -A "$src" | while IFS= read -r name; do

            """
        if let pattern = args.string("regexp") {
            s += "  printf '%s\\n' \"$name\" | grep -E -q -- \(q(PythonRegex.extendedRegex(pattern))) || continue\n"
        }
        if args.bool("ignore_hidden") { s += "  case $name in .*) continue ;; esac\n" }
        s += "  [ -f \"$src/$name\" ] || continue\n"
        s += "  [ \"$newline\" = 1 ] && printf '\\n'\n"
        if let delimiter, !delimiter.isEmpty {
            let octal = delimiter.map { "\\" + String($0, radix: 8) }.joined()
            s += "  [ \"$first\" = 1 ] || printf '\(octal)\(delimiter.last == 0x0A ? "" : "\\n")'\n"
        }
        s += """
              cat "$src/$name"; first=0
              if [ -s "$src/$name" ] && [ "$(tail -c 1 "$src/$name" | wc -l)" = 1 ]; then newline=0; else newline=1; fi
            done >"$tmp"
            sum=$(sha1sum <"$tmp" | cut -c1-40)
            echo checksum=$sum; echo md5sum=$(md5sum <"$tmp" | cut -c1-32)
            old=; [ -f "$dest" ] && old=$(sha1sum <"$dest" | cut -c1-40)
            if [ "$sum" != "$old" ]; then

            """
        if let validate {
            let command = validate.replacingOccurrences(of: "%s", with: "\"$tmp\"")
            s += """
                  \(command) >"$tmp.out" 2>"$tmp.err"; rc=$?
                  if [ "$rc" != 0 ]; then
                    sw_fail "failed to validate: rc:$rc error:$(cat "$tmp.err")"
                  fi

                """
        }
        if args.bool("backup") {
            s += "  if [ -n \"$old\" ] && [ \"$sw_check\" != 1 ]; then b=\"$dest.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p \"$dest\" \"$b\" && echo backup_file=$b; fi\n"
        }
        s += """
              if [ "$sw_check" != 1 ]; then
                if [ -e "$dest" ]; then chmod --reference="$dest" "$tmp"; chown --reference="$dest" "$tmp" 2>/dev/null
                else chmod "$(printf '%o' $((0666 & ~0$(umask))))" "$tmp"; fi
                mv -f "$tmp" "$dest" || sw_fail "could not replace $dest"
              fi
              sw_changed=1
            fi
            \(FileAttributes(args).applyCall(pathWord: "\"$dest\""))
            echo changed=$sw_changed
            sw_describe "$dest"

            """
        return s
    }
}
