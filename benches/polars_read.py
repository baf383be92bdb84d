#!/usr/bin/env python3
"""polars' CSV reader on the same file, for the side-by-side in BENCHMARKS.md.

    python3 benches/polars_read.py big.csv [RUNS]

Prints the median in-process time of pl.read_csv over RUNS (default 5) after one warm-up,
and the rows read. Whole-process time and peak memory: run it under hyperfine and
/usr/bin/time -f %M (see BENCHMARKS.md).
"""
import statistics, sys, time

import polars as pl

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
pl.read_csv(path)
times = []
for _ in range(runs):
    t = time.perf_counter()
    df = pl.read_csv(path)
    times.append(time.perf_counter() - t)
print(f"polars {pl.__version__}: {df.height} rows, median {statistics.median(times):.3f} s "
      f"(min {min(times):.3f}, max {max(times):.3f}) over {runs} runs, "
      f"threads {pl.thread_pool_size()}")
