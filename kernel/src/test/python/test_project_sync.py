"""The notebook's project on the cluster: local modules import, relative paths open, edits and deletions arrive before
the next cell, ignored files never do. Run by io.lakebook.kernel.JupyterClientsTest, which then reads the emulator's
request log for the cells marked here; one kernel serves the class, and the tests run in the order of their names."""
import json
import os
import tempfile
import unittest

import kernel_session as ks

PROJECT_FILE = {"sync": {"exclude": ["secret_data/"], "max_file_mb": 1}}


def write(folder, path, text):
    target = os.path.join(folder, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        f.write(text)


class ProjectSync(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="lakebook-project-")
        write(cls.folder, ".databricks/lakebook.json", json.dumps(PROJECT_FILE))
        write(cls.folder, ".gitignore", "*.log\nscratch/\n")
        write(cls.folder, "helpers.py", "VALUE = 1\n\ndef describe():\n    return 'version one'\n")
        write(cls.folder, "pkg/__init__.py", "")
        write(cls.folder, "pkg/tools.py", "def double(x):\n    return 2 * x\n")
        write(cls.folder, "pkg/.gitignore", "local_only.py\n")
        write(cls.folder, "pkg/local_only.py", "SECRET = 1\n")
        write(cls.folder, "data/lookup.csv", "code,name\n1,one\n")
        write(cls.folder, "debug.log", "noise\n")
        write(cls.folder, "scratch/notes.txt", "draft\n")
        write(cls.folder, "secret_data/keys.txt", "do not send\n")
        write(cls.folder, "analysis.ipynb", json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                                         "nbformat_minor": 5}))
        write(cls.folder, "etl.py", "# Databricks notebook source\nprint('a notebook')\n")
        cls.km, cls.kc = ks.start(cwd=cls.folder)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def run_cell(self, code):
        reply, outputs = ks.run(self.kc, code)
        return reply, outputs

    def value(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual("ok", reply["status"], outputs)
        return ks.first(outputs, "execute_result")["data"]["text/plain"]

    def test_1_local_modules_import_and_relative_paths_open(self):
        self.assertEqual("'version one'", self.value("import helpers\nhelpers.describe()"))
        self.assertEqual("10", self.value("from pkg import tools\ntools.double(5)"))
        self.assertEqual("'code,name\\n1,one\\n'", self.value("open('data/lookup.csv').read()"))

    def test_2_ignored_files_and_notebooks_never_arrive(self):
        for path in ["debug.log", "scratch/notes.txt", "secret_data/keys.txt", "pkg/local_only.py",
                     "analysis.ipynb", "etl.py", ".databricks/lakebook.json", ".gitignore"]:
            expected = "True" if path == ".gitignore" else "False"
            self.assertEqual(expected, self.value("import os as _t\n_t.path.exists(%r)" % path), path)

    def test_3_an_unchanged_project_sends_nothing(self):
        """remote-kernels §B.1 (PR #44), §B.24: no state file of lakebook's makes an unchanged project re-sync."""
        self.assertEqual("'unchanged-1'", self.value("'unchanged-1'"))
        self.assertEqual("'unchanged-2'", self.value("'unchanged-2'"))

    def test_4_an_edited_module_is_reloaded_before_the_next_cell(self):
        self.value("'before-edit'")
        write(self.folder, "helpers.py", "VALUE = 2\n\ndef describe():\n    return 'version two, longer'\n")
        reply, outputs = self.run_cell("'after-edit', helpers.describe(), helpers.VALUE")
        self.assertEqual("ok", reply["status"], outputs)
        self.assertEqual("('after-edit', 'version two, longer', 2)",
                         ks.first(outputs, "execute_result")["data"]["text/plain"])
        self.assertIn("lakebook reloaded helpers", ks.streams(outputs, "stderr"))

    def test_4b_modules_that_took_names_from_a_changed_one_are_reloaded_and_stale_names_are_named(self):
        write(self.folder, "dep_b.py", "def g():\n    return 'b1'\n")
        write(self.folder, "dep_a.py", "from dep_b import g\n\ndef f():\n    return 'a uses ' + g()\n")
        self.assertEqual("'a uses b1'", self.value("import dep_a\nfrom dep_b import g as my_g\ndep_a.f()"))
        write(self.folder, "dep_b.py", "def g():\n    return 'b2'\n")
        reply, outputs = self.run_cell("dep_a.f()")
        self.assertEqual("'a uses b2'", ks.first(outputs, "execute_result")["data"]["text/plain"], outputs)
        notice = ks.streams(outputs, "stderr")
        self.assertIn("lakebook reloaded dep_b: its file changed; and dep_a, which uses names from it.", notice)
        self.assertIn("Your name my_g still holds the old code", notice)

    def test_5_user_names_like_the_sync_helpers_survive_a_sync(self):
        """remote-kernels §B D6: syncing never changes the user's globals (f, zf, target_dir...)."""
        names = ["DIR", "CHANGED", "DELETED", "importlib", "json", "os", "sys", "changed", "deleted", "reloaded",
                 "failed", "gone", "name", "module", "source", "write", "error", "_lakebook_sync_open",
                 "_lakebook_sync_put", "_LAKEBOOK_SYNC_ROOT", "base64", "f", "zf", "target_dir", "exec", "user",
                 "stale", "dependents", "project", "pending", "inside", "here", "entry"]
        self.value("\n".join("%s = 'mine-%s'" % (n, n) for n in names) + "\n1")
        write(self.folder, "pkg/tools.py", "def double(x):\n    return 20 * x\n")
        reply, outputs = self.run_cell("tools.double(1)")
        self.assertEqual("20", ks.first(outputs, "execute_result")["data"]["text/plain"], outputs)
        check = "[n for n in %r if globals().get(n) != 'mine-' + n]" % names
        self.assertEqual("[]", self.value(check))

    def test_6_a_deleted_file_is_gone_on_the_cluster(self):
        """remote-kernels §B.1 (PR #44): a deletion is a change, and the file is gone on the cluster."""
        os.remove(os.path.join(self.folder, "data/lookup.csv"))
        self.assertEqual("False", self.value("__import__('os').path.exists('data/lookup.csv')"))

    def test_7_an_over_limit_file_stops_the_cell_with_the_message(self):
        """remote-kernels §B D9: a size-limit violation stops the cell before it runs."""
        write(self.folder, "data/huge.bin", "x" * (2 * 1024 * 1024))
        reply, outputs = self.run_cell("ran_despite_limit = True")
        self.assertEqual("error", reply["status"])
        self.assertEqual("SyncError", reply["ename"])
        self.assertIn("data/huge.bin (2.0 MB)", reply["evalue"])
        self.assertIn("max_file_mb", reply["evalue"])
        self.assertIn(".gitignore", reply["evalue"])
        reply, outputs = self.run_cell("%lakebook sync")
        self.assertIn("The next cell will stop", ks.first(outputs, "display_data")["data"]["text/plain"])
        # The message's advice, taken in the project file, counts from the next cell on.
        settings = dict(PROJECT_FILE, sync=dict(PROJECT_FILE["sync"], exclude=["secret_data/", "data/huge.bin"]))
        write(self.folder, ".databricks/lakebook.json", json.dumps(settings))
        self.assertEqual("(False, False)", self.value("'ran_despite_limit' in globals(), "
                                                      "__import__('os').path.exists('data/huge.bin')"))
        os.remove(os.path.join(self.folder, "data/huge.bin"))

    def test_8_lakebook_sync_shows_what_would_travel_and_why_files_stay(self):
        write(self.folder, "notes.md", "new file\n")
        reply, outputs = self.run_cell("%lakebook sync")
        self.assertEqual("ok", reply["status"], outputs)
        text = ks.first(outputs, "display_data")["data"]["text/plain"]
        self.assertIn("new  notes.md", text)
        self.assertIn("debug.log — matched a rule in .gitignore", text)
        self.assertIn("pkg/local_only.py — matched a rule in pkg/.gitignore", text)
        self.assertIn("secret_data/ — matched sync.exclude", text)
        self.assertIn(".databricks/ — built-in default", text)
        self.assertIn("analysis.ipynb — a notebook", text)
        self.assertIn("etl.py — a Databricks source notebook", text)
        self.assertEqual("True", self.value("__import__('os').path.exists('notes.md')"))

    def test_8b_a_second_notebook_in_a_subfolder_works_there_and_both_see_each_others_changes(self):
        """As on Databricks Runtime 14+, a notebook's working directory is its own folder, with the project's root
        also importable; two notebooks of one project share its copy and never run each other's stale code."""
        write(self.folder, "notebooks/sib.py", "NAME = 'sibling'\n")
        write(self.folder, "notebooks/data/where.txt", "notebook folder")
        write(self.folder, "data/where.txt", "project root")
        km, kc = ks.start(cwd=os.path.join(self.folder, "notebooks"))
        try:
            def value(code):
                reply, outputs = ks.run(kc, code)
                self.assertEqual("ok", reply["status"], outputs)
                return ks.first(outputs, "execute_result")["data"]["text/plain"]
            self.assertEqual("('notebook folder', 'sibling', 'version two, longer')",
                             value("import sib, helpers\nopen('data/where.txt').read(), sib.NAME, "
                                   "helpers.describe()"))
            self.assertEqual("'version two, longer'", self.value("helpers.describe()"))
            write(self.folder, "helpers.py", "VALUE = 3\n\ndef describe():\n    return 'version three'\n")
            self.assertEqual("'version three'", self.value("helpers.describe()"))
            # Back to version two on the laptop (a git checkout, say): the other notebook copies it and reloads.
            write(self.folder, "helpers.py", "VALUE = 2\n\ndef describe():\n    return 'version two, longer'\n")
            self.assertEqual("('version two, longer', 'version two, longer')",
                             value("import importlib\nimportlib.reload(helpers).describe(), helpers.describe()"))
            self.assertIn("VALUE = 2", value("open('../helpers.py').read()"))
            self.assertEqual("'version two, longer'", self.value("helpers.describe()"))
        finally:
            kc.stop_channels()
            km.shutdown_kernel()

    def test_9_after_a_cluster_restart_the_files_are_copied_again(self):
        """remote-kernels §B D5: after a cluster restart the project is copied again and importable."""
        self.value("'before-restart'")
        ks.api("POST", "/api/2.1/clusters/restart", {"cluster_id": os.environ["DATABRICKS_CLUSTER_ID"]})
        ks.wait_for_state("RUNNING")
        reply, outputs = self.run_cell("import helpers\n'after-restart', helpers.describe()")
        self.assertEqual("ok", reply["status"], outputs)
        self.assertEqual("('after-restart', 'version two, longer')",
                         ks.first(outputs, "execute_result")["data"]["text/plain"])


if __name__ == "__main__":
    unittest.main()
