import Foundation

/// One `unarchive` task: the script that unpacks on the host, and the result read from its output.
///
/// The script follows ansible-core's unarchive module: zip first (unzip and zipinfo), then GNU
/// tar with `-z`, no flag, `-j`, `-J` and zstd, the first that lists at least one member being the
/// handler; `tar --diff` (or, for zip, a comparison with a scratch extraction) decides whether
/// anything must be unpacked; the extracted members then get `mode`/`owner`/`group`.
struct UnarchiveRequest {
    var source: String
    let destination: String
    var remoteSource: Bool
    let creates: String?
    let excludes: [String]
    let includes: [String]
    let extraOptions: [String]
    let keepNewer: Bool
    let listFiles: Bool
    let validateCerts: Bool
    let attributes: FileAttributes

    init(_ args: ModuleArguments) {
        source = args.string("src") ?? ""
        destination = args.string("dest") ?? ""
        remoteSource = args.bool("remote_src")
        creates = args.string("creates")
        func strings(_ name: String) -> [String] { (args[name]?.listValue ?? []).map(\.pythonString) }
        excludes = strings("exclude").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        includes = strings("include")
        extraOptions = strings("extra_opts")
        keepNewer = args.bool("keep_newer")
        listFiles = args.bool("list_files")
        validateCerts = args.bool("validate_certs")
        attributes = FileAttributes(args)
    }

    static let section = "--swansible-unarchive--"
    static let reasonEnd = "--swansible-unarchive-reason--"
    /// What follows the report: members, extraction stdout and stderr, zip's itemized differences.
    static let sections = ["sw_list", "sw_out", "sw_err", "sw_diff"].map { "echo \(section); cat \"$\($0)\";" }.joined(separator: " ")

    /// The tar command for one operation (`--list`, `--diff`, `--extract`) with a handler's
    /// flag, as ansible-core builds it; the tar binary is the script's `$tar`.
    func tarArguments(_ operation: String, flag: String) -> [String] {
        var words = [operation, "-C", destination]
        if !flag.isEmpty { words.append(flag) }
        if !extraOptions.isEmpty { words += ["--show-transformed-names"] + extraOptions }
        if operation != "--list" {
            if let owner = attributes.owner { words.append("--owner=" + owner) }
            if let group = attributes.group { words.append("--group=" + group) }
            if keepNewer { words.append("--keep-newer-files") }
        }
        words += excludes.map { "--exclude=" + $0 }
        words += ["-f", source] + includes
        return words
    }

    /// unzip's extraction into `directory`, as ansible-core builds it.
    func unzipArguments(into directory: String) -> [String] {
        ["-o"] + extraOptions + [source] + (excludes.isEmpty ? [] : ["-x"] + excludes) + includes + ["-d", directory]
    }

    /// `tar --diff` lines that mean the directory lacks the archive's content (ansible-core's
    /// list), given who runs and which attributes the task sets itself.
    func differencePattern() -> String {
        var patterns = [": Mod time differs$", ": Warning: Cannot stat: No such file or directory$", ": Invalid owner",
                        ": Invalid group", ": Symlink differs$", ": Contents differ$", ": Size differs$"]
        if attributes.mode == nil { patterns.append(": Mode differs$") }
        return patterns.joined(separator: "|")
    }

