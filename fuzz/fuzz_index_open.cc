// Fuzzes opening a damaged index. Engine::open, read_index_info and a first
// ask() must either work or throw faq::Error — never crash or throw anything
// else.
//   FAQ_FUZZ_INDEX_STUB=1  the input is the XAPIANDB stub file of an index
//                          directory that also holds a valid gen-1.
//   FAQ_FUZZ_INDEX_STUB=0  a valid small index (built once, from
//                          tests/fixtures/ingest/seed.txt); the first byte
//                          picks one file of its gen-1 glass database
//                          (iamglass, postlist.glass, ...), the rest replaces
//                          that file's content, which is restored afterwards.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "faq/engine.h"
#include "faq/error.h"
#include "faq/index.h"
#include "fuzz_common.h"

namespace {

namespace fs = std::filesystem;

std::string kb;
std::vector<std::pair<std::string, std::string>> files;  // gen-1 file -> pristine content

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void exercise() {
  try {
    (void)faq::read_index_info(kb);
  } catch (const faq::Error&) {
  }
  try {
    faq::Engine engine = faq::Engine::open(kb);
    (void)engine.info();
    (void)engine.ask("what causes hemifacial spasm?");
  } catch (const faq::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kb = faq_fuzz::build_seed_index(faq_fuzz::temp_dir(FAQ_FUZZ_INDEX_STUB ? "stub" : "table"));
  for (const auto& e : fs::directory_iterator(kb + "/gen-1"))
    if (e.is_regular_file()) files.emplace_back(e.path().string(), faq_fuzz::read_all(e.path().string()));
  std::sort(files.begin(), files.end());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
#if FAQ_FUZZ_INDEX_STUB
  // A stub may name remote databases ("remote :prog" runs a program) and any
  // path; keep the fuzzer off programs and devices that block.
  std::string lower(bytes);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c | 0x20; });
  for (const char* risky : {"remote", "/dev", "/proc", "/sys", "tcp", "prog"})
    if (lower.find(risky) != std::string::npos) return 0;
  write_file(kb + "/XAPIANDB", bytes);
  exercise();
#else
  if (size == 0) return 0;
  const auto& [path, pristine] = files[data[0] % files.size()];
  write_file(path, bytes.substr(1));
  exercise();
  write_file(path, pristine);
#endif
  return 0;
}
