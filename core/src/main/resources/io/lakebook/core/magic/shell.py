# %sh on the driver: runs inside exec() with a namespace of its own, so the notebook's names are untouched.
import subprocess
import sys

process = subprocess.Popen(["/bin/bash", "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, errors="replace")
for line in process.stdout:
    sys.stdout.write(line)
    sys.stdout.flush()
if process.wait() != 0:
    raise subprocess.CalledProcessError(process.returncode, "%sh")
