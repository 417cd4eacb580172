// faq_c.cc — the C API (faq.h) over the C++ engine, in one adapter file.
//
// Every entry point runs its body inside guard(), which turns any exception
// into a result code and a message: nothing C++ ever crosses into C. The
// handles are plain structs around the C++ objects; strings handed out point
// into std::strings owned by the handle.
#include "faq.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "faq/index.h"
#include "faq/ingest.h"
#include "faq/passage.h"
#include "faq/version.h"

static_assert(FAQ_VERSION_MAJOR == 0 && FAQ_VERSION_MINOR == 1 && FAQ_VERSION_PATCH == 0,
              "faq.h must mirror faq/version.h");
static_assert(FAQ_OK == static_cast<int>(faq::ErrorCode::ok) &&
                  FAQ_INVALID_ARGUMENT == static_cast<int>(faq::ErrorCode::invalid_argument) &&
                  FAQ_INVALID_UTF8 == static_cast<int>(faq::ErrorCode::invalid_utf8) &&
                  FAQ_BAD_INPUT == static_cast<int>(faq::ErrorCode::bad_input) &&
                  FAQ_IO == static_cast<int>(faq::ErrorCode::io) &&
                  FAQ_NOT_FOUND == static_cast<int>(faq::ErrorCode::not_found) &&
                  FAQ_CORRUPT_INDEX == static_cast<int>(faq::ErrorCode::corrupt_index) &&
                  FAQ_VERSION_MISMATCH == static_cast<int>(faq::ErrorCode::version_mismatch) &&
                  FAQ_TOO_LARGE == static_cast<int>(faq::ErrorCode::too_large) &&
                  FAQ_INTERNAL == static_cast<int>(faq::ErrorCode::internal) &&
                  FAQ_BUSY == static_cast<int>(faq::ErrorCode::busy),
              "faq.h codes must be the faq::ErrorCode numbers");
static_assert(FAQ_STATUS_ANSWER == static_cast<int>(faq::Status::answer) &&
                  FAQ_STATUS_AMBIGUOUS == static_cast<int>(faq::Status::ambiguous) &&
                  FAQ_STATUS_NO_ANSWER == static_cast<int>(faq::Status::no_answer),
              "faq.h status numbers must be faq::Status");

struct faq_options_t {
  faq::EngineOptions engine;
  faq::BuildOptions build;
};

struct faq_ask_options_t {
  faq::AskOptions ask;
};

struct faq_session_t {
  faq::Session session;
};

struct faq_engine_t {
  explicit faq_engine_t(faq::Engine e) : engine(std::move(e)) {}
  faq::Engine engine;

  // Messages are per thread: the handle is shared, and one thread's failure
  // must not overwrite the message another thread is about to read. Map
  // nodes never move, so a thread may read its own string without the lock;
  // only that thread ever writes it.
  mutable std::mutex mu;
  mutable std::unordered_map<std::thread::id, std::string> errors;

  void set_error(std::string msg) const {
    std::string* slot;
    {
      std::lock_guard<std::mutex> lock(mu);
      slot = &errors[std::this_thread::get_id()];
    }
    *slot = std::move(msg);
  }
  const char* error() const {
    std::lock_guard<std::mutex> lock(mu);
    auto it = errors.find(std::this_thread::get_id());
    return it == errors.end() ? "" : it->second.c_str();
  }
};

struct faq_result_t {
  faq::Result result;
  std::vector<std::string> headings;  // each answer's heading path, joined
  mutable std::optional<std::string> json;  // made on first request
};

struct faq_writer_t {
  explicit faq_writer_t(faq::IndexWriter w) : writer(std::move(w)) {}
  faq::IndexWriter writer;
  bool committed = false;
  std::string error;
};

