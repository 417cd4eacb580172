// search/query.h — a user's question turned into weighted terms and intents.
#ifndef FAQ_SEARCH_QUERY_H
#define FAQ_SEARCH_QUERY_H

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/synonyms.h"
#include "search/term_stats.h"
#include "text/analyzer.h"
#include "text/question_type.h"

namespace faq::search {

struct QueryTerm {
  std::string term;   // stemmed, as indexed
  std::string word;   // the normalized word it came from
  Xapian::termcount wqf = 1;
  double idf = 0;     // log(N / termfreq); 0 when the index lacks the term
  Xapian::doccount df = 0;  // passages holding the term
  bool cue = false;   // an intent cue ("causes", "treated"): how, not what, is asked
  bool common = false;  // in so many passages that it only re-weights what the others find
                        // (set when the query is built: engine.cc)
  int alias_of = -1;    // a synonym's term: the index in Question::terms of the (rarest) term
                        // of the question's phrase it stands for; -1 for the question's own
};

struct Question {
  std::vector<text::Word> words;   // every word, stopwords included
  std::vector<QueryTerm> terms;    // content terms, one per distinct term: the question's
                                   // own first, then its synonyms' (alias_of >= 0)
  size_t asked = 0;                // the question's own terms: terms[0, asked)
  text::IntentVector intents{};
  std::string corrected;           // spelling-corrected question text, or ""
  std::vector<std::string> unmatched;  // content words the index does not know
  std::vector<std::string> corrected_words;  // spelling suggestions used in place of unknown words
  double idf_total = 0;            // sum of the question's own terms' idf
  double focus_idf_total = 0;      // the same over those that are not intent cues
  double unseen_idf = 0;           // what the unmatched words would add to idf_total: each
                                   // weighs as a term of one passage, log(N + 1)
};

// At most this many distinct content terms are kept (the rarest win), so a
// long message can never become an expensive query.
inline constexpr size_t kMaxQueryTerms = 32;

struct QuestionOptions {
  bool spelling = true;   // replace words unknown to the index by Xapian's spelling suggestion
  bool compounds = true;  // two adjacent words the index knows written as one ("back up" ->
                          // "backup", "e-mail" -> "email") add that word as a term too
  const Synonyms* synonyms = nullptr;  // the index's: a run of the question's content terms
                                       // that is a key adds its values' terms (at most
                                       // kMaxSynonymTerms of them, those the index has)
  TermStats* stats = nullptr;          // the index's term frequencies and spelling
                                       // suggestions, remembered across questions;
                                       // nullptr: asked of `db` each time
  // Analyzers of the other languages the index's passages are in: a word the
  // index lacks as `analyzer` stems it is asked for as the first of these
  // that the index knows (and is then neither a typo nor unmatched); a word
  // it has also adds, as a synonym would, the other stems the index knows
  // (at most kMaxSynonymTerms of them).
  const std::vector<std::unique_ptr<text::Analyzer>>* other_languages = nullptr;
};

inline constexpr size_t kMaxSynonymTerms = 16;

// Analyzes `text` against `db`, with idf from its statistics.
Question analyze_question(std::string_view text, const text::Analyzer& analyzer,
                          const Xapian::Database& db, const QuestionOptions& options);

}  // namespace faq::search

#endif  // FAQ_SEARCH_QUERY_H
