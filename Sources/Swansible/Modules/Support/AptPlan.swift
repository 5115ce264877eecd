import Foundation

/// The one script behind `apt` (and `package` on apt hosts): it reads the package database
/// (`dpkg-query`, `apt-cache policy`), refreshes the lists when they are older than asked,
/// and runs the one `apt-get` command that is needed, in the order ansible-core's apt module
/// decides things (clean, cache, upgrade, deb, autoclean/autoremove, install or remove).
/// Check mode runs `apt-get --simulate`; nothing on the host changes.
struct AptPlan: Equatable {
    /// A `name` entry: `nginx`, `nginx=1.22*` (a version pattern), `nginx>=1.22`, or a name
    /// pattern (`python3-*`) that is matched against the package names apt knows.
    struct PackageSpec: Equatable {
        var spec: String
        var name: String
        var comparison: String
        var version: String

        init(_ spec: String) {
            self.spec = spec
            if let range = spec.range(of: ">=") ?? spec.range(of: "=") {
                name = String(spec[..<range.lowerBound])
                comparison = String(spec[range])
                version = String(spec[range.upperBound...])
            } else {
                name = spec
                comparison = ""
                version = ""
            }
        }

        /// A name with `*?[]!` is a pattern (none of them can be in a Debian package name).
        var isPattern: Bool { name.contains { "*?[]!".contains($0) } }

        /// The name pattern as a whole-line extended regular expression for `grep -xE`.
        var nameRegex: String {
            var out = ""
            var inClass = false
            for c in name {
                switch c {
                case "*" where !inClass: out += ".*"
                case "?" where !inClass: out += "."
                case "[": inClass = true; out += "["
                case "!" where inClass && out.hasSuffix("["): out += "^"
                case "]": inClass = false; out += "]"
                case ".", "+", "(", ")", "{", "}", "|", "^", "$", "\\": out += inClass ? String(c) : "\\" + String(c)
                default: out.append(c)
                }
            }
            return out
        }
    }

    var packages: [PackageSpec] = []
    var state = "present"
    /// `update_cache` or a `cache_valid_time` was given: refresh the lists when older than that.
    var updateCache = false
    var cacheValidTime = 0
    var updateRetries = 5
    var updateRetryMaxDelay = 12
    var purge = false
    var deb: String?
    var defaultRelease: String?
    var installRecommends: Bool?
    var force = false
    /// `upgrade`, nil for `no`; `yes` also when `state: latest` names `*`.
    var upgrade: String?
    var dpkgOptions = "force-confdef,force-confold"
    var autoremove = false
    var autoclean = false
    var failOnAutoremove = false
    var policyRcD: Int?
    var onlyUpgrade = false
    var forceAptGet = false
    var clean = false
    var allowUnauthenticated = false
    var allowDowngrade = false
    var allowChangeHeldPackages = false
    var lockTimeout = 60

    static let stdoutMarker = "__swansible_apt_stdout__"
    static let stderrMarker = "__swansible_apt_stderr__"
    /// apt-get's summary when it had nothing to do.
    static let nothingDone = "\n0 upgraded, 0 newly installed, 0 to remove"

    var nothingElse: Bool { packages.isEmpty && upgrade == nil && deb == nil }

    /// `-o Dpkg::Options::=--force-confdef ... -o DPkg::Lock::Timeout=60`, one word a line.
    var dpkgOptionWords: [String] {
        dpkgOptions.split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { ["-o", "Dpkg::Options::=--\($0)"] } + ["-o", "DPkg::Lock::Timeout=\(lockTimeout)"]
    }

    /// Words of an `apt-get` command, written into the script as shell words; `$pkgs` (the
    /// packages chosen by the script, one a line) is appended unquoted where `packages` is set.
    /// (As ansible-core orders them: the packages right after the subcommand, the options
    /// that follow it after them.)
    private func command(_ words: [String], packages: Bool = false) -> String {
        guard packages else { return ShellQuote.join(words) }
        let sub = words.firstIndex { ["install", "build-dep", "remove"].contains($0) } ?? words.count - 1
        let rest = words[(sub + 1)...]
        return ShellQuote.join(Array(words[...sub])) + " $pkgs" + (rest.isEmpty ? "" : " " + ShellQuote.join(Array(rest)))
    }