namespace {

constexpr const char* kNullHandle = "NULL handle";

struct Failure {
  int code;
  std::string message;
};

faq::Error invalid_after_commit() {
  return faq::Error(faq::ErrorCode::invalid_argument,
                    "the writer has already committed; start a new one");
}

// Runs `body` (which returns void) and reports what it threw.
template <typename F>
std::optional<Failure> guard(F&& body) noexcept {
  try {
    body();
    return std::nullopt;
  } catch (const faq::Error& e) {
    return Failure{static_cast<int>(e.code()), e.what()};
  } catch (const std::bad_alloc&) {
    return Failure{FAQ_INTERNAL, "out of memory"};
  } catch (const std::exception& e) {
    return Failure{FAQ_INTERNAL, std::string("unexpected error: ") + e.what()};
  } catch (...) {
    return Failure{FAQ_INTERNAL, "unexpected error of unknown type"};
  }
}

// A fresh malloc'd copy for an errmsg out-parameter (LevelDB's contract: the
// previous message, if any, is released).
void store_errmsg(char** errmsg, const std::string& message) noexcept {
  if (!errmsg) return;
  std::free(*errmsg);
  *errmsg = static_cast<char*>(std::malloc(message.size() + 1));
  if (*errmsg) std::memcpy(*errmsg, message.c_str(), message.size() + 1);
}

int report(const std::optional<Failure>& f, char** errmsg) noexcept {
  if (!f) return FAQ_OK;
  store_errmsg(errmsg, f->message);
  return f->code;
}

int report(const std::optional<Failure>& f, const faq_engine_t* engine) noexcept {
  if (!f) return FAQ_OK;
  if (engine) {
    try {
      engine->set_error(f->message);
    } catch (...) {  // out of memory: the code alone must do
    }
  }
  return f->code;
}

int report(const std::optional<Failure>& f, faq_writer_t* writer) noexcept {
  if (!f) return FAQ_OK;
  if (writer) {
    try {
      writer->error = f->message;
    } catch (...) {
    }
  }
  return f->code;
}

// Offset of the first byte that is not well-formed UTF-8, or npos.
size_t utf8_error(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t min, cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t j = 1; j < len; ++j) {
      unsigned char d = static_cast<unsigned char>(s[i + j]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// A NUL-terminated argument as a string, checked: NULL is an invalid
// argument (unless allowed), bad UTF-8 names the argument and the offset.
std::string text_arg(const char* s, const char* what, bool may_be_null = false) {
  if (!s) {
    if (may_be_null) return std::string();
    throw faq::Error(faq::ErrorCode::invalid_argument, std::string(what) + " is NULL");
  }
  std::string_view v(s);
  size_t bad = utf8_error(v);
  if (bad != std::string_view::npos)
    throw faq::Error(faq::ErrorCode::invalid_utf8,
                     std::string(what) + " is not valid UTF-8 at byte " + std::to_string(bad));
  return std::string(v);
}

std::string nonempty_arg(const char* s, const char* what) {
  std::string v = text_arg(s, what);
  if (v.empty()) throw faq::Error(faq::ErrorCode::invalid_argument, std::string(what) + " is empty");
  return v;
}

const char* out_string(const std::string& s, size_t* len) noexcept {
  if (len) *len = s.size();
  return s.c_str();
}

const char* no_string(size_t* len) noexcept {
  if (len) *len = 0;
  return nullptr;
}

const faq::Answer* answer_at(const faq_result_t* r, size_t i) noexcept {
  if (!r || i >= r->result.answers.size()) return nullptr;
  return &r->result.answers[i];
}

void add_tags(const std::string& value, std::vector<std::string>& tags) {
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(" \t");
    size_t e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) tags.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : value) {
    if (c == ';' || c == '|' || c == ',') flush();
    else cur += c;
  }
  flush();
}

int start_writer(bool update, const char* index_dir, const faq_options_t* options,
                 faq_writer_t** writer, char** errmsg) noexcept {
  if (writer) *writer = nullptr;
  auto f = guard([&] {
    if (!writer) throw faq::Error(faq::ErrorCode::invalid_argument, "writer out-parameter is NULL");
    std::string dir = nonempty_arg(index_dir, "index directory");
    faq::BuildOptions build = options ? options->build : faq::BuildOptions{};
    faq::IndexWriter w = update ? faq::IndexWriter::update(dir, build) : faq::IndexWriter::create(dir, build);
    *writer = new faq_writer_t(std::move(w));
  });
  return report(f, errmsg);
}

}  // namespace

