#!/usr/bin/env bash
# Prints the home of the newest JDK (one with javac) found in /usr/lib/jvm, $JAVA_HOME or on PATH.
# Sourced by ./mfp-daemon and .ci/run; override with MFP_JAVA_HOME.
set -euo pipefail

version_of() {
  local home="$1" v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$home/release" | head -n1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  # 1.8.0_412 -> 8.0.412 so that sort -V orders it below 11+
  v=${v#1.}; echo "${v//_/.}"
}

best=""; best_v=""
candidates=()
[ -n "${MFP_JAVA_HOME:-}" ] && { echo "$MFP_JAVA_HOME"; exit 0; }
for d in /usr/lib/jvm/* "${JAVA_HOME:-}"; do
  [ -n "$d" ] && [ -x "$d/bin/javac" ] && candidates+=("$(cd "$d" && pwd -P)")
done
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
for home in "${candidates[@]}"; do
  v=$(version_of "$home")
  [ -z "$v" ] && continue
  if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$best_v" "$v" | sort -V | tail -n1)" = "$v" ] && [ "$v" != "$best_v" ]; then
    best="$home"; best_v="$v"
  fi
done
if [ -z "$best" ]; then
  echo "no JDK found: install one (17 or newer) under /usr/lib/jvm or set MFP_JAVA_HOME" >&2
  exit 1
fi
echo "$best"
