#!/usr/bin/env bash
# The systemd base image molecule/app_host runs the app_host role in, built from Debian's packages only (no
# registry can be pulled here): debootstrap a minimal bookworm, `docker import` it with /sbin/init as its command.
# Idempotent, safe to call before every `molecule test`:
#   1. installs debootstrap and docker.io (Debian's dockerd) when missing;
#   2. starts dockerd in the background (log: $DOCKERD_LOG) when no daemon answers;
#   3. builds the image only when `docker image inspect` does not find it with the same inputs hash (a label:
#      the hash of the suite, the package list and the rootfs tweaks below), so a second run costs a second.
# Amazon Linux 2023 cannot be bootstrapped offline from Debian's repositories; the role's dnf path is not
# exercised here (roles/app_host/README.md).
set -euo pipefail

IMAGE=${APP_HOST_IMAGE:-prodgrade/app-host-debian:12}
SUITE=bookworm
MIRROR=${APP_HOST_IMAGE_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/prodgrade-dockerd.log}
LABEL=org.prodgrade.inputs-hash
# What a Debian cloud image has and the role expects to find: systemd as init, Python for Ansible (python3-apt
# for the apt module), curl for the health check, sshd / logrotate / timesyncd for the role to configure.
PACKAGES=(systemd systemd-sysv dbus python3 python3-apt curl ca-certificates openssh-server logrotate
  systemd-timesyncd procps iproute2 sudo)

log() { echo "app-host-image: $*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_packages() {
  local need=()
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
    || { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
}

ensure_dockerd() {
  docker info >/dev/null 2>&1 && return 0
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd (log: $DOCKERD_LOG)"
    # setsid: the daemon outlives this script and the test run that called it.
    as_root setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  log "dockerd did not answer within 60s; last lines of $DOCKERD_LOG:"
  tail -20 "$DOCKERD_LOG" >&2 || true
  return 1
}

# Container fixes on the bootstrapped tree: no hardware, no consoles, no kernel interfaces to set up.
customize_rootfs() {
  local root=$1
  # An empty machine-id: systemd writes a fresh one on every container's first boot.
  : >"$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id"
  for unit in systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket \
    systemd-modules-load.service sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
    systemd-remount-fs.service getty.target console-getty.service serial-getty@.service getty@tty1.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
  echo app-host >"$root/etc/hostname"
  # Host keys are per machine: none in the image; generated on each container's first boot, as cloud-init does
  # on an instance, so sshd starts with the system and the role finds it running.
  rm -f "$root"/etc/ssh/ssh_host_*
  cat >"$root/etc/systemd/system/ssh-hostkeys.service" <<'UNIT'
[Unit]
Description=Generate missing SSH host keys
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
RequiredBy=ssh.service
UNIT
  mkdir -p "$root/etc/systemd/system/ssh.service.requires"
  ln -sf ../ssh-hostkeys.service "$root/etc/systemd/system/ssh.service.requires/ssh-hostkeys.service"
  # Keep the image small: no package lists, no docs.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/usr/share/doc/* "$root"/usr/share/man/*
}

inputs_hash() {
  { echo "$SUITE"; printf '%s\n' "${PACKAGES[@]}"; declare -f customize_rootfs; } | sha256sum | cut -c1-16
}

build_image() {
  local want=$1
  root=$(mktemp -d /var/tmp/app-host-rootfs.XXXXXX)
  trap 'as_root rm -rf "$root" "$root.debootstrap.log"' EXIT
  log "debootstrap $SUITE from $MIRROR (a few minutes)"
  as_root debootstrap --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" "$SUITE" "$root" "$MIRROR" \
    >"$root.debootstrap.log" 2>&1 || { tail -30 "$root.debootstrap.log" >&2; return 1; }
  customize_rootfs "$root"
  log "importing $IMAGE"
  as_root tar -C "$root" --numeric-owner -c . | docker import \
    --change 'CMD ["/sbin/init"]' --change 'ENV container=docker' \
    --change "LABEL $LABEL=$want" - "$IMAGE" >/dev/null
}

main() {
  ensure_packages
  ensure_dockerd
  local want have
  want=$(inputs_hash)
  have=$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$IMAGE" 2>/dev/null || true)
  if [ "$have" = "$want" ]; then
    log "$IMAGE is up to date ($want)"
    return 0
  fi
  # One build at a time on this machine; a waiting caller finds the image built when it gets the lock.
  exec 9>/tmp/prodgrade-app-host-image.lock
  flock 9
  have=$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$IMAGE" 2>/dev/null || true)
  [ "$have" = "$want" ] && { log "$IMAGE built meanwhile ($want)"; return 0; }
  local start=$SECONDS old
  old=$(docker image inspect -f '{{ .Id }}' "$IMAGE" 2>/dev/null || true)
  build_image "$want"
  # The previous build lost its tag: remove it unless a container still uses it.
  [ -n "$old" ] && docker rmi "$old" >/dev/null 2>&1 || true
  log "built $IMAGE ($want) in $((SECONDS - start))s"
}

main "$@"
