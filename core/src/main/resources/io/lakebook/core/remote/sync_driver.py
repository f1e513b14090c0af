# Runs once in lakebook's own execution context (never the notebook's): defines the functions that keep a copy of a
# local project on the driver's disk. Each project has a folder of its own and, beside it, a manifest of the files
# lakebook wrote there (path -> size and the first 32 hex digits of their SHA-256), so that only changes travel.
# The manifest records the cluster's start, so the copy is made again after a restart, even on a driver whose disk
# survived it. Files the notebook writes into the folder are not in the manifest and are never deleted.
import base64 as _lakebook_b64
import hashlib as _lakebook_hashlib
import json as _lakebook_json
import os as _lakebook_os
import shutil as _lakebook_shutil
import tempfile as _lakebook_tempfile

_LAKEBOOK_SYNC_ROOT = _lakebook_os.path.join(_lakebook_tempfile.gettempdir(),
                                             "lakebook-sync-" + str(_lakebook_os.getuid()))
_lakebook_sync_projects = {}


def _lakebook_sync_open(name, generation):
    directory = _lakebook_os.path.join(_LAKEBOOK_SYNC_ROOT, name)
    manifest = directory + ".manifest.json"
    files = {}
    try:
        with open(manifest) as source:
            saved = _lakebook_json.load(source)
        if saved.get("generation") == generation:
            files = saved.get("files", {})
    except (OSError, ValueError):
        pass
    if not files:
        _lakebook_shutil.rmtree(directory, ignore_errors=True)
    _lakebook_os.makedirs(directory, mode=0o700, exist_ok=True)
    _lakebook_sync_projects[name] = {"dir": directory, "manifest": manifest, "generation": generation,
                                     "files": files}
    _lakebook_sync_save(name)
    print(_lakebook_json.dumps({"dir": directory, "count": len(files)}))


def _lakebook_sync_list(name, start, limit):
    files = sorted(_lakebook_sync_projects[name]["files"].items())[start:start + limit]
    print(_lakebook_json.dumps([[path, entry[0], entry[1]] for path, entry in files]))


def _lakebook_sync_put(name, parts):
    """parts: [path, offset, base64 data, size, hash]; the last part of a file checks its hash and puts it in place."""
    project = _lakebook_sync_projects[name]
    for path, offset, data, size, expected in parts:
        target = _lakebook_sync_target(project, path)
        partial = target + ".lakebook-part"
        _lakebook_os.makedirs(_lakebook_os.path.dirname(target), exist_ok=True)
        with open(partial, "wb" if offset == 0 else "ab") as sink:
            sink.write(_lakebook_b64.b64decode(data))
        if _lakebook_os.path.getsize(partial) < size:
            continue
        digest = _lakebook_hashlib.sha256()
        with open(partial, "rb") as written:
            for block in iter(lambda: written.read(1 << 16), b""):
                digest.update(block)
        if digest.hexdigest()[:32] != expected:
            _lakebook_os.remove(partial)
            raise ValueError("the copy of " + path + " arrived damaged; run the cell again")
        if _lakebook_os.path.isdir(target):
            _lakebook_shutil.rmtree(target)
        _lakebook_os.replace(partial, target)
        _lakebook_sync_forget_bytecode(target)
        project["files"][path] = [size, expected]
    _lakebook_sync_save(name)
    print(_lakebook_json.dumps({"files": len(project["files"])}))


def _lakebook_sync_delete(name, paths):
    project = _lakebook_sync_projects[name]
    for path in paths:
        target = _lakebook_sync_target(project, path)
        try:
            _lakebook_os.remove(target)
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            _lakebook_shutil.rmtree(target, ignore_errors=True)
        _lakebook_sync_forget_bytecode(target)
        project["files"].pop(path, None)
        parent = _lakebook_os.path.dirname(target)
        while parent != project["dir"] and parent.startswith(project["dir"]):
            try:
                _lakebook_os.rmdir(parent)
            except OSError:
                break
            parent = _lakebook_os.path.dirname(parent)
    _lakebook_sync_save(name)
    print(_lakebook_json.dumps({"files": len(project["files"])}))


def _lakebook_sync_target(project, path):
    target = _lakebook_os.path.normpath(_lakebook_os.path.join(project["dir"], path))
    if _lakebook_os.path.isabs(path) or not target.startswith(project["dir"] + _lakebook_os.sep):
        raise ValueError("refusing a path outside the project: " + path)
    return target


def _lakebook_sync_forget_bytecode(target):
    # Python trusts a cached .pyc whose recorded size and whole-second mtime match the source; an edit of the same
    # size within the second would otherwise import the old code.
    if not target.endswith(".py"):
        return
    cache = _lakebook_os.path.join(_lakebook_os.path.dirname(target), "__pycache__")
    stem = _lakebook_os.path.basename(target)[:-3] + "."
    try:
        for entry in _lakebook_os.listdir(cache):
            if entry.startswith(stem) and entry.endswith(".pyc"):
                _lakebook_os.remove(_lakebook_os.path.join(cache, entry))
    except OSError:
        pass


def _lakebook_sync_save(name):
    project = _lakebook_sync_projects[name]
    temporary = project["manifest"] + ".tmp"
    with open(temporary, "w") as sink:
        _lakebook_json.dump({"generation": project["generation"], "files": project["files"]}, sink)
    _lakebook_os.replace(temporary, project["manifest"])
