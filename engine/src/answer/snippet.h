// answer/snippet.h — the part of an answer worth showing, matches marked.
#ifndef FAQ_ANSWER_SNIPPET_H
#define FAQ_ANSWER_SNIPPET_H

#include <string>
#include <unordered_set>

#include "text/analyzer.h"

namespace faq::answer {

// Picks the window of about `max_chars` characters of `text` (on sentence
// boundaries where possible) holding the most of `terms`, HTML-escapes it and
// wraps words whose term is in `terms` in <mark>...</mark>. Leading and
// trailing cuts are shown as "…".
std::string make_snippet(const std::string& text, const std::unordered_set<std::string>& terms,
                         const text::Analyzer& analyzer, size_t max_chars = 240);

}  // namespace faq::answer

#endif  // FAQ_ANSWER_SNIPPET_H
