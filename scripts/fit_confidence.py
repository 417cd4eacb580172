#!/usr/bin/env python3
"""Fits the confidence model (engine/src/answer/confidence_model.inc) and reports abstention metrics.

usage: scripts/fit_confidence.py FAQ_BINARY EVAL_DIR WORK_DIR [--threshold T] [--report-only] [--write]

Needs scikit-learn (Debian: python3-sklearn; run it with /usr/bin/python3) to
fit; --report-only and the helpers scripts/abstention_scale.py imports do not.

WORK_DIR holds the indexes `faq eval --suite EVAL_DIR --work WORK_DIR` builds;
the script adds, under WORK_DIR/scaled, medquad-q2a and stackfaq at other
sizes (scripts/scaled_sets.py): the corpus twice, and five tenths of it
(buckets 1-5; buckets 0 and 6-9 are left for scripts/abstention_scale.py), so
that the confidence means the same whatever the index's size.
In-domain questions (medquad-q2a, stackfaq, localgov-faq-ja) are labelled 1
when the first passage is relevant; out-of-scope questions (clinc-ood, asked
of every medquad-q2a and stackfaq index) are labelled 0. Out-of-scope
questions weigh FAQ_OOD_SHARE (default 0.3) in all; in-domain ones the rest,
each index's questions by 1/sqrt(their number), so that an index weighs by
the square root of its questions (each tenth counts as an index of its own:
small indexes weigh as five sets, not one).

The model is gradient-boosted regression trees over the evidence `faq batch
--format jsonl` reports (scikit-learn's HistGradientBoostingClassifier, log
loss, fixed settings and seed, no early stopping: the same data give the same
model). Trees rather than one weighted sum because the evidence combines: a
full coverage of a one-word question that names none of the passage's topic
words ("set a timer" against "Can I set an e-mail to send on a timer within
Gmail?") says little, the same coverage of a longer question that does says
much; a logistic model over the same evidence, products of pairs included,
left a stackfaq tenth's out-of-scope share at 7 % and its ECE at 0.16. It is
fitted on half of the questions (even line numbers) and measured on the other
half, then refitted on all of them; with --write it is written, with the
default threshold the rule in confidence.h picks, to
engine/src/answer/confidence_model.inc.
With --report-only nothing is fitted: the engine's own confidence is measured.
"""
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scaled_sets  # noqa: E402

# The evidence the model reads, by the names `faq batch` gives it, in the
# order of kMembers in engine/src/answer/confidence.cc (checked when it
# compiles against the generated table's kFeatures).
FEATURES = ["coverage", "focus", "title_prec", "question_cov", "question_prec", "intent", "bm25_rel",
            "margin", "unmatched", "terms", "has_question", "topic", "runner_up"]
# Trees, leaves per tree, shrinkage and the fewest questions a leaf holds.
TREES, LEAVES, LEARNING_RATE, MIN_LEAF = 150, 7, 0.1, 40
MODEL_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "src", "answer",
                          "confidence_model.inc")


def batch(faq, index, queries, threshold="0"):
    """`faq batch --format jsonl -k 1`, parsed; threshold None: the index's default."""
    args = [faq, "batch", "--index", index, "--queries", queries, "--format", "jsonl", "-k", "1"]
    if threshold is not None:
        args += ["--threshold", threshold]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines()]


def qrels(path, min_grade):
    rel = {}
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) >= 3 and int(f[-1]) >= min_grade:
            rel.setdefault(f[0], set()).add(f[-2] if len(f) == 3 else f[2])
    return rel


