// Tests for faq/engine.h: answering over an index built from the seed
// document plus a few FAQ records, argument checks, filters, sessions and
// follow-ups over the shipped corpus, JSON output, and concurrent use.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "test_support.h"
#include "faq/index.h"
#include "faq/ingest.h"

namespace fs = std::filesystem;
using faq_test::error_of;
using faq_test::TempDir;
using faq::AskOptions;
using faq::Engine;
using faq::ErrorCode;
using faq::Result;
using faq::Status;

namespace {


bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool has_heading(const faq::Answer& a, const std::string& h) {
  return std::find(a.headings.begin(), a.headings.end(), h) != a.headings.end();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* kRecords =
    R"({"id": "pet-1", "title": "Pet care", "question": "How often should I feed my cat?", "answer": "Feed an adult cat twice a day, with fresh water always available.", "tags": ["pets"]})"
    "\n"
    R"({"id": "pet-2", "title": "Pet care", "question": "How often should I walk my dog?", "answer": "Walk a dog at least twice a day for thirty minutes.", "tags": ["pets", "dogs"]})"
    "\n"
    R"({"id": "garden-1", "title": "Gardening", "question": "How often should I water tomatoes?", "answer": "Water tomato plants deeply twice a week, more often in hot weather.", "tags": ["garden"]})"
    "\n"
    R"({"id": "html-1", "title": "Web pages", "question": "How do I make text bold in HTML?", "answer": "Wrap the text in <b>bold</b> tags & close them: \"<b>word</b>\".", "tags": ["docs"]})"
    "\n"
    R"({"id": "syntax-1", "title": "Search fields", "question": "What does the title field hold?", "answer": "The title field holds the foo name of the document.", "tags": ["docs"]})"
    "\n";

// An index of seed.txt plus the records above, built once for all tests.
struct SeedIndex {
  fs::path dir;
  SeedIndex() : dir(fs::temp_directory_path() / ("faq_engine_test_seed_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir / "input");
    fs::copy_file(std::string(FAQ_FIXTURES) + "/ingest/seed.txt", dir / "input" / "seed.txt");
    std::ofstream(dir / "input" / "records.jsonl") << kRecords;
    std::vector<faq::Passage> ps = faq::read_path((dir / "input").string());
    faq::build_index(ps, (dir / "kb").string());
  }
  ~SeedIndex() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string kb() const { return (dir / "kb").string(); }
};

const SeedIndex& seed() {
  static SeedIndex s;
  return s;
}

// The shipped corpus (corpus/facial-spasm.txt + corpus/medquad-ninds.jsonl).
struct CorpusIndex {
  fs::path dir;
  CorpusIndex() : dir(fs::temp_directory_path() / ("faq_engine_test_corpus_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    faq::build_index(faq::read_path(std::string(FAQ_SOURCE_DIR) + "/corpus"), dir.string());
  }
  ~CorpusIndex() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const std::string& corpus_kb() {
  static CorpusIndex c;
  static std::string s = c.dir.string();
  return s;
}

// A point under the seed's treatment heading, or its paragraph on treatment.
bool answers_seed_treatment(const faq::Answer& a) {
  return has_heading(a, "Treatment of facial nerve convulsions") ||
         a.text.rfind("The treatment of facial nerve spasm", 0) == 0;
}

AskOptions with_k(int k) {
  AskOptions o;
  o.k = k;
  return o;
}

}  // namespace

TEST_CASE("a cause question is answered by the causes section") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("What causes facial spasm?");
  REQUIRE_FALSE(r.answers.empty());
  const faq::Answer& a = r.answers[0];
  INFO("first answer: " << a.id << " " << a.question);
  CHECK(has_heading(a, "Causes of facial nerve twitching"));
  CHECK(r.intent == "cause");
  CHECK(r.status == Status::answer);
  CHECK(r.confidence > 0);
  CHECK(r.confidence <= 1);
  CHECK(a.confidence == doctest::Approx(r.confidence));
  // Where it came from, and what matched.
  CHECK(contains(a.source, "seed.txt"));
  CHECK(a.line > 1);
  CHECK(contains(a.snippet, "<mark>"));
  CHECK(contains(a.snippet, "</mark>"));
  CHECK(contains(a.text, "cause"));
  CHECK(a.title == "What is facial nerve spasm and how to treat it?");
  // Scores are best first.
  for (size_t i = 1; i < r.answers.size(); ++i) CHECK(r.answers[i - 1].score >= r.answers[i].score);
}

TEST_CASE("a treatment question is answered by a treatment passage") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("How is facial spasm treated?");
  REQUIRE_FALSE(r.answers.empty());
  const faq::Answer& a = r.answers[0];
  INFO("first answer: " << a.id << " " << a.question << " / " << a.text.substr(0, 60));
  CHECK(answers_seed_treatment(a));
  CHECK(r.intent == "treatment");
  CHECK(contains(a.source, "seed.txt"));
  CHECK(a.line > 0);
  CHECK(contains(a.snippet, "<mark>"));
  // Every passage of the top 3 is about treatment.
  for (size_t i = 0; i < std::min<size_t>(3, r.answers.size()); ++i)
    CHECK(contains(lower(r.answers[i].text), "treat"));
}

