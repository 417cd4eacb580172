#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli.h"
#include "faq/error.h"
#include "faq/index.h"
#include "faq/ingest.h"
#include "runs.h"

namespace fs = std::filesystem;

namespace faq::cli {
namespace {

struct SetSpec {
  const char* name;
  int min_grade;
};
// The judged development sets of ../shared/eval and their relevance cut-off.
const SetSpec kSets[] = {{"stackfaq", 1}, {"medquad-q2a", 1}, {"localgov-faq-ja", 2}};
// English sets also get the out-of-scope questions of EVAL_DIR/clinc-ood.
bool english(const char* set) { return std::string(set) != "localgov-faq-ja"; }

// Peer numbers as published in EVAL_DIR/README.md: "| set | metric | a | b | c |".
std::map<std::string, std::string> read_peer_table(const std::string& eval_dir) {
  std::map<std::string, std::string> rows;
  std::ifstream in(eval_dir + "/README.md");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    for (std::string c; std::getline(ss, c, '|');) {
      size_t a = c.find_first_not_of(' '), b = c.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : c.substr(a, b - a + 1));
    }
    if (cells.size() < 5) continue;
    std::string set = cells[0].substr(0, cells[0].find(' '));
    std::string peers;
    for (size_t i = 2; i < cells.size(); ++i) peers += (peers.empty() ? "" : " / ") + cells[i];
    rows[set + " " + cells[1]] = peers;
  }
  return rows;
}

void print_abstention(const Abstention& a) {
  if (a.out_of_scope == 0) {
    std::printf("%-18s   abstention: in-domain answered %.3f (P@1 %.3f, of answered %.3f), ECE %.3f\n", "",
                a.in_answered, a.in_p1, a.in_p1_answered, a.ece);
    return;
  }
  std::printf("%-18s   abstention: in-domain answered %.3f (P@1 %.3f, of answered %.3f), "
              "out-of-scope answered %.3f of %zu, ECE %.3f, AUROC %.3f\n",
              "", a.in_answered, a.in_p1, a.in_p1_answered, a.out_answered, a.out_of_scope, a.ece,
              a.auroc);
}

void print_scores(const std::string& label, const Scores& s, double seconds) {
  std::printf("%-18s q=%-5zu MRR@10=%.4f MAP@10=%.4f nDCG@10=%.4f P@1=%.4f R@10=%.4f  (%.1f ms/q)\n",
              label.c_str(), s.queries, s.mrr, s.map, s.ndcg, s.p1, s.r10, seconds);
}

// Like ../shared/eval/score.py (and trec_eval -c), a judged question the
// run has no answers for counts as a miss; say so, since it is most often a
// queries file that does not belong to the qrels.
void warn_mismatch(const std::string& queries_path, const std::vector<Query>& queries,
                   const std::string& qrels_path, const Qrels& qrels, const std::vector<std::string>& failed) {
  std::fflush(stdout);  // the warnings follow the lines printed so far
  std::set<std::string> asked;
  for (const Query& q : queries) asked.insert(q.id);
  size_t judged_not_asked = 0, asked_not_judged = 0;
  std::string first_missing;
  for (const auto& [qid, judged] : qrels)
    if (!asked.count(qid) && judged_not_asked++ == 0) first_missing = qid;
  for (const std::string& id : asked) asked_not_judged += !qrels.count(id);
  if (judged_not_asked)
    std::fprintf(stderr, "eval: %zu question(s) judged in %s are not in %s (first: %s): scored as misses\n",
                 judged_not_asked, qrels_path.c_str(), queries_path.c_str(), first_missing.c_str());
  if (asked_not_judged)
    std::fprintf(stderr, "eval: %zu question(s) of %s have no judgements in %s: not scored\n", asked_not_judged,
                 queries_path.c_str(), qrels_path.c_str());
  if (!failed.empty())
    std::fprintf(stderr, "eval: %zu question(s) failed, scored as misses (first: %s)\n", failed.size(),
                 failed[0].c_str());
}

