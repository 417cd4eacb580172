// Hostile input through the C++ API: the bad-input table of the robustness
// issue (every row gets its documented behaviour — an faq::Error whose
// message names the file and line, or a correct answer — never a crash or
// another exception), the limits, and damaged indexes at open.
// The same table runs through the CLI in tests/robustness/bad_input_cli.sh.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "test_support.h"
#include "faq/index.h"
#include "faq/ingest.h"

namespace fs = std::filesystem;
using faq_test::error_of;
using faq_test::TempDir;
using faq::ErrorCode;
using faq::Format;
using faq::IngestOptions;
using faq::IngestReport;
using faq::Passage;

namespace {


bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<Passage> doc(std::string_view content, std::string_view name, Format format,
                         const IngestOptions& options = {}, IngestReport* report = nullptr) {
  return faq::read_document(content, name, format, options, report);
}


const Format kAllFormats[] = {Format::text, Format::markdown, Format::json,
                              Format::jsonl, Format::csv,     Format::tsv};
const char* name_for(Format f) {
  switch (f) {
    case Format::text: return "bad.txt";
    case Format::markdown: return "bad.md";
    case Format::json: return "bad.json";
    case Format::jsonl: return "bad.jsonl";
    case Format::csv: return "bad.csv";
    case Format::tsv: return "bad.tsv";
    default: return "bad";
  }
}

// A small, valid document of each format, with `answer` as one answer.
std::string valid_doc(Format f, const std::string& answer = "Penguins live in Antarctica.") {
  switch (f) {
    case Format::text: return "Penguins\n\nWhere do penguins live?\n" + answer + "\n";
    case Format::markdown: return "# Penguins\n\n## Where do penguins live?\n\n" + answer + "\n";
    case Format::json: return "[{\"question\": \"Where do penguins live?\", \"answer\": \"" + answer + "\"}]";
    case Format::jsonl: return "{\"question\": \"Where do penguins live?\", \"answer\": \"" + answer + "\"}\n";
    case Format::csv: return "question,answer\nWhere do penguins live?,\"" + answer + "\"\n";
    case Format::tsv: return "question\tanswer\nWhere do penguins live?\t" + answer + "\n";
    default: return "";
  }
}

// One engine over a small knowledge base, shared by the question tests.
const faq::Engine& small_engine() {
  static TempDir dir("engine");
  static faq::Engine engine = [] {
    std::vector<Passage> passages =
        faq::read_path(std::string(FAQ_FIXTURES) + "/ingest/seed.txt");
    faq::build_index(passages, dir.str("kb"));
    return faq::Engine::open(dir.str("kb"));
  }();
  return engine;
}

}  // namespace

// ---- documents --------------------------------------------------------------

TEST_CASE("bad input: invalid UTF-8 in every format names file, line and byte") {
  for (Format f : kAllFormats) {
    CAPTURE(name_for(f));
    std::string content = valid_doc(f, "Penguins live in \xC3\x28 Antarctica.");
    auto e = error_of([&] { doc(content, name_for(f), f); });
    CHECK(e.code() == ErrorCode::invalid_utf8);
    CHECK(starts_with(e.what(), std::string(name_for(f)) + ":"));
    CHECK(contains(e.what(), "0xC3"));
    // Overlong encodings and surrogates are invalid too.
    for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
      auto e2 = error_of([&] { doc(valid_doc(f, std::string("x ") + bad), name_for(f), f); });
      CHECK(e2.code() == ErrorCode::invalid_utf8);
    }
  }
}

