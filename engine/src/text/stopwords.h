// text/stopwords.h — per-language words that carry no content for retrieval.
#ifndef FAQ_TEXT_STOPWORDS_H
#define FAQ_TEXT_STOPWORDS_H

#include <string_view>

namespace faq::text {

// `word` must be normalized (see analyzer.h). Languages without a list have
// no stopwords.
bool is_stopword(std::string_view lang, std::string_view word);

}  // namespace faq::text

#endif  // FAQ_TEXT_STOPWORDS_H
