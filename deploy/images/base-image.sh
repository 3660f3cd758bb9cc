#!/usr/bin/env bash
# Builds the base every Hutong image starts from, with no Docker daemon and no container registry:
# Debian bookworm (minbase, from Debian's own mirror) with its CA certificates, a Java runtime cut
# by jlink from the JDK in JAVA_HOME, and the unprivileged user hutong (uid and gid 10001). The
# result is a docker-archive tar, the format Jib's tar:// base and `podman load` read.
#
#   deploy/images/base-image.sh OUTPUT.tar
#
# The tar is rebuilt only when it is missing or when this script or the JDK changed: a key of both
# is kept next to it in OUTPUT.tar.key. Needs root (debootstrap, chroot and podman's storage);
# installs debootstrap, podman and runc with apt-get when they are missing.
set -euo pipefail

out=${1:?usage: deploy/images/base-image.sh OUTPUT.tar}
: "${JAVA_HOME:?JAVA_HOME must point at the JDK whose runtime goes into the image (./hutong sets it)}"
mirror=${HUTONG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

# What Spring Boot, Spring Cloud Gateway, Netty, the Kafka clients (SASL, OAUTHBEARER, Kerberos
# classes they reference), PostgreSQL's JDBC driver (XA) and TLS need, plus JFR and the management
# beans operators use. jdk.crypto.ec is added when the JDK still has it (its classes moved into
# java.base in newer JDKs).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql
modules+=,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.httpserver
modules+=,jdk.jfr,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth
modules+=,jdk.security.jgss,jdk.unsupported,jdk.zipfs

say() { echo "hutong images: $*" >&2; }

jdk_version=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 1p)
key=$({ sha256sum <"$0"; echo "$jdk_version"; echo "$mirror"; } | sha256sum | cut -c1-16)
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
  say "base image up to date: $out"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  cat >&2 <<MSG
Building the base image needs root: debootstrap builds a Debian root file system and podman
stores and saves the image. Run it as root (for example sudo ./hutong images).
MSG
  exit 1
fi
missing=()
for tool in debootstrap podman runc; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing ${missing[*]} ..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
for tool in debootstrap podman runc; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    cat >&2 <<MSG
The images are built without a Docker daemon, with debootstrap, podman and runc, and $tool is missing.
  Debian/Ubuntu:  sudo apt-get install --no-install-recommends debootstrap podman runc
then run ./hutong images again.
MSG
    exit 1
  fi
done
runc_bin=$(command -v runc || echo /usr/sbin/runc)
podman=(podman --runtime "$runc_bin" --cgroup-manager=cgroupfs)

started=$SECONDS
work="$(dirname "$out")/base-work"
rootfs="$work/rootfs"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

say "debootstrap $suite (minbase) from $mirror ..."
debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
chroot "$rootfs" groupadd --gid 10001 hutong
chroot "$rootfs" useradd --uid 10001 --gid 10001 --home-dir /home/hutong --create-home \
  --shell /usr/sbin/nologin hutong
# Nothing in the image installs packages or reads manuals: leave out apt's lists and caches, docs.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*

if "$JAVA_HOME/bin/java" --list-modules | grep '^jdk\.crypto\.ec@' >/dev/null; then
  modules+=,jdk.crypto.ec
fi
say "jlink a runtime from $jdk_version ..."
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --include-locales=en,zh \
  --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"

tag="localhost/hutong-base:$key"
say "importing the root file system into podman as $tag ..."
tar -C "$rootfs" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
  | "${podman[@]}" import --quiet \
      --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV JAVA_HOME=/opt/java' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'USER 10001:10001' \
      --change 'WORKDIR /home/hutong' \
      --change 'LABEL org.opencontainers.image.title=hutong-base' \
      --change "LABEL org.opencontainers.image.description=Debian $suite minbase with a jlink runtime ($jdk_version)" \
      - "$tag" >/dev/null
runtime=$("${podman[@]}" run --rm --network=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
  "$tag" java -version 2>&1 | sed -n 1p)
case "$runtime" in
  *version*) say "runtime in the image: $runtime" ;;
  *) say "java does not run in the base image: $runtime"; "${podman[@]}" rmi "$tag" >/dev/null; exit 1 ;;
esac
mkdir -p "$(dirname "$out")"
rm -f "$out" "$out.key"
"${podman[@]}" save --quiet --format docker-archive -o "$out.tmp" "$tag" >/dev/null
"${podman[@]}" rmi "$tag" >/dev/null
mv "$out.tmp" "$out"
echo "$key" >"$out.key"
say "base image $out ($(($(stat -c %s "$out") / 1000000)) MB) built in $((SECONDS - started)) s"
