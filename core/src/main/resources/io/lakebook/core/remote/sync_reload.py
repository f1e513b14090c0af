# Runs in the notebook's execution context, inside exec() with a namespace of its own: after project files changed
# on the driver, reloads the modules the notebook had imported from them, so that no cell runs old code without a
# word. DIR is the project's copy; CHANGED and DELETED are paths in it. The answer is written past lakebook's output
# copy, so it never shows up as a cell's output.
import importlib
import json
import os
import sys

importlib.invalidate_caches()
changed = {os.path.normpath(os.path.join(DIR, path)) for path in CHANGED}
deleted = {os.path.normpath(os.path.join(DIR, path)) for path in DELETED}
reloaded, failed, gone = [], [], []
for name, module in list(sys.modules.items()):
    source = getattr(module, "__file__", None)
    if not isinstance(source, str):
        continue
    source = os.path.normpath(os.path.abspath(source))
    if source in deleted:
        gone.append(name)
    elif source in changed:
        try:
            importlib.reload(module)
            reloaded.append(name)
        except Exception as error:
            failed.append([name, type(error).__name__ + ": " + str(error)])
write = getattr(sys.stdout, "_lakebook_raw", None) or sys.stdout.write
write(json.dumps({"reloaded": reloaded, "failed": failed, "gone": gone}))
