// Tests for faq/ingest.h: every reader, the whole-file checks, errors with
// their file:line, skip_bad, and directory reading.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "faq/error.h"
#include "faq/ingest.h"
#include "test_support.h"

using faq::ErrorCode;
using faq_test::error_of;
using faq_test::TempDir;
using faq::Format;
using faq::IngestOptions;
using faq::IngestReport;
using faq::Passage;

namespace {

const std::string kDir = std::string(FAQ_FIXTURES) + "/ingest/";

std::vector<Passage> doc(std::string_view content, std::string_view name, Format format,
                         const IngestOptions& options = {}, IngestReport* report = nullptr) {
  return faq::read_document(content, name, format, options, report);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("format_for_path picks the reader by extension") {
  CHECK(faq::format_for_path("a/b.txt") == Format::text);
  CHECK(faq::format_for_path("B.MD") == Format::markdown);
  CHECK(faq::format_for_path("x.markdown") == Format::markdown);
  CHECK(faq::format_for_path("x.json") == Format::json);
  CHECK(faq::format_for_path("x.JsonL") == Format::jsonl);
  CHECK(faq::format_for_path("x.csv") == Format::csv);
  CHECK(faq::format_for_path("x.tsv") == Format::tsv);
  CHECK(faq::format_for_path("x.pdf") == Format::unknown);
  CHECK(faq::format_for_path("dir.d/README") == Format::unknown);
  CHECK(faq::format_for_path(".txt") == Format::unknown);
}

TEST_CASE("seed text: intro, numbered points under their headings, bridge paragraph") {
  const std::string path = kDir + "seed.txt";
  IngestOptions options;
  options.default_lang = "en";
  IngestReport report;
  std::vector<Passage> ps = faq::read_path(path, options, &report);
  REQUIRE(ps.size() == 10);
  CHECK(report.files_read == 1);
  CHECK(report.passages == 10);

  const std::string title = "What is facial nerve spasm and how to treat it?";
  const std::string causes = "Causes of facial nerve twitching";
  const std::string treatment = "Treatment of facial nerve convulsions";
  for (size_t i = 0; i < ps.size(); ++i) {
    CHECK(ps[i].title == title);
    CHECK(ps[i].position == static_cast<int>(i));
    CHECK(ps[i].source == path);
    CHECK(ps[i].lang == "en");
    CHECK(ps[i].question_derived);
  }

  for (int i = 0; i < 3; ++i) {
    CHECK(ps[i].headings.empty());
    CHECK(ps[i].question == title);
    CHECK(ps[i].line == i + 2);
  }
  CHECK(starts_with(ps[0].answer, "Facial spasm, also known as hemifacial spasm"));

  const char* cause_leads[] = {"Facial paralysis", "Nervous excitement", "Facial nerve paralysis"};
  for (int i = 0; i < 3; ++i) {
    const Passage& p = ps[3 + i];
    CHECK(p.headings == std::vector<std::string>{causes});
    CHECK(p.question == causes + ": " + cause_leads[i]);
    CHECK(p.line == 6 + i);
    CHECK(starts_with(p.answer, std::string(cause_leads[i]) + ". "));
  }

  CHECK(ps[6].headings.empty());
  CHECK(ps[6].line == 9);
  CHECK(ps[6].question == title);
  CHECK(starts_with(ps[6].answer, "The treatment of facial nerve spasm is mainly symptomatic"));

  const char* treatment_leads[] = {"Drug treatment", "Acupuncture therapy", "Surgical treatment"};
  for (int i = 0; i < 3; ++i) {
    const Passage& p = ps[7 + i];
    CHECK(p.headings == std::vector<std::string>{treatment});
    CHECK(p.question == treatment + ": " + treatment_leads[i]);
    CHECK(p.line == 11 + i);
  }
  CHECK(starts_with(ps[7].answer, "Drug treatment. Medication treatment generally uses"));
}

TEST_CASE("read_path with a sink hands over each file's passages as it is read") {
  TempDir t("sink");
  t.write("a.jsonl", "{\"id\":\"a1\",\"question\":\"One?\",\"answer\":\"One.\"}\n"
                     "{\"id\":\"a2\",\"question\":\"Two?\",\"answer\":\"Two.\"}\n");
  t.write("sub/b.md", "# B\n\nSome text about b.\n");
  t.write("notes.bin", "skipped");
  std::vector<size_t> sizes;
  faq::IngestReport report;
  faq::read_path(t.str(), [&](std::vector<faq::Passage>&& file) { sizes.push_back(file.size()); }, {}, &report);
  CHECK(sizes == std::vector<size_t>{2, 1});
  CHECK(report.files_read == 2);
  CHECK(report.skipped_files.size() == 1);
  // An error from the sink stops the walk.
  size_t calls = 0;
  CHECK_THROWS_AS(faq::read_path(t.str(), [&](std::vector<faq::Passage>&&) {
    ++calls;
    throw faq::Error(faq::ErrorCode::io, "disk full");
  }),
                  faq::Error);
  CHECK(calls == 1);
}

TEST_CASE("document ids are stable and follow the given name") {
  std::vector<Passage> a = faq::read_path(kDir + "seed.txt");
  std::vector<Passage> b = faq::read_path(kDir + "seed.txt");
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].id == b[i].id);
  CHECK(a[0].id == kDir + "seed.txt#0");
  CHECK(a[9].id == kDir + "seed.txt#9");

