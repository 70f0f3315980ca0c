#!/usr/bin/env python3
"""One row of benchmark.py's scaling section, run in a fresh process.

    python bench/scaling_child.py ours|alone PAGE.html BASE_DIR ROOT...

Lays out and writes the PDF of one HTML file, either through our PDF step
(render/pdf.py: layout, then write) or through WeasyPrint alone, and prints one
JSON line: pages, and wall and CPU seconds of each stage. It imports only what
the PDF step needs, so the process's peak memory is the document's own.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import weasyprint  # noqa: E402

from csa.render.pdf import PDF_VARIANT, layout, write  # noqa: E402

DAY = dt.date(2020, 4, 1)  # any fixed date: the output is not compared here


def main() -> None:
    mode, page, base, *roots = sys.argv[1:]
    html = Path(page).read_text(encoding="utf-8")
    base_dir = Path(base)
    if mode == "ours":
        document, laid = _stage(lambda: layout(html, base_dir, [Path(r) for r in roots], "synthetic"))
        _, written = _stage(lambda: write(document, html, DAY))
    else:
        url = base_dir.resolve().as_uri() + "/"
        document, laid = _stage(lambda: weasyprint.HTML(string=html, base_url=url).render(pdf_variant=PDF_VARIANT))
        _, written = _stage(lambda: document.write_pdf(pdf_variant=PDF_VARIANT))
    print(json.dumps({"pages": len(document.pages), "layout": laid, "write": written}))


def _stage(action: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """The action's result, and its wall and CPU seconds (CPU time is steadier on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


if __name__ == "__main__":
    main()