TEST_CASE("a document whose title asks a question: its lead answers that, its sections the rest") {
  TempDir dir("faq_engine_test_lead");
  const char* doc =
      "What is gout?\n\n"
      "Gout is a form of inflammatory arthritis that causes sudden, severe attacks of pain, swelling "
      "and redness in a joint, most often the big toe.\n\n"
      "Causes of gout\n\n"
      "1. High levels of uric acid in the blood, which form sharp crystals in a joint.\n"
      "2. A diet rich in red meat, seafood and alcohol, especially beer.\n"
      "3. Some medicines, such as diuretics, raise the level of uric acid.\n\n"
      "Treatment of gout\n\n"
      "1. Anti-inflammatory medicines relieve the pain and swelling of an attack.\n"
      "2. Drugs such as allopurinol lower uric acid over the long term.\n"
      "3. Drinking water and cutting down on alcohol help prevent new attacks.\n";
  faq::build_index(faq::read_document(doc, "gout.txt", faq::Format::text), dir.path.string());
  Engine e = Engine::open(dir.path.string());
  for (const char* q : {"What is gout?", "gout"}) {
    Result r = e.ask(q);
    REQUIRE_FALSE(r.answers.empty());
    INFO(q << " -> " << r.answers[0].question);
    CHECK(r.answers[0].id == "gout.txt#0");  // not a point under "Causes of gout"
    CHECK(r.status == Status::answer);
  }
  for (const char* q : {"How is gout treated?", "how do you treat gout"}) {
    Result r = e.ask(q);
    REQUIRE_FALSE(r.answers.empty());
    INFO(q << " -> " << r.answers[0].question);
    CHECK(has_heading(r.answers[0], "Treatment of gout"));  // "treated" asks what "Treatment" answers
  }
  Result causes = e.ask("what causes gout");
  REQUIRE_FALSE(causes.answers.empty());
  CHECK(has_heading(causes.answers[0], "Causes of gout"));
}

TEST_CASE("a section that answers another kind of question yields to one that answers what is asked") {
  TempDir dir("faq_engine_test_other_intent");
  // "Causes of knee pain" holds the question's words, "Treatment of sore
  // joints" answers what it asks.
  const std::string doc =
      "# Knee pain\n\n## Causes of knee pain\n"
      "Knee pain often follows an injury to the knee. Knee pain in runners comes from overuse of the knee.\n\n"
      "## Treatment of sore joints\n"
      "Rest, ice and physiotherapy help most people; a doctor may suggest painkillers.\n";
  faq::build_index(faq::read_document(doc, "knee.md", faq::Format::markdown), dir.path.string());
  Result r = Engine::open(dir.path.string()).ask("how is knee pain treated?");
  REQUIRE(r.answers.size() == 2);
  CHECK(has_heading(r.answers[0], "Treatment of sore joints"));
  // Without the penalty for answering another question, the words win.
  faq::EngineOptions off;
  off.rank.w_other_intent = 0;
  Result plain = Engine::open(dir.path.string(), off).ask("how is knee pain treated?");
  REQUIRE(plain.answers.size() == 2);
  CHECK(has_heading(plain.answers[0], "Causes of knee pain"));
}

TEST_CASE("the seed's lead paragraph answers what its title asks first") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("what is facial nerve spasm");
  REQUIRE_FALSE(r.answers.empty());
  INFO("first answer: " << r.answers[0].id << " " << r.answers[0].question);
  CHECK(r.answers[0].headings.empty());
  CHECK(contains(r.answers[0].text, "Facial spasm, also known as hemifacial spasm"));
  // Not for every question about it: one that asks for something else goes
  // to the section that answers that.
  Result surgery = e.ask("is surgery safe for facial spasm");
  REQUIRE_FALSE(surgery.answers.empty());
  const faq::Answer& a = surgery.answers[0];
  INFO("first answer: " << a.id << " " << a.question << " / " << a.text.substr(0, 60));
  CHECK(answers_seed_treatment(a));
}

TEST_CASE("in a message of several sentences, the one that asks says what is asked") {
  Engine e = Engine::open(corpus_kb());
  // "diagnosed" is background; the question sentence asks about inheritance.
  CHECK(e.ask("My mother was recently diagnosed with hemifacial spasm. Is it inherited? Thanks!").intent ==
        "inheritance");
  CHECK(e.ask("Is hemifacial spasm inherited? My mother was diagnosed last year.").intent == "inheritance");
  // Without a question mark the whole message counts, as before.
  CHECK(e.ask("My mother was recently diagnosed with hemifacial spasm").intent == "diagnosis");
  // A decimal point or an abbreviation ends no sentence.
  Result r = e.ask("I take 2.5 mg of it, e.g. daily. What causes hemifacial spasm?");
  CHECK(r.intent == "cause");
}

TEST_CASE("FAQ records are answered with their own question and tags") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("how often do I need to feed my cat");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "pet-1");
  CHECK(r.answers[0].question == "How often should I feed my cat?");
  CHECK(r.answers[0].tags == std::vector<std::string>{"pets"});
  CHECK(contains(r.answers[0].source, "records.jsonl"));
  CHECK(r.answers[0].line == 1);
  CHECK(contains(r.answers[0].snippet, "<mark>cat</mark>"));
}

TEST_CASE("query syntax is never parsed: operators are just words") {
  Engine e = Engine::open(seed().kb());
  for (const char* q : {"AND NOT OR *", "\"\"\"\"", "title:foo", "(((", ")", "NEAR/3 ADJ", "+facial -spasm",
                        "facial AND", "* ? ~ ^ ' \" \\", "spasm\"", "title:\"foo", "-", "%", "<mark>"}) {
    INFO("question: " << q);
    CHECK_NOTHROW(e.ask(q));
  }
  // "title:foo" is the two words title and foo, not a field search.
  Result r = e.ask("title:foo");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "syntax-1");
  // NOT excludes nothing; "-spasm" does not exclude spasm passages.
  r = e.ask("twitching NOT facial");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(contains(lower(r.answers[0].text), "facial"));
  r = e.ask("-spasm");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(contains(lower(r.answers[0].text), "spasm"));
  // Markup in the question does not leak into snippets unescaped.
  r = e.ask("<b>cat</b> feed");
  REQUIRE_FALSE(r.answers.empty());
  CHECK_FALSE(contains(r.answers[0].snippet, "<b>"));
}

