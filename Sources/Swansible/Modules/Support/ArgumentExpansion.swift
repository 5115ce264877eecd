/// The command module's `expand_argument_vars`: like ansible-core, each word of the argv has
/// its `$NAME` / `${NAME}` replaced by the command's environment variables (names of letters,
/// digits and `_`; unknown ones stay as written; values are not expanded again), then a leading
/// `~` or `~user` by that home directory (`$HOME` for `~`). This happens on the host, where the
/// environment is, in the shell script that runs the command.
enum ArgumentExpansion {
    /// Whether expanding could change `word`: only such words go through the shell function.
    static func mayChange(_ word: String) -> Bool {
        word.contains("$") || word.hasPrefix("~")
    }

    /// Script lines that leave the expanded words in `"$@"`.
    static func positionalWords(_ argv: [String]) -> String {
        var s = function + "set --\n"
        for word in argv {
            if mayChange(word) {
                // (The `x` keeps trailing newlines of a value that command substitution would drop.)
                s += "sw_word=$(sw_expand \(ShellQuote.quote(word)) && printf x); set -- \"$@\" \"${sw_word%x}\"\n"
            } else {
                s += "set -- \"$@\" \(ShellQuote.quote(word))\n"
            }
        }
        return s
    }

    /// `sw_expand WORD` prints WORD expanded. `printenv` reads the environment only (never the
    /// script's own variables); a variable's value keeps its trailing newlines.
    static let function = #"""
        sw_expand() {
          sw_rest=$1 sw_out=
          while :; do
            case $sw_rest in *\$*) ;; *) break ;; esac
            sw_out=$sw_out${sw_rest%%\$*}
            sw_rest=${sw_rest#*\$}
            case $sw_rest in
              '{'*'}'*) sw_name=${sw_rest#?}; sw_name=${sw_name%%\}*}; sw_ref="{$sw_name}" ;;
              [A-Za-z0-9_]*) sw_name=${sw_rest%%[!A-Za-z0-9_]*}; sw_ref=$sw_name ;;
              *) sw_out=$sw_out\$; continue ;;
            esac
            sw_rest=${sw_rest#"$sw_ref"}
            if [ -n "$sw_name" ] && sw_value=$(printenv -- "$sw_name" && printf x); then
              sw_out=$sw_out${sw_value%?x}
            else
              sw_out=$sw_out\$$sw_ref
            fi
          done
          sw_out=$sw_out$sw_rest
          case $sw_out in
            \~*)
              sw_user=${sw_out#?}; sw_user=${sw_user%%/*}; sw_tail=${sw_out#?}; sw_tail=${sw_tail#"$sw_user"}
              if [ -z "$sw_user" ] && sw_home=$(printenv HOME && printf x); then
                sw_home=${sw_home%?x}
              elif sw_entry=$(getent passwd "${sw_user:-$(id -u)}") && { [ -z "$sw_user" ] || [ "${sw_entry%%:*}" = "$sw_user" ]; }; then
                sw_home=$(printf '%s\n' "$sw_entry" | head -n 1 | cut -d: -f6)
              else
                printf '%s' "$sw_out"; return
              fi
              while :; do case $sw_home in */) sw_home=${sw_home%/} ;; *) break ;; esac; done
              sw_out=$sw_home$sw_tail
              [ -n "$sw_out" ] || sw_out=/
              ;;
          esac
          printf '%s' "$sw_out"
        }

        """#
}
