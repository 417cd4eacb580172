#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "faq/error.h"
#include "faq/index.h"
#include "index/layout.h"
#include "index/schema.h"
#include "text/analyzer.h"
#include "text/question_type.h"

namespace fs = std::filesystem;

namespace faq {
namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// A double written so that strtod reads it back unchanged.
std::string exact(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

void prepare_directory(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw Error(ErrorCode::io, dir + ": exists and is not a directory");
    bool is_index = fs::exists(index::stub_path(dir), ec);
    bool empty = fs::is_empty(dir, ec);
    bool only_ours = true;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string n = e.path().filename().string();
      if (n != ".lock" && n.rfind("gen-", 0) != 0 && n.rfind(index::kStubName, 0) != 0)
        only_ours = false;
    }
    if (!is_index && !empty && !only_ours)
      throw Error(ErrorCode::io, dir + ": is a non-empty directory that is not a faq index; "
                                       "refusing to replace it");
  } else {
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::io, dir + ": cannot create: " + ec.message());
  }
}

// "FILE:LINE: " of a passage read from a document, so that an error names
// the input to fix; "" for passages built in code.
std::string where(const Passage& p) {
  if (p.source.empty()) return "";
  return p.source + (p.line > 0 ? ":" + std::to_string(p.line) : "") + ": ";
}

void check_text(const Passage& p, const char* field, const std::string& s) {
  size_t bad = 0;
  if (!text::valid_utf8(s, &bad))
    throw Error(ErrorCode::invalid_utf8, where(p) + "passage \"" + p.id + "\": field \"" + field +
                                             "\" is not valid UTF-8 at byte " + std::to_string(bad));
}

// A language given as an option or in a passage's "lang" field.
void check_language(const std::string& at, const std::string& lang) {
  if (!lang.empty() && !text::valid_language_tag(lang))
    throw Error(ErrorCode::invalid_argument, at + "\"" + lang +
                                                 "\" is not a language tag (an ISO 639 code such as \"en\", "
                                                 "\"de\" or \"pt-BR\")");
}

void check_threshold(double threshold) {
  if (std::isnan(threshold) || threshold > 1) {
    std::ostringstream shown;  // 1.5, not std::to_string's 1.500000
    shown << threshold;
    throw Error(ErrorCode::invalid_argument,
                "threshold: " + shown.str() + " is not a confidence (0 to 1; negative = none)");
  }
}

// Passages of one document share a key: its title, or for untitled FAQ
// records their question (several answers to one question form a group).
std::string document_key(const Passage& p) {
  if (!p.title.empty()) return text::normalize(p.title);
  if (!p.question.empty() && !p.question_derived) return text::normalize(p.question);
  return p.source + "#" + p.id;
}

// A passage analysed: its terms with their raw within-document frequencies,
// not yet in `doc`, which holds the rest (boolean terms, values, data). The
// terms point into the analysing shard's vocabulary (Shard::Vocab), which
// outlives the batch: one entry per occurrence, summed per term by finish().
struct Analyzed {
  Xapian::Document doc;
  std::vector<std::pair<const std::string*, Xapian::termcount>> terms;
  double length = 0;  // sum of the raw frequencies: BM25's document length
  bool skip = false;  // cancelled while queued: not written

  // Adds the terms with BM25's length normalization applied to their
  // summed frequencies (index::normalized_wdf), given the collection's mean
  // length. Occurrences of one term share its pointer, so sorting by
  // pointer groups them without comparing strings.
  Xapian::Document& finish(double mean_length) {
    std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < terms.size();) {
      const std::string* term = terms[i].first;
      Xapian::termcount tf = 0;
      for (; i < terms.size() && terms[i].first == term; ++i) tf += terms[i].second;
      doc.add_term(*term, index::normalized_wdf(tf, length, mean_length));
    }
    terms.clear();
    return doc;
  }
};

