"""scikit-learn's bag-of-words LogisticRegression on the text splits examples/text-classification.mjs wrote.

The example writes runs/text-split-<dataset>.json with the token lists of the training and test texts (tasknet's
wordTokenize, the e-mails reduced to subject + body), so both sides see identical preprocessing. Here
CountVectorizer counts those tokens (identity analyzer, the full untruncated texts, every token of the training
split) and LogisticRegression(max_iter=1000) is fitted on the training split and scored on the test split.

Run with Debian's python3-sklearn, after the example has written the splits:
  node examples/text-classification.mjs --dataset sentiment
  node examples/text-classification.mjs --dataset spam
  /usr/bin/python3 tools/reference/sklearn_text.py [--write-fixture] [dataset ...]
--write-fixture writes test/fixtures/sklearn-text.json, so the TypeScript test compares without Python.
"""
import json
import sys
import time

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score


def identity(tokens):
    return tokens


def fit_split(split, max_len=None, min_df=1):
    cut = (lambda t: t[:max_len]) if max_len else identity
    vectorizer = CountVectorizer(analyzer=lambda t: cut(t), min_df=min_df)
    x_train = vectorizer.fit_transform(split["train"]["tokens"])
    x_test = vectorizer.transform(split["test"]["tokens"])
    clf = LogisticRegression(max_iter=1000).fit(x_train, split["train"]["labels"])
    predicted = clf.predict(x_test)
    return {
        "test": accuracy_score(split["test"]["labels"], predicted),
        "f1": f1_score(split["test"]["labels"], predicted),
        "train": clf.score(x_train, split["train"]["labels"]),
        "features": x_train.shape[1],
    }


args = [a for a in sys.argv[1:] if not a.startswith("--")]
names = args or ["sentiment", "spam"]
results = {}
for name in names:
    path = name if name.endswith(".json") else f"runs/text-split-{name}.json"
    try:
        split = json.load(open(path))
    except FileNotFoundError:
        sys.exit(f"{path} is missing: run node examples/text-classification.mjs --dataset {name} first")
    if split.get("limit"):
        sys.exit(f"{path} holds a --limit {split['limit']} slice: rerun the example without --limit")
    if "--write-fixture" in sys.argv and split.get("splitSeed", 0) != 0:
        sys.exit(f"{path} was split with seed {split['splitSeed']}: the fixture is for split seed 0")
    start = time.perf_counter()
    full = fit_split(split)
    seconds = time.perf_counter() - start
    # the same words the tasknet model can see: its vocabulary's minimum frequency, its first maxLen tokens
    seen = fit_split(split, max_len=split["maxLen"], min_df=1)
    results[name] = {
        "test": full["test"], "f1": full["f1"], "train": full["train"], "nTrain": len(split["train"]["labels"]),
        "nTest": len(split["test"]["labels"]), "features": full["features"],
        "testFirstMaxLenTokens": seen["test"], "maxLen": split["maxLen"], "splitSeed": split.get("splitSeed", 0),
    }
    print(f"{name:10} scikit-learn CountVectorizer + LogisticRegression: test accuracy {100 * full['test']:.2f}%   "
          f"F1 {full['f1']:.4f}   (train {100 * full['train']:.2f}%, {full['features']} features, "
          f"{len(split['train']['labels'])}/{len(split['test']['labels'])} texts, {seconds:.1f} s)")
    print(f"{'':10} on the first {split['maxLen']} tokens only: test accuracy {100 * seen['test']:.2f}%")

if "--write-fixture" in sys.argv:
    with open("test/fixtures/sklearn-text.json", "w") as out:
        json.dump(results, out, indent=1)
        out.write("\n")