    private func installWords(checkMode: Bool, buildDep: Bool) -> [String] {
        var w = ["-y"] + dpkgOptionWords
        if onlyUpgrade && !buildDep { w.append("--only-upgrade") }
        if state == "fixed" { w.append("--fix-broken") }
        if force { w.append("--force-yes") }
        if autoremove && !buildDep { w.append("--auto-remove") }
        if failOnAutoremove { w.append("--no-remove") }
        if checkMode { w.append("--simulate") }
        w.append(buildDep ? "build-dep" : "install")
        if let defaultRelease { w += ["-t", defaultRelease] }
        if let installRecommends { w += ["-o", "APT::Install-Recommends=\(installRecommends ? "yes" : "no")"] }
        if allowUnauthenticated { w.append("--allow-unauthenticated") }
        if allowDowngrade { w.append("--allow-downgrades") }
        if allowChangeHeldPackages { w.append("--allow-change-held-packages") }
        return w
    }

    /// How the failed command is named in messages, as ansible-core writes it.
    func displayedInstall(checkMode: Bool, packages: [String]) -> String {
        let words = installWords(checkMode: checkMode, buildDep: state == "build-dep")
        return (["apt-get"] + words.map { $0.hasPrefix("Dpkg::Options::=") ? "\"\($0)\"" : $0 }).joined(separator: " ")
            + " " + packages.map { "'\($0)'" }.joined(separator: " ")
    }

    func script(checkMode: Bool) -> String {
        var s = Self.prelude
        s += "ck=\(checkMode ? 1 : 0)\nlatest=\(state == "latest" ? 1 : 0)\nou=\(onlyUpgrade ? 1 : 0)\n"
        s += "purge=\(purge ? 1 : 0)\nprc=\(policyRcD.map(String.init) ?? "")\n"
        s += "relopt=\(defaultRelease.map { ShellQuote.quote("-oAPT::Default-Release=" + $0) } ?? "")\n"
        s += "lock=\(lockTimeout)\n"
        s += Self.functions
        if clean {
            s += "run \"$aptget\" clean || { say fail clean; finish; }\n"
            s += "[ -z \"$err\" ] || { say fail clean; finish; }\n"
            // Like ansible-core, clean alone ends the task before any refresh of the lists.
            if nothingElse { return s + "say step clean\nsay changed 1\nfinish\n" }
        }
        if updateCache {
            s += "valid=\(cacheValidTime)\nretries=\(updateRetries)\nmaxdelay=\(updateRetryMaxDelay)\n"
            s += Self.cacheUpdate
            if nothingElse { return s + "say step cache\nsay changed \"$cu\"\nfinish\n" }
        }
        if let upgrade { return s + upgradeScript(upgrade, checkMode: checkMode) }
        if let deb { return s + debScript(deb, checkMode: checkMode) }
        if packages.isEmpty && (autoclean || autoremove) {
            let operation = autoclean ? "autoclean" : "autoremove"
            var w = ["-y"] + dpkgOptionWords
            if purge { w.append("--purge") }
            if force { w.append("--force-yes") }
            w.append(operation)
            if checkMode { w.append("--simulate") }
            let sign = autoclean ? "Del " : "The following packages will be REMOVED"
            s += "act \"$aptget\" \(command(w)) || { say fail cleanup; say operation \(operation); finish; }\n"
            s += "case $out in *\(ShellQuote.quote(sign))*) say changed 1 ;; *) say changed 0 ;; esac\n"
            return s + "say step cleanup\nfinish\n"
        }
        return s + (state == "absent" ? removeScript(checkMode: checkMode) : installScript(checkMode: checkMode))
    }

    private func installScript(checkMode: Bool) -> String {
        let buildDep = state == "build-dep"
        var s = updateCache ? "" : "say cache_updated 0; say cache_update_time \"$(cache_time)\"\n"
        s += "pkgs=\nnames=\n"
        for p in packages {
            if buildDep {
                s += "pkgs=${pkgs}\(ShellQuote.quote(p.spec))$nl\n"
            } else if p.isPattern {
                s += expansion(p) + "for p in $m; do want \"$p\" \"$p\" '' ''; done\n"
            } else {
                s += "want \(ShellQuote.join([p.spec, p.name, p.comparison, p.version]))\n"
            }
        }
        s += "say packages \"$(printf '%s' \"$pkgs\" | tr '\\n' ' ')\"\n"
        s += "if [ -n \"$pkgs\" ]; then\n"
        s += "  act \"$aptget\" \(command(installWords(checkMode: checkMode, buildDep: buildDep), packages: true)) || { say fail install; finish; }\n"
        if buildDep {
            s += "  case $out in *\"$nl\"'0 upgraded, 0 newly installed, 0 to remove'*) say changed 0 ;; *) say changed 1 ;; esac\n"
        } else {
            s += "  say changed 1\n"
        }
        s += "else say changed 0; fi\n"
        if !buildDep && !checkMode {
            // Like ansible-core, the packages named become manually installed.
            s += "if [ -n \"$names\" ]; then auto=$(apt-mark showauto $names 2>/dev/null); [ -z \"$auto\" ] || apt-mark manual $auto >/dev/null 2>&1; fi\n"
        }
        return s + "say step install\nfinish\n"
    }

