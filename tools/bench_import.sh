#!/usr/bin/env bash
# Import benchmark (issue 5): a generated involvements export with every anomaly mixed in,
# imported end to end with the release build, then re-imported (appends nothing), extended
# (only the new rows are appended), and a malformed copy (appends nothing; the report names
# each bad row). Usage: tools/bench_import.sh [ROWS] [PRESET] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
preset=${2:-ssd}
work=${3:-$(mktemp -d /tmp/caseledger-bench-import.XXXXXX)}
extra=$((rows / 20))
swift build -c release --product caseledger >/dev/null
swift build -c release --product LedgerTestHost >/dev/null
bin=$(swift build -c release --show-bin-path)
mkdir -p "$work"
workers=$((rows / 400 > 20 ? rows / 400 : 20))
"$bin/LedgerTestHost" generate-involvements "$work/export.csv" "$preset" "$rows" 42 0 "$workers" >/dev/null
"$bin/LedgerTestHost" generate-involvements "$work/extended.csv" "$preset" $((rows + extra)) 42 0 "$workers" >/dev/null
"$bin/LedgerTestHost" generate-involvements "$work/malformed.csv" "$preset" "$rows" 42 997 "$workers" >/dev/null
echo "reader alone: $("$bin/LedgerTestHost" read-csv "$work/export.csv")"
echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

run() {  # label, rows, then the import arguments
    local label=$1 count=$2
    shift 2
    local start end status
    start=$(date +%s.%N)
    set +e
    /usr/bin/time -f "%M" -o "$work/$label.rss" "$bin/caseledger" import "$@" --store "$work/events" > "$work/$label.out" 2>&1
    status=$?
    set -e
    end=$(date +%s.%N)
    awk -v l="$label" -v n="$count" -v s="$start" -v e="$end" -v st="$status" -v kb="$(tail -1 "$work/$label.rss")" \
        'BEGIN { t = e - s; printf "%-10s exit %d  %d rows in %.2f s: %.0f rows/s, peak RSS %.0f MB\n", l, st, n, t, n / t, kb / 1024 }'
    grep -E "^(events|time|appended|already|refused|rows read|  new)" "$work/$label.out" | sed 's/^/    /'
}
rm -rf "$work/events"
run import "$rows" "$work/export.csv" --preset "$preset"
run again "$rows" "$work/export.csv" --preset "$preset"
run extended $((rows + extra)) "$work/extended.csv" --preset "$preset"
before=$(cat "$work"/events/segment-*.jsonl | sha256sum)
run malformed "$rows" "$work/malformed.csv" --preset "$preset" --report "$work/malformed-report.csv"
after=$(cat "$work"/events/segment-*.jsonl | sha256sum)
[ "$before" = "$after" ] && echo "malformed: log unchanged" || echo "malformed: LOG CHANGED"
echo "malformed report: $(grep -c ',rejected,' "$work/malformed-report.csv") rejected rows named"
"$bin/caseledger" verify --store "$work/events"
echo "work directory: $work (remove when done)"
