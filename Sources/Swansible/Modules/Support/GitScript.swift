import Foundation

/// The git module's work on the host, as one bash script: the same steps, git commands, checks
/// and messages as ansible-core's module (clone, or fetch and switch; submodules; check mode
/// asks `git ls-remote`), run in one round trip. It reports typed fields, each framed as
/// `@@TYPE:KEY LENGTH` and the value's bytes, so that command output passes through whole.
enum GitScript {
    /// What the script reported.
    struct Report {
        var fields: ValueDict = [:]
        var strings: [String: String] = [:]
        var flags: [String: Bool] = [:]
        var warnings: [String] = []
        var lists: [String: [String]] = [:]
        /// The script reached its end (or a failure it reports).
        var complete = false

        /// Keys that are the result's shape, not fields of it.
        static let control: Set<String> = ["changed", "failed", "msg", "diff", "missing", "end", "checked", "argv"]

        init(_ stdout: String) {
            let bytes = Array(stdout.utf8)
            var i = 0
            while i < bytes.count {
                guard let newline = bytes[i...].firstIndex(of: UInt8(ascii: "\n")) else { break }
                let header = String(decoding: bytes[i..<newline], as: UTF8.self)
                guard header.hasPrefix("@@"), let space = header.lastIndex(of: " "),
                      let length = Int(header[header.index(after: space)...]),
                      newline + 1 + length <= bytes.count else { break }
                let tag = header.dropFirst(2)[..<space]
                let value = String(decoding: bytes[(newline + 1)..<(newline + 1 + length)], as: UTF8.self)
                i = newline + 1 + length + 1
                guard let colon = tag.firstIndex(of: ":") else { continue }
                let kind = tag[..<colon], key = String(tag[tag.index(after: colon)...])
                add(kind: String(kind), key: key, value: value)
            }
        }

        mutating func add(kind: String, key: String, value: String) {
            let typed: Value
            switch kind {
            case "s": typed = .string(value); strings[key] = value
            case "b": typed = .bool(value == "1"); flags[key] = value == "1"
            case "i": typed = Int(value).map(Value.int) ?? .string(value)
            case "n": typed = .null
            case "w": warnings.append(value); return
            case "l":
                if Self.control.contains(key) { lists[key, default: []].append(value); return }
                var list = fields[key]?.listValue ?? []
                list.append(.string(value))
                fields[key] = .list(list)
                return
            default: return
            }
            if key == "end" || key == "failed" { complete = true }
            if !Self.control.contains(key) { fields[key] = typed }
        }
    }

    /// The script for these arguments; `umask` is octal digits, already checked.
    static func script(_ args: ModuleArguments, umask: String?, checkMode: Bool, diffMode: Bool) -> String {
        func q(_ name: String) -> String { ShellQuote.quote(args.string(name) ?? "") }
        func flag(_ name: String) -> String { args.bool(name) ? "1" : "0" }
        var s = "#!/bin/bash\n"
        s += "repo=\(q("repo")) dest=\(q("dest")) version=\(q("version")) remote=\(q("remote"))\n"
        s += "refspec=\(q("refspec")) reference=\(q("reference")) depth=\(ShellQuote.quote(args.int("depth").map(String.init) ?? ""))\n"
        s += "executable=\(q("executable")) key_file=\(q("key_file")) separate_git_dir=\(q("separate_git_dir")) archive=\(q("archive"))\n"
        s += args["archive_prefix"] == nil ? "unset archive_prefix\n" : "archive_prefix=\(q("archive_prefix"))\n"
        s += args["ssh_opts"] == nil ? "unset ssh_opts\n" : "ssh_opts=\(q("ssh_opts"))\n"
        let allowlist = (args["gpg_allowlist"]?.listValue ?? []).map { ShellQuote.quote($0.stringValue ?? $0.pythonString) }
        s += "gpg_allowlist=(\(allowlist.joined(separator: " ")))\n"
        for name in ["verify_commit", "force", "clone", "update", "bare", "single_branch", "recursive", "track_submodules", "accept_hostkey", "accept_newhostkey"] {
            s += "\(name)=\(flag(name)) "
        }
        s += "check=\(checkMode ? 1 : 0) want_diff=\(diffMode ? 1 : 0)\n"
        if let umask { s += "umask \(umask)\n" }
        return s + body
    }