// One part of the index being written: a Xapian database filled by one
// thread, with that thread's own analyzers and spelling counts. Parts are
// merged into the generation by compaction at commit.
struct Shard {
  // What a word (normalized) is to the index: the term it indexes as (none
  // for a stopword), and how often it was seen, for Xapian's spelling data
  // (handed over at commit: one add_spelling per distinct word instead of
  // one per occurrence). One lookup per word instead of three. Terms are
  // interned in Language::terms (one string per distinct term, which stays
  // put), so analysed passages point at them until written; `short_term` is
  // `term` with the question/heading prefix.
  struct Vocab {
    const std::string* term = nullptr;
    const std::string* short_term = nullptr;
    Xapian::termcount seen = 0;
  };
  struct Language {
    std::unique_ptr<text::Analyzer> analyzer;
    std::unordered_map<std::string, Vocab> words;
    std::unordered_set<std::string> terms;

    const std::string* intern(std::string term) { return &*terms.insert(std::move(term)).first; }
  };

  std::string path;
  Xapian::WritableDatabase db;
  std::map<std::string, Language> languages;
  index::PassagePacker packer;
  // The version of the passage each document holds (index docid - 1): a
  // passage added again or removed after it was written leaves a stale one.
  std::vector<uint32_t> versions;
  size_t stale = 0;

  void open() {
    try {
      // No termlist table: nothing reads it, and writing it was a third of
      // the build. It is what delete_document and replace_document need,
      // which is why passages are never deleted in place (see commit()).
      // No fsync: a part is scratch until compaction writes (and syncs) the
      // generation from it; a crash leaves only a build directory to clear.
      db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_TERMLIST |
                                              Xapian::DB_NO_SYNC);
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::io, path + ": cannot create index: " + e.get_description());
    }
  }

  Language& language(const std::string& lang) {
    Language& l = languages[lang];
    if (!l.analyzer) l.analyzer = std::make_unique<text::Analyzer>(lang);
    return l;
  }

  // Adds Xapian's spelling data for `words`, each with its count over the
  // whole build.
  void add_spellings(const std::vector<std::pair<std::string_view, Xapian::termcount>>& words) {
    for (const auto& [word, count] : words) db.add_spelling(std::string(word), count);
  }

  // Adds `synonyms` to Xapian's synonym table, each phrase as the terms a
  // question's words give (search::analyze_question), joined by spaces.
  void add_synonyms(const std::vector<Synonym>& synonyms, const std::string& lang);

  // Adds the synonym table of `from` (an index being updated) as it is.
  void copy_synonyms(const Xapian::Database& from) {
    for (auto k = from.synonym_keys_begin(); k != from.synonym_keys_end(); ++k)
      for (auto v = from.synonyms_begin(*k); v != from.synonyms_end(*k); ++v) db.add_synonym(*k, *v);
  }

  Analyzed analyze(const Passage& p, const std::string& default_lang, bool spelling);
};

void Shard::add_synonyms(const std::vector<Synonym>& synonyms, const std::string& lang) {
  text::Analyzer& an = *language(lang).analyzer;
  auto terms_of = [&](const Synonym& s, const std::string& phrase) {
    const std::string at = s.where.empty() ? std::string() : s.where + ": ";
    size_t bad = 0;
    if (!text::valid_utf8(phrase, &bad))
      throw Error(ErrorCode::invalid_utf8, at + "synonym is not valid UTF-8 at byte " + std::to_string(bad));
    std::string out;
    size_t n = 0;
    for (const text::Word& w : an.words(phrase)) {
      if (an.is_stopword(w)) continue;
      out += (n++ ? " " : "") + an.stem(w);
    }
    if (n == 0)
      throw Error(ErrorCode::invalid_argument,
                  at + "synonym \"" + phrase + "\" has no words to match (empty, or only stopwords)");
    // Xapian's keys are at most 245 bytes.
    if (n > kMaxSynonymWords || out.size() > 200)
      throw Error(ErrorCode::invalid_argument, at + "synonym \"" + phrase + "\" is too long (at most " +
                                                   std::to_string(kMaxSynonymWords) + " words)");
    return out;
  };
  // A group of n phrases makes n * (n - 1) synonyms: each phrase is
  // analysed once.
  std::unordered_map<std::string, std::string> analysed;
  auto terms = [&](const Synonym& s, const std::string& phrase) -> const std::string& {
    auto it = analysed.find(phrase);
    if (it == analysed.end()) it = analysed.emplace(phrase, terms_of(s, phrase)).first;
    return it->second;
  };
  for (const Synonym& s : synonyms) {
    const std::string& key = terms(s, s.phrase);
    const std::string& value = terms(s, s.synonym);
    if (key != value) db.add_synonym(key, value);
  }
}

