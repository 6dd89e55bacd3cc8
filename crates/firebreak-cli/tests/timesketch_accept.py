"""Reads Firebreak's Timesketch exports with Timesketch's own importer code.

Usage: python timesketch_accept.py EXPORT.csv EXPORT.jsonl

Runs timesketch.lib.utils.read_and_validate_csv / read_and_validate_jsonl (what the
Timesketch server runs on an uploaded file) and prints, as JSON, what Timesketch would
index from each file: one object per event with message, datetime, timestamp and tag.
Exits non-zero if Timesketch raises, drops a row, or computes a timestamp that differs
from the one in the file.
"""

import csv
import datetime
import json
import sys

from dateutil import parser
from timesketch.lib import utils


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
MICROSECOND = datetime.timedelta(microseconds=1)


def raw_rows(path, jsonl):
    with open(path, encoding="utf-8", newline="") as f:
        if jsonl:
            return [json.loads(line) for line in f]
        return list(csv.DictReader(f))


def accepted(path, jsonl):
    reader = utils.read_and_validate_jsonl if jsonl else utils.read_and_validate_csv
    with open(path, encoding="utf-8", newline="") as f:
        events = list(reader(f))
    ours = raw_rows(path, jsonl)
    if len(events) != len(ours):
        sys.exit(f"{path}: Timesketch kept {len(events)} of {len(ours)} rows")
    out = []
    for n, (event, row) in enumerate(zip(events, ours), start=1):
        # The CSV reader recomputes timestamp from datetime; the JSONL reader keeps ours,
        # so check it against datetime (exactly: float seconds lose the last microsecond).
        theirs = event["timestamp"]
        if jsonl:
            theirs = (parser.parse(event["datetime"]) - EPOCH) // MICROSECOND
        if int(row["timestamp"]) != int(theirs):
            sys.exit(f"{path}: row {n}: timestamp {row['timestamp']} but datetime gives {theirs}")
        out.append(
            {
                "message": event["message"],
                "datetime": str(event["datetime"]),
                "timestamp": int(event["timestamp"]),
                "timestamp_desc": event["timestamp_desc"],
                "tag": list(event.get("tag", [])),
            }
        )
    return out


if __name__ == "__main__":
    print(json.dumps({"csv": accepted(sys.argv[1], False), "jsonl": accepted(sys.argv[2], True)}))
