#include "faq/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <unordered_set>

#include "answer/confidence.h"
#include "answer/snippet.h"
#include "faq/error.h"
#include "index/layout.h"
#include "index/schema.h"
#include "search/query.h"
#include "search/ranker.h"
#include "text/analyzer.h"

namespace faq {
namespace {

constexpr size_t kMaxQuestionBytes = 10000;
// Posting lists shorter than this cost little to walk: their terms always
// find passages (RankParams::common_share).
constexpr double kMinCommonDf = 1000;
// How many times `depth` passages the matcher returns when common terms are
// left to the ranker: their BM25 re-orders this pool before it is cut.
constexpr int kCommonPool = 3;
constexpr int kMaxK = 100;

// A server may keep a searcher per worker thread: each remembers the stems of
// a few thousand words (questions and snippets repeat theirs), not a corpus'.
constexpr size_t kSearcherStemCache = 8192;

// Passages may name their own language (Passage::lang): a question is also
// read as up to this many of the index's other languages stem it.
constexpr size_t kMaxOtherLanguages = 8;

// What one thread needs to search: Xapian objects are not thread-safe, so
// each concurrent ask() borrows its own.
struct Searcher {
  Xapian::Database db;
  uint64_t generation = 0;
  std::unique_ptr<text::Analyzer> analyzer;  // of the index's language
  std::vector<std::unique_ptr<text::Analyzer>> others;  // of its passages' other languages
  std::unique_ptr<search::TermStats> stats;  // of `db`
  search::Synonyms synonyms;               // of `db`
  std::shared_ptr<search::RankValueCache> values;  // of `db`, shared with the generation's other searchers
  double threshold;  // for a question that sets none: the index's, else the default

  // Questions are read in the language `database` was built for: a
  // rebuild may change it.
  Searcher(Xapian::Database database, uint64_t gen, std::shared_ptr<search::RankValueCache> rank_values)
      : db(std::move(database)),
        generation(gen),
        analyzer(std::make_unique<text::Analyzer>(db.get_metadata(index::kMetaLang), kSearcherStemCache)),
        stats(std::make_unique<search::TermStats>(db)),
        synonyms(db),
        values(std::move(rank_values)),
        threshold(index::read_threshold(db)) {
    if (threshold < 0) threshold = kDefaultThreshold;
    const std::string prefix(index::kPrefixLang);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && others.size() < kMaxOtherLanguages; ++t) {
      std::string code = (*t).substr(prefix.size());
      if (!code.empty() && code != analyzer->lang())
        others.push_back(std::make_unique<text::Analyzer>(code, kSearcherStemCache));
    }
  }

