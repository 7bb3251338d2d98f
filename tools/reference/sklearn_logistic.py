"""scikit-learn's LogisticRegression on the split examples/logistic-regression.mjs wrote (runs/logistic-split-*.json).

Run with Debian's python3-sklearn: /usr/bin/python3 tools/reference/sklearn_logistic.py [--write-fixture]
(the fixture test/fixtures/sklearn-logistic.json lets CI compare without Python).
"""
import json
import sys

from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

LOADERS = {"breastCancer": load_breast_cancer, "digits": load_digits}

results = {}
for name, load in LOADERS.items():
    try:
        split = json.load(open(f"runs/logistic-split-{name}.json"))
    except FileNotFoundError:
        sys.exit(f"runs/logistic-split-{name}.json is missing: run node examples/logistic-regression.mjs first")
    x, y = load(return_X_y=True)
    scaler = StandardScaler().fit(x[split["train"]])
    clf = LogisticRegression(C=split["C"], max_iter=1000).fit(scaler.transform(x[split["train"]]), y[split["train"]])
    train = clf.score(scaler.transform(x[split["train"]]), y[split["train"]])
    test = clf.score(scaler.transform(x[split["test"]]), y[split["test"]])
    results[name] = {"train": train, "test": test}
    print(f"{name:13} scikit-learn train accuracy {100 * train:.2f}%   test accuracy {100 * test:.2f}%   ({clf.n_iter_.max()} iterations)")

if "--write-fixture" in sys.argv:
    with open("test/fixtures/sklearn-logistic.json", "w") as out:
        json.dump(results, out, indent=1)
        out.write("\n")
