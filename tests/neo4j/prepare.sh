#!/usr/bin/env bash
# Build the Neo4j test server (tests/neo4j) and fetch every Maven artifact it needs,
# so that later builds work offline (mvn -B -o package).
#
#   bash tests/neo4j/prepare.sh           # build if pom.xml/sources changed, else a ~0.1 s no-op
#   bash tests/neo4j/prepare.sh --force   # rebuild from scratch
#   bash tests/neo4j/prepare.sh --check   # exit 0 if the build is up to date, 1 if not; builds nothing
#
# Result: target/classes + target/lib/*.jar (run with
#   java -cp 'target/classes:target/lib/*' govgraph.testserver.GovgraphNeo4jServer ...)
# and target/govgraph-neo4j-test-server.jar (java -jar works too; its manifest lists lib/*.jar).
#
# Environment: MVN (maven binary, default mvn), GOVGRAPH_MVN_ARGS (extra maven arguments, e.g.
# -Dmaven.repo.local=/path), JAVA_HOME / PATH select the JDK (17 or newer).
#
# Exit codes: 0 ok, 1 maven build failed, 2 java or maven missing/too old, 3 bad usage.
# Failures print a single line starting with "prepare.sh: ERROR:" on stderr (with Maven's own
# first [ERROR] line) and leave the full log in target/prepare.log.
set -u
set -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here" || exit 2

mode=build
case "${1:-}" in
  "") ;;
  --force) mode=force ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "prepare.sh: ERROR: unknown argument '$1' (use --force, --check or nothing)" >&2; exit 3 ;;
esac

say() { echo "prepare.sh: $*" >&2; }
die() { local code="$1"; shift; echo "prepare.sh: ERROR: $*" >&2; exit "$code"; }

# Fingerprint of everything that determines the build output.
fingerprint() {
  {
    sha256sum pom.xml prepare.sh
    find src -type f -print0 | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

stamp=target/.prepared
main_class=target/classes/govgraph/testserver/GovgraphNeo4jServer.class
want="$(fingerprint)"
up_to_date() {
  [[ -f "$stamp" && -f "$main_class" && -d target/lib ]] || return 1
  [[ "$(cat "$stamp")" == "$want" ]] || return 1
  ls target/lib/neo4j-kernel-*.jar >/dev/null 2>&1
}

if [[ "$mode" == check ]]; then
  up_to_date && { say "up to date"; exit 0; }
  say "needs a build"; exit 1
fi
if [[ "$mode" == build ]] && up_to_date; then
  say "up to date ($here/target)"
  exit 0
fi

# Serialise concurrent runs (e.g. two pytest processes starting at once).
if command -v flock >/dev/null 2>&1; then
  lockfile="${TMPDIR:-/tmp}/govgraph-neo4j-prepare.$(echo "$here" | sha256sum | cut -c1-12).lock"
  exec 9>"$lockfile" || die 2 "cannot open lock file $lockfile"
  flock -w 1800 9 || die 1 "timed out waiting for another prepare.sh run (lock $lockfile)"
  # Another run may have finished the build while we waited.
  if [[ "$mode" == build ]] && up_to_date; then
    say "up to date ($here/target)"
    exit 0
  fi
fi

# --- tools --------------------------------------------------------------------------------
java_bin=java
[[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] && java_bin="${JAVA_HOME}/bin/java"
command -v "$java_bin" >/dev/null 2>&1 || die 2 "java not found (need a JDK 17 or newer on PATH or in JAVA_HOME)"
java_ver_line="$("$java_bin" -version 2>&1 | head -n1)"
java_major="$(echo "$java_ver_line" | sed -E 's/.*version "([0-9]+)(\.[0-9]+)*.*/\1/')"
if [[ "$java_major" == 1 ]]; then java_major=8; fi
[[ "$java_major" =~ ^[0-9]+$ && "$java_major" -ge 17 ]] \
  || die 2 "Java 17 or newer needed, found: $java_ver_line"
command -v javac >/dev/null 2>&1 || [[ -x "${JAVA_HOME:-/nonexistent}/bin/javac" ]] \
  || die 2 "javac not found: a full JDK 17+ is needed, not just a JRE"

mvn_bin="${MVN:-mvn}"
command -v "$mvn_bin" >/dev/null 2>&1 || die 2 "maven ('$mvn_bin') not found on PATH (install Maven 3.6.3 or newer)"

# shellcheck disable=SC2206
extra=( ${GOVGRAPH_MVN_ARGS:-} )
mvn_common=( -B -Dstyle.color=never -Djansi.force=false "${extra[@]}" )

# First [ERROR] line of a Maven log, colour codes stripped, on one line.
first_error() {
  sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | grep -m1 -E '^\[ERROR\] .+' | cut -c1-1500
}

# --- build -----------------------------------------------------------------------------------
rm -rf target
mkdir -p target
log="$here/target/prepare.log"
t0=$SECONDS
say "building the Neo4j test server with Maven (first run downloads ~170 MB from Maven Central) ..."
"$mvn_bin" "${mvn_common[@]}" package >"$log" 2>&1
rc=$?
if (( rc != 0 )); then
  msg="$(first_error "$log")"
  [[ -n "$msg" ]] || msg="$(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -v '^\s*$' | tail -n1 | cut -c1-1500)"
  die 1 "Maven build failed (exit $rc): ${msg:-no output} (full log: $log)"
fi

# Prove that the local repository now holds everything: the same build must pass offline.
offline_log="$here/target/prepare-offline.log"
"$mvn_bin" "${mvn_common[@]}" -o -q package >"$offline_log" 2>&1
rc=$?
if (( rc != 0 )); then
  msg="$(first_error "$offline_log")"
  die 1 "build works online but not offline (mvn -o, exit $rc): ${msg:-see log} (full log: $offline_log)"
fi

[[ -f "$main_class" ]] || die 1 "Maven succeeded but $main_class is missing (full log: $log)"
ls target/lib/neo4j-kernel-*.jar >/dev/null 2>&1 || die 1 "Maven succeeded but target/lib has no neo4j jars (full log: $log)"

echo "$want" >"$stamp"
n_jars="$(ls target/lib | wc -l)"
lib_size="$(du -sh target/lib | cut -f1)"
say "ok in $((SECONDS - t0)) s: $n_jars jars ($lib_size) in $here/target/lib"