  // The analyzer of a passage in language `lang` ("" = the index's).
  const text::Analyzer& analyzer_for(const std::string& lang) const {
    if (!lang.empty() && lang != analyzer->lang()) {
      const std::string code = text::language_code(lang);
      for (const auto& a : others)
        if (a->lang() == code) return *a;
    }
    return *analyzer;
  }
};

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The other sections of the first answer's document, in document order.
std::vector<FollowUp> follow_ups(const Xapian::Database& db,
                                 const std::vector<search::Candidate>& ranked, int limit) {
  std::vector<FollowUp> out;
  if (ranked.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(index::doc_term(ranked[0].doc)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(index::kSlotPosition, false);
  Xapian::MSet siblings = enquire.get_mset(0, 50);
  // Labels come from a value slot: no stored passage is parsed.
  std::string first_label = db.get_document(ranked[0].docid, Xapian::DOC_ASSUME_VALID)
                                .get_value(index::kSlotLabel);
  for (auto it = siblings.begin(); it != siblings.end() && static_cast<int>(out.size()) < limit; ++it) {
    if (*it == ranked[0].docid) continue;
    Xapian::Document doc = it.get_document();
    std::string label = doc.get_value(index::kSlotLabel);
    if (label.empty() || label == first_label) continue;
    if (std::any_of(out.begin(), out.end(), [&](const FollowUp& f) { return f.label == label; })) continue;
    out.push_back({doc.get_value(index::kSlotId), label});
  }
  return out;
}

// "thanks!", "ok, got it" or "hello": a social message that asks nothing,
// to be read alone, not in the conversation's context (English social words;
// other languages have no such list yet).
bool only_social(const search::Question& q) {
  if (!q.terms.empty() || text::top_intent(q.intents)) return false;
  for (const text::Word& w : q.words) {
    const std::string& t = w.text;
    if (t == "thanks" || t == "thank" || t == "thx" || t == "ok" || t == "okay" || t == "bye" ||
        t == "goodbye" || t == "hello" || t == "hi" || t == "hey" || t == "cheers")
      return true;
  }
  return false;
}

// "how is it treated?" or "and the outlook?" after a question about X: the
// question points back ("it", "that") or names nothing but what it asks for.
bool looks_like_follow_up(const search::Question& q) {
  if (q.words.size() > 12) return false;
  bool pronoun = false;
  for (const text::Word& w : q.words)
    pronoun |= w.text == "it" || w.text == "its" || w.text == "this" || w.text == "that" ||
               w.text == "they" || w.text == "them" || w.text == "these" || w.text == "those";
  bool names_something = false;
  for (const search::QueryTerm& t : q.terms) names_something |= !t.cue;
  for (const std::string& w : q.unmatched) names_something |= !text::is_intent_cue(w);
  return pronoun || !names_something;
}

Result answer_with(Searcher& s, std::string_view question, const AskOptions& options,
                   const RankParams& params) {
  Result result;
      search::Question q =
          search::analyze_question(question, *s.analyzer, s.db,
                                   {params.spelling, params.compounds, &s.synonyms, s.stats.get(), &s.others});
      result.corrected = q.corrected;
      result.unmatched = q.unmatched;
      if (const char* intent = text::top_intent(q.intents)) result.intent = intent;

      // Terms in more than `common_share` of the passages (and in thousands
      // of them) only add weight to the passages the rarer terms find: the
      // ranker adds their BM25 (search::rank), walking their long posting
      // lists over those candidates only, where the matcher would check
      // them for every passage the rarer terms find, which was most of the
      // work for a long message over a big index. A question of common
      // words only is asked as it is.
      std::vector<Xapian::Query> parts;
      const double common_df = std::max(params.common_share * s.db.get_doccount(), kMinCommonDf);
      auto is_common = [&](const search::QueryTerm& t) { return params.common_share > 0 && t.df > common_df; };
      bool any_rare = std::any_of(q.terms.begin(), q.terms.end(),
                                  [&](const search::QueryTerm& t) { return t.df > 0 && !is_common(t); });
      bool any_common = false;
      for (search::QueryTerm& t : q.terms) {
        t.common = any_rare && is_common(t);
        any_common |= t.common;
        if (!t.common) parts.emplace_back(t.term, t.wqf);
      }
      if (params.w_bigram > 0) {
        std::vector<Xapian::Query> bigrams;
        for (const std::string& b : s.analyzer->cjk_bigrams(question))
          bigrams.emplace_back(std::string(index::kPrefixBigram) + b);
        if (!bigrams.empty())
          parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                             Xapian::Query(Xapian::Query::OP_OR, bigrams.begin(), bigrams.end()),
                             params.w_bigram);
      }
      if (params.w_short > 0) {
        // The same terms against the passages' own questions and headings;
        // the ranker weighs the common terms' matches there from the rank
        // values (search::rank), which saves the matcher their posting lists.
        std::vector<Xapian::Query> shorts;
        for (const search::QueryTerm& t : q.terms)
          if (!t.common) shorts.emplace_back(std::string(index::kPrefixShort) + t.term, t.wqf);
        if (!shorts.empty())
          parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                             Xapian::Query(Xapian::Query::OP_OR, shorts.begin(), shorts.end()),
                             params.w_short);
      }
      Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
      std::vector<Xapian::Query> filters;
      for (const auto& [name, value] : options.filters) {
        if (name == "tag") filters.emplace_back(std::string(index::kPrefixTag) + text::normalize(value));
        else if (name == "lang") filters.emplace_back(std::string(index::kPrefixLang) + text::language_code(value));
        else throw Error(ErrorCode::invalid_argument, "unknown filter \"" + name + "\" (known: tag, lang)");
      }
      if (!filters.empty())
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));

      std::vector<search::Candidate> candidates;
      if (!parts.empty()) {
        Xapian::Enquire enquire(s.db);
        enquire.set_query(query);
        // Length normalization is in the indexed frequencies (index::normalized_wdf).
        enquire.set_weighting_scheme(Xapian::BM25Weight(index::searched_k1(params.k1), 0, 1, 0, 0));
        int depth = std::max(params.candidates, params.candidates_per_term * static_cast<int>(q.asked));
        depth = std::max(std::min(depth, RankParams::kMaxCandidates), options.k);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(any_common ? depth * kCommonPool : depth));
        candidates.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it)
          candidates.push_back({*it, it.get_weight(), {}, {}, {}, 0});
        search::rank(q, params, s.db, *s.stats, *s.values, candidates, static_cast<size_t>(depth));
      }

      std::unordered_set<std::string> terms;
      for (const auto& t : q.terms) terms.insert(t.term);
      double threshold = options.threshold >= 0 ? options.threshold : s.threshold;
      const size_t shown = std::min(candidates.size(), static_cast<size_t>(options.k));
      answer::Assessment assessment = answer::assess(q, candidates, params, threshold, shown);
      result.status = assessment.status;
      result.confidence = assessment.confidence;
      if (!candidates.empty()) result.evidence = assessment.evidence.named();

      // Ranking only: the ids have a value slot of their own, so the stored
      // passages (deflated, index::PassagePacker) are neither read nor inflated.
      std::vector<std::string> ids;
      if (!options.passages) {
        std::vector<Xapian::docid> docids;
        for (size_t i = 0; i < shown; ++i) docids.push_back(candidates[i].docid);
        ids = search::read_values(s.db, index::kSlotId, docids);
      }
      for (size_t i = 0; i < shown; ++i) {
        Answer a;
        a.score = candidates[i].score;
        a.confidence = i == 0 ? result.confidence : assessment.other_confidence[i];
        if (!options.passages) {
          a.id = std::move(ids[i]);
          result.answers.push_back(std::move(a));
          continue;
        }
        Xapian::Document doc = s.db.get_document(candidates[i].docid);
        Passage p = index::unpack_passage(doc.get_value(index::kSlotPassage));
        a.id = p.id;
        a.title = p.title;
        a.headings = p.headings;
        a.question = p.question;
        if (options.snippets) a.snippet = answer::make_snippet(p.answer, terms, s.analyzer_for(p.lang));
        a.text = std::move(p.answer);
        a.source = p.source;
        a.line = p.line;
        a.url = p.url;
        a.tags = p.tags;
        result.answers.push_back(std::move(a));
      }
    if (options.passages) result.follow_ups = follow_ups(s.db, candidates, 5);
    return result;
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::answer: return "answer";
    case Status::ambiguous: return "ambiguous";
    case Status::no_answer: return "no_answer";
  }
  return "unknown";
}

