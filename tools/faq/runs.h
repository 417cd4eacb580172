// tools/faq/runs.h — question files, batch runs and their scores.
#ifndef FAQ_TOOLS_RUNS_H
#define FAQ_TOOLS_RUNS_H

#include <map>
#include <string>
#include <vector>

#include "faq/engine.h"

namespace faq::cli {

struct Query {
  std::string id, text;
};

// Reads {"id","text"} lines; errors name the file and line.
std::vector<Query> read_queries(const std::string& path);

// Answers every query with `threads` threads; results in query order. A
// question the engine rejects gets an empty result and its error in `errors`.
std::vector<Result> run_queries(const Engine& kb, const std::vector<Query>& queries,
                                const AskOptions& options, int threads,
                                std::vector<std::string>* errors = nullptr);

// qid -> passage id -> grade
using Qrels = std::map<std::string, std::map<std::string, int>>;
Qrels read_qrels(const std::string& path);

struct Scores {
  size_t queries = 0;
  double mrr = 0, map = 0, ndcg = 0, p1 = 0, r10 = 0;
};

// The same definitions as ../shared/eval/score.py: queries without a relevant
// passage are skipped, missing ones count as zero, cut-off 10.
Scores score_run(const Qrels& qrels, const std::vector<Query>& queries,
                 const std::vector<Result>& results, int min_grade);

// How well status and confidence separate right answers from wrong ones and
// from out-of-scope questions (which no passage answers).
struct Abstention {
  size_t in_domain = 0, out_of_scope = 0;
  double in_answered = 0;        // share of in-domain questions with status answer
  double in_p1 = 0;              // share of in-domain questions whose first passage is relevant
  double in_p1_answered = 0;     // the same among those answered
  double out_answered = 0;       // share of out-of-scope questions with status answer
  double ece = 0;                // expected calibration error on in-domain questions, 10 bins
  double auroc = 0;              // confidence: in-domain vs out-of-scope
};

Abstention score_abstention(const Qrels& qrels, const std::vector<Query>& queries,
                            const std::vector<Result>& results, int min_grade,
                            const std::vector<Result>& out_of_scope);

}  // namespace faq::cli

#endif  // FAQ_TOOLS_RUNS_H
