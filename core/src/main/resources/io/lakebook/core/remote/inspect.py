# Runs in the notebook's execution context, inside exec() with a namespace of its own; NS is the notebook's namespace,
# read and never written. Describes the dotted name at CURSOR in CODE as IPython's "?" would, without calling it.
import builtins
import inspect
import json
import re
import sys

left = re.search(r"[A-Za-z_][\w.]*$|$", CODE[:CURSOR]).group(0)
right = re.match(r"\w*", CODE[CURSOR:]).group(0)
name = (left + right).strip(".")
if not name and CODE[:CURSOR].rstrip().endswith("("):
    name = re.search(r"[A-Za-z_][\w.]*$|$", CODE[:CURSOR].rstrip()[:-1]).group(0)
text = None
if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name or ""):
    parts = name.split(".")
    found = True
    if parts[0] in NS:
        value = NS[parts[0]]
    elif hasattr(builtins, parts[0]):
        value = getattr(builtins, parts[0])
    else:
        found = False
    for part in parts[1:]:
        if not found:
            break
        try:
            value = getattr(value, part)
        except Exception:
            found = False
    if found:
        lines = ["Type:      " + type(value).__name__]
        try:
            form = repr(value)
            lines.append("String form: " + (form if len(form) <= 200 else form[:200] + "..."))
        except Exception:
            pass
        try:
            lines.append("Signature: " + parts[-1] + str(inspect.signature(value)))
        except (TypeError, ValueError):
            pass
        doc = inspect.getdoc(value)
        if doc:
            lines.append("Docstring:\n" + doc)
        if DETAIL > 0:
            try:
                lines.append("Source:\n" + inspect.getsource(value))
            except (TypeError, OSError):
                pass
        text = "\n".join(lines)
write = getattr(sys.stdout, "_lakebook_raw", None) or sys.stdout.write
write(json.dumps({"text": text}))