struct Engine::Impl {
  std::string dir;
  EngineOptions options;
  std::atomic<uint64_t> generation{0};
  std::atomic<int64_t> last_check_ms{0};

  std::mutex mu;
  std::vector<std::unique_ptr<Searcher>> idle;
  std::string values_db;  // the UUID of the database `values` belongs to
  std::shared_ptr<search::RankValueCache> values;

  // The rank-value cache of `db`'s generation, shared by its searchers; a
  // new generation (a new database, with its own UUID) gets a new one.
  std::shared_ptr<search::RankValueCache> values_for(const Xapian::Database& db) {
    std::string uuid = db.get_uuid();
    std::lock_guard<std::mutex> lock(mu);
    if (uuid.empty()) return std::make_shared<search::RankValueCache>();
    if (!values || uuid != values_db) {
      values = std::make_shared<search::RankValueCache>();
      values_db = uuid;
    }
    return values;
  }

  std::unique_ptr<Searcher> make_searcher(Xapian::Database db, uint64_t g) {
    auto cache = values_for(db);
    return std::make_unique<Searcher>(std::move(db), g, std::move(cache));
  }

  std::unique_ptr<Searcher> make_searcher() {
    uint64_t g = generation.load();
    return make_searcher(index::open_for_reading(dir), g);
  }

