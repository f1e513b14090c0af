"""The cluster over a day: stopped or restarted while the notebook sat idle. Run by JupyterClientsTest against the
emulator; the test stops and restarts the cluster through the workspace's REST API, as a workspace admin or the
auto-termination timer would."""
import unittest

import kernel_session as ks


class ClusterLifecycle(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = ks.start()

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel()

    def check_fresh_context_after(self, action, wait_state, said):
        reply, _ = ks.run(self.kc, "counter = 1")
        self.assertEqual("ok", reply["status"])
        ks.api("POST", "/api/2.1/clusters/" + action, {"cluster_id": ks.os.environ["DATABRICKS_CLUSTER_ID"]})
        ks.wait_for_state(wait_state)
        reply, outputs = ks.run(self.kc, "print('this cell ran')\n'counter' in globals()")
        self.assertEqual("ok", reply["status"], outputs)
        notice = ks.streams(outputs, "stderr")
        self.assertIn("Remote state was lost", notice)
        self.assertIn(said, notice)
        self.assertEqual("this cell ran\n", ks.streams(outputs, "stdout"), "the cell ran exactly once")
        self.assertEqual("False", ks.first(outputs, "execute_result")["data"]["text/plain"])
        self.assertEqual("RUNNING", ks.cluster_state())
        reply, outputs = ks.run(self.kc, "print('next')")
        self.assertEqual("", ks.streams(outputs, "stderr"), "the loss is reported once")

    def test_cluster_terminated_between_cells_starts_again_and_runs_the_cell_once(self):
        self.check_fresh_context_after("delete", "TERMINATED", "TERMINATED")

    def test_cluster_restarted_between_cells_runs_the_cell_in_a_fresh_context(self):
        self.check_fresh_context_after("restart", "RUNNING", "restarted")

    def test_lakebook_magic_restarts_and_refuses_an_unknown_cluster(self):
        ks.run(self.kc, "kept = 1")
        reply, outputs = ks.run(self.kc, "%lakebook restart")
        self.assertEqual("ok", reply["status"], outputs)
        self.assertIn("restarted and is running", ks.first(outputs, "display_data")["data"]["text/plain"])
        reply, outputs = ks.run(self.kc, "'kept' in globals()")
        self.assertEqual("False", ks.first(outputs, "execute_result")["data"]["text/plain"])
        self.assertEqual("", ks.streams(outputs, "stderr"), "the user asked for the restart; no loss to report")
        reply, outputs = ks.run(self.kc, "%lakebook cluster 0000-000000-nothere")
        self.assertEqual("error", reply["status"])
        self.assertIn("0000-000000-nothere", reply["evalue"])
        reply, outputs = ks.run(self.kc, "%lakebook timeout soon")
        self.assertIn("cannot read", reply["evalue"])


if __name__ == "__main__":
    unittest.main()
