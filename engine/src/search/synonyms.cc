#include "search/synonyms.h"

#include <algorithm>

namespace faq::search {

std::vector<std::string_view> split_terms(std::string_view phrase) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < phrase.size()) {
    size_t j = phrase.find(' ', i);
    if (j == std::string_view::npos) j = phrase.size();
    if (j > i) out.push_back(phrase.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

Synonyms::Synonyms(const Xapian::Database& db) {
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
    const std::string& key = *keys_.insert(*k).first;
    std::vector<std::string_view> terms = split_terms(key);
    if (!terms.empty()) first_terms_.emplace(terms[0]);
    max_terms_ = std::max(max_terms_, terms.size());
  }
}

}  // namespace faq::search
