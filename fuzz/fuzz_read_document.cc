// Fuzzes one document reader: faq::read_document(bytes, FAQ_FUZZ_FORMAT),
// with and without skip_bad. Only faq::Error may leave it; anything else
// (another exception, a crash, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "faq/error.h"
#include "faq/ingest.h"

#ifndef FAQ_FUZZ_FORMAT
#error "define FAQ_FUZZ_FORMAT to one of text markdown json jsonl csv tsv"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  for (bool skip_bad : {false, true}) {
    faq::IngestOptions options;
    options.skip_bad = skip_bad;
    options.max_file_bytes = 1 << 20;
    faq::IngestReport report;
    try {
      auto passages = faq::read_document(content, "fuzz.in", faq::Format::FAQ_FUZZ_FORMAT, options, &report);
      for (const auto& p : passages)
        if (p.id.empty() || p.answer.empty()) __builtin_trap();  // readers never yield these
    } catch (const faq::Error&) {
      if (skip_bad && size <= options.max_file_bytes) {
        // Under skip_bad a reader reports instead of throwing.
        __builtin_trap();
      }
    }
  }
  return 0;
}
