// fuzz/fuzz_common.h — shared by the fuzz targets: a small index built once
// per process from tests/fixtures/ingest/seed.txt in a temporary directory.
#ifndef FAQ_FUZZ_COMMON_H
#define FAQ_FUZZ_COMMON_H

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "faq/index.h"
#include "faq/ingest.h"

namespace faq_fuzz {

namespace fs = std::filesystem;

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh temporary directory removed at exit.
inline std::string temp_dir(const char* tag) {
  std::string templ = (fs::temp_directory_path() / (std::string("faq-fuzz-") + tag + ".XXXXXX")).string();
  if (!::mkdtemp(templ.data())) {
    std::perror("mkdtemp");
    std::abort();
  }
  static std::string* dirs[8];
  static int n = 0;
  if (n < 8) dirs[n++] = new std::string(templ);
  static bool registered = false;
  if (!registered) {
    registered = true;
    std::atexit([] {
      std::error_code ec;
      for (int i = 0; i < n; ++i) fs::remove_all(*dirs[i], ec);
    });
  }
  return templ;
}

// Builds the seed index into `dir` (…/kb); returns the index path.
inline std::string build_seed_index(const std::string& dir) {
  std::string kb = dir + "/kb";
  try {
    auto passages = faq::read_path(std::string(FAQ_SOURCE_DIR) + "/tests/fixtures/ingest/seed.txt");
    faq::build_index(passages, kb);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: cannot build the seed index: %s\n", e.what());
    std::abort();
  }
  return kb;
}

}  // namespace faq_fuzz

#endif  // FAQ_FUZZ_COMMON_H
