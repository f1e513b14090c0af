"""A cluster that takes long to start: the progress line and an interrupt while waiting. Run by JupyterClientsTest
against an emulator whose clusters take a minute to start."""
import time
import unittest

import kernel_session as ks


class SlowClusterStart(unittest.TestCase):
    def test_progress_shows_state_and_an_interrupt_stops_the_wait(self):
        km, kc = ks.start()
        try:
            msg_id = kc.execute("1 + 1")
            progress = None
            while progress is None:
                msg = kc.get_iopub_msg(timeout=ks.TIMEOUT)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("display_data",
                                                                                      "update_display_data"):
                    text = msg["content"]["data"]["text/plain"]
                    if "PENDING" in text:
                        progress = text
            self.assertIn("Starting Spark", progress, "the cluster's own state message")
            self.assertRegex(progress, r"\d+ s")
            started = time.monotonic()
            km.interrupt_kernel()
            while True:
                reply = kc.get_shell_msg(timeout=ks.TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            self.assertLess(time.monotonic() - started, 3.0)
            self.assertEqual("KeyboardInterrupt", reply["content"]["ename"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel()


if __name__ == "__main__":
    unittest.main()
