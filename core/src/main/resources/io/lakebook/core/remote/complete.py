# Runs in the notebook's execution context, inside exec() with a namespace of its own; NS is the notebook's namespace,
# read and never written. CODE and CURSOR are the cell and the cursor position (in code points, as Jupyter counts).
# The answer is written past lakebook's output copy, so it never shows up as a cell's output.
import json
import keyword
import re
import rlcompleter
import sys

before = CODE[:CURSOR]
token = re.search(r"[A-Za-z_][\w.]*$|$", before).group(0)
completer = rlcompleter.Completer(NS)
matches = []
if token and not token.endswith("."):
    matches = [word for word in keyword.kwlist if word.startswith(token)]
state = 0
while len(matches) < 500:
    try:
        match = completer.complete(token, state) if token else None
    except Exception:
        match = None
    if match is None:
        break
    match = match.rstrip("(")
    if match not in matches:
        matches.append(match)
    state += 1
write = getattr(sys.stdout, "_lakebook_raw", None) or sys.stdout.write
write(json.dumps({"matches": sorted(matches, key=lambda m: (m.startswith("_"), m.lower())),
                  "start": CURSOR - len(token), "end": CURSOR}))
