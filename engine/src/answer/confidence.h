// answer/confidence.h — how sure the engine is, and what to tell the user.
//
// Raw BM25 scores grow with the question's length and the index's statistics,
// so they cannot be compared across questions. The confidence is built instead
// from evidence that means the same everywhere — the share of the question's
// content the passage covers, whether its title and intent match, whether the
// question names the passage's topic words (those it shares with many
// passages: the product, the disease) rather than only its details, BM25
// relative to the most the question's terms could score, the margin over the
// best passage of another document — through gradient-boosted regression
// trees fitted on judged development questions (scripts/fit_confidence.py
// writes them to confidence_model.inc), so that it estimates the probability
// that the first passage is a right answer. Trees, not one weighted sum: the
// evidence combines (a full coverage of a one-word question that names none of
// the passage's topic words says little; of a longer one that does, much).
#ifndef FAQ_ANSWER_CONFIDENCE_H
#define FAQ_ANSWER_CONFIDENCE_H

#include <string>
#include <utility>
#include <vector>

#include "faq/engine.h"
#include "search/query.h"
#include "search/ranker.h"

namespace faq::answer {

// How faq::kDefaultThreshold (faq/engine.h), the confidence an answer needs
// when neither the question nor the index sets one, was chosen: picked (in
// steps of 0.01) by scripts/fit_confidence.py on every index of medquad-q2a
// and stackfaq the model was fitted on (a tenth of a corpus, all of it, twice
// it) as the one that keeps furthest inside both targets: at least 85 % of
// in-domain questions answered (here at least 86.3 %; one that may be
// ambiguous counts as not answered) and at most 5 % of out-of-scope ones
// over it (here at most 3.9 %), read off the final model's confidences for
// the questions it was fitted on. Read off out-of-fold ones (each half of the
// questions by a model fitted on the other) it would be 0.37. The script
// writes the threshold with the model (kFittedThreshold), and confidence.cc
// checks that the two agree.

// Two passages of different documents whose scores differ by less than this
// share of the first's (while both pass the threshold) make the result
// ambiguous. Measured on the development sets (stackfaq, medquad-q2a and
// localgov-faq-ja pooled, both passages over the threshold of the time, 0.39
// with the earlier logistic model; the margin is one of scores, which the
// model does not change): under a
// 1 % margin the first is right for 51 % of the questions and the other for
// 37 %, about equally often; from 1 % to 5 %, 50 % against 15 %, a winner.
inline constexpr double kAmbiguityMargin = 0.01;

// Scale-free evidence about one ranked candidate, all in [0, 1] unless noted.
struct Evidence {
  double coverage = 0;        // idf share of the question's terms found in the passage
  double focus = 0;           // idf share of the question's focus found in the title
  double title_prec = 0;
  double question_cov = 0;
  double question_prec = 0;
  double intent = 0;
  double bm25_rel = 0;        // BM25 / the most the question's terms could score
  double margin = 0;          // relative score margin over the best other document (0: none)
  double runner_up = 0;       // relative score margin over the next passage of any document
                              // (a tie is a copy of the same passage, not a rival; 0: none)
  double unmatched = 0;       // share of content words unknown to the index
  double terms = 0;           // log(1 + number of content terms, at most 8)
  double has_question = 0;    // the passage carries its own question
  double topic = 0;           // share of the passage's topic words the question mentions

  std::vector<std::pair<std::string, double>> named() const;
};

struct Assessment {
  Status status = Status::no_answer;
  double confidence = 0;
  std::vector<double> other_confidence;  // per candidate shown (index 0 = the first)
  Evidence evidence;                     // of the first candidate
};

// `ranked` must be sorted best first (search::rank); the first `shown` get a
// confidence each (the model's trees cost a few microseconds a candidate).
Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked,
                  const RankParams& params, double threshold, size_t shown);

}  // namespace faq::answer

#endif  // FAQ_ANSWER_CONFIDENCE_H
