// ingest/readers.h — private interface between the dispatcher (reader.cc) and
// the per-format readers, plus the small text helpers they share.
#ifndef FAQ_INGEST_READERS_H
#define FAQ_INGEST_READERS_H

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "faq/error.h"
#include "faq/ingest.h"
#include "faq/passage.h"

namespace faq::ingest {

// Limits on the shape of a record, beyond IngestOptions::max_file_bytes. A
// file over one of them fails with ErrorCode::too_large at FILE:LINE.
// Fields (JSON keys, CSV/TSV columns) of one record: a 50 MB line of commas
// would otherwise become 50 million strings.
inline constexpr size_t kMaxFields = 1000;
// Nesting of JSON arrays/objects: nlohmann::json builds and destroys nested
// values recursively, so a deep enough document overflows the stack.
inline constexpr int kMaxJsonDepth = 64;
// Phrases on one side of a synonym rule: a group of n equivalent phrases
// makes n * (n - 1) synonyms.
inline constexpr size_t kMaxSynonymPhrases = 100;

// One file's content after the whole-file checks (size, BOM, NUL, UTF-8, empty).
struct Context {
  std::string_view text;  // BOM already stripped
  std::string name;       // for messages and Passage::source
  std::string id_base;    // prefix of derived ids; relative inside a directory
  const IngestOptions& options;
  IngestReport* report;   // may be null

  // Under skip_bad, records a bad record's message; otherwise rethrows it.
  void skip_or_throw(const Error& error) const;
};

std::vector<Passage> read_text(const Context& ctx);
std::vector<Passage> read_markdown(const Context& ctx);
std::vector<Passage> read_json(const Context& ctx);
std::vector<Passage> read_jsonl(const Context& ctx);
std::vector<Passage> read_delimited(const Context& ctx, char delimiter);  // CSV / TSV
// A synonym file's rules (faq::read_synonyms), from its checked text.
std::vector<Synonym> parse_synonyms(std::string_view text, std::string_view name);

// ---- helpers (ingest_util.cc) ---------------------------------------------

// Offset of the first byte that is not part of well-formed UTF-8
// (overlong forms, surrogates and code points past U+10FFFF are rejected),
// or npos when `text` is valid.
size_t invalid_utf8_at(std::string_view text);
// Throws invalid_utf8 "NAME:LINE: invalid UTF-8 (byte 0xXX at column C)" for
// the first bad byte of `text`, whose first line is line `first_line`.
void check_utf8(std::string_view text, std::string_view name, int first_line = 1);

struct Line {
  std::string_view text;  // without the line terminator
  int number;             // 1-based
};
std::vector<Line> split_lines(std::string_view text);

[[noreturn]] void fail(ErrorCode code, std::string_view name, int line, const std::string& what);
std::string located(std::string_view name, int line, const std::string& what);

std::string_view trim(std::string_view s);
std::string collapse_spaces(std::string_view s);
// Collapses blanks inside lines, drops empty lines, joins paragraphs with "\n".
std::string normalise_answer(std::string_view s);
size_t count_words(std::string_view s);
bool ends_with(std::string_view s, std::string_view suffix);
std::string lower_ascii(std::string_view s);
std::string file_stem(std::string_view path);
// "a; b | c" -> {"a","b","c"}; empty pieces dropped.
std::vector<std::string> split_list(std::string_view s, std::string_view separators);

// The short lead phrase of a point ("Drug treatment. Medication ..." ->
// "Drug treatment"), or "" when the point has none.
std::string lead_phrase(std::string_view point);
// "<base>: <lead>", or just the one that is non-empty.
std::string derive_question(const std::string& base, const std::string& lead);
// Whether most items of a list are long enough to be passages of their own.
bool items_are_long(const std::vector<std::string>& items);

// Builds a document's passages with "<id_base>#<position>" ids; the
// reference add() returns is valid until the next add().
class DocumentBuilder {
 public:
  DocumentBuilder(const Context& ctx, std::string title);
  Passage& add(std::vector<std::string> headings, std::string question, bool derived,
               std::string answer, int line);
  std::vector<Passage> take() { return std::move(passages_); }
  const std::string& title() const { return title_; }

 private:
  const Context& ctx_;
  std::string title_;
  std::vector<Passage> passages_;
};

// Completes JSON/CSV records: derived id and question, position among records
// of the same title, default language, source. Drops records that fail
// (reporting them) under skip_bad.
class RecordSet {
 public:
  explicit RecordSet(const Context& ctx) : ctx_(ctx) {}
  // `p` must carry line, answer and whatever fields the record gave.
  void add(Passage p);
  std::vector<Passage> take() { return std::move(passages_); }

 private:
  const Context& ctx_;
  std::vector<Passage> passages_;
  std::map<std::string, int> per_title_;
  int ordinal_ = 0;
};

}  // namespace faq::ingest

#endif  // FAQ_INGEST_READERS_H
