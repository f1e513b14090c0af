# Runs once in a notebook's execution context, inside exec() with a namespace of its own, so that no name the user
# sees is created or changed. TOKEN is given in that namespace.
#
# It makes the context's stdout and stderr also write each piece of text to a file on the driver, as framed records
# (one byte 1 = stdout, 2 = stderr or 3 = clear_output, four bytes of length, then the UTF-8 text, or for a clear
# "1" when it waits for the next output). lakebook reads that file from a second
# execution context while a command runs, because the Command Execution API returns output only when a command ends,
# and drops what was printed before an exception.
#
# input() is replaced too: there is no keyboard on a cluster, and a command waiting for one would hang.
import builtins
import os
import struct
import sys
import tempfile

directory = os.path.join(tempfile.gettempdir(), "lakebook-live")
os.makedirs(directory, exist_ok=True)
path = os.path.join(directory, TOKEN + ".out")
sink = open(path, "ab", buffering=0)
with open(os.path.join(directory, TOKEN + ".pid"), "w") as pid_file:
    pid_file.write(str(os.getpid()))


def tee(stream, code):
    if getattr(stream, "_lakebook_tee", None) == path:
        return
    write = stream.write

    def tee_write(text):
        count = write(text)
        try:
            data = text.encode("utf-8", "replace") if isinstance(text, str) else bytes(text)
            if data:
                sink.write(struct.pack(">BI", code, len(data)) + data)
        except Exception:
            pass  # the notebook still gets this text at the end of the command
        return count

    try:
        stream.write = tee_write
        stream._lakebook_tee = path
        stream._lakebook_raw = write
    except (AttributeError, TypeError):
        pass  # a stream implemented in C: its text arrives when the command ends, as without lakebook


tee(sys.stdout, 1)
tee(sys.stderr, 2)


def clear_output(wait=False):
    """Clears the cell's output in the notebook that runs it, as IPython.display.clear_output does in Jupyter."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    try:
        sink.write(struct.pack(">BI", 3, 1) + (b"1" if wait else b"0"))
    except Exception:
        pass


# IPython's own clear_output reaches only the cluster's display; through the Command Execution API nothing of it
# would arrive. Where IPython is installed (always on Databricks) its function is replaced with one that records the
# request in the same file, so the notebook's front end clears the cell.
try:
    import importlib.util

    if "IPython" in sys.modules or importlib.util.find_spec("IPython") is not None:
        import IPython.display

        for module_name in ("IPython.display", "IPython.core.display", "IPython.core.display_functions"):
            module = sys.modules.get(module_name)
            if module is not None and hasattr(module, "clear_output"):
                module.clear_output = clear_output
except Exception:
    pass  # no IPython: nothing to replace


class StdinNotImplementedError(RuntimeError):
    """input() was called in a cell; cells run on a cluster, where no one can type."""


def no_input(prompt=""):
    raise StdinNotImplementedError(
        "input() is not available: this cell runs on a Databricks cluster, where there is no keyboard to read from. "
        "Put the value in the cell (or read it with dbutils.widgets) instead.")


StdinNotImplementedError.__module__ = "builtins"
builtins.input = no_input
