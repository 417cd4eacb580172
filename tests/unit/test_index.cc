// Tests for faq/index.h and the on-disk layout (engine/src/index/): building,
// generations, atomic replacement, updates, the writer lock, and the errors
// for missing, foreign, corrupt and incompatible indexes and bad passages.
#include <doctest/doctest.h>
#include <xapian.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "test_support.h"
#include "faq/index.h"
#include "index/layout.h"
#include "index/schema.h"
#include "search/rank_values.h"
#include "search/ranker.h"

namespace fs = std::filesystem;
using faq_test::error_of;
using faq_test::TempDir;
using faq::ErrorCode;
using faq::IndexWriter;
using faq::Passage;

namespace {



Passage passage(const std::string& id, const std::string& question, const std::string& answer,
                const std::string& title = "") {
  Passage p;
  p.id = id;
  p.question = question;
  p.answer = answer;
  p.title = title;
  p.source = "test.jsonl";
  p.line = 1;
  return p;
}

std::vector<Passage> sample() {
  return {
      passage("penguin", "Where do penguins live?",
              "Penguins live in the southern hemisphere, mostly in Antarctica.", "Penguins"),
      passage("volcano", "What causes a volcano to erupt?",
              "Magma rising from the mantle builds pressure until a volcano erupts.", "Volcanoes"),
      passage("tea", "How is green tea made?",
              "Green tea leaves are steamed or pan fired soon after picking.", "Tea"),
  };
}

std::vector<std::string> generation_dirs(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.rfind("gen-", 0) == 0) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string first_id(const faq::Engine& e, const std::string& q) {
  faq::Result r = e.ask(q);
  return r.answers.empty() ? "" : r.answers[0].id;
}

// Sets metadata `key` of generation `gen` of `dir` as another writer would
// have, with a consistent manifest. Generations have no termlist table, which
// Xapian needs to open a database for writing, so the generation is merged
// with a one-key database into a copy that takes its place.
void set_generation_metadata(const std::string& dir, uint64_t gen, const std::string& key,
                             const std::string& value) {
  // Xapian passes duplicates in no set order, under its internal key (the
  // name is at the end).
  struct Override : Xapian::Compactor {
    std::string key, value;
    std::string resolve_duplicate_metadata(const std::string& k, size_t, const std::string tags[]) override {
      bool ours = k.size() >= key.size() && k.compare(k.size() - key.size(), key.size(), key) == 0;
      return ours ? value : tags[0];
    }
  } override_key;
  override_key.key = key;
  override_key.value = value;
  std::string path = faq::index::generation_path(dir, gen), meta = path + ".meta", copy = path + ".copy";
  {
    Xapian::WritableDatabase m(meta, Xapian::DB_CREATE_OR_OVERWRITE);
    m.set_metadata(key, value);
    m.commit();
  }
  Xapian::Database parts(path);
  parts.add_database(Xapian::Database(meta));
  parts.compact(copy, 0, 0, override_key);
  fs::remove_all(path);
  fs::remove_all(meta);
  fs::rename(copy, path);
  faq::index::write_manifest(path);
}

std::vector<std::string> ids(const faq::Result& r) {
  std::vector<std::string> out;
  for (const auto& a : r.answers) out.push_back(a.id);
  return out;
}

}  // namespace

TEST_CASE("build_index creates the stub and a generation directory") {
  TempDir t("build");
  std::string dir = t.str("kb");  // does not exist yet: created
  faq::IndexInfo info = faq::build_index(sample(), dir);
  CHECK(fs::is_regular_file(fs::path(dir) / "XAPIANDB"));
  CHECK(info.generation >= 1);
  CHECK(fs::is_directory(faq::index::generation_path(dir, info.generation)));
  CHECK(faq::index::current_generation(dir) == info.generation);
  CHECK(info.passages == 3);
  CHECK(info.format_version == faq::kIndexFormatVersion);
  CHECK(info.lang == "en");
  CHECK_FALSE(info.analysis.empty());
  CHECK(info.built_at.size() == 20);  // 2024-01-01T00:00:00Z
  CHECK(info.built_at.back() == 'Z');

  std::ifstream stub(fs::path(dir) / "XAPIANDB");
  std::string kind, target;
  stub >> kind >> target;
  CHECK(kind == "auto");
  CHECK(target == "gen-" + std::to_string(info.generation));

  faq::IndexInfo read = faq::read_index_info(dir);
  CHECK(read.generation == info.generation);
  CHECK(read.passages == 3);
  CHECK(read.path == dir);

  faq::Engine e = faq::Engine::open(dir);
  CHECK(first_id(e, "where do penguins live") == "penguin");
  CHECK(e.info().passages == 3);
}

TEST_CASE("rebuilding increments the generation and removes stale generations") {
  TempDir t("rebuild");
  std::string dir = t.str("kb");
  uint64_t g1 = faq::build_index(sample(), dir).generation;
  uint64_t g2 = faq::build_index(sample(), dir).generation;
  uint64_t g3 = faq::build_index(sample(), dir).generation;
  CHECK(g2 == g1 + 1);
  CHECK(g3 == g2 + 1);
  CHECK(faq::index::current_generation(dir) == g3);
  // The previous generation is kept for readers that still have it open; older
  // ones are gone.
  auto gens = generation_dirs(dir);
  INFO("generations on disk: " << gens.size());
  CHECK_FALSE(fs::exists(faq::index::generation_path(dir, g1)));
  CHECK(fs::exists(faq::index::generation_path(dir, g3)));
  CHECK(gens.size() <= 2);

  // Leftovers of a crashed writer (a generation never published) are cleared
  // by the next writer and never become current.
  fs::create_directories(faq::index::generation_path(dir, g3 + 5));
  CHECK(faq::index::newest_generation_on_disk(dir) == g3 + 5);
  uint64_t g4 = faq::build_index(sample(), dir).generation;
  CHECK(g4 == g3 + 1);
  CHECK(faq::index::current_generation(dir) == g4);
  CHECK_FALSE(fs::exists(faq::index::generation_path(dir, g3 + 5)));
  faq::Engine e = faq::Engine::open(dir);
  CHECK(first_id(e, "volcano erupt") == "volcano");
}

