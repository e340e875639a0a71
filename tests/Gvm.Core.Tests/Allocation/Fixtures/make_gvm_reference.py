#!/usr/bin/env python3
"""Writes gvm_reference.jsonl: GVM allocations computed in plain Python (stdlib only) from the paper's rule,
n_i proportional to G_i / sqrt(p_i + alpha / p_i^(beta-1)), with the authors' two filters and a largest-remainder
rounding to an exact total. Regenerate with: python3 make_gvm_reference.py > gvm_reference.jsonl"""
import json
import math
import random


def allocate(p, g, budget, alpha, beta, threshold, insufficient):
    w = []
    for pi, gi in zip(p, g):
        if pi <= 0 or gi <= 0 or (threshold > 0 and pi > threshold):
            w.append(0.0)
        else:
            w.append(gi / math.sqrt(pi + alpha * pi ** (1 - beta)))
    total = sum(w)
    if insufficient > 0 and total > 0:
        w = [0.0 if wi > 0 and pi * budget * wi / total < insufficient else wi for pi, wi in zip(p, w)]
        total = sum(w)
    if total == 0:
        return [0] * len(p)
    share = [wi / total * budget for wi in w]
    n = [math.floor(s) for s in share]
    left = budget - sum(n)
    order = sorted((i for i in range(len(p)) if w[i] > 0), key=lambda i: (-(share[i] - n[i]), -w[i], i))
    for i in order[:left]:
        n[i] += 1
    return n


def main():
    rng = random.Random(2505_02391)
    for case in range(40):
        m = rng.randint(1, 60)
        p = [rng.choice([0.0, 1.0, rng.randint(1, 7) / 8, rng.random()]) for _ in range(m)]
        g = [0.0 if rng.random() < 0.1 else math.exp(rng.gauss(0, 1.5)) for _ in range(m)]
        budget = rng.randint(0, 40 * m)
        alpha = rng.choice([1e-3, 1e-3, 0.0, 0.05])
        beta = rng.choice([2.0, 2.0, 1.5, 3.0])
        threshold = rng.choice([0.0, 0.0, 0.9])
        insufficient = rng.choice([0.0, 0.0, 1.0, 2.5])
        n = allocate(p, g, budget, alpha, beta, threshold, insufficient)
        print(json.dumps({"accept_rate": p, "grad_norm": g, "budget": budget, "alpha": alpha, "beta": beta,
                          "filter_threshold": threshold, "filter_insufficient": insufficient, "sample_sizes": n}))


if __name__ == "__main__":
    main()
