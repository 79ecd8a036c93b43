"""Run the benchmarks: every `bench/*_bench.py` module with a `main()`, or the ones named.

python -m bench            # all of them
python -m bench parser     # bench/parser_bench.py only
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

_SUFFIX = "_bench"


def _names() -> list[str]:
    """Benchmark names (module names without `_bench`), found without importing them, so
    that running one benchmark never depends on the others importing cleanly."""
    modules = pkgutil.iter_modules([str(Path(__file__).parent)])
    return sorted(m.name.removesuffix(_SUFFIX) for m in modules if m.name.endswith(_SUFFIX))


def _run(name: str) -> None:
    module = importlib.import_module(f"bench.{name}{_SUFFIX}")
    run = getattr(module, "main", None)
    if callable(run):
        run()


def main(argv: list[str]) -> int:
    names = _names()
    unknown = [name for name in argv if name not in names]
    if unknown:
        known = ", ".join(names)
        print(f"python -m bench: no benchmark {unknown[0]!r} (there are: {known})", file=sys.stderr)
        return 2
    for name in argv or names:
        _run(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
