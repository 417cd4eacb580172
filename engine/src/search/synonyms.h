// search/synonyms.h — which phrases have synonyms in an index (the keys of
// Xapian's synonym table), held in memory by each searcher so that a
// question's words are looked up in the table only when they start a key.
//
// A key is a phrase's content terms joined by single spaces ("get rid"), as
// the index writer stored it; its synonyms (Xapian::Database::synonyms_begin)
// are the phrases a question with the key also asks for ("delet"). See
// faq::Synonym.
#ifndef FAQ_SEARCH_SYNONYMS_H
#define FAQ_SEARCH_SYNONYMS_H

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace faq::search {

class Synonyms {
 public:
  Synonyms() = default;
  // Reads the keys of `db`'s synonym table (none: an empty set, at no cost).
  explicit Synonyms(const Xapian::Database& db);

  bool empty() const { return keys_.empty(); }
  // Terms in the longest key.
  size_t max_terms() const { return max_terms_; }
  bool is_key(const std::string& phrase) const { return keys_.count(phrase) > 0; }
  // Whether some key starts with `term`: a question's other terms are not
  // looked up as the start of a phrase.
  bool starts_with(const std::string& term) const { return first_terms_.count(term) > 0; }

 private:
  std::unordered_set<std::string> keys_;
  std::unordered_set<std::string> first_terms_;
  size_t max_terms_ = 0;
};

// The terms of a key or value: its space-separated parts.
std::vector<std::string_view> split_terms(std::string_view phrase);

}  // namespace faq::search

#endif  // FAQ_SEARCH_SYNONYMS_H
