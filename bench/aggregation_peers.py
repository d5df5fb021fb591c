#!/usr/bin/env python3
"""Times Dawid-Skene in numpy (and, when pandas is present, in the pandas groupby style crowd-kit uses) on the
same simulated annotations as bench/aggregation_bench.cpp: 100,000 items x 5 annotators, 8 classes, 20 EM
iterations. Prints accuracy and the last mean log-likelihood per label, which should equal the C++ counters.

Usage: /usr/bin/python3 bench/aggregation_peers.py [--items 100000] [--classes 8] [--iterations 20] [--repeat 3]
"""
import argparse
import time

import numpy as np

ACCURACY = np.array([0.85, 0.75, 0.65, 0.55, 0.3])  # as kAccuracy in aggregation_bench.cpp
EPS = 1e-10
MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def draw(counter):
    """r(c) = mix(c + 1): the counter-based generator of aggregation_bench.cpp, on uint64 arrays (wrapping)."""
    with np.errstate(over="ignore"):
        z = (counter + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def simulate(n_items, n_classes):
    n_workers = len(ACCURACY)
    base = np.arange(n_items, dtype=np.uint64) * np.uint64(2 * n_workers + 1)
    truth = (draw(base) % np.uint64(n_classes)).astype(np.int64)
    items = np.repeat(np.arange(n_items), n_workers)
    workers = np.tile(np.arange(n_workers), n_items)
    counter = np.repeat(base, n_workers) + np.uint64(1) + np.uint64(2) * workers.astype(np.uint64)
    u = (draw(counter) >> np.uint64(11)).astype(np.float64) * 2.0**-53
    wrong = (np.repeat(truth, n_workers) + 1 + (draw(counter + np.uint64(1)) % np.uint64(n_classes - 1)).astype(np.int64)) % n_classes
    given = np.where(u < ACCURACY[workers], np.repeat(truth, n_workers), wrong)
    return items, workers, given, truth


def ds_numpy(items, workers, given, n_items, n_workers, n_classes, n_iter):
    """Dawid-Skene, vectorised over labels with bincount: majority-vote start, then E-step, priors, M-step."""
    cell = workers * n_classes + given  # row of the (worker, given) x true error table
    n_cells = n_workers * n_classes

    def m_step(probas):
        label_probas = probas[items]
        counts = np.stack([np.bincount(cell, weights=label_probas[:, c], minlength=n_cells) for c in range(n_classes)],
                          axis=1)
        counts = np.maximum(counts, EPS).reshape(n_workers, n_classes, n_classes)
        return (counts / counts.sum(axis=1, keepdims=True)).reshape(n_cells, n_classes)

    probas = np.bincount(items * n_classes + given, minlength=n_items * n_classes).reshape(n_items, n_classes)
    probas = probas / probas.sum(axis=1, keepdims=True)
    priors = probas.mean(axis=0)
    errors = m_step(probas)
    loglik = None
    for _ in range(n_iter):
        label_logs = np.log(errors)[cell]
        log_rows = np.stack([np.bincount(items, weights=label_logs[:, c], minlength=n_items) for c in range(n_classes)],
                            axis=1) + np.log(np.maximum(priors, EPS))
        shift = log_rows.max(axis=1, keepdims=True)
        scaled = np.exp(log_rows - shift)
        totals = scaled.sum(axis=1, keepdims=True)
        probas = scaled / totals
        loglik = float((shift + np.log(totals)).sum()) / len(items)
        priors = probas.mean(axis=0)
        errors = m_step(probas)
    return probas.argmax(axis=1), loglik


def ds_pandas(items, workers, given, n_classes, n_iter):
    """The same model written the way crowd-kit writes it: joins and groupbys over a long data frame."""
    import pandas as pd

    data = pd.DataFrame({"task": items, "worker": workers, "label": given})
    classes = list(range(n_classes))

    def m_step(probas):
        joined = data.join(probas, on="task").drop(columns=["task"])
        errors = joined.groupby(["worker", "label"], sort=False).sum()
        errors = errors.clip(lower=EPS)
        return errors / errors.groupby("worker", sort=False).sum()

    probas = pd.crosstab(data["task"], data["label"]).reindex(columns=classes, fill_value=0).astype(float)
    probas = probas.div(probas.sum(axis=1), axis=0)
    priors = probas.mean()
    errors = m_step(probas)
    for _ in range(n_iter):
        joined = data.join(np.log(errors), on=["worker", "label"]).drop(columns=["worker", "label"])
        log_rows = np.log(priors.clip(lower=EPS)) + joined.groupby("task", sort=False).sum()
        scaled = np.exp(log_rows.sub(log_rows.max(axis=1), axis=0))
        probas = scaled.div(scaled.sum(axis=1), axis=0)
        probas.columns.name = None
        priors = probas.mean()
        errors = m_step(probas)
    return probas.sort_index().to_numpy().argmax(axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--classes", type=int, default=8)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pandas", action="store_true")
    args = parser.parse_args()

    items, workers, given, truth = simulate(args.items, args.classes)
    print(f"data: {args.items} items x {len(ACCURACY)} annotators, {args.classes} classes, {len(items)} labels")

    def timed(name, run):
        wall, cpu, result = [], [], None
        for _ in range(args.repeat):
            w0, c0 = time.perf_counter(), time.process_time()
            result = run()
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
        print(f"{name}: best wall {min(wall) * 1000:.0f} ms, best cpu {min(cpu) * 1000:.0f} ms over {args.repeat} runs")
        return result

    labels, loglik = timed("numpy Dawid-Skene (%d iterations)" % args.iterations,
                           lambda: ds_numpy(items, workers, given, args.items, len(ACCURACY), args.classes, args.iterations))
    print(f"  accuracy {np.mean(labels == truth):.5f}, last mean log-likelihood per label {loglik:.5f}")
    if not args.no_pandas:
        try:
            import pandas  # noqa: F401
        except ImportError:
            print("pandas not installed: pandas-style run skipped")
            return
        labels = timed("pandas groupby Dawid-Skene, crowd-kit style (%d iterations)" % args.iterations,
                       lambda: ds_pandas(items, workers, given, args.classes, args.iterations))
        print(f"  accuracy {np.mean(labels == truth):.5f}")


if __name__ == "__main__":
    main()
