import Foundation

/// mode / owner / group as the file helpers (copy, template, file) take them.
public struct FileAttributes: Sendable, Equatable {
    /// Octal digits (`0644`) or a symbolic mode (`u=rw,g=r`), ready for `chmod`.
    public var mode: String?
    public var owner: String?
    public var group: String?

    public init(mode: String? = nil, owner: String? = nil, group: String? = nil) {
        self.mode = mode
        self.owner = owner
        self.group = group
    }

    /// From validated arguments `mode`, `owner`, `group`.
    public init(_ args: ModuleArguments) {
        self.init(mode: args["mode"].flatMap(FileAttributes.chmodMode), owner: args.string("owner"), group: args.string("group"))
    }

    /// Ansible's reading of `mode`: an int is the numeric mode (YAML `0644` is 420 → `0644`;
    /// `644` unquoted is decimal 644 → `01204`, as in ansible); digits in a string are octal;
    /// anything else is symbolic. `preserve` is left to the caller.
    public static func chmodMode(_ value: Value) -> String? {
        switch value {
        case .int(let i): return "0" + String(i, radix: 8)
        case .string(let s), .unsafe(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            if t.allSatisfy({ ("0"..."7").contains($0) }) { return t.hasPrefix("0") ? t : "0" + t }
            return t
        default: return nil
        }
    }

    /// Whether `mode` is symbolic (needs chmod to compute it).
    public var isSymbolicMode: Bool { mode.map { !$0.allSatisfy { ("0"..."7").contains($0) } } ?? false }

    /// The `sw_attrs` call applying these attributes to `pathWord`, a shell word
    /// (`"$dest"` or an already quoted path).
    func applyCall(pathWord: String) -> String {
        "sw_attrs \(pathWord) \(ShellQuote.quote(mode ?? "")) \(ShellQuote.quote(owner ?? "")) \(ShellQuote.quote(group ?? ""))"
    }
}

/// Shell functions shared by the file modules' scripts. They print `key=value` report lines
/// (see `ScriptReport`); `sw_check=1` makes them only look; `sw_changed=1` records a change.
/// `sw_fail MSG` fails with a one-line message; `sw_fail_with PREFIX FILE...` with PREFIX and
/// the files' text verbatim (a command's output, as ansible quotes it); after `sw_fail_begin`
/// whatever the script prints is the message.
enum RemoteFileLibrary {
    static let functions = #"""
sw_changed=0
sw_fail() { printf 'failed=1\nmsg=%s\n' "$1"; exit 1; }
sw_fail_begin() { printf 'failed=1\n__swansible_msg__\n'; }
sw_fail_with() { sw_fail_begin; printf '%s' "$1"; shift; cat "$@" 2>/dev/null; exit 1; }
sw_mode() {
  cur=$(stat -c %a "$1") || sw_fail "could not stat $1"
  case $2 in
    *[!0-7]*)
      if [ -d "$1" ]; then t=$(mktemp -d); else t=$(mktemp); fi
      chmod "$cur" "$t"; chmod "$2" "$t" 2>/dev/null || { rm -rf "$t"; sw_fail "mode must be in octal or symbolic form"; }
      want=$(stat -c %a "$t"); rm -rf "$t" ;;
    *) want=$2 ;;
  esac
  if [ "$((0$cur))" -ne "$((0$want))" ]; then
    sw_changed=1
    [ "$sw_check" = 1 ] || chmod "$want" "$1" || sw_fail "chmod failed on $1"
  fi
}
sw_owner() {
  case $2 in *[!0-9]*) cur=$(stat -c %U "$1") ;; *) cur=$(stat -c %u "$1") ;; esac
  if [ "$cur" != "$2" ]; then
    id -u "$2" >/dev/null 2>&1 || sw_fail "chown failed: failed to look up user $2"
    sw_changed=1
    [ "$sw_check" = 1 ] || chown -h "$2" "$1" || sw_fail "chown failed"
  fi
}
sw_group() {
  case $2 in *[!0-9]*) cur=$(stat -c %G "$1") ;; *) cur=$(stat -c %g "$1") ;; esac
  if [ "$cur" != "$2" ]; then
    case $2 in *[!0-9]*) getent group "$2" >/dev/null 2>&1 || sw_fail "chgrp failed: failed to look up group $2" ;; esac
    sw_changed=1
    [ "$sw_check" = 1 ] || chgrp -h "$2" "$1" || sw_fail "chgrp failed"
  fi
}
sw_attrs() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  if [ -n "$2" ] && [ ! -L "$1" ]; then sw_mode "$1" "$2"; fi
  if [ -n "$3" ]; then sw_owner "$1" "$3"; fi
  if [ -n "$4" ]; then sw_group "$1" "$4"; fi
}
sw_describe() {
  stat --printf 'uid=%u\ngid=%g\nowner=%U\ngroup=%G\nmode=%a\nsize=%s\n' "$1" 2>/dev/null
}

"""#
}

extension ScriptReport {
    /// The path facts ansible adds to file results (uid, gid, owner, group, mode, size),
    /// from `sw_describe` lines.
    var pathFields: ValueDict {
        var d = ValueDict()
        if let v = int("gid") { d["gid"] = .int(v) }
        if let v = self["group"] { d["group"] = .string(v) }
        if let v = self["mode"] { d["mode"] = .string(Self.ansibleMode(v)) }
        if let v = self["owner"] { d["owner"] = .string(v) }
        if let v = int("size") { d["size"] = .int(v) }
        if let v = int("uid") { d["uid"] = .int(v) }
        return d
    }

    /// The `pre_`-prefixed path fields: the path before the module acted.
    var previousPathFields: ValueDict {
        var unprefixed: [String: String] = [:]
        for (k, v) in values where k.hasPrefix("pre_") { unprefixed[String(k.dropFirst(4))] = v }
        return ScriptReport(unprefixed.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")).pathFields
    }

    /// `stat -c %a` (`644`, `4755`) as ansible prints modes (`0644`, `04755`).
    static func ansibleMode(_ octal: String) -> String {
        let padded = String(repeating: "0", count: max(0, 3 - octal.count)) + octal
        return "0" + padded
    }
}