    // The script, after its variables. Functions set globals (rc, out, ...) rather than print,
    // and `sw_*` names keep clear of the user's environment.
    static let body = #"""
        sw_t=$(mktemp -d) || { echo 'could not create a temporary directory' >&2; exit 1; }
        trap 'rm -rf "$sw_t"' EXIT
        sw_emitf() { printf '@@%s %s\n' "$1" "$(wc -c <"$2")"; cat "$2"; printf '\n'; }
        sw_emit() { printf '%s' "$2" >"$sw_t/v"; sw_emitf "$1" "$sw_t/v"; }
        sw_rstrip() { local v=$1; while [[ $v == *[[:space:]] ]]; do v=${v%?}; done; printf '%s' "$v"; }
        # sw_run DIR ARGS...: the command in DIR (in the current directory when DIR is not
        # one); its output in $sw_t/o and $sw_t/e, rc, and out (trailing newlines dropped).
        sw_run() {
          local d=$1; shift
          if [ -n "$d" ] && [ -d "$d" ]; then (cd "$d" && exec "$@") >"$sw_t/o" 2>"$sw_t/e"; else "$@" >"$sw_t/o" 2>"$sw_t/e"; fi
          rc=$?; out=$(cat "$sw_t/o")
        }
        sw_fail() { sw_emit b:failed 1; sw_emit s:msg "$1"; exit 0; }
        sw_fail_output() { # MSG [RC]: a failure with the last command's output
          sw_emit b:failed 1; sw_emit s:msg "$1"; sw_emitf s:stdout "$sw_t/o"; sw_emitf s:stderr "$sw_t/e"
          [ -z "$2" ] || sw_emit i:rc "$2"
        }
        sw_checked() { # like run_command(check_rc=True)
          sw_run "$@"
          if [ "$rc" != 0 ]; then
            shift; sw_emit b:failed 1; sw_emit s:msg "$(sw_rstrip "$(cat "$sw_t/e")")"; sw_emit b:checked 1
            local a; for a in "$@"; do sw_emit l:argv "$a"; done
            sw_emit i:rc "$rc"; sw_emitf s:stdout "$sw_t/o"; sw_emitf s:stderr "$sw_t/e"; exit 0
          fi
        }
        sw_unfrack() { realpath -m -- "$1" 2>/dev/null || printf '%s' "$1"; }