    func script(checkMode: Bool, uploaded: Bool) -> String {
        let q = ShellQuote.quote, join = ShellQuote.join
        var s = RemoteFileLibrary.functions
        s += "src=\(q(source)); dest=\(q(destination))\n"
        s += "sw_say() { printf '%s\\n' \"$1\"; exit 0; }\n"
        if let creates {
            s += "if [ -e \(q(creates)) ]; then sw_say skipped_creates=1; fi\n"
        }
        s += "[ -d \"$dest\" ] || { printf 'action=1\\n'; sw_fail \"dest '$dest' must be an existing dir\"; }\n"
        s += "sw_list=$(mktemp) && sw_diff=$(mktemp) && sw_out=$(mktemp) && sw_err=$(mktemp) && sw_why=$(mktemp) || sw_fail 'mktemp failed'\n"
        // An archive sent from the controller is removed with the scratch files, whatever happens.
        s += "sw_scratch=; sw_download=\(uploaded ? q(source) : ""); flag=\n"
        s += "trap 'rm -rf \"$sw_list\" \"$sw_diff\" \"$sw_out\" \"$sw_err\" \"$sw_why\" $sw_scratch $sw_download' EXIT\n"
        if remoteSource && source.contains("://") {
            let curl = ["curl", "-sS", "-f", "-L"] + (validateCerts ? [] : ["-k"])
            s += """
                command -v curl >/dev/null 2>&1 || sw_fail "Failure downloading $src, the host has no curl"
                sw_download=$(mktemp) || sw_fail 'mktemp failed'
                \(join(curl)) -o "$sw_download" "$src" 2>"$sw_err" || sw_fail "Failure downloading $src, $(tr '\\n' ' ' <"$sw_err")"
                src=$sw_download

                """
        }
        let missing = uploaded ? "Source '$src' failed to transfer" : "Source '$src' does not exist"
        s += """
            [ -e "$src" ] || sw_fail "\(missing)"
            [ -r "$src" ] || sw_fail "Source '$src' not readable"
            [ -s "$src" ] || sw_fail "Invalid archive '$src', the file is 0 bytes"
            handler=
            sw_reason() { printf '%s' "$1" >>"$sw_why"; [ -z "$2" ] || cat "$2" >>"$sw_why"; printf '\n%s\n' \(Self.reasonEnd) >>"$sw_why"; }
            if ! command -v unzip >/dev/null 2>&1; then
              if command -v zipinfo >/dev/null 2>&1; then sw_reason "Unable to find required 'unzip' binary in the path."
              else sw_reason "Unable to find required 'unzip' or 'zipinfo' binary in the path."; fi
            elif unzip -l "$src" >/dev/null 2>"$sw_err"; then
              if command -v zipinfo >/dev/null 2>&1; then handler=ZipArchive; else handler=ZipZArchive; fi
              unzip -Z1 "$src" >"$sw_list" 2>/dev/null
            else
              sw_reason "Command \\"$(command -v unzip)\\" could not handle archive: " "$sw_err"
            fi

            """
        if checkMode {
            s += "[ -n \"$handler\" ] || sw_say skipped_check=1\n"
        }
        s += """
            tar=$(command -v gtar || command -v tar)
            if [ -z "$handler" ]; then
              if [ -z "$tar" ]; then sw_reason "Unable to find required 'gtar' or 'tar' binary in the path"
              elif ! "$tar" --version 2>/dev/null | head -n 1 | grep -q '^tar.*GNU'; then
                sw_reason "Command \\"$tar\\" detected as tar type None. GNU tar required."
              else

            """
        for (name, flag) in UnarchiveModule.tarHandlers {
            let list = join(tarArguments("--list", flag: flag))
            s += """
                    if [ -z "$handler" ]; then
                      if (cd "$dest" && LC_ALL=C "$tar" \(list)) >"$sw_list" 2>"$sw_err"; then
                        if [ -s "$sw_list" ]; then handler=\(name); flag=\(q(flag))
                        else sw_reason "Command \\"$tar\\" found no files in archive. Empty archive files are not supported."; fi
                      else sw_reason "Command \\"$tar\\" could not handle archive: Unable to list files in the archive: " "$sw_err"; fi
                    fi

                """
        }
        s += "  fi\nfi\n"
        s += "[ -n \"$handler\" ] || { echo no_handler=1; echo \(Self.section); cat \"$sw_why\"; exit 0; }\n"
        s += "echo handler=$handler; echo flag=$flag; echo tar=$tar; echo unzip=$(command -v unzip); echo src=$src\n"
        s += compareAndExtract(checkMode: checkMode)
        s += "echo changed=$sw_changed\n"
        s += "echo state=directory; sw_describe \"$dest\"\n"
        s += Self.sections + "\n"
        return s
    }

