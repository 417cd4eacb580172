#include "search/ranker.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "index/schema.h"

namespace faq::search {
namespace {

// The question's terms with their idf, looked up by linear scan: a question
// has at most kMaxQueryTerms of them, and fields are short.
using TermWeights = std::vector<std::pair<std::string_view, double>>;

const double* find_weight(const TermWeights& w, std::string_view term) {
  for (const auto& [t, idf] : w)
    if (t == term) return &idf;
  return nullptr;
}

// Coverage of the question by `field` and of `field` by the question. A
// field's own terms are weighted by the question's idf when it has them,
// else by the index's (a title's rare words count more than its common ones).
void overlap(const std::vector<const std::string*>& field, const TermWeights& q, double q_total,
             IdfCache& idf, double& cov, double& prec) {
  cov = prec = 0;
  if (field.empty() || q_total <= 0) return;
  double matched_q = 0, field_total = 0, matched_f = 0;
  for (const std::string* t : field) {
    const double* qw = find_weight(q, *t);
    double w = qw ? *qw : idf.idf(*t);
    field_total += w;
    if (qw) {
      matched_q += *qw;
      matched_f += w;
    }
  }
  cov = matched_q / q_total;
  prec = field_total > 0 ? matched_f / field_total : 0;
}

// The distinct terms of the given lists, in first-seen order.
void distinct(std::initializer_list<const std::vector<std::string>*> lists,
              std::vector<const std::string*>& out) {
  out.clear();
  for (const auto* list : lists)
    for (const std::string& t : *list)
      if (std::none_of(out.begin(), out.end(), [&](const std::string* o) { return *o == t; }))
        out.push_back(&t);
}

// Share of `field`'s terms, weighted by log(1 + termfreq), the question
// mentions. Unlike idf weighting this favours the words a field shares with
// many others — the product, the disease — over its details: a question that
// names none of them is rarely about this passage, however many details match.
double topic_share(const std::vector<const std::string*>& field, const TermWeights& q, IdfCache& idf) {
  double total = 0, matched = 0;
  for (const std::string* t : field) {
    double w = idf.log_termfreq(*t);
    total += w;
    if (find_weight(q, *t)) matched += w;
  }
  return total > 0 ? matched / total : 0;
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
// repeating a single word. Computed for candidates [0, n) by walking each
// term's posting list over their (sorted) document ids: postings are cheap
// to skip through, where a document's term list would have to be inflated.
void coverage(const Xapian::Database& db, std::vector<Candidate>& candidates, size_t n,
              const std::vector<std::pair<std::string, double>>& terms, double total) {
  n = std::min(n, candidates.size());
  std::vector<Xapian::docid> docids;
  for (size_t i = 0; i < n; ++i) {
    candidates[i].f.coverage = 0;
    docids.push_back(candidates[i].docid);
  }
  if (total <= 0 || docids.empty()) return;
  const auto order = docid_order(docids);
  for (const auto& [term, idf] : terms) {
    Xapian::PostingIterator it = db.postlist_begin(term), end = db.postlist_end(term);
    for (const auto& [docid, i] : order) {
      it.skip_to(docid);
      if (it == end) break;
      if (*it == docid) candidates[i].f.coverage += idf / total;
    }
  }
}

constexpr size_t kCoverageForTop = 10;

}  // namespace

std::vector<std::pair<Xapian::docid, size_t>> docid_order(const std::vector<Xapian::docid>& docids) {
  std::vector<std::pair<Xapian::docid, size_t>> order;
  order.reserve(docids.size());
  for (size_t i = 0; i < docids.size(); ++i) order.emplace_back(docids[i], i);
  std::sort(order.begin(), order.end());
  return order;
}

std::vector<std::string> read_values(const Xapian::Database& db, Xapian::valueno slot,
                                     const std::vector<Xapian::docid>& docids) {
  std::vector<std::string> out(docids.size());
  Xapian::ValueIterator it = db.valuestream_begin(slot), end = db.valuestream_end(slot);
  for (const auto& [docid, i] : docid_order(docids)) {
    if (it == end) break;
    it.skip_to(docid);
    if (it != end && it.get_docid() == docid) out[i] = *it;
  }
  return out;
}

IdfCache::IdfCache(const Xapian::Database& db)
    : db_(db), n_docs_(std::max<double>(1, db.get_doccount())) {}

const IdfCache::Entry& IdfCache::lookup(const std::string& term) {
  if (auto it = cache_.find(term); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxEntries) cache_.clear();
  double tf = db_.get_termfreq(term);
  Entry e{std::log((n_docs_ + 1) / std::max(tf, 1.0)), std::log1p(tf)};
  return cache_.emplace(term, e).first->second;
}

double IdfCache::idf(const std::string& term) { return lookup(term).idf; }

double IdfCache::log_termfreq(const std::string& term) { return lookup(term).log_tf; }

void rank(const Question& q, const RankParams& params, const Xapian::Database& db, IdfCache& idf,
          std::vector<Candidate>& candidates) {
  if (candidates.empty()) return;
  TermWeights q_idf;
  TermWeights focus_idf;  // the question minus its intent cues
  for (const QueryTerm& t : q.terms) {
    q_idf.emplace_back(t.term, t.idf);
    if (!t.cue) focus_idf.emplace_back(t.term, t.idf);
  }
  std::vector<const std::string*> title, qh;
  std::vector<std::pair<std::string, double>> sorted_terms;
  for (const QueryTerm& t : q.terms) sorted_terms.emplace_back(t.term, t.idf);
  std::sort(sorted_terms.begin(), sorted_terms.end());

  if (params.w_coverage != 0) coverage(db, candidates, candidates.size(), sorted_terms, q.idf_total);
  double best = 0;
  for (const Candidate& c : candidates) best = std::max(best, c.bm25);
  std::vector<Xapian::docid> docids;
  docids.reserve(candidates.size());
  for (const Candidate& c : candidates) docids.push_back(c.docid);
  const std::vector<std::string> raw = read_values(db, index::kSlotRank, docids);
  for (size_t ci = 0; ci < candidates.size(); ++ci) {
    Candidate& c = candidates[ci];
    index::RankValue value = index::decode_rank_value(raw[ci]);
    const index::FieldTerms& fields = value.fields;
    c.intents = text::decode_intents(value.intents);
    c.doc_key = std::move(value.doc_key);

    Features& f = c.f;
    f.bm25 = best > 0 ? c.bm25 / best : 0;
    double unused;
    distinct({&fields.title}, title);
    overlap(title, q_idf, q.idf_total, idf, unused, f.title_prec);
    overlap(title, focus_idf, q.focus_idf_total, idf, f.title_cov, unused);
    distinct({&fields.question, &fields.heading}, qh);
    overlap(qh, q_idf, q.idf_total, idf, f.question_cov, f.question_prec);
    distinct({&fields.title, &fields.question, &fields.heading}, qh);
    f.topic = topic_share(qh, q_idf, idf);
    f.intent = intent_match(q.intents, c.intents);
    f.has_question = fields.question.empty() ? 0 : 1;
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
              params.w_doc * f.doc + params.w_coverage * f.coverage + params.w_topic * f.topic;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // The confidence estimate needs coverage of the passages that can be shown.
  if (params.w_coverage == 0) coverage(db, candidates, kCoverageForTop, sorted_terms, q.idf_total);
}

}  // namespace faq::search
