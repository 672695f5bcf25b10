#!/usr/bin/env bash
# HAR benchmark of the command line: chatmedic's streaming analysis against Python's json.load of
# the same file, on the HARs users have, and many files at once.
#
# Run from the repository root:  bash tests/bench/har.sh   (./build.sh bench runs it)
# Environment: RUNS (5 per side, interleaved), SIZES ("150 600"), BIG_MB (1500: one peak-memory
# run on a chat-heavy file this large; 0 skips it), MANY (1000 files of 1-5 MB for the batch run;
# 0 skips it), HAR (measure this file only, instead of the generated ones).
#
# Files (generated once into target/bench/ by tests/bench/gen_har.rs, the same bytes each time):
#   mixed-<N>mb:        a ChatGPT session exported from Chrome whose bytes are mostly scripts,
#                       images and pings on hosts outside the chat services (the earlier bench);
#   chat-chrome-<N>mb:  a long chat session in Chrome's layout: most bytes are the chat
#   chat-firefox-<N>mb: services' own entries (SSE replies of 50-500 KB, conversation lists,
#                       base64 uploads), and the same in Firefox's layout.
# Each ends in failed chat turns (a stream's error event, then 502s): the top cause must be the
# gateway error, checked on every file.
#
# Timing: ours = `chatmedic analyze FILE --json`, python = `python3 -c 'json.load(open(F))'`,
# alternated A, B, A, B… so load from others on the machine falls on both; the medians are
# reported with the load average (1 min, from /proc/loadavg) before and after the runs. Wall time
# comes from a small Python wrapper, peak RSS from GNU time, one of each per run. MB = 10^6 bytes. Files are read once before so both read from the page
# cache.
set -euo pipefail

RUNS=${RUNS:-5}
SIZES=${SIZES:-"150 600"}
BIG_MB=${BIG_MB:-1500}
MANY=${MANY:-1000}

[[ -x /usr/bin/time ]] || { echo "har.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
if [[ ! -f Cargo.toml || ! -d tests/bench ]]; then
    echo "har.sh: run from the repository root" >&2
    exit 1
fi
mkdir -p target/bench

# Cargo rebuilds only what changed; a stale binary would measure old code. If the tree does not
# build just now (others mid-edit), an existing binary is used, with a warning.
if ! cargo build --quiet --release --bin chatmedic --example gen_har; then
    [[ -x target/release/chatmedic && -x target/release/examples/gen_har ]] || exit 1
    echo "har.sh: build failed; measuring the existing target/release binaries" >&2
fi
BIN=target/release/chatmedic
GEN=target/release/examples/gen_har

# gen SHAPE SIZE_MB [SEED] -> prints the path, generating the file if missing.
gen() {
    local file="target/bench/$1-$2mb-seed${3:-1}.har"
    [[ -f $file ]] || "$GEN" "$file" "$2" "${3:-1}" "$1" >&2
    echo "$file"
}

# Prints "<wall seconds> <peak RSS KiB> <CPU seconds>" for one run of the command given (stdout
# discarded). CPU time (user + system) is reported beside wall time: on a machine shared with
# other work, wall time also counts the time the run waited for a core.
# Peak RSS comes from GNU time (`/usr/bin/time -f %M`): a Python parent's own RSS would count
# in its child's ru_maxrss, which survives exec (a forked Python is ~10 MB before it execs).
measure() {
    python3 - "$@" <<'PYEOF'
import os, subprocess, sys, tempfile, time
with tempfile.NamedTemporaryFile("r") as rss:
    cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss.name] + sys.argv[1:]
    t = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit("command failed: %s (exit %d)" % (" ".join(sys.argv[1:]), done.returncode))
    m, u, s = rss.read().split()[-3:]
    print("%.4f %s %.2f" % (wall, m, float(u) + float(s)))
PYEOF
}

load() { cut -d' ' -f1 /proc/loadavg; }

# Every run's wall time, printed after the table (so the table stays one table).
RAW=$(mktemp)
trap 'rm -f "$RAW"' EXIT

# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# The top cause our report gives for FILE.
top_cause() {
    "$BIN" analyze "$1" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); f=r["findings"]; print(r["verdict"], f[0]["cause"] if f else "-")'
}

