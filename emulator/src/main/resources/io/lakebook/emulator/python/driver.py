"""The Python side of one emulated execution context.

The lakebook emulator starts one of these per context (Command Execution API 1.2). It keeps the context's globals
between commands and answers each command the way a Databricks cluster's Python REPL does: printed text plus
"Out[n]: <repr>" for a last expression, an HTML summary and an ANSI traceback for an exception, a table or an image
for display().

Protocol: one JSON object per line. The emulator writes {"type": "execute", "id", "code"} on this process's
standard input; the driver answers {"type": "ready"} once, then {"type": "done", "id", "status", "results"} per
command. Both directions use private copies of file descriptors 0 and 1, made before any user code runs; fds 1 and
2 are then pointed at the driver log, so nothing user code prints, even from C, can break a protocol line.
A cancel arrives as SIGINT and interrupts the running command only.

spark.sql(query) sends {"type": "sql", "id", "query", "args"} on the same pipe and reads lines until the matching
{"type": "sql_result", "id", "columns", "rows"} or {..., "error"} arrives; the engine lives in the emulator, and this
pipe is the only way to it.

Runs on a plain Python 3.8+ with the standard library; pandas and matplotlib are used only when user code has
already imported them.
"""

import ast
import base64
import datetime
import decimal
import html
import io
import json
import linecache
import math
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
import types
import uuid

TABLE_ROW_LIMIT = 1000
INLINE_IMAGE_LIMIT = 64 * 1024
DRIVER_FILE = os.path.abspath(__file__)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

RED = "\x1b[0;31m"
GREEN = "\x1b[0;32m"
CYAN = "\x1b[0;36m"
BLUE = "\x1b[0;34m"
RESET = "\x1b[0m"


class Protocol:
    """The two private pipes to the emulator."""

    def __init__(self):
        self.reader = os.fdopen(os.dup(0), "rb")
        self.writer = os.fdopen(os.dup(1), "wb")
        self.lock = threading.Lock()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # input() in user code sees end of file instead of protocol lines
        os.close(devnull)
        os.dup2(2, 1)  # C-level and subprocess output goes to the driver log, as on a cluster

    def send(self, message):
        line = json.dumps(message, ensure_ascii=True, allow_nan=False).encode("ascii") + b"\n"
        with self.lock:
            self.writer.write(line)
            self.writer.flush()

    def receive(self):
        line = self.reader.readline()
        return json.loads(line) if line else None


class OutStream(io.TextIOBase):
    """sys.stdout or sys.stderr of a context: one object for the context's life, as IPython's OutStream on a cluster,
    whose text goes to the running command's capture (both streams interleaved in the order written)."""

    def __init__(self, name, context):
        super().__init__()
        self.name = name
        self.context = context

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        self.context.parts.append(text)
        return len(text)

    def flush(self):
        pass


class Context:
    def __init__(self, protocol=None):
        self.namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        self.namespace["display"] = self.display
        self.namespace["spark"] = SparkSession(protocol)
        self.counter = 0
        self.executing = False
        self.display_result = None
        self.parts = []
        sys.stdout = OutStream("stdout", self)
        sys.stderr = OutStream("stderr", self)

    # ----- commands -----

    def execute(self, code):
        self.counter += 1
        self.display_result = None
        self.parts = []
        filename = "<command-%d>" % random.randrange(10 ** 15, 10 ** 16)  # the name a cluster gives a cell
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            self.executing = True
            value = self.run(code, filename)
            self.executing = False
        except KeyboardInterrupt:
            return "cancelled", None
        except BaseException as error:  # a user's SystemExit is an error result too, as in a notebook
            self.executing = False
            return "finished", error_result(error)
        finally:
            # A cancel that lands here escapes as KeyboardInterrupt; the main loop answers "cancelled" for it.
            self.executing = False
        return "finished", self.result("".join(self.parts), value, code)

    def run(self, code, filename):
        tree = ast.parse(line_magics(code), filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), self.namespace)
        if last is None:
            return None
        return eval(compile(last, filename, "eval"), self.namespace)

    def result(self, printed, value, code):
        if self.display_result is not None:
            return self.display_result
        text = printed
        # IPython shows a last expression's value unless it is None or the line ends with a semicolon.
        if value is not None and not code.rstrip().endswith(";"):
            self.namespace["_"] = value
            if text and not text.endswith("\n"):
                text += "\n"
            text += "Out[%d]: %s" % (self.counter, safe_repr(value))
        return {"resultType": "text", "data": text}

    # ----- display() -----

    def display(self, *values):
        """Shows a table (list of dicts, pandas DataFrame) or an image (PNG bytes, matplotlib figure)."""
        for value in values:
            shown = rendering(value)
            if shown is None:
                print(safe_repr(value))
            else:
                self.display_result = shown


