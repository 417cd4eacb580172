#include "search/term_stats.h"

#include <algorithm>
#include <cmath>

namespace faq::search {

TermStats::TermStats(const Xapian::Database& db) : db_(db), n_docs_(std::max<double>(1, db.get_doccount())) {}

const TermStats::Entry& TermStats::lookup(const std::string& term) {
  if (auto it = cache_.find(term); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxEntries) cache_.clear();
  Xapian::doccount tf = db_.get_termfreq(term);
  Entry e{tf, std::log((n_docs_ + 1) / std::max(1.0, static_cast<double>(tf))), std::log1p(static_cast<double>(tf))};
  return cache_.emplace(term, e).first->second;
}

void TermStats::prefetch(std::vector<std::string_view>& terms) {
  // Most terms are remembered already: only the others are sorted.
  std::string key;
  size_t unknown = 0;
  for (std::string_view t : terms) {
    key.assign(t);
    if (!cache_.count(key)) terms[unknown++] = t;
  }
  terms.resize(unknown);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  for (std::string_view t : terms) {
    key.assign(t);
    lookup(key);
  }
}

const std::string& TermStats::suggestion(const std::string& word, unsigned max_edits) {
  key_.assign(1, static_cast<char>('0' + std::min(max_edits, 9u)));
  key_ += word;
  if (auto it = suggestions_.find(key_); it != suggestions_.end()) return it->second;
  if (suggestions_.size() >= kMaxEntries) suggestions_.clear();
  return suggestions_.emplace(key_, db_.get_spelling_suggestion(word, max_edits)).first->second;
}

}  // namespace faq::search
