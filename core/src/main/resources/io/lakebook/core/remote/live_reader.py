# Runs once in lakebook's own execution context (never the notebook's): defines the function that reads what the
# notebook's context has written to its output file since an offset. Only whole records are returned, so a record
# being written while it is read waits for the next read.
import json as _json
import os as _os
import struct as _struct
import tempfile as _tempfile

_LAKEBOOK_DIR = _os.path.join(_tempfile.gettempdir(), "lakebook-live")


def _lakebook_read(token, offset, limit=1 << 20):
    chunks = []
    try:
        with open(_os.path.join(_LAKEBOOK_DIR, token + ".out"), "rb") as source:
            source.seek(offset)
            data = source.read(limit)
            if len(data) >= 5:
                # A record larger than the limit (one print of a long string) is read whole, or no read would
                # ever get past it.
                first = 5 + _struct.unpack(">BI", data[:5])[1]
                if first > len(data):
                    data += source.read(first - len(data))
    except FileNotFoundError:
        data = b""
    position = 0
    while position + 5 <= len(data):
        code, length = _struct.unpack(">BI", data[position:position + 5])
        if position + 5 + length > len(data):
            break
        name = "stderr" if code == 2 else "stdout"
        if not chunks or chunks[-1][0] != name:
            chunks.append([name, []])
        chunks[-1][1].append(data[position + 5:position + 5 + length])
        position += 5 + length
    # Joined once per stream change: adding to a growing string piece by piece costs time squared.
    chunks = [[name, b"".join(parts).decode("utf-8", "replace")] for name, parts in chunks]
    print(_json.dumps({"chunks": chunks, "next": offset + position, "more": len(data) >= limit and position > 0,
                       "alive": _lakebook_alive(token)}))


def _lakebook_alive(token):
    try:
        with open(_os.path.join(_LAKEBOOK_DIR, token + ".pid")) as pid_file:
            _os.kill(int(pid_file.read()), 0)
        return True
    except PermissionError:
        return True  # it exists, under another user
    except (OSError, ValueError):
        return False


def _lakebook_forget(token):
    for suffix in (".out", ".pid"):
        try:
            _os.remove(_os.path.join(_LAKEBOOK_DIR, token + suffix))
        except OSError:
            pass


def _lakebook_skip(token):
    try:
        size = _os.path.getsize(_os.path.join(_LAKEBOOK_DIR, token + ".out"))
    except OSError:
        size = 0
    print(_json.dumps({"next": size}))
