"""Helpers shared by lakebook's end-to-end kernel tests: start the databricks kernel with jupyter_client, run cells
and collect what a notebook would show."""
import json
import os
import time
import urllib.request

from jupyter_client.manager import start_new_kernel

TIMEOUT = 90


def start(cwd=None):
    return start_new_kernel(kernel_name="databricks", startup_timeout=TIMEOUT, cwd=cwd)


def run(kc, code, timeout=TIMEOUT):
    """Executes a cell; returns (reply content, [(msg_type, content, seconds since the request)])."""
    outputs = []
    started = time.monotonic()

    def hook(msg):
        if msg["msg_type"] != "status":
            outputs.append((msg["msg_type"], msg["content"], time.monotonic() - started))

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"], outputs


def streams(outputs, name=None):
    return "".join(c["text"] for kind, c, _ in outputs if kind == "stream" and (name is None or c["name"] == name))


def first(outputs, kind):
    return next((c for k, c, _ in outputs if k == kind), None)


def kinds(outputs):
    return [kind for kind, _, _ in outputs]


def api(method, path, body=None):
    """Calls the workspace's REST API as any client would: how a test stops or restarts the cluster."""
    request = urllib.request.Request(os.environ["DATABRICKS_HOST"] + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + os.environ["DATABRICKS_TOKEN"],
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def cluster_state():
    return api("GET", "/api/2.1/clusters/get?cluster_id=" + os.environ["DATABRICKS_CLUSTER_ID"])["state"]


def wait_for_state(state, timeout=60):
    deadline = time.monotonic() + timeout
    while cluster_state() != state:
        if time.monotonic() > deadline:
            raise AssertionError("cluster did not reach " + state)
        time.sleep(0.1)