# ----- line magics, as IPython on a cluster reads them -----

MAGIC_LINE = re.compile(r"^([ \t]*)%(%?)(\w+)[ \t]*(.*)$", re.MULTILINE)


class UsageError(Exception):
    """IPython's error for a magic it does not know."""


def line_magics(code):
    """Turns "%pip ..." into a call, and any other magic into the UsageError IPython gives for it."""
    def replace(match):
        indent, cell, name, rest = match.groups()
        if name == "pip" and not cell:
            return "%s__import__('lakebook_emulator_magics').pip(%r)" % (indent, rest)
        kind = "Cell magic" if cell else "Line magic function"
        return "%s__import__('lakebook_emulator_magics').unknown(%r)" % (indent, "%s `%%%s%s` not found." % (
            kind, "%" if cell else "", name))
    return MAGIC_LINE.sub(replace, code)


def pip_magic(arguments):
    """%pip runs pip in the context's own Python, printing what pip prints as it prints it."""
    process = subprocess.Popen([sys.executable, "-m", "pip", "--disable-pip-version-check"] + shlex.split(arguments),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    for line in process.stdout:
        sys.stdout.write(line)
    process.wait()


def unknown_magic(message):
    raise UsageError(message)


def magics_module():
    module = types.ModuleType("lakebook_emulator_magics")
    module.pip = pip_magic
    module.unknown = unknown_magic
    UsageError.__module__ = "builtins"
    return module


def rendering(value):
    if isinstance(value, (bytes, bytearray)):
        if bytes(value[:8]) != PNG_SIGNATURE:
            raise TypeError("display() shows bytes only when they are a PNG image")
        return image_result(bytes(value))
    if isinstance(value, DataFrame):
        return value._table()
    if is_dataframe(value):
        return dataframe_table(value)
    if is_figure(value):
        buffer = io.BytesIO()
        value.savefig(buffer, format="png", bbox_inches="tight")
        return image_result(buffer.getvalue())
    if isinstance(value, list) and (not value or isinstance(value[0], dict)):
        return records_table(value)
    return None


def image_result(png):
    """A small image travels inline as a data URL; a large one is saved to /FileStore/plots and named by its path,
    as a cluster does (reference §2.6), for the client to fetch through DBFS."""
    if len(png) <= INLINE_IMAGE_LIMIT:
        return {"resultType": "image", "fileName": "data:image/png;base64," + base64.b64encode(png).decode("ascii")}
    name = "%s.png" % uuid.uuid4()
    plots = os.path.join(os.environ.get("LAKEBOOK_EMULATOR_DBFS", "dbfs"), "FileStore", "plots")
    os.makedirs(plots, exist_ok=True)
    with open(os.path.join(plots, name), "wb") as target:
        target.write(png)
    return {"resultType": "image", "fileName": "/plots/" + name}


def is_dataframe(value):
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def is_figure(value):
    figure = sys.modules.get("matplotlib.figure")
    return figure is not None and isinstance(value, figure.Figure)


def records_table(rows):
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise TypeError("display() takes a list of dicts; item %d is a %s" % (index, type(row).__name__))
    names = []
    for row in rows:
        for key in row:
            if str(key) not in names:
                names.append(str(key))
    kept = rows[:TABLE_ROW_LIMIT]
    columns = [[find_key(row, name) for row in kept] for name in names]
    return table(names, columns, [column_type(values) for values in columns], len(rows) > TABLE_ROW_LIMIT)


def find_key(row, name):
    if name in row:
        return row[name]
    for key, value in row.items():
        if str(key) == name:
            return value
    return None


def dataframe_table(frame):
    names = [str(name) for name in frame.columns]
    kept = frame.head(TABLE_ROW_LIMIT)
    columns, types = [], []
    for position in range(len(names)):
        series = kept.iloc[:, position]
        values = [plain(item) for item in series.tolist()]
        columns.append(values)
        types.append(DTYPE_KINDS.get(series.dtype.kind) or column_type(values))
    return table(names, columns, types, len(frame) > TABLE_ROW_LIMIT)


# numpy dtype kinds (signed, unsigned, float, bool, datetime) and the Spark type a cluster would show
DTYPE_KINDS = {"i": "long", "u": "long", "f": "double", "b": "boolean", "M": "timestamp"}


def plain(item):
    """A pandas/numpy cell as a JSON value: NaN and NaT become null, timestamps ISO strings."""
    if item is None or (isinstance(item, float) and math.isnan(item)) or str(item) == "NaT":
        return None
    if hasattr(item, "isoformat"):
        return item.isoformat()
    if hasattr(item, "item") and not isinstance(item, (str, bytes)):
        return plain(item.item())
    return item


def table(names, columns, types, truncated):
    converted = [convert(values, kind) for values, kind in zip(columns, types)]
    rows = [list(row) for row in zip(*converted)] if converted else []
    schema = [{"name": name, "type": json.dumps(kind), "metadata": "{}"} for name, kind in zip(names, types)]
    return {"resultType": "table", "data": rows, "schema": schema, "isJsonSchema": True, "truncated": truncated}


def column_type(values):
    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return "boolean"
    if present and all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return "long"
    if present and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in present):
        return "double"
    return "string"


