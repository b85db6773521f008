#!/usr/bin/env python3
"""Generates rules/mof/licences.json, the licence table of the MOF policy pack.

The Model Openness Tool (MOT, lfai/model_openness_tool) decides whether a component's licence is
"open" and "type-appropriate" from a licence table it builds at run time. This script rebuilds that
table the same way, so the pack can look a licence up by its exact ID:

  1. Load MOT's copy of the SPDX License List (licenses.json), then MOT's curated list
     (mof-licenses.json). An entry whose licenseId is already loaded replaces *every* field of the
     earlier entry: for the IDs in both files the curated values win, including a missing
     isFsfLibre. mof-licenses.json lists CC0-1.0 and CC-PDDC twice (data, then document); the later
     entry wins, so both end up with the single content type "document".
  2. A licence is open when, in that table, it is OSI-approved or FSF-libre, or it is one of MOT's
     open-data IDs (OPEN_DATA below; ODC-PDDL-1.0 is in neither file and gets a row of its own), or
     it is OpenMDW-1.0.
  3. A licence is type-appropriate for code, data or document when its ContentType (given only by
     mof-licenses.json, a string or a list) includes that type.

Output: {"about": ..., "licences": [{id, name?, open, code, data, document, osi_approved,
fsf_libre}, ...]} with rows sorted by ID (ordinal) and one row per line, so regeneration gives
byte-identical output and reviewable diffs. The pack reads it with
    table licences from "licences.json" key id
(the table loader takes the first list property of an object).

Usage:
    python3 rules/mof/generate-licences.py [CONFORMANCE_DIR] [OUTPUT]
CONFORMANCE_DIR defaults to ../shared/conformance/mof beside the repository (see its README.md for
where the files come from); OUTPUT defaults to licences.json beside this script.
"""

import json
import os
import sys

# MOT's open-data licence IDs (conformance README, "Open and type-appropriate").
OPEN_DATA = [
    "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT",
    "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0",
    "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5",
    "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0", "ODC-PDDL-1.0", "ODC-By-1.0", "ODbL-1.0", "GFDL-1.3", "OGL-Canada-2.0",
    "OGL-UK-2.0", "OGL-UK-3.0",
]

# Open whatever the table says (LF AI & Data's Open Model, Data and Weights licence).
ALWAYS_OPEN = ["OpenMDW-1.0"]

CONTENT_TYPES = ["code", "data", "document"]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    source = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(repo), "shared", "conformance", "mof")
    output = argv[2] if len(argv) > 2 else os.path.join(here, "licences.json")

    with open(os.path.join(source, "licenses.json"), encoding="utf-8") as f:
        spdx = json.load(f)
    with open(os.path.join(source, "mof-licenses.json"), encoding="utf-8") as f:
        curated = json.load(f)

    table = {}
    for entry in spdx["licenses"] + curated["licenses"]:
        table[entry["licenseId"]] = entry  # later entries replace earlier ones whole, as MOT does

    rows = []
    for licence_id in sorted(set(table) | set(OPEN_DATA) | set(ALWAYS_OPEN)):
        entry = table.get(licence_id, {})
        osi = bool(entry.get("isOsiApproved"))
        fsf = bool(entry.get("isFsfLibre"))
        types = entry.get("ContentType") or []
        if isinstance(types, str):
            types = [types]
        row = {"id": licence_id}
        if entry.get("name"):
            row["name"] = entry["name"]
        row["open"] = osi or fsf or licence_id in OPEN_DATA or licence_id in ALWAYS_OPEN
        for content_type in CONTENT_TYPES:
            row[content_type] = content_type in types
        row["osi_approved"] = osi
        row["fsf_libre"] = fsf
        rows.append(row)

    about = {
        "what": "Licence table of the MOF policy pack: whether MOT counts a licence as open, and for which "
                "content types it is type-appropriate. IDs are matched exactly (case-sensitive).",
        "generated_by": "rules/mof/generate-licences.py",
        "sources": "Model Openness Tool (lfai/model_openness_tool, MIT licence) web/modules/mof/licenses.json "
                   f"(SPDX License List {spdx.get('licenseListVersion')}, {spdx.get('releaseDate')}) and "
                   "web/modules/mof/mof-licenses.json, merged as MOT merges them, plus MOT's open-data IDs and OpenMDW-1.0",
    }
    lines = ["{"]
    lines.append('  "about": ' + json.dumps(about, ensure_ascii=False) + ",")
    lines.append('  "licences": [')
    lines.append(",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in rows))
    lines.append("  ]")
    lines.append("}")
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{output}: {len(rows)} licences, {sum(r['open'] for r in rows)} open")


if __name__ == "__main__":
    main(sys.argv)
