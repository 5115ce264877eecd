/// The one script `setup` runs: `key=value` lines for single values, then `__section__NAME`
/// blocks with raw command output (os-release, ip, env -0, ...) that `FactParser` reads.
/// POSIX sh + coreutils; `ip` (iproute2) is used when present, /proc otherwise. It reads
/// everything every time (one round trip; the costly parts are few): `gather_subset` and
/// `filter` choose among the facts on the controller.
enum FactScript {
    static let sectionMarker = "__section__"
    /// Ends each local fact's output inside the `local` section.
    static let localFactEnd = "__swansible_local_fact_end__"

    /// The script, reading local facts from `factPath`.
    static func text(factPath: String) -> String {
        "fact_path=\(ShellQuote.quote(factPath))\n" + body
    }

    static let body = #"""
lc_all_before=${LC_ALL-__unset__}
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
echo "real_uid=$(id -ru)"
echo "real_gid=$(id -rg)"
echo "long_bit=$(getconf LONG_BIT 2>/dev/null)"
echo "fips=$(cat /proc/sys/crypto/fips_enabled 2>/dev/null)"
[ -d /sys/kernel/security/apparmor ] && echo "apparmor=1"
[ -d /sys/fs/selinux ] && echo "selinux_enforce=$(cat /sys/fs/selinux/enforce 2>/dev/null)"
echo "chroot=$(stat -c %d:%i / 2>/dev/null)|$(stat -Lc %d:%i /proc/1/root 2>/dev/null)"
[ -f /.dockerenv ] && echo "dockerenv=1"
[ -f /run/.containerenv ] && echo "containerenv=1"
echo "container=$(tr '\0' '\n' < /proc/1/environ 2>/dev/null | sed -n 's/^container=//p')"
echo "cgroup1=$(grep -m1 -oE 'docker|lxc|kubepods|libpod' /proc/1/cgroup 2>/dev/null)"
for f in bios_date bios_vendor bios_version board_asset_tag board_name board_serial board_vendor board_version chassis_asset_tag chassis_serial chassis_vendor chassis_version chassis_type product_name product_serial product_uuid product_version sys_vendor; do
  echo "dmi_$f=$(cat /sys/class/dmi/id/$f 2>/dev/null | tr -d '\n')"
done
command -v systemctl >/dev/null 2>&1 && echo "systemd_version=$(systemctl --version 2>/dev/null | head -1)" && echo "systemd_features=$(systemctl --version 2>/dev/null | sed -n 2p)"
command -v capsh >/dev/null 2>&1 && echo "caps=$(capsh --print 2>/dev/null | sed -n 's/^Current: *//p')"
command -v lvs >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && echo "lvm=1"
echo "iscsi_iqn=$(sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi 2>/dev/null)"
echo "hostnqn=$(cat /etc/nvme/hostnqn 2>/dev/null)"
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
  echo __section__route6; ip -6 route get 2001:4860:4860::8888 2>/dev/null || ip -6 route show default 2>/dev/null
  echo __section__localroutes; ip -4 route show table local 2>/dev/null
  echo __section__localroutes6; ip -6 route show table local 2>/dev/null
  echo __section__netsys
  for d in /sys/class/net/*; do echo "${d##*/} $(cat $d/speed 2>/dev/null || echo -) $(cat $d/flags 2>/dev/null)"; done
else
  echo __section__procroute; cat /proc/net/route 2>/dev/null
  echo __section__hostnameI; hostname -I 2>/dev/null
fi
echo __section__resolv; grep -E '^(nameserver|search|domain|sortlist|options)' /etc/resolv.conf 2>/dev/null
echo __section__lsbrelease; lsb_release -a 2>/dev/null || cat /etc/lsb-release 2>/dev/null
echo __section__cmdline; cat /proc/cmdline 2>/dev/null
echo __section__loadavg; cat /proc/loadavg 2>/dev/null
echo __section__cpuinfo; grep -E '^(processor|vendor_id|model name|flags)[[:space:]]*:' /proc/cpuinfo 2>/dev/null
echo __section__sshkeys
for dir in /etc/ssh /etc/openssh /etc; do
  found=
  for algo in dsa rsa ecdsa ed25519; do
    [ -f "$dir/ssh_host_${algo}_key.pub" ] && found=1 && echo "$algo $(cat "$dir/ssh_host_${algo}_key.pub")"
  done
  [ -n "$found" ] && break
done
echo __section__mounts; cat /proc/mounts 2>/dev/null
echo __section__bindmounts; findmnt -lnur -o TARGET,SOURCE 2>/dev/null | grep '\[' | cut -d' ' -f1
echo __section__mountsizes
while read -r dev mnt rest; do
  case $dev in /*|*:/*) stat -f -c "%s %S %b %a %c %d $mnt" "$(printf '%b' "$mnt")" 2>/dev/null;; esac
done < /proc/mounts
echo __section__uuids; lsblk -ln -o NAME,UUID 2>/dev/null
echo __section__blockdevices
for d in /sys/block/*; do
  [ -d "$d" ] || continue
  n=${d##*/}
  q=$d/queue
  sched=$(sed -n 's/.*\[\(.*\)\].*/\1/p' $q/scheduler 2>/dev/null)
  case $(readlink -f $d) in /sys/devices/virtual/*) virt=1;; *) virt=0;; esac
  echo "dev|$n|$(cat $d/removable 2>/dev/null)|$(cat $q/rotational 2>/dev/null)|${sched:-none}|$(cat $d/size 2>/dev/null)|$(cat $q/logical_block_size 2>/dev/null)|$(cat $q/discard_granularity 2>/dev/null)|$(cat $d/device/vendor 2>/dev/null)|$(cat $d/device/model 2>/dev/null)|$virt|$(ls $d/holders 2>/dev/null | tr '\n' ' ')"
  for p in $d/$n*; do
    [ -f "$p/partition" ] || continue
    echo "part|$n|${p##*/}|$(cat $p/size 2>/dev/null)|$(cat $p/start 2>/dev/null)|$(cat $q/logical_block_size 2>/dev/null)|$(ls $p/holders 2>/dev/null | tr '\n' ' ')"
  done
done
echo __section__disklinks
for kind in id label uuid; do
  for l in /dev/disk/by-$kind/*; do [ -L "$l" ] && echo "$kind ${l##*/} $(readlink -f "$l" | sed 's|.*/||')"; done
done
echo __section__local
if [ -d "$fact_path" ]; then
  for f in "$fact_path"/*.fact; do
    [ -e "$f" ] || continue
    if [ -x "$f" ]; then
      err=/tmp/.swansible-fact-err.$$
      out=$("$f" 2>"$err"); rc=$?
      echo "@@fact $rc x ${f##*/}"
      if [ $rc -eq 0 ]; then printf '%s\n' "$out"; else cat "$err"; echo; fi
      rm -f "$err"
    else
      echo "@@fact 0 r ${f##*/}"; cat "$f"; echo
    fi
    echo __swansible_local_fact_end__
  done
fi
echo __section__osrelease; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
echo __section__env
if [ "$lc_all_before" = __unset__ ]; then env -u LC_ALL -0; else LC_ALL=$lc_all_before env -0; fi
"""#
}