TEST_CASE("snippets escape the answer's markup") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("How do I make text bold in HTML?");
  REQUIRE_FALSE(r.answers.empty());
  const faq::Answer& a = r.answers[0];
  REQUIRE(a.id == "html-1");
  INFO("snippet: " << a.snippet);
  CHECK(contains(a.text, "<b>bold</b>"));  // the text itself is unchanged
  CHECK_FALSE(contains(a.snippet, "<b>"));
  CHECK(contains(a.snippet, "&lt;b&gt;"));
  CHECK(contains(a.snippet, "&amp;"));
  CHECK(contains(a.snippet, "&quot;"));
  CHECK(contains(a.snippet, "<mark>bold</mark>"));
  CHECK(contains(a.snippet, "<mark>text</mark>"));
}

TEST_CASE("empty and content-free questions give no_answer") {
  Engine e = Engine::open(seed().kb());
  for (const char* q : {"", "   ", "?!", "what is the", "\xF0\x9F\x98\x80"}) {
    INFO("question: '" << q << "'");
    Result r;
    CHECK_NOTHROW(r = e.ask(q));
    CHECK(r.status == Status::no_answer);
    CHECK(r.confidence == doctest::Approx(0.0));
  }
  CHECK(e.ask("").answers.empty());
}

TEST_CASE("argument checks") {
  Engine e = Engine::open(seed().kb());
  CHECK(error_of([&] { e.ask("facial spasm", with_k(0)); }).code() == ErrorCode::invalid_argument);
  CHECK(error_of([&] { e.ask("facial spasm", with_k(101)); }).code() == ErrorCode::invalid_argument);
  CHECK(error_of([&] { e.ask("facial spasm", with_k(-1)); }).code() == ErrorCode::invalid_argument);
  CHECK(e.ask("facial spasm", with_k(1)).answers.size() == 1);
  CHECK_NOTHROW(e.ask("facial spasm", with_k(100)));
  CHECK(e.ask("facial spasm", with_k(100)).answers.size() <= 100);
  CHECK(e.ask("facial spasm", with_k(100)).answers.size() > 5);

  auto big = error_of([&] { e.ask(std::string(20000, 'a')); });
  CHECK(big.code() == ErrorCode::too_large);
  CHECK(contains(big.what(), "20000"));
  CHECK(error_of([&] { e.ask(std::string(10001, 'a')); }).code() == ErrorCode::too_large);
  std::string words;
  while (words.size() + 7 <= 10000) words += "spasm ";
  CHECK_NOTHROW(e.ask(words));  // at the limit: fine

  auto bad = error_of([&] { e.ask(std::string("facial \xFF spasm")); });
  CHECK(bad.code() == ErrorCode::invalid_utf8);
  CHECK(contains(bad.what(), "byte 7"));
  CHECK(error_of([&] { e.ask(std::string("\xC3")); }).code() == ErrorCode::invalid_utf8);
  CHECK(error_of([&] { e.ask(std::string("\xED\xA0\x80")); }).code() == ErrorCode::invalid_utf8);

  AskOptions unknown;
  unknown.filters["colour"] = "blue";
  CHECK(error_of([&] { e.ask("cat", unknown); }).code() == ErrorCode::invalid_argument);
  // The engine still answers after errors.
  CHECK_FALSE(e.ask("What causes facial spasm?").answers.empty());
}

TEST_CASE("a tag filter restricts the results") {
  Engine e = Engine::open(seed().kb());
  const char* q = "how often should I feed, walk or water";
  Result all = e.ask(q, with_k(10));
  std::set<std::string> unfiltered;
  for (const auto& a : all.answers) unfiltered.insert(a.id);
  CHECK(unfiltered.count("garden-1") == 1);

  AskOptions pets = with_k(10);
  pets.filters["tag"] = "pets";
  Result r = e.ask(q, pets);
  REQUIRE(r.answers.size() == 2);
  for (const auto& a : r.answers) {
    CHECK(std::find(a.tags.begin(), a.tags.end(), "pets") != a.tags.end());
    CHECK(a.id.rfind("pet-", 0) == 0);
  }
  AskOptions dogs = with_k(10);
  dogs.filters["tag"] = "DOGS";  // tags are compared normalized
  r = e.ask(q, dogs);
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].id == "pet-2");

  AskOptions none = with_k(10);
  none.filters["tag"] = "no-such-tag";
  r = e.ask(q, none);
  CHECK(r.answers.empty());
  CHECK(r.status == Status::no_answer);
  // Seed passages carry no tags: a filter removes them all.
  AskOptions garden = with_k(10);
  garden.filters["tag"] = "garden";
  r = e.ask("What causes facial spasm? water tomatoes", garden);
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].id == "garden-1");
}

TEST_CASE("misspelled and unknown words are reported") {
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("What causes facial spsams?");
  CHECK_FALSE(r.corrected.empty());
  CHECK(contains(r.corrected, "spasms"));
  REQUIRE_FALSE(r.answers.empty());
  r = e.ask("facial zzqxvw");
  CHECK(std::find(r.unmatched.begin(), r.unmatched.end(), "zzqxvw") != r.unmatched.end());
  // Asked again, by a searcher that remembers its suggestions: the same.
  for (int i = 0; i < 3; ++i) {
    Result again = e.ask("What causes facial spsams?");
    CHECK(contains(again.corrected, "spasms"));
    r = e.ask("facial zzqxvw");
    CHECK(r.corrected.empty());
    CHECK(std::find(r.unmatched.begin(), r.unmatched.end(), "zzqxvw") != r.unmatched.end());
  }
}

// FAQ records about a few web apps, for tests of how questions are read.
static faq::IndexInfo build_app_faq(const std::string& dir) {
  std::vector<faq::Passage> ps;
  auto add = [&](const std::string& id, const std::string& q, const std::string& a) {
    faq::Passage p;
    p.id = id;
    p.question = q;
    p.answer = a;
    p.source = "apps.jsonl";
    ps.push_back(p);
  };
  add("backup", "How can I make a backup of my phone?", "Copy everything to the cloud from the settings app.");
  add("louder", "How do I turn my phone up louder?", "Press the volume button on the side of the phone.");
  add("timer", "Can I set an e-mail to send on a timer within Gmail?", "Use Schedule send in the menu next to Send.");
  add("archive", "Where do my emails go when I archive them in Gmail?", "Archived mail is under All Mail.");
  add("labels", "How can I filter Gmail messages that have no label?", "Search for has:nouserlabels.");
  add("search", "How do I search Gmail for messages from one day?", "Use after: and before: with dates.");
  return faq::build_index(ps, dir);
}

