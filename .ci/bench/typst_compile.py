#!/usr/bin/env python3
"""Typst side of pdf-compare.sh (the PyPI `typst` package ships no CLI binary).

  typst_compile.py once ROOT OUT.pdf          one compile in a fresh process ("CLI" case)
  typst_compile.py warm ROOT OUT.pdf N        N compiles with one Compiler kept warm;
                                              prints the median and minimum ms as JSON

ROOT holds form.typ and app.json; fonts come from the app's bundled DejaVu
(src-tauri/core/assets) only, as the app's renderer uses; output is PDF/A-3b with the
JSON attached.
"""
import json
import os
import statistics
import sys
import time

import typst

FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../src-tauri/core/assets")


def main():
    mode, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
    main_file = os.path.join(root, "form.typ")
    if mode == "once":
        typst.compile(main_file, output=out, root=root, font_paths=[FONTS],
                      ignore_system_fonts=True, pdf_standards="a-3b")
        return
    runs = int(sys.argv[4])
    compiler = typst.Compiler(main_file, root=root, font_paths=[FONTS], ignore_system_fonts=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compiler.compile(output=out, pdf_standards="a-3b")
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"runs": runs, "median_ms": round(statistics.median(times), 2),
                      "min_ms": round(min(times), 2), "first_ms": round(times[0], 2)}))


if __name__ == "__main__":
    main()
