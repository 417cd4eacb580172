// Fuzzes the ask path: faq::Engine::ask on arbitrary bytes against a small
// index built once from tests/fixtures/ingest/seed.txt. The first byte picks
// k (sometimes out of range) and whether a Session carries context; the rest
// is the question. Only faq::Error may leave ask().
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "faq/engine.h"
#include "faq/error.h"
#include "fuzz_common.h"

namespace {
std::unique_ptr<faq::Engine> engine;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string kb = faq_fuzz::build_seed_index(faq_fuzz::temp_dir("ask"));
  engine = std::make_unique<faq::Engine>(faq::Engine::open(kb));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t control = data[0];
  std::string_view question(reinterpret_cast<const char*>(data + 1), size - 1);
  faq::AskOptions options;
  options.k = control & 0x40 ? static_cast<int>(control & 0x3F) * 2 - 10 : 5;  // -10..116
  bool valid_k = options.k >= 1 && options.k <= 100;
  faq::Session session;
  for (int turn = 0; turn < (control & 0x80 ? 2 : 1); ++turn) {
    try {
      faq::Result r = engine->ask(question, options, control & 0x80 ? &session : nullptr);
      if (!valid_k) __builtin_trap();  // k out of range must be refused
      if (static_cast<int>(r.answers.size()) > options.k) __builtin_trap();
      (void)faq::to_json(r);
    } catch (const faq::Error& e) {
      if (e.code() == faq::ErrorCode::internal) __builtin_trap();
    }
  }
  return 0;
}
