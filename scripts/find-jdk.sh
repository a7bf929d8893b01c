#!/usr/bin/env bash
# Prints the home of the newest JDK (one with javac) found in /usr/lib/jvm, $JAVA_HOME or on PATH (or, with
# --major HOME, that JDK's major version).
# Sourced by ./mfp-daemon and .ci/run; override with MFP_JAVA_HOME. Runs on every start: shell built-ins only where
# it can (a JVM is started only for a JDK without a release file).
set -euo pipefail

# The version of the JDK in $1 as dot-separated numbers (1.8.0_412 -> 8.0.412), empty if unknown.
version_of() {
  local home="$1" v="" line
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in JAVA_VERSION=*) v="${line#JAVA_VERSION=}"; v="${v//\"/}"; break ;; esac
    done < "$home/release"
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}; v=${v//_/.}; v=${v%%[!0-9.]*}
  echo "$v"
}

# Whether version $1 is newer than version $2 (numeric, part by part).
newer() {
  local IFS=. i
  local -a a=($1) b=($2)
  for ((i = 0; i < ${#a[@]} || i < ${#b[@]}; i++)); do
    if ((10#${a[i]:-0} > 10#${b[i]:-0})); then return 0; fi
    if ((10#${a[i]:-0} < 10#${b[i]:-0})); then return 1; fi
  done
  return 1
}

# find-jdk.sh --major HOME: the major version of the JDK in HOME (for ./mfp-daemon's options).
if [ "${1:-}" = "--major" ]; then
  v=$(version_of "$2"); echo "${v%%.*}"; exit 0
fi
[ -n "${MFP_JAVA_HOME:-}" ] && { echo "$MFP_JAVA_HOME"; exit 0; }
candidates=()
for d in /usr/lib/jvm/* "${JAVA_HOME:-}"; do
  [ -n "$d" ] && [ -x "$d/bin/javac" ] || continue
  [ -L "$d" ] && d="$(readlink -f "$d")" # the JDK's real home, as the JVM reports it
  candidates+=("$d")
done
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
best=""; best_v=""
for home in "${candidates[@]}"; do
  v=$(version_of "$home")
  [ -z "$v" ] && continue
  if [ -z "$best" ] || newer "$v" "$best_v"; then
    best="$home"; best_v="$v"
  fi
done
if [ -z "$best" ]; then
  echo "no JDK found: install one (17 or newer) under /usr/lib/jvm or set MFP_JAVA_HOME" >&2
  exit 1
fi
echo "$best"
