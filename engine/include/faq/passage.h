// faq/passage.h — the passage model every reader produces and the index stores.
//
// A passage is the unit the engine answers with: one question (explicit, or
// derived from its heading and document title) and the text that answers it,
// with where it came from. Readers for every input format (plain text,
// Markdown, FAQ JSON/JSONL, CSV/TSV) yield this same struct.
#ifndef FAQ_PASSAGE_H
#define FAQ_PASSAGE_H

#include <map>
#include <string>
#include <vector>

namespace faq {

struct Passage {
  // Stable identifier: the record's own id for JSON/CSV input; for documents,
  // derived from the source path and the passage's place in it, so that a
  // rebuild of an unchanged document gives the same ids.
  std::string id;

  std::string title;                  // the document's title (its focus)
  std::vector<std::string> headings;  // section heading path, outermost first
  std::string question;               // explicit question, or one derived
  bool question_derived = false;      // true when `question` was made up from headings
  std::vector<std::string> alternates;  // other phrasings of the question
  std::string answer;                 // the answer text shown to the user

  std::string source;  // file the passage came from (as given to the reader)
  int line = 0;        // 1-based line of the passage's start in `source`
  std::string lang;    // ISO 639-1 code ("en", "ja"; "pt-BR" counts as "pt"); empty = the
                       // index's language (BuildOptions::lang); else a language tag
                       // ("de", "pt-BR"), or IndexWriter::add refuses it
  std::string url;
  std::vector<std::string> tags;
  std::map<std::string, std::string> metadata;  // anything else a record carried

  // Ordinal of the passage within its document (0 = the document's lead
  // passage). Definition questions ("what is X?") prefer the lead.
  int position = 0;
};

}  // namespace faq

#endif  // FAQ_PASSAGE_H
