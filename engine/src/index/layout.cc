#include "index/layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <vector>

#include "faq/error.h"
#include "faq/index.h"
#include "index/fnv1a.h"
#include "index/schema.h"
#include "text/analyzer.h"

namespace fs = std::filesystem;

namespace faq::index {
namespace {

void fsync_path(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

uint64_t parse_generation(const std::string& name) {
  if (name.rfind("gen-", 0) != 0 || name.size() <= 4) return 0;
  uint64_t g = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    g = g * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return g;
}

// 64-bit FNV-1a over the file's bytes; false when it cannot be read.
bool file_checksum(const fs::path& path, uint64_t& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  uint64_t h = kFnv1aStart;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h = fnv1a(std::string_view(buf.data(), static_cast<size_t>(in.gcount())), h);
  }
  if (in.bad()) return false;
  out = h;
  return true;
}

int64_t mtime_ns(const fs::path& path, std::error_code& ec) {
  auto t = fs::last_write_time(path, ec);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

void write_manifest(const std::string& gen_dir) {
  std::ostringstream out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(gen_dir, ec))
    if (e.is_regular_file(ec) && e.path().filename() != kManifestName) files.push_back(e.path());
  if (ec) throw Error(ErrorCode::io, gen_dir + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    uint64_t sum = 0;
    if (!file_checksum(f, sum)) throw Error(ErrorCode::io, f.string() + ": cannot read");
    auto size = fs::file_size(f, ec);
    int64_t mtime = mtime_ns(f, ec);
    if (ec) throw Error(ErrorCode::io, f.string() + ": " + ec.message());
    out << f.filename().string() << ' ' << size << ' ' << mtime << ' ' << std::hex << sum << std::dec << '\n';
  }
  std::string path = (fs::path(gen_dir) / kManifestName).string();
  {
    std::ofstream file(path, std::ios::trunc);
    file << out.str();
    file.flush();
    if (!file) throw Error(ErrorCode::io, path + ": cannot write: " + std::strerror(errno));
  }
  fsync_path(path);
  fsync_path(gen_dir);
}

void verify_generation(const std::string& gen_dir) {
  fs::path manifest = fs::path(gen_dir) / kManifestName;
  std::ifstream in(manifest);
  if (!in) throw Error(ErrorCode::corrupt_index, manifest.string() + ": missing; rebuild the index");
  std::string line;
  int lineno = 0;
  size_t entries = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::istringstream fields(line);
    std::string name;
    uintmax_t size = 0;
    int64_t mtime = 0;
    uint64_t sum = 0;
    if (!(fields >> name >> size >> mtime >> std::hex >> sum) || name.find('/') != std::string::npos ||
        name == "..")
      throw Error(ErrorCode::corrupt_index,
                  manifest.string() + ":" + std::to_string(lineno) + ": damaged; rebuild the index");
    ++entries;
    fs::path f = fs::path(gen_dir) / name;
    std::error_code ec;
    auto actual_size = fs::file_size(f, ec);
    if (ec) throw Error(ErrorCode::corrupt_index, f.string() + ": missing; rebuild the index");
    if (actual_size != size)
      throw Error(ErrorCode::corrupt_index, f.string() + ": " + std::to_string(actual_size) + " bytes, " +
                                                std::to_string(size) + " when written; rebuild the index");
    int64_t now = mtime_ns(f, ec);
    if (now == mtime && !ec) continue;  // untouched since it was written
    // Touched (or copied without its times): read it whole, once per process
    // while it stays as it is now, not for every searcher opened on it.
    static std::mutex mu;
    static std::set<std::string> checked;  // "path size mtime" of files found intact
    std::string key = f.string() + ' ' + std::to_string(actual_size) + ' ' + std::to_string(now);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (checked.count(key)) continue;
    }
    uint64_t actual = 0;
    if (!file_checksum(f, actual) || actual != sum)
      throw Error(ErrorCode::corrupt_index, f.string() + ": changed since it was written; rebuild the index");
    std::lock_guard<std::mutex> lock(mu);
    if (checked.size() > 1000) checked.clear();
    checked.insert(std::move(key));
  }
  if (entries == 0) throw Error(ErrorCode::corrupt_index, manifest.string() + ": empty; rebuild the index");
}

std::string stub_path(const std::string& dir) { return (fs::path(dir) / kStubName).string(); }

std::string generation_path(const std::string& dir, uint64_t gen) {
  return (fs::path(dir) / ("gen-" + std::to_string(gen))).string();
}

