#!/usr/bin/env python3
"""Build every version of every document in content/ into output/ (HTML and PDF).

Same as `csa build`; extra arguments are passed on (e.g. --version 4.0).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from csa.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["--root", str(Path(__file__).resolve().parent), "build", *sys.argv[1:]])