def indexes(faq, ev, work):
    """(set name, eval set, index, qrels file, relevance grade) of every index
    to ask."""
    out = [(name, name, f"{work}/{name}", f"{ev}/{name}/qrels.tsv", grade)
           for name, grade in (("medquad-q2a", 1), ("stackfaq", 1), ("localgov-faq-ja", 2))]
    scaled = f"{work}/scaled"
    os.makedirs(scaled, exist_ok=True)
    for eval_set in ("medquad-q2a", "stackfaq"):
        corpus, rows = scaled_sets.load(ev, eval_set)
        # (index name, passages and qrels)
        parts = [("double", scaled_sets.double(corpus, rows))]
        parts += [(f"tenth{b}", scaled_sets.tenth(corpus, rows, b)) for b in range(1, 6)]
        for index_name, (records, qrel_rows) in parts:
            index, qpath = scaled_sets.build(faq, scaled, f"{index_name}-{eval_set}", records, qrel_rows)
            out.append((f"{index_name}-{eval_set}", eval_set, index, qpath, 1))
    return out


def collect(faq, ev, work):
    # (set, features, label, engine confidence, ambiguous): ambiguous when the
    # first passage has a rival of another document within
    # kAmbiguityMargin, which makes the status "ambiguous" rather than
    # "answer" at any threshold both pass (at threshold 0 every one does).
    rows = []
    for name, eval_set, index, qrels_file, grade in indexes(faq, ev, work):
        rel = qrels(qrels_file, grade)
        for r in batch(faq, index, f"{ev}/{eval_set}/queries.jsonl"):
            if r["id"] not in rel:
                continue
            top = r["answers"][0]["id"] if r["answers"] else None
            rows.append((name, r.get("evidence", {}), int(top in rel[r["id"]]), r["confidence"],
                         r["status"] == "ambiguous"))
        if eval_set != "localgov-faq-ja":
            for r in batch(faq, index, f"{ev}/clinc-ood/queries.jsonl"):
                rows.append(("clinc@" + name, r.get("evidence", {}), 0, r["confidence"], r["status"] == "ambiguous"))
    return rows


def vec(ev):
    return [ev.get(f, 0.0) for f in FEATURES]


def weights(rows):
    """Out-of-scope questions weigh FAQ_OOD_SHARE in total (default 0.3);
    within the in-domain rest, each question weighs 1/sqrt(number of questions
    asked of its index): a big set counts more than a small one, but not so
    much that the model fits one set's evidence and miscalibrates the others.
    Scaled to a mean of 1, so that the trees' least hessian to split a node
    (scikit-learn's min_hessian_to_split) means what it does unweighted."""
    share = float(os.environ.get("FAQ_OOD_SHARE", "0.3"))
    sizes = {}
    for s, *_ in rows:
        sizes[s] = sizes.get(s, 0) + 1
    raw = [0.0 if s.startswith("clinc") else sizes[s] ** -0.5 for s, *_ in rows]
    in_total = sum(raw)
    n_out = sum(1 for s, *_ in rows if s.startswith("clinc"))
    return [len(rows) * (share / n_out if s.startswith("clinc") else (1 - share) * r / in_total)
            for (s, *_), r in zip(rows, raw)]


def fit(rows):
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        raise SystemExit("fitting needs scikit-learn: apt-get install python3-sklearn, and run the script "
                         "with /usr/bin/python3")
    model = HistGradientBoostingClassifier(max_iter=TREES, max_leaf_nodes=LEAVES, learning_rate=LEARNING_RATE,
                                           min_samples_leaf=MIN_LEAF, early_stopping=False, random_state=0)
    model.fit([vec(ev) for _, ev, *_ in rows], [y for _, _, y, *_ in rows], sample_weight=weights(rows))
    return model


def predict(model, rows):
    return [float(p) for p in model.predict_proba([vec(r[1]) for r in rows])[:, 1]]