extern "C" {

// ---- Version, errors, memory ------------------------------------------------

const char* faq_version(void) { return FAQ_VERSION_STRING; }
int faq_version_number(void) { return FAQ_VERSION_NUMBER; }
int faq_index_format_version(void) { return faq::kIndexFormatVersion; }

const char* faq_errstr(int code) {
  if (code < FAQ_OK || code > FAQ_BUSY) return "unknown error";
  return faq::error_code_name(static_cast<faq::ErrorCode>(code));
}

void faq_free(void* ptr) { std::free(ptr); }

// ---- Options ------------------------------------------------------------------

faq_options_t* faq_options_create(void) { return new (std::nothrow) faq_options_t(); }
void faq_options_destroy(faq_options_t* options) { delete options; }

int faq_options_set_rank(faq_options_t* options, const char* name, double value) {
  if (!options || !name) return FAQ_INVALID_ARGUMENT;
  bool known = false;
  auto f = guard([&] { known = options->engine.rank.set(name, value); });
  if (f) return f->code;
  return known ? FAQ_OK : FAQ_INVALID_ARGUMENT;
}

int faq_options_set_language(faq_options_t* options, const char* lang) {
  if (!options) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] { options->build.lang = text_arg(lang, "language", true); });
  return f ? f->code : FAQ_OK;
}

void faq_options_set_spelling(faq_options_t* options, int on) {
  if (options) options->build.spelling = on != 0;
}

void faq_options_set_build_threads(faq_options_t* options, unsigned threads) {
  if (options) options->build.threads = std::min(threads, 8u);
}

int faq_options_set_index_threshold(faq_options_t* options, double threshold) {
  if (!options || std::isnan(threshold) || threshold > 1) return FAQ_INVALID_ARGUMENT;
  options->build.threshold = threshold;
  return FAQ_OK;
}

int faq_options_add_synonyms_file(faq_options_t* options, const char* path, char** errmsg) {
  return report(guard([&] {
                  if (!options) throw faq::Error(faq::ErrorCode::invalid_argument, "options is NULL");
                  std::vector<faq::Synonym> rules = faq::read_synonyms(text_arg(path, "path", false));
                  options->build.synonyms.insert(options->build.synonyms.end(), rules.begin(), rules.end());
                }),
                errmsg);
}

// ---- Engine ---------------------------------------------------------------------

int faq_open(const char* path, const faq_options_t* options, faq_engine_t** engine, char** errmsg) {
  if (engine) *engine = nullptr;
  auto f = guard([&] {
    if (!engine) throw faq::Error(faq::ErrorCode::invalid_argument, "engine out-parameter is NULL");
    std::string dir = nonempty_arg(path, "index path");
    faq::Engine e = faq::Engine::open(dir, options ? options->engine : faq::EngineOptions{});
    *engine = new faq_engine_t(std::move(e));
  });
  return report(f, errmsg);
}

void faq_close(faq_engine_t* engine) { delete engine; }

const char* faq_engine_errmsg(const faq_engine_t* engine) {
  if (!engine) return kNullHandle;
  try {
    return engine->error();
  } catch (...) {  // std::mutex::lock may throw in theory
    return "cannot read the error message";
  }
}

int faq_engine_reopen(faq_engine_t* engine) {
  if (!engine) return FAQ_INVALID_ARGUMENT;
  return report(guard([&] { engine->engine.reopen(); }), engine);
}

int faq_engine_info(faq_engine_t* engine, uint64_t* passages, uint64_t* generation) {
  if (!engine) return FAQ_INVALID_ARGUMENT;
  return report(guard([&] {
                  faq::IndexInfo info = engine->engine.info();
                  if (passages) *passages = info.passages;
                  if (generation) *generation = info.generation;
                }),
                engine);
}

// ---- Asking -----------------------------------------------------------------------

faq_ask_options_t* faq_ask_options_create(void) { return new (std::nothrow) faq_ask_options_t(); }
void faq_ask_options_destroy(faq_ask_options_t* options) { delete options; }

void faq_ask_options_set_k(faq_ask_options_t* options, int k) {
  if (options) options->ask.k = k;
}

void faq_ask_options_set_threshold(faq_ask_options_t* options, double threshold) {
  if (options) options->ask.threshold = threshold;
}

void faq_ask_options_set_ids_only(faq_ask_options_t* options, int ids_only) {
  if (options) options->ask.passages = ids_only == 0;
}

static int set_filter(faq_ask_options_t* options, const char* name, const char* value) {
  if (!options) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] {
    std::string v = text_arg(value, name, true);
    if (v.empty()) options->ask.filters.erase(name);
    else options->ask.filters[name] = std::move(v);
  });
  return f ? f->code : FAQ_OK;
}

int faq_ask_options_set_language(faq_ask_options_t* options, const char* lang) {
  return set_filter(options, "lang", lang);
}