TEST_CASE("layout helpers") {
  TempDir t("layout");
  std::string dir = t.str();
  CHECK(faq::index::current_generation(dir) == 0);
  CHECK(faq::index::newest_generation_on_disk(dir) == 0);
  CHECK(faq::index::current_generation(t.str("missing")) == 0);
  CHECK(faq::index::generation_path(dir, 7) == (t.path / "gen-7").string());
  CHECK(faq::index::stub_path(dir) == (t.path / "XAPIANDB").string());
  fs::create_directories(t.path / "gen-3");
  fs::create_directories(t.path / "gen-12");
  fs::create_directories(t.path / "gen-x");
  fs::create_directories(t.path / "other");
  CHECK(faq::index::newest_generation_on_disk(dir) == 12);
  faq::index::publish_generation(dir, 12);
  CHECK(faq::index::current_generation(dir) == 12);
  CHECK_FALSE(fs::exists(t.path / "XAPIANDB.tmp"));
  faq::index::remove_stale_generations(dir, 12, 0);
  CHECK_FALSE(fs::exists(t.path / "gen-3"));
  CHECK(fs::exists(t.path / "gen-12"));
  CHECK(fs::exists(t.path / "gen-x"));  // not a generation name: left alone
  CHECK(fs::exists(t.path / "other"));
}

TEST_CASE("a stored passage unpacks to the same fields; damage unpacks to no passage") {
  faq::Passage p;
  p.id = "doc.md#3";
  p.title = "Hemifacial spasm";
  p.headings = {"Treatment", "Surgery"};
  p.question = "Is surgery risky?";
  p.question_derived = true;
  p.alternates = {"How safe is the operation?"};
  for (int i = 0; i < 200; ++i) p.answer += "Microvascular decompression relieves the nerve. ";
  p.source = "corpus/seed.txt";
  p.line = 42;
  p.lang = "en";
  p.url = "https://example.org/hfs";
  p.tags = {"neurology"};
  p.metadata = {{"author", "NIH"}};
  p.position = 3;
  faq::index::PassagePacker packer;
  std::string stored = packer.pack(p);
  CHECK(stored.size() < p.answer.size() / 4);  // deflated
  for (int round = 0; round < 2; ++round) {  // the packer is reused
    faq::Passage q = faq::index::unpack_passage(round == 0 ? stored : packer.pack(p));
    CHECK(q.id == p.id);
    CHECK(q.title == p.title);
    CHECK(q.headings == p.headings);
    CHECK(q.question == p.question);
    CHECK(q.question_derived);
    CHECK(q.alternates == p.alternates);
    CHECK(q.answer == p.answer);
    CHECK(q.source == p.source);
    CHECK(q.line == 42);
    CHECK(q.lang == "en");
    CHECK(q.url == p.url);
    CHECK(q.tags == p.tags);
    CHECK(q.metadata == p.metadata);
    CHECK(q.position == 3);
  }
  CHECK(faq::index::unpack_passage("").id.empty());
  CHECK(faq::index::unpack_passage("P\x03" "abc").id.empty());                  // not a stored passage
  CHECK(faq::index::unpack_passage(stored.substr(0, stored.size() / 2)).id.empty());  // truncated
  std::string flipped = stored;
  flipped[flipped.size() / 2] ^= 0x55;
  CHECK_NOTHROW(faq::index::unpack_passage(flipped));
  CHECK(faq::index::unpack_passage(std::string("Z\xff\xff\xff\xff\x7f", 6) + stored.substr(3)).id.empty());
}

TEST_CASE("a writer destroyed without commit leaves the previous index intact") {
  TempDir t("nocommit");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  faq::Engine e = faq::Engine::open(dir);
  REQUIRE(first_id(e, "where do penguins live") == "penguin");
  {
    IndexWriter w = IndexWriter::create(dir);
    w.add(passage("only", "What is the only passage?", "This would replace everything."));
    CHECK(w.size() == 1);
  }  // no commit
  CHECK(faq::index::current_generation(dir) == g);
  CHECK(faq::read_index_info(dir).passages == 3);
  CHECK(generation_dirs(dir) == std::vector<std::string>{"gen-" + std::to_string(g)});
  e.reopen();
  CHECK(first_id(e, "where do penguins live") == "penguin");
  CHECK(first_id(faq::Engine::open(dir), "green tea") == "tea");
  {
    IndexWriter w = IndexWriter::update(dir);
    CHECK(w.remove("penguin"));
    CHECK(w.size() == 2);
  }  // no commit
  CHECK(faq::read_index_info(dir).passages == 3);
  CHECK(first_id(faq::Engine::open(dir), "where do penguins live") == "penguin");
  // The lock was released: a new writer can start.
  CHECK_NOTHROW(IndexWriter::update(dir));
}

