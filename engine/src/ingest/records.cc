// Completing FAQ records (JSON, JSONL, CSV, TSV) into passages.
#include "ingest/readers.h"
#include "text/analyzer.h"

namespace faq::ingest {

void RecordSet::add(Passage p) {
  // The record's ordinal in the file, not its line: two records of a
  // one-line JSON array share a line but must not share an id.
  int ordinal = ordinal_++;
  if (p.answer.empty()) fail(ErrorCode::bad_input, ctx_.name, p.line, "field \"answer\" must not be empty");
  if (!p.lang.empty() && !text::valid_language_tag(p.lang))
    fail(ErrorCode::bad_input, ctx_.name, p.line,
         "field \"lang\": \"" + p.lang + "\" is not a language tag (an ISO 639 code such as \"en\" or \"pt-BR\")");
  if (p.id.empty()) p.id = ctx_.id_base + "#" + std::to_string(ordinal);
  if (p.question.empty() && !p.title.empty()) {
    p.question = p.title;
    p.question_derived = true;
  }
  // Records sharing a title act as sections of one document; a record
  // without a title stands alone, so it is its own lead.
  p.position = p.title.empty() ? 0 : per_title_[p.title]++;
  if (p.lang.empty()) p.lang = ctx_.options.default_lang;
  p.source = ctx_.name;
  passages_.push_back(std::move(p));
}

}  // namespace faq::ingest
