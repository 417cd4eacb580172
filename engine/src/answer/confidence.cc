#include "answer/confidence.h"

#include <algorithm>
#include <cmath>

#include "index/schema.h"

namespace faq::answer {
namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The model's coefficients, in this order. A margin counts as much as the
// first passage matches (the margins are weighed by bm25_rel, by topic and by
// question_prec): a lone weak match, one word of the question in the only
// passage that has it, has all the margin there is and says little; nor does
// a clear lead of a passage that shares only the product's name with the
// question ("youtube video") over others that share it too.
struct Model {
  double bias, coverage, focus, title_prec, question_cov, question_prec, intent, bm25_rel,
      margin_strength, unmatched, terms, has_question, topic, runner_up_strength, margin_topic,
      runner_up_topic, margin_question_prec;
};
// Fitted by `scripts/fit_confidence.py` (Newton's method to convergence;
// out-of-scope questions weigh 30%, in-domain ones 70%, the questions asked of
// each index by the square root of their number) on the development sets'
// indexes, on indexes of medquad-q2a and stackfaq twice and on five tenths of
// each (each tenth an index of its own); fitted on half of the questions and
// measured on the other half: ECE 0.032 stackfaq, 0.056 medquad-q2a, 0.132
// localgov-faq-ja, 0.051-0.144 on the five stackfaq tenths and 0.061-0.095 on
// the medquad-q2a ones; AUROC in-domain vs out-of-scope 0.993.
constexpr Model kModel = {-6.041, 0.294, 1.600, 0.958, 1.825, 1.876, 0.434, 0.117, 0.926,
                          -1.031, 1.014, 1.669, 1.919, 2.228, 1.034, 2.733, 2.202};

double predict(const Evidence& e) {
  const Model& m = kModel;
  return logistic(m.bias + m.coverage * e.coverage + m.focus * e.focus + m.title_prec * e.title_prec +
                  m.question_cov * e.question_cov + m.question_prec * e.question_prec +
                  m.intent * e.intent + m.bm25_rel * e.bm25_rel +
                  m.margin_strength * e.margin * e.bm25_rel + m.unmatched * e.unmatched +
                  m.terms * e.terms + m.has_question * e.has_question + m.topic * e.topic +
                  m.runner_up_strength * e.runner_up * e.bm25_rel + m.margin_topic * e.margin * e.topic +
                  m.runner_up_topic * e.runner_up * e.topic +
                  m.margin_question_prec * e.margin * e.question_prec);
}

// The relative margin of `top` over `other` in [0, 1].
double relative_margin(double top, double other) {
  return top > 0 ? std::clamp((top - other) / top, 0.0, 1.0) : 0.0;
}

Evidence evidence_for(const search::Question& q, const search::Candidate& c, const RankParams& params,
                      double margin, double runner_up) {
  Evidence e;
  // The ranker's coverage features leave out the words the index lacks (no
  // passage has them); here they count, weighing as the rarest words of the
  // index. Else an unknown word would raise the coverage of what remains,
  // the more so the smaller the index, where more of a question's words are
  // unknown.
  auto seen_share = [&](double known) { return known > 0 ? known / (known + q.unseen_idf) : 0.0; };
  const double seen = seen_share(q.idf_total);
  e.coverage = c.f.coverage * seen;
  e.focus = c.f.title_cov * seen_share(q.focus_idf_total);
  e.title_prec = c.f.title_prec;
  e.question_cov = c.f.question_cov * seen;
  e.question_prec = c.f.question_prec;
  e.intent = c.f.intent;
  // Each term contributes at most idf * (k1 + 1) to BM25, k1 as searched
  // (index::normalized_wdf); Xapian's idf differs a little from log(N/n),
  // hence the clamp.
  double ceiling = (q.idf_total + q.unseen_idf) * (index::searched_k1(params.k1) + 1);
  e.bm25_rel = ceiling > 0 ? std::min(1.0, c.bm25 / ceiling) : 0;
  e.margin = margin;
  e.runner_up = runner_up;
  // A corrected word is a guess: it counts as unmatched evidence.
  size_t content = q.asked + q.unmatched.size();
  size_t unknown = q.unmatched.size() + q.corrected_words.size();
  e.unmatched = content ? std::min(1.0, static_cast<double>(unknown) / content) : 0;
  // Past a handful of content words, more words say no more (long messages
  // carry background and filler), and the model was fitted on questions of
  // up to about this many: it must not extrapolate.
  constexpr size_t kTermsSeen = 8;
  e.terms = std::log1p(static_cast<double>(std::min(q.asked, kTermsSeen)));
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
          {"has_question", has_question}, {"topic", topic},     {"runner_up", runner_up}};
}

Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked,
                  const RankParams& params, double threshold) {
  Assessment a;
  a.other_confidence.assign(ranked.size(), 0.0);
  if (ranked.empty() || q.terms.empty()) return a;
  // Margin over the best passage of another document: a clear winner is more
  // likely right than one of several near-equal documents. Margin over the
  // next passage of any document: other sections of the same document
  // compete too (the more of them an index holds, the likelier a wrong one
  // wins). A passage with exactly the first's score is taken for a copy of
  // it, which competes with nothing. Without a rival there is no margin to
  // speak of: a passage is alone when it holds the question's only word
  // the index knows, which is how most out-of-scope questions match (on the
  // development sets' indexes, 2,479 out-of-scope questions against 280
  // in-domain ones had no rival).
  size_t rival = 0, next = 0;
  double top = ranked[0].score;
  for (size_t i = 1; i < ranked.size() && !(rival && next); ++i) {
    if (!rival && ranked[i].doc != ranked[0].doc) rival = i;
    if (!next && ranked[i].score != top) next = i;
  }
  double margin = rival ? relative_margin(top, ranked[rival].score) : 0.0;
  double runner_up = next ? relative_margin(top, ranked[next].score) : 0.0;
  a.evidence = evidence_for(q, ranked[0], params, margin, runner_up);
  a.confidence = predict(a.evidence);
  a.other_confidence[0] = a.confidence;
  // The others as if each were first, without a margin over the rest.
  for (size_t i = 1; i < ranked.size(); ++i)
    a.other_confidence[i] = predict(evidence_for(q, ranked[i], params, 0, 0));
  if (a.confidence < threshold) {
    a.status = Status::no_answer;
  } else if (rival && a.other_confidence[rival] >= threshold &&
             ranked[rival].score >= top * (1 - kAmbiguityMargin)) {
    a.status = Status::ambiguous;
  } else {
    a.status = Status::answer;
  }
  return a;
}

}  // namespace faq::answer