    /// Sets `unarchived`, then (outside check mode) extracts when needed and applies the
    /// attributes to every member and top directory, recording `sw_changed`.
    private func compareAndExtract(checkMode: Bool) -> String {
        let q = ShellQuote.quote, join = ShellQuote.join
        var ownerGroupPatterns = ""
        if attributes.owner == nil { ownerGroupPatterns += "|: Uid differs$" }
        if attributes.group == nil { ownerGroupPatterns += "|: Gid differs$" }
        let tarFlag = "${flag:+\"$flag\"}"
        let diff = join(tarArguments("--diff", flag: "FLAG")).replacingOccurrences(of: " FLAG ", with: " \(tarFlag) ")
        let extract = join(tarArguments("--extract", flag: "FLAG")).replacingOccurrences(of: " FLAG ", with: " \(tarFlag) ")
        var s = """
            unarchived=1
            case $handler in Zip*)
              # ansible-core's itemized differences: >f++++++.?? for a missing member, c for one
              # of another type, then content (c), size (s) and modification time (t).
              sw_scratch=$(mktemp -d) || sw_fail 'mktemp failed'
              unzip -qq \(join(unzipArguments(into: "SCRATCH")).replacingOccurrences(of: "SCRATCH", with: "\"$sw_scratch\"")) >/dev/null 2>&1
              while IFS= read -r f; do
                a="$sw_scratch/$f"; b="$dest/$f"
                case $f in */) t=d ;; *) if [ -L "$a" ]; then t=L; else t=f; fi ;; esac
                if [ ! -e "$b" ] && [ ! -L "$b" ]; then echo ">$t++++++.?? $f"; continue; fi
                case $t in
                  d) if [ -L "$b" ] || [ ! -d "$b" ]; then echo "c$t++++++.?? $f"; continue; fi ;;
                  L) if [ ! -L "$b" ]; then echo "c$t++++++.?? $f"; continue; fi ;;
                  f) if [ -L "$b" ] || [ ! -f "$b" ]; then echo "c$t++++++.?? $f"; continue; fi
                     c=.; z=.; m=.
                     cmp -s "$a" "$b" || c=c
                     [ "$(stat -c %s "$a")" = "$(stat -c %s "$b")" ] || z=s
                     [ "$(stat -c %.9Y "$a")" = "$(stat -c %.9Y "$b")" ] || m=t
                     [ "$c$z$m" = ... ] || echo ".f$c$z$m....?? $f" ;;
                esac
              done <"$sw_list" >"$sw_diff"
              [ -s "$sw_diff" ] && unarchived=0 ;;
            *)
              pattern=\(q(differencePattern()))
              [ "$(id -u)" = 0 ] && pattern="$pattern"\(q(ownerGroupPatterns))
              (cd "$dest" && LC_ALL=C "$tar" \(diff)) >"$sw_diff" 2>&1
              if grep -v ': : Warning: Cannot stat: No such file or directory$' "$sw_diff" | grep -E -q "$pattern"; then unarchived=0; fi
              : >"$sw_diff" ;;
            esac
            echo unarchived=$unarchived

            """
        if checkMode {
            s += "[ \"$unarchived\" = 1 ] || sw_changed=1\n"
            return s
        }
        s += """
            if [ "$unarchived" = 0 ]; then
              if [ "$handler" != "${handler#Zip}" ]; then
                (cd "$dest" && LC_ALL=C unzip \(join(unzipArguments(into: "DEST")).replacingOccurrences(of: "DEST", with: "\"$dest\""))) >"$sw_out" 2>"$sw_err"
              else
                (cd "$dest" && LC_ALL=C "$tar" \(extract)) >"$sw_out" 2>"$sw_err"
              fi
              rc=$?
              echo extracted=1; echo rc=$rc
              [ "$rc" = 0 ] || { \(Self.sections) exit 0; }
              sw_changed=1
            fi

            """
        if attributes.mode != nil || attributes.owner != nil || attributes.group != nil {
            s += """
                sw_top=
                while IFS= read -r f; do
                  f=${f#/}
                  \(attributes.applyCall(pathWord: "\"$dest/$f\""))
                  case $f in */*) t=${f%%/*}; case " $sw_top " in *" $t "*) ;; *) sw_top="$sw_top $t" ;; esac ;; esac
                done <"$sw_list"
                for t in $sw_top; do \(attributes.applyCall(pathWord: "\"$dest/$t\"")); done

                """
        }
        return s
    }