TEST_CASE("an index's own threshold answers questions that set none, and survives updates") {
  TempDir t("threshold");
  std::string dir = t.str("kb");
  const std::string q = "What causes a volcano to erupt?";
  faq::BuildOptions strict;
  strict.threshold = 1.0;  // nothing is sure enough
  CHECK(faq::build_index(sample(), dir, strict).threshold == 1.0);
  {
    faq::Engine e = faq::Engine::open(dir);
    faq::Result r = e.ask(q);
    REQUIRE_FALSE(r.answers.empty());
    CHECK(r.answers[0].id == "volcano");
    CHECK(r.confidence < 1.0);
    CHECK(r.status == faq::Status::no_answer);
    faq::AskOptions own;
    own.threshold = 0.0;  // a question's own threshold comes first
    CHECK(e.ask(q, own).status == faq::Status::answer);
  }
  // An update that says nothing keeps it, one that sets another replaces it
  // (also when the update rewrites the passages: a removal).
  {
    IndexWriter w = IndexWriter::update(dir);
    w.add(passage("glacier", "How do glaciers move?", "Glaciers flow slowly downhill.", "Glaciers"));
    CHECK(w.commit().threshold == 1.0);
  }
  {
    IndexWriter w = IndexWriter::update(dir);
    CHECK(w.remove("glacier"));
    CHECK(w.commit().threshold == 1.0);
  }
  faq::BuildOptions lenient;
  lenient.threshold = 0.0;
  {
    IndexWriter w = IndexWriter::update(dir, lenient);
    w.add(passage("glacier", "How do glaciers move?", "Glaciers flow slowly downhill.", "Glaciers"));
    CHECK(w.commit().threshold == 0.0);
  }
  CHECK(faq::Engine::open(dir).ask(q).status == faq::Status::answer);
  // Without one, the index has none and the default applies.
  CHECK(faq::build_index(sample(), dir).threshold < 0);
  CHECK(faq::read_index_info(dir).threshold < 0);
  // Not a confidence: refused before anything is written.
  for (double bad : {1.5, std::nan("")}) {
    faq::BuildOptions o;
    o.threshold = bad;
    CHECK(error_of([&] { IndexWriter::create(t.str("other"), o); }).code() == ErrorCode::invalid_argument);
    CHECK(error_of([&] { IndexWriter::update(dir, o); }).code() == ErrorCode::invalid_argument);
  }
  faq::BuildOptions over;
  over.threshold = 1.5;
  CHECK(std::string(error_of([&] { IndexWriter::update(dir, over); }).what()) ==
        "threshold: 1.5 is not a confidence (0 to 1; negative = none)");
  // A damaged stored value is a damaged index.
  set_generation_metadata(dir, faq::read_index_info(dir).generation, faq::index::kMetaThreshold, "lots");
  CHECK(error_of([&] { faq::read_index_info(dir); }).code() == ErrorCode::corrupt_index);
  CHECK(error_of([&] { faq::Engine::open(dir).ask(q); }).code() == ErrorCode::corrupt_index);
}

TEST_CASE("update adds, replaces and removes passages by id") {
  TempDir t("update");
  std::string dir = t.str("kb");
  uint64_t g1 = faq::build_index(sample(), dir).generation;
  faq::Engine open_before = faq::Engine::open(dir);
  REQUIRE(first_id(open_before, "green tea") == "tea");

  faq::IndexInfo info;
  {
    IndexWriter w = IndexWriter::update(dir);
    CHECK(w.size() == 3);
    w.add(passage("glacier", "How do glaciers move?", "Glaciers flow slowly downhill under their own weight.",
                  "Glaciers"));
    // Same id: replaces the old tea passage.
    w.add(passage("tea", "How is oolong made?", "Oolong leaves are partly oxidised before drying.", "Oolong"));
    CHECK(w.remove("penguin"));
    CHECK_FALSE(w.remove("penguin"));
    CHECK_FALSE(w.remove("no-such-id"));
    CHECK(w.size() == 3);
    info = w.commit();
    CHECK_THROWS_AS(w.commit(), faq::Error);  // only once
  }
  CHECK(info.generation == g1 + 1);
  CHECK(info.passages == 3);

  auto check = [](const faq::Engine& e) {
    CHECK(first_id(e, "How do glaciers move?") == "glacier");
    faq::Result r = e.ask("oolong oxidised");
    REQUIRE_FALSE(r.answers.empty());
    CHECK(r.answers[0].id == "tea");
    CHECK(r.answers[0].title == "Oolong");
    // The old text of "tea" and the removed penguin are gone.
    for (const auto& a : e.ask("green tea steamed pan fired picking").answers)
      CHECK(a.text.find("steamed") == std::string::npos);
    for (const auto& a : e.ask("penguins Antarctica southern hemisphere").answers) CHECK(a.id != "penguin");
  };
  SUBCASE("a newly opened engine sees the commit") { check(faq::Engine::open(dir)); }
  SUBCASE("an open engine sees it after reopen()") {
    open_before.reopen();
    check(open_before);
  }
}