std::string ensure_index(const std::string& corpus, const std::string& dir, bool rebuild) {
  std::error_code ec;
  bool fresh = fs::exists(fs::path(dir) / "XAPIANDB", ec) &&
               fs::last_write_time(fs::path(dir) / "XAPIANDB", ec) > fs::last_write_time(corpus, ec);
  if (fresh && !rebuild) {
    // Built by an engine that wrote another format or analysis: rebuilt.
    try {
      read_index_info(dir);
    } catch (const Error&) {
      fresh = false;
    }
  }
  if (rebuild || !fresh) {
    std::fprintf(stderr, "eval: indexing %s ...\n", corpus.c_str());
    build_index(read_path(corpus), dir);
  }
  return dir;
}

}  // namespace

int cmd_eval(int argc, char** argv) {
  Args args(argc, argv, {"rebuild"});
  if (auto u = args.unknown({"index", "queries", "qrels", "rel", "threads", "set", "suite", "work", "rebuild", "k",
                           "out-of-scope"});
      !u.empty())
    throw UsageError("unknown option --" + u[0]);
  EngineOptions eo;
  apply_settings(args, eo.rank);
  AskOptions opts;
  opts.k = args.get_int("k", 10);
  opts.passages = false;  // scored by passage id
  int threads = args.get_int("threads", 2);

  auto evaluate = [&](const std::string& index, const std::string& queries_path,
                      const std::string& qrels_path, int grade, const std::string& label,
                      const std::string& ood_path) {
    Engine kb = Engine::open(index, eo);
    std::vector<Query> queries = read_queries(queries_path);
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> failed;
    std::vector<Result> results = run_queries(kb, queries, opts, threads, &failed);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() *
                threads / std::max<size_t>(1, queries.size());
    Qrels qrels = read_qrels(qrels_path);
    warn_mismatch(queries_path, queries, qrels_path, qrels, failed);
    Scores s = score_run(qrels, queries, results, grade);
    print_scores(label, s, ms);
    std::vector<Result> ood;
    if (!ood_path.empty()) ood = run_queries(kb, read_queries(ood_path), opts, threads);
    print_abstention(score_abstention(qrels, queries, results, grade, ood));
    return s;
  };

  if (args.has("suite")) {
    std::string eval_dir = args.get("suite");
    std::string work = args.get("work", (fs::temp_directory_path() / "faq-eval").string());
    auto peers = read_peer_table(eval_dir);
    std::printf("%-18s %s\n", "set", "engine scores (peers from README: SQLite FTS5 / Xapian plain / Lucene)");
    for (const SetSpec& set : kSets) {
      std::string dir = eval_dir + "/" + set.name;
      std::string index = ensure_index(dir + "/corpus.jsonl", work + "/" + set.name, args.has("rebuild"));
      std::string ood = eval_dir + "/clinc-ood/queries.jsonl";
      if (!english(set.name) || !fs::exists(ood)) ood.clear();
      Scores s = evaluate(index, dir + "/queries.jsonl", dir + "/qrels.tsv", set.min_grade, set.name, ood);
      for (const char* metric : {"MRR@10", "P@1", "R@10"}) {
        auto it = peers.find(std::string(set.name) + " " + metric);
        if (it == peers.end()) continue;
        double mine = std::string(metric) == "MRR@10" ? s.mrr : std::string(metric) == "P@1" ? s.p1 : s.r10;
        std::printf("%-18s   %-7s faq %.3f   peers %s\n", "", metric, mine, it->second.c_str());
      }
    }
    return 0;
  }
  if (!args.has("queries") || !args.has("qrels"))
    throw UsageError("give --queries and --qrels (with --index), or --suite EVAL_DIR");
  std::string index = args.has("index") ? args.get("index") : default_index();
  evaluate(index, args.get("queries"), args.get("qrels"), args.get_int("rel", 1),
           fs::path(args.get("queries")).parent_path().filename().string(), args.get("out-of-scope"));
  return 0;
}

}  // namespace faq::cli
