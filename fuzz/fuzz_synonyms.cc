// Fuzzes synonym files: faq::parse_synonyms on arbitrary bytes; when they
// parse into a few rules, an index of the seed text is built with them and
// asked each rule's phrase. Only faq::Error may leave the parser and the
// writer (never ErrorCode::internal), and a built index must answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "fuzz_common.h"

namespace {
std::string dir;
std::vector<faq::Passage> passages;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  dir = faq_fuzz::temp_dir("synonyms");
  passages = faq::read_path(std::string(FAQ_SOURCE_DIR) + "/tests/fixtures/ingest/seed.txt");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<faq::Synonym> rules;
  try {
    rules = faq::parse_synonyms(text, "fuzz.txt");
  } catch (const faq::Error& e) {
    if (e.code() == faq::ErrorCode::internal) __builtin_trap();
    return 0;
  }
  if (rules.empty() || rules.size() > 16) return 0;
  faq::BuildOptions options;
  options.synonyms = rules;
  options.threads = 1;
  try {
    faq::build_index(passages, dir + "/kb", options);
  } catch (const faq::Error& e) {
    if (e.code() == faq::ErrorCode::internal) __builtin_trap();
    return 0;
  }
  faq::Engine engine = faq::Engine::open(dir + "/kb");
  for (const faq::Synonym& s : rules) {
    try {
      (void)engine.ask(s.phrase);
    } catch (const faq::Error& e) {
      if (e.code() == faq::ErrorCode::internal) __builtin_trap();
    }
  }
  return 0;
}
