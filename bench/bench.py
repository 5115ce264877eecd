#!/usr/bin/env python3
"""Swansible against ansible-core (defaults, pipelining, Mitogen) on the same simulated hosts.

A benchmark, not a test: it prints medians and ratios and writes them, with the machine's
description, to bench/results/<date>.md. Every engine runs the same playbook on the same hosts,
interleaved (A B C D A B C D ...), so a machine that slows down slows all of them.

    bench/bench.py                      # every workload, 3 runs each
    bench/bench.py --runs 5 --workloads synthetic
    bench/bench.py --quick              # 1 run, 2 hosts, no scale curve: does it all work?

Workloads:
  flagship   kubernetes.yml on the simulated cluster, converged (Swansible only: ansible-core
             2.19 refuses its Ansible 2.2-era `include:` lines)
  synthetic  bench/workloads/synthetic.yml (40 tasks, become everywhere) on 4 hosts, fresh
             (every path removed before each run) and converged
  scale      the synthetic workload converged on 1, 4, 16 and 32 hosts (forks = hosts), then on
             256 and 1,024 inventory hosts that are aliases of those containers (forks 64;
             Swansible only): controller CPU per host-task, peak memory, threads
  overhead   one host, 50 and 100 trivial tasks (`command: /bin/true`, with and without become):
             the engine's cost per task above the same commands run back to back in one shell
  startup    --syntax-check and --list-tasks of kubernetes.yml, and --version
  templates  bench/template.sh: bench/templates/large.j2 against Jinja2's compiled template
  modules    round trips per module on one host: each module's task run alone, first and
             converged (Swansible's --profile counters; ansible-core's from its -vvv SSH: EXEC
             lines, each one ssh or sftp process), and the converged run's time

Swansible's own counters come from `swansible-playbook --profile`.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run" / "bench"
VENV = ROOT / ".bench-venv"
ANSIBLE_CORE = "ansible-core==2.19.14"
MITOGEN = "mitogen==0.3.54"
PYTHON_IMAGE = "swansible/coreos-sim-python:latest"
SYNTHETIC = ROOT / "bench" / "workloads" / "synthetic.yml"
# What the synthetic workload creates; removing it makes a host fresh again.
SYNTHETIC_RESET = (
    "systemctl disable --now bench-kubelet.service >/dev/null 2>&1; "
    "rm -rf /etc/bench /var/lib/bench /etc/systemd/system/bench-kubelet.service; systemctl daemon-reload"
)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(args: list[str], env: dict | None = None, check: bool = True, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:])
        raise SystemExit(f"bench: failed ({result.returncode}): {' '.join(map(str, args))}")
    return result


# ---------------------------------------------------------------------------------------------
# The tools: Swansible's release build, a venv with ansible-core and Mitogen, Docker and hosts.

def build_swansible() -> Path:
    log("building Swansible (release)")
    run(["swift", "build", "-c", "release", "--product", "swansible-playbook"])
    run(["swift", "build", "-c", "release", "--product", "swansible"])
    return Path(run(["swift", "build", "-c", "release", "--show-bin-path"]).stdout.strip())


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        log(f"creating {VENV.name} with {ANSIBLE_CORE} and {MITOGEN} from PyPI")
        run([sys.executable, "-m", "venv", str(VENV)])
    have = run([str(python), "-m", "pip", "freeze"]).stdout
    wanted = [ANSIBLE_CORE, MITOGEN]
    if not all(w.lower() in have.lower() for w in wanted):
        run([str(python), "-m", "pip", "install", "--quiet", *wanted])
    return VENV / "bin"


def mitogen_strategy_dir(venv_bin: Path) -> str:
    code = "import ansible_mitogen, os; print(os.path.join(os.path.dirname(ansible_mitogen.__file__), 'plugins', 'strategy'))"
    return run([str(venv_bin / "python"), "-c", code]).stdout.strip()


@dataclass
class Hosts:
    """Simulated hosts started with scripts/hosts.sh (the image with Python, for ansible-core)."""
    directory: Path
    names: list[str]

    @property
    def inventory(self) -> Path:
        return self.directory / "inventory.ini"

    def containers(self) -> list[str]:
        run_id = (self.directory / "run-id").read_text().strip()
        return [f"swansible-{run_id}-{name}" for name in self.names]

    def on_each(self, script: str) -> None:
        procs = [subprocess.Popen(["docker", "exec", c, "/bin/sh", "-c", script], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for c in self.containers()]
        for p in procs:
            p.wait()


def hosts_env(directory: Path) -> dict:
    return {**os.environ, "SWANSIBLE_HOSTS_DIR": str(directory), "SWANSIBLE_HOST_IMAGE": PYTHON_IMAGE}


def start_hosts(count: int, tag: str) -> Hosts:
    directory = RUN_DIR / f"hosts-{tag}"
    names = [f"bench-{i:02d}" for i in range(1, count + 1)]
    log(f"starting {count} simulated hosts")
    run([str(ROOT / "scripts" / "hosts.sh"), "up", str(count), *names], env=hosts_env(directory))
    return Hosts(directory, names)


def stop_hosts(hosts: Hosts | None) -> None:
    if hosts and hosts.directory.exists():
        run([str(ROOT / "scripts" / "hosts.sh"), "down"], env=hosts_env(hosts.directory), check=False)


def aliased_inventory(hosts: Hosts, count: int) -> Path:
    """`count` inventory hosts, each an alias of one of `hosts` (same address, port and key)."""
    lines = [line for line in hosts.inventory.read_text().splitlines() if " ansible_host=" in line]
    path = RUN_DIR / f"aliases-{count}.ini"
    with path.open("w") as out:
        for i in range(count):
            out.write(f"alias-{i:04d}" + lines[i % len(lines)][lines[i % len(lines)].index(" "):] + "\n")
    return path


# ---------------------------------------------------------------------------------------------
# Engines: how each runs a playbook.

@dataclass
class Engine:
    name: str
    argv: list[str]
    env: dict

    def command(self, inventory: Path, playbook: Path, forks: int, extra: list[str] = ()) -> list[str]:
        return [*self.argv, "-i", str(inventory), "-f", str(forks), *extra, str(playbook)]


def engines(bin_dir: Path, venv_bin: Path | None, wanted: list[str]) -> list[Engine]:
    base = {**os.environ, "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
            "ANSIBLE_RETRY_FILES_ENABLED": "False", "ANSIBLE_NOCOLOR": "1"}
    found = {"swansible": Engine("swansible", [str(bin_dir / "swansible-playbook"), "--profile"], base)}
    if venv_bin:
        playbook = str(venv_bin / "ansible-playbook")
        found["ansible"] = Engine("ansible", [playbook], base)
        found["pipelining"] = Engine("pipelining", [playbook], {**base, "ANSIBLE_PIPELINING": "True"})
        found["mitogen"] = Engine("mitogen", [playbook], {
            **base, "ANSIBLE_STRATEGY_PLUGINS": mitogen_strategy_dir(venv_bin), "ANSIBLE_STRATEGY": "mitogen_linear"})
    return [found[name] for name in wanted if name in found]


RECAP = re.compile(r"^\S+\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


@dataclass
class Timed:
    seconds: float
    changed: int
    output: str


def timed(engine: Engine, args: list[str], expect_changed: bool | None) -> Timed:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=engine.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    recaps = RECAP.findall(result.stdout)
    if result.returncode != 0 or not recaps or any(int(r[2]) or int(r[3]) for r in recaps):
        sys.stderr.write(result.stdout[-6000:])
        raise SystemExit(f"bench: {engine.name} failed ({result.returncode}): {' '.join(args)}")
    changed = sum(int(r[1]) for r in recaps)
    if expect_changed is False and changed:
        log(f"warning: {engine.name}'s converged run changed {changed} things")
    if expect_changed is True and not changed:
        log(f"warning: {engine.name}'s fresh run changed nothing")
    return Timed(seconds, changed, result.stdout)


PROFILE_RUN = re.compile(r"^Run: .*?(\d+) host-tasks; controller ([\d.]+) s CPU, ([\d.]+) (B|KiB|MiB) peak memory, (\d+) threads", re.M)
PROFILE_REMOTE = re.compile(r"^Remote: (\d+) round trips \(([\d.]+) per host-task.*?\), ([\d.]+ \S+) sent, ([\d.]+ \S+) received", re.M)


def profile_counters(output: str) -> dict:
    counters = {}
    if m := PROFILE_RUN.search(output):
        scale = {"B": 1 / 1024 / 1024, "KiB": 1 / 1024, "MiB": 1}[m.group(4)]
        counters.update(host_tasks=int(m.group(1)), cpu=float(m.group(2)), rss_mib=float(m.group(3)) * scale,
                        threads=int(m.group(5)))
    if m := PROFILE_REMOTE.search(output):
        counters.update(round_trips=int(m.group(1)), per_task=float(m.group(2)), sent=m.group(3), received=m.group(4))
    return counters


# ---------------------------------------------------------------------------------------------
# Results.

@dataclass
class Report:
    sections: list[str] = field(default_factory=list)

    def table(self, title: str, header: list[str], rows: list[list[str]], notes: list[str] = ()) -> None:
        lines = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines += [""] + [f"- {n}" for n in notes]
        text = "\n".join(lines)
        print("\n" + text, flush=True)
        self.sections.append(text)


def median(values: list[float]) -> float:
    return statistics.median(values)


def compare(report: Report, title: str, timings: dict[str, list[float]], host_tasks: int | None, notes: list[str]) -> None:
    sw = median(timings["swansible"])
    rows = []
    for name, values in timings.items():
        m = median(values)
        per_task = f"{m * 1000 / host_tasks:.1f}" if host_tasks else "-"
        ratio = "1.0x" if name == "swansible" else f"{m / sw:.1f}x"
        rows.append([name, f"{m:.2f}", f"{min(values):.2f}–{max(values):.2f}", str(len(values)), per_task, ratio])
    report.table(title, ["engine", "median s", "range s", "runs", "ms per host-task", "time / Swansible's"], rows, notes)


def counters_note(counters: dict) -> str:
    if not counters:
        return "Swansible's counters: not printed"
    return (f"Swansible's counters (last run): {counters['host_tasks']} host-tasks, {counters['round_trips']} round trips "
            f"({counters['per_task']:.2f} per host-task), {counters['sent']} sent, {counters['received']} received; "
            f"controller {counters['cpu']:.2f} s CPU, {counters['rss_mib']:.1f} MiB peak RSS, "
            f"{counters['threads']} threads at most")


# ---------------------------------------------------------------------------------------------
# Workloads.

def synthetic(report: Report, all_engines: list[Engine], hosts: Hosts, runs: int) -> None:
    count = len(hosts.names)
    for phase in ("fresh", "converged"):
        timings: dict[str, list[float]] = {e.name: [] for e in all_engines}
        counters = {}
        if phase == "converged":
            timed(all_engines[0], all_engines[0].command(hosts.inventory, SYNTHETIC, count), None)
        for i in range(runs):
            for engine in all_engines:
                if phase == "fresh":
                    hosts.on_each(SYNTHETIC_RESET)
                result = timed(engine, engine.command(hosts.inventory, SYNTHETIC, count), phase == "fresh")
                timings[engine.name].append(result.seconds)
                if engine.name == "swansible":
                    counters = profile_counters(result.output)
            log(f"synthetic {phase}: round {i + 1}/{runs} done")
        compare(report, f"Synthetic 40-task workload, {phase}, {count} hosts", timings,
                counters.get("host_tasks"), [counters_note(counters)])


def scale(report: Report, all_engines: list[Engine], sizes: list[int], aliases: list[int], runs: int) -> None:
    rows = []
    engines_here = all_engines
    for size in sizes:
        hosts = start_hosts(size, f"scale-{size}")
        try:
            for engine in engines_here:
                timed(engine, engine.command(hosts.inventory, SYNTHETIC, size), None)  # converge
            timings = {e.name: [] for e in engines_here}
            counters = {}
            for _ in range(runs):
                for engine in engines_here:
                    result = timed(engine, engine.command(hosts.inventory, SYNTHETIC, size), False)
                    timings[engine.name].append(result.seconds)
                    if engine.name == "swansible":
                        counters = profile_counters(result.output)
            sw = median(timings["swansible"])
            others = "; ".join(f"{n} {median(v):.2f} s ({median(v) / sw:.1f}x)" for n, v in timings.items() if n != "swansible")
            rows.append([str(size), str(size), f"{sw:.2f}", f"{counters.get('cpu', 0):.2f}",
                         f"{counters.get('cpu', 0) * 1000 / max(1, counters.get('host_tasks', 1)):.2f}",
                         f"{counters.get('rss_mib', 0):.1f}", str(counters.get("threads", "-")), others or "-"])
            log(f"scale: {size} hosts done")
            if size == sizes[-1] and aliases:
                for count in aliases:
                    inventory = aliased_inventory(hosts, count)
                    swansible = all_engines[0]
                    forks = 64
                    timed(swansible, swansible.command(inventory, SYNTHETIC, forks), None)
                    result = timed(swansible, swansible.command(inventory, SYNTHETIC, forks), False)
                    c = profile_counters(result.output)
                    rows.append([f"{count} (aliases of {size})", str(forks), f"{result.seconds:.2f}", f"{c.get('cpu', 0):.2f}",
                                 f"{c.get('cpu', 0) * 1000 / max(1, c.get('host_tasks', 1)):.2f}",
                                 f"{c.get('rss_mib', 0):.1f}", str(c.get("threads", "-")), "-"])
                    log(f"scale: {count} aliased hosts done")
        finally:
            stop_hosts(hosts)
        # ansible-core takes minutes per run beyond 4 hosts on 2 cores: the curve beyond is Swansible's.
        if size >= 4:
            engines_here = all_engines[:1]
    report.table("Scale: the synthetic workload, converged", [
        "hosts", "forks", "Swansible median s", "controller CPU s", "CPU ms per host-task", "peak RSS MiB",
        "threads at most", "others (time, ratio)"], rows,
        ["Aliased hosts share the containers of the largest size; each alias is its own SSH session, as a fleet's "
         "hosts would be. Their runs change one file per alias (the kubeconfig names the host), so they are not "
         "quite converged runs.",
         "Containers and controller share the machine's cores: beyond a few hosts the hosts' own work dominates."])


def flagship(report: Report, bin_dir: Path, runs: int) -> None:
    env = {**os.environ}
    log("starting the simulated cluster (scripts/cluster.sh up)")
    run([str(ROOT / "scripts" / "cluster.sh"), "up"])
    playbook = [str(bin_dir / "swansible-playbook"), "--profile", "-i", "inventory", "kubernetes.yml"]
    engine = Engine("swansible", playbook[:2], env)
    timed(engine, playbook, None)  # converge
    values, counters = [], {}
    for _ in range(runs):
        result = timed(engine, playbook, False)
        values.append(result.seconds)
        counters = profile_counters(result.output)
    compare(report, "Flagship: kubernetes.yml on the simulated cluster, converged", {"swansible": values},
            counters.get("host_tasks"), [counters_note(counters),
                                         "ansible-core 2.19 refuses the playbook's Ansible 2.2-era `include:` lines, so it has no column here.",
                                         "The cluster stays up afterwards (make down removes it)."])


OVERHEAD_KINDS = [
    ("command: /bin/true", "command: /bin/true", "/bin/sh -c /bin/true </dev/null"),
    ("command: /bin/true, become", "command: /bin/true\n      become: true", "/bin/sh -c /bin/true </dev/null"),
]


def overhead_playbook(task: str, count: int) -> Path:
    path = RUN_DIR / f"overhead-{abs(hash(task))}-{count}.yml"
    tasks = "".join(f"    - name: task {i}\n      {task}\n" for i in range(count))
    path.write_text(f"- hosts: all\n  gather_facts: false\n  tasks:\n{tasks}")
    return path


def ssh_floor(hosts: Hosts, shell: str, line: str, count: int) -> float:
    """Seconds per command when `count` commands run back to back in one shell on the host."""
    fields = dict(f.split("=", 1) for f in hosts.inventory.read_text().splitlines()[0].split()[1:] if "=" in f)
    script = (f"start=$(date +%s%N); for i in $(seq {count}); do echo '{line}'; done | {shell}; "
              "end=$(date +%s%N); echo $((end - start))")
    result = run(["ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                  "-i", fields["ansible_ssh_private_key_file"], "-p", fields["ansible_port"],
                  f"{fields['ansible_user']}@{fields['ansible_host']}", script])
    return int(result.stdout.strip().splitlines()[-1]) / 1e9 / count


def overhead(report: Report, engine: Engine, runs: int) -> None:
    """Per task on one host: the slope between 50 and 100 tasks (start-up and connecting cancel
    out), against the same remote work back to back in one shell, the floor."""
    hosts = start_hosts(1, "overhead")
    rows = []
    try:
        for label, task, line in OVERHEAD_KINDS:
            shell = "sudo -H -S -n -u root /bin/sh" if "become" in task else "/bin/sh"
            slopes, floors, counters = [], [], {}
            for _ in range(max(runs, 3)):
                small = timed(engine, engine.command(hosts.inventory, overhead_playbook(task, 50), 1), None)
                large = timed(engine, engine.command(hosts.inventory, overhead_playbook(task, 100), 1), None)
                slopes.append((large.seconds - small.seconds) / 50)
                floors.append(ssh_floor(hosts, shell, line, 100))
                counters = profile_counters(large.output)
            slope, floor = median(slopes), median(floors)
            rows.append([label, f"{slope * 1000:.2f}", f"{floor * 1000:.2f}", f"{(slope - floor) * 1000:.2f}",
                         f"{counters.get('per_task', 0):.2f}"])
            log(f"overhead: {label} done")
    finally:
        stop_hosts(hosts)
    report.table("Per-task overhead on one host", ["task", "ms per task", "floor ms (same command, one shell)",
                                                   "overhead ms", "round trips per task"], rows,
                 ["ms per task: (time of 100 tasks - time of 50 tasks) / 50, median of the runs.",
                  "floor: the same command line run 100 times back to back in one `/bin/sh` (or `sudo /bin/sh`) "
                  "on the host over one OpenSSH session: the remote work alone."])


# One task per module, idempotent on the Python image's Debian host (become everywhere).
# Modules ansible-core 2.19 does not carry without collections are Swansible's only.
MODULE_TASKS = [
    ("file (directory)", "file: {path: /etc/bench-m/dir, state: directory, mode: '0755'}", True),
    ("copy (content)", "copy: {content: \"x=1\\n\", dest: /etc/bench-m/copy.conf, mode: '0644'}", True),
    ("template", "template: {src: MODULE_TEMPLATE, dest: /etc/bench-m/template.conf}", True),
    ("lineinfile", "lineinfile: {path: /etc/bench-m/line.conf, line: 'k=v', create: true}", True),
    ("blockinfile", "blockinfile: {path: /etc/bench-m/block.conf, block: 'a=1', create: true}", True),
    ("replace", "replace: {path: /etc/bench-m/copy.conf, regexp: '^y=', replace: 'z='}", True),
    ("stat", "stat: {path: /etc/bench-m/copy.conf}", True),
    ("command (creates)", "command: {cmd: touch /etc/bench-m/made, creates: /etc/bench-m/made}", True),
    ("shell", "shell: 'true'", True),
    ("systemd (started)", "systemd: {name: ssh, state: started}", True),
    ("service (started)", "service: {name: ssh, state: started}", True),
    ("group", "group: {name: benchgrp}", True),
    ("user", "user: {name: benchusr, group: benchgrp, shell: /bin/sh}", True),
    ("cron", "cron: {name: bench, minute: '5', job: /bin/true}", True),
    ("apt (present)", "apt: {name: bash, state: present}", True),
    ("setup", "setup:", True),
    ("ini_file", "community.general.ini_file: {path: /etc/bench-m/x.ini, section: s, option: o, value: v}", False),
    ("authorized_key", "ansible.posix.authorized_key: {user: benchusr, key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench bench'}", False),
    ("debug", "debug: {msg: hello}", True),
]


def module_round_trips(report: Report, bin_dir: Path, venv_bin: Path | None) -> None:
    """Round trips of each module's task on one host, first and converged, for both engines."""
    hosts = start_hosts(1, "modules")
    template = RUN_DIR / "module.conf.j2"
    template.write_text("name={{ inventory_hostname }}\n")
    hosts.on_each("mkdir -p /etc/bench-m")
    base = {**os.environ, "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
            "ANSIBLE_RETRY_FILES_ENABLED": "False", "ANSIBLE_NOCOLOR": "1"}
    rows = []
    try:
        for label, task, ansible_has in MODULE_TASKS:
            playbook = RUN_DIR / f"module-{re.sub(r'[^a-z]+', '-', label)}.yml"
            playbook.write_text("- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n    - "
                                + task.replace("MODULE_TEMPLATE", str(template)) + "\n")
            sw = [str(bin_dir / "swansible-playbook"), "--profile", "-i", str(hosts.inventory), str(playbook)]
            counts = []
            seconds = 0.0
            for _ in range(2):
                start = time.perf_counter()
                result = subprocess.run(sw, cwd=ROOT, env=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                seconds = time.perf_counter() - start
                counts.append(profile_counters(result.stdout).get("round_trips", -1) if result.returncode == 0 else -1)
                if result.returncode != 0:
                    sys.stderr.write(result.stdout[-3000:])
            changed = RECAP.findall(result.stdout)
            shown = ["failed" if count < 0 else str(count) for count in counts]
            row = [label, shown[0], shown[1], f"{seconds * 1000:.0f}",
                   "yes" if changed and int(changed[0][1]) == 0 and counts[1] >= 0 else "no"]
            if venv_bin and ansible_has:
                hosts.on_each("rm -rf /etc/bench-m/ansible && mkdir -p /etc/bench-m/ansible")
                an = [str(venv_bin / "ansible-playbook"), "-vvv", "-i", str(hosts.inventory), str(playbook)]
                subprocess.run(an, cwd=ROOT, env=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                start = time.perf_counter()
                result = subprocess.run(an, cwd=ROOT, env=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                an_seconds = time.perf_counter() - start
                row += [str(result.stdout.count("SSH: EXEC ")), f"{an_seconds * 1000:.0f}"]
            else:
                row += ["-", "-"]
            rows.append(row)
            log(f"modules: {label} done")
    finally:
        stop_hosts(hosts)
    report.table("Round trips per module, one task on one host", [
        "module", "Swansible first run", "Swansible converged", "Swansible converged ms", "converged changed=0",
        "ansible-core converged", "ansible-core converged ms"], rows,
        ["A round trip is one command or one whole-file transfer over the session (`--profile`'s count); "
         "ansible-core's are its `SSH: EXEC` lines at -vvv, each an ssh or sftp process (with ControlPersist).",
         "The times are whole runs of a one-task playbook (start-up and connecting included).",
         "ini_file and authorized_key are collection modules, absent from the oracle venv."])


def startup(report: Report, bin_dir: Path, venv_bin: Path | None, runs: int) -> None:
    cases = [("--version", ["--version"], True), ("--syntax-check kubernetes.yml", ["-i", "inventory", "--syntax-check", "kubernetes.yml"], False),
             ("--list-tasks kubernetes.yml", ["-i", "inventory", "--list-tasks", "kubernetes.yml"], False)]
    rows = []
    env = {**os.environ, "ANSIBLE_NOCOLOR": "1"}
    for label, args, ansible_can in cases:
        def measure(argv: list[str]) -> float:
            values = []
            for _ in range(max(runs, 5)):
                start = time.perf_counter()
                subprocess.run(argv + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                values.append(time.perf_counter() - start)
            return median(values)
        sw = measure([str(bin_dir / "swansible-playbook")])
        row = [label, f"{sw * 1000:.0f}"]
        if venv_bin and ansible_can:
            an = measure([str(venv_bin / "ansible-playbook")])
            row += [f"{an * 1000:.0f}", f"{an / sw:.0f}x"]
        else:
            row += ["(refuses `include:`)" if venv_bin else "-", "-"]
        rows.append(row)
    report.table("Start-up", ["command", "Swansible ms", "ansible-core ms", "ratio"], rows,
                 ["Median of at least 5 runs; release build."])


def templates(report: Report) -> None:
    result = run([str(ROOT / "bench" / "template.sh")], env={**os.environ, "SWANSIBLE_ORACLE_PYTHON": str(VENV / "bin" / "python")})
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    report.table("Templates: bench/templates/large.j2", ["bench/template.sh says"], [[line] for line in lines])


# ---------------------------------------------------------------------------------------------

def machine_description() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    memory = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
    swift = run(["swift", "--version"], check=False).stdout.splitlines()[0] if shutil.which("swift") else "?"
    commit = run(["git", "rev-parse", "--short", "HEAD"], check=False).stdout.strip()
    return (f"{os.cpu_count()} × {cpu}, {int(memory) // 1024 // 1024} GiB, {platform.platform()}; {swift}; "
            f"Swansible {commit}; {ANSIBLE_CORE}, {MITOGEN}; simulated hosts are containers on the same machine.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per engine and workload (default 3)")
    parser.add_argument("--hosts", type=int, default=4, help="hosts for the synthetic workload (default 4)")
    parser.add_argument("--workloads", default="synthetic,overhead,startup,templates,modules,flagship,scale",
                        help="comma separated: flagship, synthetic, overhead, scale, startup, templates, modules")
    parser.add_argument("--engines", default="swansible,ansible,pipelining,mitogen",
                        help="comma separated: swansible, ansible, pipelining, mitogen")
    parser.add_argument("--scale", default="1,4,16,32", help="host counts of the scale curve")
    parser.add_argument("--aliases", default="256,1024", help="aliased host counts after the largest size ('' for none)")
    parser.add_argument("--quick", action="store_true", help="1 run, 2 hosts, scale 1,2 without aliases: a check that all works")
    parser.add_argument("--no-save", action="store_true", help="print only; write nothing to bench/results")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.hosts, args.scale, args.aliases = 1, 2, "1,2", ""
    workloads = args.workloads.split(",")
    wanted = args.engines.split(",")
    if "swansible" not in wanted:
        parser.error("--engines must include swansible (ratios are against it)")
    unknown = set(workloads) - {"flagship", "synthetic", "scale", "startup", "templates", "overhead", "modules"}
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")

    RUN_DIR.mkdir(parents=True, exist_ok=True)
    run([str(ROOT / "scripts" / "ensure-docker.sh")])
    run([str(ROOT / "scripts" / "build-host-image.sh"), "--with-python"])
    bin_dir = build_swansible()
    venv_bin = ensure_venv() if set(wanted) - {"swansible"} or {"startup", "templates", "modules"} & set(workloads) else None
    all_engines = engines(bin_dir, venv_bin, wanted)
    report = Report()
    started = datetime.datetime.now(datetime.timezone.utc)

    if "synthetic" in workloads:
        hosts = start_hosts(args.hosts, "synthetic")
        try:
            synthetic(report, all_engines, hosts, args.runs)
        finally:
            stop_hosts(hosts)
    if "overhead" in workloads:
        overhead(report, all_engines[0], args.runs)
    if "startup" in workloads:
        startup(report, bin_dir, venv_bin, args.runs)
    if "modules" in workloads:
        module_round_trips(report, bin_dir, venv_bin)
    if "templates" in workloads:
        templates(report)
    if "scale" in workloads:
        scale(report, all_engines, [int(s) for s in args.scale.split(",")],
              [int(a) for a in args.aliases.split(",") if a], args.runs)
    if "flagship" in workloads:
        flagship(report, bin_dir, args.runs)

    if not args.no_save:
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        path = results / f"{started:%Y-%m-%d-%H%M}.md"
        header = (f"# Benchmark {started:%Y-%m-%d %H:%M} UTC\n\n{machine_description()}\n\n"
                  f"Command: `bench/bench.py {' '.join(sys.argv[1:])}`\n")
        path.write_text(header + "\n" + "\n\n".join(report.sections) + "\n")
        log(f"results written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