Analyzed Shard::analyze(const Passage& p, const std::string& default_lang, bool spelling) {
  const std::string lang = p.lang.empty() ? default_lang : text::language_code(p.lang);
  Language& vocabulary = language(lang);
  text::Analyzer& an = *vocabulary.analyzer;
  Analyzed out;
  Xapian::Document& doc = out.doc;
  index::FieldTerms fields;

  auto add_term = [&](const std::string& term, Xapian::termcount wdf) {
    out.terms.emplace_back(&term, wdf);
    out.length += wdf;
  };
  auto index_field = [&](const std::string& s, Xapian::termcount wdf, std::vector<std::string>* keep,
                         bool short_field = false) -> std::vector<text::Word> {
    std::vector<text::Word> words = an.words(s);
    for (const std::string& bigram : an.cjk_bigrams(s))
      add_term(*vocabulary.intern(std::string(index::kPrefixBigram) + bigram), wdf);
    for (const text::Word& w : words) {
      auto [it, first] = vocabulary.words.try_emplace(w.text);
      Vocab& v = it->second;
      if (first) {
        std::string term = an.is_stopword(w) ? std::string() : an.stem(w);
        if (!term.empty() && term.size() <= 200) {
          v.term = vocabulary.intern(term);
          v.short_term = vocabulary.intern(std::string(index::kPrefixShort) + term);
        }
      }
      if (spelling && !w.cjk) ++v.seen;
      if (!v.term) continue;
      add_term(*v.term, wdf);
      if (short_field) add_term(*v.short_term, 1);
      if (keep) keep->push_back(*v.term);
    }
    return words;
  };

  auto title_words = index_field(p.title, index::kWdfTitle, &fields.title);
  std::string heading;
  for (const std::string& h : p.headings) heading += (heading.empty() ? "" : " ") + h;
  auto heading_words = index_field(heading, index::kWdfHeading, &fields.heading, true);
  // A derived question only restates the title and headings: it must not
  // count them twice.
  std::vector<text::Word> question_words;
  if (!p.question_derived) question_words = index_field(p.question, index::kWdfQuestion, &fields.question, true);
  for (const std::string& alt : p.alternates) index_field(alt, index::kWdfAlternate, &fields.question, true);
  // A title phrased as a question ("What is gout?") is what a document's
  // lead passage answers; without a question or heading of its own the lead
  // would lose "what is gout?" to every section headed "... of gout". For
  // ranking, its question is the title's topic words: not the words that
  // say what is asked ("What is X and how to treat it?" leaves the
  // treatment to its section). The ranker reads it only for a question that
  // asks what the thing is, or names it alone (RankValue::title_question).
  const bool title_question = p.question_derived && p.headings.empty() && p.position == 0 &&
                              fields.question.empty() && text::ends_with_question_mark(p.title);
  if (title_question)
    for (const text::Word& w : title_words) {
      if (an.is_stopword(w) || text::is_intent_cue(w.text)) continue;
      auto it = vocabulary.words.find(w.text);
      if (it != vocabulary.words.end() && it->second.term) fields.question.push_back(*it->second.term);
    }
  auto answer_words = index_field(p.answer, index::kWdfAnswer, nullptr);

  doc.add_boolean_term(index::id_term(p.id));
  for (const std::string& t : p.tags) doc.add_boolean_term(std::string(index::kPrefixTag) + text::normalize(t));
  doc.add_boolean_term(std::string(index::kPrefixLang) + lang);

  const auto& intent_source = !question_words.empty() ? question_words : heading_words;
  std::vector<text::Word> lead(answer_words.begin(),
                               answer_words.begin() + std::min<size_t>(answer_words.size(), 40));
  index::RankValue rank;
  rank.intents = text::encode_intents(text::passage_intents(
      intent_source, an.words(text::first_sentence(p.answer)), lead, p.position == 0));
  if (title_question) rank.intents += index::kTitleQuestionMark;
  rank.doc = index::doc_hash(document_key(p));
  rank.fields = std::move(fields);
  doc.add_boolean_term(index::doc_term(rank.doc));
  doc.add_value(index::kSlotRank, index::encode_rank_value(rank));
  doc.add_value(index::kSlotPosition, Xapian::sortable_serialise(p.position));
  doc.add_value(index::kSlotLabel, !p.question.empty() ? p.question
                                   : !p.headings.empty() ? p.headings.back() : std::string());
  doc.add_value(index::kSlotId, p.id);
  doc.add_value(index::kSlotPassage, packer.pack(p));
  return out;
}