# row NAME FILE [PYTHON:yes|no]: RUNS interleaved runs, one table row.
row() {
    local name=$1 file=$2 with_py=${3:-yes} r w m c
    local ours=() py=() cpu_ours=() cpu_py=() rss_ours=0 rss_py=0 l0 l1
    cat "$file" >/dev/null
    l0=$(load)
    for ((r = 1; r <= RUNS; r++)); do
        read -r w m c < <(measure "$BIN" analyze "$file" --json)
        ours+=("$w")
        cpu_ours+=("$c")
        ((m > rss_ours)) && rss_ours=$m
        if [[ $with_py == yes ]]; then
            read -r w m c < <(measure python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$file")
            py+=("$w")
            cpu_py+=("$c")
            ((m > rss_py)) && rss_py=$m
        fi
    done
    l1=$(load)
    local mo mp="" co cp="" bytes
    mo=$(median "${ours[@]}")
    co=$(median "${cpu_ours[@]}")
    if [[ $with_py == yes ]]; then
        mp=$(median "${py[@]}")
        cp=$(median "${cpu_py[@]}")
    fi
    bytes=$(wc -c <"$file")
    awk -v name="$name" -v mb="$(awk -v b="$bytes" 'BEGIN{print b/1e6}')" -v mo="$mo" -v mp="$mp" -v co="$co" -v cp="$cp" \
        -v ro="$rss_ours" -v rp="$rss_py" -v l0="$l0" -v l1="$l1" -v cause="$(top_cause "$file")" \
        -v raw="$RAW" -v lo="$(printf '%s ' "${ours[@]}")" -v lp="$(printf '%s ' "${py[@]}")" 'BEGIN {
        if (mp == "") {
            printf "| %s | %.0f | %.3f | — | — | %.2f | — | — | %.1f | — | %s | %s→%s |\n", name, mb, mo, co, ro * 1024 / 1e6, cause, l0, l1
        } else {
            printf "| %s | %.0f | %.3f | %.3f | **%.2fx** | %.2f | %.2f | **%.2fx** | %.1f | %.0f | %s | %s→%s |\n", name, mb, mo, mp, mp / mo, co, cp, (co > 0 ? cp / co : 0), ro * 1024 / 1e6, rp * 1024 / 1e6, cause, l0, l1
        }
        printf "<!-- %s: ours %s| python %s-->\n", name, lo, lp >> raw
    }'
}

echo "CLI: medians of $RUNS interleaved runs (ours, python, ours, …); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| file | MB | ours wall (s) | python json.load wall (s) | wall ratio | ours CPU (s) | python CPU (s) | CPU ratio | ours peak RSS (MB) | python peak RSS (MB) | verdict, top cause | load avg (1 min) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
if [[ -n ${HAR:-} ]]; then
    row "$(basename "$HAR")" "$HAR"
else
    for size in $SIZES; do
        for shape in mixed chat-chrome chat-firefox; do
            row "$shape" "$(gen "$shape" "$size")"
        done
    done
    if ((BIG_MB > 0)); then
        # Peak memory only (Python's json.load would need several times the file in RAM).
        RUNS=1 row "mixed (memory)" "$(gen mixed "$BIG_MB")" no
        RUNS=1 row "chat-chrome (memory)" "$(gen chat-chrome "$BIG_MB")" no
    fi
fi

if ((MANY > 0)) && [[ -z ${HAR:-} ]]; then
    # MANY files of 1-5 MB in the three shapes, as a support team's day of tickets.
    dir=target/bench/many-$MANY
    if [[ ! -f $dir/.done ]]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        shapes=(mixed chat-chrome chat-firefox)
        for ((i = 0; i < MANY; i++)); do
            "$GEN" "$dir/ticket-$i.har" $((1 + i % 5)) "$((i + 7))" "${shapes[i % 3]}" 2>/dev/null
        done
        touch "$dir/.done"
    fi
    total=$(du -sb --exclude=.done "$dir" | cut -f1)
    cat "$dir"/*.har >/dev/null
    l0=$(load)
    read -r w m c < <(measure "$BIN" analyze "$dir" --jsonl)
    l1=$(load)
    lines=$("$BIN" analyze "$dir" --jsonl | grep -c '"report"')
    # One more row of the same table: files per second and MB/s stand where the verdict does.
    awk -v n="$MANY" -v w="$w" -v m="$m" -v c="$c" -v t="$total" -v ok="$lines" -v l0="$l0" -v l1="$l1" \
        'BEGIN { printf "| %d files of 1-5 MB (`analyze DIR --jsonl`, one run) | %.0f | %.2f | — | — | %.2f | — | — | %.1f | — | %d reports, **%.0f files/s**, %.0f MB/s | %s→%s |\n", n, t / 1e6, w, c, m * 1024 / 1e6, ok, n / w, t / 1e6 / w, l0, l1 }'
fi

echo
cat "$RAW"
