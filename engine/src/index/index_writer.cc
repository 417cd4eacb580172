#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
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

// Passages of one document share a key: its title, or for untitled FAQ
// records their question (several answers to one question form a group).
std::string document_key(const Passage& p) {
  if (!p.title.empty()) return text::normalize(p.title);
  if (!p.question.empty() && !p.question_derived) return text::normalize(p.question);
  return p.source + "#" + p.id;
}

}  // namespace

struct IndexWriter::Impl {
  std::string dir;
  BuildOptions options;
  std::unique_ptr<index::WriterLock> lock;
  uint64_t base_generation = 0;  // what is current when the writer started
  uint64_t generation = 0;       // what this writer is writing
  Xapian::WritableDatabase db;
  std::string lang;
  // A new index (not a copy of the current one) gets add_document for ids it
  // has not seen yet: replace_document would first look each id up.
  bool fresh = false;
  std::unordered_set<std::string> ids;
  // Words for Xapian's spelling data, counted here and handed over at commit
  // (one add_spelling per distinct word instead of one per occurrence).
  std::unordered_map<std::string, Xapian::termcount> spellings;
  std::map<std::string, std::unique_ptr<text::Analyzer>> analyzers;
  bool committed = false;

  text::Analyzer& analyzer_for(const std::string& passage_lang) {
    const std::string& l = passage_lang.empty() ? lang : passage_lang;
    auto& a = analyzers[l];
    if (!a) a = std::make_unique<text::Analyzer>(l);
    return *a;
  }

  void start(bool copy_current) {
    prepare_directory(dir);
    lock = std::make_unique<index::WriterLock>(dir);
    base_generation = index::current_generation(dir);
    // Leftovers of crashed writers are never current: clear them first.
    index::remove_stale_generations(dir, base_generation, 0);
    generation = std::max(base_generation, index::newest_generation_on_disk(dir)) + 1;
    // Written in a work directory, then compacted into the generation's own
    // directory at commit (a compact copy is about a third smaller).
    std::string path = work_path();
    try {
      if (copy_current) {
        Xapian::Database current = index::open_for_reading(dir);
        lang = current.get_metadata(index::kMetaLang);
        current.compact(path);
        db = Xapian::WritableDatabase(path, Xapian::DB_OPEN);
      } else {
        db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
        fresh = true;
      }
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::io, path + ": cannot create index: " + e.get_description());
    }
    if (lang.empty()) lang = options.lang.empty() ? "en" : options.lang;
  }

  std::string work_path() const { return index::generation_path(dir, generation) + ".build"; }

  Xapian::Document make_document(const Passage& p) {
    text::Analyzer& an = analyzer_for(p.lang);
    Xapian::Document doc;
    index::FieldTerms fields;

    auto index_field = [&](const std::string& s, Xapian::termcount wdf,
                           std::vector<std::string>* keep, bool short_field = false) -> std::vector<text::Word> {
      std::vector<text::Word> words = an.words(s);
      for (const std::string& bigram : an.cjk_bigrams(s))
        doc.add_term(std::string(index::kPrefixBigram) + bigram, wdf);
      for (const text::Word& w : words) {
        if (options.spelling && !w.cjk && w.text.size() >= 3 && w.text.size() < 64)
          ++spellings[w.text];
        if (an.is_stopword(w)) continue;
        std::string term = an.stem(w);
        if (term.empty() || term.size() > 200) continue;
        doc.add_term(term, wdf);
        if (short_field) doc.add_term(std::string(index::kPrefixShort) + term);
        if (keep) keep->push_back(term);
      }
      return words;
    };

    index_field(p.title, index::kWdfTitle, &fields.title);
    std::string heading;
    for (const std::string& h : p.headings) heading += (heading.empty() ? "" : " ") + h;
    auto heading_words = index_field(heading, index::kWdfHeading, &fields.heading, true);
    // A derived question only restates the title and headings: it must not
    // count them twice.
    std::vector<text::Word> question_words;
    if (!p.question_derived) question_words = index_field(p.question, index::kWdfQuestion, &fields.question, true);
    for (const std::string& alt : p.alternates) index_field(alt, index::kWdfAlternate, &fields.question, true);
    auto answer_words = index_field(p.answer, index::kWdfAnswer, nullptr);

    doc.add_boolean_term(index::id_term(p.id));
    for (const std::string& t : p.tags) doc.add_boolean_term(std::string(index::kPrefixTag) + text::normalize(t));
    doc.add_boolean_term(std::string(index::kPrefixLang) + (p.lang.empty() ? lang : p.lang));

    const auto& intent_source = !question_words.empty() ? question_words : heading_words;
    std::vector<text::Word> lead(answer_words.begin(),
                                 answer_words.begin() + std::min<size_t>(answer_words.size(), 40));
    index::RankValue rank;
    rank.intents = text::encode_intents(text::passage_intents(
        intent_source, an.words(text::first_sentence(p.answer)), lead, p.position == 0));
    rank.doc_key = document_key(p);
    rank.fields = std::move(fields);
    doc.add_boolean_term(index::doc_term(rank.doc_key));
    doc.add_value(index::kSlotRank, index::encode_rank_value(rank));
    doc.add_value(index::kSlotPosition, Xapian::sortable_serialise(p.position));
    doc.add_value(index::kSlotLabel, !p.question.empty() ? p.question
                                     : !p.headings.empty() ? p.headings.back() : std::string());
    doc.add_value(index::kSlotId, p.id);
    doc.set_data(index::encode_passage(p));
    return doc;
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
  if (!impl_ || impl_->committed) return;
  try {
    impl_->db.close();
  } catch (...) {
  }
  std::error_code ec;
  fs::remove_all(impl_->work_path(), ec);
  fs::remove_all(index::generation_path(impl_->dir, impl_->generation), ec);
}

