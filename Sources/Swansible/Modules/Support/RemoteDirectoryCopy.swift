import Foundation

/// `copy` with `remote_src` and a directory on the host, as ansible-core's copy module does it:
/// `src: dir/` copies what is inside `dir` into `dest`, `src: dir` copies `dir` itself into
/// `dest/dir`. A missing target is copied whole (modes and times kept); an existing one gets
/// the files that are missing or whose content differs, and the directories it lacks; files
/// only in the target stay. `owner` and `group` apply to everything under the target, `mode`
/// to `dest` only. Links are followed unless `local_follow: false`, when they are made again.
enum RemoteDirectoryCopy {
    /// The shell that runs when `$src` is a directory (inside `RemoteCopy`'s script, which
    /// defines `src`, `dest`, `sw_check` and the file functions).
    static func script(attributes: FileAttributes, followLinks: Bool) -> String {
        let owner = ShellQuote.quote(attributes.owner ?? ""), group = ShellQuote.quote(attributes.group ?? "")
        let copyFlags = followLinks ? "-RL" : "-RP"
        // A link is a directory to descend (followed) or an entry of its own (made again).
        let isDirectory = followLinks ? "[ -d \"$item\" ]" : "[ -d \"$item\" ] && [ ! -L \"$item\" ]"
        let unchanged = followLinks ? "sw_same \"$item\" \"$there\"" : "{ [ -L \"$item\" ] || sw_same \"$item\" \"$there\"; }"
        var modeOnly = attributes
        modeOnly.owner = nil
        modeOnly.group = nil
        return #"""
        printf 'kind=directory\n'
        case $src in */) target=${dest%/} ;; *) target=${dest%/}/$(basename "$src") ;; esac
        shown=$dest
        if [ -d "$dest" ]; then
          case $src in */) case $dest in */) ;; *) shown=$dest/ ;; esac ;; *) shown=$target ;; esac
        fi
        printf 'dest=%s\n' "$shown"
        owner=\#(owner); group=\#(group)
        sw_same() { [ "$(sha1sum < "$1")" = "$(sha1sum < "$2")" ]; }
        sw_own() {
          [ -n "$owner$group" ] || return 0
          find "$1" \( ! -user "${owner:-$(stat -c %U "$1")}" -o ! -group "${group:-$(stat -c %G "$1")}" \) -print | grep -q . || return 0
          sw_changed=1
          [ "$sw_check" = 1 ] || chown -R -h "$owner${group:+:$group}" "$1" || sw_fail "chown failed on $1"
        }
        if [ ! -e "$target" ]; then
          sw_changed=1
          if [ "$sw_check" != 1 ]; then
            mkdir -p "$(dirname "$target")" || sw_fail "Destination directory $(dirname "$target") does not exist"
            cp \#(copyFlags) --preserve=mode,timestamps "${src%/}" "$target" || sw_fail "could not copy $src to $target"
          fi
        else
          [ -d "$target" ] || sw_fail "Cannot copy the directory $src onto the file $target"
          base=${src%/}
          tmp=$(mktemp)
          find \#(followLinks ? "-L " : "")"$base" -mindepth 1 | while IFS= read -r item; do
            rel=${item#"$base"/}; there=$target/$rel
            if \#(isDirectory); then
              [ -d "$there" ] && continue
              echo changed
              [ "$sw_check" = 1 ] || { mkdir "$there" && chmod --reference="$item" "$there"; } || echo "failed $there"
            elif [ -e "$there" ] && \#(unchanged); then
              continue
            else
              echo changed
              [ "$sw_check" = 1 ] || cp \#(followLinks ? "-L" : "-P") --preserve=mode "$item" "$there" || echo "failed $there"
            fi
          done > "$tmp"
          grep -q '^failed ' "$tmp" && sw_fail "could not copy $(sed -n 's/^failed //p' "$tmp" | head -1)"
          grep -q '^changed' "$tmp" && sw_changed=1
        fi
        [ -e "$target" ] && sw_own "$target"
        [ -e "$shown" ] && \#(modeOnly.applyCall(pathWord: "\"$shown\""))
        printf 'changed=%s\n' "$sw_changed"
        """#
    }
}