int faq_ask_options_set_tag(faq_ask_options_t* options, const char* tag) {
  return set_filter(options, "tag", tag);
}

int faq_ask(faq_engine_t* engine, const char* question, size_t len, const faq_ask_options_t* options,
            faq_session_t* session, faq_result_t** result) {
  if (result) *result = nullptr;
  auto f = guard([&] {
    if (!engine) throw faq::Error(faq::ErrorCode::invalid_argument, "engine is NULL");
    if (!question) throw faq::Error(faq::ErrorCode::invalid_argument, "question is NULL");
    if (!result) throw faq::Error(faq::ErrorCode::invalid_argument, "result out-parameter is NULL");
    auto r = std::make_unique<faq_result_t>();
    r->result = engine->engine.ask(std::string_view(question, len),
                                   options ? options->ask : faq::AskOptions{},
                                   session ? &session->session : nullptr);
    for (const faq::Answer& a : r->result.answers) {
      std::string path;
      for (const std::string& h : a.headings) path += (path.empty() ? "" : " > ") + h;
      r->headings.push_back(std::move(path));
    }
    *result = r.release();
  });
  return report(f, engine);
}

// ---- Results ------------------------------------------------------------------------

const char* faq_status_name(int status) {
  if (status < FAQ_STATUS_ANSWER || status > FAQ_STATUS_NO_ANSWER) return "unknown";
  return faq::status_name(static_cast<faq::Status>(status));
}

void faq_result_destroy(faq_result_t* result) { delete result; }

size_t faq_result_count(const faq_result_t* result) {
  return result ? result->result.answers.size() : 0;
}

int faq_result_status(const faq_result_t* result) {
  return result ? static_cast<int>(result->result.status) : FAQ_STATUS_NO_ANSWER;
}

double faq_result_confidence(const faq_result_t* result) {
  return result ? result->result.confidence : 0.0;
}

const char* faq_result_context(const faq_result_t* result, size_t* len) {
  return result ? out_string(result->result.context, len) : no_string(len);
}

const char* faq_result_json(const faq_result_t* result, size_t* len) {
  if (!result) return no_string(len);
  try {
    if (!result->json) result->json = faq::to_json(result->result);
  } catch (...) {
    return no_string(len);  // out of memory
  }
  return out_string(*result->json, len);
}

#define FAQ_ANSWER_STRING(fn, member)                                  \
  const char* fn(const faq_result_t* result, size_t i, size_t* len) {  \
    const faq::Answer* a = answer_at(result, i);                       \
    return a ? out_string(a->member, len) : no_string(len);            \
  }
FAQ_ANSWER_STRING(faq_result_id, id)
FAQ_ANSWER_STRING(faq_result_title, title)
FAQ_ANSWER_STRING(faq_result_question, question)
FAQ_ANSWER_STRING(faq_result_text, text)
FAQ_ANSWER_STRING(faq_result_snippet, snippet)
FAQ_ANSWER_STRING(faq_result_source, source)
FAQ_ANSWER_STRING(faq_result_url, url)
#undef FAQ_ANSWER_STRING

const char* faq_result_heading(const faq_result_t* result, size_t i, size_t* len) {
  if (!answer_at(result, i)) return no_string(len);
  return out_string(result->headings[i], len);
}

double faq_result_score(const faq_result_t* result, size_t i) {
  const faq::Answer* a = answer_at(result, i);
  return a ? a->score : 0.0;
}

double faq_result_passage_confidence(const faq_result_t* result, size_t i) {
  const faq::Answer* a = answer_at(result, i);
  return a ? a->confidence : 0.0;
}

int faq_result_line(const faq_result_t* result, size_t i) {
  const faq::Answer* a = answer_at(result, i);
  return a ? a->line : 0;
}

// ---- Sessions -----------------------------------------------------------------------

faq_session_t* faq_session_create(void) { return new (std::nothrow) faq_session_t(); }
void faq_session_destroy(faq_session_t* session) { delete session; }

void faq_session_reset(faq_session_t* session) {
  if (session) session->session.reset();
}

const char* faq_session_focus(const faq_session_t* session, size_t* len) {
  return session ? out_string(session->session.focus(), len) : no_string(len);
}

int faq_session_turns(const faq_session_t* session) { return session ? session->session.turns() : 0; }

// ---- Building -------------------------------------------------------------------------

