// search/rank_values.h — the rank values of passages questions have ranked,
// kept in memory for every searcher of one generation of an index.
//
// The ranker reads each candidate's rank value (index::kSlotRank: its
// document, intents, title/question/heading terms) from Xapian's value
// stream, a pread of an 8 KB block for nearly every candidate: nearly half
// of a short question's preads, which took about a third of its time on a
// MedQuAD-sized index (search/term_stats.h has most of the rest). Questions
// to one knowledge base keep finding the same passages, so the values read
// once are kept, up to a memory cap, and shared by the searchers of the
// generation (a generation is never modified: a rebuild writes a new one,
// with a new cache).
#ifndef FAQ_SEARCH_RANK_VALUES_H
#define FAQ_SEARCH_RANK_VALUES_H

#include <xapian.h>

#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faq::search {

class RankValueCache {
 public:
  // Values stop being added once they and their bookkeeping take this much.
  static constexpr size_t kDefaultMaxBytes = size_t(16) << 20;

  explicit RankValueCache(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
  RankValueCache(const RankValueCache&) = delete;
  RankValueCache& operator=(const RankValueCache&) = delete;

  // The rank values of `docids` of `db` (same order; empty where a passage
  // has none). Views into the cache or into `scratch`, valid while both live.
  // Thread-safe; `db` must be the generation the cache was made for.
  std::vector<std::string_view> get(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                    std::vector<std::string>& scratch);

  size_t bytes() const;
  size_t size() const;

 private:
  // A value's share of the cap: its bytes and about what a hash map node costs.
  static size_t cost(const std::string& v) { return v.size() + 64; }

  mutable std::shared_mutex mu_;
  std::unordered_map<Xapian::docid, std::string> values_;  // never erased: views stay valid
  size_t bytes_ = 0;
  const size_t max_bytes_;
};

}  // namespace faq::search

#endif  // FAQ_SEARCH_RANK_VALUES_H
