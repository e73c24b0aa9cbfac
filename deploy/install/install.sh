#!/bin/sh
# nodetally agent installer (POSIX sh). The hub serves it with its own address filled in:
#
#   curl -fsSL http://<hub>:8080/install.sh | sudo sh -s -- --token <enrollment token>
#
# Installs the one-file agent, a system user, the config with the device credential and a hardened
# systemd unit, then enables and starts it. Running it again upgrades in place and keeps the device
# credential; `--uninstall` removes everything it added. `sh install.sh --help` lists the options.
#
# NODETALLY_INSTALL_ROOT=<dir> puts every file under <dir> instead of / (the tests use a throwaway
# root with stand-ins for systemctl and useradd); the paths written into the unit stay the real ones.
set -eu

HUB_URL='@@NODETALLY_HUB_URL@@'
MQTT_URL='@@NODETALLY_MQTT_URL@@'
BUNDLE_SHA256='@@NODETALLY_BUNDLE_SHA256@@'
# Run from a checkout rather than from the hub: nothing was filled in.
case $HUB_URL in @@*@@) HUB_URL='' ;; esac
case $MQTT_URL in @@*@@) MQTT_URL='' ;; esac
case $BUNDLE_SHA256 in @@*@@) BUNDLE_SHA256='' ;; esac

ROOT=${NODETALLY_INSTALL_ROOT:-}
AGENT_USER=nodetally-agent
SERVICE=nodetally-agent.service
APP_DIR=/opt/nodetally
BUNDLE=$APP_DIR/nodetally-agent.mjs
MANIFEST=$APP_DIR/install-manifest
CONFIG_DIR=/etc/nodetally
CONFIG=$CONFIG_DIR/agent.json
STATE_DIR=/var/lib/nodetally-agent
UNIT=/etc/systemd/system/$SERVICE
MIN_NODE_MAJOR=20

TOKEN=''
NAME=''
MQTT_URL_GIVEN=''
NVIDIA=auto
DOCKER=off
UNINSTALL=''