  std::vector<Passage> c = doc("Title\nSome body text here.\n", "notes/x.txt", Format::text);
  REQUIRE(c.size() == 1);
  CHECK(c[0].id == "notes/x.txt#0");
  CHECK(c[0].source == "notes/x.txt");
}

TEST_CASE("text: short lines ending in '?' are explicit questions") {
  std::vector<Passage> ps = faq::read_path(kDir + "faq.txt");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].title == "Account help");
  CHECK(ps[0].question == "How do I reset my password?");
  CHECK_FALSE(ps[0].question_derived);
  CHECK(ps[0].line == 4);
  CHECK(ps[0].answer ==
        "Open Settings, choose Security and press \"Reset password\".\nA link is sent to your e-mail address.");
  CHECK(ps[1].question == "Can I delete my account?");
  CHECK(ps[1].answer == "Yes. Deleting is permanent.");
  CHECK(ps[1].line == 8);
  CHECK(ps[1].position == 1);
}

TEST_CASE("text: short lists stay together, whitespace is normalised") {
  std::vector<Passage> ps = doc(
      "Packing list\n"
      "What to bring\n"
      "1. Tent\n"
      "2. Stove\n"
      "Remember   that\tthe weather in the mountains changes quickly, so pack a warm layer too.\n",
      "p.txt", Format::text);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].headings == std::vector<std::string>{"What to bring"});
  CHECK(ps[0].answer == "1. Tent\n2. Stove");
  CHECK(ps[0].question == "What to bring");
  CHECK(ps[0].line == 3);
  // A short list does not close its section.
  CHECK(ps[1].headings == std::vector<std::string>{"What to bring"});
  CHECK(ps[1].answer ==
        "Remember that the weather in the mountains changes quickly, so pack a warm layer too.");
}

TEST_CASE("text: a point marker with nothing after it makes no passage (fuzz regression)") {
  std::vector<Passage> ps = doc(
      "Bell's palsy\n"
      "Treatment of Bell's palsy\n"
      "1. Corticosteroids such as prednisone reduce the swelling of the facial nerve when taken early.\n"
      "2.\n"
      "3\u3001\n"
      "4. Eye care with drops and a patch protects the eye that cannot close during the illness.\n",
      "b.txt", Format::text);
  REQUIRE(ps.size() >= 2);
  for (const Passage& p : ps) CHECK_FALSE(p.answer.empty());
  CHECK(starts_with(ps.front().answer, "Corticosteroids"));
  CHECK(starts_with(ps.back().answer, "Eye care"));
}