TEST_CASE("bad input: NUL bytes and binary files with a text extension") {
  std::string binary;
  std::mt19937 rng(42);
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>(rng() & 0xFF);
  binary[100] = '\0';
  for (Format f : kAllFormats) {
    CAPTURE(name_for(f));
    auto e = error_of([&] { doc(std::string("Title\n\nSome text\0more", 21), name_for(f), f); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(starts_with(e.what(), std::string(name_for(f)) + ":3: NUL byte"));
    auto b = error_of([&] { doc(binary, name_for(f), f); });
    CHECK((b.code() == ErrorCode::bad_input || b.code() == ErrorCode::invalid_utf8));
    CHECK(starts_with(b.what(), std::string(name_for(f)) + ":"));
    // Binary without NUL bytes is (almost surely) invalid UTF-8.
    std::string no_nul = binary;
    for (char& c : no_nul)
      if (c == '\0') c = '\x80';
    CHECK(error_of([&] { doc(no_nul, name_for(f), f); }).code() == ErrorCode::invalid_utf8);
  }
}

TEST_CASE("bad input: empty and whitespace-only files") {
  for (Format f : kAllFormats) {
    for (const char* content : {"", " ", "\n\n\n", " \t \r\n \n", "\xEF\xBB\xBF", "\xEF\xBB\xBF  \n"}) {
      CAPTURE(name_for(f));
      auto e = error_of([&] { doc(content, name_for(f), f); });
      CHECK(e.code() == ErrorCode::bad_input);
      CHECK(e.what() == std::string(name_for(f)) + ":1: empty file");
    }
  }
}

TEST_CASE("bad input: a 50 MB single-line file is read, its passage refused as too large") {
  std::string line;
  line.reserve(50u << 20);
  while (line.size() < (50u << 20)) line += "penguins swim fast ";
  std::vector<Passage> passages = doc(line, "huge.txt", Format::text);
  REQUIRE(passages.size() == 1);
  CHECK(passages[0].title == "huge");  // a first line over 30 words is no title
  TempDir t("huge");
  auto e = error_of([&] { faq::build_index(passages, t.str("kb")); });
  CHECK(e.code() == ErrorCode::too_large);
  CHECK(starts_with(e.what(), "huge.txt:1: passage \"huge.txt#0\""));
  // Under the document size limit it is refused before it is read.
  IngestOptions small;
  small.max_file_bytes = 1u << 20;
  auto f = error_of([&] { doc(line, "huge.txt", Format::text, small); });
  CHECK(f.code() == ErrorCode::too_large);
  CHECK(starts_with(f.what(), "huge.txt:1: file too large"));
  // The same through read_path, which checks the size before reading.
  t.write("huge.txt", line);
  auto g = error_of([&] { faq::read_path(t.str("huge.txt"), small); });
  CHECK(g.code() == ErrorCode::too_large);
}

TEST_CASE("bad input: JSON with wrong types names the field and the line") {
  struct Row { const char* json; const char* message; };
  const Row rows[] = {
      {"[\n{\"answer\": 5}]", "bad.json:2: field \"answer\" must be a string"},
      {"[\n\n{\"answer\": \"a\", \"question\": [\"q\"]}]", "bad.json:3: field \"question\" must be a string"},
      {"[{\"answer\": \"a\", \"id\": {\"x\": 1}}]", "bad.json:1: field \"id\" must be a string or a number"},
      {"[{\"answer\": \"a\", \"tags\": 7}]", "bad.json:1: field \"tags\" must be a string or an array of strings"},
      {"[{\"answer\": \"a\", \"alternates\": \"one\"}]", "bad.json:1: field \"alternates\" must be an array of strings"},
      {"[{\"answer\": \"a\", \"alternates\": [1, 2]}]", "bad.json:1: field \"alternates\" must be an array of strings"},
      {"[{\"question\": \"q\"}]", "bad.json:1: missing field \"answer\""},
      {"[{\"answer\": \"\"}]", "bad.json:1: field \"answer\" must not be empty"},
      {"[\n{\"answer\": \"a\", \"lang\": \"French\"}]", "bad.json:2: field \"lang\": \"French\" is not a language tag"},
      {"[\"just a string\"]", "bad.json:1: a record must be a JSON object"},
      {"42", "bad.json:1: expected an array of records or {\"items\": [...]}"},
      {"{\"items\": {\"answer\": \"a\"}}", "bad.json:1: expected an array of records or {\"items\": [...]}"},
      {"[{\"answer\": \"a\"},\n{\"answer\": ", "bad.json:2: invalid JSON"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.json);
    auto e = error_of([&] { doc(row.json, "bad.json", Format::json); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(starts_with(e.what(), row.message));
  }
}

TEST_CASE("limits: JSON nested deeper than 64 levels is refused before parsing") {
  // 100,000 levels would overflow the stack of a recursive parser/destructor.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto e = error_of([&] { doc(deep, "deep.json", Format::json); });
  CHECK(e.code() == ErrorCode::too_large);
  CHECK(starts_with(e.what(), "deep.json:1: JSON nested deeper than 64 levels"));
  std::string deep_record = "{\"answer\": \"a\"}\n{\"answer\": \"b\", \"x\": " + std::string(100000, '{');
  auto l = error_of([&] { doc(deep_record, "deep.jsonl", Format::jsonl); });
  CHECK(l.code() == ErrorCode::too_large);
  CHECK(starts_with(l.what(), "deep.jsonl:2: JSON nested deeper"));
  // Under skip_bad the deep line is reported and the others are read.
  IngestOptions skip;
  skip.skip_bad = true;
  IngestReport report;
  CHECK(doc(deep_record, "deep.jsonl", Format::jsonl, skip, &report).size() == 1);
  REQUIRE(report.errors.size() == 1);
  CHECK(starts_with(report.errors[0], "deep.jsonl:2: JSON nested deeper"));
  // Brackets inside strings do not count; 60 levels of metadata are fine.
  std::string brackets = "[{\"answer\": \"" + std::string(200, '[') + "\"}]";
  CHECK(doc(brackets, "s.json", Format::json).size() == 1);
  std::string nested = "[{\"answer\": \"a\", \"x\": " + std::string(60, '[') + std::string(60, ']') + "}]";
  CHECK(doc(nested, "n.json", Format::json).size() == 1);
}

TEST_CASE("limits: more than 1,000 fields per record") {
  std::string header = "question,answer";
  for (int i = 0; i < 1000; ++i) header += ",c" + std::to_string(i);
  auto h = error_of([&] { doc(header + "\nq,a\n", "wide.csv", Format::csv); });
  CHECK(h.code() == ErrorCode::too_large);
  CHECK(starts_with(h.what(), "wide.csv:1: 1002 fields, over the limit of 1000"));
  // A row of 5,000,000 commas is counted, not kept.
  std::string row = "q,a" + std::string(5000000, ',');
  auto r = error_of([&] { doc("question,answer\nq,a\n" + row + "\n", "wide.csv", Format::csv); });
  CHECK(r.code() == ErrorCode::too_large);
  CHECK(starts_with(r.what(), "wide.csv:3: 5000002 fields"));
  std::string tsv_row = "q\ta" + std::string(2000, '\t');
  CHECK(error_of([&] { doc("question\tanswer\n" + tsv_row, "w.tsv", Format::tsv); }).code() ==
        ErrorCode::too_large);
  std::string record = "{\"answer\": \"a\"";
  for (int i = 0; i < 1000; ++i) record += ",\"k" + std::to_string(i) + "\": 1";
  record += "}";
  auto j = error_of([&] { doc("{\"answer\": \"ok\"}\n" + record + "\n", "wide.jsonl", Format::jsonl); });
  CHECK(j.code() == ErrorCode::too_large);
  CHECK(starts_with(j.what(), "wide.jsonl:2: record has 1001 fields"));
  // Exactly 1,000 columns is within the limit.
  std::string ok_header = "question,answer", ok_row = "q,a";
  for (int i = 0; i < 998; ++i) ok_header += ",c" + std::to_string(i), ok_row += ",v";
  CHECK(doc(ok_header + "\n" + ok_row + "\n", "ok.csv", Format::csv).size() == 1);
}

TEST_CASE("bad input: JSONL with one broken line") {
  std::string content =
      "{\"id\": \"a\", \"answer\": \"one\"}\n{\"id\": \"b\", \"answer\": \"two\"\n{\"id\": \"c\", \"answer\": \"three\"}\n";
  auto e = error_of([&] { doc(content, "broken.jsonl", Format::jsonl); });
  CHECK(e.code() == ErrorCode::bad_input);
  CHECK(starts_with(e.what(), "broken.jsonl:2: invalid JSON"));
  IngestOptions skip;
  skip.skip_bad = true;
  IngestReport report;
  auto passages = doc(content, "broken.jsonl", Format::jsonl, skip, &report);
  REQUIRE(passages.size() == 2);
  CHECK(passages[1].id == "c");
  REQUIRE(report.errors.size() == 1);
  CHECK(starts_with(report.errors[0], "broken.jsonl:2: "));
}

TEST_CASE("bad input: CSV quotes across lines and ragged rows") {
  std::string multi = "id,question,answer\nx,\"Why\nnow?\",\"First line\n\nsecond, \"\"quoted\"\"\"\ny,Next?,Plain\n";
  auto passages = doc(multi, "m.csv", Format::csv);
  REQUIRE(passages.size() == 2);
  CHECK(passages[0].question == "Why\nnow?");
  CHECK(passages[0].answer == "First line\nsecond, \"quoted\"");
  CHECK(passages[1].line == 6);
  auto ragged = error_of([&] { doc("question,answer\nq1,a1\nq2,a2,extra\nq3\n", "r.csv", Format::csv); });
  CHECK(ragged.code() == ErrorCode::bad_input);
  CHECK(starts_with(ragged.what(), "r.csv:3: expected 2 fields, found 3"));
  IngestOptions skip;
  skip.skip_bad = true;
  IngestReport report;
  CHECK(doc("question,answer\nq1,a1\nq2,a2,extra\nq3\nq4,a4\n", "r.csv", Format::csv, skip, &report).size() == 2);
  CHECK(report.errors.size() == 2);
  auto open = error_of([&] { doc("question,answer\nq1,a1\nq2,\"never closed\nq3,a3\n", "u.csv", Format::csv); });
  CHECK(open.code() == ErrorCode::bad_input);
  CHECK(starts_with(open.what(), "u.csv:3: unterminated quoted field"));
}

TEST_CASE("bad input: duplicate ids name both places") {
  auto e = error_of([&] {
    doc("{\"id\": \"x\", \"answer\": \"one\"}\n{\"id\": \"y\", \"answer\": \"two\"}\n{\"id\": \"x\", \"answer\": \"three\"}\n",
        "dup.jsonl", Format::jsonl);
  });
  CHECK(e.code() == ErrorCode::bad_input);
  CHECK(starts_with(e.what(), "dup.jsonl:3: duplicate id \"x\" (first at dup.jsonl:1)"));
  auto c = error_of([&] { doc("id,question,answer\n7,q,a\n7,q2,a2\n", "dup.csv", Format::csv); });
  CHECK(starts_with(c.what(), "dup.csv:3: duplicate id \"7\""));
}

TEST_CASE("bad input: 100,000 tiny records in one JSONL file, and 2,000 tiny files") {
  TempDir t("many");
  std::string jsonl;
  for (int i = 0; i < 100000; ++i)
    jsonl += "{\"id\": \"r" + std::to_string(i) + "\", \"question\": \"What is item " + std::to_string(i) +
             "?\", \"answer\": \"Item " + std::to_string(i) + " is tiny.\"}\n";
  t.write("many.jsonl", jsonl);
  auto passages = faq::read_path(t.str("many.jsonl"));
  REQUIRE(passages.size() == 100000);
  CHECK(passages.back().line == 100000);
  faq::BuildOptions no_spelling;
  no_spelling.spelling = false;
  CHECK(faq::build_index(passages, t.str("kb1"), no_spelling).passages == 100000);
  faq::Engine e1 = faq::Engine::open(t.str("kb1"));
  faq::Result r1 = e1.ask("what is item 77777?");
  REQUIRE(!r1.answers.empty());
  CHECK(r1.answers[0].id == "r77777");

  for (int i = 0; i < 2000; ++i)
    t.write("tiny/f" + std::to_string(i) + ".txt", "Tiny " + std::to_string(i) + "\n\nFile number " +
                                                       std::to_string(i) + " says hello.\n");
  IngestReport report;
  auto files = faq::read_path(t.str("tiny"), {}, &report);
  CHECK(report.files_read == 2000);
  REQUIRE(files.size() == 2000);
  CHECK(faq::build_index(files, t.str("kb2")).passages == 2000);
  faq::Result r2 = faq::Engine::open(t.str("kb2")).ask("what does file number 1234 say?");
  REQUIRE(!r2.answers.empty());
  CHECK(r2.answers[0].id == "f1234.txt#0");
}

// ---- questions --------------------------------------------------------------

TEST_CASE("bad questions: too long, invalid UTF-8, k out of range") {
  const faq::Engine& e = small_engine();
  std::string million(1000000, 'a');
  auto big = error_of([&] { e.ask(million); });
  CHECK(big.code() == ErrorCode::too_large);
  CHECK(contains(big.what(), "1000000"));
  CHECK(error_of([&] { e.ask(std::string(10001, 'x')); }).code() == ErrorCode::too_large);
  CHECK(error_of([&] { e.ask("what \xC3\x28 causes"); }).code() == ErrorCode::invalid_utf8);
  CHECK(error_of([&] { e.ask(std::string("what\0causes", 11)); }).code() != ErrorCode::internal);
  for (int k : {0, -1, 101, 1000000}) {
    faq::AskOptions o;
    o.k = k;
    CAPTURE(k);
    CHECK(error_of([&] { e.ask("what causes hemifacial spasm", o); }).code() == ErrorCode::invalid_argument);
  }
  for (int k : {1, 100}) {
    faq::AskOptions o;
    o.k = k;
    faq::Result r = e.ask("what causes hemifacial spasm", o);
    CHECK(static_cast<int>(r.answers.size()) <= k);
    CHECK(!r.answers.empty());
  }
}

TEST_CASE("bad questions: a 10,000-byte question of distinct words stays a cheap query") {
  // The engine keeps at most 32 terms: this must answer (no timing asserted).
  std::string q;
  for (int i = 0; q.size() < 9990; ++i) q += "w" + std::to_string(i * 7919) + "x ";
  q.resize(10000, 'z');
  faq::Result r;
  CHECK(error_of([&] { r = small_engine().ask(q); }).code() == ErrorCode::ok);
  std::string mixed = "what causes hemifacial spasm ";
  for (int i = 0; mixed.size() < 9900; ++i) mixed += "spasm" + std::to_string(i) + " ";
  CHECK(error_of([&] { r = small_engine().ask(mixed); }).code() == ErrorCode::ok);
}

TEST_CASE("bad questions: operators, punctuation and unusual scripts are just text") {
  const faq::Engine& e = small_engine();
  const char* questions[] = {
      "AND NOT OR *", "\"\"\"\"", "*", "NEAR/3 ADJ XOR", "((()))[]{}", "title:spasm", "-spasm +face",
      "spasm*", "?!?!", "'", "\\", "%s%n%x", "' OR 1=1 --", "<script>alert(1)</script>",
      "ما هو التشنج النصفي الوجهي؟",                   // Arabic (right to left)
      "מה גורם hemifacial spasm?",                      // Hebrew mixed with Latin
      "\xE2\x80\x8F\xE2\x80\xAE spasm \xE2\x80\xAC",    // RLM, RLO ... PDF controls
      "что вызывает спазм 面肌痉挛 ใบหน้า",              // Cyrillic, Han, Thai
      "😀😀😀 spasm 👍🏽 👨‍👩‍👧",                               // emoji, skin tone, ZWJ sequence
      "he\xCC\x81\xCC\x81\xCC\x81mifacial spa\xCC\x88sm", // combining marks
      "\xCC\x81\xCC\x81\xCC\x81\xCC\x81",                 // combining marks alone
      "\xEF\xBB\xBF\xE2\x80\x8B\xE2\x80\x8B",              // BOM, zero-width spaces
      " \t\n\r ", "",
  };
  for (const char* q : questions) {
    CAPTURE(q);
    faq::Result r;
    auto err = error_of([&] { r = e.ask(q); });
    CHECK((err.code() == ErrorCode::ok || err.code() == ErrorCode::invalid_argument));
    if (err.code() == ErrorCode::ok) CHECK(!faq::to_json(r).empty());
  }
  // Operators around real words still find the passage.
  faq::Result r = e.ask("\"hemifacial spasm\" AND NOT causes*");
  REQUIRE(!r.answers.empty());
  CHECK(contains(r.answers[0].text, "hemifacial spasm"));
}

// ---- damaged indexes ----------------------------------------------------------

TEST_CASE("damaged index: every table file damaged or missing gives an error, never a crash") {
  TempDir t("damaged");
  std::string kb = t.str("kb");
  faq::build_index(faq::read_path(std::string(FAQ_FIXTURES) + "/ingest/seed.txt"), kb);
  const std::string question = "what causes hemifacial spasm?";
  const std::vector<std::string> good_ids = [&] {
    std::vector<std::string> ids;
    for (const auto& a : faq::Engine::open(kb).ask(question).answers) ids.push_back(a.id);
    return ids;
  }();
  fs::path gen = fs::path(kb) / ("gen-" + std::to_string(faq::read_index_info(kb).generation));
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(gen))
    if (f.is_regular_file() && fs::file_size(f.path()) > 0) files.push_back(f.path());
  REQUIRE(files.size() >= 4);
  std::mt19937 rng(7);
  for (const fs::path& file : files) {
    std::string pristine;
    {
      std::ifstream in(file, std::ios::binary);
      pristine.assign(std::istreambuf_iterator<char>(in), {});
    }
    for (const char* damage : {"missing", "truncated", "random", "empty"}) {
      CAPTURE(file.filename().string());
      CAPTURE(damage);
      std::string bad;
      if (std::string(damage) == "truncated") bad = pristine.substr(0, pristine.size() / 2);
      if (std::string(damage) == "random")
        for (size_t i = 0; i < pristine.size(); ++i) bad += static_cast<char>(rng() & 0xFF);
      if (std::string(damage) == "missing") fs::remove(file);
      else std::ofstream(file, std::ios::binary | std::ios::trunc) << bad;

      // Either a clear error (at open, or at the first question) or the
      // same answers as before: never a crash, another exception, or a
      // different answer.
      faq::Result r;
      auto err = error_of([&] {
        faq::Engine e = faq::Engine::open(kb);
        r = e.ask(question);
      });
      INFO(err.what());
      CHECK(err.code() != ErrorCode::internal);
      if (err.code() == ErrorCode::ok) {
        std::vector<std::string> ids;
        for (const auto& a : r.answers) ids.push_back(a.id);
        CHECK(ids == good_ids);
      } else {
        CHECK((err.code() == ErrorCode::corrupt_index || err.code() == ErrorCode::version_mismatch ||
               err.code() == ErrorCode::not_found));
        CHECK(contains(err.what(), kb));
      }
      CHECK(error_of([&] { faq::read_index_info(kb); }).code() != ErrorCode::internal);
      std::ofstream(file, std::ios::binary | std::ios::trunc) << pristine;
    }
  }
  CHECK(faq::Engine::open(kb).ask(question).answers.size() == good_ids.size());
}

TEST_CASE("damaged index: stub variants") {
  TempDir t("stub");
  std::string kb = t.str("kb");
  faq::build_index(faq::read_path(std::string(FAQ_FIXTURES) + "/ingest/seed.txt"), kb);
  struct Row { const char* stub; ErrorCode code; };
  const Row rows[] = {
      {"", ErrorCode::corrupt_index},
      {"auto gen-99\n", ErrorCode::corrupt_index},   // names a missing generation
      {"auto\n", ErrorCode::corrupt_index},
      {"glass gen-1\n", ErrorCode::ok},              // explicit backend: fine
      {"auto gen-1\nauto gen-1\n", ErrorCode::ok},   // two shards, same passages
      {"chert gen-1\n", ErrorCode::corrupt_index},   // backend this Xapian lacks
      {"auto .\n", ErrorCode::corrupt_index},        // the stub itself: a loop
      {"\xFF\xFE\x00\x01", ErrorCode::corrupt_index},
  };
  for (const Row& row : rows) {
    CAPTURE(row.stub);
    std::ofstream(fs::path(kb) / "XAPIANDB", std::ios::binary | std::ios::trunc) << row.stub;
    auto err = error_of([&] { faq::Engine::open(kb).ask("what causes hemifacial spasm?"); });
    INFO(err.what());
    CHECK(err.code() == row.code);
  }
  fs::remove(fs::path(kb) / "XAPIANDB");
  CHECK(error_of([&] { faq::Engine::open(kb); }).code() == ErrorCode::not_found);
}

// ---- regressions found by the fuzzers (fuzz/) ---------------------------------

TEST_CASE("regression: a JSON number too large for a double is bad_input at its line") {
  // nlohmann throws out_of_range (not parse_error) for "1e999": it escaped
  // the readers as a foreign exception (found by fuzz_read_json).
  auto e = error_of([&] { doc("[{\"answer\": \"a\"},\n {\"answer\": \"b\", \"n\": 1e999}]", "big.json", Format::json); });
  CHECK(e.code() == ErrorCode::bad_input);
  CHECK(starts_with(e.what(), "big.json:2: invalid JSON: number overflow"));
  auto l = error_of([&] { doc("{\"answer\": \"a\"}\n{\"answer\": \"b\", \"n\": -9e99999}\n", "big.jsonl", Format::jsonl); });
  CHECK(l.code() == ErrorCode::bad_input);
  CHECK(starts_with(l.what(), "big.jsonl:2: invalid JSON: number overflow"));
  IngestOptions skip;
  skip.skip_bad = true;
  IngestReport report;
  CHECK(doc("{\"answer\": \"a\"}\n{\"answer\": \"b\", \"n\": 1e999}\n", "big.jsonl", Format::jsonl, skip, &report).size() == 1);
  CHECK(report.errors.size() == 1);
}

TEST_CASE("regression: markdown never yields a passage without an answer") {
  // An empty list item among long ones, or a block of bare markup, became a
  // passage with an empty answer, which build_index then refused without a
  // file:line (found by fuzz_read_markdown).
  const char* docs[] = {
      "# T\n\n## Causes\n\n- this item is long enough to be a passage of its own\n-\n"
      "- another item that is long enough to be a passage of its own\n",
      "# T\n\n**\n\nText after.\n",
      "# T\n\n## H\n\n```\n```\n",
      "# T\n\n## H\n\n[]()\n",
  };
  for (const char* md : docs) {
    CAPTURE(md);
    std::vector<Passage> passages;
    CHECK(error_of([&] { passages = doc(md, "t.md", Format::markdown); }).code() == ErrorCode::ok);
    for (const Passage& p : passages) CHECK(!p.answer.empty());
  }
  // The fuzzer's input, reduced by hand.
  std::string fuzzed =
      "# -aq`\n- ru\n\n## C8auses of # A\n\nAlPhabtp od e search quslow phsearchf slow ickly.\n"
      "2. *engine** answers questions from your own [the docs](https://example.com/docsphsea) for detalls.\n"
      "-\n## Causer#es of slow searches\n\n1 search quickly.\n Fas2. \n";
  for (const Passage& p : doc(fuzzed, "f.md", Format::markdown)) CHECK(!p.answer.empty());
}

TEST_CASE("regression: an index missing a table file is corrupt, not silently emptier") {
  // Glass takes a missing lazy table (docdata, spelling, ...) for an empty
  // one: without docdata.glass the engine once answered with passages whose
  // id, title and text were all empty. The generation's manifest names every
  // table file.
  TempDir t("docdata");
  std::string kb = t.str("kb");
  uint64_t g = faq::build_index(faq::read_path(std::string(FAQ_FIXTURES) + "/ingest/seed.txt"), kb).generation;
  fs::remove(fs::path(kb) / ("gen-" + std::to_string(g)) / "spelling.glass");
  auto e = error_of([&] { faq::Engine::open(kb).ask("what causes hemifacial spasm?"); });
  CHECK(e.code() == ErrorCode::corrupt_index);
  CHECK(contains(e.what(), "spelling.glass"));
  CHECK(error_of([&] { faq::read_index_info(kb); }).code() == ErrorCode::corrupt_index);
}
