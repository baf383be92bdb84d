#!/usr/bin/env python3
"""Solves the optimizer benchmark's instance with HiGHS (a general MIP solver, mip gap 0),
for the side-by-side figure in BENCHMARKS.md.

usage: SCOUT_DUMP_INSTANCE=/tmp/inst.csv cargo bench --bench optimize -- 10000/
       pip install highspy && python3 crates/solver/benches/mip_compare.py /tmp/inst.csv BUDGET_DOLLARS \
           [--max N] [--mins] [--lp]
--mins adds the benchmark's minimums (tier 1 >= 5, tier 2 >= 2, niche 1 >= 5, niche 4 >= 3);
--lp solves the LP relaxation only (the best bound any Lagrangian multipliers can give).
"""
import argparse
import time

import highspy


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("instance")
    ap.add_argument("budget", type=float)
    ap.add_argument("--max", type=int, default=None)
    ap.add_argument("--mins", action="store_true")
    ap.add_argument("--lp", action="store_true")
    ap.add_argument("--time-limit", type=float, default=120.0)
    args = ap.parse_args()
    rows = [line.split(",") for line in open(args.instance).read().split("\n")[1:] if line]
    cost = [float(r[0]) for r in rows]
    value = [float(r[1]) for r in rows]
    tier = [int(r[2]) if len(r) > 2 else 0 for r in rows]
    niches = [{int(x) for x in r[3].split(";") if x} if len(r) > 3 else set() for r in rows]
    budget = args.budget * 100
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", args.time_limit)
    n = len(cost)
    if args.lp:
        x = [h.addVariable(lb=0.0, ub=1.0, obj=-v) for v in value]
    else:
        x = [h.addBinary(obj=-v) for v in value]
    h.addConstr(sum(c * xi for c, xi in zip(cost, x)) <= budget)
    if args.max is not None:
        h.addConstr(sum(x) <= args.max)
    if args.mins:
        for t, k in [(1, 5), (2, 2)]:
            h.addConstr(sum(xi for xi, ti in zip(x, tier) if ti == t) >= k)
        for g, k in [(1, 5), (4, 3)]:
            h.addConstr(sum(xi for xi, ns in zip(x, niches) if g in ns) >= k)
    start = time.perf_counter()
    h.run()
    took = time.perf_counter() - start
    info = h.getInfo()
    kind = "LP relaxation" if args.lp else "MIP"
    print(f"HiGHS {kind}: {n} candidates, budget ${budget / 100:,.0f}"
          f"{', mins' if args.mins else ''}{f', max {args.max}' if args.max else ''}: "
          f"objective {-info.objective_function_value:.2f}, "
          f"status {h.modelStatusToString(h.getModelStatus())}, {took:.2f} s")
    if not args.lp:
        print(f"  dual bound {-info.mip_dual_bound:.2f}, gap {info.mip_gap:.6f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
