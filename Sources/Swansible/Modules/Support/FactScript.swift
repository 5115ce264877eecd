/// The one script `setup` runs: `key=value` lines for single values, then `__section__NAME`
/// blocks with raw command output (os-release, ip, env -0, ...) that `FactParser` reads.
/// POSIX sh + coreutils; `ip` (iproute2) is used when present, /proc otherwise.
enum FactScript {
    static let sectionMarker = "__section__"

    static let text = #"""
export LC_ALL=C
echo "system=$(uname -s)"
echo "kernel=$(uname -r)"
echo "kernel_version=$(uname -v)"
echo "machine=$(uname -m)"
echo "nodename=$(uname -n)"
echo "fqdn=$(hostname -f 2>/dev/null || uname -n)"
u=$(id -un)
echo "user_id=$u"
echo "user_uid=$(id -u)"
echo "user_gid=$(id -g)"
echo "passwd=$(getent passwd "$u" 2>/dev/null || grep "^$u:" /etc/passwd)"
echo "date=$(date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%Z|%z|%N|%u|%j|%V')"
echo "utc=$(date -u '+%Y-%m-%dT%H:%M:%S|%N|%Y%m%dT%H%M%S')"
echo "vcpus=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)"
echo "cores=$(grep -m1 '^cpu cores' /proc/cpuinfo 2>/dev/null | sed 's/.*: *//')"
echo "sockets=$(grep '^physical id' /proc/cpuinfo 2>/dev/null | sort -u | wc -l)"
echo "cpu_model=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: *//')"
echo "memtotal_kb=$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "memfree_kb=$(sed -n 's/^MemFree: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "swaptotal_kb=$(sed -n 's/^SwapTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "swapfree_kb=$(sed -n 's/^SwapFree: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "buffers_kb=$(sed -n 's/^Buffers: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "cached_kb=$(sed -n 's/^Cached: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "swapcached_kb=$(sed -n 's/^SwapCached: *\([0-9]*\).*/\1/p' /proc/meminfo)"
echo "init=$(cat /proc/1/comm 2>/dev/null)"
[ -d /run/systemd/system ] && echo "systemd_booted=1"
for m in apt-get dnf yum zypper apk pacman emerge pkg; do
  if command -v "$m" >/dev/null 2>&1; then echo "pkg=$m"; break; fi
done
echo "machine_id=$(cat /etc/machine-id 2>/dev/null)"
echo "uptime=$(cut -d' ' -f1 /proc/uptime 2>/dev/null)"
echo "debian_version=$(cat /etc/debian_version 2>/dev/null)"
echo "pwd=$PWD"
if command -v ip >/dev/null 2>&1; then
  echo __section__route; ip -4 route get 8.8.8.8 2>/dev/null || ip -4 route show default 2>/dev/null
  echo __section__addr; ip -o addr show 2>/dev/null
  echo __section__link; ip -o link show 2>/dev/null
else
  echo __section__procroute; cat /proc/net/route 2>/dev/null
  echo __section__hostnameI; hostname -I 2>/dev/null
fi
echo __section__resolv; grep -E '^(nameserver|search|domain)' /etc/resolv.conf 2>/dev/null
echo __section__osrelease; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
echo __section__env; env -0
"""#
}
