"""Times Jupyter kernels for lakebook's benchmark suite through jupyter_client, the same way for every kernel.

    kernels.py start NAME… --warmup W --runs N   start to kernel_info_reply, the kernels taking turns
    kernels.py bind NAME… --warmup W --runs N    process start to the shell socket accepting a connection, each
                                                 kernel started from its spec's argv, taking turns
    kernels.py memory NAME --runs N --settle S   resident memory of the kernel process, idle after start and idle
                                                 after one cell
    kernels.py cells NAME                        starts NAME, then reads commands on stdin, one JSON object a line:
                                                 {"code": "1 + 1", "warmup": W, "runs": N} times N cells after W;
                                                 {"quit": true} shuts the kernel down

Every command prints JSON lines on stdout; times are milliseconds, memory is in megabytes.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

TIMEOUT = 120


def now_ms():
    return time.perf_counter() * 1000


def await_reply(kc, msg_id):
    while True:
        message = kc.get_shell_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") == msg_id:
            return message


def await_idle(kc, msg_id):
    while True:
        message = kc.get_iopub_msg(timeout=TIMEOUT)
        if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "status"
                and message["content"]["execution_state"] == "idle"):
            return


def start(name):
    """Starts a kernel; returns (manager, client, milliseconds from start to the kernel_info_reply)."""
    km = KernelManager(kernel_name=name)
    started = now_ms()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    await_reply(kc, kc.kernel_info())
    return km, kc, now_ms() - started


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel()


def run_cell(kc, code):
    """Runs one cell; returns milliseconds from execute_request to execute_reply, after checking it succeeded."""
    started = now_ms()
    msg_id = kc.execute(code)
    reply = await_reply(kc, msg_id)
    took = now_ms() - started
    if reply["content"]["status"] != "ok":
        raise SystemExit("the cell %r failed: %s" % (code, json.dumps(reply["content"])))
    await_idle(kc, msg_id)
    return took


def pid_of(km):
    provisioner = km.provisioner
    pid = getattr(provisioner, "pid", None)
    return pid if pid is not None else provisioner.process.pid


def resident_mb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS for process %d" % pid)


def command_start(args):
    times = {name: [] for name in args.names}
    for run in range(args.warmup + args.runs):
        # Taking turns, so that a slow moment of the machine falls on both kernels alike.
        for name in args.names:
            km, kc, took = start(name)
            stop(km, kc)
            if run >= args.warmup:
                times[name].append(took)
    print(json.dumps(times))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bind_once(argv, folder):
    """Starts a kernel from its argv; returns milliseconds until its shell port accepts a TCP connection."""
    ports = {name: free_port() for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
    connection = dict(ports, ip="127.0.0.1", key="bench", transport="tcp", signature_scheme="hmac-sha256")
    path = os.path.join(folder, "bind-%d.json" % ports["shell_port"])
    with open(path, "w") as file:
        json.dump(connection, file)
    started = now_ms()
    process = subprocess.Popen([part.replace("{connection_file}", path) for part in argv],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", ports["shell_port"])) == 0:
                    return now_ms() - started
            if process.poll() is not None or now_ms() - started > TIMEOUT * 1000:
                raise SystemExit("%s did not bind its shell port" % argv[0])
            time.sleep(0.0005)
    finally:
        process.kill()
        process.wait()


def command_bind(args):
    specs = KernelSpecManager()
    argvs = {name: specs.get_kernel_spec(name).argv for name in args.names}
    times = {name: [] for name in args.names}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.warmup + args.runs):
            for name in args.names:
                took = bind_once(argvs[name], folder)
                if run >= args.warmup:
                    times[name].append(took)
    print(json.dumps(times))


def command_memory(args):
    idle, after_cell = [], []
    for _ in range(args.runs):
        km, kc, _ = start(args.name)
        try:
            time.sleep(args.settle)
            idle.append(resident_mb(pid_of(km)))
            run_cell(kc, args.code)
            time.sleep(args.settle)
            after_cell.append(resident_mb(pid_of(km)))
        finally:
            stop(km, kc)
    print(json.dumps({"idle": idle, "after_cell": after_cell}))


def command_cells(args):
    km, kc, took = start(args.name)
    print(json.dumps({"ready": took}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            for _ in range(request.get("warmup", 0)):
                run_cell(kc, request["code"])
            times = [run_cell(kc, request["code"]) for _ in range(request["runs"])]
            print(json.dumps({"ms": times}), flush=True)
    finally:
        stop(km, kc)


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start")
    start_parser.add_argument("names", nargs="+")
    start_parser.add_argument("--warmup", type=int, default=2)
    start_parser.add_argument("--runs", type=int, default=10)
    bind_parser = commands.add_parser("bind")
    bind_parser.add_argument("names", nargs="+")
    bind_parser.add_argument("--warmup", type=int, default=2)
    bind_parser.add_argument("--runs", type=int, default=10)
    memory_parser = commands.add_parser("memory")
    memory_parser.add_argument("name")
    memory_parser.add_argument("--runs", type=int, default=3)
    memory_parser.add_argument("--settle", type=float, default=2.0)
    memory_parser.add_argument("--code", default="1 + 1")
    cells_parser = commands.add_parser("cells")
    cells_parser.add_argument("name")
    args = parser.parse_args()
    {"start": command_start, "bind": command_bind, "memory": command_memory, "cells": command_cells}[
        args.command](args)


if __name__ == "__main__":
    main()
