#!/usr/bin/env bash
# Acceptance check of the SSDA903 social worker episodes return against the DfE's own rules.
#
# Creates a virtual environment, installs csc-validator-be-903 from PyPI (import name
# lac_validator), builds the demo ledger (or uses --store DIR), writes its return for each
# collection year joined with the demo's CMS side (DIR/cms/ssda903-YYYY/Header.csv and
# Episodes.csv beside the store, when present) and runs that year's social worker rules over it,
# then every other rule of the year on the CMS side's tables (their errors are printed, not
# failed on). Then plants three faults in a copy (a gap, two episodes starting the same day, a
# closed last episode) and checks that the rules meant to catch them do.
#
# Environment: CASELEDGER_903_VENV (where the virtual environment is kept; default WORK/venv),
# CASELEDGER_903_VERSION (a validator version to install, e.g. 0.1.17; default the newest).
#
# Usage: tools/check_ssda903.sh [--store DIR] [--cms DIR] [--years "2025"] [--work DIR]
#                               [--caseledger BINARY] [--demo-options "--teams 4"] [--no-planted]
# Exit: 0 all clean and every planted fault caught (or the package index is unreachable: said so);
#       1 a rule flagged a row of the demo's return that the runner cannot explain (see
#       run_903_sw_rules.py), or a planted fault went uncaught; 2 setup failed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
store=""
cms=""
years="2025"
work="${TMPDIR:-/tmp}/caseledger-check-ssda903"
binary=""
demo_options=""
planted=1
while [ $# -gt 0 ]; do
    case "$1" in
        --store) store="$2"; shift 2 ;;
        --cms) cms="$2"; shift 2 ;;
        --years) years="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --caseledger) binary="$2"; shift 2 ;;
        --demo-options) demo_options="$2"; shift 2 ;;
        --no-planted) planted=0; shift ;;
        *) echo "usage: $0 [--store DIR] [--cms DIR] [--years \"2025\"] [--work DIR] [--caseledger BINARY] [--demo-options OPTIONS] [--no-planted]" >&2; exit 2 ;;
    esac
done
mkdir -p "$work"
venv="${CASELEDGER_903_VENV:-$work/venv}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "cannot create a virtual environment in $venv" >&2; exit 2; }
fi
# CASELEDGER_903_VERSION pins the validator (the test suite does, so its expected counts hold).
package="csc-validator-be-903${CASELEDGER_903_VERSION:+==$CASELEDGER_903_VERSION}"
if ! "$venv/bin/python" -c "import lac_validator" 2>/dev/null; then
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --timeout 20 "$package"; then
        echo "SKIPPED: the package index is not reachable, so csc-validator-be-903 could not be installed; nothing was checked"
        exit 0
    fi
fi
echo "validator: csc-validator-be-903 $("$venv/bin/pip" show csc-validator-be-903 | sed -n 's/^Version: //p')"

if [ -n "$binary" ]; then
    caseledger() { "$binary" "$@"; }
else
    caseledger() { (cd "$repo" && swift run --quiet caseledger "$@"); }
fi
if [ -z "$store" ]; then
    store="$work/demo/events"
    if [ ! -d "$store" ]; then
        mkdir -p "$work/demo"
        # shellcheck disable=SC2086 # the options are words to split
        caseledger demo --store "$store" $demo_options > "$work/demo.log"
        grep -A 1 "^Case management system side" "$work/demo.log" || true
    fi
fi
# The demo writes its CMS side beside the store: DIR/cms for DIR/events.
[ -n "$cms" ] || cms="$(dirname "$store")/cms"

