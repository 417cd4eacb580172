// tools/faq/bench_subjects.h — the engines `faq bench` compares.
//
// Each subject builds its own index from the same parsed passages and answers
// the same raw question text with the ids of its top 10 passages. The faq
// engine is measured through its public API; the peers are set up as a user
// would set them up (see ../shared/eval/peers):
//   fts5    SQLite FTS5, table (id UNINDEXED, title, question, answer),
//           tokenize 'porter unicode61 remove_diacritics 2', the question's
//           words quoted and OR-ed, ORDER BY rank (bm25) LIMIT 10
//   xapian  TermGenerator + QueryParser, English stemmer, BM25, OR, one text
//           field (title, question, answer with a position gap between them)
#ifndef FAQ_TOOLS_BENCH_SUBJECTS_H
#define FAQ_TOOLS_BENCH_SUBJECTS_H

#include <memory>
#include <string>
#include <vector>

#include "faq/passage.h"

namespace faq::cli::bench {

constexpr int kTopK = 10;

// Answers questions on one thread; each thread gets its own.
class Searcher {
 public:
  virtual ~Searcher() = default;
  // Fills `ids` with the ids of the best passages, best first (at most kTopK).
  virtual void search(const std::string& question, std::vector<std::string>& ids) = 0;
};

class Subject {
 public:
  virtual ~Subject() = default;
  // Builds the index at `path` (a directory that does not exist yet).
  virtual void build(const std::vector<Passage>& passages, const std::string& path) = 0;
  // Opens the index built at `path`; called once, before any searcher().
  virtual void open(const std::string& path) = 0;
  // A searcher with its own handle (database connection) for one thread.
  virtual std::unique_ptr<Searcher> searcher() = 0;
};

struct SubjectOptions {
  bool cjk = false;       // Xapian's CJK n-grams (as XAPIAN_CJK=1 does for the eval peers)
  // What the faq engine returns: "ids" of the ranked passages (as the peers
  // do), their stored "passages" too, or "snippets" as well (what `faq
  // serve` pays).
  std::string answers = "ids";
};

// "faq", "fts5" or "xapian"; nullptr for another name. Each subject uses the
// options that concern it.
std::unique_ptr<Subject> make_subject(const std::string& name, const SubjectOptions& options);

std::unique_ptr<Subject> make_faq_subject(const std::string& answers);
std::unique_ptr<Subject> make_fts5_subject();
std::unique_ptr<Subject> make_xapian_subject(bool cjk);

// The words of `text` as Python's re.findall(r"\w+") would find them, roughly:
// runs of letters, digits, '_' and non-ASCII characters other than
// punctuation, lower-cased (ASCII only; FTS5 folds the rest itself).
std::vector<std::string> split_words(const std::string& text);

}  // namespace faq::cli::bench

#endif  // FAQ_TOOLS_BENCH_SUBJECTS_H
