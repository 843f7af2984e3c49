"""Streaming memory: `lodemap extract` over a generated corpus, peak RSS of the process.

Writes N megabytes of documents (the bundled samples and, when shared/ is beside
the repository, the evaluation articles, each copy made distinct) to a temporary
folder, runs `lodemap extract` on it as a child process, and prints the wall time,
words per second and the child's peak resident memory. Usage:
`python bench/extract_memory.py [MEGABYTES]` (default 20).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lodemap.pack import load_pack

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    sources = [p.read_text(encoding="utf-8") for p in load_pack().documents()]
    eval_dir = REPO.parent / "shared" / "eval" / "dev" / "articles"
    if eval_dir.is_dir():
        sources += [p.read_text(encoding="utf-8") for p in sorted(eval_dir.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        total = words = 0
        i = 0
        while total < megabytes * 1_000_000:
            text = f"{sources[i % len(sources)]}\nCopy {i}.\n"
            (Path(tmp) / f"{i:07d}.txt").write_text(text, encoding="utf-8")
            total += len(text.encode())
            words += len(text.split())
            i += 1
        lodemap = Path(sys.executable).with_name("lodemap")
        start = time.perf_counter()
        with open("/dev/null", "w") as sink:
            subprocess.run([str(lodemap), "extract", tmp], stdout=sink, check=True)
        wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"corpus: {i:,} documents, {total / 1e6:.1f} MB, {words:,} words")
    print(f"lodemap extract: {wall:.1f} s, {words / wall:,.0f} words/s, "
          f"peak RSS {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
