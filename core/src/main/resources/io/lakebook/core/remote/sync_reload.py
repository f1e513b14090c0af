# Runs in the notebook's execution context, inside exec() with a namespace of its own: after project files changed
# on the driver, reloads the modules the notebook had imported from them, so that no cell runs old code without a
# word. DIR is the project's copy; CHANGED and DELETED are paths in it. A project module that took names from a
# reloaded one (`from helpers import describe`) still holds the old objects, so it is reloaded after it, and so on
# down the chain. Names in the notebook's own namespace that still hold old objects are listed, never rebound: the
# user's variables are theirs. The answer is written past lakebook's output copy, so it never shows up as a cell's
# output.
import importlib
import json
import os
import sys

importlib.invalidate_caches()
user = sys._getframe(1).f_globals
changed = {os.path.normpath(os.path.join(DIR, path)) for path in CHANGED}
deleted = {os.path.normpath(os.path.join(DIR, path)) for path in DELETED}
inside = os.path.normpath(DIR) + os.sep
reloaded, dependents, failed, gone = [], [], [], []


def source(module):
    path = getattr(module, "__file__", None)
    return os.path.normpath(os.path.abspath(path)) if isinstance(path, str) else None


def stale_names(namespace, modules):
    """Names in namespace bound to an object a reloaded module defined before its reload."""
    names = []
    for key, value in list(namespace.items()):
        origin = getattr(value, "__module__", None)
        if origin in modules and not key.startswith("__") and getattr(value, "__name__", None) is not None:
            fresh = getattr(sys.modules.get(origin), value.__name__, None)
            if fresh is not None and fresh is not value:
                names.append(key)
    return names


def reload(name, module, into):
    try:
        importlib.reload(module)
        into.append(name)
        return True
    except Exception as error:
        failed.append([name, type(error).__name__ + ": " + str(error)])
        return False


# sys.modules lists a module before the modules it imports, so the reverse order reloads what is used first.
project = [(name, module) for name, module in reversed(list(sys.modules.items()))
           if (source(module) or "").startswith(inside)]
for name, module in project:
    path = source(module)
    if path in deleted:
        gone.append(name)
    elif path in changed:
        reload(name, module, reloaded)
pending = True
while pending and not failed:
    pending = False
    for name, module in project:
        done = set(reloaded) | set(dependents)
        if name not in done and name not in gone and stale_names(vars(module), done):
            pending = reload(name, module, dependents) or pending
stale = sorted(stale_names(user, set(reloaded) | set(dependents)))
write = getattr(sys.stdout, "_lakebook_raw", None) or sys.stdout.write
write(json.dumps({"reloaded": reloaded, "dependents": dependents, "failed": failed, "gone": gone,
                  "stale": stale}))
