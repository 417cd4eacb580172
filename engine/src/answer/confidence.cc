#include "answer/confidence.h"

#include <algorithm>
#include <cmath>

#include "index/schema.h"

namespace faq::answer {
namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Fitted by scripts/fit_confidence.py on the development sets (see there).
struct Model {
  double bias, coverage, focus, title_prec, question_cov, question_prec, intent, bm25_rel, margin,
      unmatched, terms, has_question, topic;
};
// Fitted by `scripts/fit_confidence.py` (Newton's method to convergence;
// out-of-scope questions weigh 30%, in-domain ones 70%, each set's by the
// square root of its size); fitted on half of the questions and measured on
// the other half: ECE 0.090 stackfaq, 0.042 medquad-q2a, 0.112
// localgov-faq-ja (0.038 pooled); AUROC in-domain vs out-of-scope 0.991.
constexpr Model kModel = {-6.226, 0.153, 1.452, 0.988, 0.983, 2.284, 0.397, 0.633, 1.964, -2.083, 0.864, 1.675, 2.145};

double predict(const Evidence& e) {
  const Model& m = kModel;
  return logistic(m.bias + m.coverage * e.coverage + m.focus * e.focus + m.title_prec * e.title_prec +
                  m.question_cov * e.question_cov + m.question_prec * e.question_prec +
                  m.intent * e.intent + m.bm25_rel * e.bm25_rel + m.margin * e.margin +
                  m.unmatched * e.unmatched + m.terms * e.terms + m.has_question * e.has_question +
                  m.topic * e.topic);
}

Evidence evidence_for(const search::Question& q, const search::Candidate& c, const RankParams& params,
                      double margin) {
  Evidence e;
  e.coverage = c.f.coverage;
  e.focus = c.f.title_cov;
  e.title_prec = c.f.title_prec;
  e.question_cov = c.f.question_cov;
  e.question_prec = c.f.question_prec;
  e.intent = c.f.intent;
  // Each term contributes at most idf * (k1 + 1) to BM25, k1 as searched
  // (index::normalized_wdf); Xapian's idf differs a little from log(N/n),
  // hence the clamp.
  double ceiling = q.idf_total * (index::searched_k1(params.k1) + 1);
  e.bm25_rel = ceiling > 0 ? std::min(1.0, c.bm25 / ceiling) : 0;
  e.margin = margin;
  // A corrected word is a guess: it counts as unmatched evidence.
  size_t content = q.terms.size() + q.unmatched.size();
  size_t unknown = q.unmatched.size() + q.corrected_words.size();
  e.unmatched = content ? std::min(1.0, static_cast<double>(unknown) / content) : 0;
  e.terms = std::log1p(static_cast<double>(q.terms.size()));
  e.has_question = c.f.has_question;
  e.topic = c.f.topic;
  return e;
}

}  // namespace

std::vector<std::pair<std::string, double>> Evidence::named() const {
  return {{"coverage", coverage},         {"focus", focus},   {"title_prec", title_prec},
          {"question_cov", question_cov}, {"question_prec", question_prec},
          {"intent", intent},             {"bm25_rel", bm25_rel}, {"margin", margin},
          {"unmatched", unmatched},       {"terms", terms},
          {"has_question", has_question}, {"topic", topic}};
}

Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked,
                  const RankParams& params, double threshold) {
  Assessment a;
  a.other_confidence.assign(ranked.size(), 0.0);
  if (ranked.empty() || q.terms.empty()) return a;
  // Margin over the best passage of another document: a clear winner is more
  // likely right than one of several near-equal documents.
  size_t rival = 0;
  for (size_t i = 1; i < ranked.size() && !rival; ++i)
    if (ranked[i].doc != ranked[0].doc) rival = i;
  double top = ranked[0].score;
  double margin = (rival && top > 0) ? std::clamp((top - ranked[rival].score) / top, 0.0, 1.0) : 1.0;
  for (size_t i = 0; i < ranked.size(); ++i)
    a.other_confidence[i] = predict(evidence_for(q, ranked[i], params, i == 0 ? margin : 0));
  a.evidence = evidence_for(q, ranked[0], params, margin);
  a.confidence = predict(a.evidence);
  a.other_confidence[0] = a.confidence;
  if (a.confidence < threshold) {
    a.status = Status::no_answer;
  } else if (rival && a.other_confidence[rival] >= threshold &&
             predict(evidence_for(q, ranked[rival], params, 0)) > 0 &&
             ranked[rival].score >= top * (1 - kAmbiguityMargin)) {
    a.status = Status::ambiguous;
  } else {
    a.status = Status::answer;
  }
  return a;
}

}  // namespace faq::answer
