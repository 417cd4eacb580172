// search/ranker.h — question-aware re-ranking of BM25 candidates.
//
// BM25 finds the right document; these features pick the right passage of it:
// how much of the question the passage's title, question and heading cover,
// how much of them the question mentions, and whether the passage answers the
// kind of question asked. The final score is a weighted sum (RankParams).
#ifndef FAQ_SEARCH_RANKER_H
#define FAQ_SEARCH_RANKER_H

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "faq/engine.h"
#include "search/query.h"
#include "search/rank_values.h"
#include "search/term_stats.h"
#include "text/question_type.h"

namespace faq::search {

struct Features {
  double bm25 = 0;           // BM25 / best BM25 among the candidates
  double title_cov = 0;      // idf share of the question's focus (terms other than intent cues) in the title
  double title_prec = 0;     // share of the title's terms the question mentions
  double question_cov = 0;   // idf share of the question's terms in the passage's question/heading
  double question_prec = 0;  // share of the passage's question/heading terms the question mentions
  double intent = 0;         // agreement of question and passage intents, in [0, 1]
  double other_intent = 0;   // share of what the passage answers that the question does not ask
  double doc = 0;            // best BM25 among candidates of the same document, relative
  double has_question = 0;   // 1 when the passage carries its own question (an FAQ entry)
  double coverage = 0;       // idf share of the question's terms found anywhere in the passage
  double topic = 0;          // share of the passage's title/question/heading terms the question
                             // mentions, weighted by log(1 + document frequency): its topic
                             // words ("gmail", "diabetes") weigh most, its details least
};

struct Candidate {
  Xapian::docid docid = 0;
  double bm25 = 0;
  uint64_t doc = 0;  // index::doc_hash of the passage's document
  text::IntentVector intents{};
  Features f;
  double score = 0;
};

// (docid, index in `docids`) pairs, in document order: the order in which
// Xapian's posting lists and value streams are cheap to walk.
std::vector<std::pair<Xapian::docid, size_t>> docid_order(const std::vector<Xapian::docid>& docids);

// The values in `slot` of `docids` (same order; "" where a document has none),
// read in document order through one value stream: neighbouring documents
// share a chunk of it, which a lookup per document would fetch and decode
// from its start each time.
std::vector<std::string> read_values(const Xapian::Database& db, Xapian::valueno slot,
                                     const std::vector<Xapian::docid>& docids);

// Adds the BM25 of the question's common terms (left out of the matcher's
// query) to the candidates, keeps the `depth` best by BM25, fills their
// features and score, and sorts them best first. `db` gives per-candidate
// values (through `values`, its generation's cache) and postings.
void rank(const Question& q, const RankParams& params, const Xapian::Database& db, TermStats& stats,
          RankValueCache& values, std::vector<Candidate>& candidates, size_t depth);

}  // namespace faq::search

#endif  // FAQ_SEARCH_RANKER_H