status=0
runner="$repo/tools/run_903_sw_rules.py"
for year in $years; do
    out="$work/return-$year"
    ruleset="lac$((year - 1))_$(printf '%02d' $((year % 100)))"
    tables="$cms/ssda903-$year"
    join=()
    if [ -f "$tables/Header.csv" ] && [ -f "$tables/Episodes.csv" ]; then
        join=(--header "$tables/Header.csv" --episodes "$tables/Episodes.csv")
    fi
    echo
    echo "== return ssda903 --year $year (rules $ruleset)${join[*]:+ with the CMS side in $tables}"
    caseledger return ssda903 --store "$store" --year "$year" --output "$out" --force "${join[@]}"
    # The validator reads the CMS's tables beside the return, as a council uploads them together.
    rm -f "$out/Header.csv" "$out/Episodes.csv"
    if [ ${#join[@]} -gt 0 ]; then cp "$tables/Header.csv" "$tables/Episodes.csv" "$out/"; fi
    "$venv/bin/python" "$runner" "$out" "$ruleset" "$year" --all-rules || status=1
done
if [ $planted -eq 0 ]; then
    echo
    if [ $status -eq 0 ]; then echo "ALL CHECKS PASSED (planted faults not run: --no-planted)"; else echo "SOME CHECKS FAILED (see above)"; fi
    exit $status
fi

# Planted faults, each in its own copy of the first year's return, under that year's rules and
# under lac2025_26, which has the rules for the last two (SW17, SW19).
first="${years%% *}"
python3 - "$work/return-$first/SWEpisodes.csv" "$work" <<'PY'
import csv, os, shutil, sys
source, work = sys.argv[1], sys.argv[2]
with open(source, newline="") as handle:
    rows = list(csv.reader(handle))
header, body = rows[0], rows[1:]
column = {name: index for index, name in enumerate(header)}
by_child = {}
for row in body:
    by_child.setdefault(row[column["CHILD"]], []).append(row)
def write(name, rows):
    os.makedirs(os.path.join(work, name), exist_ok=True)
    with open(os.path.join(work, name, "SWEpisodes.csv"), "w", newline="") as handle:
        csv.writer(handle).writerows([header] + rows)
    # The CMS's tables go with the copy, so the planted return differs from its baseline only in SWEpisodes.
    for table in ("Header.csv", "Episodes.csv"):
        original = os.path.join(os.path.dirname(source), table)
        copy = os.path.join(work, name, table)
        if os.path.exists(original):
            shutil.copyfile(original, copy)
        elif os.path.exists(copy):
            os.remove(copy)
def dmy_plus(text, days):
    import datetime
    date = datetime.datetime.strptime(text, "%d/%m/%Y") + datetime.timedelta(days=days)
    return date.strftime("%d/%m/%Y")
# A gap: a child with two episodes; the second starts 10 days after the first ended, for a reason
# other than first contact.
child = next(c for c, rs in by_child.items() if len(rs) >= 2 and rs[0][column["SW_DEC"]])
rows = [list(r) for r in body]
for row in rows:
    if row[column["CHILD"]] == child and row[column["SW_DECOM"]] == by_child[child][1][column["SW_DECOM"]]:
        row[column["SW_DECOM"]] = dmy_plus(by_child[child][0][column["SW_DEC"]], 10)
        row[column["SW_REASON"]] = "MANAGE"
write("planted-gap", rows)
# A same-day pair: a second episode for a child starting the day its first one does.
first = by_child[child][0]
pair = list(first)
pair[column["SW_ID"]] = "XXPLANTED"
write("planted-same-day", body + [pair])
# A closed last episode: the open episode of a child gets an end date before 31 March.
open_row = next(r for r in body if not r[column["SW_DEC"]])
rows = [list(r) for r in body]
for row in rows:
    if row == open_row:
        row[column["SW_DEC"]] = dmy_plus(row[column["SW_DECOM"]], 30)
write("planted-closed-last", rows)
print(f"planted faults in copies of {source} (child {child} for the gap and the pair, {open_row[column['CHILD']]} closed)")
PY
plant() {
    local name="$1" ruleset="$2" year="$3"; shift 3
    echo
    echo "== planted: $name under $ruleset (expect $*)"
    "$venv/bin/python" "$runner" "$work/$name" "$ruleset" "$year" --quiet --baseline "$work/return-$first" --expect "$@" || status=1
}
ruleset_first="lac$((first - 1))_$(printf '%02d' $((first % 100)))"
plant planted-gap "$ruleset_first" "$first" SW10STG2
plant planted-same-day "$ruleset_first" "$first" SW10STG2
plant planted-gap lac2025_26 "$first" SW10aSTG2
plant planted-same-day lac2025_26 "$first" SW19STG2
plant planted-closed-last lac2025_26 "$first" SW17STG2

echo
if [ $status -eq 0 ]; then echo "ALL CHECKS PASSED"; else echo "SOME CHECKS FAILED (see above)"; fi
exit $status