def convert(values, kind):
    if kind == "double":
        return [None if value is None or math.isnan(value) or math.isinf(value) else float(value)
                for value in values]
    if kind in ("string", "timestamp"):
        return [None if value is None else value if isinstance(value, str) else str(value) for value in values]
    return values


def safe_repr(value):
    try:
        return repr(value)
    except Exception as error:
        return "<repr failed: %s: %s>" % (type(error).__name__, error)


# ----- spark: SQL on the emulator's engine -----

class CapturedException(Exception):
    """The shape of pyspark's SQL errors: the message carries [ERROR_CLASS] ... SQLSTATE: xxxxx."""

    def __init__(self, message, error_class=None, sql_state=None):
        super().__init__(message)
        self._error_class = error_class
        self._sql_state = sql_state

    def getErrorClass(self):
        return self._error_class

    def getSqlState(self):
        return self._sql_state


class AnalysisException(CapturedException):
    pass


class ParseException(AnalysisException):
    pass


class SparkRuntimeException(CapturedException):
    pass


for _error in (CapturedException, AnalysisException, ParseException, SparkRuntimeException):
    _error.__module__ = "pyspark.errors.exceptions.captured"

SQL_ERRORS = {"AnalysisException": AnalysisException, "ParseException": ParseException,
              "SparkRuntimeException": SparkRuntimeException}


class Row(tuple):
    """A result row: a tuple whose values can also be read by column name, as row.name or row["name"]."""

    def __new__(cls, names, values):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getattr__(self, name):
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def asDict(self):
        return dict(zip(self._names, self))

    def __repr__(self):
        return "Row(%s)" % ", ".join("%s=%r" % pair for pair in zip(self._names, self))


class SparkSession:
    """What a notebook's spark offers here: SQL on the workspace's catalogs, nothing distributed."""

    def __init__(self, protocol):
        self._protocol = protocol

    def sql(self, sqlQuery, args=None, **kwargs):
        if not isinstance(sqlQuery, str):
            raise TypeError("spark.sql() takes the query as a str, not %s" % type(sqlQuery).__name__)
        merged = dict(args or {})
        merged.update(kwargs)
        answer = self._ask(sqlQuery, [sql_argument(name, value) for name, value in merged.items()])
        error = answer.get("error")
        if error is not None:
            if error.get("exception") == "cancelled":
                raise KeyboardInterrupt
            kind = SQL_ERRORS.get(error.get("exception"), CapturedException)
            raise kind(error.get("message"), error.get("error_class"), error.get("sql_state")) from None
        return DataFrame(answer["columns"], answer["rows"])

    def table(self, tableName):
        return self.sql("SELECT * FROM " + tableName)

    def _ask(self, query, args):
        if self._protocol is None:
            raise RuntimeError("spark is not connected to the emulator's SQL engine")
        request_id = "sql-%d" % random.randrange(10 ** 15, 10 ** 16)
        self._protocol.send({"type": "sql", "id": request_id, "query": query, "args": args})
        while True:
            message = self._protocol.receive()
            if message is None:
                raise RuntimeError("the emulator closed the connection while a query ran")
            # An answer to a query whose command was cancelled earlier may still arrive; it is dropped here.
            if message.get("type") == "sql_result" and message.get("id") == request_id:
                return message