TEST_CASE("markdown: title, heading path, lists, explicit questions, inline markup") {
  const std::string path = kDir + "guide.md";
  std::vector<Passage> ps = faq::read_path(path);
  REQUIRE(ps.size() == 7);
  for (const Passage& p : ps) CHECK(p.title == "Faq Engine Guide");

  CHECK(ps[0].headings.empty());
  CHECK(ps[0].question == "Faq Engine Guide");
  CHECK(ps[0].answer == "The faq engine answers questions from your own documents.");
  CHECK(ps[0].line == 3);
  CHECK(ps[0].position == 0);

  // A short list joins the paragraph that introduces it.
  CHECK(ps[1].headings == std::vector<std::string>{"Installation"});
  CHECK(ps[1].answer == "Install with:\n- apt install faq\n- run faq init");
  CHECK(ps[1].line == 7);

  CHECK(ps[2].headings == std::vector<std::string>{"Installation", "Building from source"});
  CHECK(ps[2].question == "Building from source");
  CHECK(ps[2].answer == "Run cmake and make. See the docs for details.");

  // Long items are passages of their own.
  CHECK(ps[3].headings == std::vector<std::string>{"Causes of slow searches"});
  CHECK(ps[3].question == "Causes of slow searches: Large index");
  CHECK(ps[3].question_derived);
  CHECK(ps[3].answer == "Large index: an index with millions of passages needs more memory to search quickly.");
  CHECK(ps[3].line == 18);
  CHECK(ps[4].question == "Causes of slow searches: Cold cache");
  CHECK(ps[5].question == "Causes of slow searches: Too many synonyms");
  CHECK(ps[5].line == 20);

  CHECK(ps[6].question == "How do I update the index?");
  CHECK_FALSE(ps[6].question_derived);
  CHECK(ps[6].answer == "Run faq update after changing documents.\n- It only rereads changed files.\n- It keeps ids stable.");
  CHECK(ps[6].id == path + "#6");
}

TEST_CASE("markdown: file stem as title, setext headings, code, emphasis") {
  std::vector<Passage> ps = doc(
      "Intro with *emphasis*, __strong__, snake_case and 2 * 3.\n"
      "\n"
      "Setup\n"
      "-----\n"
      "\n"
      "Call ![logo](x.png) <b>now</b> via <https://example.com>:\n"
      "\n"
      "```\n"
      "make   install\n"
      "```\n",
      "docs/getting-started.md", Format::markdown);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].title == "getting-started");
  CHECK(ps[0].question == "getting-started");
  CHECK(ps[0].answer == "Intro with emphasis, strong, snake_case and 2 * 3.");
  CHECK(ps[1].headings == std::vector<std::string>{"Setup"});
  CHECK(ps[1].answer == "Call logo now via https://example.com:\nmake   install");
  CHECK(ps[1].line == 6);
}

TEST_CASE("json: items, alternates, tags, metadata, ids kept, positions per title") {
  std::vector<Passage> ps = faq::read_path(kDir + "records.json", IngestOptions{false, "en"});
  REQUIRE(ps.size() == 3);
  const Passage& a = ps[0];
  CHECK(a.id == "r1");
  CHECK(a.title == "Billing");
  CHECK(a.question == "How do I pay?");
  CHECK_FALSE(a.question_derived);
  CHECK(a.answer == "By card or\nby transfer.");
  CHECK(a.alternates == std::vector<std::string>{"Payment methods?", "Can I pay by card?"});
  CHECK(a.tags == std::vector<std::string>{"billing", "payment"});
  CHECK(a.url == "https://example.com/pay");
  CHECK(a.metadata.at("priority") == "3");
  CHECK(a.metadata.at("reviewed") == "true");
  CHECK(a.metadata.size() == 2);
  CHECK(a.line == 2);
  CHECK(a.position == 0);
  CHECK(a.lang == "en");

  const Passage& b = ps[1];
  CHECK(b.id == "42");
  CHECK(b.question == "Billing");  // derived from the title
  CHECK(b.question_derived);
  CHECK(b.tags == std::vector<std::string>{"billing", "invoice"});
  CHECK(b.line == 5);
  CHECK(b.position == 1);

  const Passage& c = ps[2];
  CHECK(c.id == kDir + "records.json#2");
  CHECK(c.lang == "de");
  CHECK(c.line == 6);
  CHECK(c.position == 0);
}