IndexWriter IndexWriter::create(const std::string& dir, const BuildOptions& options) {
  if (dir.empty()) throw Error(ErrorCode::invalid_argument, "index directory is empty");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->start(false);
  return IndexWriter(std::move(impl));
}

IndexWriter IndexWriter::update(const std::string& dir, const BuildOptions& options) {
  if (dir.empty()) throw Error(ErrorCode::invalid_argument, "index directory is empty");
  if (index::current_generation(dir) == 0) throw Error(ErrorCode::not_found, dir + ": no such index");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->start(true);
  return IndexWriter(std::move(impl));
}

void IndexWriter::add(const Passage& p) {
  if (p.id.empty()) throw Error(ErrorCode::invalid_argument, "passage without an id");
  check_text(p, "id", p.id);
  if (p.answer.empty())
    throw Error(ErrorCode::invalid_argument, "passage \"" + p.id + "\": empty answer");
  size_t bytes = p.answer.size() + p.question.size() + p.title.size();
  for (const auto& a : p.alternates) bytes += a.size();
  if (bytes > impl_->options.max_passage_bytes)
    throw Error(ErrorCode::too_large, where(p) + "passage \"" + p.id + "\": " + std::to_string(bytes) +
                                          " bytes, over the limit of " +
                                          std::to_string(impl_->options.max_passage_bytes));
  check_text(p, "title", p.title);
  check_text(p, "question", p.question);
  check_text(p, "answer", p.answer);
  for (const auto& a : p.alternates) check_text(p, "alternates", a);
  for (const auto& h : p.headings) check_text(p, "headings", h);
  try {
    Xapian::Document doc = impl_->make_document(p);
    if (impl_->fresh && impl_->ids.insert(p.id).second)
      impl_->db.add_document(doc);
    else
      impl_->db.replace_document(index::id_term(p.id), doc);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::io, "passage \"" + p.id + "\": " + e.get_description());
  }
}

bool IndexWriter::remove(const std::string& id) {
  std::string term = index::id_term(id);
  if (!impl_->db.term_exists(term)) return false;
  impl_->db.delete_document(term);
  return true;
}

uint64_t IndexWriter::size() const { return impl_->db.get_doccount(); }

IndexInfo IndexWriter::commit() {
  Impl& m = *impl_;
  if (m.committed) throw Error(ErrorCode::invalid_argument, "index writer already committed");
  try {
    for (const auto& [word, count] : m.spellings) m.db.add_spelling(word, count);
    m.spellings.clear();
    m.db.set_metadata(index::kMetaFormat, std::to_string(kIndexFormatVersion));
    m.db.set_metadata(index::kMetaAnalysis, text::kAnalysisId);
    m.db.set_metadata(index::kMetaLang, m.lang);
    m.db.set_metadata(index::kMetaBuiltAt, utc_now());
    m.db.set_metadata(index::kMetaGeneration, std::to_string(m.generation));
    m.db.commit();
    m.db.close();
    // Compaction writes (and fsyncs) the generation that readers will open.
    Xapian::Database(m.work_path()).compact(index::generation_path(m.dir, m.generation));
    index::write_manifest(index::generation_path(m.dir, m.generation));
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::io, m.dir + ": cannot write index: " + e.get_description());
  }
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
  return info;
}

IndexInfo build_index(const std::vector<Passage>& passages, const std::string& dir,
                      const BuildOptions& options) {
  BuildOptions opts = options;
  if (opts.lang.empty()) {
    // The corpus's language from a sample of its text: only scripts written
    // without spaces are told apart, everything else is taken as English.
    std::string sample;
    for (size_t i = 0; i < passages.size() && sample.size() < 20000; i += 1 + passages.size() / 200)
      sample += passages[i].question + " " + passages[i].answer.substr(0, 400) + " ";
    opts.lang = text::detect_script_language(sample);
    if (opts.lang.empty()) opts.lang = "en";
  }
  IndexWriter w = IndexWriter::create(dir, opts);
  for (const Passage& p : passages) w.add(p);
  return w.commit();
}

}  // namespace faq
