#include "search/rank_values.h"

#include <mutex>

#include "index/schema.h"
#include "search/ranker.h"

namespace faq::search {

std::vector<std::string_view> RankValueCache::get(const Xapian::Database& db,
                                                  const std::vector<Xapian::docid>& docids,
                                                  std::vector<std::string>& scratch) {
  std::vector<std::string_view> out(docids.size());
  std::vector<Xapian::docid> missing;
  std::vector<size_t> missing_at;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    for (size_t i = 0; i < docids.size(); ++i) {
      auto it = values_.find(docids[i]);
      if (it != values_.end()) {
        out[i] = it->second;
      } else {
        missing.push_back(docids[i]);
        missing_at.push_back(i);
      }
    }
  }
  if (missing.empty()) return out;
  // Read outside the lock, in one walk of the value stream.
  scratch = read_values(db, index::kSlotRank, missing);
  std::unique_lock<std::shared_mutex> lock(mu_);
  for (size_t j = 0; j < missing.size(); ++j) {
    auto it = values_.find(missing[j]);  // another searcher may have read it meanwhile
    if (it == values_.end() && bytes_ + cost(scratch[j]) <= max_bytes_) {
      bytes_ += cost(scratch[j]);
      it = values_.emplace(missing[j], scratch[j]).first;
    }
    out[missing_at[j]] = it != values_.end() ? std::string_view(it->second) : std::string_view(scratch[j]);
  }
  return out;
}

size_t RankValueCache::bytes() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return bytes_;
}

size_t RankValueCache::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return values_.size();
}

}  // namespace faq::search