TEST_CASE("BM25 length normalization is in the indexed frequencies") {
  using faq::index::normalized_wdf;
  // A passage of the mean length keeps kWdfScale per occurrence; a longer one
  // gets less per occurrence, a shorter one more, down to half the mean.
  CHECK(normalized_wdf(1, 100, 100) == static_cast<Xapian::termcount>(faq::index::kWdfScale));
  CHECK(normalized_wdf(1, 400, 100) < normalized_wdf(1, 100, 100));
  CHECK(normalized_wdf(1, 50, 100) > normalized_wdf(1, 100, 100));
  CHECK(normalized_wdf(1, 10, 100) == normalized_wdf(1, 50, 100));
  CHECK(normalized_wdf(3, 100, 100) == 3 * normalized_wdf(1, 100, 100));
  CHECK(normalized_wdf(1, 1e12, 1) >= 1);   // never 0
  CHECK(normalized_wdf(1, 100, 0) == normalized_wdf(1, 100, 100));  // no reference: none

  TempDir t("lengthnorm");
  std::string dir = t.str("kb");
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += " Words about weather, clouds and rain number " + std::to_string(i) + ".";
  std::vector<Passage> ps = {passage("long", "", "Lichen grows on rocks." + filler, "Long"),
                             passage("short", "", "Lichen grows on trees.", "Short")};
  faq::build_index(ps, dir);
  faq::Engine e = faq::Engine::open(dir);
  faq::AskOptions o;
  o.k = 2;
  faq::Result r = e.ask("lichen", o);
  REQUIRE(r.answers.size() == 2);
  CHECK(r.answers[0].id == "short");  // one mention in a short passage weighs more

  auto mean = [&] {
    return std::stod(faq::index::open_for_reading(dir).get_metadata(faq::index::kMetaMeanLength));
  };
  double built = mean();
  CHECK(built > 0);
  {
    // An update normalizes new passages by the same reference, whatever their length.
    IndexWriter w = IndexWriter::update(dir);
    w.add(passage("long2", "", "Moss grows in shade." + filler + filler, "Moss"));
    w.commit();
  }
  CHECK(mean() == built);
  faq::build_index({ps[1]}, dir);  // a rebuild measures its own passages
  CHECK(mean() < built);
}

// Passages are written in batches by several threads, one Xapian database
// each, merged at commit; nothing is deleted in place (the parts keep no
// termlists), so a passage added again or removed after its batch was
// written must still leave exactly one copy, or none.
TEST_CASE("re-adds and removals across batches and threads leave one copy of each passage") {
  TempDir t("batches");
  const int n = 5000;  // more than one batch
  auto nth = [](int i, const std::string& extra = "") {
    return passage("p" + std::to_string(i), "What is item " + std::to_string(i) + "?",
                   "Item " + std::to_string(i) + " is one of many things in this test. " + extra);
  };
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    std::string dir = t.str("kb" + std::to_string(threads));
    faq::BuildOptions opts;
    opts.threads = threads;
    IndexWriter w = IndexWriter::create(dir, opts);
    for (int i = 0; i < n; ++i) w.add(nth(i));
    w.add(nth(10, "Marmalade replaces what it said before."));  // written long ago
    CHECK(w.remove("p20"));
    CHECK_FALSE(w.remove("p20"));
    w.add(nth(4999, "Once."));  // still queued
    w.add(nth(4999, "Twice."));
    w.add(passage("late", "Is this added after the others?", "Yes, late and then removed."));
    CHECK(w.remove("late"));
    CHECK(w.size() == n - 1);
    faq::IndexInfo info = w.commit();
    CHECK(info.passages == n - 1);

    Xapian::Database db(faq::index::generation_path(dir, info.generation));
    CHECK(db.get_doccount() == n - 1);
    for (const char* id : {"p0", "p10", "p4999", "p2500"}) {
      CAPTURE(id);
      CHECK(db.get_termfreq(faq::index::id_term(id)) == 1);
    }
    CHECK(db.get_termfreq(faq::index::id_term("p20")) == 0);
    CHECK(db.get_termfreq(faq::index::id_term("late")) == 0);
    faq::Engine e = faq::Engine::open(dir);
    CHECK(first_id(e, "marmalade") == "p10");
    faq::Result r = e.ask("What is item 4999?");
    REQUIRE_FALSE(r.answers.empty());
    CHECK(r.answers[0].id == "p4999");
    CHECK(r.answers[0].text.find("Twice.") != std::string::npos);
  }
}

TEST_CASE("spelling data counts a word over all threads' passages, whatever the thread count") {
  TempDir t("spelling");
  for (unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    std::string dir = t.str("kb" + std::to_string(threads));
    faq::BuildOptions opts;
    opts.threads = threads;
    IndexWriter w = IndexWriter::create(dir, opts);
    for (int i = 0; i < 3000; ++i)
      w.add(passage("p" + std::to_string(i), "What is gizmo " + std::to_string(i) + "?",
                    i % 2 ? "Odd gizmos are marmalade coloured." : "Even gizmos are plain."));
    faq::IndexInfo info = w.commit();
    Xapian::Database db(faq::index::generation_path(dir, info.generation));
    auto frequency = [&](const std::string& word) {
      for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        if (*it == word) return it.get_termfreq();
      return Xapian::doccount(0);
    };
    CHECK(frequency("gizmo") == 3000);
    CHECK(frequency("gizmos") == 3000);
    CHECK(frequency("marmalade") == 1500);
    CHECK(db.get_spelling_suggestion("marmelade") == "marmalade");
  }
}

