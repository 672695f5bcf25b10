#!/usr/bin/env bash
# HAR benchmark: chatmedic's streaming analysis against Python's json.load on the same file.
#
# Run from the repository root:  bash tests/bench/har.sh
# Environment: SIZE_MB (150), SEED (1), RUNS (3, best wall time kept), HAR (use this file instead
# of a generated one).
#
# It generates target/bench/chrome-<SIZE_MB>mb-seed<SEED>.har if missing (tests/bench/gen_har.rs),
# builds target/release/chatmedic (a no-op when fresh), and measures in one run, runs interleaved:
#   ours:   `chatmedic analyze FILE --json` when the command line has it, else the har_time
#           example (read_observations + diagnose), both release builds;
#   python: python3 -c 'import json,sys; json.load(open(sys.argv[1]))' FILE.
# Wall time and peak RSS of each child come from a small Python wrapper
# (time.perf_counter, resource.getrusage(RUSAGE_CHILDREN).ru_maxrss), one wrapper per run so
# no run's peak hides another's. MB = 10^6 bytes. The file is read once first so both read it
# from the page cache.
set -euo pipefail

SIZE_MB=${SIZE_MB:-150}
SEED=${SEED:-1}
RUNS=${RUNS:-3}

if [[ ! -f Cargo.toml || ! -d tests/bench ]]; then
    echo "har.sh: run from the repository root" >&2
    exit 1
fi
mkdir -p target/bench

FILE=${HAR:-target/bench/chrome-${SIZE_MB}mb-seed${SEED}.har}
if [[ ! -f $FILE ]]; then
    cargo run --quiet --release --example gen_har -- "$FILE" "$SIZE_MB" "$SEED"
fi
# Cargo rebuilds only what changed; a stale binary would measure old code. If the tree does not
# build just now (others mid-edit), an existing binary is used, with a warning.
if ! cargo build --quiet --release --bin chatmedic; then
    [[ -x target/release/chatmedic ]] || exit 1
    echo "har.sh: build failed; measuring the existing target/release/chatmedic" >&2
fi

if target/release/chatmedic analyze --help 2>&1 | grep -qi 'usage'; then
    OURS=(target/release/chatmedic analyze "$FILE" --json)
    OURS_NAME="chatmedic analyze --json"
else
    cargo build --quiet --release --example har_time || [[ -x target/release/examples/har_time ]]
    OURS=(target/release/examples/har_time "$FILE")
    OURS_NAME="har_time (read_observations + diagnose)"
fi
PY=(python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$FILE")

# Prints "<wall seconds> <peak RSS KiB>" for one run of the command given.
measure() {
    python3 - "$@" <<'PYEOF'
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
if done.returncode != 0:
    sys.exit("command failed: %s (exit %d)" % (" ".join(sys.argv[1:]), done.returncode))
print("%.4f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PYEOF
}

cat "$FILE" >/dev/null
BYTES=$(wc -c <"$FILE")
# What our run reports, once, for the record (observation count, verdict).
"${OURS[@]}" | head -c 400 >target/bench/ours-output.txt || true

best_ours=""; rss_ours=0; best_py=""; rss_py=0
for ((r = 1; r <= RUNS; r++)); do
    read -r w m < <(measure "${OURS[@]}")
    if [[ -z $best_ours ]] || awk "BEGIN{exit !($w < $best_ours)}"; then best_ours=$w; fi
    ((m > rss_ours)) && rss_ours=$m
    read -r w m < <(measure "${PY[@]}")
    if [[ -z $best_py ]] || awk "BEGIN{exit !($w < $best_py)}"; then best_py=$w; fi
    ((m > rss_py)) && rss_py=$m
done

awk -v bytes="$BYTES" -v file="$FILE" -v ours="$OURS_NAME" -v runs="$RUNS" \
    -v wo="$best_ours" -v mo="$rss_ours" -v wp="$best_py" -v mp="$rss_py" 'BEGIN {
    mb = bytes / 1e6
    printf "HAR: %s (%.1f MB), best of %d runs, peak RSS is the largest seen\n\n", file, mb, runs
    printf "| | wall (s) | MB/s | peak RSS (MB) |\n|---|---:|---:|---:|\n"
    printf "| %s | %.3f | %.0f | %.1f |\n", ours, wo, mb / wo, mo * 1024 / 1e6
    printf "| python3 json.load | %.3f | %.0f | %.1f |\n", wp, mb / wp, mp * 1024 / 1e6
    printf "| **ratio** (python / ours) | **%.2fx faster** | | **%.1fx less memory** |\n", wp / wo, mp / mo
}'
echo
echo "ours said: $(head -c 300 target/bench/ours-output.txt)"