// The named piece of a result's confidence evidence; -1 when it has none.
static double evidence(const Result& r, const std::string& name) {
  for (const auto& [n, v] : r.evidence)
    if (n == name) return v;
  return -1.0;
}

TEST_CASE("two words the index knows written as one are asked for as one") {
  TempDir dir("faq_engine_test_compounds");
  build_app_faq(dir.path.string());
  Engine e = Engine::open(dir.path.string());
  Result r = e.ask("how do i back up my phone");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "backup");

  faq::EngineOptions off;
  off.rank.compounds = false;
  Engine plain = Engine::open(dir.path.string(), off);
  Result p = plain.ask("how do i back up my phone");
  REQUIRE_FALSE(p.answers.empty());
  double with = 0, without = 0;
  for (const faq::Answer& a : r.answers) if (a.id == "backup") with = a.score;
  for (const faq::Answer& a : p.answers) if (a.id == "backup") without = a.score;
  CHECK(with > without);
}

TEST_CASE("a question that names none of a passage's topic words is less sure of it") {
  TempDir dir("faq_engine_test_topic");
  build_app_faq(dir.path.string());
  Engine e = Engine::open(dir.path.string());
  // Both find the Gmail timer entry; only one is about e-mail in Gmail.
  Result off_topic = e.ask("please set a timer for ten minutes");
  Result on_topic = e.ask("can gmail send an email later on a timer");
  REQUIRE_FALSE(off_topic.answers.empty());
  REQUIRE_FALSE(on_topic.answers.empty());
  CHECK(off_topic.answers[0].id == "timer");
  CHECK(on_topic.answers[0].id == "timer");
  CHECK(evidence(off_topic, "topic") >= 0);
  CHECK(evidence(off_topic, "topic") < evidence(on_topic, "topic"));
}

TEST_CASE("a copy of the first passage is no rival to it") {
  TempDir dir("faq_engine_test_copy");
  build_app_faq((dir.path / "one").string());
  Engine one = Engine::open((dir.path / "one").string());
  // The same entries, with the backup entry twice under two ids.
  std::vector<faq::Passage> ps;
  for (const char* id : {"backup", "backup-copy"}) {
    faq::Passage p;
    p.id = id;
    p.question = "How can I make a backup of my phone?";
    p.answer = "Copy everything to the cloud from the settings app.";
    ps.push_back(p);
  }
  faq::Passage other;
  other.id = "louder";
  other.question = "How do I turn my phone up louder?";
  other.answer = "Press the volume button on the side of the phone.";
  ps.push_back(other);
  faq::build_index(ps, (dir.path / "two").string());
  Engine two = Engine::open((dir.path / "two").string());
  Result with_copy = two.ask("how can i make a backup of my phone");
  REQUIRE(with_copy.answers.size() >= 2);
  CHECK(with_copy.answers[1].score == with_copy.answers[0].score);
  // The runner-up is the next passage that scores differently: the louder entry.
  CHECK(evidence(with_copy, "runner_up") > 0.2);
  CHECK(evidence(with_copy, "runner_up") == doctest::Approx(evidence(with_copy, "margin")));
  CHECK(with_copy.status == Status::answer);
  CHECK(evidence(one.ask("how can i make a backup of my phone"), "runner_up") > 0.2);
}

TEST_CASE("passages of two documents about equally good make the result ambiguous") {
  TempDir dir("faq_engine_test_ambiguous");
  std::vector<faq::Passage> ps;
  auto add = [&](const std::string& id, const std::string& title, const std::string& q, const std::string& a) {
    faq::Passage p;
    p.id = id;
    p.title = title;
    p.question = q;
    p.answer = a;
    ps.push_back(p);
  };
  add("library", "City library", "What are the opening hours of the city library?",
      "The city library opens at nine and closes at six, Monday to Saturday.");
  add("museum", "City museum", "What are the opening hours of the city museum?",
      "The city museum opens at ten and closes at five, Tuesday to Sunday.");
  add("parking", "Parking", "Where can I park my bicycle?", "Bicycle racks stand at every entrance.");
  faq::build_index(ps, dir.path.string());
  Engine e = Engine::open(dir.path.string());
  Result both = e.ask("what are the opening hours of the city?");
  REQUIRE(both.answers.size() >= 2);
  CHECK(both.status == Status::ambiguous);
  CHECK(both.answers[1].score >= both.answers[0].score * 0.99);
  Result one = e.ask("when does the city museum open?");
  REQUIRE_FALSE(one.answers.empty());
  CHECK(one.answers[0].id == "museum");
  CHECK(one.status == Status::answer);
}

TEST_CASE("a word the index lacks counts against the coverage the confidence sees") {
  TempDir dir("faq_engine_test_unseen");
  build_app_faq(dir.path.string());
  Engine e = Engine::open(dir.path.string());
  Result known = e.ask("how do i turn my phone up louder");
  Result unknown = e.ask("how do i turn my phone up louder zzqxvw");
  REQUIRE_FALSE(known.answers.empty());
  REQUIRE_FALSE(unknown.answers.empty());
  CHECK(unknown.answers[0].id == known.answers[0].id);
  CHECK(unknown.unmatched == std::vector<std::string>{"zzqxvw"});
  CHECK(evidence(unknown, "coverage") < evidence(known, "coverage"));
  CHECK(evidence(unknown, "question_cov") < evidence(known, "question_cov"));
  // The model's trees are piecewise constant and not monotone in every
  // value: for this near-certain answer (over 0.99) one more unmatched word
  // moves the confidence by less than 1e-4 either way (it rose by 2e-5 when
  // the trees came in); what must hold is that it raises it by no more.
  CHECK(unknown.confidence <= known.confidence + 1e-4);
  // A word asked twice is one unknown word.
  Result twice = e.ask("how do i turn my phone up louder zzqxvw zzqxvw");
  CHECK(twice.unmatched == std::vector<std::string>{"zzqxvw"});
}

