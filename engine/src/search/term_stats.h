// search/term_stats.h — document frequencies of an index's terms, and its
// spelling suggestions, remembered.
//
// Each Xapian::Database::get_termfreq walks the postlist table's B-tree and
// reads its blocks again (a pread each, into a small per-table cursor), a
// good share of a short question's time. Questions repeat their words, and
// the candidates' titles and headings repeat from question to question: a
// searcher keeps their frequencies here. A spelling suggestion costs more
// still (Xapian scans the spelling table's trigrams of the word), and the
// words an index lacks recur too ("mails", "pls").
#ifndef FAQ_SEARCH_TERM_STATS_H
#define FAQ_SEARCH_TERM_STATS_H

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faq::search {

// Valid as long as `db` is not reopened (a searcher is made anew for each
// generation of the index); not thread-safe (one per searcher).
class TermStats {
 public:
  struct Entry {
    Xapian::doccount tf;  // passages with the term
    double idf;           // log((N + 1) / tf), tf at least 1
    double log_tf;        // log(1 + tf)
  };

  explicit TermStats(const Xapian::Database& db);
  const Entry& lookup(const std::string& term);
  Xapian::doccount termfreq(const std::string& term) { return lookup(term).tf; }
  // Looks up those of `terms` not remembered yet, in sorted order: Xapian's
  // cursor then reads each block of the table once, where lookups in any
  // order read the blocks of neighbouring terms again. Leaves in `terms`
  // the ones it looked up, sorted.
  void prefetch(std::vector<std::string_view>& terms);
  // Xapian's spelling suggestion for `word` within `max_edits` edits ("" if
  // none).
  const std::string& suggestion(const std::string& word, unsigned max_edits);

 private:
  static constexpr size_t kMaxEntries = 8192;  // per searcher; cleared when full
  const Xapian::Database& db_;
  double n_docs_;
  std::unordered_map<std::string, Entry> cache_;
  std::unordered_map<std::string, std::string> suggestions_;  // by max_edits, then the word
  std::string key_;
};

}  // namespace faq::search

#endif  // FAQ_SEARCH_TERM_STATS_H
