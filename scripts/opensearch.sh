#!/usr/bin/env bash
# A runnable OpenSearch for the tests and the search benchmark, from Maven Central.
#
#   scripts/opensearch.sh          fetch and assemble it when missing; print its folder
#
# OpenSearch publishes a minimal distribution for integration tests on Maven Central
# (org.opensearch.distribution.integ-test-zip:opensearch:<version>, a zip without a bundled JDK
# and without the security plugin). It carries only the transport module, so the analysers the
# portal's index uses (lowercase, asciifolding, edge_ngram) come from the analysis-common module,
# published there as a jar (org.opensearch.plugin:analysis-common:<version>), which this script
# lays out as modules/analysis-common with its plugin descriptor. Both downloads are checked
# against Maven Central's SHA-1.
#
# Cached outside the repository, in $PORTAL_CACHE as opensearch-<version>/ (default
# ~/.cache/portal; /var/cache/portal for root, since OpenSearch refuses to run as root and the
# unprivileged user its nodes then run as cannot read /root); a second run only prints the folder. 2.19.x is the newest line that runs
# on Java 17 (3.x needs Java 21); opensearch-py 3.2 talks to both. Nodes are started by
# tests/opensearch.py (one per test session or worker, on free loopback ports).
set -euo pipefail

VERSION=${OPENSEARCH_VERSION:-2.19.6}
if [ "$(id -u)" = 0 ]; then default_cache=/var/cache/portal; else default_cache=${XDG_CACHE_HOME:-$HOME/.cache}/portal; fi
CACHE=${PORTAL_CACHE:-$default_cache}
MAVEN=${MAVEN_REPOSITORY:-https://repo1.maven.org/maven2}
HOME_DIR="$CACHE/opensearch-$VERSION"

fail() { printf 'opensearch: %s\n' "$*" >&2; exit 1; }
say() { printf 'opensearch: %s\n' "$*" >&2; }

java_bin=${OPENSEARCH_JAVA_HOME:+$OPENSEARCH_JAVA_HOME/bin/java}
java_bin=${java_bin:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java_bin=${java_bin:-$(command -v java || true)}
[ -n "$java_bin" ] && [ -x "$java_bin" ] ||
    fail "Java 17 or newer is needed to run OpenSearch $VERSION and none was found.
    Install it (Debian: apt-get install -y openjdk-17-jre-headless) or set OPENSEARCH_JAVA_HOME."
java_major=$("$java_bin" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')
[ "${java_major:-0}" -ge 11 ] 2>/dev/null || fail "OpenSearch $VERSION needs Java 11 or newer; $java_bin is ${java_major:-unknown}."

if [ -f "$HOME_DIR/.complete" ]; then
    echo "$HOME_DIR"
    exit 0
fi

command -v curl >/dev/null || fail "curl is needed to download OpenSearch from Maven Central."
command -v unzip >/dev/null || fail "unzip is needed to unpack OpenSearch (Debian: apt-get install -y unzip)."
mkdir -p "$CACHE"
exec 9>"$CACHE/opensearch-$VERSION.lock"
flock 9  # two test workers starting at once: one downloads, the other waits and reuses it
if [ -f "$HOME_DIR/.complete" ]; then
    echo "$HOME_DIR"
    exit 0
fi

fetch() {  # fetch PATH-IN-MAVEN FILE: download and check its SHA-1
    local path=$1 file=$2
    say "downloading $path from Maven Central"
    curl -sSfL --retry 3 -o "$file.part" "$MAVEN/$path" ||
        fail "could not download $MAVEN/$path: is Maven Central reachable?"
    local want
    want=$(curl -sSfL --retry 3 "$MAVEN/$path.sha1" | awk '{print $1}') ||
        fail "could not download $MAVEN/$path.sha1"
    echo "$want  $file.part" | sha1sum -c --quiet - >/dev/null ||
        fail "$path does not match its SHA-1 on Maven Central"
    mv "$file.part" "$file"
}

work=$(mktemp -d "$CACHE/opensearch-$VERSION.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch "org/opensearch/distribution/integ-test-zip/opensearch/$VERSION/opensearch-$VERSION.zip" \
    "$work/opensearch.zip"
fetch "org/opensearch/plugin/analysis-common/$VERSION/analysis-common-$VERSION.jar" \
    "$work/analysis-common.jar"
unzip -q "$work/opensearch.zip" -d "$work"
unpacked="$work/opensearch-$VERSION"
[ -x "$unpacked/bin/opensearch" ] || fail "the distribution has no bin/opensearch"
module="$unpacked/modules/analysis-common"
mkdir -p "$module"
mv "$work/analysis-common.jar" "$module/analysis-common-$VERSION.jar"
cat >"$module/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch.
version=$VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
# Readable by the unprivileged user the nodes run as when the tests run as root.
chmod -R a+rX "$unpacked"
touch "$unpacked/.complete"
rm -rf "$HOME_DIR"
mv "$unpacked" "$HOME_DIR"
say "OpenSearch $VERSION ready in $HOME_DIR"
echo "$HOME_DIR"
