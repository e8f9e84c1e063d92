#!/usr/bin/env python3
"""Runs the DfE's SSDA903 social worker rules (csc-validator-be-903, import name lac_validator)
over a directory holding SWEpisodes.csv and, if present, the CMS's Header.csv and Episodes.csv.

Usage: run_903_sw_rules.py DIR RULESET COLLECTION_YEAR [--baseline DIR] [--quiet] [--all-rules] [--expect CODE ...]

Prints one line per SW rule of the ruleset: its code, how many rows it flagged (or "skipped" when
the rule needs a table that was not given, "failed" when it raised) and its message. With
--all-rules, every other rule of the ruleset runs too (on the tables given: the CMS's Header and
Episodes), as the validator's own tool runs them; each that flagged a row or failed is listed, then
"total other errors: N". They do not change the exit status.

Without --expect, exits 1 if an SW rule flagged a row of no explained kind: SW11a/SW11b/SW17 on a
child whose case the return's own report shows closed by 31 March (those rules assume a child still
looked after), SW11a/SW11b on an episode another follows, or an SW12 row its own reading passes
(see sw12_reading). The count of the rest is printed as "other: N". With --expect, exits 1 unless
every named rule flagged more rows than it flags in the --baseline directory (the return before a
fault was planted).
"""
import csv
import importlib
import json
import logging
import os
import sys

import pandas as pd

from lac_validator.lac_validator import LacValidator


def run(directory, ruleset, year, all_rules=False):
    """Runs the ruleset's SW rules (or every rule) through the validator's own LacValidator;
    returns (registry, SW codes, validator, flagged rows by code, files)."""
    files = []
    for name in ("SWEpisodes.csv", "Header.csv", "Episodes.csv"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, "rb") as handle:
                files.append(dict(name=path, description="This year", file_content=handle.read()))
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    codes = sorted(str(code) for code in registry if str(code).startswith("SW"))
    # The rules print their intermediate frames; keep the report readable.
    stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")
    try:
        selected = [str(code) for code in registry] if all_rules else codes
        validator = LacValidator(metadata={"collectionYear": year, "localAuthority": "E09000027"},
                                 files=files, registry=registry, selected_rules=selected)
    finally:
        sys.stdout.close()
        sys.stdout = stdout
    flagged = {}
    for table, frame in validator.ds_results.items():
        if not isinstance(frame, pd.DataFrame):
            continue
        for column in frame.columns:
            if column.startswith("ERR_"):
                rows = frame.index[frame[column] == True].tolist()
                flagged.setdefault(column[4:], []).extend((table, row) for row in rows)
    return registry, codes, validator, flagged, files


def has_subsequent_episode(validator, row):
    """Whether the child has an SW episode that begins after the flagged one began: the rule's
    message is "no subsequent social worker episode has been provided"."""
    sw = validator.dfs["SWEpisodes"]
    child = sw.loc[row, "CHILD"]
    start = pd.to_datetime(sw.loc[row, "SW_DECOM"], format="%d/%m/%Y", errors="coerce")
    later = pd.to_datetime(sw.loc[(sw["CHILD"] == child) & (sw.index != row), "SW_DECOM"], format="%d/%m/%Y", errors="coerce")
    return bool((later > start).any())


def sw12_reading(validator, row, gaps):
    """Why an Episodes row SW12 flagged passes the rule as its message and filter read, or None.

    The rule looks at episodes that start care (RNE S) or end it (REC not X1) and asks for a
    social worker episode beginning on or after the start, or on or before the end. Its code
    merges every SW episode of the child with the row and flags the row if any one of them fails,
    and counts an open episode (REC blank, so "not X1") as an end of care. A row is explained
    when it neither starts nor ends care, or when one of the child's SW episodes meets the test.
    A care start on a day the return's own report shows the child with no worker in the ledger
    (`noWorkerInLedger`, with the event that left the case unallocated) is a real gap the rule
    rightly reports; it is counted apart, as the closed cases of SW11 are."""
    episodes = validator.dfs["Episodes"]
    child = episodes.loc[row, "CHILD"]
    rne, rec = str(episodes.loc[row, "RNE"]), episodes.loc[row, "REC"]
    decom = pd.to_datetime(episodes.loc[row, "DECOM"], format="%d/%m/%Y", errors="coerce")
    dec = pd.to_datetime(episodes.loc[row, "DEC"], format="%d/%m/%Y", errors="coerce")
    ends_care = pd.notna(dec) and str(rec) != "X1"
    if rne != "S" and not ends_care:
        return "open, not a start of care"
    sw = validator.dfs["SWEpisodes"]
    starts = pd.to_datetime(sw.loc[sw["CHILD"] == child, "SW_DECOM"], format="%d/%m/%Y", errors="coerce")
    if (rne == "S" and (starts >= decom).any()) or (ends_care and (starts <= dec).any()):
        return "another SW episode meets it"
    if rne == "S" and any(first <= decom <= last for first, last in gaps.get(child, [])):
        return "no worker in the ledger when care began"
    return None


def baseline_counts(directory, ruleset, year):
    """Rows flagged per rule in the unplanted return, kept beside it per rule set: each planted
    fault is compared with the same baseline, which need be validated only once."""
    cache = os.path.join(directory, f".sw-counts-{ruleset}.json")
    sources = [os.path.join(directory, name) for name in ("SWEpisodes.csv", "Header.csv", "Episodes.csv")]
    newest = max(os.path.getmtime(path) for path in sources if os.path.exists(path))
    if os.path.exists(cache) and os.path.getmtime(cache) >= newest:
        with open(cache) as handle:
            return json.load(handle)
    _, _, _, flagged, _ = run(directory, ruleset, year)
    counts = {code: len(rows) for code, rows in flagged.items()}
    with open(cache, "w") as handle:
        json.dump(counts, handle)
    return counts


