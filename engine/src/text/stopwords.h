// text/stopwords.h — per-language words that carry no content for retrieval.
#ifndef FAQ_TEXT_STOPWORDS_H
#define FAQ_TEXT_STOPWORDS_H

#include <string_view>
#include <vector>

namespace faq::text {

// `word` must be normalized (see analyzer.h). Languages without a list have
// no stopwords.
bool is_stopword(std::string_view lang, std::string_view word);

// The languages of written words that have a list ("ja" aside: its
// grammar words are told by script), English first.
const std::vector<std::string_view>& stopword_languages();

}  // namespace faq::text

#endif  // FAQ_TEXT_STOPWORDS_H
