// Fuzzes the text analysis used at index and query time (engine/src/text):
// valid_utf8, normalize, Analyzer::words/terms/cjk_bigrams/stem/is_stopword,
// question_intents, first_sentence, detect_language and language_code, for
// English, French (elisions) and a CJK language. Invalid UTF-8 must be repaired, never crash; the
// words of ASCII text must be the same with ICU and without (words_icu).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/analyzer.h"
#include "text/question_type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static faq::text::Analyzer en("en");
  static faq::text::Analyzer ja("ja");
  static faq::text::Analyzer fr("fr");
  static faq::text::Analyzer none("");
  std::string_view s(reinterpret_cast<const char*>(data), size);

  size_t bad = 0;
  bool valid = faq::text::valid_utf8(s, &bad);
  if (!valid && bad >= size) __builtin_trap();
  std::string norm = faq::text::normalize(s);
  if (!faq::text::valid_utf8(norm)) __builtin_trap();  // repaired output
  (void)faq::text::detect_language(s);
  (void)faq::text::language_code(s);
  for (faq::text::Analyzer* an : {&en, &ja, &fr, &none}) {
    auto words = an->words(s);
    auto by_icu = an->words_icu(s);
    if (words.size() != by_icu.size()) __builtin_trap();
    for (size_t i = 0; i < words.size(); ++i)
      if (words[i].text != by_icu[i].text || words[i].cjk != by_icu[i].cjk) __builtin_trap();
    for (const auto& w : words) {
      std::string_view bare = faq::text::without_elision(an->lang(), w.text);
      if (bare.empty() || w.text.compare(w.text.size() - bare.size(), bare.size(), bare) != 0) __builtin_trap();
      (void)an->stem(w);
      (void)an->is_stopword(w);
    }
    (void)an->terms(s);
    (void)an->cjk_bigrams(s);
    auto intents = faq::text::question_intents(words);
    (void)faq::text::top_intent(intents);
    (void)faq::text::decode_intents(faq::text::encode_intents(intents));
  }
  (void)faq::text::first_sentence(std::string(s));
  (void)faq::text::decode_intents(s);
  return 0;
}