uint64_t current_generation(const std::string& dir) {
  std::ifstream in(stub_path(dir));
  if (!in) return 0;
  std::string kind, target;
  in >> kind >> target;
  if (kind != "auto" && kind != "glass") return 0;  // only stubs this engine writes
  return parse_generation(target);
}

uint64_t newest_generation_on_disk(const std::string& dir) {
  uint64_t newest = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    newest = std::max(newest, parse_generation(e.path().filename().string()));
  return newest;
}

void publish_generation(const std::string& dir, uint64_t gen) {
  std::string tmp = stub_path(dir) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto gen-" << gen << "\n";
    out.flush();
    if (!out) throw Error(ErrorCode::io, tmp + ": cannot write: " + std::strerror(errno));
  }
  fsync_path(tmp);
  if (std::rename(tmp.c_str(), stub_path(dir).c_str()) != 0)
    throw Error(ErrorCode::io, stub_path(dir) + ": cannot replace: " + std::strerror(errno));
  fsync_path(dir);
}

void remove_stale_generations(const std::string& dir, uint64_t keep_a, uint64_t keep_b) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    uint64_t g = parse_generation(name);
    bool unfinished = name.rfind("gen-", 0) == 0 && name.size() > 6 &&
                      name.compare(name.size() - 6, 6, ".build") == 0;
    if (unfinished || (g != 0 && g != keep_a && g != keep_b)) fs::remove_all(e.path(), ec);
  }
}

namespace {

// Opens generation `gen` of `dir` (named by the stub a moment ago).
Xapian::Database open_generation(const std::string& dir, uint64_t gen) {
  Xapian::Database db;
  try {
    // Open the generation the stub names, not the stub itself: a stub may name
    // remote databases or programs ("remote :prog ..."), and an index
    // directory from elsewhere must never make us run anything.
    if (gen == 0)
      throw Error(ErrorCode::corrupt_index, stub_path(dir) + ": not a faq index stub (expected \"auto gen-N\")");
    verify_generation(generation_path(dir, gen));
    db = Xapian::Database(generation_path(dir, gen), Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseVersionError& e) {
    throw Error(ErrorCode::version_mismatch, dir + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::corrupt_index, dir + ": cannot open index: " + e.get_description());
  }
  std::string format, analysis;
  bool data_missing = false;
  try {
    format = db.get_metadata(kMetaFormat);
    analysis = db.get_metadata(kMetaAnalysis);
    // Every passage stores itself (kSlotPassage); a damaged index could
    // answer with blank passages. One document tells.
    Xapian::PostingIterator first = db.postlist_begin("");
    if (first != db.postlist_end(""))
      data_missing = db.get_document(*first).get_value(kSlotPassage).empty();
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::corrupt_index, dir + ": cannot read index metadata: " +
                                              e.get_description());
  }
  if (format.empty())
    throw Error(ErrorCode::corrupt_index, dir + ": not a faq index (no format version)");
  if (format != std::to_string(kIndexFormatVersion))
    throw Error(ErrorCode::version_mismatch,
                dir + ": index format version " + format + ", this engine reads version " +
                    std::to_string(kIndexFormatVersion) + "; rebuild the index");
  if (data_missing)
    throw Error(ErrorCode::corrupt_index, dir + ": index is damaged (passage data missing); rebuild the index");
  if (analysis != text::kAnalysisId)
    throw Error(ErrorCode::version_mismatch, dir + ": index built with analysis '" + analysis +
                                                 "', this engine uses '" + text::kAnalysisId +
                                                 "'; rebuild the index");
  return db;
}

}  // namespace

Xapian::Database open_for_reading(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(ErrorCode::not_found, dir + ": no such index");
  if (!fs::exists(stub_path(dir), ec))
    throw Error(ErrorCode::not_found,
                dir + ": not a faq index (no " + kStubName + "); build one with `faq index`");
  for (int attempt = 0;; ++attempt) {
    uint64_t gen = current_generation(dir);
    try {
      return open_generation(dir, gen);
    } catch (const Error&) {
      // A writer may have published a newer generation, and removed this
      // one, between our reading the stub and opening what it named: read
      // the stub again. Damage stays damage: the stub has not moved then.
      if (attempt < 5 && current_generation(dir) != gen) continue;
      throw;
    }
  }
}

WriterLock::WriterLock(const std::string& dir) {
  std::string path = (fs::path(dir) / ".lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(ErrorCode::io, path + ": cannot open: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw Error(ErrorCode::busy, dir + ": another writer is updating this index");
  }
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace faq::index
