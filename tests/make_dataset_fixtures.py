"""Cut the small dataset fixtures in tests/data/datasets/ from the full files in ../shared/datasets.

    python tests/make_dataset_fixtures.py [--shared ../shared/datasets]

Deterministic: the same full files give the same fixtures byte for byte (tests/test_fixtures.py checks
that when ../shared is there). Each fixture keeps its source's folder layout and file names, so the
loaders read it exactly as they read the real file (a dataset's name and split come from its path).
What is kept:
- the first lines of each file, plus lines that name an actor a test looks for, spread evenly over the
  rest of the file (so the cut spans the file's dates);
- for the ICEWS id layout, the same lines as the text layout and only the entity/relation ids they use;
- the ICEWS CAMEO codebook's name, code and goldstein columns (the loaders read no others).
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).parent
OUT = TESTS / "data" / "datasets"
SHARED = TESTS.parent.parent / "shared" / "datasets"


@dataclass(frozen=True)
class Cut:
    """`path` (relative to the datasets folder): its header lines, its first `head` lines, and `extra` of the
    later lines `keep` selects, evenly spread."""

    path: str
    head: int
    header: int = 0
    keep: Callable[[str], bool] | None = None
    extra: int = 0


def _names(*needles: str) -> Callable[[str], bool]:
    return lambda line: any(n in line for n in needles)


# The text and id layouts of a benchmark split are line-aligned: cut both to the same line numbers.
ALIGNED = {"icews18/valid.txt": "icews18/text/valid.txt"}

CUTS = [
    # `kg analyze centrality --country USA` over December 2014 needs the United States among the busiest.
    Cut("icews14/text/test.txt", head=100, keep=_names("United States", "Barack Obama", "John Kerry"), extra=300),
    Cut("icews18/text/valid.txt", head=400),
    Cut("icews-raw/events.2018.sample.tab", head=400, header=1, keep=_names("Donald Trump"), extra=5),
    Cut("gdelt/20150218230000.export.CSV", head=300),
]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def cut_lines(lines: list[bytes], cut: Cut) -> list[int]:
    """The 0-based line numbers a cut keeps, in file order."""
    chosen = list(range(min(len(lines), cut.header + cut.head)))
    if cut.keep is not None and cut.extra:
        later = [i for i in range(len(chosen), len(lines)) if cut.keep(lines[i].decode("utf-8", "replace"))]
        stride = max(1, -(-len(later) // cut.extra))  # ceil: at most `extra`, from first to last
        chosen += later[::stride][:cut.extra]
    return chosen


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _id_files(shared: Path, folder: str, lines: Iterable[bytes]) -> None:
    """entity2id.txt and relation2id.txt with only the ids these id-layout lines use (ids unchanged)."""
    entities: set[int] = set()
    relations: set[int] = set()
    for line in lines:
        s, r, o, _ = (int(f) for f in line.split(b"\t")[:4])
        entities |= {s, o}
        relations.add(r)
    for name, used in (("entity2id.txt", entities), ("relation2id.txt", relations)):
        kept = [line for line in _lines(shared / folder / name) if int(line.split(b"\t")[1]) in used]
        _write(OUT / folder / name, b"".join(kept))


def _codebook(shared: Path) -> None:
    # The loader reads it with errors="replace" (a few bytes are not UTF-8): so does this.
    with (shared / "cameo" / "icews_cameo_codes.csv").open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["name", "code", "goldstein"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: row[k] for k in ("name", "code", "goldstein")} for row in rows)
    _write(OUT / "cameo" / "icews_cameo_codes.csv", buffer.getvalue().encode("utf-8"))


def make(shared: Path) -> list[Path]:
    """Write every fixture; returns the files written."""
    for cut in CUTS:
        lines = _lines(shared / cut.path)
        chosen = cut_lines(lines, cut)
        _write(OUT / cut.path, b"".join(lines[i] for i in chosen))
        for ids_path, text_path in ALIGNED.items():
            if text_path == cut.path:
                id_lines = _lines(shared / ids_path)
                kept = [id_lines[i] for i in chosen]
                _write(OUT / ids_path, b"".join(kept))
                _id_files(shared, str(Path(ids_path).parent), kept)
    _codebook(shared)
    _write(OUT / "cameo" / "CAMEO.knowngroup.txt", (shared / "cameo" / "CAMEO.knowngroup.txt").read_bytes())
    return sorted(p for p in OUT.rglob("*") if p.is_file() and p.name != "README.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the full datasets (default: ../shared/datasets)")
    args = parser.parse_args()
    if not args.shared.is_dir():
        raise SystemExit(f"no full datasets at {args.shared}: give --shared FOLDER (the layout of ../shared/datasets)")
    for path in make(args.shared):
        print(f"{path.relative_to(TESTS.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