def main(argv):
    options_with_values = {"--baseline"}
    args, skip = [], False
    for index, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in options_with_values:
            skip = True
            continue
        if arg == "--expect":
            break
        if not arg.startswith("--"):
            args.append(arg)
    directory, ruleset, year = args[0], args[1], args[2]
    expected = argv[argv.index("--expect") + 1:] if "--expect" in argv else []
    logging.disable(logging.CRITICAL)  # the validator logs every rule at INFO
    registry, codes, validator, flagged, files = run(directory, ruleset, year, all_rules="--all-rules" in argv)
    total = 0
    print(f"rules {ruleset}, collection year ending 31 March {year}, files: "
          + ", ".join(os.path.basename(f["name"]) for f in files))
    for code in codes:
        rule = registry[code]
        if code in validator.fails:
            status = "failed"
        elif code in validator.skips:
            status = "skipped (needs a table not given)"
        else:
            count = len(flagged.get(code, []))
            total += count
            status = f"{count} errors"
        print(f"  {code:<10} {status:<34} {rule.message}")
        if "--quiet" not in argv:
            for table, row in flagged.get(code, [])[:5]:
                frame = validator.dfs[table]
                print(f"      {table} row {row}: " + ", ".join(f"{c}={frame.loc[row, c]}" for c in frame.columns if c in
                      ("CHILD", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON", "DECOM", "DEC", "LS")))
    print(f"total SW errors: {total}")
    if "--all-rules" in argv:
        others = sorted(str(code) for code in registry if not str(code).startswith("SW"))
        other_total = 0
        for code in others:
            count = len(flagged.get(code, []))
            other_total += count
            if count or code in validator.fails:
                status = "failed" if code in validator.fails else f"{count} errors"
                print(f"  {code:<10} {status:<34} {registry[code].message}")
                if "--quiet" not in argv:
                    for table, row in flagged.get(code, [])[:3]:
                        frame = validator.dfs[table]
                        print(f"      {table} row {row}: " + ", ".join(f"{c}={frame.loc[row, c]}" for c in frame.columns
                                                                   if not c.startswith("ERR_"))[:400])
        ran = sum(1 for code in others if code not in validator.skips and code not in validator.fails)
        print(f"total other errors: {other_total} ({ran} other rules ran, "
              f"{sum(1 for code in others if code in validator.skips)} skipped for want of a table, "
              f"{sum(1 for code in others if code in validator.fails)} failed)")
    # Children whose case the ledger shows closed by the end of 31 March: the return's report
    # (SWEpisodes-disagreements.csv, lastEpisodeEndedInYear) names them with the closing event.
    closed = set()
    gaps = {}
    report = os.path.join(directory, "SWEpisodes-disagreements.csv")
    if os.path.exists(report):
        with open(report, newline="") as handle:
            for row in csv.DictReader(handle):
                if row["KIND"] == "lastEpisodeEndedInYear" and row["LEDGER"] == "closed":
                    closed.add(row["CHILD"])
                if row["KIND"] == "noWorkerInLedger" and row["FROM"] and row["TO"]:
                    gaps.setdefault(row["CHILD"], []).append(
                        (pd.to_datetime(row["FROM"], format="%d/%m/%Y"), pd.to_datetime(row["TO"], format="%d/%m/%Y")))
    unexplained = 0
    closed_rows = 0
    followed_rows = 0
    sw12_rows = {"open, not a start of care": 0, "another SW episode meets it": 0,
                 "no worker in the ledger when care began": 0}
    for code in codes:
        for table, row in flagged.get(code, []):
            child = validator.dfs[table].loc[row, "CHILD"]
            if child in closed and code in ("SW11aSTG2", "SW11bSTG2", "SW17STG2"):
                closed_rows += 1
                continue
            if code in ("SW11aSTG2", "SW11bSTG2") and has_subsequent_episode(validator, row):
                followed_rows += 1
                continue
            if code == "SW12STG2":
                why = sw12_reading(validator, row, gaps)
                if why:
                    sw12_rows[why] += 1
                    continue
            unexplained += 1
    if closed:
        print(f"of which on a child whose case was closed by 31 March (SW11a/SW11b/SW17 assume a child "
              f"still looked after): {closed_rows}")
    if followed_rows:
        print(f"of which SW11a/SW11b rows on an episode a subsequent one follows (the rule's reverse-ordered "
              f"comparison pairs an earlier episode with one ending in the last five days): {followed_rows}")
    if flagged.get("SW12STG2"):
        print(f"of which SW12 rows explained (the rule flags an Episodes row for every SW episode of the child "
              f"that fails its test, not when none passes it, and an open episode that neither starts nor ends "
              f"care; a gap the return's report shows is real): "
              + "; ".join(f"{why}: {count}" for why, count in sw12_rows.items()))
    print(f"other: {unexplained}")
    if expected:
        baseline = {}
        if "--baseline" in argv:
            baseline = baseline_counts(argv[argv.index("--baseline") + 1], ruleset, year)
        missing = []
        for code in expected:
            before, after = baseline.get(code, 0), len(flagged.get(code, []))
            caught = after > before
            if not caught:
                missing.append(code)
            print(f"  planted fault caught by {code}: {'yes' if caught else 'NO'} ({before} rows before planting, {after} after)")
        return 1 if missing else 0
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
