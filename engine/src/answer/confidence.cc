#include "answer/confidence.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <utility>

#include "index/schema.h"

namespace faq::answer {
namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// One node of the model's regression trees: an inner node sends the evidence
// left when its feature is at most `threshold`; a leaf (feature -1) holds
// the value it adds to the sum. A value that is not a number (no evidence
// is, but the trees know where it would go) goes where `missing_left` says.
struct Node {
  double threshold;
  double value;
  uint16_t left, right;
  int8_t feature;
  bool missing_left;
};

// The model: gradient-boosted regression trees fitted by
// `scripts/fit_confidence.py --write` (log loss; out-of-scope questions weigh
// 30%, in-domain ones 70%, the questions asked of each index by the square
// root of their number) on the development sets' indexes, on indexes of
// medquad-q2a and stackfaq twice and on five tenths of each (each tenth an
// index of its own). The confidence is the logistic of kBaseline plus the
// leaf each tree sends the evidence to.
#include "answer/confidence_model.inc"

static_assert(kDefaultThreshold == kFittedThreshold,
              "faq::kDefaultThreshold must be the threshold fitted with the model");

// The evidence by name (Evidence::named() and `faq batch` show it so), in
// the order of the model's features (kFeatures, the names it was fitted on).
constexpr std::pair<std::string_view, double Evidence::*> kMembers[] = {
    {"coverage", &Evidence::coverage},
    {"focus", &Evidence::focus},
    {"title_prec", &Evidence::title_prec},
    {"question_cov", &Evidence::question_cov},
    {"question_prec", &Evidence::question_prec},
    {"intent", &Evidence::intent},
    {"bm25_rel", &Evidence::bm25_rel},
    {"margin", &Evidence::margin},
    {"unmatched", &Evidence::unmatched},
    {"terms", &Evidence::terms},
    {"has_question", &Evidence::has_question},
    {"topic", &Evidence::topic},
    {"runner_up", &Evidence::runner_up}};
constexpr bool in_order() {
  if (std::size(kFeatures) != std::size(kMembers)) return false;
  for (size_t i = 0; i < std::size(kFeatures); ++i)
    if (kMembers[i].first != kFeatures[i]) return false;
  return true;
}
static_assert(in_order(), "confidence_model.inc reads the evidence in another order than kMembers");

// The evidence's values, in kMembers' order.
std::array<double, std::size(kMembers)> values(const Evidence& e) {
  std::array<double, std::size(kMembers)> x{};
  for (size_t i = 0; i < x.size(); ++i) x[i] = e.*kMembers[i].second;
  return x;
}

double predict(const Evidence& e) {
  const auto x = values(e);
  double sum = kBaseline;
  for (uint16_t root : kRoots) {
    const Node* n = &kNodes[root];
    while (n->feature >= 0) {
      const double v = x[n->feature];
      n = &kNodes[(std::isnan(v) ? n->missing_left : v <= n->threshold) ? n->left : n->right];
    }
    sum += n->value;
  }
  return logistic(sum);
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
  std::vector<std::pair<std::string, double>> out;
  const auto x = values(*this);
  for (size_t i = 0; i < x.size(); ++i) out.emplace_back(kMembers[i].first, x[i]);
  return out;
}

Assessment assess(const search::Question& q, const std::vector<search::Candidate>& ranked,
                  const RankParams& params, double threshold, size_t shown) {
  Assessment a;
  a.other_confidence.assign(std::min(ranked.size(), shown), 0.0);
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
  if (!a.other_confidence.empty()) a.other_confidence[0] = a.confidence;
  // The others shown as if each were first, without a margin over the rest.
  auto as_first = [&](size_t i) { return predict(evidence_for(q, ranked[i], params, 0, 0)); };
  for (size_t i = 1; i < a.other_confidence.size(); ++i) a.other_confidence[i] = as_first(i);
  if (a.confidence < threshold) {
    a.status = Status::no_answer;
  } else if (rival && ranked[rival].score >= top * (1 - kAmbiguityMargin) &&
             (rival < a.other_confidence.size() ? a.other_confidence[rival] : as_first(rival)) >= threshold) {
    a.status = Status::ambiguous;
  } else {
    a.status = Status::answer;
  }
  return a;
}

}  // namespace faq::answer
