#!/usr/bin/env python3
"""CPU protocol change 8 (docs/experiments/cpu-protocol.md): the learning checks at each run length L.

For every L in 60..160 (step 10 apart from 60), per algorithm over the sweep's seeds: the gain of the mean test
accuracy at step L over step 0, and its change over the last quarter of a run of that length (step 0.75 L to L),
each as mean [95% Student t interval] in points; then the mean curve every 10 steps from step 100.
Usage: lengths.py SWEEP_DIR   (a sweep whose RL runs reached 160 steps, e.g. the copy made by extend.sh)
"""
import json, math, statistics as st, sys

sweep = sys.argv[1]
plan = json.load(open(f"{sweep}/plan.json"))
curves = {}  # algorithm -> [ {step: eval/accuracy} per seed ]
seeds_of = {}  # algorithm -> [ seed per run ]
for run in plan["runs"]:
    if not run["stage"].startswith("rl_"):
        continue
    evals = {}
    for line in open(f"{sweep}/runs/{run['run_id']}/metrics.jsonl"):
        row = json.loads(line)
        if "eval/accuracy" in row:
            evals[row["step"]] = row["eval/accuracy"]
    curves.setdefault(run["spec"]["algorithm"], []).append(evals)
    seeds_of.setdefault(run["spec"]["algorithm"], []).append(run["spec"]["seed"])

T_975_7 = 2.365  # Student t, 97.5% quantile, 7 degrees of freedom (8 seeds)
if not curves:
    sys.exit(f"{sweep}/plan.json: no runs of an rl_* stage (the paper-cpu grid's stages)")
for algorithm, seeds in seeds_of.items():
    if len(seeds) != 8 or len(set(seeds)) != 8:
        sys.exit(f"{sweep}/plan.json: {algorithm} has runs for seeds {sorted(seeds)}; this script needs one run per "
                 "seed and 8 seeds (its t quantile)")


def interval(values):
    mean = st.mean(values)
    half = T_975_7 * st.stdev(values) / math.sqrt(len(values))
    return f"{100 * mean:+.1f} [{100 * (mean - half):+.1f}, {100 * (mean + half):+.1f}]"


print("length L | algorithm | gain at L | change over 0.75 L .. L")
for length in [60, 80, 100, 120, 140, 160]:
    quarter = int(0.75 * length)
    for algorithm in [a for a in ["raft_pp", "grpo", "gvm_raft_pp", "gvm_grpo"] if a in curves]:
        seeds = curves[algorithm]
        if all(length in e and quarter in e for e in seeds):
            print(length, algorithm, interval([e[length] - e[0] for e in seeds]),
                  interval([e[length] - e[quarter] for e in seeds]))
for algorithm, seeds in curves.items():
    last = max(seeds[0])
    print(algorithm, " ".join(f"{t}:{st.mean(e[t] for e in seeds):.3f}" for t in range(100, last + 1, 10)))
