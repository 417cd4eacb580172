// index/layout.h — the on-disk layout of an index directory.
//
//   DIR/XAPIANDB     Xapian stub file naming the current generation ("auto gen-7")
//   DIR/gen-7/       a complete Xapian (glass) database, plus
//   DIR/gen-7/MANIFEST  each file's size, modification time and checksum
//   DIR/gen-8.build/ a writer's work in progress, compacted into gen-8 at commit
//   DIR/.lock        held (flock) by the one writer
//
// A generation is written completely and synced before the stub is replaced
// by rename(2), which is atomic: readers and crashes see old or new, never
// half of one.
#ifndef FAQ_INDEX_LAYOUT_H
#define FAQ_INDEX_LAYOUT_H

#include <xapian.h>

#include <cstdint>
#include <string>

namespace faq::index {

inline constexpr const char* kStubName = "XAPIANDB";

// The stub file of an index directory.
std::string stub_path(const std::string& dir);

// The generation the stub names, or 0 when `dir` holds no index.
uint64_t current_generation(const std::string& dir);

// Directory name of generation `gen` inside `dir`.
std::string generation_path(const std::string& dir, uint64_t gen);

// The largest generation present on disk (committed or not), or 0.
uint64_t newest_generation_on_disk(const std::string& dir);

// Atomically points the stub at generation `gen`.
void publish_generation(const std::string& dir, uint64_t gen);

// Removes generation directories other than `keep_a` and `keep_b`
// (superseded generations, unfinished ones of crashed writers) and every
// writer's work directory. Call it only while holding the WriterLock.
void remove_stale_generations(const std::string& dir, uint64_t keep_a, uint64_t keep_b);

inline constexpr const char* kManifestName = "MANIFEST";

// Records the files of a finished generation directory in its MANIFEST
// (and syncs it). Called by the writer before the generation is published.
void write_manifest(const std::string& gen_dir);

// Checks a generation directory against its MANIFEST: every file present
// with its size; a file whose modification time changed since is read whole
// and must match its checksum. Xapian's glass tables carry no checksums, and
// Xapian may read damaged blocks out of bounds: damage must be caught here.
// (Damage that keeps a file's size and time, such as bit rot, is not seen.)
// Throws faq::Error(corrupt_index) naming the file.
void verify_generation(const std::string& gen_dir);

// Opens the current generation for reading, checking its manifest, format
// and analysis. Throws faq::Error(not_found / corrupt_index / version_mismatch).
Xapian::Database open_for_reading(const std::string& dir);

// An exclusive advisory lock on DIR/.lock, released on destruction.
class WriterLock {
 public:
  explicit WriterLock(const std::string& dir);  // throws faq::Error(busy / io)
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace faq::index

#endif  // FAQ_INDEX_LAYOUT_H