def tables(model):
    """The trees as one table of nodes (threshold, value, left, right,
    feature, missing_left) and the index of each tree's root: a node sends a
    question left when its feature is at most the threshold (a value that is
    not a number, where missing_left says); a leaf (feature -1) adds its value
    to the sum whose logistic is the confidence."""
    nodes, roots = [], []
    for (tree,) in model._predictors:
        base = len(nodes)
        roots.append(base)
        for n in tree.nodes:
            if n["is_leaf"]:
                nodes.append((0.0, float(n["value"]), 0, 0, -1, False))
                continue
            if n["is_categorical"] or not math.isfinite(n["num_threshold"]):
                raise SystemExit("the model has a node the engine cannot read (categorical, or a split on NaN)")
            nodes.append((float(n["num_threshold"]), 0.0, base + int(n["left"]), base + int(n["right"]),
                          int(n["feature_idx"]), bool(n["missing_go_to_left"])))
    if len(nodes) > 65535:
        raise SystemExit(f"{len(nodes)} nodes: the engine indexes them with 16 bits")
    return nodes, roots


def evaluate(nodes, roots, baseline, x):
    """The confidence as engine/src/answer/confidence.cc computes it."""
    total = baseline
    for root in roots:
        threshold, value, left, right, feature, missing_left = nodes[root]
        while feature >= 0:
            v = x[feature]
            go_left = missing_left if math.isnan(v) else v <= threshold
            threshold, value, left, right, feature, missing_left = nodes[left if go_left else right]
        total += value
    return 1 / (1 + math.exp(-total))


def export(model, rows, threshold, path):
    """Writes the model for confidence.cc, after checking that the table
    gives scikit-learn's confidences for every question it was fitted on
    (its internals are not a public interface)."""
    nodes, roots = tables(model)
    baseline = float(model._baseline_prediction.ravel()[0])
    for r, p in zip(rows, predict(model, rows)):
        if abs(evaluate(nodes, roots, baseline, vec(r[1])) - p) > 1e-9:
            raise SystemExit(f"the exported trees disagree with scikit-learn on {r[1]}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("// Generated by scripts/fit_confidence.py --write: do not edit.\n"
                  f"// {len(roots)} trees, {len(nodes)} nodes; features in this order:\n")
        out.write("constexpr std::string_view kFeatures[] = {" + ", ".join(f'"{f}"' for f in FEATURES) + "};\n")
        out.write(f"constexpr double kBaseline = {baseline!r};\n")
        out.write(f"constexpr double kFittedThreshold = {threshold:.2f};\n")
        out.write("constexpr uint16_t kRoots[] = {\n")
        for i in range(0, len(roots), 16):
            out.write("    " + ", ".join(str(r) for r in roots[i:i + 16]) + ",\n")
        out.write("};\n// {threshold, value, left, right, feature, missing_left}\nconstexpr Node kNodes[] = {\n")
        for t, v, l, r, f, m in nodes:
            out.write(f"    {{{t!r}, {v!r}, {l}, {r}, {f}, {'true' if m else 'false'}}},\n")
        out.write("};\n")


def auroc(pos, neg):
    pairs = sorted([(p, 1) for p in pos] + [(p, 0) for p in neg])
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else float("nan")


def ece(conf, labels, bins=10):
    total, err = len(conf), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(conf) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if idx:
            err += len(idx) / total * abs(sum(conf[i] for i in idx) / len(idx) -
                                          sum(labels[i] for i in idx) / len(idx))
    return err


def report(rows, conf, threshold):
    print(f"{'set':24} {'n':>5} {'answered':>9} {'P@1 all':>8} {'P@1 ans':>8} {'ECE':>6}")
    for name in sorted({s for s, *_ in rows}):
        idx = [i for i, r in enumerate(rows) if r[0] == name]
        ans = [i for i in idx if conf[i] >= threshold]
        lab = [rows[i][2] for i in idx]
        p_all = sum(lab) / len(idx)
        p_ans = sum(rows[i][2] for i in ans) / len(ans) if ans else float("nan")
        e = ece([conf[i] for i in idx], lab) if not name.startswith("clinc") else float("nan")
        print(f"{name:24} {len(idx):5} {len(ans) / len(idx):9.3f} {p_all:8.3f} {p_ans:8.3f} {e:6.3f}")
    ind = [i for i, r in enumerate(rows) if not r[0].startswith("clinc")]
    ood = [i for i, r in enumerate(rows) if r[0].startswith("clinc")]
    print(f"in-domain ECE {ece([conf[i] for i in ind], [rows[i][2] for i in ind]):.3f}; "
          f"AUROC in-domain vs out-of-scope {auroc([conf[i] for i in ind], [conf[i] for i in ood]):.3f}")


