"""The Jupyter kernel conformance suite (jupyter_kernel_test) for lakebook's databricks kernel.

Run by io.lakebook.kernel.JupyterClientsTest against the emulator, every sample the suite knows included.
clear_output() reaches the front end through lakebook's live output from the driver, since the Command Execution API
itself does not carry it."""
import unittest

import jupyter_kernel_test


class DatabricksKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "databricks"
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_execute_result = [
        {"code": "1+2+3", "result": "6"},
        {"code": "[n * n for n in range(4)]", "result": "[0, 1, 4, 9]"},
    ]
    code_generate_error = "raise ValueError('boom')"
    code_display_data = [{"code": "display([{'a': 1, 'b': 'x'}])", "mime": "text/html"}]

    code_stderr = "import sys; print('to stderr', file=sys.stderr)"
    completion_samples = [{"text": "pri", "matches": {"print"}}, {"text": "import sy"}]
    code_inspect_sample = "zip"
    code_page_something = "zip?"
    code_clear_output = "from IPython.display import clear_output; print('shown, then cleared'); clear_output()"
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n    return x\n"]
    incomplete_code_samples = ["for i in range(3):", "x = [1,", "s = '''abc"]
    invalid_code_samples = ["x = (1]", ")"]

    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