    private func removeScript(checkMode: Bool) -> String {
        var s = "pkgs=\n"
        for p in packages {
            if p.isPattern {
                s += expansion(p) + "for p in $m; do unwant \"$p\" \"$p\" '' ''; done\n"
            } else {
                s += "unwant \(ShellQuote.join([p.spec, p.name, p.comparison, p.version]))\n"
            }
        }
        var w = ["-q", "-y"] + dpkgOptionWords
        if purge { w.append("--purge") }
        if force { w.append("--force-yes") }
        if autoremove { w.append("--auto-remove") }
        if checkMode { w.append("--simulate") }
        if allowChangeHeldPackages { w.append("--allow-change-held-packages") }
        w.append("remove")
        s += "say packages \"$(printf '%s' \"$pkgs\" | tr '\\n' ' ')\"\n"
        s += "[ -n \"$pkgs\" ] || { say changed 0; say step remove; finish; }\n"
        s += "act \"$aptget\" \(command(w, packages: true)) || { say fail remove; finish; }\n"
        return s + "say changed 1\nsay step remove\nfinish\n"
    }

    /// `m`: the package names matching a name pattern, native ones only unless it names an
    /// architecture; none is a failure, as in ansible-core.
    private func expansion(_ p: PackageSpec) -> String {
        let filter = p.name.contains(":") ? "" : " | grep -v :"
        return "m=$(apt-cache pkgnames 2>/dev/null | grep -xE \(ShellQuote.quote(p.nameRegex))\(filter))\n"
            + "[ -n \"$m\" ] || { say fail nomatches; say pkg \(ShellQuote.quote(p.name)); finish; }\n"
    }

    private func upgradeScript(_ mode: String, checkMode: Bool) -> String {
        func words(aptitude: Bool) -> (words: [String], display: String) {
            let sub: [String]
            if mode == "dist" || (mode == "full" && !aptitude) {
                sub = ["dist-upgrade"] + (autoremove ? ["--auto-remove"] : [])
            } else if mode == "full" {
                sub = ["full-upgrade"]
            } else if !aptitude {
                sub = ["upgrade", "--with-new-pkgs"] + (autoremove ? ["--auto-remove"] : [])
            } else {
                sub = ["safe-upgrade"]
            }
            var w = ["-y"] + dpkgOptionWords
            if force { w += aptitude ? ["--assume-yes", "--allow-untrusted"] : ["--force-yes"] }
            if failOnAutoremove && !aptitude { w.append("--no-remove") }
            if allowUnauthenticated { w.append("--allow-unauthenticated") }
            if allowDowngrade && !aptitude { w.append("--allow-downgrades") }
            if checkMode { w.append("--simulate") }
            w += sub
            if let defaultRelease { w += ["-t", defaultRelease] }
            return (w, sub.joined(separator: " "))
        }
        let viaAptGet = words(aptitude: false), viaAptitude = words(aptitude: true)
        var s = "if [ \(forceAptGet ? 1 : 0) = 0 ] && tool=$(command -v aptitude); then\n"
        s += "  say tool \"$tool \"\(ShellQuote.quote(viaAptitude.display))\n"
        s += "  act \"$tool\" \(command(viaAptitude.words))\n"
        s += "  case $out in *\"$nl\"'0 packages upgraded, 0 newly installed, 0 to remove'*) zero=1 ;; *) zero=0 ;; esac\n"
        s += "else\n"
        s += "  say tool \"$aptget \"\(ShellQuote.quote(viaAptGet.display))\n"
        s += "  act \"$aptget\" \(command(viaAptGet.words))\n"
        s += "  case $out in *\"$nl\"'0 upgraded, 0 newly installed, 0 to remove'*) zero=1 ;; *) zero=0 ;; esac\n"
        s += "fi\n"
        s += "[ \"$rc\" = 0 ] || { say fail upgrade; finish; }\n"
        s += "[ \"$zero\" = 1 ] && say changed 0 || say changed 1\n"
        return s + "say step upgrade\nfinish\n"
    }

