#!/usr/bin/env python3
"""Runs the DfE's SSDA903 social worker rules (csc-validator-be-903, import name lac_validator)
over a directory holding SWEpisodes.csv and, if present, the CMS's Header.csv and Episodes.csv.

Usage: run_903_sw_rules.py DIR RULESET COLLECTION_YEAR [--expect CODE ...] [--quiet]

Prints one line per SW rule of the ruleset: its code, how many rows it flagged (or "skipped" when
the rule needs a table that was not given, "failed" when it raised) and its message. Without
--expect, exits 1 if any SW rule flagged a row. With --expect, exits 1 unless every named rule
flagged at least one row (for planted faults).
"""
import importlib
import logging
import os
import sys

import pandas as pd

from lac_validator.lac_validator import LacValidator


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    directory, ruleset, year = args[0], args[1], args[2]
    expected = argv[argv.index("--expect") + 1:] if "--expect" in argv else []
    expected = [code for code in expected if not code.startswith("--")]
    logging.disable(logging.CRITICAL)  # the validator logs every rule at INFO
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
        validator = LacValidator(metadata={"collectionYear": year, "localAuthority": "E09000027"},
                                 files=files, registry=registry, selected_rules=codes)
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
    if expected:
        missing = [code for code in expected if not flagged.get(code)]
        for code in expected:
            print(f"  planted fault caught by {code}: {'yes' if code not in missing else 'NO'}")
        return 1 if missing else 0
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