        # The git program: `executable` as given, else the first on the PATH (and sbin's).
        if [ -n "$executable" ]; then git=$executable
        else
          git=
          sw_p=$PATH
          for sw_d in /sbin /usr/sbin /usr/local/sbin; do
            case ":$PATH:" in *":$sw_d:"*) ;; *) [ -e "$sw_d" ] && sw_p="$sw_p:$sw_d" ;; esac
          done
          IFS=: read -r -a sw_dirs <<<"$sw_p"
          for sw_d in "${sw_dirs[@]}"; do
            if [ -n "$sw_d" ] && [ -f "$sw_d/git" ] && [ -x "$sw_d/git" ]; then git=$sw_d/git; break; fi
          done
          [ -n "$git" ] || { sw_emit s:missing "$sw_p"; exit 0; }
        fi

        if [ "$accept_hostkey" = 1 ]; then
          if [ "${ssh_opts+set}" ]; then
            case $ssh_opts in *"-o StrictHostKeyChecking=no"*|*"-o StrictHostKeyChecking=accept-new"*) ;; *) ssh_opts="$ssh_opts -o StrictHostKeyChecking=no" ;; esac
          else ssh_opts="-o StrictHostKeyChecking=no"; fi
        fi
        if [ "$accept_newhostkey" = 1 ]; then
          if ! command -v ssh >/dev/null 2>&1; then
            sw_emit s:details "Failed to find required executable \"ssh\" in paths: $PATH"
            sw_fail 'Remote host is missing ssh command, so you cannot use acceptnewhostkey option.'
          elif ! ssh -o StrictHostKeyChecking=accept-new -V >/dev/null 2>&1; then
            sw_emit w:warning 'Your ssh client does not support accept_newhostkey option, therefore it cannot be used.'
          elif [ "${ssh_opts+set}" ]; then
            case $ssh_opts in *"-o StrictHostKeyChecking=no"*|*"-o StrictHostKeyChecking=accept-new"*) ;; *) ssh_opts="$ssh_opts -o StrictHostKeyChecking=accept-new" ;; esac
          else ssh_opts="-o StrictHostKeyChecking=accept-new"; fi
        fi

        given_repo=$repo
        sw_r=$repo
        case $sw_r in "~") sw_r=$HOME ;; "~/"*) sw_r=$HOME/${sw_r#"~/"} ;; esac
        case $sw_r in /*) repo="file://$sw_r" ;; esac
        expanded_repo=$sw_r

        # The locale ansible-core parses git's output in.
        sw_locale=C
        if sw_all=$(locale -a 2>/dev/null) && [ -n "$sw_all" ]; then
          for sw_l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do
            if printf '%s\n' "$sw_all" | grep -qxF -- "$sw_l"; then sw_locale=$sw_l; break; fi
          done
        fi
        export LANG=$sw_locale LC_ALL=$sw_locale LC_MESSAGES=$sw_locale LC_CTYPE=$sw_locale LANGUAGE=$sw_locale

        sw_repo_path() { # the repository's directory for dest, following a `.git` file
          if [ "$bare" = 1 ]; then repo_path=$dest; else repo_path=$dest/.git; fi
          if [ -f "$repo_path" ]; then
            local data prefix gd
            data=$(cat "$repo_path")
            case $data in
              *"gitdir: "*) prefix=${data%%"gitdir: "*}; gd=${data#*"gitdir: "} ;;
              *) sw_repo_fail 'not enough values to unpack (expected 2, got 1)' ;;
            esac
            [ -z "$prefix" ] || sw_repo_fail '.git file has invalid git dir reference format'
            case $gd in /*) repo_path=$gd ;; *) repo_path=$dest/$gd ;; esac
            [ -d "$repo_path" ] || sw_repo_fail "$repo_path is not a directory"
          fi
        }
        sw_repo_fail() {
          sw_emit s:details "$1"
          sw_fail 'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path'
        }

        if [ -z "$dest" ] && [ "$clone" = 1 ]; then sw_fail 'the destination directory must be specified unless clone=no'; fi
        [ -z "$separate_git_dir" ] || separate_git_dir=$(realpath -m -- "$separate_git_dir")
        changed=0 git_dir_now=
        if [ -n "$dest" ]; then
          dest=$(realpath -s -m -- "$dest")
          sw_repo_path
          if [ -n "$separate_git_dir" ] && [ -e "$repo_path" ] && [ "$separate_git_dir" != "$repo_path" ]; then
            changed=1
            if [ "$check" != 1 ]; then
              [ ! -e "$separate_git_dir" ] || sw_fail "Separate-git-dir path $separate_git_dir already exists."
              mv -- "$repo_path" "$separate_git_dir" 2>/dev/null || sw_fail 'Unable to move git dir.'
              printf 'gitdir: %s' "$separate_git_dir" >"$dest/.git"
              git_dir_before=$repo_path git_dir_now=$separate_git_dir repo_path=$separate_git_dir
            fi
          fi
          gitconfig=$repo_path/config
        fi
        sw_moved() { [ -z "$git_dir_now" ] || { sw_emit s:git_dir_before "$git_dir_before"; sw_emit s:git_dir_now "$git_dir_now"; }; }
        sw_done() { sw_moved; sw_emit b:changed "$changed"; sw_emit b:end 1; exit 0; }

        # `git --version`: a git that cannot run fails here, as ansible-core's does.
        if [ -n "$executable" ] && ! [ -x "$git" ]; then
          if [ -e "$git" ]; then sw_emit s:errno '[Errno 13] Permission denied'; sw_emit i:rc 13
          else sw_emit s:errno '[Errno 2] No such file or directory'; sw_emit i:rc 2; fi
          sw_emit b:failed 1; sw_emit s:msg 'Error executing command.'
          sw_emit s:stdout ''; sw_emit s:stderr ''; sw_emit l:argv "$git"; sw_emit l:argv --version; exit 0
        fi

        if [ "${ssh_opts+set}" ]; then ssh_opts="${GIT_SSH_OPTS-} $ssh_opts"; else ssh_opts=${GIT_SSH_OPTS-}; fi
        if [ "$accept_hostkey" = 1 ] && [[ $ssh_opts != *StrictHostKeyChecking=no* ]]; then ssh_opts="$ssh_opts -o StrictHostKeyChecking=no"; fi
        [[ $ssh_opts == *BatchMode=yes* ]] || ssh_opts="$ssh_opts -o BatchMode=yes"
        if [ -n "$key_file" ]; then
          [[ $ssh_opts == *"-i $key_file"* ]] || ssh_opts="$ssh_opts  -i $key_file"
          [[ $ssh_opts == *IdentitiesOnly=yes* ]] || ssh_opts="$ssh_opts -o IdentitiesOnly=yes"
        fi
        GIT_SSH_COMMAND=${GIT_SSH-${GIT_SSH_COMMAND-ssh}}
        [ -z "$ssh_opts" ] || GIT_SSH_COMMAND="$GIT_SSH_COMMAND $ssh_opts"
        export GIT_SSH_COMMAND

        sw_get_version() { sw_run "$dest" "$git" rev-parse HEAD; }
        sw_is_remote_branch() { # REMOTE VERSION
          sw_checked "$dest" "$git" ls-remote "$1" -h "refs/heads/$2"; [[ $out == *"$2"* ]]
        }
        sw_is_remote_tag() {
          sw_checked "$dest" "$git" ls-remote "$1" -t "refs/tags/$2"; [[ $out == *"$2"* ]]
        }
        sw_branches() { # the lines of `git branch -a`, blanks trimmed, in $sw_t/branches
          sw_run "$dest" "$git" branch --no-color -a
          if [ "$rc" != 0 ]; then sw_fail_output "Could not determine branch data - received $(cat "$sw_t/o")"; exit 0; fi
          sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$sw_t/o" >"$sw_t/branches"
        }
        sw_is_local_branch() {
          sw_branches; grep -qxF -e "$1" -e "* $1" "$sw_t/branches"
        }
        sw_is_not_a_branch() {
          sw_branches; grep '^\* ' "$sw_t/branches" | grep -qE 'no branch|detached from|detached at'
        }
        sw_head_branch() { # the branch HEAD is on, else the remote's HEAD branch, in $head_branch
          local headfile raw last
          sw_repo_path
          headfile=$repo_path/HEAD
          if sw_is_not_a_branch; then headfile=$repo_path/refs/remotes/$remote/HEAD; fi
          head_branch=None
          [ -e "$headfile" ] || return 0
          raw=
          IFS= read -r raw <"$headfile" || [ -n "$raw" ] || { sw_fail "Unable to read $headfile"; }
          [ -n "$raw" ] || return 0
          raw=${raw/"refs/remotes/$remote"/}
          last=${raw##* }
          case $last in */*/*) last=${last#*/}; last=${last#*/} ;; */*) last=${last#*/} ;; esac
          head_branch=$last
        }
        sw_remote_url() { # the remote's URL in $remote_url; unset when git cannot tell
          sw_run "$dest" "$git" ls-remote --get-url "$remote"
          if [ "$rc" = 0 ]; then remote_url=$out; else unset remote_url; fi
        }
        sw_set_remote_url() { # sets set_url: 1 when the remote's URL was changed
          sw_remote_url
          set_url=0
          if [ "${remote_url+set}" ] && { [ "$remote_url" = "$repo" ] || [ "$(sw_unfrack "$remote_url")" = "$(sw_unfrack "$repo")" ]; }; then return 0; fi
          sw_run "$dest" "$git" remote set-url "$remote" "$repo"
          if [ "$rc" != 0 ]; then sw_fail "Failed to set a new url $repo for $remote: $(cat "$sw_t/o") $(cat "$sw_t/e")"; fi
          [ "${remote_url+set}" ] && set_url=1
          return 0
        }
        sw_remote_head() { # VERSION REMOTE: the remote's commit for VERSION in $remote_head
          local v=$1 r=$2 cwd=$dest tag=0 line
          if [ "$r" = "$given_repo" ] || [ "$r" = "file://$expanded_repo" ]; then cwd=; fi
          if [ "$v" = HEAD ]; then
            if [ -z "$cwd" ]; then set -- "$git" ls-remote "$r" -h HEAD
            else sw_head_branch; set -- "$git" ls-remote "$r" -h "refs/heads/$head_branch"; fi
          elif sw_is_remote_branch "$r" "$v"; then set -- "$git" ls-remote "$r" -h "refs/heads/$v"
          elif sw_is_remote_tag "$r" "$v"; then tag=1; set -- "$git" ls-remote "$r" -t "refs/tags/$v*"
          else remote_head=$v; return 0; fi
          sw_checked "$cwd" "$@"
          if [ ! -s "$sw_t/o" ]; then sw_fail_output "Could not determine remote revision for $v" "$rc"; exit 0; fi
          if [ "$tag" = 1 ]; then
            local found=$out
            while IFS= read -r line; do
              if [[ $line == *"$v^{}" ]]; then found=$line; break; elif [[ $line == *"$v" ]]; then found=$line; fi
            done <"$sw_t/o"
            out=$found
          fi
          read -r remote_head _ <<<"$out"
        }
        sw_fetch() { # VERSION REFSPEC FORCE: git fetch what VERSION needs
          local v=$1 spec=$2 frc=$3 currenthead
          local -a cmd=("$git" fetch) specs=()
          sw_set_remote_url
          if [ -n "$depth" ] && [ "$depth" != 0 ]; then
            sw_head_branch; currenthead=$head_branch
            if [ -n "$spec" ]; then specs+=("$spec")
            elif [ "$v" = HEAD ]; then specs+=("$currenthead")
            elif sw_is_remote_branch "$repo" "$v"; then
              [ "$currenthead" = "$v" ] || specs+=("+refs/heads/$v:refs/heads/$v")
              specs+=("+refs/heads/$v:refs/remotes/$remote/$v")
            elif sw_is_remote_tag "$repo" "$v"; then specs+=("+refs/tags/$v:refs/tags/$v"); fi
            [ "${#specs[@]}" = 0 ] || cmd+=(--depth "$depth")
          fi
          if [ -z "$depth" ] || [ "$depth" = 0 ] || [ "${#specs[@]}" = 0 ]; then
            if [ "$bare" = 1 ]; then specs=('+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'); else cmd+=(--tags); fi
            [ -z "$spec" ] || specs+=("$spec")
          fi
          [ "$frc" != 1 ] || cmd+=(--force)
          cmd+=("$remote" "${specs[@]}")
          sw_run "$dest" "${cmd[@]}"
          if [ "$rc" != 0 ]; then
            sw_emit b:failed 1
            sw_emit s:msg "Failed to download remote objects and refs: $(cat "$sw_t/o") $(cat "$sw_t/e")"
            local a; for a in "${cmd[@]}"; do sw_emit l:cmd "$a"; done; exit 0
          fi
        }
        sw_diff() { # BEFORE AFTER (BEFORE "None" before a clone): the prepared diff
          [ "$want_diff" = 1 ] || return 0
          if [ "$1" = None ]; then sw_emit s:diff ">> Newly checked out $2"; return 0; fi
          [ "$1" != "$2" ] || return 0
          sw_fetch "$2" '' 0
          sw_run "$dest" "$git" diff "$1" "$2"
          if [ "$rc" = 0 ] && [ -s "$sw_t/o" ]; then sw_emitf s:diff "$sw_t/o"
          elif [ "$rc" = 0 ]; then sw_emit s:diff ">> No visual differences between $1 and $2"
          elif [ -s "$sw_t/e" ]; then
            { printf '>> Failed to get proper diff between %s and %s:\n>> ' "$1" "$2"; cat "$sw_t/e"; } >"$sw_t/d"; sw_emitf s:diff "$sw_t/d"
          else sw_emit s:diff ">> Failed to get proper diff between $1 and $2"; fi
        }
        sw_verify() { # the signature of version: its tag's if it is an annotated tag, else its commit's
          local sub=verify-commit fpr= line
          local -a words
          sw_run "$dest" "$git" for-each-ref refs/tags/ --format '%(objecttype):%(refname:short)'
          if [ "$rc" != 0 ]; then sw_fail_output "Could not determine tag data - received $(cat "$sw_t/o")"; exit 0; fi
          grep -qxF -- "tag:$version" "$sw_t/o" && sub=verify-tag
          local -a cmd=("$git" "$sub" "$version")
          [ "${#gpg_allowlist[@]}" = 0 ] || cmd+=(--raw)
          sw_run "$dest" "${cmd[@]}"
          if [ "$rc" != 0 ]; then sw_fail_output "Failed to verify GPG signature of commit/tag \"$version\"" "$rc"; exit 0; fi
          [ "${#gpg_allowlist[@]}" != 0 ] || return 0
          while IFS= read -r line; do
            read -r -a words <<<"$line"
            [ "${words[1]}" = VALIDSIG ] || continue
            if [ "${#words[@]}" = 11 ]; then fpr=${words[11]}; else fpr=${words[2]}; fi
            break
          done <"$sw_t/e"
          local allowed
          for allowed in "${gpg_allowlist[@]}"; do [ "$allowed" != "$fpr" ] || return 0; done
          [ -n "$fpr" ] || fpr=None
          sw_fail_output "The gpg_allowlist does not include the public key \"$fpr\" for this commit" "$rc"; exit 0
        }
        sw_clone() {
          local -a cmd=("$git" clone)
          local branch_or_tag=0
          mkdir -p -- "$(dirname -- "$dest")" 2>/dev/null
          if [ "$bare" = 1 ]; then cmd+=(--bare); else cmd+=(--origin "$remote"); fi
          if sw_is_remote_branch "$repo" "$version" || sw_is_remote_tag "$repo" "$version"; then branch_or_tag=1; fi
          if [ -n "$depth" ] && [ "$depth" != 0 ]; then
            if [ "$version" = HEAD ] || [ -n "$refspec" ]; then cmd+=(--depth "$depth")
            elif [ "$branch_or_tag" = 1 ]; then cmd+=(--depth "$depth" --branch "$version")
            else sw_emit w:warning 'Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec.'; fi
          fi
          [ -z "$reference" ] || cmd+=(--reference "$reference")
          if [ "$single_branch" = 1 ]; then
            cmd+=(--single-branch); [ "$branch_or_tag" = 0 ] || cmd+=(--branch "$version")
          fi
          [ -z "$separate_git_dir" ] || cmd+=("--separate-git-dir=$separate_git_dir")
          cmd+=("$repo" "$dest")
          sw_checked "$(dirname -- "$dest")" "${cmd[@]}"
          if [ "$bare" = 1 ] && [ "$remote" != origin ]; then sw_checked "$dest" "$git" remote add "$remote" "$repo"; fi
          if [ -n "$refspec" ]; then
            cmd=("$git" fetch); [ -z "$depth" ] || [ "$depth" = 0 ] || cmd+=(--depth "$depth")
            sw_checked "$dest" "${cmd[@]}" "$remote" "$refspec"
          fi
          [ "$verify_commit" != 1 ] || sw_verify
        }
        sw_switch_version() {
          local -a cmd
          local what
          if [ "$version" = HEAD ]; then
            sw_head_branch
            sw_run "$dest" "$git" checkout --force "$head_branch"
            if [ "$rc" != 0 ]; then sw_fail_output "Failed to checkout branch $head_branch" "$rc"; exit 0; fi
            cmd=("$git" reset --hard "$remote/$head_branch" --)
          elif sw_is_remote_branch "$remote" "$version"; then
            if [ -n "$depth" ] && [ "$depth" != 0 ] && ! sw_is_local_branch "$version"; then
              sw_run "$dest" "$git" fetch "--depth=$depth" "$remote" "+refs/heads/$version:refs/heads/$version" "+refs/heads/$version:refs/remotes/$remote/$version"
              if [ "$rc" != 0 ]; then sw_fail_output "Failed to fetch branch from remote: $version" "$rc"; exit 0; fi
            fi
            if ! sw_is_local_branch "$version"; then cmd=("$git" checkout --track -b "$version" "$remote/$version")
            else
              sw_run "$dest" "$git" checkout --force "$version"
              if [ "$rc" != 0 ]; then sw_fail_output "Failed to checkout branch $version" "$rc"; exit 0; fi
              cmd=("$git" reset --hard "$remote/$version")
            fi
          else cmd=("$git" checkout --force "$version"); fi
          sw_run "$dest" "${cmd[@]}"
          if [ "$rc" != 0 ]; then
            if [ "$version" != HEAD ]; then what="Failed to checkout $version"; else what="Failed to checkout branch $head_branch"; fi
            sw_fail_output "$what" "$rc"; sw_emit s:cmd "${cmd[*]}"; exit 0
          fi
          [ "$verify_commit" != 1 ] || sw_verify
        }
        sw_submodule_versions() { # REF: "name=hash" lines in $sw_t/$2
          local line name= ; : >"$sw_t/$2"
          sw_run "$dest" "$git" submodule foreach "$git" rev-parse "$1"
          if [ "$rc" != 0 ]; then sw_fail_output 'Unable to determine hashes of submodules' "$rc"; exit 0; fi
          while IFS= read -r line || [ -n "$line" ]; do
            if [[ $line == "Entering '"* ]]; then name=${line:10}; name=${name%?}
            elif [ "${#line}" = 40 ] || [ "$(printf '%s' "$line" | tr -d '[:space:]' | wc -c)" = 40 ]; then
              [ -n "$name" ] || { sw_emit b:failed 1; exit 0; }
              printf '%s=%s\n' "$name" "$(printf '%s' "$line" | tr -d '[:space:]')" >>"$sw_t/$2"; name=
            else sw_fail "Unable to parse submodule hash line: $(sw_rstrip "$line")"; fi
          done <"$sw_t/o"
          [ -z "$name" ] || sw_fail "Unable to find hash for submodule: $name"
        }
        sw_submodules_fetch() { # sets submodules_changed (0/1)
          local line path
          submodules_changed=0
          [ -e "$dest/.gitmodules" ] || return 0
          while IFS= read -r line || [ -n "$line" ]; do
            line=${line#"${line%%[![:space:]]*}"}
            if [ "$submodules_changed" = 0 ] && [[ $line == path* ]]; then
              path=${line#*=}; path=${path#"${path%%[![:space:]]*}"}; path=$(sw_rstrip "$path")
              [ -e "$dest/$path/.git" ] || submodules_changed=1
            fi
          done <"$dest/.gitmodules"
          [ "$submodules_changed" = 0 ] || return 0
          sw_submodule_versions HEAD begin
          sw_checked "$dest" "$git" submodule foreach "$git" fetch
          if [ "$track_submodules" = 1 ]; then
            sw_submodule_versions "$remote/master" after
            cmp -s "$sw_t/begin" "$sw_t/after" || submodules_changed=1
          else
            sw_checked "$dest" "$git" submodule status
            while IFS= read -r line; do [ "${line:0:1}" = ' ' ] || { submodules_changed=1; break; }; done <"$sw_t/o"
          fi
        }
        sw_submodule_update() {
          local remote_opt=0
          sw_run "$dest" "$git" submodule update --help
          if grep -F 'git submodule [--quiet] update ' "$sw_t/e" | tr '[]|' '   ' | grep -qw -- '--remote'; then remote_opt=1; fi
          [ -e "$dest/.gitmodules" ] || return 0
          sw_checked "$dest" "$git" submodule sync
          local -a cmd=("$git" submodule update --init --recursive)
          if [ "$remote_opt" = 1 ] && [ "$track_submodules" = 1 ]; then cmd+=(--remote); fi
          [ "$force" != 1 ] || cmd+=(--force)
          sw_run "$dest" "${cmd[@]}"
          if [ "$rc" != 0 ]; then
            { printf 'Failed to init/update submodules: '; cat "$sw_t/o" "$sw_t/e"; } >"$sw_t/m"
            sw_emit b:failed 1; sw_emitf s:msg "$sw_t/m"; exit 0
          fi
        }

        sw_git_archive() { # OUTPUT FORMAT: git archive of version
          local -a cmd=("$git" archive --format "$2" --output "$1")
          [ ! "${archive_prefix+set}" ] || cmd+=(--prefix "$archive_prefix")
          sw_run "$dest" "${cmd[@]}" "$version"
          if [ "$rc" != 0 ]; then
            { printf 'Git archive command failed to create archive %s using %s directory.Error: ' "$1" "$dest"; cat "$sw_t/e"; } >"$sw_t/d"
            sw_emitf s:details "$sw_t/d"
            sw_fail 'Failed to perform archive operation'
          fi
        }
        sw_archive() { # the archive of version, replaced only when it differs
          local base=${archive##*/} fmt name tmp new
          while [[ $base == .* ]]; do base=${base#.}; done
          case $base in *.zip) fmt=zip ;; *.gz) fmt=tar.gz ;; *.tar) fmt=tar ;; *.tgz) fmt=tgz ;; *)
            sw_emit s:details "Please specify archive as filename with extension. File extension can be one of ['tar', 'tar.gz', 'zip', 'tgz']"
            sw_fail "Unable to get file extension from archive file name : $archive" ;;
          esac
          if [ -e "$archive" ]; then
            name=${repo##*/}; name=${name//.git/}
            tmp=$(mktemp -d); new=$tmp/$name.$fmt
            sw_git_archive "$new" "$fmt"
            if cmp -s -- "$new" "$archive"; then changed=0
            elif mv -f -- "$new" "$archive" 2>"$sw_t/mv"; then changed=1
            else
              sw_emit s:details "Error occurred while moving : $(cat "$sw_t/mv")"; rm -rf "$tmp"
              sw_fail "Failed to move $new to $archive"
            fi
            rm -rf "$tmp"
          else sw_git_archive "$archive" "$fmt"; changed=1; fi
        }

        before=None local_mods=0 url_changed=0
        if { [ -n "$dest" ] && [ ! -e "$gitconfig" ]; } || { [ -z "$dest" ] && [ "$clone" = 0 ]; }; then
          if [ "$check" = 1 ] || [ "$clone" = 0 ]; then
            sw_remote_head "$version" "$repo"
            sw_emit n:before ''; sw_emit s:after "$remote_head"; changed=1
            sw_diff None "$remote_head"; sw_done
          fi
          sw_clone
        elif [ "$update" = 0 ]; then
          sw_get_version
          before=$out
          if [ -n "$archive" ]; then
            if [ "$check" = 1 ]; then changed=1; else sw_archive; fi
          fi
          sw_emit s:before "$before"; sw_emit s:after "$before"
          sw_done
        else
          if [ "$bare" != 1 ]; then
            sw_run "$dest" "$git" status --porcelain
            grep -qv '^??' "$sw_t/o" && local_mods=1
          fi
          sw_get_version; before=$out
          if [ "$local_mods" = 1 ]; then
            if [ "$force" != 1 ]; then
              sw_emit s:before "$before"; sw_emit b:changed "$changed"; sw_moved
              sw_fail "Local modifications exist in the destination: $dest (force=no)."
            fi
            if [ "$check" != 1 ]; then
              sw_checked "$dest" "$git" reset --hard HEAD
              changed=1; sw_emit s:msg "Local modifications exist in the destination: $dest"
            fi
          fi
          if [ "$check" = 1 ]; then
            sw_remote_url
            # Python's `remote_url and ...`: null or '' when git gives no URL.
            if [ ! "${remote_url+set}" ]; then sw_url=(n:remote_url_changed '')
            elif [ -z "$remote_url" ]; then sw_url=(s:remote_url_changed '')
            elif [ "$remote_url" != "$repo" ] && [ "$(sw_unfrack "$remote_url")" != "$(sw_unfrack "$repo")" ]; then url_changed=1; sw_url=(b:remote_url_changed 1)
            else sw_url=(b:remote_url_changed 0); fi
            sw_remote_head "$version" "$remote"
            sw_emit "${sw_url[@]}"
            sw_emit s:before "$before"; sw_emit s:after "$remote_head"
            if [ "$before" != "$remote_head" ] || [ "$url_changed" = 1 ]; then changed=1; else changed=0; fi
            sw_diff "$before" "$remote_head"; sw_done
          fi
          sw_set_remote_url; url_changed=$set_url
          sw_fetch "$version" "$refspec" "$force"
        fi

        if [ "$bare" != 1 ]; then sw_switch_version; fi
        submodules_changed=0
        if [ "$recursive" = 1 ] && [ "$bare" != 1 ]; then
          sw_submodules_fetch
          if [ "$submodules_changed" = 1 ]; then sw_submodule_update; sw_emit b:submodules_changed 1; fi
        fi
        sw_get_version; after=$out
        sw_differs=0
        if [ "$before" != "$after" ] || [ "$local_mods" = 1 ] || [ "$submodules_changed" = 1 ] || [ "$url_changed" = 1 ]; then
          changed=1 sw_differs=1
        fi
        # An archive that is already the same leaves the task unchanged, as in ansible-core.
        [ -z "$archive" ] || sw_archive
        if [ "$before" = None ]; then sw_emit n:before ''; else sw_emit s:before "$before"; fi
        sw_emit s:after "$after"
        [ "$before" = None ] || sw_emit b:remote_url_changed "$url_changed"
        [ "$sw_differs" = 0 ] || sw_diff "$before" "$after"
        sw_done

        """#
}
