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
    const std::string key = *k;
    std::vector<std::string>& values = map_[key];
    for (auto v = db.synonyms_begin(key); v != db.synonyms_end(key); ++v) values.push_back(*v);
    max_terms_ = std::max(max_terms_, split_terms(key).size());
  }
}

const std::vector<std::string>* Synonyms::find(const std::string& key) const {
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace faq::search
