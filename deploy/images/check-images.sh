#!/usr/bin/env bash
# Checks the images Jib wrote (MODULE/target/jib-image.tar) by running them with podman, without a
# Docker daemon: each image loads; java runs inside it; it runs as uid 10001, not root; and started
# with no configuration on a read-only root file system, the application itself starts (Spring
# Boot's "Starting <Application>" line) and then refuses to run without its secrets — proof that
# the entry point, the main class and the class path are complete. Prints each image's size, and
# removes the test containers and images afterwards.
#
#   deploy/images/check-images.sh MODULE...
set -euo pipefail
cd "$(dirname "$0")/../.."

[ "$#" -gt 0 ] || { echo "usage: deploy/images/check-images.sh MODULE..." >&2; exit 2; }
command -v podman >/dev/null 2>&1 || { echo "check-images: podman is missing (deploy/images/base-image.sh installs it)" >&2; exit 1; }
runc_bin=$(command -v runc || echo /usr/sbin/runc)
# runc and cgroupfs: podman's default crun refuses hybrid cgroups, which some hosts (this one) have.
podman=(podman --runtime "$runc_bin" --cgroup-manager=cgroupfs)
run=("${podman[@]}" run --rm --network=none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
startup_timeout=${HUTONG_IMAGE_STARTUP_TIMEOUT:-180}

loaded=()
container=""
summary=""
cleanup() {
  [ -n "$summary" ] && rm -f "$summary"
  [ -n "$container" ] && "${podman[@]}" rm -f "$container" >/dev/null 2>&1 || true
  for image in "${loaded[@]}"; do "${podman[@]}" rmi -f "$image" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

failures=0
fail() { echo "  FAILED: $*"; failures=$((failures + 1)); }

summary=$(mktemp)
printf '%-17s %-49s %8s %7s  %s\n' MODULE IMAGE "SIZE(MB)" "TAR(MB)" RESULT >"$summary"
for module in "$@"; do
  tar="$module/target/jib-image.tar"
  echo "== $module ($tar)"
  if [ ! -f "$tar" ]; then
    fail "$tar does not exist (build it with ./hutong images)"
    printf '%-17s %-49s %8s %7s  %s\n' "$module" - - - FAILED >>"$summary"
    continue
  fi
  before=$failures
  image=$("${podman[@]}" load -q -i "$tar" | sed -n 's/^Loaded image[^:]*: //p' | head -1)
  loaded+=("$image")
  echo "  loaded $image"

  main=$("${podman[@]}" image inspect -f '{{range .Config.Entrypoint}}{{.}} {{end}}' "$image" | awk '{print $NF}')
  user=$("${podman[@]}" image inspect -f '{{.Config.User}}' "$image")
  echo "  entry point main class $main, user $user"

  version=$("${run[@]}" --entrypoint java "$image" -version 2>&1 | sed -n 1p) || true
  case "$version" in
    *version*) echo "  java inside: $version" ;;
    *) fail "java -version inside the image printed: $version" ;;
  esac

  uid=$("${run[@]}" --entrypoint id "$image" -u 2>&1) || true
  if [ "$uid" = 10001 ]; then echo "  runs as uid $uid"; else fail "runs as uid '$uid', expected 10001"; fi

  container="hutong-image-check-$module"
  log=$(mktemp)
  status=0
  timeout "$startup_timeout" "${run[@]}" --name "$container" --read-only --tmpfs /tmp \
    --cap-drop=ALL --security-opt=no-new-privileges "$image" >"$log" 2>&1 || status=$?
  "${podman[@]}" rm -f "$container" >/dev/null 2>&1 || true
  container=""
  app=${main##*.}
  if grep -q "Starting $app" "$log"; then
    echo "  started: $(grep -m1 -o "Starting $app.*" "$log" | cut -c1-110)"
  else
    fail "no 'Starting $app' line (exit $status)"
  fi
  if [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && grep -q "Refusing to start without its own secrets" "$log"; then
    echo "  refused without its secrets (exit $status), as it must"
  else
    fail "expected a refusal without secrets, got exit $status"
  fi
  if [ "$failures" -ne "$before" ]; then
    echo "  --- last lines of its output:"
    tail -25 "$log" | cut -c1-220 | sed 's/^/  | /'
  fi
  rm -f "$log"

  size=$("${podman[@]}" image inspect -f '{{.Size}}' "$image")
  printf '%-17s %-49s %8d %7d  %s\n' "$module" "$image" $((size / 1000000)) \
    "$(($(stat -c %s "$tar") / 1000000))" "$([ "$failures" -eq "$before" ] && echo ok || echo FAILED)" >>"$summary"
done

echo
cat "$summary"
if [ "$failures" -ne 0 ]; then
  echo "check-images: $failures check(s) failed" >&2
  exit 1
fi
echo "check-images: every image loads, runs java as uid 10001 and starts its application"
