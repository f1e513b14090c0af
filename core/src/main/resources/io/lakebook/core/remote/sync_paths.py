# Runs in the notebook's execution context, inside exec() with a namespace of its own, so no name the user sees is
# created or changed: once for each new Python process, it makes the project's copy on the driver importable and the
# working directory, as in a Databricks Git folder. DIR is that copy.
import importlib
import os
import sys

if DIR not in sys.path:
    sys.path.insert(0, DIR)
os.chdir(DIR)
importlib.invalidate_caches()
