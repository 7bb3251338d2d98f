#!/usr/bin/python3
"""PyTorch runner of `npm run bench:compare`: one workload at one thread count.

Started by bench/compare.mjs (and by bench/gpu.mjs with `"device": "cuda"`) with Debian's interpreter (python3-torch) and a JSON spec:

    /usr/bin/python3 bench/compare-torch.py '{"workload": "mlp", "threads": 1, "batch": 128, ...}'

The parent also sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to the thread count (Debian's torch calls the
pthreads build of OpenBLAS, whose threads torch.set_num_threads does not govern) and OMP_WAIT_POLICY=PASSIVE.
Prints the same event lines as the Node runners, with the same timing protocol (see bench/compare-common.mjs).
"""
import gzip
import itertools
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


def emit(event):
    print(json.dumps(event), flush=True)


def read_idx_items(file, count, item_size):
    """The first `count` items of `item_size` bytes of a gzip IDX file (a 4-byte magic, 4 bytes per dimension, data)."""
    with gzip.open(file) as f:
        magic = f.read(4)
        f.read(4 * magic[3])
        return np.frombuffer(f.read(count * item_size), dtype=np.uint8)


def load_fashion_mnist(spec):
    """The first batch * batches training images (float32 in [0, 1], [N, 784]) and labels (int64)."""
    count = spec["batch"] * spec["batches"]
    pixels = read_idx_items(f"{spec['dataDir']}/train-images-idx3-ubyte.gz", count, 784).astype(np.float32) / 255
    labels = read_idx_items(f"{spec['dataDir']}/train-labels-idx1-ubyte.gz", count, 1).astype(np.int64)
    return pixels.reshape(count, 784), labels


def build_model(workload):
    """The same layers as tasknet's MLP([784, 256, 128, 10]) and SmallCNN."""
    if workload == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def training_step(spec):
    """One Adam step on the next batch (they cycle); reading the loss ends the step (and waits for a GPU)."""
    torch.manual_seed(0)
    device = spec.get("device", "cpu")
    model = build_model(spec["workload"]).to(device)
    shape = (spec["batch"], 784) if spec["workload"] == "mlp" else (spec["batch"], 1, 28, 28)
    pixels, labels = load_fashion_mnist(spec)
    batch = spec["batch"]
    batches = [
        (torch.from_numpy(pixels[i * batch:(i + 1) * batch]).reshape(shape).to(device),
         torch.from_numpy(labels[i * batch:(i + 1) * batch]).to(device))
        for i in range(spec["batches"])
    ]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    cycle = itertools.cycle(batches)

    def step():
        x, y = next(cycle)
        optimizer.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def matmul_step(n, device="cpu"):
    torch.manual_seed(n)
    a = torch.randn(n, n, device=device)
    b = torch.randn(n, n, device=device)
    if device == "cpu":
        return lambda: torch.mm(a, b)

    def step():
        torch.mm(a, b)
        torch.cuda.synchronize()

    return step


def seconds_of(step, count):
    t0 = time.perf_counter()
    for _ in range(count):
        step()
    return time.perf_counter() - t0


def measure(task, step, timing):
    """The protocol of measure() in bench/compare-common.mjs."""
    emit({"event": "begin", "task": task})
    first = seconds_of(step, 1)
    emit({"event": "first", "task": task, "seconds": first})
    if first > timing["limit"] / 4:
        emit({"event": "result", "task": task, "seconds": first, "runs": 1, "steps": 1, "spread": 0, "cold": True})
        return
    last = spent = first
    n = 1
    while n < timing["warmupSteps"] or spent < timing["warmupSeconds"]:
        last = seconds_of(step, 1)
        spent += last
        n += 1
    steps = max(1, round(timing["repSeconds"] / last))
    runs = min(timing["reps"], max(1, int(timing["limit"] / 2 // (steps * last))))
    times = sorted(seconds_of(step, steps) / steps for _ in range(runs))
    seconds = statistics.median(times)
    spread = (times[-1] - times[0]) / 2 / seconds
    emit({"event": "result", "task": task, "seconds": seconds, "runs": runs, "steps": steps, "spread": spread,
          "cold": False})


def main():
    spec = json.loads(sys.argv[1])
    device = spec.get("device", "cpu")
    if device == "cpu":
        torch.set_num_threads(spec["threads"])
        emit({"event": "info", "threads": torch.get_num_threads()})
    elif not torch.cuda.is_available():
        for task in ([f"matmul-{n}" for n in spec["sizes"]] if spec["workload"] == "matmul" else [spec["workload"]]):
            emit({"event": "skip", "task": task, "reason": "torch.cuda.is_available() is False"})
        return
    else:
        # full fp32 matmuls, as the WGSL kernels compute (no TF32 tensor cores)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        emit({"event": "info", "detail": torch.cuda.get_device_name(), "threads": 1})
    if spec["workload"] == "matmul":
        for n in spec["sizes"]:
            measure(f"matmul-{n}", matmul_step(n, device), spec["timing"])
    else:
        measure(spec["workload"], training_step(spec), spec["timing"])


if __name__ == "__main__":
    main()