TEST_CASE("a lone weak match is no answer: without a rival it has no margin") {
  TempDir dir("faq_engine_test_lone_match");
  build_app_faq(dir.path.string());
  Engine e = Engine::open(dir.path.string());
  // One word of the question ("label") is in one passage and no other: no
  // rival, so no margin to count (it would be all there is, and say nothing).
  Result lone = e.ask("book a table for two at the italian restaurant tonight with a label");
  REQUIRE_FALSE(lone.answers.empty());
  CHECK(lone.answers.size() == 1);
  CHECK(lone.answers[0].id == "labels");
  CHECK(evidence(lone, "margin") == 0.0);
  CHECK(evidence(lone, "runner_up") == 0.0);
  CHECK(evidence(lone, "coverage") < 0.3);
  CHECK(lone.status == Status::no_answer);
  // The same passage, asked for in words that match it well.
  Result strong = e.ask("how can i filter gmail messages with no label");
  REQUIRE_FALSE(strong.answers.empty());
  CHECK(strong.answers[0].id == "labels");
  CHECK(strong.status == Status::answer);
  CHECK(strong.confidence > lone.confidence + 0.3);
}

faq::Passage record(const std::string& id, const std::string& question, const std::string& answer,
                    const std::string& lang = "") {
  faq::Passage p;
  p.id = id;
  p.question = question;
  p.answer = answer;
  p.lang = lang;
  return p;
}

// The id of the first answer to `question` ("" when there is none), with
// what the engine made of the question's words.
struct FirstAnswer {
  std::string id;
  Status status = Status::no_answer;
  bool corrected = false;  // a word was taken for a typo
  bool unmatched = false;  // a word matched nothing
};
FirstAnswer first_answer(const Engine& e, const std::string& question, const AskOptions& options = {}) {
  Result r = e.ask(question, options);
  return {r.answers.empty() ? "" : r.answers[0].id, r.status, !r.corrected.empty(), !r.unmatched.empty()};
}

TEST_CASE("a corpus in another language is stemmed as that language") {
  TempDir dir("faq_engine_test_german");
  std::vector<faq::Passage> ps = {
      record("pw", "Wie ändere ich mein Passwort?", "Öffnen Sie die Kontoeinstellungen und wählen Sie Passwort ändern."),
      record("hours", "Wann ist der Kundendienst erreichbar?", "Montags bis freitags von neun bis achtzehn Uhr."),
      record("delete", "Wie lösche ich mein Konto?", "Schreiben Sie uns, und wir löschen Ihr Konto innerhalb einer Woche.")};
  CHECK(faq::build_index(ps, dir.str("kb")).lang == "de");
  Engine e = Engine::open(dir.str("kb"));
  // Other inflections than the passage's: the German stemmer joins them.
  FirstAnswer a = first_answer(e, "Passwörter ändern");
  CHECK(a.id == "pw");
  CHECK_FALSE(a.corrected);
  CHECK(a.status == Status::answer);
  CHECK(first_answer(e, "Konten löschen").id == "delete");
}

TEST_CASE("passages in their own language are found in that language's words") {
  TempDir dir("faq_engine_test_mixed");
  std::vector<faq::Passage> ps = {
      record("en-pw", "How do I change my password?", "Open the account settings and choose a new password."),
      record("en-hours", "When is support open?", "Support answers from nine to six on weekdays."),
      record("de-pw", "Wie ändere ich mein Passwort?", "Öffnen Sie die Kontoeinstellungen.", "de-DE"),
      record("ru-pw", "Как изменить пароль?", "Откройте настройки учётной записи.", "ru")};
  CHECK(faq::build_index(ps, dir.str("kb")).lang == "en");
  Engine e = Engine::open(dir.str("kb"));
  // The index is English; these words are known only as German and Russian
  // stem them, and are neither typos nor unmatched.
  FirstAnswer a = first_answer(e, "Kontoeinstellungen ändern");
  CHECK(a.id == "de-pw");
  CHECK_FALSE(a.corrected);
  CHECK_FALSE(a.unmatched);
  CHECK(first_answer(e, "поменять пароли").id == "ru-pw");
  CHECK(first_answer(e, "how can I change passwords").id == "en-pw");
  // The language filter takes a tag as the index does.
  AskOptions german;
  german.filters["lang"] = "DE";
  CHECK(first_answer(e, "change Passwort", german).id == "de-pw");
}

TEST_CASE("function words and typos of the passages' own languages") {
  TempDir dir("faq_engine_test_mixed_words");
  std::vector<faq::Passage> ps = {
      record("en-pw", "How do I change my password?", "Open the account settings and choose a new password."),
      record("en-hours", "When is support open?", "Support answers from nine to six on weekdays."),
      record("fr-pw", "Comment changer mon mot de passe ?", "Ouvrez les paramètres de votre compte.", "fr"),
      record("fr-hours", "Quels sont les horaires d'ouverture ?", "Du lundi au vendredi, de neuf à dix-huit heures.",
             "fr")};
  CHECK(faq::build_index(ps, dir.str("kb")).lang == "en");
  Engine e = Engine::open(dir.str("kb"));
  // French function words the English index lacks are dropped, not taken
  // for typos or words the index lacks.
  Result r = e.ask("Comment changer mon mot de passe ?");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "fr-pw");
  CHECK(r.corrected.empty());
  CHECK(r.unmatched.empty());
  FirstAnswer hours = first_answer(e, "Quels sont les horaires d'ouverture ?");
  CHECK(hours.id == "fr-hours");
  CHECK_FALSE(hours.corrected);
  CHECK_FALSE(hours.unmatched);
  // A corrected word is looked up in the passages' languages too: English
  // stems "vendredi" to a term the index lacks, French to one it has.
  Result typo = e.ask("vendredii");
  CHECK(typo.corrected == "vendredi");
  REQUIRE_FALSE(typo.answers.empty());
  CHECK(typo.answers[0].id == "fr-hours");
}