def sql_argument(name, value):
    if value is None:
        return {"name": name, "value": None}
    if isinstance(value, bool):
        return {"name": name, "value": "true" if value else "false", "type": "BOOLEAN"}
    if isinstance(value, int):
        return {"name": name, "value": str(value), "type": "BIGINT"}
    if isinstance(value, float):
        return {"name": name, "value": repr(value), "type": "DOUBLE"}
    if isinstance(value, decimal.Decimal):
        return {"name": name, "value": str(value), "type": "DECIMAL(38,%d)" % max(0, -value.as_tuple().exponent)}
    if isinstance(value, datetime.datetime):
        return {"name": name, "value": value.isoformat(sep=" "), "type": "TIMESTAMP"}
    if isinstance(value, datetime.date):
        return {"name": name, "value": value.isoformat(), "type": "DATE"}
    return {"name": name, "value": str(value), "type": "STRING"}


class DataFrame:
    """A query's result, held whole: collect, count, toPandas, show and display() read it."""

    def __init__(self, columns, rows):
        self._columns = columns
        self._rows = [[python_value(value, column) for value, column in zip(row, columns)] for row in rows]

    @property
    def columns(self):
        return [column["name"] for column in self._columns]

    @property
    def dtypes(self):
        return [(column["name"], column["text"]) for column in self._columns]

    def collect(self):
        names = self.columns
        return [Row(names, row) for row in self._rows]

    def count(self):
        return len(self._rows)

    def first(self):
        rows = self.collect()
        return rows[0] if rows else None

    def head(self, n=None):
        return self.first() if n is None else self.collect()[:n]

    def take(self, n):
        return self.collect()[:n]

    def limit(self, n):
        return DataFrame(self._columns, []) if n <= 0 else self._sliced(n)

    def toPandas(self):
        import pandas
        return pandas.DataFrame([list(row) for row in self._rows], columns=self.columns)

    def show(self, n=20, truncate=True, vertical=False):
        width = 20 if truncate is True else int(truncate) if truncate else 0
        print(show_text(self.columns, self._rows[:n], width, len(self._rows) > n, n), end="")

    def _sliced(self, n):
        frame = DataFrame(self._columns, [])
        frame._rows = self._rows[:n]
        return frame

    def _table(self):
        kept = self._rows[:TABLE_ROW_LIMIT]
        names = self.columns
        types = [column["type"] for column in self._columns]
        rows = [[table_value(value) for value in row] for row in kept]
        schema = [{"name": name, "type": json.dumps(kind), "metadata": "{}"} for name, kind in zip(names, types)]
        return {"resultType": "table", "data": rows, "schema": schema, "isJsonSchema": True,
                "truncated": len(self._rows) > TABLE_ROW_LIMIT}

    def __repr__(self):
        return "DataFrame[%s]" % ", ".join("%s: %s" % pair for pair in self.dtypes)


def python_value(value, column):
    """A JSON value from the engine as the Python type pyspark would return."""
    if value is None:
        return None
    kind = column["kind"]
    if kind == "DECIMAL":
        return decimal.Decimal(value)
    if kind == "TIMESTAMP":
        return datetime.datetime.fromisoformat(value.replace("Z", "").replace("T", " "))
    if kind == "DATE":
        return datetime.date.fromisoformat(value)
    if kind in ("DOUBLE", "FLOAT") and isinstance(value, str):
        return float(value)
    return value


def table_value(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def show_cell(value, width):
    if value is None:
        text = "NULL"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, datetime.datetime):
        text = value.isoformat(sep=" ")
    else:
        text = str(value)
    if width and len(text) > width:
        text = text[:width - 3] + "..." if width >= 4 else text[:width]
    return text


def show_text(names, rows, width, more, n):
    """Spark's DataFrame.show() layout: a boxed table, cells right-aligned, long values cut at 20 characters."""
    cells = [[show_cell(name, width) for name in names]] + [[show_cell(v, width) for v in row] for row in rows]
    sizes = [max(3, *(len(line[i]) for line in cells)) for i in range(len(names))]
    border = "+" + "+".join("-" * size for size in sizes) + "+\n"

    def line(values):
        return "|" + "|".join(value.rjust(size) for value, size in zip(values, sizes)) + "|\n"

    text = border + line(cells[0]) + border + "".join(line(row) for row in cells[1:]) + border
    if more:
        text += "only showing top %d row%s\n" % (n, "" if n == 1 else "s")
    return text + "\n"


