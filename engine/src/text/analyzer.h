// text/analyzer.h — the one text analysis used at index and at query time.
//
// ICU does the Unicode work: NFKC normalization with case folding, and word
// boundaries from its break iterator, whose dictionaries segment Chinese,
// Japanese and Thai (scripts written without spaces). Xapian's Snowball
// stemmers reduce words to terms for the passage's language; a Japanese word
// of kanji with kana endings (okurigana) is reduced to its kanji.
//
// Thread safety: an Analyzer holds a break iterator and a stemmer, neither of
// which may be shared between threads; give each thread its own Analyzer.
#ifndef FAQ_TEXT_ANALYZER_H
#define FAQ_TEXT_ANALYZER_H

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faq::text {

// Identifies the analysis, stored in every index: an index built with another
// analysis cannot be searched with this one.
inline constexpr const char* kAnalysisId = "icu-nfkc_cf+word-break+snowball+okurigana+stop/v4";

struct Word {
  std::string text;  // normalized (NFKC, case folded) UTF-8
  bool cjk = false;  // written in a script without spaces (Han, Kana, Hangul, Thai...)
};

// True when `s` is well-formed UTF-8. `bad_offset`, if given, receives the
// byte offset of the first bad sequence.
bool valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

// NFKC + case folding; invalid UTF-8 sequences become U+FFFD.
std::string normalize(std::string_view text);

// The language of `text` (a sample of a corpus), as an ISO 639-1 code:
// from its script where a script means one language with a Snowball stemmer
// or dictionary segmentation ("ja", "zh", "ko", "th", "ar", "el", "hy",
// "ta"); for Latin and Cyrillic text, the language whose function words it
// uses most ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "ru"), when they
// are at least 20 % of its words and half as many again as any other
// language's. "" when it cannot tell.
std::string detect_language(std::string_view text);

// The primary subtag of a language tag, lower case: "en-US", "pt_BR",
// "DE" -> "en", "pt", "de".
std::string language_code(std::string_view lang);

// Whether `lang` is a language tag: a primary subtag of two or three ASCII
// letters (ISO 639), then subtags of letters and digits after '-' or '_'
// ("en", "pt-BR", "zh_Hant"); surrounding spaces aside. A language without
// a stemmer or a stopword list here is still a language ("vi", "fi"): its
// words are indexed as they are.
bool valid_language_tag(std::string_view lang);

// `word` without an elided article or pronoun in front, in the languages
// that write one onto the next word (French, Italian, Catalan): "l'avion" ->
// "avion", "dell'anno" -> "anno", "qu'il" -> "il". Other languages' words
// are returned as they are ("don't").
std::string_view without_elision(std::string_view lang, std::string_view word);

// Byte ranges [first, second) of the words of ASCII `text`: where words()
// finds them (it lower-cases what is inside). For callers that need offsets,
// such as snippets; `text` must be ASCII.
void ascii_word_spans(std::string_view text, std::vector<std::pair<size_t, size_t>>& out);

bool is_ascii(std::string_view text);

class Analyzer {
 public:
  // `lang` is an ISO 639-1 code (a longer tag counts by its primary
  // subtag: "pt-BR" is "pt"); a language without a Snowball stemmer (or "")
  // means no stemming, one without a stopword list no stopwords. Stems of
  // up to `stem_cache` distinct words (of up to 40 bytes each) are
  // remembered (an indexer sees a whole vocabulary; each of a server's many
  // searchers should keep fewer).
  explicit Analyzer(const std::string& lang = "en", size_t stem_cache = kDefaultStemCache);
  static constexpr size_t kDefaultStemCache = 200000;
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  const std::string& lang() const { return lang_; }

  // The words of `text`, normalized, in order; punctuation and spaces dropped.
  // ASCII text takes a path that applies the same rules (Unicode's word
  // boundaries, UAX #29, as ICU implements them) without ICU: the same words,
  // checked against words_icu() by tests over every short ASCII string.
  std::vector<Word> words(std::string_view text) const;

  // words() through ICU's normalizer and break iterator, whatever the text.
  std::vector<Word> words_icu(std::string_view text) const;

  // One word of text as words() would give it (normalized, script noted),
  // without segmenting: for callers that found the word boundaries themselves.
  Word word(std::string_view one_word) const;

  // The stemmed form of a normalized word. CJK words are left as they are,
  // but for Japanese okurigana: a word of two or more kanji with hiragana
  // after the first is reduced to its kanji (申し込み, 申込み, 申し込む -> 申込).
  std::string stem(const Word& word) const;

  // Words carrying no content for retrieval in this language ("the", "is",
  // "what"; "の", "は" ...). Words of up to four hiragana count as Japanese
  // grammar (particles, auxiliaries, endings of conjugated words).
  bool is_stopword(const Word& word) const;

  // Overlapping character pairs of every run of CJK characters in `text`
  // (normalized), except pairs of two hiragana (grammar, mostly). They match
  // where dictionary segmentation of a query and of a document split a
  // compound differently.
  std::vector<std::string> cjk_bigrams(std::string_view text) const;

  // Index/query terms of `text`: words, stopwords dropped, stemmed.
  std::vector<std::string> terms(std::string_view text) const;

 private:
  struct Impl;
  std::string lang_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faq::text

#endif  // FAQ_TEXT_ANALYZER_H