    /// The module's result from the script's report and sections (members, extraction output).
    func result(fromScriptOutput stdout: String, stderr: String, exitCode: Int32) -> ModuleResult {
        let parts = stdout.components(separatedBy: Self.section + "\n")
        let report = ScriptReport(parts[0])
        if report.flag("skipped_creates") { return .skippedByTheAction(message: "skipped, since \(creates ?? "") exists") }
        if report.flag("skipped_check") {
            return ModuleResult(skipped: true, message: "remote module (ansible.legacy.unarchive) does not support check mode when using gtar")
        }
        if report.flag("failed") {
            let message = report["msg"] ?? "unarchive failed"
            return report.flag("action") ? .raisedFailure(message) : .failure(message)
        }
        let source = report["src"] ?? self.source
        if report.flag("no_handler") {
            // Each reason as ansible-core words it, a tool's stderr included, one per line.
            let reasons = (parts.count > 1 ? parts[1] : "").components(separatedBy: "\n" + Self.reasonEnd + "\n").dropLast()
            return .failure("Failed to find handler for \"\(source)\". Make sure the required command to extract the file is installed.\n"
                            + reasons.joined(separator: "\n"))
        }
        guard let handler = report["handler"], parts.count >= 5 else {
            return .failure("unarchive failed on the host: \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        var fields: ValueDict = ["dest": .string(destination)]
        if report.flag("extracted") {
            let rc = report.int("rc") ?? 1
            let cmd = handler.hasPrefix("Zip")
                ? [report["unzip"] ?? "unzip"] + unzipArguments(into: destination)
                : [report["tar"] ?? "tar"] + tarArguments("--extract", flag: report["flag"] ?? "")
            fields["extract_results"] = ["cmd": .list(cmd.map(Value.string)), "err": .string(parts[3]),
                                         "out": .string(parts[2]), "rc": .int(rc)]
            if rc != 0 {
                fields["handler"] = .string(handler)
                fields["src"] = .string(source)
                return .failure("failed to unpack \(source) to \(destination)", fields: fields)
            }
        }
        if listFiles {
            fields["files"] = .list(parts[1].split(separator: "\n", omittingEmptySubsequences: true).map {
                let name = Self.decodingOctalEscapes(String($0))
                return .string(name.hasPrefix("/") ? String(name.dropFirst()) : name)
            })
        }
        if !parts[4].isEmpty { fields["diff"] = ["prepared": .string(parts[4])] }
        for (key, value) in report.pathFields { fields[key] = value }
        fields["handler"] = .string(handler)
        fields["src"] = .string(source)
        fields["state"] = "directory"
        return ModuleResult(changed: report.flag("changed"), fields: fields)
    }

    /// GNU tar writes bytes outside ASCII as `\ooo` escapes (and a backslash as `\\`).
    static func decodingOctalEscapes(_ name: String) -> String {
        guard name.contains("\\") else { return name }
        var bytes: [UInt8] = [], input = Array(name.utf8), index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "\\"), index + 1 < input.count {
                let octal = input[(index + 1)...].prefix(3).prefix { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
                if octal.count == 3, let value = UInt8(String(decoding: octal, as: UTF8.self), radix: 8) {
                    bytes.append(value)
                    index += 4
                    continue
                }
                bytes.append(input[index + 1])
                index += 2
                continue
            }
            bytes.append(input[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
