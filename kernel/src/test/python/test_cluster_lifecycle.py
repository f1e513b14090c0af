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


if __name__ == "__main__":
    unittest.main()
