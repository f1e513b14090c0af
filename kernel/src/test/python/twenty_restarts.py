"""Restarts the databricks kernel twenty times, running a cell each time, then prints the live kernel's context id
on a line "READY <id>" and waits for a line on stdin before shutting down, so that JupyterClientsTest can count the
contexts left on the cluster while the last kernel lives."""
import re
import sys

import kernel_session as ks


def main():
    km, kc = ks.start()
    try:
        for attempt in range(21):
            if attempt:
                km.restart_kernel(now=False)
                kc.wait_for_ready(timeout=ks.TIMEOUT)
            reply, _ = ks.run(kc, "attempt = %d" % attempt)
            assert reply["status"] == "ok", reply
        reply, outputs = ks.run(kc, "%lakebook")
        status = ks.first(outputs, "display_data")["data"]["text/plain"]
        context = re.search(r"Context:\s+(\d+)", status).group(1)
        print("READY " + context, flush=True)
        sys.stdin.readline()
    finally:
        kc.stop_channels()
        km.shutdown_kernel()


if __name__ == "__main__":
    main()
