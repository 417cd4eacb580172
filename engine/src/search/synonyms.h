// search/synonyms.h — the index's synonyms (Xapian's synonym table), held in
// memory by each searcher.
//
// A key is a phrase's content terms joined by single spaces ("get rid"), as
// the index writer stored it; its values are the phrases a question with the
// key also asks for ("delet"). See faq::Synonym.
#ifndef FAQ_SEARCH_SYNONYMS_H
#define FAQ_SEARCH_SYNONYMS_H

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faq::search {

class Synonyms {
 public:
  Synonyms() = default;
  // Reads every key of `db`'s synonym table (none: an empty map, at no cost).
  explicit Synonyms(const Xapian::Database& db);

  bool empty() const { return map_.empty(); }
  // Terms in the longest key.
  size_t max_terms() const { return max_terms_; }
  // The values of `key` (terms joined by spaces), or nullptr.
  const std::vector<std::string>* find(const std::string& key) const;

 private:
  std::unordered_map<std::string, std::vector<std::string>> map_;
  size_t max_terms_ = 0;
};

// The terms of a key or value: its space-separated parts.
std::vector<std::string_view> split_terms(std::string_view phrase);

}  // namespace faq::search

#endif  // FAQ_SEARCH_SYNONYMS_H
