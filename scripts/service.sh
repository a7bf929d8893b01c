#!/usr/bin/env bash
# The systemd service of the daemon (issue 12 item 2):
#   ./mfp-daemon unit [--dir W]        print the unit file
#   ./mfp-daemon install [--dir W]     (root) build, create the servers' user, install and enable the unit
#   ./mfp-daemon uninstall             (root) stop, disable and remove the unit (W and its worlds stay)
# W defaults to /var/lib/mfp-daemon. The daemon runs as root so that game servers run as the unprivileged
# mfp-server user (instance_user), who can read neither config.json nor another server's files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unit_name="mfp-daemon.service"
unit_path="/etc/systemd/system/$unit_name"
cmd="${1:-}"
shift || true
work="/var/lib/mfp-daemon"
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done

unit() {
  cat <<UNIT
[Unit]
Description=MFP daemon: Minecraft servers driven by MCSL Future clients (v1 and v2)
Documentation=file://$here/README.md
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
WorkingDirectory=$work
Environment=MFP_HOME=$work
ExecStart=$here/mfp-daemon --dir $work
# The daemon stops its servers itself on SIGTERM (stop, then a kill after instance_stop_timeout_ms); when it
# crashes, its servers keep running and the restarted daemon finds them (KillMode=process).
KillMode=process
TimeoutStopSec=120
Restart=on-failure
RestartSec=5
LimitNOFILE=1048576
# Hardening that leaves game servers alone: they write only below $work and /tmp.
NoNewPrivileges=yes
ProtectSystem=full
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
# Logs: journald adds the time; see "journalctl -u $unit_name".
SyslogIdentifier=mfp-daemon

[Install]
WantedBy=multi-user.target
UNIT
}

case "$cmd" in
  unit)
    unit
    ;;
  install)
    if [ "$(id -u)" -ne 0 ]; then echo "install needs root (sudo $0 install)" >&2; exit 1; fi
    command -v systemctl >/dev/null || { echo "systemctl not found: no systemd here" >&2; exit 1; }
    (cd "$here" && JAVA_HOME="$("$here/scripts/find-jdk.sh")" mvn -B -ntp -q -DskipTests package)
    # the servers' user, created now: ProtectSystem=full keeps /etc read-only for the daemon later
    id mfp-server >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mfp-server
    mkdir -p "$work"
    chmod 0701 "$work"
    unit > "$unit_path"
    systemctl daemon-reload
    systemctl enable "$unit_name"
    echo "installed $unit_path (daemon directory $work)."
    echo "start it:      systemctl start mfp-daemon"
    echo "its logs:      journalctl -u mfp-daemon -f      (the main token is printed at start)"
    echo "its token:     python3 -c 'import json;print(json.load(open(\"$work/config.json\"))[\"main_token\"])'"
    ;;
  uninstall)
    if [ "$(id -u)" -ne 0 ]; then echo "uninstall needs root" >&2; exit 1; fi
    systemctl disable --now "$unit_name" 2>/dev/null || true
    rm -f "$unit_path"
    systemctl daemon-reload 2>/dev/null || true
    echo "removed $unit_path; $work (config, instances, worlds) is kept."
    ;;
  *)
    echo "usage: $0 unit|install|uninstall [--dir W]" >&2
    exit 1
    ;;
esac