    /// `.deb` files on the host or at URLs (fetched on the host), skipped when that version is
    /// installed; installed with `apt-get install FILE`, which also brings their dependencies.
    private func debScript(_ deb: String, checkMode: Bool) -> String {
        var w = ["-y"] + dpkgOptionWords
        if force { w.append("--force-yes") }
        if failOnAutoremove { w.append("--no-remove") }
        if checkMode { w.append("--simulate") }
        w.append("install")
        w += ["-o", "APT::Install-Recommends=\(installRecommends == true ? "yes" : "no")"]
        if allowUnauthenticated { w.append("--allow-unauthenticated") }
        if allowDowngrade || force { w.append("--allow-downgrades") }
        if allowChangeHeldPackages { w.append("--allow-change-held-packages") }
        var s = "pkgs=\ndownok=\(allowDowngrade || force ? 1 : 0)\n"
        for file in deb.split(separator: ",").map(String.init) {
            s += "debwant \(ShellQuote.quote(file))\n"
        }
        s += "say packages \"$(printf '%s' \"$pkgs\" | tr '\\n' ' ')\"\n"
        s += "[ -n \"$pkgs\" ] || { say changed 0; say step deb; finish; }\n"
        s += "act \"$aptget\" \(command(w, packages: true)) || { say fail deb; finish; }\n"
        return s + "say changed 1\nsay step deb\nfinish\n"
    }

    // MARK: - The fixed parts of the script