TEST_CASE("the index's language: named by every passage, or refused when it is no language tag") {
  TempDir dir("faq_engine_test_lang_named");
  std::vector<faq::Passage> ps = {
      record("h", "Où se trouve l'hôpital le plus proche ?", "L'hôpital est situé rue de la Paix.", "fr"),
      record("a", "Comment annuler ma commande ?", "Écrivez-nous avant l'expédition du colis.", "fr-CA")};
  CHECK(faq::build_index(ps, dir.str("kb")).lang == "fr");
  // The spelling data holds the word, not its elided form.
  Engine e = Engine::open(dir.str("kb"));
  Result r = e.ask("expedition");
  CHECK(r.corrected == "expédition");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "a");
  // A snippet marks a word behind an elided article.
  r = e.ask("hôpital");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].snippet.find("<mark>L'hôpital</mark>") != std::string::npos);

  for (const char* bad : {"x", "French", "-BR", " ", "en--US"}) {
    CAPTURE(bad);
    faq::BuildOptions o;
    o.lang = bad;
    CHECK_THROWS_AS(faq::build_index(ps, dir.str("bad"), o), faq::Error);
    std::vector<faq::Passage> tagged = {record("t", "Question?", "Answer.", bad)};
    tagged[0].source = "faq.jsonl";
    tagged[0].line = 3;
    try {
      faq::build_index(tagged, dir.str("bad"));
      FAIL("a passage tagged \"" << bad << "\" was indexed");
    } catch (const faq::Error& err) {
      CHECK(err.code() == faq::ErrorCode::invalid_argument);
      CHECK(std::string(err.what()).find("faq.jsonl:3") != std::string::npos);
      CHECK(std::string(err.what()).find("\"lang\"") != std::string::npos);
    }
  }
  faq::BuildOptions tag;
  tag.lang = "pt-BR";
  CHECK(faq::build_index(ps, dir.str("pt"), tag).lang == "pt");
}

TEST_CASE("an open engine reads questions in the language of the generation it answers from") {
  TempDir dir("faq_engine_test_lang_rebuild");
  faq::build_index({record("en", "When is the shop open?", "From nine to six.")}, dir.str("kb"));
  Engine e = Engine::open(dir.str("kb"));
  CHECK(first_answer(e, "when is the shop open").id == "en");
  faq::BuildOptions german;
  german.lang = "de";
  faq::build_index({record("de", "Wann hat das Geschäft geöffnet?", "Von neun bis achtzehn Uhr.")}, dir.str("kb"),
                   german);
  e.reopen();
  // German function words are stopwords now, not words the index lacks.
  FirstAnswer a = first_answer(e, "Wann hat das Geschäft geöffnet?");
  CHECK(a.id == "de");
  CHECK_FALSE(a.unmatched);
}

TEST_CASE("session follow-ups over the shipped corpus") {
  Engine e = Engine::open(corpus_kb());
  faq::Session session;
  Result first = e.ask("What is hemifacial spasm?", {}, &session);
  REQUIRE_FALSE(first.answers.empty());
  CHECK(first.answers[0].title == "Hemifacial Spasm");
  CHECK(first.status == Status::answer);
  CHECK(first.context.empty());
  CHECK(session.turns() == 1);
  CHECK(session.focus() == "Hemifacial Spasm");

  // The follow-ups are the other sections of the first answer's document.
  REQUIRE_FALSE(first.follow_ups.empty());
  CHECK(first.follow_ups.size() <= 5);
  faq::IndexInfo info = e.info();
  CHECK(info.passages > 1000);
  for (const faq::FollowUp& f : first.follow_ups) {
    INFO("follow-up " << f.id << ": " << f.label);
    CHECK(f.id != first.answers[0].id);
    CHECK_FALSE(f.label.empty());
    CHECK(contains(f.label, "Hemifacial Spasm"));
    // Asking for the follow-up's label finds that very passage.
    Result fr = e.ask(f.label);
    REQUIRE_FALSE(fr.answers.empty());
    CHECK(fr.answers[0].id == f.id);
  }
  bool treatments_offered = false;
  for (const auto& f : first.follow_ups) treatments_offered |= contains(f.label, "treatments");
  CHECK(treatments_offered);

  // Thanks and greetings ask nothing: not read in the conversation's context.
  for (const char* social : {"thanks!", "ok, got it", "hello"}) {
    Result r = e.ask(social, {}, &session);
    INFO(social);
    CHECK(r.status == Status::no_answer);
    CHECK(r.context.empty());
  }
  CHECK(session.focus() == "Hemifacial Spasm");

  Result second = e.ask("how is it treated?", {}, &session);
  REQUIRE_FALSE(second.answers.empty());
  CHECK(second.answers[0].title == "Hemifacial Spasm");
  CHECK(contains(lower(second.answers[0].question), "treatments"));
  CHECK(second.context == "Hemifacial Spasm");
  CHECK(second.intent == "treatment");
  CHECK(session.turns() == 5);

  // Without the session the same question has no context to read it in.
  Result alone = e.ask("how is it treated?");
  CHECK(alone.context.empty());

  // A long question that names its own topic is not read in context.
  Result other = e.ask("What are the symptoms and signs of Bell's palsy in adults and children?", {}, &session);
  REQUIRE_FALSE(other.answers.empty());
  CHECK(other.context.empty());
  CHECK(other.answers[0].title == "Bell's Palsy");
  CHECK(session.focus() == "Bell's Palsy");
  // reset() forgets the topic.
  session.reset();
  CHECK(session.focus().empty());
  CHECK(session.turns() == 0);
  CHECK(e.ask("how is it treated?", {}, &session).context.empty());
}

