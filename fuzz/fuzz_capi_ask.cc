// Fuzzes faq_ask() through the C API (bindings/c/faq.h): a small index built
// once from tests/fixtures/ingest/seed.txt, the input as the question. The C
// API returns codes; nothing may crash or throw across it.
#include <cstddef>
#include <cstdint>

#include "faq.h"
#include "fuzz_common.h"

namespace {
faq_engine_t* kb = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string dir = faq_fuzz::build_seed_index(faq_fuzz::temp_dir("capi"));
  char* err = nullptr;
  if (faq_open(dir.c_str(), nullptr, &kb, &err) != 0) {
    std::fprintf(stderr, "faq_open: %s\n", err ? err : "?");
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  faq_result_t* result = nullptr;
  int rc = faq_ask(kb, reinterpret_cast<const char*>(data), size, nullptr, nullptr, &result);
  if (rc == 0) {
    size_t len = 0;
    const char* json = faq_result_json(result, &len);
    if (!json) __builtin_trap();
    (void)faq_result_count(result);
    (void)faq_result_status(result);
    faq_result_destroy(result);
  } else {
    if (result) __builtin_trap();  // failure stores NULL
    if (rc == 9) __builtin_trap();  // FAQ_INTERNAL: a bug
    (void)faq_engine_errmsg(kb);
  }
  return 0;
}
