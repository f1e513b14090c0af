# Runs in the notebook's execution context, inside exec() with a namespace of its own, so no name the user sees is
# created or changed: once for each new Python process, it makes the project's copy on the driver importable and the
# working directory, as in a Databricks Git folder. DIR is that copy and FOLDER the notebook's folder inside it ("" at
# the project's root). As on Databricks Runtime 14 and later, the working directory is the notebook's folder and both
# it and the project's root are on sys.path, the notebook's folder first (docs.databricks.com, files/cwd-dbr-14 and
# files/workspace-modules).
import importlib
import os
import sys

here = os.path.normpath(os.path.join(DIR, FOLDER))
os.makedirs(here, exist_ok=True)
for entry in (DIR, here):
    if entry not in sys.path:
        sys.path.insert(0, entry)
os.chdir(here)
importlib.invalidate_caches()
