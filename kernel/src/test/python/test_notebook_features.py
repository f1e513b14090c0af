"""What a notebook user on Databricks expects from the databricks kernel, through the real jupyter_client against
the lakebook emulator. Run by io.lakebook.kernel.JupyterClientsTest; one kernel serves the whole class."""
import base64
import json
import os
import queue
import tempfile
import time
import unittest

import kernel_session as ks

OTHER_NOTEBOOK = {
    "nbformat": 4, "nbformat_minor": 5, "metadata": {},
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Shared setup"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["shared_value = 41\n", "print('set up')"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "%md Setup done"},
    ],
}


class NotebookFeatures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="lakebook-notebook-")
        with open(os.path.join(cls.folder, "other.ipynb"), "w") as f:
            json.dump(OTHER_NOTEBOOK, f)
        cls.km, cls.kc = ks.start(cwd=cls.folder)
        reply, _ = ks.run(cls.kc, "warm_up = 1")
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def run_cell(self, code, timeout=ks.TIMEOUT):
        return ks.run(self.kc, code, timeout)

    # ----- live output -----

    def test_a_line_printed_each_second_shows_within_two_seconds(self):
        reply, outputs = self.run_cell("import time\nfor i in range(10):\n    print('line', i, flush=True)\n"
                                       "    time.sleep(1)")
        self.assertEqual("ok", reply["status"])
        first_line = next(seconds for kind, c, seconds in outputs if kind == "stream")
        self.assertLess(first_line, 3.0, "first line after %.2f s" % first_line)
        self.assertEqual("".join("line %d\n" % i for i in range(10)), ks.streams(outputs))
        stream_times = [seconds for kind, c, seconds in outputs if kind == "stream"]
        self.assertGreater(len(stream_times), 3, "the lines came in %d pieces" % len(stream_times))

    def test_output_printed_before_an_error_is_shown_above_it(self):
        reply, outputs = self.run_cell("print('before the error')\nraise KeyError('missing')")
        self.assertEqual("error", reply["status"])
        self.assertEqual("KeyError", reply["ename"])
        self.assertEqual("'missing'", reply["evalue"])
        self.assertEqual(["stream", "error"], [k for k in ks.kinds(outputs) if k != "execute_input"])
        self.assertEqual("before the error\n", ks.streams(outputs))
        traceback = "\n".join(ks.first(outputs, "error")["traceback"])
        self.assertIn("\x1b[", traceback, "ANSI colours are kept for Jupyter to render")
        self.assertNotIn("<span", reply["evalue"] + traceback)

    def test_stderr_is_its_own_stream(self):
        reply, outputs = self.run_cell("import sys\nprint('out')\nprint('err', file=sys.stderr)")
        self.assertEqual("out\n", ks.streams(outputs, "stdout"))
        self.assertEqual("err\n", ks.streams(outputs, "stderr"))

    def test_last_value_is_the_result_and_printed_text_is_not_repeated(self):
        reply, outputs = self.run_cell("print('once')\n6 * 7")
        self.assertEqual("once\n", ks.streams(outputs))
        self.assertEqual("42", ks.first(outputs, "execute_result")["data"]["text/plain"])

    def test_a_silent_request_publishes_nothing_even_while_printing(self):
        """Regression (remote-kernels.md D8): silent requests must not show output or progress."""
        msg_id = self.kc.execute("import time\nprint('quiet')\ntime.sleep(1.5)", silent=True)
        reply = self.wait_for_reply(msg_id)
        self.assertEqual("ok", reply["content"]["status"])
        reply, outputs = self.run_cell("'after silent'")
        self.assertEqual(["execute_input", "execute_result"], ks.kinds(outputs))

    # ----- completion, inspection, input -----

    def test_completes_a_variable_defined_in_an_earlier_cell_without_changing_anything(self):
        self.run_cell("my_dataframe_rows = 3")
        before, _ = self.run_cell("names_before = set(globals())")
        reply = self.kc.complete("my_data", 7, reply=True, timeout=30)["content"]
        self.assertEqual(["my_dataframe_rows"], reply["matches"])
        self.assertEqual((0, 7), (reply["cursor_start"], reply["cursor_end"]))
        after, outputs = self.run_cell("sorted(set(globals()) - names_before)")
        self.assertEqual("['names_before']", ks.first(outputs, "execute_result")["data"]["text/plain"])
        self.assertEqual(before["execution_count"] + 1, after["execution_count"])

    def test_inspects_a_function_defined_in_an_earlier_cell(self):
        self.run_cell("def documented(a, b=2):\n    'Adds the two numbers.'\n    return a + b")
        reply = self.kc.inspect("documented(1, ", 10, reply=True, timeout=30)["content"]
        self.assertTrue(reply["found"], reply)
        text = reply["data"]["text/plain"]
        self.assertIn("documented(a, b=2)", text)
        self.assertIn("Adds the two numbers.", text)

    def test_completion_while_a_cell_runs_is_quick_and_empty(self):
        msg_id = self.kc.execute("import time\ntime.sleep(4)\n'done'")
        self.wait_for_iopub(msg_id, "execute_input")
        started = time.monotonic()
        reply = self.kc.complete("my_da", 5, reply=True, timeout=30)["content"]
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertEqual([], reply["matches"])
        self.wait_for_reply(msg_id)

    def test_input_says_it_is_not_available_instead_of_hanging(self):
        started = time.monotonic()
        reply, outputs = self.run_cell("name = input('Your name? ')", timeout=30)
        self.assertLess(time.monotonic() - started, 20)
        self.assertEqual("StdinNotImplementedError", reply["ename"])
        self.assertIn("no keyboard", reply["evalue"])

    # ----- magics -----

    def test_sql_runs_in_the_same_context_and_renders_a_table(self):
        reply, outputs = self.run_cell("%sql SELECT count(*) AS trips FROM samples.nyctaxi.trips")
        self.assertEqual("ok", reply["status"], outputs)
        data = ks.first(outputs, "display_data")["data"]
        self.assertIn("trips", data["text/plain"])
        self.assertIn("<table", data["text/html"])
        reply, outputs = self.run_cell("%%sql\nSELECT c_custkey, c_name\nFROM samples.tpch.customer\n"
                                       "ORDER BY c_custkey\nLIMIT 3;")
        self.assertEqual("ok", reply["status"], outputs)
        lines = ks.first(outputs, "display_data")["data"]["text/plain"].splitlines()
        self.assertEqual(2 + 3, len(lines), lines)
        self.assertIn("c_name", lines[0])
        reply, outputs = self.run_cell("%sql SELECT * FROM samples.no_such_table")
        self.assertEqual("error", reply["status"])
        self.assertEqual("AnalysisException", reply["ename"])

    def test_md_renders_markdown_locally(self):
        reply, outputs = self.run_cell("%md # Title\nSome *text*")
        self.assertEqual("ok", reply["status"])
        self.assertEqual("# Title\nSome *text*", ks.first(outputs, "display_data")["data"]["text/markdown"])

    def test_sh_runs_on_the_driver_and_fails_on_a_non_zero_exit(self):
        reply, outputs = self.run_cell("%sh\necho hello from $0\necho oops >&2")
        self.assertEqual("ok", reply["status"], outputs)
        self.assertEqual("hello from /bin/bash\noops\n", ks.streams(outputs))
        reply, outputs = self.run_cell("%sh exit 3")
        self.assertEqual("CalledProcessError", reply["ename"])
        self.assertIn("exit status 3", reply["evalue"])
        reply, outputs = self.run_cell("'SCRIPT' in globals()")
        self.assertEqual("False", ks.first(outputs, "execute_result")["data"]["text/plain"])

    def test_pip_passes_through_to_the_cluster(self):
        reply, outputs = self.run_cell("%pip --version", timeout=60)
        self.assertEqual("ok", reply["status"], outputs)
        self.assertIn("pip ", ks.streams(outputs))

    def test_unknown_magics_reach_the_cluster_unchanged(self):
        reply, outputs = self.run_cell("%fs ls /")
        self.assertEqual("UsageError", reply["ename"])
        self.assertEqual("Line magic function `%fs` not found.", reply["evalue"])

    def test_python_magic_is_a_no_op_prefix(self):
        reply, outputs = self.run_cell("%python\nfrom_python_magic = 5\nfrom_python_magic * 2")
        self.assertEqual("10", ks.first(outputs, "execute_result")["data"]["text/plain"])

    def test_run_executes_another_local_notebook_in_the_same_context(self):
        reply, outputs = self.run_cell("%run ./other.ipynb")
        self.assertEqual("ok", reply["status"], outputs)
        self.assertEqual("set up\n", ks.streams(outputs))
        self.assertEqual("Setup done", ks.first(outputs, "display_data")["data"]["text/markdown"])
        reply, outputs = self.run_cell("shared_value + 1")
        self.assertEqual("42", ks.first(outputs, "execute_result")["data"]["text/plain"])
        reply, outputs = self.run_cell("%run ./missing")
        self.assertEqual("error", reply["status"])
        self.assertIn("found no notebook ./missing", reply["evalue"])

    def test_lakebook_magic_shows_the_session(self):
        reply, outputs = self.run_cell("%lakebook")
        self.assertEqual("ok", reply["status"], outputs)
        text = ks.first(outputs, "display_data")["data"]["text/plain"]
        self.assertIn(os.environ["DATABRICKS_CLUSTER_ID"], text)
        self.assertIn("RUNNING", text)
        self.assertIn("/spark-ui", text)
        self.assertIn("/driver-logs", text)
        reply, outputs = self.run_cell("%lakebook frobnicate")
        self.assertIn("Usage: %lakebook", reply["evalue"])

    def test_timeout_set_by_the_user_cancels_the_command(self):
        reply, outputs = self.run_cell("%lakebook timeout 2s")
        self.assertIn("2 s", ks.first(outputs, "display_data")["data"]["text/plain"])
        try:
            started = time.monotonic()
            reply, outputs = self.run_cell("import time\nprint('started')\ntime.sleep(60)")
            self.assertEqual("CellTimeout", reply["ename"])
            self.assertLess(time.monotonic() - started, 30)
            self.assertIn("started", ks.streams(outputs))
        finally:
            self.run_cell("%lakebook timeout off")
        reply, outputs = self.run_cell("'still usable'")
        self.assertEqual("'still usable'", ks.first(outputs, "execute_result")["data"]["text/plain"])

    # ----- tables and images -----

    def test_tables_say_how_many_rows_are_shown_escape_html_and_carry_types(self):
        reply, outputs = self.run_cell("display([{'n': i, 'tag': '<b>'} for i in range(1500)])")
        data = ks.first(outputs, "display_data")["data"]
        self.assertIn("Showing the first 1,000 rows", data["text/plain"])
        self.assertIn("&lt;b&gt;", data["text/html"])
        self.assertNotIn("<b>", data["text/html"])
        self.assertIn("long", data["text/html"])
        lines = data["text/plain"].splitlines()
        self.assertEqual(["n    tag", "---  ---", "  0  <b>"], lines[:3], "numbers right-aligned under the header")

    def test_a_large_plot_is_fetched_from_dbfs(self):
        code = ("import os, zlib, struct\n"
                "def chunk(kind, data):\n"
                "    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))\n"
                "raw = b''.join(b'\\x00' + os.urandom(300 * 3) for _ in range(300))\n"
                "png = (b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 300, 300, 8, 2, 0, 0, 0))"
                " + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))\n"
                "display(png)")
        reply, outputs = self.run_cell(code)
        self.assertEqual("ok", reply["status"], outputs)
        image = base64.b64decode(ks.first(outputs, "display_data")["data"]["image/png"])
        self.assertTrue(image.startswith(b"\x89PNG"))
        self.assertGreater(len(image), 64 * 1024)

    # ----- helpers -----

    def wait_for_iopub(self, msg_id, msg_type):
        while True:
            msg = self.kc.get_iopub_msg(timeout=ks.TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type:
                return msg

    def wait_for_reply(self, msg_id):
        while True:
            try:
                msg = self.kc.get_shell_msg(timeout=ks.TIMEOUT)
            except queue.Empty:
                raise AssertionError("no reply")
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg


if __name__ == "__main__":
    unittest.main()