TEST_CASE("json: a plain array; records without question or title") {
  std::vector<Passage> ps = doc(R"([{"answer": "A"}, {"title": "T", "answer": "B"}])", "a.json", Format::json);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].question.empty());
  CHECK(ps[0].id == "a.json#0");
  CHECK(ps[1].question == "T");
  CHECK(ps[1].id == "a.json#1");
  CHECK(ps[1].line == 1);
}

TEST_CASE("jsonl: one record per line, blank lines skipped") {
  std::vector<Passage> ps = faq::read_path(kDir + "records.jsonl");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].id == "j1");
  CHECK(ps[0].line == 1);
  CHECK(ps[1].id == "j2");
  CHECK(ps[1].line == 3);
  CHECK(ps[1].title == "Index");
  CHECK(ps[1].metadata.at("owner") == "docs");
}

TEST_CASE("csv: quoted fields with commas, quotes and newlines keep line numbers right") {
  std::vector<Passage> ps = faq::read_path(kDir + "faq.csv");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].id == "c1");
  CHECK(ps[0].question == "How do I pay?");
  CHECK(ps[0].answer == "By card,\nor by \"transfer\".");
  CHECK(ps[0].tags == std::vector<std::string>{"billing", "payment"});
  CHECK(ps[0].metadata.at("source") == "manual");
  CHECK(ps[0].line == 2);
  CHECK(ps[0].position == 0);
  CHECK(ps[1].id == "c2");
  CHECK(ps[1].line == 4);
  CHECK(ps[1].position == 1);
  CHECK(ps[1].tags.empty());
  CHECK(ps[1].metadata.empty());
}

TEST_CASE("tsv: tabs, no quoting") {
  std::vector<Passage> ps = faq::read_path(kDir + "faq.tsv");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].answer == "Tab separated values, \"no quoting\".");
  CHECK(ps[1].id == "t2");
  CHECK(ps[1].line == 4);
}

TEST_CASE("a UTF-8 BOM is skipped in every format") {
  const std::string bom = "\xEF\xBB\xBF";
  CHECK(doc(bom + "Title\nBody text.\n", "b.txt", Format::text).at(0).title == "Title");
  CHECK(doc(bom + "# Title\n\nBody.\n", "b.md", Format::markdown).at(0).title == "Title");
  CHECK(doc(bom + R"([{"id":"x","answer":"A"}])", "b.json", Format::json).at(0).id == "x");
  CHECK(doc(bom + R"({"id":"x","answer":"A"})", "b.jsonl", Format::jsonl).at(0).id == "x");
  CHECK(doc(bom + "id,question,answer\nx,Q,A\n", "b.csv", Format::csv).at(0).id == "x");
  CHECK(doc(bom + "id\tquestion\tanswer\nx\tQ\tA\n", "b.tsv", Format::tsv).at(0).id == "x");
}