  std::unique_ptr<Searcher> acquire() {
    maybe_check_generation();
    std::unique_ptr<Searcher> s;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!idle.empty()) {
        s = std::move(idle.back());
        idle.pop_back();
      }
    }
    if (!s || s->generation != generation.load()) s = make_searcher();
    return s;
  }

  void release(std::unique_ptr<Searcher> s) {
    if (s->generation != generation.load()) return;
    std::lock_guard<std::mutex> lock(mu);
    idle.push_back(std::move(s));
  }

  void reopen_now() {
    uint64_t g = index::current_generation(dir);
    if (g != 0) generation.store(g);
    std::lock_guard<std::mutex> lock(mu);
    idle.clear();
  }

  void maybe_check_generation() {
    int64_t now = now_ms();
    int64_t last = last_check_ms.load(std::memory_order_relaxed);
    if (now - last < 1000) return;
    if (!last_check_ms.compare_exchange_strong(last, now)) return;
    uint64_t g = index::current_generation(dir);
    if (g != 0) generation.store(g);
  }
};

Engine::Engine(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Engine Engine::open(const std::string& dir, const EngineOptions& options) {
  auto impl = std::make_shared<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->generation = index::current_generation(dir);
  Xapian::Database db = index::open_for_reading(dir);  // validates format and analysis
  impl->last_check_ms = now_ms();
  impl->idle.push_back(impl->make_searcher(db, impl->generation));
  return Engine(std::move(impl));
}

void Engine::reopen() { impl_->reopen_now(); }

IndexInfo Engine::info() const { return read_index_info(impl_->dir); }

Result Engine::ask(std::string_view question, const AskOptions& options, Session* session) const {
  if (options.k < 1 || options.k > kMaxK)
    throw Error(ErrorCode::invalid_argument,
                "k must be between 1 and " + std::to_string(kMaxK) + ", got " + std::to_string(options.k));
  if (std::isnan(options.threshold)) throw Error(ErrorCode::invalid_argument, "threshold is NaN");
  if (question.size() > kMaxQuestionBytes)
    throw Error(ErrorCode::too_large, "question is " + std::to_string(question.size()) +
                                          " bytes, over the limit of " + std::to_string(kMaxQuestionBytes));
  size_t bad = 0;
  if (!text::valid_utf8(question, &bad))
    throw Error(ErrorCode::invalid_utf8, "question is not valid UTF-8 at byte " + std::to_string(bad));

  std::unique_ptr<Searcher> s = impl_->acquire();
  Result result;
  for (int attempt = 0;; ++attempt) {
    try {
      result = answer_with(*s, question, options, impl_->options.rank);
      if (session && !session->focus_.empty()) {
        search::Question q = search::analyze_question(question, *s->analyzer, s->db, {false, false});
        bool follow_up = looks_like_follow_up(q);
        if (!only_social(q) && (follow_up || result.status != Status::answer)) {
          // Read the question in the context of what the conversation is
          // about: always for a follow-up ("how is it treated?"), and for a
          // question that finds no good answer on its own ("is surgery
          // risky?") when the context gives a better one.
          std::string in_context = std::string(question) + " " + session->focus_;
          Result with_context = answer_with(*s, in_context, options, impl_->options.rank);
          if (follow_up || with_context.confidence > result.confidence) {
            result = std::move(with_context);
            result.context = session->focus_;
          }
        }
      }
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      // The index was replaced while we read it: read the new one.
      if (attempt >= 2) throw Error(ErrorCode::busy, impl_->dir + ": the index keeps changing; ask again");
      impl_->reopen_now();
      s = impl_->acquire();
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::corrupt_index, impl_->dir + ": " + e.get_description());
    }
  }
  impl_->release(std::move(s));
  if (session) {
    ++session->turns_;
    if (!result.answers.empty() && result.status == Status::answer)
      session->focus_ = result.answers[0].title;
  }
  return result;
}


}  // namespace faq