TEST_CASE("a short question about a new topic leaves the session's topic") {
  // Engine::ask reads every question of <= 2 content words as a follow-up
  // (looks_like_follow_up in search/engine.cc) and appends the session focus,
  // whose title terms then outweigh the question's own topic.
  Engine e = Engine::open(corpus_kb());
  for (const char* q : {"What is narcolepsy?", "What causes migraine?", "What is dystonia?"}) {
    INFO("second question: " << std::string(q));
    Result alone = e.ask(q);
    REQUIRE_FALSE(alone.answers.empty());
    CHECK(alone.answers[0].title != "Hemifacial Spasm");
    faq::Session session;
    e.ask("What is hemifacial spasm?", {}, &session);
    REQUIRE(session.focus() == "Hemifacial Spasm");
    Result r = e.ask(q, {}, &session);
    REQUIRE_FALSE(r.answers.empty());
    CHECK(r.answers[0].title == alone.answers[0].title);
  }
}

TEST_CASE("follow-ups name distinct sections") {
  // The seed document's lead paragraphs have no heading of their own, so all
  // of them get the document title as (derived) question: offering three
  // follow-ups with the same label is no help to the user.
  Engine e = Engine::open(seed().kb());
  Result r = e.ask("What causes facial spasm?");
  REQUIRE_FALSE(r.follow_ups.empty());
  std::set<std::string> labels;
  for (const auto& f : r.follow_ups) {
    CHECK(f.id != r.answers[0].id);
    CHECK(contains(f.id, "seed.txt"));
    labels.insert(f.label);
  }
  CHECK(labels.size() == r.follow_ups.size());
}

TEST_CASE("ranking-only asks read no stored passage and rank the same") {
  Engine e = Engine::open(seed().kb());
  AskOptions full;
  full.k = 8;
  AskOptions ranking = full;
  ranking.passages = false;
  for (const char* q : {"What causes facial spasm?", "how often should I feed my cat", "is surgery risky?"}) {
    CAPTURE(q);
    Result a = e.ask(q, full), b = e.ask(q, ranking);
    CHECK(b.status == a.status);
    CHECK(b.confidence == doctest::Approx(a.confidence));
    REQUIRE(b.answers.size() == a.answers.size());
    for (size_t i = 0; i < a.answers.size(); ++i) {
      CHECK(b.answers[i].id == a.answers[i].id);
      CHECK(b.answers[i].score == doctest::Approx(a.answers[i].score));
      CHECK(b.answers[i].confidence == doctest::Approx(a.answers[i].confidence));
      CHECK(b.answers[i].text.empty());
      CHECK(b.answers[i].snippet.empty());
      CHECK(b.answers[i].source.empty());
    }
    CHECK(b.follow_ups.empty());
  }
}

TEST_CASE("to_json gives the whole result as JSON") {
  Engine e = Engine::open(corpus_kb());
  faq::Session session;
  e.ask("What is hemifacial spasm?", {}, &session);
  Result r = e.ask("how is it treated?", {}, &session);
  nlohmann::json j = nlohmann::json::parse(faq::to_json(r));
  CHECK(j["status"] == "answer");
  CHECK(j["confidence"].is_number());
  CHECK(j["confidence"].get<double>() == doctest::Approx(r.confidence));
  REQUIRE(j["answers"].is_array());
  REQUIRE(j["answers"].size() == r.answers.size());
  const auto& a = j["answers"][0];
  CHECK(a["id"] == r.answers[0].id);
  CHECK(a["title"] == "Hemifacial Spasm");
  CHECK(a["text"] == r.answers[0].text);
  CHECK(a["line"].get<int>() == r.answers[0].line);
  CHECK(a["source"].get<std::string>().find("medquad-ninds.jsonl") != std::string::npos);
  CHECK(a["headings"].is_array());
  REQUIRE(j["follow_ups"].is_array());
  CHECK(j["follow_ups"].size() == r.follow_ups.size());
  if (!r.follow_ups.empty()) {
    CHECK(j["follow_ups"][0]["id"] == r.follow_ups[0].id);
    CHECK(j["follow_ups"][0]["label"] == r.follow_ups[0].label);
  }
  CHECK(j["context"] == "Hemifacial Spasm");
  CHECK(j["intent"] == "treatment");

  // An empty result is valid JSON too.
  nlohmann::json empty = nlohmann::json::parse(faq::to_json(Result{}));
  CHECK(empty["status"] == "no_answer");
  CHECK(empty["answers"].empty());
  CHECK(empty["follow_ups"].is_array());
  // Odd text (quotes, control characters, invalid UTF-8) is escaped or replaced.
  Result odd;
  faq::Answer oa;
  oa.id = "x";
  oa.text = std::string("quote \" backslash \\ newline \n tab \t bad \xFF end");
  odd.answers.push_back(oa);
  nlohmann::json oj;
  CHECK_NOTHROW(oj = nlohmann::json::parse(faq::to_json(odd)));
  CHECK(oj["answers"][0]["text"].get<std::string>().rfind("quote \" backslash \\ newline \n", 0) == 0);
}