int faq_build(const char* index_dir, const char* const* inputs, size_t n_inputs,
              const faq_options_t* options, char** errmsg) {
  auto f = guard([&] {
    std::string dir = nonempty_arg(index_dir, "index directory");
    if (!inputs || n_inputs == 0) throw faq::Error(faq::ErrorCode::invalid_argument, "no inputs");
    std::vector<std::string> paths;
    for (size_t i = 0; i < n_inputs; ++i) paths.push_back(nonempty_arg(inputs[i], "input path"));
    std::vector<faq::Passage> passages = faq::read_paths(paths);
    if (passages.empty())
      throw faq::Error(faq::ErrorCode::bad_input, "the inputs hold no passages");
    faq::build_index(passages, dir, options ? options->build : faq::BuildOptions{});
  });
  return report(f, errmsg);
}

int faq_writer_create(const char* index_dir, const faq_options_t* options, faq_writer_t** writer,
                      char** errmsg) {
  return start_writer(false, index_dir, options, writer, errmsg);
}

int faq_writer_update(const char* index_dir, const faq_options_t* options, faq_writer_t** writer,
                      char** errmsg) {
  return start_writer(true, index_dir, options, writer, errmsg);
}

void faq_writer_destroy(faq_writer_t* writer) {
  try {
    delete writer;  // the C++ destructor discards uncommitted work
  } catch (...) {
  }
}

const char* faq_writer_errmsg(const faq_writer_t* writer) {
  return writer ? writer->error.c_str() : kNullHandle;
}

int faq_writer_add(faq_writer_t* writer, const char* id, const char* title, const char* question,
                   const char* answer, const char* const* meta_keys, const char* const* meta_values,
                   size_t n_meta) {
  if (!writer) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] {
    if (writer->committed) throw invalid_after_commit();
    faq::Passage p;
    p.id = nonempty_arg(id, "id");
    p.title = text_arg(title, "title", true);
    p.question = text_arg(question, "question", true);
    p.answer = nonempty_arg(answer, "answer");
    if (n_meta > 0 && (!meta_keys || !meta_values))
      throw faq::Error(faq::ErrorCode::invalid_argument, "metadata keys or values are NULL");
    for (size_t i = 0; i < n_meta; ++i) {
      std::string key = nonempty_arg(meta_keys[i], "metadata key");
      std::string value = text_arg(meta_values[i], ("metadata \"" + key + "\"").c_str());
      if (key == "tags") add_tags(value, p.tags);
      else if (key == "tag") p.tags.push_back(value);
      else if (key == "url") p.url = value;
      else if (key == "lang") p.lang = value;
      else if (key == "source") p.source = value;
      else if (key == "heading") p.headings.push_back(value);
      else if (key == "alternate") p.alternates.push_back(value);
      else p.metadata[key] = value;
    }
    if (p.question.empty() && !p.headings.empty()) {
      p.question = p.headings.back();
      p.question_derived = true;
    }
    writer->writer.add(p);
  });
  return report(f, writer);
}

int faq_writer_add_path(faq_writer_t* writer, const char* path, size_t* added) {
  if (added) *added = 0;
  if (!writer) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] {
    if (writer->committed) throw invalid_after_commit();
    std::vector<faq::Passage> passages = faq::read_path(nonempty_arg(path, "input path"));
    for (const faq::Passage& p : passages) writer->writer.add(p);
    if (added) *added = passages.size();
  });
  return report(f, writer);
}

int faq_writer_remove(faq_writer_t* writer, const char* id) {
  if (!writer) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] {
    if (writer->committed) throw invalid_after_commit();
    std::string key = nonempty_arg(id, "id");
    if (!writer->writer.remove(key))
      throw faq::Error(faq::ErrorCode::not_found, "no passage with id \"" + key + "\"");
  });
  return report(f, writer);
}

uint64_t faq_writer_count(const faq_writer_t* writer) {
  if (!writer || writer->committed) return 0;
  uint64_t n = 0;
  auto f = guard([&] { n = writer->writer.size(); });
  return f ? 0 : n;
}

int faq_writer_commit(faq_writer_t* writer, uint64_t* generation) {
  if (!writer) return FAQ_INVALID_ARGUMENT;
  auto f = guard([&] {
    if (writer->committed) throw invalid_after_commit();
    faq::IndexInfo info = writer->writer.commit();
    writer->committed = true;
    if (generation) *generation = info.generation;
  });
  return report(f, writer);
}

}  // extern "C"