TEST_CASE("an update that only adds keeps the current passages; one that removes keeps the rest") {
  TempDir t("update2");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  {
    IndexWriter w = IndexWriter::update(dir);
    w.add(passage("glacier", "How do glaciers move?", "Glaciers flow slowly downhill.", "Glaciers"));
    faq::IndexInfo info = w.commit();
    CHECK(info.passages == 4);
    CHECK(info.generation == g + 1);
    CHECK(info.format_version == faq::kIndexFormatVersion);
  }
  faq::Engine e = faq::Engine::open(dir);
  CHECK(first_id(e, "where do penguins live") == "penguin");
  CHECK(first_id(e, "How do glaciers move?") == "glacier");
  // Spelling data of both survives the merge.
  CHECK(e.ask("where do pengiuns live").answers.at(0).id == "penguin");
  CHECK(e.ask("how do glacirs move").answers.at(0).id == "glacier");
  {
    IndexWriter w = IndexWriter::update(dir);
    CHECK(w.remove("volcano"));
    CHECK(w.size() == 3);
    faq::IndexInfo info = w.commit();
    CHECK(info.passages == 3);
    CHECK(info.generation == g + 2);
  }
  e.reopen();
  CHECK(first_id(e, "where do penguins live") == "penguin");
  CHECK(first_id(e, "How do glaciers move?") == "glacier");
  for (const auto& a : e.ask("what makes a volcano erupt magma").answers) CHECK(a.id != "volcano");
  CHECK(faq::read_index_info(dir).generation == g + 2);
}

TEST_CASE("create refuses a non-empty directory that is not an index") {
  TempDir t("foreign");
  std::string dir = t.str("docs");
  fs::create_directories(dir);
  { std::ofstream(fs::path(dir) / "notes.txt") << "precious"; }
  fs::create_directories(fs::path(dir) / "sub");
  auto e = error_of([&] { faq::build_index(sample(), dir); });
  CHECK(e.code() == ErrorCode::io);
  CHECK(std::string(e.what()).find(dir) != std::string::npos);
  e = error_of([&] { IndexWriter::create(dir); });
  CHECK(e.code() == ErrorCode::io);
  // Nothing was touched or added.
  std::vector<std::string> names;
  for (const auto& x : fs::directory_iterator(dir)) names.push_back(x.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"notes.txt", "sub"});
  std::ifstream in(fs::path(dir) / "notes.txt");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "precious");

  // A regular file is not a directory.
  std::string file = (fs::path(dir) / "notes.txt").string();
  CHECK(error_of([&] { faq::build_index(sample(), file); }).code() == ErrorCode::io);
  // An empty existing directory is fine.
  fs::create_directories(t.path / "empty");
  CHECK_NOTHROW(faq::build_index(sample(), t.str("empty")));
  CHECK(error_of([&] { IndexWriter::create(""); }).code() == ErrorCode::invalid_argument);
}

TEST_CASE("a second concurrent writer gets busy") {
  TempDir t("busy");
  std::string dir = t.str("kb");
  faq::build_index(sample(), dir);
  {
    IndexWriter w = IndexWriter::update(dir);
    CHECK(error_of([&] { IndexWriter::create(dir); }).code() == ErrorCode::busy);
    CHECK(error_of([&] { IndexWriter::update(dir); }).code() == ErrorCode::busy);
    CHECK(error_of([&] { faq::build_index(sample(), dir); }).code() == ErrorCode::busy);
    // Readers are not blocked by the writer.
    CHECK(first_id(faq::Engine::open(dir), "volcano erupt") == "volcano");
    w.add(passage("extra", "Is this extra?", "Yes, an extra passage."));
    w.commit();
  }
  CHECK(faq::read_index_info(dir).passages == 4);
  // After the first writer is gone, the next one may start.
  CHECK_NOTHROW(faq::build_index(sample(), dir));
}

TEST_CASE("opening a missing index: not_found") {
  TempDir t("missing");
  std::string missing = t.str("nope");
  CHECK(error_of([&] { faq::Engine::open(missing); }).code() == ErrorCode::not_found);
  CHECK(error_of([&] { faq::read_index_info(missing); }).code() == ErrorCode::not_found);
  CHECK(error_of([&] { IndexWriter::update(missing); }).code() == ErrorCode::not_found);
  // An existing directory without a stub is no index either.
  CHECK(error_of([&] { faq::Engine::open(t.str()); }).code() == ErrorCode::not_found);
  auto e = error_of([&] { faq::Engine::open(missing); });
  CHECK(std::string(e.what()).find("no such index") != std::string::npos);
  CHECK_FALSE(fs::exists(missing));  // opening does not create it
}

TEST_CASE("a stub pointing to a truncated or garbage database: corrupt_index") {
  TempDir t("corrupt");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  fs::path gen = faq::index::generation_path(dir, g);

  bool stub_ok = true;  // the stub still names a generation
  SUBCASE("garbage tables") {
    for (const auto& f : fs::directory_iterator(gen)) {
      if (!f.is_regular_file()) continue;
      std::ofstream out(f.path(), std::ios::binary | std::ios::trunc);
      out << "this is not a xapian table, just garbage bytes \x01\x02\x03";
    }
  }
  SUBCASE("truncated tables") {
    for (const auto& f : fs::directory_iterator(gen))
      if (f.is_regular_file()) fs::resize_file(f.path(), f.file_size() / 3);
  }
  SUBCASE("generation directory removed") { fs::remove_all(gen); }
  SUBCASE("stub names garbage") {
    std::ofstream(fs::path(dir) / "XAPIANDB", std::ios::trunc) << "\x7f garbage stub\n";
    stub_ok = false;
  }
  SUBCASE("empty generation directory") {
    fs::remove_all(gen);
    fs::create_directories(gen);
  }

  auto e = error_of([&] { faq::Engine::open(dir); });
  INFO(e.what());
  CHECK(e.code() == ErrorCode::corrupt_index);
  auto r = error_of([&] { faq::read_index_info(dir); });
  CHECK(r.code() == ErrorCode::corrupt_index);
  // An update cannot start from it either (a stub naming no generation is no index).
  auto u = error_of([&] { IndexWriter::update(dir); });
  CHECK(u.code() == (stub_ok ? ErrorCode::corrupt_index : ErrorCode::not_found));
  // A full rebuild replaces it.
  CHECK_NOTHROW(faq::build_index(sample(), dir));
  CHECK(first_id(faq::Engine::open(dir), "green tea") == "tea");
}

