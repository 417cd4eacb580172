// answer/confidence.h — how sure the engine is, and what to tell the user.
//
// Raw BM25 scores grow with the question's length and the index's statistics,
// so they cannot be compared across questions. The confidence is instead built
// from evidence that means the same everywhere — the share of the question's
// content the passage covers, whether its title and intent match, the margin
// over the best passage of another document — through a logistic model fitted
// on judged questions, so that it estimates the probability that the first
// passage is a right answer.
#ifndef FAQ_ANSWER_CONFIDENCE_H
#define FAQ_ANSWER_CONFIDENCE_H

#include <vector>

#include "faq/engine.h"
#include "search/query.h"
#include "search/ranker.h"

namespace faq::answer {

// Confidence an answer needs for Status::answer unless the caller sets another.
inline constexpr double kDefaultThreshold = 0.5;

struct Assessment {
  Status status = Status::no_answer;
  double confidence = 0;
  std::vector<double> other_confidence;  // per ranked candidate (index 0 = the first)
};

// `ranked` must be sorted best first (search::rank).
Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked);

}  // namespace faq::answer

#endif  // FAQ_ANSWER_CONFIDENCE_H
