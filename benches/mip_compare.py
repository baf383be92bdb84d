#!/usr/bin/env python3
"""Solves the optimizer benchmark's 10k instance with HiGHS (a general MIP solver, mip gap 0),
for the side-by-side figure in BENCHMARKS.md.

usage: SCOUT_DUMP_INSTANCE=/tmp/inst.csv cargo bench --bench optimize -- 10000/
       pip install highspy && python3 benches/mip_compare.py /tmp/inst.csv BUDGET_DOLLARS [MAX_CREATORS]
"""
import sys
import time

import highspy
import numpy as np


def main() -> int:
    rows = [line.split(",") for line in open(sys.argv[1]).read().split()[1:]]
    cost = np.array([float(r[0]) for r in rows])
    value = np.array([float(r[1]) for r in rows])
    budget = float(sys.argv[2]) * 100
    max_creators = int(sys.argv[3]) if len(sys.argv) > 3 else None
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", 120.0)
    n = len(cost)
    x = [h.addBinary(obj=-v) for v in value]
    h.addConstr(sum(c * xi for c, xi in zip(cost, x)) <= budget)
    if max_creators is not None:
        h.addConstr(sum(x) <= max_creators)
    start = time.perf_counter()
    h.run()
    took = time.perf_counter() - start
    info = h.getInfo()
    print(f"HiGHS: {n} candidates, budget ${budget / 100:,.0f}: objective {-info.objective_function_value:.0f}, "
          f"status {h.modelStatusToString(h.getModelStatus())}, {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
