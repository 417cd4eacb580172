#include "search/ranker.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "index/schema.h"

namespace faq::search {
namespace {

// idf of a field term: from the question when it has the term, else from the
// index (a title's rare words count more than its common ones).
double field_idf(const std::string& term, const std::unordered_map<std::string, double>& q_idf,
                 const Xapian::Database& db, double n_docs,
                 std::unordered_map<std::string, double>& cache) {
  if (auto it = q_idf.find(term); it != q_idf.end()) return it->second;
  if (auto it = cache.find(term); it != cache.end()) return it->second;
  Xapian::doccount tf = db.get_termfreq(term);
  double idf = std::log((n_docs + 1) / std::max<Xapian::doccount>(tf, 1));
  cache.emplace(term, idf);
  return idf;
}

// Coverage of the question by `field` and of `field` by the question.
void overlap(const std::vector<std::string>& field,
             const std::unordered_map<std::string, double>& q_idf, double q_total,
             const Xapian::Database& db, double n_docs,
             std::unordered_map<std::string, double>& cache, double& cov, double& prec) {
  cov = prec = 0;
  if (field.empty() || q_total <= 0) return;
  std::unordered_set<std::string> seen;
  double matched_q = 0, field_total = 0, matched_f = 0;
  for (const std::string& t : field) {
    if (!seen.insert(t).second) continue;
    double idf = field_idf(t, q_idf, db, n_docs, cache);
    field_total += idf;
    if (q_idf.count(t)) {
      matched_q += q_idf.at(t);
      matched_f += idf;
    }
  }
  cov = matched_q / q_total;
  prec = field_total > 0 ? matched_f / field_total : 0;
}

double intent_match(const text::IntentVector& q, const text::IntentVector& p) {
  double q_sum = 0, dot = 0;
  for (int i = 0; i < text::kIntents; ++i) {
    q_sum += q[i];
    dot += q[i] * p[i];
  }
  return q_sum > 0 ? dot / q_sum : 0;
}

// idf share of the question's terms present anywhere in the passage: BM25
// saturates, so a passage matching every rare word can still lose to one
// repeating a single word.
double coverage(const Xapian::Database& db, Xapian::docid docid,
                const std::vector<std::pair<std::string, double>>& sorted_terms, double total) {
  if (total <= 0) return 0;
  double matched = 0;
  Xapian::TermIterator it = db.termlist_begin(docid), end = db.termlist_end(docid);
  for (const auto& [term, idf] : sorted_terms) {
    it.skip_to(term);
    if (it == end) break;
    if (*it == term) matched += idf;
  }
  return matched / total;
}

constexpr size_t kCoverageForTop = 10;

}  // namespace

void rank(const Question& q, const RankParams& params, const Xapian::Database& db,
          std::vector<Candidate>& candidates) {
  if (candidates.empty()) return;
  const double n_docs = std::max<double>(1, db.get_doccount());
  std::unordered_map<std::string, double> q_idf;
  std::unordered_map<std::string, double> focus_idf;  // the question minus its intent cues
  for (const QueryTerm& t : q.terms) {
    q_idf[t.term] = t.idf;
    if (!t.cue) focus_idf[t.term] = t.idf;
  }
  std::unordered_map<std::string, double> cache;
  std::vector<std::pair<std::string, double>> sorted_terms;
  for (const QueryTerm& t : q.terms) sorted_terms.emplace_back(t.term, t.idf);
  std::sort(sorted_terms.begin(), sorted_terms.end());

  double best = 0;
  for (const Candidate& c : candidates) best = std::max(best, c.bm25);
  for (Candidate& c : candidates) {
    Xapian::Document doc = db.get_document(c.docid, Xapian::DOC_ASSUME_VALID);
    index::FieldTerms fields = index::decode_fields(doc.get_value(index::kSlotFields));
    c.intents = text::decode_intents(doc.get_value(index::kSlotIntents));
    c.doc_key = doc.get_value(index::kSlotDocKey);

    Features& f = c.f;
    f.bm25 = best > 0 ? c.bm25 / best : 0;
    double unused;
    overlap(fields.title, q_idf, q.idf_total, db, n_docs, cache, unused, f.title_prec);
    overlap(fields.title, focus_idf, q.focus_idf_total, db, n_docs, cache, f.title_cov, unused);
    std::vector<std::string> qh = fields.question;
    qh.insert(qh.end(), fields.heading.begin(), fields.heading.end());
    overlap(qh, q_idf, q.idf_total, db, n_docs, cache, f.question_cov, f.question_prec);
    f.intent = intent_match(q.intents, c.intents);
    f.has_question = fields.question.empty() ? 0 : 1;
    if (params.w_coverage != 0) f.coverage = coverage(db, c.docid, sorted_terms, q.idf_total);
  }
  // Document-level evidence: a passage of a document that matches well as a
  // whole is more likely right than an equally scored stray passage.
  std::unordered_map<std::string, double> doc_best;
  for (const Candidate& c : candidates) {
    double& d = doc_best[c.doc_key];
    d = std::max(d, c.f.bm25);
  }
  for (Candidate& c : candidates) {
    Features& f = c.f;
    f.doc = doc_best[c.doc_key];

    c.score = params.w_bm25 * f.bm25 + params.w_title_cov * f.title_cov +
              params.w_title_prec * f.title_prec + params.w_question_cov * f.question_cov +
              params.w_question_prec * f.question_prec + params.w_intent * f.intent +
              params.w_doc * f.doc + params.w_coverage * f.coverage;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // The confidence estimate needs coverage of the passages that can be shown.
  if (params.w_coverage == 0)
    for (size_t i = 0; i < candidates.size() && i < kCoverageForTop; ++i)
      candidates[i].f.coverage = coverage(db, candidates[i].docid, sorted_terms, q.idf_total);
}

}  // namespace faq::search