TEST_CASE("one engine answers the same from many threads") {
  Engine e = Engine::open(corpus_kb());
  const std::vector<std::string> questions = {
      "What causes facial spasm?", "How is hemifacial spasm treated?", "What is Bell's palsy?",
      "What is the outlook for narcolepsy?", "how many people get migraine"};
  std::vector<std::string> expected;
  for (const auto& q : questions) {
    Result r = e.ask(q);
    expected.push_back(r.answers.empty() ? "" : r.answers[0].id);
    CHECK_FALSE(expected.back().empty());
  }
  constexpr int kThreads = 4, kAsks = 50;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t) {
    pool.emplace_back([&, t] {
      try {
        for (int i = 0; i < kAsks; ++i) {
          Result r = e.ask(questions[(i + t) % questions.size()]);
          got[t].push_back(r.answers.empty() ? "" : r.answers[0].id);
        }
      } catch (const std::exception& ex) {
        errors[t] = ex.what();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < kThreads; ++t) {
    CHECK(errors[t].empty());
    REQUIRE(got[t].size() == static_cast<size_t>(kAsks));
    for (int i = 0; i < kAsks; ++i) CHECK(got[t][i] == expected[(i + t) % questions.size()]);
  }
}

TEST_CASE("asking while the index is rebuilt again and again") {
  fs::path dir = fs::temp_directory_path() / ("faq_engine_test_churn_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto rec = [](int i) {
    faq::Passage p;
    p.id = "p" + std::to_string(i);
    p.question = "Where do penguins live?";
    p.answer = "On cold coasts, version " + std::to_string(i) + ".";
    return p;
  };
  faq::build_index({rec(0)}, dir.string());
  Engine e = Engine::open(dir.string());
  std::atomic<bool> stop{false};
  std::vector<std::string> errors(3);
  std::vector<int> empty(3, 0), asked(3, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < 3; ++t) {
    pool.emplace_back([&, t] {
      while (!stop) {
        try {
          // A misspelling also reads the spelling table.
          Result r = e.ask(asked[t] % 2 ? "where do pengiuns live" : "penguins live");
          empty[t] += r.answers.empty();
        } catch (const std::exception& ex) {
          errors[t] = ex.what();
          return;
        }
        ++asked[t];
      }
    });
  }
  for (int i = 1; i <= 12; ++i) {
    faq::build_index({rec(i)}, dir.string());
    if (i % 3 == 0) e.reopen();
  }
  stop = true;
  for (auto& th : pool) th.join();
  for (int t = 0; t < 3; ++t) {
    CHECK(errors[t].empty());
    CHECK(empty[t] == 0);
  }
  e.reopen();
  CHECK(e.ask("penguins").answers.at(0).id == "p12");
  fs::remove_all(dir);
}

// An FAQ record: id, question, answer.
static faq::Passage rec(const std::string& id, const std::string& q, const std::string& a) {
  faq::Passage p;
  p.id = id;
  p.question = q;
  p.answer = a;
  return p;
}

TEST_CASE("an open engine follows rebuilds after reopen()") {
  fs::path dir = fs::temp_directory_path() / ("faq_engine_test_rebuild_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  faq::build_index({rec("a", "Where do penguins live?", "In Antarctica.")}, dir.string());
  Engine e = Engine::open(dir.string());
  CHECK(e.ask("where do penguins live").answers.at(0).id == "a");
  // Two rebuilds: the generation the engine has open is removed from disk.
  faq::build_index({rec("b", "Where do penguins live?", "Mostly in the southern hemisphere.")}, dir.string());
  faq::build_index({rec("c", "Where do penguins live?", "On cold coasts of the south.")}, dir.string());
  CHECK_NOTHROW(e.ask("where do penguins live"));  // old or new, but no crash
  e.reopen();
  Result r = e.ask("where do penguins live");
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].id == "c");
  CHECK(e.info().passages == 1);
  // A moved-from engine's successor keeps working.
  Engine moved = std::move(e);
  CHECK(moved.ask("penguins").answers.at(0).id == "c");
  fs::remove_all(dir);
}

TEST_CASE("after a rebuild, no rank value of the old generation is used") {
  TempDir dir("faq_engine_test_rank_values");
  // Both questions find the first passage, whose rank value (its question's
  // terms among others) the engine then keeps.
  faq::build_index({rec("penguins", "Where do penguins live?", "Penguins eat fish and live on cold coasts.")},
                   dir.str());
  Engine e = Engine::open(dir.str());
  CHECK(evidence(e.ask("what do penguins eat"), "question_cov") > 0);
  CHECK(evidence(e.ask("where do koalas live"), "question_cov") > 0);
  // The same first document number, another passage.
  faq::build_index({rec("koalas", "What do koalas eat?", "Koalas eat eucalyptus leaves and live in trees.")},
                   dir.str());
  e.reopen();
  Result r = e.ask("what do koalas eat");
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].id == "koalas");
  CHECK(evidence(r, "question_cov") == doctest::Approx(1.0));
  CHECK(r.answers[0].score == doctest::Approx(Engine::open(dir.str()).ask("what do koalas eat").answers.at(0).score));
}

TEST_CASE("a common term weighs the same whether the matcher or the ranker adds it") {
  // "water" is in every passage (over kMinCommonDf = 1000 of them): by
  // default the matcher leaves it out and the ranker adds its BM25 over the
  // candidates; with common_share = 0 it is an ordinary term of the query.
  TempDir t("common");
  std::vector<faq::Passage> passages;
  for (int i = 0; i < 1200; ++i) {
    faq::Passage p;
    p.id = "p" + std::to_string(i);
    p.title = "Topic " + std::to_string(i);
    p.answer = "Drink water daily. " + std::string(i % 3 == 0 ? "Water helps. " : "") + "kelp" +
               std::to_string(i % 40) + " grows in the sea.";
    passages.push_back(p);
  }
  std::string kb = t.str("kb");
  faq::build_index(passages, kb);
  faq::EngineOptions everything_matched;
  everything_matched.rank.common_share = 0;
  Engine by_ranker = Engine::open(kb), by_matcher = Engine::open(kb, everything_matched);
  AskOptions o;
  o.k = 30;  // every passage with kelp7
  Result a = by_ranker.ask("kelp7 water", o), b = by_matcher.ask("kelp7 water", o);
  REQUIRE(a.answers.size() == 30);
  REQUIRE(b.answers.size() == 30);
  for (size_t i = 0; i < a.answers.size(); ++i) {
    CHECK(a.answers[i].id == b.answers[i].id);
    CHECK(a.answers[i].score == doctest::Approx(b.answers[i].score).epsilon(1e-9));
  }
  for (const auto& answer : a.answers) CHECK(std::stoi(answer.id.substr(1)) % 40 == 7);
}