// The index's metadata, set in every part; when parts are merged, Xapian
// asks which value a key set in several of them keeps (passing the values in
// no set order, under its internal form of the key, which ends with ours).
struct Metadata : Xapian::Compactor {
  std::vector<std::pair<std::string, std::string>> values;

  void set_in(Xapian::WritableDatabase& db) const {
    for (const auto& [key, value] : values) db.set_metadata(key, value);
  }

  std::string resolve_duplicate_metadata(const std::string& key, size_t, const std::string tags[]) override {
    for (const auto& [k, v] : values)
      if (key.size() >= k.size() && key.compare(key.size() - k.size(), k.size(), k) == 0) return v;
    return tags[0];
  }
};

}  // namespace

// How a build works. Passages are validated in add() and queued; every
// kBatch of them is analysed and written by all shards at once, one thread
// each, each shard taking a contiguous part of the batch. Commit compacts the
// shards (and, on update, the current generation) into the new generation.
// Since the shards keep no termlists, nothing is deleted in place: a passage
// added again, or removed, after its batch was written makes its shard stale,
// and commit rewrites that shard from the passages it still holds; an update
// that replaces or removes passages of the current generation re-adds the
// ones that stay instead of merging it as it is.
struct IndexWriter::Impl {
  static constexpr size_t kBatch = 2048;
  static constexpr uint32_t kFromBase = 0;  // version of passages carried over from the base
  static constexpr int kQueued = -1;

  // A passage added in this session: the version it was last added with and
  // where that version is (a shard, or kQueued at `queued` in `queue`).
  struct Live {
    uint32_t version = 0;
    int shard = kQueued;
    size_t queued = 0;
  };
  struct Job {
    Passage passage;
    uint32_t version = kFromBase;
    bool cancelled = false;
    Live* live = nullptr;  // its entry in `live` (nodes stay put); none for the base's
  };

  std::string dir;
  BuildOptions options;
  std::unique_ptr<index::WriterLock> lock;
  uint64_t base_generation = 0;  // what is current when the writer started
  uint64_t generation = 0;       // what this writer is writing
  std::string lang;
  std::optional<Xapian::Database> base;  // the current generation, for update()
  bool base_mergeable = false;           // built by this layout and analysis: merged as it is
  std::unordered_set<std::string> dropped;  // ids of the base replaced or removed
  std::vector<std::unique_ptr<Shard>> shards;
  std::unordered_map<std::string, Live> live;
  std::vector<Job> queue;
  uint32_t next_version = 1;
  // The reference length of BM25's length normalization (index::normalized_wdf):
  // the mean length of the first batch written, which is larger than the
  // others to sample the collection (up to kFirstBatch passages, or
  // kFirstBatchBytes of text: huge passages are not all held at once). It
  // stays fixed, so that every passage of the index is normalized alike; an
  // update keeps the current generation's.
  static constexpr size_t kFirstBatch = 16384;
  static constexpr size_t kFirstBatchBytes = 64u << 20;
  size_t queued_bytes = 0;  // text of the passages in `queue`
  double mean_length = 0;
  bool failed = false;  // a batch failed to write: only destruction is left
  bool committed = false;