TEST_CASE("errors name the file and line") {
  SUBCASE("invalid UTF-8") {
    faq::Error e = error_of([] { doc("Title\nok\nbad \xC3\x28 byte\n", "u.txt", Format::text); });
    CHECK(e.code() == ErrorCode::invalid_utf8);
    CHECK(starts_with(e.what(), "u.txt:3: invalid UTF-8"));
    CHECK(error_of([] { doc("a\xED\xA0\x80", "s.txt", Format::text); }).code() == ErrorCode::invalid_utf8);
    CHECK(error_of([] { doc("a\xC0\xAF", "o.txt", Format::text); }).code() == ErrorCode::invalid_utf8);
    CHECK(error_of([] { doc("a\xF4\x90\x80\x80", "h.txt", Format::text); }).code() == ErrorCode::invalid_utf8);
    CHECK(error_of([] { doc("a\xE2\x82", "t.txt", Format::text); }).code() == ErrorCode::invalid_utf8);
  }
  SUBCASE("broken JSON line") {
    faq::Error e = error_of([] { doc("{\"answer\":\"a\"}\n{\"answer\": oops}\n", "d.jsonl", Format::jsonl); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(starts_with(e.what(), "d.jsonl:2: invalid JSON"));
  }
  SUBCASE("broken JSON document") {
    faq::Error e = error_of([] { doc("[\n{\"answer\": \"a\"},\n{\"answer\": }\n]", "d.json", Format::json); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(starts_with(e.what(), "d.json:3: invalid JSON"));
    e = error_of([] { doc("{\"records\": []}", "d.json", Format::json); });
    CHECK(starts_with(e.what(), "d.json:1: expected an array"));
  }
  SUBCASE("wrong field types") {
    std::string lines;
    for (int i = 0; i < 6; ++i) lines += "{\"answer\": \"ok\"}\n";
    faq::Error e = error_of([&] { doc(lines + "{\"answer\": 5}\n", "data.jsonl", Format::jsonl); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(std::string(e.what()) == "data.jsonl:7: field \"answer\" must be a string");
    e = error_of([] { doc("{\"answer\": \"a\", \"alternates\": \"b\"}", "x.jsonl", Format::jsonl); });
    CHECK(std::string(e.what()) == "x.jsonl:1: field \"alternates\" must be an array of strings");
    e = error_of([] { doc("{\"answer\": \"a\", \"tags\": [1]}", "x.jsonl", Format::jsonl); });
    CHECK(std::string(e.what()) == "x.jsonl:1: field \"tags\" must be an array of strings");
    e = error_of([] { doc("{\"answer\": \"a\", \"id\": true}", "x.jsonl", Format::jsonl); });
    CHECK(std::string(e.what()) == "x.jsonl:1: field \"id\" must be a string or a number");
    e = error_of([] { doc("[1]", "x.jsonl", Format::jsonl); });
    CHECK(std::string(e.what()) == "x.jsonl:1: a record must be a JSON object");
  }
  SUBCASE("missing or empty answer") {
    faq::Error e = error_of([] { doc("[\n{\"question\": \"q\"}]", "m.json", Format::json); });
    CHECK(std::string(e.what()) == "m.json:2: missing field \"answer\"");
    e = error_of([] { doc("question,answer\nq,\"  \"\n", "m.csv", Format::csv); });
    CHECK(std::string(e.what()) == "m.csv:2: field \"answer\" must not be empty");
  }
  SUBCASE("wrong field count, unterminated quote, missing column") {
    faq::Error e = error_of([] { doc("question,answer\n\"a\nb\",c\nx,y,z\n", "f.csv", Format::csv); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(std::string(e.what()) == "f.csv:4: expected 2 fields, found 3");
    e = error_of([] { doc("question\tanswer\nonly one\n", "f.tsv", Format::tsv); });
    CHECK(std::string(e.what()) == "f.tsv:2: expected 2 fields, found 1");
    e = error_of([] { doc("question,answer\nq,\"never closed\n\n", "f.csv", Format::csv); });
    CHECK(std::string(e.what()) == "f.csv:2: unterminated quoted field");
    e = error_of([] { doc("Question,Reply\nq,a\n", "f.csv", Format::csv); });
    CHECK(std::string(e.what()) == "f.csv:1: missing column \"answer\"");
  }
  SUBCASE("empty and whitespace-only files") {
    for (Format f : {Format::text, Format::markdown, Format::json, Format::jsonl, Format::csv, Format::tsv}) {
      faq::Error e = error_of([f] { doc(" \n\t\n", "e.x", f); });
      CHECK(e.code() == ErrorCode::bad_input);
      CHECK(std::string(e.what()) == "e.x:1: empty file");
      CHECK(std::string(error_of([f] { doc("", "e.x", f); }).what()) == "e.x:1: empty file");
    }
  }
  SUBCASE("NUL bytes") {
    faq::Error e = error_of([] { doc(std::string("Title\nab\0c\n", 11), "n.txt", Format::text); });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(starts_with(e.what(), "n.txt:2: NUL byte"));
  }
  SUBCASE("too large") {
    IngestOptions small;
    small.max_file_bytes = 100;
    faq::Error e = error_of([&] { faq::read_path(kDir + "seed.txt", small); });
    CHECK(e.code() == ErrorCode::too_large);
    CHECK(starts_with(e.what(), kDir + "seed.txt:1: file too large"));
    e = error_of([&] { doc(std::string(101, 'a'), "big.txt", Format::text, small); });
    CHECK(e.code() == ErrorCode::too_large);
  }
  SUBCASE("paths that cannot be read") {
    faq::Error e = error_of([] { faq::read_path(kDir + "no-such-file.txt"); });
    CHECK(e.code() == ErrorCode::not_found);
    CHECK(starts_with(e.what(), kDir + "no-such-file.txt: "));
    e = error_of([] { faq::read_path(kDir + "tree/notes.xml"); });
    CHECK(e.code() == ErrorCode::bad_input);
    e = error_of([] { doc("x", "x", Format::unknown); });
    CHECK(e.code() == ErrorCode::invalid_argument);
  }
  SUBCASE("duplicate ids name both lines") {
    faq::Error e = error_of([] {
      doc("{\"id\":\"a\",\"answer\":\"1\"}\n{\"id\":\"b\",\"answer\":\"2\"}\n{\"id\":\"a\",\"answer\":\"3\"}\n",
          "dup.jsonl", Format::jsonl);
    });
    CHECK(e.code() == ErrorCode::bad_input);
    CHECK(std::string(e.what()) == "dup.jsonl:3: duplicate id \"a\" (first at dup.jsonl:1)");
  }
}

TEST_CASE("skip_bad: bad records are reported and the rest is read") {
  IngestOptions options;
  options.skip_bad = true;
  IngestReport report;

  std::vector<Passage> ps = doc(
      "{\"id\":\"a\",\"answer\":\"1\"}\n"
      "{broken\n"
      "{\"id\":\"b\",\"answer\":2}\n"
      "{\"id\":\"a\",\"answer\":\"again\"}\n"
      "{\"id\":\"c\",\"answer\":\"3\"}\n",
      "s.jsonl", Format::jsonl, options, &report);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].id == "a");
  CHECK(ps[0].answer == "1");  // the first of the duplicates is kept
  CHECK(ps[1].id == "c");
  CHECK(ps[1].line == 5);
  REQUIRE(report.errors.size() == 3);
  CHECK(starts_with(report.errors[0], "s.jsonl:2: invalid JSON"));
  CHECK(report.errors[1] == "s.jsonl:3: field \"answer\" must be a string");
  CHECK(report.errors[2] == "s.jsonl:4: duplicate id \"a\" (first at s.jsonl:1)");
  CHECK(report.files_read == 1);
  CHECK(report.passages == 2);

  IngestReport csv_report;
  ps = doc("question,answer\nq1,a1\nq2,a2,extra\nq3,a3\n", "s.csv", Format::csv, options, &csv_report);
  REQUIRE(ps.size() == 2);
  CHECK(ps[1].line == 4);
  CHECK(csv_report.errors == std::vector<std::string>{"s.csv:3: expected 2 fields, found 3"});

  IngestReport whole;
  ps = doc("ok\xFF", "w.txt", Format::text, options, &whole);
  CHECK(ps.empty());
  REQUIRE(whole.errors.size() == 1);
  CHECK(starts_with(whole.errors[0], "w.txt:1: invalid UTF-8"));
  CHECK(whole.files_read == 0);

  // A null report is allowed.
  CHECK(doc("{broken\n{\"answer\":\"x\"}\n", "n.jsonl", Format::jsonl, options).size() == 1);
}

TEST_CASE("directories: sorted, recursive, relative ids, hidden and unsupported files") {
  const std::string root = kDir + "tree";
  IngestReport report;
  std::vector<Passage> ps = faq::read_path(root, {}, &report);
  REQUIRE(ps.size() == 3);
  CHECK(ps[0].id == "a.md#0");
  CHECK(ps[0].source == root + "/a.md");
  CHECK(ps[0].title == "Alpha");
  CHECK(ps[1].id == "b.txt#0");
  CHECK(ps[2].id == "deep");
  CHECK(ps[2].source == root + "/sub/c.jsonl");
  CHECK(report.files_read == 3);
  CHECK(report.passages == 3);
  CHECK(report.skipped_files == std::vector<std::string>{root + "/notes.xml"});
  CHECK(report.errors.empty());

  // The same tree elsewhere gives the same ids.
  TempDir copy("copy");
  std::filesystem::copy(root, copy.path, std::filesystem::copy_options::recursive);
  std::vector<Passage> again = faq::read_path(copy.path.string());
  REQUIRE(again.size() == ps.size());
  for (size_t i = 0; i < ps.size(); ++i) CHECK(again[i].id == ps[i].id);
}

TEST_CASE("directories: bad files and ids duplicated across files") {
  TempDir dir("bad");
  dir.write("1.jsonl", "{\"id\":\"x\",\"answer\":\"first\"}\n");
  dir.write("2.txt", "   \n");
  dir.write("3/4.csv", "id,question,answer\nx,Q,second\ny,Q,third\n");

  faq::Error e = error_of([&] { faq::read_path(dir.path.string()); });
  CHECK(e.code() == ErrorCode::bad_input);
  CHECK(std::string(e.what()) == (dir.path / "2.txt").string() + ":1: empty file");

  IngestOptions options;
  options.skip_bad = true;
  IngestReport report;
  std::vector<Passage> ps = faq::read_path(dir.path.string(), options, &report);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].answer == "first");
  CHECK(ps[1].id == "y");
  REQUIRE(report.errors.size() == 2);
  CHECK(report.errors[0] == (dir.path / "2.txt").string() + ":1: empty file");
  CHECK(report.errors[1] == (dir.path / "3/4.csv").string() + ":2: duplicate id \"x\" (first at " +
                                (dir.path / "1.jsonl").string() + ":1)");
  CHECK(report.files_read == 2);
  CHECK(report.passages == 2);
}

TEST_CASE("skip_bad: invalid UTF-8 on one JSONL line loses that record only") {
  const std::string content = "{\"id\":\"a\",\"answer\":\"one\"}\n"
                              "{\"id\":\"b\",\"answer\":\"t\xffwo\"}\n"
                              "{\"id\":\"c\",\"answer\":\"three\"}\n";
  faq::Error e = error_of([&] { faq::read_document(content, "u.jsonl", faq::Format::jsonl); });
  CHECK(e.code() == ErrorCode::invalid_utf8);
  CHECK(std::string(e.what()) == "u.jsonl:2: invalid UTF-8 (byte 0xFF at column 22)");

  IngestOptions options;
  options.skip_bad = true;
  IngestReport report;
  std::vector<Passage> ps = faq::read_document(content, "u.jsonl", faq::Format::jsonl, options, &report);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].id == "a");
  CHECK(ps[1].id == "c");
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0] == "u.jsonl:2: invalid UTF-8 (byte 0xFF at column 22)");
  // Other formats still skip the whole file.
  report = {};
  CHECK(faq::read_document("question,answer\nq,t\xffwo\n", "u.csv", faq::Format::csv, options, &report).empty());
  CHECK(report.errors.size() == 1);
}