    /// Word splitting on newlines only and no globbing, so that lists held one item a line
    /// expand safely; apt's environment as ansible-core sets it.
    static let prelude = #"""
set -f
nl='
'
IFS=$nl
export DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=C LC_ALL=C LC_MESSAGES=C LC_CTYPE=C LANGUAGE=C
say() { printf '%s=%s\n' "$1" "$2"; }
out=; err=; rc=0
finish() { say rc "$rc"; printf '%s\n' __swansible_apt_stdout__; printf '%s' "$out"; printf '\n%s\n' __swansible_apt_stderr__; printf '%s' "$err"; exit 0; }
if ! aptget=$(command -v apt-get); then
  for m in dnf yum zypper apk pacman rpm-ostree emerge; do if command -v "$m" >/dev/null 2>&1; then say other "$m"; break; fi; done
  say fail noaptget; exit 0
fi
tmp=$(mktemp) || { say fail mktemp; exit 0; }
trap 'rm -f "$tmp"' EXIT

"""#

    static let functions = #"""
run() { out=$("$@" 2>"$tmp"; r=$?; echo x; exit $r); rc=$?; out=${out%x}; err=$(cat "$tmp"; echo x); err=${err%x}; return $rc; }
prcb=
prc_on() {
  [ -n "$prc" ] || return 0
  if [ -e /usr/sbin/policy-rc.d ]; then prcb=$(mktemp -d) && mv /usr/sbin/policy-rc.d "$prcb/" || { say fail prc; finish; }; fi
  { printf '#!/bin/sh\nexit %s\n' "$prc" >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d; } || { say fail prc; finish; }
}
prc_off() {
  [ -n "$prc" ] || return 0
  if [ -n "$prcb" ]; then mv "$prcb/policy-rc.d" /usr/sbin/policy-rc.d && rmdir "$prcb"; else rm -f /usr/sbin/policy-rc.d; fi
}
act() { prc_on; run "$@"; r=$?; prc_off; rc=$r; return $r; }
st_of() {
  s=$(dpkg-query -W -f='${db:Status-Abbrev}|${Version}\n' "$1" 2>/dev/null | head -n 1); inst=0; iv=; files=0
  case $s in ?i*) inst=1; iv=${s#*|}; files=1 ;; ''|?n*) ;; *) files=1 ;; esac
}
vmatch() {
  ivok=0
  [ "$inst" = 1 ] || return 0
  case $2 in
    '') ivok=1 ;;
    '=') case $iv in $3) ivok=1 ;; esac ;;
    *) dpkg --compare-versions "$iv" ge "$3" && ivok=1 ;;
  esac
}
want() {
  st_of "$2"; vmatch "$2" "$3" "$4"
  pol=$(apt-cache policy $relopt "$2" 2>/dev/null)
  vt=$(printf '%s\n' "$pol" | sed -n '/Version table:/,$p' | sed -n 's/^ *\(\*\*\* \)\{0,1\}\([^ ]\{1,\}\) -\{0,1\}[0-9]\{1,\}$/\2/p')
  if [ -z "$vt" ]; then
    [ -n "$pol" ] || { say fail nomatch; say pkg "$2"; finish; }
    prov=$(apt-cache showpkg "$2" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | sed 1d | cut -d' ' -f1 | sort -u)
    [ -n "$prov" ] || { say fail nomatch; say pkg "$2"; finish; }
    case $prov in *"$nl"*) ;; *) st_of "$prov"; [ "$inst" = 1 ] && return 0 ;; esac
    [ "$ou" = 1 ] && return 0
    if [ -n "$3" ] && [ "$3" = '=' ]; then pkgs=$pkgs$2=$4$nl; else pkgs=$pkgs$2$nl; fi
    names=$names$2$nl
    return 0
  fi
  names=$names$2$nl
  cand=$(printf '%s\n' "$pol" | sed -n 's/^ *Candidate: //p' | head -n 1); [ "$cand" = '(none)' ] && cand=
  best=$cand
  if [ "$3" = '=' ]; then best=; for v in $vt; do case $v in $4) best=$v; break ;; esac; done; fi
  vi=
  if [ "$inst" = 0 ]; then vi=$best
  elif [ -n "$best" ] && [ "$best" != "$iv" ]; then
    case $3 in
      '') vi=$best ;;
      '=') vi=$best ;;
      *) dpkg --compare-versions "$best" ge "$4" && vi=$best ;;
    esac
  fi
  [ "$inst" = 0 ] && [ "$ou" = 1 ] && return 0
  [ "$ivok" = 1 ] || [ -n "$vi" ] || { say fail nocandidate; say pkg "$1"; finish; }
  if [ -n "$vi" ] && { [ "$inst" = 0 ] || [ "$latest" = 1 ] || [ "$ivok" = 0 ]; }; then pkgs=$pkgs$2=$vi$nl; fi
  return 0
}
unwant() {
  st_of "$2"; vmatch "$2" "$3" "$4"
  if [ "$ivok" = 1 ] || { [ "$files" = 1 ] && [ "$purge" = 1 ]; }; then pkgs=$pkgs$1$nl; fi
}
cache_time() {
  if [ -e /var/lib/apt/periodic/update-success-stamp ]; then stat -c %Y /var/lib/apt/periodic/update-success-stamp
  elif [ -e /var/lib/apt/lists ]; then stat -c %Y /var/lib/apt/lists
  else echo 0; fi
}
debwant() {
  d=$1
  case $d in *://*)
    f=$(mktemp) || { say fail mktemp; finish; }
    if command -v curl >/dev/null 2>&1; then run curl -fsSL -o "$f" "$d"; else run wget -q -O "$f" "$d"; fi || { say fail fetch; say pkg "$d"; finish; }
    mv "$f" "$f.deb"; d=$f.deb ;;
  esac
  n=$(dpkg-deb -f "$d" Package 2>"$tmp") || { err=$(cat "$tmp"); say fail debread; say pkg "$d"; finish; }
  v=$(dpkg-deb -f "$d" Version 2>/dev/null)
  st_of "$n"
  if [ "$inst" = 1 ]; then
    dpkg --compare-versions "$iv" eq "$v" && return 0
    if [ "$downok" = 0 ] && dpkg --compare-versions "$iv" gt "$v"; then say fail later; say pkg "$n"; finish; fi
  fi
  case $d in /*|./*|../*) ;; *) d=./$d ;; esac
  pkgs=$pkgs$d$nl
}

"""#

    /// Refreshes the lists when the last update (update-success-stamp, else the lists
    /// directory's time) is older than `valid` seconds; `cu`: whether that time moved (always
    /// in check mode, where nothing is fetched), `ct`: the time after.
    static let cacheUpdate = #"""
ct=$(cache_time); cu=0
if [ $((ct + valid)) -lt "$(date +%s)" ]; then
  if [ "$ck" = 0 ]; then
    i=0; ok=0
    while [ "$i" -lt "$retries" ]; do
      if run "$aptget" update -q -o DPkg::Lock::Timeout="$lock" -o APT::Update::Error-Mode=any; then ok=1; break; fi
      i=$((i + 1))
      say warning "Failed to update cache after $i retries due to $(printf '%s' "$err" | tr '\n' ' '), retrying"
      d=$((1 << (i - 1))); [ "$d" -gt "$maxdelay" ] && d=$maxdelay
      [ "$i" -lt "$retries" ] && sleep "$d"
    done
    [ "$ok" = 1 ] || { say fail update; finish; }
  fi
  nt=$(cache_time)
  if [ "$ck" = 1 ] || [ "$nt" != "$ct" ]; then cu=1; fi
  ct=$nt
fi
say cache_updated "$cu"; say cache_update_time "$ct"
out=; err=

"""#
}
