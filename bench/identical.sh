#!/usr/bin/env bash
# Keeps a refactor honest: builds the bundled example and a generated 1,000-page scheme
# with a fixed SOURCE_DATE_EPOCH, and either records the outputs as the reference or
# compares a new build with the reference, file by file.
#
#   bench/identical.sh record [--work DIR]    # before a change: keep today's outputs
#   bench/identical.sh compare [--work DIR]   # after each step: exit 1 on any difference
#
# Also compares `irbook export` (both editions) and `irbook check --format json`.
set -euo pipefail

MODE=${1:-}
shift || true
WORK=/tmp/irbook-identical
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$MODE" in
  record|compare) ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
(cd "$ROOT" && cargo build --release --quiet --bin irbook --example gen_scheme)
BIN="$CARGO_TARGET_DIR/release/irbook"
GEN="$CARGO_TARGET_DIR/release/examples/gen_scheme"
export SOURCE_DATE_EPOCH=1767225600   # 2026-01-01

# The generated scheme is fixed by its seed; make it once.
if [ ! -f "$WORK/gen1000/irbook.yaml" ]; then
  rm -rf "$WORK/gen1000"
  "$GEN" --pages 1000 --seed 7 "$WORK/gen1000" >/dev/null
fi
# The example is copied so that the outputs never land in the repository.
rm -rf "$WORK/example"
mkdir -p "$WORK/example"
cp -r "$ROOT/irbook.yaml" "$ROOT/content" "$ROOT/exercises" "$WORK/example/"
[ -d "$ROOT/themes" ] && cp -r "$ROOT/themes" "$WORK/example/"

outputs() { # project -> folder of outputs
  local project=$1 out=$2
  rm -rf "$out"
  mkdir -p "$out"
  (cd "$project" && "$BIN" build --out "$out/site" >/dev/null)
  for ed in staff isirt; do
    (cd "$project" && "$BIN" export --edition "$ed" >"$out/export-$ed.json")
  done
  (cd "$project" && "$BIN" check --format json >"$out/check.json" || true)
}

status=0
for name in example gen1000; do
  if [ "$MODE" = record ]; then
    outputs "$WORK/$name" "$WORK/ref-$name"
    echo "recorded $name: $(find "$WORK/ref-$name" -type f | wc -l) files"
  else
    [ -d "$WORK/ref-$name" ] || { echo "no reference for $name: run 'record' first" >&2; exit 2; }
    outputs "$WORK/$name" "$WORK/new-$name"
    if diff -r -q "$WORK/ref-$name" "$WORK/new-$name" >"$WORK/diff-$name.txt"; then
      echo "identical: $name ($(find "$WORK/new-$name" -type f | wc -l) files)"
    else
      echo "DIFFERENT: $name: $(wc -l <"$WORK/diff-$name.txt") files differ; see $WORK/diff-$name.txt" >&2
      head -n 10 "$WORK/diff-$name.txt" >&2
      status=1
    fi
  fi
done
exit $status
