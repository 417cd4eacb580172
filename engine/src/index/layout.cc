#include "index/layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "faq/error.h"
#include "faq/index.h"
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

}  // namespace

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

Xapian::Database open_for_reading(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(ErrorCode::not_found, dir + ": no such index");
  if (!fs::exists(stub_path(dir), ec))
    throw Error(ErrorCode::not_found,
                dir + ": not a faq index (no " + kStubName + "); build one with `faq index`");
  Xapian::Database db;
  try {
    // Open the generation the stub names, not the stub itself: a stub may name
    // remote databases or programs ("remote :prog ..."), and an index
    // directory from elsewhere must never make us run anything.
    uint64_t gen = current_generation(dir);
    if (gen == 0)
      throw Error(ErrorCode::corrupt_index, stub_path(dir) + ": not a faq index stub (expected \"auto gen-N\")");
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
    // Every passage stores its data; glass treats a missing docdata table as
    // an empty one, which would answer with blank passages. One document
    // tells.
    Xapian::PostingIterator first = db.postlist_begin("");
    if (first != db.postlist_end("")) data_missing = db.get_document(*first).get_data().empty();
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