  std::string work_path() const { return index::generation_path(dir, generation) + ".build"; }

  void start(bool update) {
    prepare_directory(dir);
    lock = std::make_unique<index::WriterLock>(dir);
    base_generation = index::current_generation(dir);
    // Leftovers of crashed writers are never current: clear them first.
    index::remove_stale_generations(dir, base_generation, 0);
    generation = std::max(base_generation, index::newest_generation_on_disk(dir)) + 1;
    if (update) {
      base = index::open_for_reading(dir);
      lang = base->get_metadata(index::kMetaLang);
      std::error_code ec;
      base_mergeable = base->get_metadata(index::kMetaAnalysis) == text::kAnalysisId &&
                       !fs::exists(fs::path(index::generation_path(dir, base_generation)) / "termlist.glass", ec);
      mean_length = std::strtod(base->get_metadata(index::kMetaMeanLength).c_str(), nullptr);
    }
    if (lang.empty()) lang = text::language_code(options.lang);  // else decided by decide_lang()
    unsigned n = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
    n = std::clamp(n, 1u, 8u);
    std::error_code ec;
    fs::create_directories(work_path(), ec);
    if (ec) throw Error(ErrorCode::io, work_path() + ": cannot create: " + ec.message());
    for (unsigned i = 0; i < n; ++i) {
      auto s = std::make_unique<Shard>();
      s->path = work_path() + "/part-" + std::to_string(i);
      s->open();
      shards.push_back(std::move(s));
    }
    queue.reserve(kBatch);
  }

  // The index's threshold for the new generation: the options', else the
  // one of the index being updated ("" = none).
  std::string threshold_value() const {
    if (options.threshold >= 0) return exact(options.threshold);
    return base ? base->get_metadata(index::kMetaThreshold) : std::string();
  }

  void check_usable() const {
    if (committed) throw Error(ErrorCode::invalid_argument, "index writer already committed");
    if (failed) throw Error(ErrorCode::io, dir + ": an earlier write failed; start a new writer");
  }

  bool in_base(const std::string& id) const { return base && base->term_exists(index::id_term(id)); }

  // Marks the written or queued copy of a live passage as superseded.
  void supersede(const Live& l) {
    if (l.shard == kQueued)
      queue[l.queued].cancelled = true;
    else
      ++shards[l.shard]->stale;
  }

  void enqueue(Passage p, uint32_t version, Live* l) {
    if (l) {
      l->version = version;
      l->shard = kQueued;
      l->queued = queue.size();
    }
    queued_bytes += p.answer.size() + p.question.size() + p.title.size();
    queue.push_back(Job{std::move(p), version, false, l});
    bool full = mean_length > 0 ? queue.size() >= kBatch
                                : queue.size() >= kFirstBatch || queued_bytes >= kFirstBatchBytes;
    if (full) write_queue();
  }

