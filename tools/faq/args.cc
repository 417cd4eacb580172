#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "faq/error.h"
#include "faq/ingest.h"
#include "faq/index.h"

namespace faq::cli {

Args::Args(int argc, char** argv, std::vector<std::string> flags) {
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (!options_done && a == "--") {
      options_done = true;  // everything after "--" is positional, e.g. "-5 degrees?"
      continue;
    }
    if (!options_done && a.size() > 1 && a[0] == '-' && a != "-") {
      std::string name = a.substr(a[1] == '-' ? 2 : 1);
      std::string value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (std::find(flags.begin(), flags.end(), name) == flags.end()) {
        if (i + 1 >= argc) {
          missing_value_ = name;  // reported by unknown(), after unknown options
          continue;
        }
        value = argv[++i];
      }
      values_.emplace(name, value);
    } else {
      positional_.push_back(a);
    }
  }
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

int Args::get_int(const std::string& name, int fallback) const {
  if (!has(name)) return fallback;
  std::string v = get(name);
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < -1000000000L || n > 1000000000L)
    throw UsageError("option --" + name + " needs a whole number, got \"" + v + "\"");
  return static_cast<int>(n);
}

double Args::get_double(const std::string& name, double fallback, double lo, double hi) const {
  if (!has(name)) return fallback;
  std::string v = get(name);
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(x >= lo && x <= hi)) {
    char range[64];
    std::snprintf(range, sizeof range, "%g to %g", lo, hi);
    throw UsageError("option --" + name + " needs a number from " + range + ", got \"" + v + "\"");
  }
  return x;
}

std::vector<std::string> Args::unknown(const std::vector<std::string>& known) const {
  std::vector<std::string> out;
  for (const auto& [name, value] : values_)
    if (std::find(known.begin(), known.end(), name) == known.end()) out.push_back(name);
  if (!missing_value_.empty() && std::find(known.begin(), known.end(), missing_value_) == known.end())
    out.push_back(missing_value_);
  if (out.empty() && !missing_value_.empty()) throw UsageError("option --" + missing_value_ + " needs a value");
  return out;
}

namespace {

// Where the shipped corpus is: the source tree this binary was built from, or
// PREFIX/share/faq/corpus beside an installed binary.
std::filesystem::path default_corpus() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(FAQ_DEFAULT_CORPUS, ec)) return FAQ_DEFAULT_CORPUS;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "faq" / "corpus";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return FAQ_DEFAULT_CORPUS;
}

}  // namespace

std::string default_index_path() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("FAQ_INDEX"); env && *env) return env;
  if (default_corpus() == fs::path(FAQ_DEFAULT_CORPUS)) return FAQ_DEFAULT_INDEX;
  // An installed binary keeps its knowledge base in the user's cache.
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  return (cache && *cache ? fs::path(cache) / "faq" / "kb"
                          : fs::path(home && *home ? home : "/tmp") / ".cache" / "faq" / "kb")
      .string();
}

std::string default_index() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("FAQ_INDEX"); env && *env) return env;
  fs::path corpus = default_corpus();
  fs::path dir = default_index_path();
  std::error_code ec;
  bool usable = false;
  if (fs::exists(dir / "XAPIANDB", ec)) {
    try {
      read_index_info(dir.string());
      usable = true;
    } catch (const Error& e) {
      // Built by another version of faq, or damaged: the default knowledge
      // base is only a cache of the shipped corpus, rebuilt (atomically, as
      // always) with a word about why.
      if (e.code() != ErrorCode::version_mismatch && e.code() != ErrorCode::corrupt_index) throw;
      std::cerr << "faq: " << e.what() << "\n";
    }
  }
  if (!usable) {
    std::cerr << "faq: building the default knowledge base from " << corpus.string() << " into "
              << dir.string() << " ...\n";
    build_index(read_path(corpus.string()), dir.string());
  }
  return dir.string();
}

void apply_settings(const Args& args, RankParams& params) {
  for (const std::string& s : args.all("set")) {
    auto eq = s.find('=');
    if (eq == std::string::npos) throw UsageError("--set needs name=value, got \"" + s + "\"");
    char* end = nullptr;
    double v = std::strtod(s.c_str() + eq + 1, &end);
    if (*end != '\0' || !params.set(s.substr(0, eq), v))
      throw UsageError("--set: unknown setting or bad value \"" + s + "\"");
  }
}

}  // namespace faq::cli