TEST_CASE("several inputs: an id given in two of them is an error, not a replacement") {
  TempDir dir("multi");
  dir.write("one.jsonl", "{\"id\":\"x\",\"answer\":\"first\"}\n");
  dir.write("two.jsonl", "{\"id\":\"y\",\"answer\":\"other\"}\n{\"id\":\"x\",\"answer\":\"second\"}\n");
  std::vector<std::string> inputs{(dir.path / "one.jsonl").string(), (dir.path / "two.jsonl").string()};

  faq::Error e = error_of([&] { faq::read_paths(inputs); });
  CHECK(e.code() == ErrorCode::bad_input);
  CHECK(std::string(e.what()) == inputs[1] + ":2: duplicate id \"x\" (first at " + inputs[0] + ":1)");

  IngestOptions options;
  options.skip_bad = true;
  IngestReport report;
  std::vector<Passage> ps = faq::read_paths(inputs, options, &report);
  REQUIRE(ps.size() == 2);  // the first "x" is kept
  CHECK(ps[0].answer == "first");
  CHECK(ps[1].id == "y");
  CHECK(report.errors.size() == 1);
  CHECK(report.files_read == 2);
}

TEST_CASE("synonym files: groups, one-way rules, comments; bad lines name FILE:LINE") {
  auto rules = faq::parse_synonyms(
      "\xEF\xBB\xBF# help desk words\r\n"
      "delete, remove ,get rid of\n"
      "\n"
      "   # indented comment\n"
      "HFS, facial tic => hemifacial spasm\n",
      "syn.txt");
  auto has = [&](const std::string& a, const std::string& b, const std::string& where) {
    return std::any_of(rules.begin(), rules.end(), [&](const faq::Synonym& s) {
      return s.phrase == a && s.synonym == b && s.where == where;
    });
  };
  CHECK(rules.size() == 6 + 2);  // a group of 3 both ways, and 2 x 1 one way
  CHECK(has("delete", "remove", "syn.txt:2"));
  CHECK(has("get rid of", "delete", "syn.txt:2"));
  CHECK(has("remove", "get rid of", "syn.txt:2"));
  CHECK(has("HFS", "hemifacial spasm", "syn.txt:5"));
  CHECK(has("facial tic", "hemifacial spasm", "syn.txt:5"));
  CHECK_FALSE(has("hemifacial spasm", "HFS", "syn.txt:5"));

  struct Bad {
    const char* text;
    ErrorCode code;
    const char* message;
  };
  for (const Bad& b : {Bad{"a, b\nc,, d\n", ErrorCode::bad_input, "syn.txt:2: empty phrase"},
                       Bad{"a, b\nlonely\n", ErrorCode::bad_input, "syn.txt:2: a rule needs two phrases"},
                       Bad{"a => b => c\n", ErrorCode::bad_input, "syn.txt:1: more than one \"=>\""},
                       Bad{"=> b\n", ErrorCode::bad_input, "syn.txt:1: empty phrase"},
                       Bad{"a, b\n\xC3(, d\n", ErrorCode::invalid_utf8, "syn.txt:2: invalid UTF-8"},
                       Bad{"", ErrorCode::bad_input, "syn.txt:1: empty file"}}) {
    CAPTURE(b.text);
    faq::Error e = error_of([&] { faq::parse_synonyms(b.text, "syn.txt"); });
    CHECK(e.code() == b.code);
    CHECK(std::string(e.what()).rfind(b.message, 0) == 0);
  }
  std::string many = "a0";
  for (int i = 1; i <= 100; ++i) many += ", a" + std::to_string(i);
  CHECK(error_of([&] { faq::parse_synonyms(many + "\n", "syn.txt"); }).code() == ErrorCode::too_large);

  TempDir t("synonyms");
  t.write("syn.txt", "car, automobile\n");
  CHECK(faq::read_synonyms(t.str("syn.txt")).size() == 2);
  CHECK(error_of([&] { faq::read_synonyms(t.str("missing.txt")); }).code() == ErrorCode::not_found);
}
