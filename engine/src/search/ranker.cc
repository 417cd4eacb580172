#include "search/ranker.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "index/schema.h"

namespace faq::search {
namespace {

// A question term as the ranker weighs it. Looked up by linear scan: a
// question has at most kMaxQueryTerms (+ kMaxSynonymTerms) of them, and
// fields are short.
struct WeightedTerm {
  std::string_view term;
  double idf;     // log((N + 1) / termfreq)
  double log_tf;  // log(1 + termfreq)
  bool focus;     // not an intent cue: part of what is asked about
  int concept;    // what it asks for: its own index, or for a synonym's term the
                  // question's term it stands for (QueryTerm::alias_of)
};

// The question's terms as the ranker weighs them.
std::vector<WeightedTerm> weighted_terms(const Question& q) {
  std::vector<WeightedTerm> out;
  for (size_t i = 0; i < q.terms.size(); ++i) {
    const QueryTerm& t = q.terms[i];
    out.push_back({t.term, t.idf, std::log1p(t.df), !t.cue, t.alias_of >= 0 ? t.alias_of : static_cast<int>(i)});
  }
  return out;
}

// The idf of the question's own terms among `concepts` (a bit per term), for
// all or for the focus only: a term and its synonyms count once.
double concept_idf(const Question& q, uint64_t concepts, bool focus_only) {
  double sum = 0;
  for (size_t i = 0; i < q.asked && i < 64; ++i)
    if ((concepts >> i & 1) && !(focus_only && q.terms[i].cue)) sum += q.terms[i].idf;
  return sum;
}

const WeightedTerm* find_term(const std::vector<WeightedTerm>& q, std::string_view term) {
  for (const WeightedTerm& t : q)
    if (t.term == term) return &t;
  return nullptr;
}

// A distinct term of a passage's title, question and headings, and where it is.
struct FieldTerm {
  std::string_view term;
  bool in_title = false;
  bool in_qh = false;  // in the question (or an alternate) or a heading
  bool in_heading = false;
};

enum class Field { title, question, heading };

void add_distinct(const std::vector<std::string_view>& list, Field field, std::vector<FieldTerm>& out) {
  for (std::string_view t : list) {
    auto it = std::find_if(out.begin(), out.end(), [&](const FieldTerm& f) { return f.term == t; });
    if (it == out.end()) it = out.insert(out.end(), FieldTerm{t});
    (field == Field::title ? it->in_title : it->in_qh) = true;
    if (field == Field::heading) it->in_heading = true;
  }
}

// The field features of one passage, in one pass over its distinct field
// terms. A field's own terms are weighted by the question's idf when it has
// them, else by the index's (a title's rare words count more than its common
// ones); each is looked up in the index at most once.
//  - title_prec: idf share of the title the question mentions (focus);
//  - title_cov: idf share of the question's focus found in the title;
//  - question_cov / question_prec: the same two ways between the question and
//    the passage's question and headings;
//  - topic: share of all these terms, weighted by log(1 + termfreq), that the
//    question mentions. Unlike idf weighting this favours the words a field
//    shares with many others (the product, the disease) over its details: a
//    question that names none of them is rarely about this passage, however
//    many details match.
void field_features(const std::vector<FieldTerm>& fields, const std::vector<WeightedTerm>& q,
                    const Question& question, TermStats& stats, Features& f, bool answers_intent) {
  double title_total = 0, title_matched = 0;
  double qh_total = 0, qh_matched = 0;
  double topic_total = 0, topic_matched = 0;
  uint64_t title_concepts = 0, qh_concepts = 0;  // the question's terms each field has
  bool any_title = false, any_qh = false;
  for (const FieldTerm& ft : fields) {
    const WeightedTerm* qt = find_term(q, ft.term);
    double w, log_tf;
    if (qt) {
      w = qt->idf;
      log_tf = qt->log_tf;
    } else {
      const TermStats::Entry& e = stats.lookup(std::string(ft.term));
      w = e.idf;
      log_tf = e.log_tf;
    }
    const uint64_t concept = qt ? uint64_t(1) << qt->concept : 0;
    topic_total += log_tf;
    if (qt) topic_matched += log_tf;
    if (ft.in_title) {
      any_title = true;
      title_total += w;
      if (qt) title_matched += w;
      title_concepts |= concept;
    }
    if (ft.in_qh) {
      any_qh = true;
      qh_total += w;
      // Likewise a heading's word for what its section answers ("Treatment"
      // of "Treatment of X"), when that is what the question asks. Headings
      // only: a question's such words may name the topic ("hereditary").
      if (qt || (answers_intent && ft.in_heading && text::is_intent_cue(ft.term))) qh_matched += w;
      qh_concepts |= concept;
    }
  }
  const double title_focus = concept_idf(question, title_concepts, true);
  // The words that say what is asked ("treated") are covered by a question
  // or heading that asks the same, however it words it ("Treatment of X").
  if (answers_intent && any_qh)
    for (size_t i = 0; i < question.asked && i < 64; ++i)
      if (question.terms[i].cue) qh_concepts |= uint64_t(1) << i;
  const double qh_covered = concept_idf(question, qh_concepts, false);
  f.title_prec = any_title && question.idf_total > 0 && title_total > 0 ? title_matched / title_total : 0;
  f.title_cov = any_title && question.focus_idf_total > 0 ? title_focus / question.focus_idf_total : 0;
  f.question_cov = any_qh && question.idf_total > 0 ? qh_covered / question.idf_total : 0;
  f.question_prec = any_qh && question.idf_total > 0 && qh_total > 0 ? qh_matched / qh_total : 0;
  f.topic = topic_total > 0 ? topic_matched / topic_total : 0;
}

// Whether every content term of the question is one of `title`'s.
bool names_only(const Question& q, const std::vector<std::string_view>& title) {
  for (size_t i = 0; i < q.asked; ++i)
    if (std::find(title.begin(), title.end(), q.terms[i].term) == title.end()) return false;
  return q.asked > 0;
}

// BM25 of the question's common terms in the passage's question and headings,
// on the matcher's scale (index::normalized_wdf): the matcher leaves their
// questions-and-headings terms out (engine.cc), their posting lists being
// long. Approximate: no length normalization, and the terms' idf over whole
// passages.
double common_short_bm25(const Question& q, const RankParams& params, const index::RankValueView& v) {
  const double k1 = params.k1;
  double sum = 0;
  for (const QueryTerm& t : q.terms) {
    if (!t.common) continue;
    auto n = std::count(v.question.begin(), v.question.end(), t.term) +
             std::count(v.heading.begin(), v.heading.end(), t.term);
    if (n == 0) continue;
    double tf = static_cast<double>(n), wqf = t.wqf;
    sum += t.idf * (index::searched_k1(k1) + 1) * (2 * wqf / (1 + wqf)) * tf / (k1 + tf);
  }
  return sum;
}

// An intent match from which a passage is taken to answer what is asked.
constexpr double kIntentAnswered = 0.75;

double intent_match(const text::IntentVector& q, const text::IntentVector& p) {
  double q_sum = 0, dot = 0;
  for (int i = 0; i < text::kIntents; ++i) {
    q_sum += q[i];
    dot += q[i] * p[i];
  }
  return q_sum > 0 ? dot / q_sum : 0;
}

// How much of what a passage answers the question does not ask, when the
// question asks something: "Causes of X" for "how is X treated?". Only the
// intents that name a section of a topic (definition to stages) count: "how
// do I ..." and "is it possible to ..." ask the same thing in other words.
double other_intent(const text::IntentVector& q, const text::IntentVector& p) {
  double q_sum = 0, p_sum = 0, other = 0;
  for (int i = 0; i < static_cast<int>(text::Intent::cost); ++i) {
    q_sum += q[i];
    p_sum += p[i];
    if (q[i] == 0) other += p[i];
  }
  return q_sum > 0 && p_sum > 0 ? other / p_sum : 0;
}

// Calls found(i, wdf) for each candidate i (listed in `order`, by document
// id) whose document holds `term`: one walk of its posting list, skipping
// from candidate to candidate.
template <typename Found>
void for_postings(const Xapian::Database& db, const std::string& term,
                  const std::vector<std::pair<Xapian::docid, size_t>>& order, Found found) {
  Xapian::PostingIterator it = db.postlist_begin(term), end = db.postlist_end(term);
  for (const auto& [docid, i] : order) {
    it.skip_to(docid);
    if (it == end) break;
    if (*it == docid) found(i, it.get_wdf());
  }
}

// idf share of the question's terms present anywhere in the passage: BM25
// saturates, so a passage matching every rare word can still lose to one
// repeating a single word. Computed for candidates [0, n) by walking each
// term's posting list over their (sorted) document ids: postings are cheap
// to skip through, where a document's term list would have to be inflated.
void coverage(const Xapian::Database& db, const Question& q, std::vector<Candidate>& candidates, size_t n,
              const std::vector<std::pair<std::string, int>>& terms) {
  n = std::min(n, candidates.size());
  std::vector<Xapian::docid> docids;
  for (size_t i = 0; i < n; ++i) {
    candidates[i].f.coverage = 0;
    docids.push_back(candidates[i].docid);
  }
  if (q.idf_total <= 0 || docids.empty()) return;
  const auto order = docid_order(docids);
  std::vector<uint64_t> found(n, 0);  // per candidate, a bit per question's term it holds
  for (const auto& [term, concept] : terms) {
    const uint64_t bit = uint64_t(1) << concept;
    for_postings(db, term, order, [&](size_t i, Xapian::termcount) { found[i] |= bit; });
  }
  for (size_t i = 0; i < n; ++i) candidates[i].f.coverage = concept_idf(q, found[i], false) / q.idf_total;
}

constexpr size_t kCoverageForTop = 10;

// The BM25 of the question's common terms (QueryTerm::common), added to the
// candidates' matcher scores: the matcher leaves them out, their posting
// lists being long (engine.cc), and this walks those lists only over the
// candidates' (sorted) document ids. The same weight as Xapian's BM25Weight
// with b = 0 (the index holds normalized frequencies), k3 = 1.
void add_common_bm25(const Question& q, const RankParams& params, const Xapian::Database& db,
                     std::vector<Candidate>& candidates) {
  if (std::none_of(q.terms.begin(), q.terms.end(), [](const QueryTerm& t) { return t.common; })) return;
  std::vector<Xapian::docid> docids;
  for (const Candidate& c : candidates) docids.push_back(c.docid);
  const auto order = docid_order(docids);
  const double n_docs = db.get_doccount();
  const double k1 = index::searched_k1(params.k1);
  for (const QueryTerm& t : q.terms) {
    if (!t.common) continue;
    double tw = (n_docs - t.df + 0.5) / (t.df + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;  // as Xapian does, to keep weights positive
    const double wqf = t.wqf;
    const double termweight = std::log(tw) * (k1 + 1) * (2 * wqf / (1 + wqf));
    for_postings(db, t.term, order, [&](size_t i, Xapian::termcount wdf) {
      candidates[i].bm25 += termweight * wdf / (k1 + wdf);
    });
  }
}

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

void rank(const Question& q, const RankParams& params, const Xapian::Database& db, TermStats& stats,
          RankValueCache& values, std::vector<Candidate>& candidates, size_t depth) {
  if (candidates.empty()) return;
  add_common_bm25(q, params, db, candidates);
  if (candidates.size() > depth) {
    auto better = [](const Candidate& a, const Candidate& b) {
      return a.bm25 != b.bm25 ? a.bm25 > b.bm25 : a.docid < b.docid;
    };
    std::partial_sort(candidates.begin(), candidates.begin() + depth, candidates.end(), better);
    candidates.resize(depth);
  }
  const std::vector<WeightedTerm> weighted = weighted_terms(q);
  std::vector<std::pair<std::string, int>> sorted_terms;  // (term, concept), by term
  for (const WeightedTerm& t : weighted) sorted_terms.emplace_back(t.term, t.concept);
  std::sort(sorted_terms.begin(), sorted_terms.end());

  if (params.w_coverage != 0) coverage(db, q, candidates, candidates.size(), sorted_terms);
  std::vector<Xapian::docid> docids;
  docids.reserve(candidates.size());
  for (const Candidate& c : candidates) docids.push_back(c.docid);
  std::vector<std::string> scratch;
  const std::vector<std::string_view> raw = values.get(db, docids, scratch);
  index::RankValueView value;
  {
    // The field terms the question lacks, looked up together (TermStats::prefetch).
    // Each value is decoded again below into the one reused view: keeping
    // every candidate's decoded view instead costs more (callgrind, 300 short
    // questions: 459 M -> 482 M instructions), for the vectors it allocates.
    std::vector<std::string_view> unknown;
    for (std::string_view r : raw) {
      index::decode_rank_value(r, value);
      for (const auto* list : {&value.title, &value.question, &value.heading})
        for (std::string_view t : *list)
          if (!find_term(weighted, t)) unknown.push_back(t);
    }
    stats.prefetch(unknown);
  }
  std::vector<FieldTerm> fields;
  const char* asked_for = text::top_intent(q.intents);
  const bool asks_definition = asked_for && std::string_view(asked_for) == "definition";
  for (size_t ci = 0; ci < candidates.size(); ++ci) {
    Candidate& c = candidates[ci];
    index::decode_rank_value(raw[ci], value);
    c.intents = text::decode_intents(value.intents);
    c.doc = value.doc;

    Features& f = c.f;
    c.bm25 += params.w_short * common_short_bm25(q, params, value);
    fields.clear();
    add_distinct(value.title, Field::title, fields);
    // A lead passage's question taken from its title answers "what is X?"
    // (or just "X"), not every question about X.
    const bool question_counts = !index::title_question(value.intents) || asks_definition ||
                                 (!asked_for && names_only(q, value.title));
    if (question_counts) add_distinct(value.question, Field::question, fields);
    add_distinct(value.heading, Field::heading, fields);
    f.intent = intent_match(q.intents, c.intents);
    f.other_intent = other_intent(q.intents, c.intents);
    field_features(fields, weighted, q, stats, f, f.intent >= kIntentAnswered);
    f.has_question = value.question.empty() || !question_counts ? 0 : 1;
  }
  double best = 0;
  for (const Candidate& c : candidates) best = std::max(best, c.bm25);
  for (Candidate& c : candidates) c.f.bm25 = best > 0 ? c.bm25 / best : 0;
  // Document-level evidence: a passage of a document that matches well as a
  // whole is more likely right than an equally scored stray passage.
  std::unordered_map<uint64_t, double> doc_best;
  for (const Candidate& c : candidates) {
    double& d = doc_best[c.doc];
    d = std::max(d, c.f.bm25);
  }
  for (Candidate& c : candidates) {
    Features& f = c.f;
    f.doc = doc_best[c.doc];

    c.score = params.w_bm25 * f.bm25 + params.w_title_cov * f.title_cov +
              params.w_title_prec * f.title_prec + params.w_question_cov * f.question_cov +
              params.w_question_prec * f.question_prec + params.w_intent * f.intent +
              params.w_doc * f.doc + params.w_coverage * f.coverage + params.w_topic * f.topic +
              params.w_other_intent * f.other_intent;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // The confidence estimate needs coverage of the passages that can be shown.
  if (params.w_coverage == 0) coverage(db, q, candidates, kCoverageForTop, sorted_terms);
}

}  // namespace faq::search