def pick_threshold(rows, conf):
    """The default threshold (confidence.h), in steps of 0.01: the one whose
    worse margin to the two targets of abstention, over every index of
    medquad-q2a and stackfaq (full, twice, tenths), is widest: in-domain
    questions answered at least 85 %, out-of-scope ones at most 5 %. Both
    counted so as not to flatter: an in-domain question that may be ambiguous
    is not answered, an out-of-scope one over the threshold is."""
    ood, ind = {}, {}
    for c, r in zip(conf, rows):
        if r[0].startswith("clinc"):
            ood.setdefault(r[0], []).append(c)
        elif r[0] != "localgov-faq-ja":
            ind.setdefault(r[0], []).append(-1.0 if r[4] else c)

    def share(cs, t):
        return sum(c >= t for c in cs) / len(cs)

    def margin(t):
        return min(min(share(cs, t) - 0.85 for cs in ind.values()),
                   min(0.05 - share(cs, t) for cs in ood.values()))
    pick = max((t / 100 for t in range(20, 81)), key=margin)
    print(f"default threshold: {pick:.2f} (in-domain over it at least "
          f"{min(share(cs, pick) for cs in ind.values()):.3f}, out-of-scope at most "
          f"{max(share(cs, pick) for cs in ood.values()):.3f}, on every index)")
    return pick


def fitted_threshold():
    """The default threshold the engine was built with (kFittedThreshold)."""
    with open(MODEL_FILE, encoding="utf-8") as model:
        for line in model:
            if line.startswith("constexpr double kFittedThreshold"):
                return float(line.split("=")[1].strip(" ;\n"))
    raise SystemExit(f"{MODEL_FILE}: no kFittedThreshold")


def main(argv):
    faq, ev, work = argv[:3]
    given = float(argv[argv.index("--threshold") + 1]) if "--threshold" in argv else None
    rows = collect(faq, ev, work)
    if "--report-only" in argv:
        report(rows, [r[3] for r in rows], given if given is not None else fitted_threshold())
        return
    model = fit(rows)
    conf = predict(model, rows)
    pick = pick_threshold(rows, conf)
    threshold = given if given is not None else pick
    half = fit([r for i, r in enumerate(rows) if i % 2 == 0])
    test = [r for i, r in enumerate(rows) if i % 2 == 1]
    print("held-out half (fitted on the other half):")
    report(test, predict(half, test), threshold)
    print("all questions (final fit):")
    report(rows, conf, threshold)
    print("threshold sweep (final fit): share answered per set")
    sets = sorted({r[0] for r in rows})
    print("threshold " + " ".join(f"{n[:16]:>16}" for n in sets))
    for t in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        cells = []
        for name in sets:
            idx = [i for i, r in enumerate(rows) if r[0] == name]
            cells.append(f"{sum(conf[i] >= t for i in idx) / len(idx):16.3f}")
        print(f"{t:9.2f} " + " ".join(cells))
    if "--write" in argv:
        export(model, rows, pick, MODEL_FILE)
        print(f"wrote {os.path.normpath(MODEL_FILE)}")
        print("if the default threshold changed, it is also in faq::kDefaultThreshold "
              "(engine/include/faq/engine.h; the build checks it) and in the texts that name it: "
              "grep -rn --exclude-dir=node_modules 'default.*0\\.[0-9][0-9]' README.md engine/include bindings tools tests")


if __name__ == "__main__":
    main(sys.argv[1:])