TEST_CASE("non-numeric generation metadata: corrupt_index, not a std::exception") {
  // read_index_info (index_writer.cc) parses faq.generation with std::stoull
  // unchecked: a tampered or damaged value escapes as std::invalid_argument
  // instead of faq::Error(corrupt_index), also from Engine::info().
  TempDir t("badgen");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  // As if written so: a consistent manifest (else the changed files are
  // reported first).
  set_generation_metadata(dir, g, faq::index::kMetaGeneration, "garbage");
  CHECK(error_of([&] { faq::read_index_info(dir); }).code() == ErrorCode::corrupt_index);
  faq::Engine e = faq::Engine::open(dir);
  CHECK(error_of([&] { e.info(); }).code() == ErrorCode::corrupt_index);
}

TEST_CASE("a database that is not a faq index: corrupt_index") {
  TempDir t("plainxapian");
  std::string dir = t.str();
  {
    Xapian::WritableDatabase db((t.path / "gen-1").string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::Document d;
    d.add_term("hello");
    db.add_document(d);
    db.commit();
  }
  faq::index::publish_generation(dir, 1);
  CHECK(error_of([&] { faq::Engine::open(dir); }).code() == ErrorCode::corrupt_index);
}

TEST_CASE("another format version: version_mismatch") {
  TempDir t("version");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  // An index written by another version: other metadata, a consistent manifest.
  auto set_meta = [&](const char* key, const std::string& value) { set_generation_metadata(dir, g, key, value); };
  SUBCASE("format 999") {
    set_meta(faq::index::kMetaFormat, "999");
    auto e = error_of([&] { faq::Engine::open(dir); });
    CHECK(e.code() == ErrorCode::version_mismatch);
    CHECK(std::string(e.what()).find("999") != std::string::npos);
    CHECK(error_of([&] { faq::read_index_info(dir); }).code() == ErrorCode::version_mismatch);
    CHECK(error_of([&] { IndexWriter::update(dir); }).code() == ErrorCode::version_mismatch);
    // Rebuilding over it is allowed (it is an index) and fixes it.
    CHECK_NOTHROW(faq::build_index(sample(), dir));
    CHECK_NOTHROW(faq::Engine::open(dir));
  }
  SUBCASE("another analysis") {
    set_meta(faq::index::kMetaAnalysis, "some-other-analysis/v0");
    CHECK(error_of([&] { faq::Engine::open(dir); }).code() == ErrorCode::version_mismatch);
  }
}

TEST_CASE("damage inside a table file is caught at open by the manifest") {
  TempDir t("manifest");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  fs::path gen = faq::index::generation_path(dir, g);
  fs::path table = gen / "postlist.glass";
  REQUIRE(fs::exists(table));
  SUBCASE("same size, other bytes") {
    std::string bytes;
    {
      std::ifstream in(table, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    REQUIRE(bytes.size() > 100);
    for (size_t i = 40; i < 60; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    std::ofstream(table, std::ios::binary | std::ios::trunc) << bytes;
    auto e = error_of([&] { faq::Engine::open(dir); });
    CHECK(e.code() == ErrorCode::corrupt_index);
    CHECK(std::string(e.what()).find("postlist.glass") != std::string::npos);
  }
  SUBCASE("touched but unchanged: still opens") {
    fs::last_write_time(table, fs::file_time_type::clock::now());
    CHECK(first_id(faq::Engine::open(dir), "green tea") == "tea");
  }
  SUBCASE("truncated") {
    fs::resize_file(table, fs::file_size(table) / 2);
    CHECK(error_of([&] { faq::read_index_info(dir); }).code() == ErrorCode::corrupt_index);
  }
  SUBCASE("manifest missing") {
    fs::remove(gen / faq::index::kManifestName);
    CHECK(error_of([&] { faq::Engine::open(dir); }).code() == ErrorCode::corrupt_index);
  }
  // A rebuild replaces the damaged generation.
  CHECK_NOTHROW(faq::build_index(sample(), dir));
  CHECK(first_id(faq::Engine::open(dir), "green tea") == "tea");
}

TEST_CASE("bad passages are refused") {
  TempDir t("badpassages");
  std::string dir = t.str("kb");
  IndexWriter w = IndexWriter::create(dir);
  CHECK(error_of([&] { w.add(passage("", "Q?", "A.")); }).code() == ErrorCode::invalid_argument);
  CHECK(error_of([&] { w.add(passage("x", "Q?", "")); }).code() == ErrorCode::invalid_argument);

  auto e = error_of([&] { w.add(passage("u1", "Q?", std::string("bad \xFF answer"))); });
  CHECK(e.code() == ErrorCode::invalid_utf8);
  CHECK(std::string(e.what()).find("answer") != std::string::npos);
  CHECK(std::string(e.what()).find("byte 4") != std::string::npos);
  CHECK(error_of([&] { w.add(passage("u2", std::string("Q\xC3?"), "A.")); }).code() == ErrorCode::invalid_utf8);
  CHECK(error_of([&] { w.add(passage("u3", "Q?", "A.", std::string("T\x80"))); }).code() ==
        ErrorCode::invalid_utf8);
  CHECK(error_of([&] { w.add(passage(std::string("id\xFE"), "Q?", "A.")); }).code() == ErrorCode::invalid_utf8);
  Passage h = passage("u4", "Q?", "A.");
  h.headings = {"ok", std::string("bad\xFF")};
  CHECK(error_of([&] { w.add(h); }).code() == ErrorCode::invalid_utf8);
  Passage alt = passage("u5", "Q?", "A.");
  alt.alternates = {std::string("\xC0\xAF")};
  CHECK(error_of([&] { w.add(alt); }).code() == ErrorCode::invalid_utf8);
  CHECK(w.size() == 0);  // none of them was added

  CHECK(error_of([&] { faq::build_index({passage("", "Q?", "A.")}, t.str("kb2")); }).code() ==
        ErrorCode::invalid_argument);
  CHECK_FALSE(fs::exists(fs::path(t.str("kb2")) / "XAPIANDB"));
}

TEST_CASE("passages over max_passage_bytes: too_large") {
  TempDir t("toolarge");
  faq::BuildOptions o;
  o.max_passage_bytes = 100;
  IndexWriter w = IndexWriter::create(t.str("kb"), o);
  CHECK(error_of([&] { w.add(passage("big", "Q?", std::string(200, 'a'))); }).code() == ErrorCode::too_large);
  CHECK_NOTHROW(w.add(passage("small", "Q?", std::string(50, 'a'))));
  CHECK(w.size() == 1);
}

TEST_CASE("tags and language are stored and filterable") {
  TempDir t("tags");
  std::string dir = t.str("kb");
  auto ps = sample();
  ps[0].tags = {"Birds"};
  ps[1].tags = {"geology"};
  faq::build_index(ps, dir);
  faq::Engine e = faq::Engine::open(dir);
  faq::AskOptions o;
  o.filters["tag"] = "birds";  // tags are normalized
  faq::Result r = e.ask("where do penguins live, what causes a volcano", o);
  CHECK(ids(r) == std::vector<std::string>{"penguin"});
  o.filters["tag"] = "geology";
  r = e.ask("where do penguins live, what causes a volcano", o);
  CHECK(ids(r) == std::vector<std::string>{"volcano"});
  faq::AskOptions lang;
  lang.filters["lang"] = "en";
  CHECK(e.ask("green tea", lang).answers.size() >= 1);
  lang.filters["lang"] = "ja";
  CHECK(e.ask("green tea", lang).answers.empty());
}

TEST_CASE("the corpus language is detected from its script") {
  TempDir t("lang");
  std::vector<Passage> ps = {
      passage("ja1", "\xE5\x9B\xBD\xE6\xB0\x91\xE5\xB9\xB4\xE9\x87\x91\xE3\x81\xAE\xE5\x85\x8D\xE9\x99\xA4"
                     "\xE7\x94\xB3\xE8\xAB\x8B\xE3\x81\xAF\xE3\x81\xA9\xE3\x81\x93\xE3\x81\xA7\xE3\x81\x99"
                     "\xE3\x81\x8B\xEF\xBC\x9F",  // 国民年金の免除申請はどこですか？
              "\xE5\xB8\x82\xE5\xBD\xB9\xE6\x89\x80\xE3\x81\xAE\xE7\xAA\x93\xE5\x8F\xA3\xE3\x81\xA7"
              "\xE7\x94\xB3\xE8\xAB\x8B\xE3\x81\x97\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95"
              "\xE3\x81\x84\xE3\x80\x82"),  // 市役所の窓口で申請してください。
  };
  faq::IndexInfo info = faq::build_index(ps, t.str("kb"));
  CHECK(info.lang == "ja");
  faq::Engine e = faq::Engine::open(t.str("kb"));
  // 年金の免除 (pension exemption)
  CHECK(first_id(e, "\xE5\xB9\xB4\xE9\x87\x91\xE3\x81\xAE\xE5\x85\x8D\xE9\x99\xA4") == "ja1");
  faq::BuildOptions o;
  o.lang = "fr";
  CHECK(faq::build_index(sample(), t.str("kb2"), o).lang == "fr");
  // A writer detects it too (from the first passages it writes), and an
  // update keeps the index's language.
  {
    IndexWriter w = IndexWriter::create(t.str("kb3"));
    w.add(ps[0]);
    CHECK(w.commit().lang == "ja");
  }
  IndexWriter u = IndexWriter::update(t.str("kb3"));
  u.add(passage("en1", "Where is the office?", "The office is in the town hall."));
  CHECK(u.commit().lang == "ja");
  CHECK(faq::build_index(sample(), t.str("kb4")).lang == "en");
}

TEST_CASE("synonyms: a question's phrase also asks for its synonyms, one way or both") {
  TempDir t("synonyms");
  std::string dir = t.str("kb");
  faq::BuildOptions opts;
  opts.synonyms = {{"fire mountain", "volcano", "syn.txt:1"},
                   {"cuppa", "tea", "syn.txt:2"},
                   {"tea", "cuppa", "syn.txt:2"}};
  faq::build_index(sample(), dir, opts);
  faq::Engine e = faq::Engine::open(dir);
  // Neither "fire", "mountain", "blow" nor "cuppa" is in any passage.
  faq::Result r = e.ask("What makes a Fire Mountain blow?");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "volcano");
  r = e.ask("How is a cuppa made?");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "tea");
  CHECK(r.status == faq::Status::answer);
  r = e.ask("cuppa");
  REQUIRE_FALSE(r.answers.empty());
  CHECK(r.answers[0].id == "tea");
  CHECK(r.unmatched.empty());  // known through its synonym, not a typo
  CHECK(r.corrected.empty());
  // Without the synonyms: nothing of these is known.
  std::string plain = t.str("plain");
  faq::build_index(sample(), plain);
  faq::Engine p = faq::Engine::open(plain);
  CHECK(first_id(p, "What makes a Fire Mountain blow?") != "volcano");
  r = p.ask("cuppa");
  CHECK(r.answers.empty());
  CHECK(r.unmatched == std::vector<std::string>{"cuppa"});
}

TEST_CASE("synonyms survive updates and are written once whatever the thread count") {
  TempDir t("synonyms2");
  for (unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    std::string dir = t.str("kb" + std::to_string(threads));
    faq::BuildOptions opts;
    opts.threads = threads;
    opts.synonyms = {{"fire mountain", "volcano", ""}};
    faq::build_index(sample(), dir, opts);
    {
      IndexWriter w = IndexWriter::update(dir);  // adds only: the generation is merged as it is
      w.add(passage("glacier", "How do glaciers move?", "Glaciers flow slowly downhill.", "Glaciers"));
      w.commit();
    }
    CHECK(first_id(faq::Engine::open(dir), "why does a fire mountain erupt") == "volcano");
    {
      faq::BuildOptions more;
      more.synonyms = {{"ice river", "glacier", ""}};
      IndexWriter w = IndexWriter::update(dir, more);  // removes: the rest is written again
      CHECK(w.remove("tea"));
      faq::IndexInfo info = w.commit();
      Xapian::Database db(faq::index::generation_path(dir, info.generation));
      std::vector<std::string> keys(db.synonym_keys_begin(), db.synonym_keys_end());
      CHECK(keys == std::vector<std::string>{"fire mountain", "ice river"});
      CHECK(std::distance(db.synonyms_begin("fire mountain"), db.synonyms_end("fire mountain")) == 1);
    }
    faq::Engine e = faq::Engine::open(dir);
    CHECK(first_id(e, "why does a fire mountain erupt") == "volcano");
    CHECK(first_id(e, "how does an ice river move") == "glacier");
  }
}

TEST_CASE("a synonym without words to match fails the commit, naming where it came from") {
  TempDir t("synonyms3");
  std::string dir = t.str("kb");
  uint64_t g = faq::build_index(sample(), dir).generation;
  for (const char* bad : {"the", "", "red orange yellow green blue indigo violet black white"}) {
    CAPTURE(bad);
    faq::BuildOptions opts;
    opts.synonyms = {{"volcano", bad, "syn.txt:7"}};
    faq::Error err = error_of([&] { faq::build_index(sample(), dir, opts); });
    CHECK(err.code() == ErrorCode::invalid_argument);
    CHECK(std::string(err.what()).rfind("syn.txt:7: synonym \"", 0) == 0);
    CHECK(faq::read_index_info(dir).generation == g);  // the index is as it was
  }
  faq::BuildOptions opts;
  opts.synonyms = {{"volcano", "fire \xC3(", "syn.txt:8"}};
  CHECK(error_of([&] { faq::build_index(sample(), dir, opts); }).code() == ErrorCode::invalid_utf8);
  CHECK(first_id(faq::Engine::open(dir), "where do penguins live") == "penguin");
}

TEST_CASE("the rank-value cache gives what the value stream holds, and stops growing at its cap") {
  TempDir dir("rank_value_cache");
  std::vector<faq::Passage> ps;
  for (int i = 0; i < 40; ++i) {
    faq::Passage p;
    p.id = "p" + std::to_string(i);
    p.question = "How is question number " + std::to_string(i) + " answered?";
    p.answer = "By answer " + std::to_string(i) + ".";
    ps.push_back(p);
  }
  faq::build_index(ps, dir.str());
  Xapian::Database db = faq::index::open_for_reading(dir.str());
  std::vector<Xapian::docid> docids = {7, 1, 40, 3, 7, 41, 12};  // a repeat and one past the end
  const std::vector<std::string> truth = faq::search::read_values(db, faq::index::kSlotRank, docids);
  CHECK(truth[5].empty());

  faq::search::RankValueCache all;
  for (int round = 0; round < 2; ++round) {  // read, then from memory
    std::vector<std::string> scratch;
    std::vector<std::string_view> got = all.get(db, docids, scratch);
    REQUIRE(got.size() == docids.size());
    for (size_t i = 0; i < docids.size(); ++i) CHECK(got[i] == truth[i]);
  }
  CHECK(all.size() == 6);

  faq::search::RankValueCache small(200);  // room for one or two values
  std::vector<std::string> scratch;
  std::vector<std::string_view> got = small.get(db, docids, scratch);
  for (size_t i = 0; i < docids.size(); ++i) CHECK(got[i] == truth[i]);
  CHECK(small.bytes() <= 200);
  CHECK(small.size() < 6);
}