# ----- errors, as the IPython REPL of a cluster formats them -----

def error_result(error):
    name = type(error).__name__
    message = str(error) if not isinstance(error, SyntaxError) else syntax_message(error)
    summary = "<span class='ansi-red-fg'>%s</span>: %s" % (html.escape(name), html.escape(message, quote=False))
    return {"resultType": "error", "summary": summary, "cause": traceback_text(error, name, message)}


def syntax_message(error):
    where = " (%s, line %s)" % (error.filename.strip("<>"), error.lineno) if error.lineno else ""
    return "%s%s" % (error.msg, where)


def traceback_text(error, name, message):
    if isinstance(error, SyntaxError):
        return syntax_traceback(error, name)
    lines = [RED + "-" * 75 + RESET,
             "%s%s%s%sTraceback (most recent call last)" % (RED, name, RESET, " " * max(1, 42 - len(name)))]
    for frame in user_frames(error.__traceback__):
        lines.append(frame_text(frame))
    lines.append("%s%s%s: %s" % (RED, name, RESET, message))
    return "\n".join(lines)


def user_frames(tb):
    """The frames from the first cell line on, without the driver's own (spark.sql raising, for one)."""
    frames = traceback.extract_tb(tb)
    for index, frame in enumerate(frames):
        if frame.filename.startswith("<command-"):
            return [kept for kept in frames[index:] if kept.filename != DRIVER_FILE]
    return frames


def frame_text(frame):
    if frame.name == "<module>":
        header = "File %s%s:%d%s" % (GREEN, frame.filename, frame.lineno, RESET)
    else:
        header = "File %s%s:%d%s, in %s%s%s" % (GREEN, frame.filename, frame.lineno, RESET, CYAN, frame.name, RESET)
    body = []
    first = max(1, frame.lineno - 2)
    for number in range(first, frame.lineno + 3):
        source = linecache.getline(frame.filename, number)
        if not source:
            break
        if number == frame.lineno:
            body.append("%s----> %d%s %s" % (GREEN, number, RESET, source.rstrip()))
        else:
            body.append("%s      %d%s %s" % (GREEN, number, RESET, source.rstrip()))
    return "\n".join([header] + body + [""])


def syntax_traceback(error, name):
    lines = ["  File %s%s:%s%s" % (CYAN, error.filename, error.lineno, RESET)]
    if error.text:
        lines.append("    " + error.text.rstrip())
        if error.offset:
            lines.append("    " + " " * (error.offset - 1) + "%s^%s" % (RED, RESET))
    lines.append("%s%s%s: %s" % (RED, name, RESET, error.msg))
    return "\n".join(lines)


# ----- process life -----

def on_sigint(context):
    def handler(signum, frame):
        # A cancel that arrives between commands is dropped; during a command it interrupts the user's code.
        if context.executing:
            raise KeyboardInterrupt
    return handler


def watch_parent(parent):
    """Ends this process when the emulator's JVM is gone, even while a command still runs."""
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def main():
    parent = os.getppid()
    protocol = Protocol()
    sys.modules["lakebook_emulator_magics"] = magics_module()
    context = Context(protocol)
    signal.signal(signal.SIGINT, on_sigint(context))
    threading.Thread(target=watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    protocol.send({"type": "ready", "pid": os.getpid(), "python": sys.version.split()[0]})
    while True:
        try:
            message = protocol.receive()
            if message is None:
                return
        except KeyboardInterrupt:
            continue  # a cancel that came after its command had answered
        if message.get("type") == "execute":
            answer(protocol, context, message)


def answer(protocol, context, message):
    """Runs one command and always sends exactly one "done" for it, whatever happens on the way."""
    try:
        status, results = context.execute(message["code"])
    except KeyboardInterrupt:
        status, results = "cancelled", None
    reply = {"type": "done", "id": message["id"], "status": status, "results": results}
    try:
        protocol.send(reply)
    except (TypeError, ValueError) as error:
        reply["results"] = error_result(ValueError("the result could not be sent to the notebook: %s" % error))
        protocol.send(reply)


if __name__ == "__main__":
    main()
