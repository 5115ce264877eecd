import Foundation

/// The script of a pip task: one round trip that creates the virtualenv when it is missing,
/// finds pip, lists what is installed when that decides the outcome, runs pip, and reports
/// each step as `key=value` lines (command output base64-encoded) for `result`.
extension PipPlan {
    /// ansible-core's order of preference for the locale `pip list` runs in.
    static let listLocales = ["C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8", "C", "POSIX"]

    static let helpers = #"""
        sw_b64() { base64 <"$1" | tr -d '\n'; }
        sw_t=$(mktemp -d) || exit 1
        trap 'rm -rf "$sw_t"' EXIT
        : >"$sw_t/o"; : >"$sw_t/e"
        sw_in() { ( cd "$sw_cwd" 2>/dev/null; "$@" ) >"$sw_t/o" 2>"$sw_t/e"; }
        sw_report() { printf '%s_rc=%s\n%s_out=%s\n%s_err=%s\n' "$1" "$2" "$1" "$(sw_b64 "$sw_t/o")" "$1" "$(sw_b64 "$sw_t/e")"; }
        sw_runnable() {
          case $2 in */*)
            if [ ! -e "$2" ]; then printf 'errno=2\nerrno_at=%s\n' "$1"; exit 0; fi
            if [ -d "$2" ] || [ ! -x "$2" ]; then printf 'errno=13\nerrno_at=%s\n' "$1"; exit 0; fi ;;
          esac
        }
        sw_packages() {
          sw_in env LANG="$sw_loc" LC_ALL="$sw_loc" LC_MESSAGES="$sw_loc" "$@" list --format=freeze; sw_rc=$?
          if [ "$sw_rc" = 0 ]; then echo "${sw_at}_cmd=list"; else sw_in "$@" freeze; sw_rc=$?; echo "${sw_at}_cmd=freeze"; fi
          sw_report "$sw_at" "$sw_rc"
          return "$sw_rc"
        }
        """#

    func script(checkMode: Bool, interpreter: String?) -> String {
        var s = GetentModule.findExecutable + "\n" + Self.helpers + "\n"
        if let umask { s += "umask \(String(umask, radix: 8))\n" }
        if breakSystemPackages { s += "PIP_BREAK_SYSTEM_PACKAGES=1; export PIP_BREAK_SYSTEM_PACKAGES\n" }
        if let chdir {
            s += "sw_cwd=\(ShellQuote.quote(chdir))\n"
        } else {
            s += "sw_cwd=/tmp\nfor d in \"${TMPDIR:-}\" \"${TEMP:-}\" \"${TMP:-}\" /tmp /var/tmp /usr/tmp; do\n"
            s += "  if [ -n \"$d\" ] && [ -d \"$d\" ] && [ -w \"$d\" ]; then sw_cwd=$d; break; fi\ndone\n"
        }
        if let interpreter, !interpreter.isEmpty, !interpreter.hasPrefix("auto") {
            s += "sw_py=$(command -v \(ShellQuote.quote(interpreter)) 2>/dev/null) || sw_py=\n"
        } else {
            s += "sw_py=\nfor c in \(PythonFacts.candidates.joined(separator: " ")); do\n"
            s += "  if sw_py=$(command -v \"$c\" 2>/dev/null); then break; fi; sw_py=\ndone\n"
        }
        if let virtualenv { s += venvSteps(virtualenv, checkMode: checkMode) }
        s += pipLookup
        s += "printf 'pip_n=%s\\n' \"$#\"; sw_i=0; for w in \"$@\"; do sw_i=$((sw_i + 1)); printf 'pip%s=%s\\n' \"$sw_i\" \"$w\"; done\n"
        if pendingFailure != nil || nothingToDo || (checkMode && checkAssumesChange) { return s + "echo stopped=1\n" }
        s += "sw_loc=C\nif command -v locale >/dev/null 2>&1; then sw_all=$(locale -a 2>/dev/null)\n"
        s += "  for l in \(Self.listLocales.joined(separator: " ")); do if printf '%s\\n' \"$sw_all\" | grep -qx \"$l\"; then sw_loc=$l; break; fi; done\nfi\n"
        if checkMode {
            return s + "sw_runnable list \"$1\"\nsw_at=list sw_packages \"$@\"\n"
        }
        s += "sw_runnable \(listsFirst ? "list" : "main") \"$1\"\n"
        if listsFirst { s += "sw_at=before sw_packages \"$@\" || exit 0\n" }
        let path = virtualenv.map { "PATH=\(ShellQuote.quote($0 + "/bin")):$PATH; export PATH; " } ?? ""
        s += "( \(path)sw_in \"$@\" \(ShellQuote.join(arguments)) ); sw_rc=$?\nsw_report main \"$sw_rc\"\n"
        if listsFirst { s += "if [ \"$sw_rc\" = 0 ] || [ \"$sw_rc\" = 1 ]; then sw_at=after sw_packages \"$@\"; fi\n" }
        return s
    }

    /// Creating the virtualenv when it has no `bin/activate`: its command found on the PATH,
    /// asked whether it knows `--no-site-packages`, given `-p` unless it is `venv`.
    private func venvSteps(_ env: String, checkMode: Bool) -> String {
        var s = "if [ ! -e \(ShellQuote.quote(env + "/bin/activate")) ]; then\n"
        if checkMode { return s + "  echo venv_check=1; exit 0\nfi\n" }
        let program = venvCommand[0]
        if program.contains("/") {
            s += "  sw_vbin=\(ShellQuote.quote(program))\n"
        } else {
            s += "  echo stage=venv; sw_find \(ShellQuote.quote(program)); sw_vbin=$bin\n"
        }
        s += "  printf 'venv_bin=%s\\nvenv_py=%s\\n' \"$sw_vbin\" \"$sw_py\"\n"
        s += "  set -- \"$sw_vbin\" \(ShellQuote.join(Array(venvCommand.dropFirst())))\n"
        if venvSitePackages {
            s += "  set -- \"$@\" --system-site-packages\n"
        } else {
            s += "  sw_runnable help \"$sw_vbin\"\n  sw_in \"$sw_vbin\" --help; sw_rc=$?\n"
            s += "  if [ \"$sw_rc\" != 0 ]; then sw_report help \"$sw_rc\"; exit 0; fi\n"
            s += "  if tr -s ' \\t\\r\\n' '\\n\\n\\n\\n' <\"$sw_t/o\" | grep -qx -- --no-site-packages; then echo venv_nosite=1; set -- \"$@\" --no-site-packages; fi\n"
        }
        if !venvIsVenvModule {
            s += venvPython.map { "  set -- \"$@\" \(ShellQuote.quote("-p" + $0))\n" } ?? "  set -- \"$@\" \"-p$sw_py\"\n"
        } else if venvPython != nil {
            return s + "  echo venv_python_refused=1; exit 0\nfi\n"
        }
        s += "  set -- \"$@\" \(ShellQuote.quote(env))\n  sw_runnable venv \"$1\"\n  sw_in \"$@\"; sw_rc=$?\n  sw_report venv \"$sw_rc\"\n"
        s += "  [ \"$sw_rc\" = 0 ] || exit 0\n  echo venv_created=1\nfi\n"
        return s
    }

    /// Sets the positional parameters to the pip command, or reports why there is none.
    private var pipLookup: String {
        var s = "echo stage=pip\n"
        if let executable, executable.hasPrefix("/") {
            s += "set -- \(ShellQuote.quote(executable))\n"
        } else if let executable {
            s += "sw_find \(ShellQuote.quote(executable)); set -- \"$bin\"\n"
        } else if let virtualenv {
            let bin = ShellQuote.quote(virtualenv + "/bin/")
            s += "if [ -e \(bin)pip3 ] && [ -x \(bin)pip3 ]; then set -- \(bin)pip3\n"
            s += "elif [ -e \(bin)pip ] && [ -x \(bin)pip ]; then set -- \(bin)pip\nelse echo venv_pip_missing=1; exit 0; fi\n"
        } else {
            let probe = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('pip') else 1)"
            s += "if [ -n \"$sw_py\" ] && (cd / && \"$sw_py\" -c \(ShellQuote.quote(probe))) >/dev/null 2>&1; then set -- \"$sw_py\" -m pip\n"
            s += "else sw_find pip3; set -- \"$bin\"; fi\n"
        }
        return s
    }
}
