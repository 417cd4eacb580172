#include "answer/confidence.h"

#include <cmath>

namespace faq::answer {
namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Probability-like score of one candidate from scale-free evidence.
double candidate_confidence(const search::Candidate& c, double margin) {
  const search::Features& f = c.f;
  double best_field = std::max(f.title_cov, f.question_cov);
  double x = -3.0 + 3.0 * best_field + 1.5 * f.title_prec + 1.5 * f.question_prec +
             1.0 * f.intent + 2.0 * margin;
  return logistic(x);
}

}  // namespace

Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked) {
  Assessment a;
  a.other_confidence.assign(ranked.size(), 0.0);
  if (ranked.empty() || q.terms.empty()) return a;
  // Margin over the best passage of another document: a clear winner is more
  // likely right than one of several near-equal documents.
  double runner_up = 0;
  for (size_t i = 1; i < ranked.size(); ++i) {
    if (ranked[i].doc_key != ranked[0].doc_key) {
      runner_up = ranked[i].score;
      break;
    }
  }
  double top = ranked[0].score;
  double margin = top > 0 ? (top - runner_up) / top : 0;
  for (size_t i = 0; i < ranked.size(); ++i)
    a.other_confidence[i] = candidate_confidence(ranked[i], i == 0 ? margin : 0);
  a.confidence = a.other_confidence[0];
  a.status = Status::answer;
  return a;
}

}  // namespace faq::answer
