import SwansibleYAML

/// Tricky YAML documents compared with PyYAML (`CSafeLoader`, YAML 1.1) by `YAMLConformanceTests`.
enum YAMLCorpus {
    static let documents: [String] = [
        // booleans
        "[yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]",
        "[y, Y, n, N, yEs, tRUE, oN, 'yes', \"no\", t, f, nO]",
        "{yes: 1, no: 2, on: 3, off: 4}",
        // integers
        "[0600, 0o600, 0x1F, 0X1F, 0b101, 0B101, 1_000, -0, +12, 09, 0_7, 00, 0]",
        "[-0x1f, +0b11, -017, 1__2, 1_, 12_000_000, 0xdead_BEEF, 0b_1]",
        "[1:20, 12:30:00, -1:30, 1:60, 1:5, 190:20:30, 0:1, 01:20]",
        "[9223372036854775807, -9223372036854775808]",
        // floats
        "[1.0, 1e3, 1.5e3, 1.5e+3, 1.5E-3, .5, -.5, +.5, 1., -1., 0.1_2, 1_0.5, 6.8523015e+5]",
        "[.inf, .Inf, .INF, -.inf, +.inf, .iNf, .nan, .NaN, .NAN, -.nan, inf, nan, .5e+3, ._]",
        "[190:20:30.15, 1:20.5, -1:20.5, 1.2.3, 1e, 1.e+3, 3.14159265358979]",
        // nulls and empties
        "[~, null, Null, NULL, nULL, '', \"\", '~', 'null']",
        "a:\nb: ~\nc: !!null\nd: ''\n",
        "",
        "# just a comment\n",
        "---\n",
        "--- ~\n",
        // timestamps
        "[2017-03-11, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2001-12-15T02:59:43.1Z, 2002-12-14, 2001-1-1 1:00:00]",
        "[2017-3-11, 20170311, 2017-03-11x, '2017-03-11']",
        // strings that look like something else
        "[1.2.3.4, 10.0.0.1/24, 1:2:3:4, '0600', +, -, ., ..., '<<', =x, x=, 'on', 0x, 0b, 0o, 12e3, 1_2e+3]",
        "[a b, 'a b', \"a\\tb\", \"\\u00e9\\x41\\U0001F600\", 'it''s', \"q\\\"q\", \"\\\\\", '\\n']",
        "[\"\\0\", \"\\a\\b\\e\\f\\r\\v\", \"\\N\\_\\L\\P\", \"tab\\\tx\", \"line\\\n  continued\"]",
        // plain multi-line scalars
        "a: this is\n  a plain\n\n  multi line\nb: next\n",
        "- 'single\n  quoted\n\n  lines'\n- \"double\n  quoted \\\n  escaped\"\n",
        // block scalars and chomping
        "a: |\n  line one\n  line two\n\nb: x\n",
        "a: |-\n  stripped\n\n\nb: x\n",
        "a: |+\n  kept\n\n\nb: x\n",
        "a: >\n  folded\n  text\n\n  para\nb: x\n",
        "a: >-\n  folded\n  stripped\n\n",
        "a: >+\n  folded\n  kept\n\n\n",
        "a: |2\n   indented\n  less\n",
        "a: >\n  one\n    more indented\n  back\n",
        "- |\n  in list\n- >\n  folded in\n  list\n",
        "a: |\n\n  leading blank\n",
        "a: |-\n",
        "a: >\n",
        "a: |\n  # not a comment\n  text  \n",
        // flow collections
        "{a: 1, b: [1, 2, {c: d}], 'e f': \"g\", h: {}, i: []}",
        "[a, [b, [c, [d]]], {x: {y: {z: 1}}}]",
        "{a, b: 1, c}",
        "[a: 1, b: 2]",
        "{a: [1,2,], b: {c: 1,},}",
        "[ 'a' , \"b\" ,c ]",
        "{? complex: 1}",
        // anchors, aliases, merges
        "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n",
        "a: &a {k: 1, kk: 1}\nb: &b {k: 2, j: 2}\nc: {<<: [*a, *b]}\nd: {<<: [*b, *a]}\n",
        "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n",
        "a: &s hello\nb: *s\nc: [*s, *s]\n",
        "a: &l [1, 2]\nb: *l\nc: {<<: {p: 1}, q: 2}\n",
        "- &x {a: 1}\n- <<: *x\n  b: 2\n- *x\n",
        "a: &n 5\n<<: {a: 6, z: 7}\n",
        // aliases shared on several levels (kept shared, never expanded), merges through them
        "a: &a [x, 1, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *a, *c]\n",
        "a: &a {k: 1, j: 2}\nb: &b {<<: [*a, *a], k: 3}\nc: &c {<<: [*b, *a, *b], z: 0}\nd: {<<: [*c, *c, *b]}\n",
        "a: &a {k: 1}\nb: &b {k: 2}\nc: &c {<<: [*a, *b]}\nd: {<<: [*b, *c], k: 9}\ne: {<<: [*c, *b]}\n",
        "a: &a {k: &v [1, 2]}\nb: {<<: *a, l: *v, m: [*v, *v]}\n",
        "'<<': {a: 1}\n",
        "a: {<<: []}\n",
        // keys of all types
        "{1: a, 1.5: b, true: c, ~: d, 0x10: e, 2017-01-01: f, 010: g}",
        "yes: 1\nTrue: 2\non: 3\n",
        "1: a\n1.0: b\n",
        "{\"quoted key\": 1, 'single': 2, plain key: 3, : empty}",
        "? |\n  block key\n: value\n",
        "=: eq\n",
        // explicit tags
        "[!!str 123, !!str yes, !!int \"5\", !!int '0x10', !!float 1, !!float '1e3', !!bool \"yes\", !!null x, !!str ~]",
        "[! 12, ! yes, ! 'quoted', !!str, !!int 0b11]",
        "a: !!map {b: 1}\nc: !!seq [1]\nd: !!str |\n  block\n",
        "!!set {a, b}",
        "!!omap [a: 1, b: 2]",
        "!!pairs [a: 1, a: 2]",
        "%YAML 1.1\n---\na: 1\n",
        "a: !!binary aGVsbG8=\nb: !!binary |\n  d29y\n  bGQ=\n",
        "%TAG !e! tag:yaml.org,2002:\n---\n[!e!int '7', !e!str 7]\n",
        "[!<tag:yaml.org,2002:str> 42]",
        // documents
        "--- 1\n--- 2\n...\n--- [3]\n",
        "a: 1\n...\n---\nb: 2\n",
        "--- |\n  literal doc\n",
        "---\n# comment\n---\n",
        // comments
        "a: 1 # comment\nb: 'x # not comment'\nc: x#y\n# full line\nd: [1, # inner\n  2]\n",
        // unicode
        "ключ: значение\n日本: 語\nemoji: 😀\n",
        "\u{FEFF}a: bom\n",
        "a: \"caf\\u00e9\"\nb: café\n",
        // indentation and nesting
        "a:\n  b:\n    c:\n      - d\n      - e:\n          f: g\n",
        "- - - x\n    - y\n  - z\n- w\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "a:\n- 1\n- 2\nb: 3\n",
        // ansible-shaped documents
        "- hosts: all\n  become: yes\n  vars:\n    mode: 0644\n    port: 8080\n  tasks:\n    - name: copy\n      copy: src=a dest=/b mode=0644\n    - debug: msg=\"{{ x }}\"\n      when: x is defined\n",
        "- name: t\n  shell: >\n    echo one\n    echo two\n  args:\n    chdir: /tmp\n",
        "key: \"{{ lookup('env', 'HOME') }}\"\nother: '{{ a }}:{{ b }}'\n",
        "- include_tasks: x.yml\n  loop: \"{{ items }}\"\n  loop_control:\n    loop_var: it\n",
        // special characters in plain scalars
        "[a:b, a::b, http://x.y/z, -x, --x, ?x, '@x', '`x', x:, \"x: y\"]",
        "a: x: y\n",
        "a: 'unterminated\n",
        "a: [1, 2\nb: 3\n",
        "a: *undefined\n",
        "a: &x 1\nb: &x 2\n",
        "a: !unknown x\n",
        "{[1]: 2}",
        "a:\n\tb: 1\n",
        "- a\nb: 1\n",
        "a: {<<: 5}\n",
        "a: !!int 0b\n",
        "a: !!int foo\n",
        "a: =\n",
        "a: !!str [1]\n",
    ]
}
