#!/bin/sh
# Renders every HTML view of a ledger with headless Chromium, to PNG (screen) and PDF (A4 print),
# fails if a page asks for anything outside itself, and reports each PDF's page count.
#
#   tools/render_check.sh [STORE] [OUT]     (defaults: ./events and /tmp/caseledger-render)
#
# STORE should be a demo store (caseledger demo --store STORE); the views asked for are the
# demo's: its teams' reports, the waiting list, the caseloads and the case audits it names.
# Needs chromium and pdfinfo (poppler-utils); installs them from the distribution when missing.
set -eu
STORE=$(cd "${1:-events}" && pwd)
OUT=${2:-/tmp/caseledger-render}
CASELEDGER_BIN=${CASELEDGER_BIN:-caseledger}
mkdir -p "$OUT"
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null
fi
cd "$OUT"
AS_OF=${AS_OF:-}
set -- ${AS_OF:+--as-of "$AS_OF"}
"$CASELEDGER_BIN" unallocated --format html --output unallocated.html --store "$STORE" "$@"
"$CASELEDGER_BIN" caseload --all --format html --output caseload-all.html --store "$STORE" "$@"
"$CASELEDGER_BIN" report weekly --format html --output weekly-report.html --store "$STORE" "$@"
for team in $("$CASELEDGER_BIN" teams --format csv --store "$STORE" "$@" | tail -n +2 | cut -d, -f1); do
    "$CASELEDGER_BIN" report team "$team" --format html --output "team-$team-report.html" --store "$STORE" "$@"
    "$CASELEDGER_BIN" caseload --team "$team" --format html --output "caseload-$team.html" --store "$STORE" "$@"
done
for case in $("$CASELEDGER_BIN" cases --status unallocated --format csv --store "$STORE" "$@" | tail -n +2 | head -3 | cut -d, -f1) \
            $("$CASELEDGER_BIN" cases --status closed --format csv --store "$STORE" "$@" | tail -n +2 | head -2 | cut -d, -f1); do
    "$CASELEDGER_BIN" audit "$case" --format html --output "$case-audit.html" --store "$STORE" "$@"
done
status=0
QUIET="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for page in *.html; do
    name=${page%.html}
    # Nothing may leave the page: no src, href, url(), @import or network address in it.
    if grep -Eq 'src=|href=|url\(|@import|https?://' "$page"; then
        echo "FAIL $page: refers to something outside itself"; status=1
    fi
    # Chromium's network log lists every URL the page asked for; only the page itself may appear
    # (the browser's own update and account checks are filtered out by host).
    rm -f "$name.netlog.json"
    chromium $QUIET --log-net-log="$OUT/$name.netlog.json" \
        --screenshot="$OUT/$name.png" --window-size=1200,1600 "file://$OUT/$page" 2>"$name.log" >/dev/null || true
    chromium $QUIET --no-pdf-header-footer --print-to-pdf="$OUT/$name.pdf" \
        "file://$OUT/$page" 2>>"$name.log" >/dev/null || true
    requests=$(grep -o '"url":"[^"]*"' "$name.netlog.json" 2>/dev/null | grep -v '"url":"file://' \
        | grep -Ev '//[^/"]*(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)' | sort -u || true)
    if [ -n "$requests" ]; then echo "FAIL $page: asked for $requests"; status=1; fi
    if [ ! -s "$name.pdf" ] || [ ! -s "$name.png" ]; then echo "FAIL $page: did not render"; status=1; continue; fi
    echo "$page: $(pdfinfo "$name.pdf" | awk '/^Pages:/ {print $2}') A4 pages, $name.png, $name.pdf"
done
exit $status