  // Runs work(0) ... work(count - 1) at once, each in its own thread (the
  // last on this one); rethrows the first error after all have finished.
  template <typename Work>
  void in_parallel(size_t count, Work work) {
    std::vector<std::exception_ptr> errors(count);
    auto guarded = [&](size_t i) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    };
    std::vector<std::thread> threads;
    for (size_t i = 0; i + 1 < count; ++i) threads.emplace_back(guarded, i);
    if (count > 0) guarded(count - 1);
    for (auto& t : threads) t.join();
    for (auto& e : errors)
      if (e) {
        failed = true;
        std::rethrow_exception(e);
      }
  }

  // The index's language when neither the options nor the index being
  // updated say: detected (text::detect_language) from a sample of the first
  // passages written (or queued at commit) that do not name their own; when
  // they all do, the language most of them name; "en" when it cannot tell.
  void decide_lang() {
    if (!lang.empty()) return;
    std::string sample;
    std::vector<std::pair<std::string, size_t>> named;  // in the order first named
    for (size_t i = 0; i < queue.size() && sample.size() < 20000; i += 1 + queue.size() / 200) {
      const Passage& p = queue[i].passage;
      if (p.lang.empty()) {
        sample += p.title + " " + p.question + " " + p.answer.substr(0, 400) + " ";
        continue;
      }
      std::string code = text::language_code(p.lang);
      auto it = std::find_if(named.begin(), named.end(), [&](const auto& n) { return n.first == code; });
      if (it == named.end()) named.emplace_back(std::move(code), 1);
      else ++it->second;
    }
    if (!sample.empty()) {
      lang = text::detect_language(sample);
    } else if (!named.empty()) {  // a tie goes to the first named
      lang = std::max_element(named.begin(), named.end(),
                              [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    }
    if (lang.empty()) lang = "en";
  }

  // Writes the queued passages: shard i takes the i-th contiguous part.
  void write_queue() {
    decide_lang();
    if (queue.empty()) return;
    size_t per = (queue.size() + shards.size() - 1) / shards.size();
    for (size_t i = 0; i < queue.size(); ++i)
      if (!queue[i].cancelled && queue[i].live) queue[i].live->shard = static_cast<int>(i / per);
    // The batch is analysed first (the first batch then sets the reference
    // length), and each shard writes its part.
    std::vector<Analyzed> analyzed(queue.size());
    const size_t parts = (queue.size() + per - 1) / per;
    in_parallel(parts, [&](size_t s) {
      Shard& sh = *shards[s];
      for (size_t i = s * per; i < std::min(queue.size(), (s + 1) * per); ++i) {
        const Job& j = queue[i];
        if (j.cancelled) analyzed[i].skip = true;
        else with_passage(j.passage, [&] { analyzed[i] = sh.analyze(j.passage, lang, options.spelling); });
      }
    });
    if (mean_length <= 0) {
      double total = 0, count = 0;
      for (const Analyzed& a : analyzed) {
        if (a.skip) continue;
        total += a.length;
        ++count;
      }
      if (count > 0) mean_length = total / count;
    }
    in_parallel(parts, [&](size_t s) {
      Shard& sh = *shards[s];
      for (size_t i = s * per; i < std::min(queue.size(), (s + 1) * per); ++i) {
        if (analyzed[i].skip) continue;
        with_passage(queue[i].passage, [&] { sh.db.add_document(analyzed[i].finish(mean_length)); });
        analyzed[i] = Analyzed{};
        sh.versions.push_back(queue[i].version);
      }
    });
    queue.clear();
    queued_bytes = 0;
  }

  // Runs `work` on `p`, naming the passage in a Xapian error.
  template <typename Work>
  static void with_passage(const Passage& p, Work work) {
    try {
      work();
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::io, where(p) + "passage \"" + p.id + "\": " + e.get_description());
    }
  }

  // A stale shard is written again from the passages in it that are still
  // current (rare: only a passage added twice or removed in one session
  // after its batch was written makes one).
  void rewrite_stale_shards() {
    for (size_t s = 0; s < shards.size(); ++s) {
      Shard& sh = *shards[s];
      if (sh.stale == 0) continue;
      std::vector<Job> keep;
      sh.db.commit();
      for (Xapian::docid d = 1; d <= sh.versions.size(); ++d) {
        Xapian::Document doc = sh.db.get_document(d);
        std::string id = doc.get_value(index::kSlotId);
        auto it = live.find(id);
        uint32_t version = sh.versions[d - 1];
        bool current = version == kFromBase ||
                       (it != live.end() && it->second.shard == static_cast<int>(s) && it->second.version == version);
        if (current)
          keep.push_back(Job{index::unpack_passage(doc.get_value(index::kSlotPassage)), version, false, nullptr});
      }
      sh.db.close();
      sh.languages.clear();
      sh.versions.clear();
      sh.stale = 0;
      sh.open();
      for (const Job& j : keep) {
        with_passage(j.passage, [&] {
          sh.db.add_document(sh.analyze(j.passage, lang, options.spelling).finish(mean_length));
        });
        sh.versions.push_back(j.version);
      }
    }
  }

  // The words for Xapian's spelling data, each once, with its count summed
  // over the shards, and handed to one shard by hash: a word seen by every
  // shard has its fragments built, written and merged once, not once per
  // shard. Views into the shards' vocabularies, which must stay until all
  // are added.
  std::vector<std::vector<std::pair<std::string_view, Xapian::termcount>>> spelling_words() const {
    std::unordered_map<std::string_view, Xapian::termcount> total;
    for (const auto& s : shards)
      for (const auto& [name, l] : s->languages)
        for (const auto& [written, v] : l.words) {
          std::string_view word = text::without_elision(name, written);  // "l'expédition" -> "expédition"
          if (v.seen > 0 && word.size() >= 3 && word.size() < 64) total[word] += v.seen;
        }
    std::vector<std::vector<std::pair<std::string_view, Xapian::termcount>>> parts(shards.size());
    std::hash<std::string_view> hash;
    for (const auto& [word, count] : total) parts[hash(word) % parts.size()].emplace_back(word, count);
    return parts;
  }

  // The passages of the current generation that this update keeps, queued
  // to be written again (when the generation cannot be merged as it is).
  void requeue_base() {
    for (Xapian::PostingIterator it = base->postlist_begin(""); it != base->postlist_end(""); ++it) {
      Passage p = index::unpack_passage(base->get_document(*it).get_value(index::kSlotPassage));
      if (dropped.count(p.id)) continue;  // replaced (so also in `live`) or removed
      enqueue(std::move(p), kFromBase, nullptr);
    }
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
  if (!impl_ || impl_->committed) return;
  for (auto& s : impl_->shards) {
    try {
      s->db.close();
    } catch (...) {
    }
  }
  std::error_code ec;
  fs::remove_all(impl_->work_path(), ec);
  fs::remove_all(index::generation_path(impl_->dir, impl_->generation), ec);
}

IndexWriter IndexWriter::create(const std::string& dir, const BuildOptions& options) {
  if (dir.empty()) throw Error(ErrorCode::invalid_argument, "index directory is empty");
  check_language("language: ", options.lang);
  check_threshold(options.threshold);
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->start(false);
  return IndexWriter(std::move(impl));
}

IndexWriter IndexWriter::update(const std::string& dir, const BuildOptions& options) {
  if (dir.empty()) throw Error(ErrorCode::invalid_argument, "index directory is empty");
  check_language("language: ", options.lang);
  check_threshold(options.threshold);
  if (index::current_generation(dir) == 0) throw Error(ErrorCode::not_found, dir + ": no such index");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->start(true);
  return IndexWriter(std::move(impl));
}

void IndexWriter::add(const Passage& p) {
  Impl& m = *impl_;
  m.check_usable();
  if (p.id.empty()) throw Error(ErrorCode::invalid_argument, "passage without an id");
  check_text(p, "id", p.id);
  if (p.answer.empty())
    throw Error(ErrorCode::invalid_argument, "passage \"" + p.id + "\": empty answer");
  size_t bytes = p.answer.size() + p.question.size() + p.title.size();
  for (const auto& a : p.alternates) bytes += a.size();
  if (bytes > m.options.max_passage_bytes)
    throw Error(ErrorCode::too_large, where(p) + "passage \"" + p.id + "\": " + std::to_string(bytes) +
                                          " bytes, over the limit of " +
                                          std::to_string(m.options.max_passage_bytes));
  check_text(p, "title", p.title);
  check_text(p, "question", p.question);
  check_text(p, "answer", p.answer);
  for (const auto& a : p.alternates) check_text(p, "alternates", a);
  for (const auto& h : p.headings) check_text(p, "headings", h);
  check_language(where(p) + "passage \"" + p.id + "\": field \"lang\": ", p.lang);
  auto [it, added] = m.live.try_emplace(p.id);
  if (!added)
    m.supersede(it->second);
  else if (m.in_base(p.id))
    m.dropped.insert(p.id);
  m.enqueue(p, m.next_version++, &it->second);
}

bool IndexWriter::remove(const std::string& id) {
  Impl& m = *impl_;
  m.check_usable();
  auto it = m.live.find(id);
  if (it != m.live.end()) {
    m.supersede(it->second);
    m.live.erase(it);
    return true;
  }
  return m.in_base(id) && m.dropped.insert(id).second;
}

uint64_t IndexWriter::size() const {
  const Impl& m = *impl_;
  uint64_t in_base = m.base ? m.base->get_doccount() : 0;
  return in_base - std::min<uint64_t>(in_base, m.dropped.size()) + m.live.size();
}

IndexInfo IndexWriter::commit() {
  Impl& m = *impl_;
  m.check_usable();
  std::string gen_path = index::generation_path(m.dir, m.generation);
  try {
    bool merge_base = m.base && m.base_mergeable && m.dropped.empty();
    if (m.base && !merge_base) m.requeue_base();
    m.write_queue();
    m.rewrite_stale_shards();
    Metadata meta;
    meta.values = {{index::kMetaFormat, std::to_string(kIndexFormatVersion)},
                   {index::kMetaAnalysis, text::kAnalysisId},
                   {index::kMetaLang, m.lang},
                   {index::kMetaBuiltAt, utc_now()},
                   {index::kMetaGeneration, std::to_string(m.generation)},
                   {index::kMetaMeanLength, exact(m.mean_length)}};
    if (std::string t = m.threshold_value(); !t.empty()) meta.values.emplace_back(index::kMetaThreshold, t);
    Xapian::Database parts;
    if (merge_base) parts.add_database(*m.base);
    // Most of the writing happens here, when Xapian flushes what it holds.
    auto spellings = m.spelling_words();
    // Synonyms go to the first part, which also takes those of a base that
    // compaction does not merge in.
    m.shards[0]->add_synonyms(m.options.synonyms, m.lang);
    if (m.base && !merge_base) m.shards[0]->copy_synonyms(*m.base);
    m.in_parallel(m.shards.size(), [&](size_t i) {
      Shard& s = *m.shards[i];
      s.add_spellings(spellings[i]);
      meta.set_in(s.db);
      s.db.commit();
      s.db.close();
    });
    spellings.clear();
    for (auto& s : m.shards) {
      s->languages.clear();
      parts.add_database(Xapian::Database(s->path));
    }
    // Compaction merges the parts into the generation that readers will
    // open, and writes (and fsyncs) it.
    parts.compact(gen_path, Xapian::DBCOMPACT_MULTIPASS, 0, meta);
    index::write_manifest(gen_path);
  } catch (const Xapian::Error& e) {
    m.failed = true;
    throw Error(ErrorCode::io, m.dir + ": cannot write index: " + e.get_description());
  } catch (...) {
    m.failed = true;
    throw;
  }
  m.base.reset();
  std::error_code ec;
  fs::remove_all(m.work_path(), ec);
  index::publish_generation(m.dir, m.generation);
  m.committed = true;
  index::remove_stale_generations(m.dir, m.generation, m.base_generation);
  return read_index_info(m.dir);
}

IndexInfo read_index_info(const std::string& dir) {
  Xapian::Database db = index::open_for_reading(dir);
  IndexInfo info;
  info.path = dir;
  try {
    info.format_version = std::stoi(db.get_metadata(index::kMetaFormat));
    std::string g = db.get_metadata(index::kMetaGeneration);
    info.generation = g.empty() ? 0 : std::stoull(g);
  } catch (const std::exception&) {
    throw Error(ErrorCode::corrupt_index, dir + ": index metadata is damaged");
  }
  info.analysis = db.get_metadata(index::kMetaAnalysis);
  info.lang = db.get_metadata(index::kMetaLang);
  info.passages = db.get_doccount();
  info.built_at = db.get_metadata(index::kMetaBuiltAt);
  info.threshold = index::read_threshold(db);
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) ++info.synonym_keys;
  return info;
}

IndexInfo build_index(const std::vector<Passage>& passages, const std::string& dir,
                      const BuildOptions& options) {
  IndexWriter w = IndexWriter::create(dir, options);
  for (const Passage& p : passages) w.add(p);
  return w.commit();
}

}  // namespace faq