say() { printf 'nodetally: %s\n' "$*" >&2; }
die() {
  printf 'nodetally: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<'EOF'
nodetally agent installer

  curl -fsSL http://<hub>:8080/install.sh | sudo sh -s -- --token <enrollment token> [options]

  --token <token>        one-time enrollment token (on the hub: nodetally-hub devices enroll-token);
                         not needed when upgrading an installed agent
  --name <name>          device name shown on the hub (default: this machine's hostname)
  --hub <url>            hub web address, e.g. http://192.168.1.10:8080 (filled in when served by the hub)
  --mqtt-url <url>       broker URL the agent reports to (default: the hub's host on port 1883,
                         or mqtts://…:8883 when the hub is served over HTTPS)
  --nvidia auto|on|off   let the agent use nvidia-smi and /dev/nvidia* (auto: when nvidia-smi exists)
  --docker on|off|auto   let the agent use the Docker socket to find workload containers (default off:
                         that socket is root-equivalent; without it workloads are found in /proc;
                         auto: on when /var/run/docker.sock exists)
  --uninstall            stop the agent and remove everything this script added
  --help                 this text

Re-running the script upgrades the agent in place and keeps its device credential.
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --token) [ $# -ge 2 ] || die "--token needs a value"; TOKEN=$2; shift 2 ;;
    --token=*) TOKEN=${1#*=}; shift ;;
    --name) [ $# -ge 2 ] || die "--name needs a value"; NAME=$2; shift 2 ;;
    --name=*) NAME=${1#*=}; shift ;;
    --hub) [ $# -ge 2 ] || die "--hub needs a value"; HUB_URL=$2; shift 2 ;;
    --hub=*) HUB_URL=${1#*=}; shift ;;
    --mqtt-url) [ $# -ge 2 ] || die "--mqtt-url needs a value"; MQTT_URL_GIVEN=$2; shift 2 ;;
    --mqtt-url=*) MQTT_URL_GIVEN=${1#*=}; shift ;;
    --nvidia) [ $# -ge 2 ] || die "--nvidia needs auto, on or off"; NVIDIA=$2; shift 2 ;;
    --nvidia=*) NVIDIA=${1#*=}; shift ;;
    --docker) [ $# -ge 2 ] || die "--docker needs auto, on or off"; DOCKER=$2; shift 2 ;;
    --docker=*) DOCKER=${1#*=}; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
case $NVIDIA in auto | on | off) ;; *) die "--nvidia takes auto, on or off" ;; esac
case $DOCKER in auto | on | off) ;; *) die "--docker takes auto, on or off" ;; esac
case $ROOT in '' | /*) ;; *) die "NODETALLY_INSTALL_ROOT must be an absolute path" ;; esac
HUB_URL=${HUB_URL%/}

[ "$(id -u)" = 0 ] || die "run this as root: curl -fsSL <hub>/install.sh | sudo sh -s -- --token <token>"
command -v systemctl >/dev/null 2>&1 ||
  die "systemd (systemctl) not found: on a machine without systemd run the agent by hand or in Docker (see the README)"

# --- uninstall ---------------------------------------------------------------------------------------

manifest_has() { [ -f "$ROOT$MANIFEST" ] && grep -qx "$1" "$ROOT$MANIFEST"; }

uninstall() {
  device=''
  if [ -f "$ROOT$CONFIG" ] && command -v node >/dev/null 2>&1; then
    device=$(node -e 'try { process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).deviceId ?? "")) } catch {}' "$ROOT$CONFIG" || true)
  fi
  if [ -f "$ROOT$UNIT" ]; then
    systemctl disable --now "$SERVICE" || say "could not stop $SERVICE (continuing)"
    rm -f "$ROOT$UNIT"
    systemctl daemon-reload || true
  fi
  created_user=''
  manifest_has created-user="$AGENT_USER" && created_user=1
  rm -rf "$ROOT$APP_DIR" "$ROOT$CONFIG_DIR" "$ROOT$STATE_DIR"
  if [ -n "$created_user" ] && id -u "$AGENT_USER" >/dev/null 2>&1; then
    userdel "$AGENT_USER" || say "could not remove user $AGENT_USER"
  fi
  say "removed the agent, its config, state, unit${created_user:+ and the user $AGENT_USER}"
  [ -n "$device" ] && say "the hub still knows device $device: on the hub, nodetally-hub devices revoke $device"
  exit 0
}
[ -n "$UNINSTALL" ] && uninstall

# --- checks ------------------------------------------------------------------------------------------

NODE_HELP="Install Node.js $MIN_NODE_MAJOR or newer system-wide, then run this again:
  Debian 13 / Ubuntu 24.04 and newer:     sudo apt-get install -y nodejs
  Raspberry Pi OS, older Debian / Ubuntu: the NodeSource packages for Node 20 or 22 (deb.nodesource.com),
                                          or an official build from nodejs.org unpacked under /usr/local
The agent is one JavaScript file; it needs nothing else."
NODE_BIN=$(command -v node 2>/dev/null || true)
[ -n "$NODE_BIN" ] || die "Node.js was not found on PATH.
$NODE_HELP"
NODE_VERSION=$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null || true)
NODE_MAJOR=${NODE_VERSION%%.*}
case $NODE_MAJOR in '' | *[!0-9]*) die "$NODE_BIN does not run (node -p failed).
$NODE_HELP" ;; esac
[ "$NODE_MAJOR" -ge "$MIN_NODE_MAJOR" ] || die "Node.js $NODE_VERSION at $NODE_BIN is too old; the agent needs $MIN_NODE_MAJOR or newer.
$NODE_HELP"
case $NODE_BIN in
  /home/* | /root/* | /run/user/*)
    die "Node.js at $NODE_BIN lives in a home directory, which the hardened service (ProtectHome=yes) cannot read.
$NODE_HELP" ;;
esac

UPGRADE=''
[ -f "$ROOT$CONFIG" ] && UPGRADE=1
if [ -z "$UPGRADE" ]; then
  [ -n "$TOKEN" ] || die "give --token <enrollment token>: make one on the hub with 'nodetally-hub devices enroll-token'"
fi
[ -n "$HUB_URL" ] || die "give --hub http://<hub address>:8080 (or fetch this script from the hub: curl -fsSL http://<hub>:8080/install.sh)"
case $HUB_URL in http://* | https://*) ;; *) die "--hub must be an http:// or https:// URL, not '$HUB_URL'" ;; esac

if [ -n "$MQTT_URL_GIVEN" ]; then
  MQTT_URL=$MQTT_URL_GIVEN
elif [ -z "$MQTT_URL" ]; then
  hub_host=${HUB_URL#*://}
  hub_host=${hub_host%%/*}
  case $hub_host in \[*) hub_host=${hub_host%%]*}] ;; *) hub_host=${hub_host%%:*} ;; esac
  case $HUB_URL in https://*) MQTT_URL="mqtts://$hub_host:8883" ;; *) MQTT_URL="mqtt://$hub_host:1883" ;; esac
fi

fetch() { # fetch <url> <file>
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    die "neither curl nor wget is installed"
  fi
}

sha256_of() { "$NODE_BIN" -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$1"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nodetally-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# --- the agent ---------------------------------------------------------------------------------------

say "downloading the agent from $HUB_URL"
fetch "$HUB_URL/downloads/nodetally-agent.mjs" "$WORK/nodetally-agent.mjs" ||
  die "could not download $HUB_URL/downloads/nodetally-agent.mjs: is the hub reachable from here?"
if [ -n "$BUNDLE_SHA256" ]; then
  [ "$(sha256_of "$WORK/nodetally-agent.mjs")" = "$BUNDLE_SHA256" ] ||
    die "the downloaded agent does not match the checksum the hub published; try again"
fi
AGENT_VERSION=$("$NODE_BIN" "$WORK/nodetally-agent.mjs" --version 2>/dev/null) ||
  die "the downloaded agent does not run with $NODE_BIN ($NODE_VERSION)"

# --- credential and config ---------------------------------------------------------------------------
# Enrolling comes before any change to the machine, so a refused token leaves nothing behind; the
# credential is written at once after it, so that a failure further on is fixed by re-running.

if [ -n "$UPGRADE" ]; then
  say "upgrading in place: keeping the device credential in $CONFIG"
  [ -z "$TOKEN" ] || say "the enrollment token was not used (this machine is enrolled already); it expires unused"
  if [ -n "$MQTT_URL_GIVEN" ]; then
    NT_MQTT_URL=$MQTT_URL "$NODE_BIN" -e '
      const fs = require("fs"); const file = process.argv[1];
      const config = JSON.parse(fs.readFileSync(file, "utf8"));
      config.hubUrl = process.env.NT_MQTT_URL;
      fs.writeFileSync(file + ".new", JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });' "$ROOT$CONFIG"
    chmod 0600 "$ROOT$CONFIG.new"
    mv -f "$ROOT$CONFIG.new" "$ROOT$CONFIG"
  fi
else
  [ -n "$NAME" ] || NAME=$(uname -n)
  say "enrolling '$NAME' with the hub"
  NT_TOKEN=$TOKEN NT_NAME=$NAME "$NODE_BIN" -e \
    'process.stdout.write(JSON.stringify({ token: process.env.NT_TOKEN, name: process.env.NT_NAME }))' >"$WORK/enroll.json"
  if command -v curl >/dev/null 2>&1; then
    status=$(curl -sS -o "$WORK/enrolled.json" -w '%{http_code}' -H 'content-type: application/json' \
      --data-binary "@$WORK/enroll.json" "$HUB_URL/api/v1/enroll") || die "could not reach $HUB_URL/api/v1/enroll"
  else
    die "enrolling needs curl"
  fi
  case $status in
    201) ;;
    403) die "the hub refused the enrollment token (unknown, already used or expired). Make a new one on the hub:
  nodetally-hub devices enroll-token
and run this again with --token <new token>" ;;
    400) die "the hub refused the request (HTTP 400): the token or --name is malformed: $(cat "$WORK/enrolled.json")" ;;
    *) die "enrollment failed with HTTP $status: $(cat "$WORK/enrolled.json")" ;;
  esac
  mkdir -p "$ROOT$CONFIG_DIR"
  chmod 0755 "$ROOT$CONFIG_DIR"
  umask 077
  NT_MQTT_URL=$MQTT_URL NT_STATE_DIR=$STATE_DIR "$NODE_BIN" -e '
    const fs = require("fs");
    const issued = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    if (!issued.device_id || !issued.token) throw new Error("the hub answered without a device credential");
    const config = {
      hubUrl: process.env.NT_MQTT_URL,
      deviceId: issued.device_id,
      password: issued.token,
      stateDir: process.env.NT_STATE_DIR,
    };
    fs.writeFileSync(process.argv[2], JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });' \
    "$WORK/enrolled.json" "$ROOT$CONFIG.new" || die "could not write $CONFIG"
  umask 022
  chmod 0600 "$ROOT$CONFIG.new"
  mv -f "$ROOT$CONFIG.new" "$ROOT$CONFIG"
  say "enrolled as device $(NT_FILE=$ROOT$CONFIG "$NODE_BIN" -p 'JSON.parse(require("fs").readFileSync(process.env.NT_FILE, "utf8")).deviceId')"
fi

# --- files, user, state -------------------------------------------------------------------------------

mkdir -p "$ROOT$APP_DIR"
chmod 0755 "$ROOT$APP_DIR"
cp "$WORK/nodetally-agent.mjs" "$ROOT$BUNDLE.new"
chmod 0644 "$ROOT$BUNDLE.new"
mv -f "$ROOT$BUNDLE.new" "$ROOT$BUNDLE"

if ! id -u "$AGENT_USER" >/dev/null 2>&1; then
  nologin=/usr/sbin/nologin
  [ -x "$nologin" ] || nologin=/sbin/nologin
  [ -x "$nologin" ] || nologin=/bin/false
  useradd --system --user-group --no-create-home --home-dir "$STATE_DIR" --shell "$nologin" \
    --comment 'nodetally agent' "$AGENT_USER" || die "could not create the system user $AGENT_USER"
  printf 'created-user=%s\n' "$AGENT_USER" >>"$ROOT$MANIFEST"
fi
[ -f "$ROOT$MANIFEST" ] || : >"$ROOT$MANIFEST"

mkdir -p "$ROOT$STATE_DIR"
chmod 0700 "$ROOT$STATE_DIR"
chown "$AGENT_USER:$AGENT_USER" "$ROOT$STATE_DIR"
# The credential is readable by the agent's user only (0600), and by root.
chmod 0600 "$ROOT$CONFIG"
chown "$AGENT_USER:$AGENT_USER" "$ROOT$CONFIG"

# --- the systemd unit --------------------------------------------------------------------------------

if [ "$NVIDIA" = auto ]; then
  NVIDIA=off
  if command -v nvidia-smi >/dev/null 2>&1 || [ -e /dev/nvidiactl ]; then NVIDIA=on; fi
fi
if [ "$DOCKER" = auto ]; then
  DOCKER=off
  [ -S /var/run/docker.sock ] && DOCKER=on
fi
if [ "$DOCKER" = on ] && ! getent group docker >/dev/null 2>&1; then
  say "no 'docker' group on this machine: the agent gets no Docker socket access"
  DOCKER=off
fi
[ "$DOCKER" = on ] && say "the agent joins the docker group (root-equivalent) to find workload containers"


nvidia_devices() {
  found=''
  for dev in /dev/nvidiactl /dev/nvidia-uvm /dev/nvidia-uvm-tools /dev/nvidia-modeset /dev/nvidia[0-9]* /dev/nvidia-caps/*; do
    if [ -c "$dev" ]; then
      printf 'DeviceAllow=%s rw\n' "$dev"
      found=1
    fi
  done
  # No device nodes yet (the driver loads later): allow the usual ones; systemd skips missing paths.
  if [ -z "$found" ]; then
    for dev in /dev/nvidiactl /dev/nvidia-uvm /dev/nvidia-uvm-tools /dev/nvidia0 /dev/nvidia1 /dev/nvidia2 /dev/nvidia3; do
      printf 'DeviceAllow=%s rw\n' "$dev"
    done
  fi
}

write_unit() {
  cat <<EOF
# Written by the nodetally installer; re-running it rewrites this file. Local changes belong in
# 'systemctl edit $SERVICE' (a drop-in), which an upgrade keeps.
[Unit]
Description=nodetally agent (reports this machine's telemetry to the nodetally hub)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=$AGENT_USER
Group=$AGENT_USER
ExecStart=$NODE_BIN $BUNDLE run --config $CONFIG
Restart=always
RestartSec=5
TimeoutStopSec=30
Environment=NODE_ENV=production
StateDirectory=nodetally-agent
StateDirectoryMode=0700
UMask=0077

# Hardening: a read-only system, writable only where the outbox and the seq live.
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=$STATE_DIR
ProtectHome=yes
PrivateTmp=yes
CapabilityBoundingSet=
AmbientCapabilities=
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
# Not set, on purpose: MemoryDenyWriteExecute (V8's JIT needs it) and ProtectProc=invisible (the
# workloads collector looks for Flux, Helium, Nosana… processes in /proc).
EOF
  if [ "$NVIDIA" = on ]; then
    echo
    echo "# NVIDIA collector on (--nvidia on): nvidia-smi may open these devices, and no others."
    echo "DevicePolicy=closed"
    nvidia_devices
  else
    echo
    echo "# NVIDIA collector off (--nvidia off): a private /dev without GPUs."
    echo "PrivateDevices=yes"
  fi
  if [ "$DOCKER" = on ]; then
    echo
    echo "# Docker workload discovery on (--docker on): the docker group can use the whole Docker API,"
    echo "# which is as good as root. Re-run with --docker off to take it away."
    echo "SupplementaryGroups=docker"
  else
    echo
    echo "# Docker workload discovery off (--docker off): the Docker socket is hidden."
    echo "InaccessiblePaths=-/run/docker.sock"
  fi
  cat <<EOF

[Install]
WantedBy=multi-user.target
EOF
}

mkdir -p "$ROOT$(dirname "$UNIT")"
write_unit >"$ROOT$UNIT.new"
chmod 0644 "$ROOT$UNIT.new"
mv -f "$ROOT$UNIT.new" "$ROOT$UNIT"

systemctl daemon-reload
systemctl enable "$SERVICE"
systemctl restart "$SERVICE"

if [ -n "$UPGRADE" ]; then
  say "upgraded the agent to $AGENT_VERSION and restarted $SERVICE"
else
  say "installed agent $AGENT_VERSION; $SERVICE is enabled and running"
fi
say "NVIDIA access: $NVIDIA, Docker socket access: $DOCKER (change with --nvidia/--docker and re-run)"
say "check it with: systemctl status $SERVICE; journalctl -u $SERVICE -f"
