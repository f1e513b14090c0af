"""Drives the databricks kernel as a notebook front end does, with jupyter_client, and prints what a user would see
as one JSON object on the last line of stdout. Run by io.lakebook.kernel.JupyterClientsTest."""
import json
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def run(kc, code):
    """Executes a cell and returns (reply content, list of (msg_type, content)) of its IOPub outputs."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT,
                                   output_hook=lambda m: outputs.append((m["msg_type"], m["content"])))
    return reply["content"], outputs


def text_of(outputs, msg_type):
    for kind, content in outputs:
        if kind == msg_type:
            return content.get("text") or content.get("data", {}).get("text/plain")
    return None


def interrupt_sleeping_cell(km, kc):
    msg_id = kc.execute("import time\ntime.sleep(60)")
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            break
    time.sleep(1.5)  # let the command reach the cluster and start sleeping
    started = time.monotonic()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], time.monotonic() - started


def main():
    km, kc = start_new_kernel(kernel_name="databricks", startup_timeout=TIMEOUT)
    seen = {}
    try:
        reply, outputs = run(kc, "x = 41\nprint('hello, world')")
        seen["hello_status"] = reply["status"]
        seen["hello_stream"] = text_of(outputs, "stream")
        reply, outputs = run(kc, "x + 1")
        seen["value"] = text_of(outputs, "execute_result")
        seen["value_count"] = reply["execution_count"]
        reply, outputs = run(kc, "1/0")
        seen["error_ename"] = reply.get("ename")
        seen["error_types"] = [kind for kind, _ in outputs]
        reply, seconds = interrupt_sleeping_cell(km, kc)
        seen["interrupt_ename"] = reply.get("ename")
        seen["interrupt_seconds"] = seconds
        reply, outputs = run(kc, "x + 2")
        seen["after_interrupt_status"] = reply["status"]
        seen["after_interrupt_outputs"] = outputs
        seen["after_interrupt_value"] = text_of(outputs, "execute_result")
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
    seen["alive_after_shutdown"] = km.is_alive()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
