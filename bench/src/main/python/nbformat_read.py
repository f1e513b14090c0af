"""Times Python's nbformat reading a notebook, the peer of lakebook's notebook_read: nbformat.read parses the file and
validates it, in a warm interpreter. Prints {"ms": [...]} for the runs after the warm-up.

    nbformat_read.py NOTEBOOK --warmup W --runs N
"""
import argparse
import json
import time

import nbformat


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    times = []
    for run in range(args.warmup + args.runs):
        started = time.perf_counter()
        notebook = nbformat.read(args.notebook, as_version=4)
        took = (time.perf_counter() - started) * 1000
        if not notebook.cells:
            raise SystemExit("%s has no cells" % args.notebook)
        if run >= args.warmup:
            times.append(took)
    print(json.dumps({"ms": times}))


if __name__ == "__main__":
    main()
