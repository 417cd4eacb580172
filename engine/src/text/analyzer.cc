#include "text/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>
#include <unordered_map>

#include "text/breakers.h"
#include "text/stopwords.h"

namespace faq::text {
namespace {

bool is_cjk_codepoint(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool is_hiragana(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HIRAGANA;
}

// Japanese writes its grammar in hiragana — particles, auxiliaries, the
// endings of conjugated words ("ですが", "ありま", "すか", "ください") — and
// most of its content words in kanji or katakana. ICU's dictionary splits
// conjugations at odd places, leaving such pieces as words: short words of
// hiragana only are taken for grammar. (The few nouns written in hiragana,
// such as "ごみ", are then found only through character pairs with a
// neighbouring kanji or katakana: 粗大ごみ -> 大ご.)
constexpr int32_t kMaxHiraganaFunctionWord = 4;

bool hiragana_function_word(std::string_view word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  if (u.isEmpty() || u.countChar32() > kMaxHiraganaFunctionWord) return false;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1))
    if (!is_hiragana(u.char32At(i))) return false;
  return true;
}

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr) throw std::runtime_error("ICU: no NFKC_Casefold data");
  return *n;
}

icu::UnicodeString normalize_u(std::string_view text) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = nfkc_casefold().normalize(in, status);
  return U_SUCCESS(status) ? out : in;
}

std::string stemmer_language(const std::string& lang) {
  if (lang.empty()) return "none";
  try {
    Xapian::Stem probe(lang);
    return lang;
  } catch (const Xapian::Error&) {
    return "none";
  }
}

}  // namespace

bool valid_utf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else break;
    if (i + len > n) break;
    size_t k = 1;
    for (; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) break;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (k != len) break;
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      break;
    i += len;
  }
  if (i < n && bad_offset) *bad_offset = i;
  return i >= n;
}

std::string normalize(std::string_view text) {
  std::string out;
  normalize_u(text).toUTF8String(out);
  return out;
}

std::string language_code(std::string_view lang) {
  std::string code;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    if (c == ' ' || c == '\t') continue;
    code += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return code;
}

bool valid_language_tag(std::string_view lang) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!lang.empty() && is_space(lang.front())) lang.remove_prefix(1);
  while (!lang.empty() && is_space(lang.back())) lang.remove_suffix(1);
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  size_t i = 0;
  while (i < lang.size() && letter(lang[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < lang.size()) {
    if (lang[i] != '-' && lang[i] != '_') return false;
    size_t start = ++i;
    while (i < lang.size() && (letter(lang[i]) || (lang[i] >= '0' && lang[i] <= '9'))) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

std::string_view without_elision(std::string_view lang, std::string_view word) {
  if (lang != "fr" && lang != "it" && lang != "ca") return word;
  size_t at = word.find('\'');
  size_t len = 1;
  if (size_t curly = word.find("\xE2\x80\x99"); curly < at) {  // U+2019, the typographic apostrophe
    at = curly;
    len = 3;
  }
  // The elided word is short (l', qu', dell', quest'); what follows is the word.
  if (at == std::string_view::npos || at == 0 || at > 5 || at + len >= word.size()) return word;
  return word.substr(at + len);
}

std::string detect_language(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  size_t letters = 0, han = 0, kana = 0, hangul = 0, thai = 0, latin = 0, cyrillic = 0, arabic = 0,
         greek = 0, armenian = 0, tamil = 0;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 c = u.char32At(i);
    if (!u_isalpha(c)) continue;
    ++letters;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_HAN: ++han; break;
      case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: ++kana; break;
      case USCRIPT_HANGUL: ++hangul; break;
      case USCRIPT_THAI: ++thai; break;
      case USCRIPT_LATIN: ++latin; break;
      case USCRIPT_CYRILLIC: ++cyrillic; break;
      case USCRIPT_ARABIC: ++arabic; break;
      case USCRIPT_GREEK: ++greek; break;
      case USCRIPT_ARMENIAN: ++armenian; break;
      case USCRIPT_TAMIL: ++tamil; break;
      default: break;
    }
  }
  if (letters == 0) return "";
  if (kana * 10 > letters) return "ja";  // any real share of kana means Japanese
  if ((han + kana) * 2 > letters) return "zh";
  if (hangul * 2 > letters) return "ko";
  if (thai * 2 > letters) return "th";
  if (arabic * 2 > letters) return "ar";
  if (greek * 2 > letters) return "el";
  if (armenian * 2 > letters) return "hy";
  if (tamil * 2 > letters) return "ta";
  if (latin * 2 <= letters && cyrillic * 2 <= letters) return "";
  // Latin and Cyrillic: the language whose function words the text uses
  // most, if they are a real share of its words (function words are about
  // a third to a half of running text in each of these languages) and
  // clearly more than any other's: text in two of them, or in a related
  // language without a list here (Danish, Catalan), scores close in several.
  std::vector<std::string_view> langs;
  for (std::string_view l : stopword_languages())
    if ((l == "ru") == (cyrillic > latin)) langs.push_back(l);
  std::vector<size_t> hits(langs.size(), 0);
  size_t words = 0;
  Analyzer probe("");
  for (const Word& w : probe.words(text)) {
    if (w.cjk) continue;
    ++words;
    for (size_t i = 0; i < langs.size(); ++i) hits[i] += is_stopword(langs[i], without_elision(langs[i], w.text));
  }
  if (langs.empty()) return "";
  size_t best = 0;
  for (size_t i = 1; i < langs.size(); ++i)
    if (hits[i] > hits[best]) best = i;
  size_t second = 0;
  for (size_t i = 0; i < langs.size(); ++i)
    if (i != best) second = std::max(second, hits[i]);
  // At least a fifth: Finnish read with Dutch's list reaches ~14 % ("kun",
  // "se", "on"), a real text in the list's language 30-60 %.
  if (hits[best] < 3 || hits[best] * 5 < words || hits[best] * 2 < second * 3) return "";
  return std::string(langs[best]);
}

struct Analyzer::Impl {
  size_t stem_cache_size = 0;
  // Made by the first text that is not ASCII (words() segments ASCII
  // itself): a process answering English questions never loads ICU's rules,
  // which took 0.4 ms of a cold start.
  std::unique_ptr<icu::BreakIterator> breaker;
  Xapian::Stem stemmer;
  std::unordered_map<std::string, std::string> stems;
};

Analyzer::Analyzer(const std::string& lang, size_t stem_cache)
    : lang_(language_code(lang)), impl_(std::make_unique<Impl>()) {
  impl_->stem_cache_size = stem_cache;
  std::string s = stemmer_language(lang_);
  if (s != "none") impl_->stemmer = Xapian::Stem(s);
}

Analyzer::~Analyzer() = default;

namespace {

// Word_Break classes of ASCII characters (UAX #29, as ICU's root rules use them).
// (ICU's root rules leave ':' out of MidLetter, so no ASCII character is one.)
enum class Wb : unsigned char { other, letter, numeric, mid_num_let, mid_num, extend_num_let };

constexpr Wb ascii_wb(unsigned char c) {
  // ICU counts '@' as a letter (so that e-mail addresses stay one word).
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return Wb::letter;
  if (c >= '0' && c <= '9') return Wb::numeric;
  switch (c) {
    case '.': case '\'': return Wb::mid_num_let;  // full stop; the apostrophe (Single_Quote) acts alike
    case ',': case ';': return Wb::mid_num;
    case '_': return Wb::extend_num_let;
    default: return Wb::other;
  }
}

bool joins(Wb c) { return c == Wb::letter || c == Wb::numeric || c == Wb::extend_num_let; }

}  // namespace

// The words of ASCII text: a run of letters, digits and underscores (WB5,
// WB8-10, WB13a/b; as in ICU, "__" is a word but "_" is not) also spans one
// full stop or apostrophe between letters ("don't", "e.g") (WB6/7), or one of
// ". ' , ;" between digits ("3.5", "1,000") (WB11/12). Everything else
// separates words and is dropped.
void ascii_word_spans(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    Wb c = ascii_wb(static_cast<unsigned char>(text[i]));
    if (!joins(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    Wb last = c;
    ++i;
    while (i < n) {
      Wb d = ascii_wb(static_cast<unsigned char>(text[i]));
      if (joins(d)) {
        last = d;
        ++i;
        continue;
      }
      if (i + 1 < n) {
        Wb next = ascii_wb(static_cast<unsigned char>(text[i + 1]));
        bool letters = last == Wb::letter && next == Wb::letter && d == Wb::mid_num_let;
        bool digits = last == Wb::numeric && next == Wb::numeric && (d == Wb::mid_num || d == Wb::mid_num_let);
        if (letters || digits) {
          i += 2;
          continue;
        }
      }
      break;
    }
    if (i - start == 1 && c == Wb::extend_num_let) continue;  // a lone "_" is not a word
    out.emplace_back(start, i);
  }
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

std::vector<Word> Analyzer::words(std::string_view text) const {
  if (is_ascii(text)) {
    thread_local std::vector<std::pair<size_t, size_t>> spans;
    spans.clear();
    ascii_word_spans(text, spans);
    std::vector<Word> out(spans.size());
    for (size_t k = 0; k < spans.size(); ++k) {
      std::string& w = out[k].text;
      w.reserve(spans[k].second - spans[k].first);
      for (size_t i = spans[k].first; i < spans[k].second; ++i) {
        char ch = text[i];
        w += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
      }
    }
    return out;
  }
  return words_icu(text);
}

std::vector<Word> Analyzer::words_icu(std::string_view text) const {
  std::vector<Word> out;
  icu::UnicodeString u = normalize_u(text);
  if (!impl_->breaker) impl_->breaker = new_word_breaker();
  icu::BreakIterator& bi = *impl_->breaker;
  bi.setText(u);
  int32_t start = bi.first();
  for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
    if (bi.getRuleStatus() < UBRK_WORD_NONE_LIMIT) {
      // Spaces and punctuation, but ICU also files some symbol-only runs here;
      // keep runs that contain a letter or digit.
      bool content = false;
      for (int32_t i = start; i < end && !content; i = u.moveIndex32(i, 1))
        content = u_isalnum(u.char32At(i));
      if (!content) continue;
    }
    Word w;
    u.tempSubStringBetween(start, end).toUTF8String(w.text);
    w.cjk = is_cjk_codepoint(u.char32At(start));
    out.push_back(std::move(w));
  }
  return out;
}

Word Analyzer::word(std::string_view one_word) const {
  Word w;
  // NFKC case folding of ASCII is lower-casing: skip ICU for most words.
  if (is_ascii(one_word)) {
    w.text.reserve(one_word.size());
    for (char c : one_word) w.text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return w;
  }
  icu::UnicodeString u = normalize_u(one_word);
  u.toUTF8String(w.text);
  w.cjk = u.length() > 0 && is_cjk_codepoint(u.char32At(0));
  return w;
}

namespace {

// Japanese writes the kana endings of a compound's kanji (okurigana) or
// leaves them out: 申し込み, 申込み and 申込 are one word, and so are the verb
// 申し込む and its forms. A word of two or more kanji with hiragana after the
// first is reduced to its kanji. Other words (one kanji, kana only, katakana,
// Chinese, the iteration mark 々) stay as they are.
std::string okurigana_stem(const std::string& w) {
  // Both scripts are three bytes in UTF-8: hiragana U+3041..U+3096 is
  // E3 81 81 .. E3 82 96, the unified ideographs U+4E00..U+9FFF are
  // E4 B8 80 .. E9 BF BF.
  std::string kanji;
  bool kana = false;
  for (size_t i = 0; i < w.size(); i += 3) {
    if (i + 3 > w.size()) return w;
    auto b0 = static_cast<unsigned char>(w[i]), b1 = static_cast<unsigned char>(w[i + 1]);
    if ((b0 == 0xE4 && b1 >= 0xB8) || (b0 >= 0xE5 && b0 <= 0xE9)) {
      kanji.append(w, i, 3);
    } else if (b0 == 0xE3 && (b1 == 0x81 || (b1 == 0x82 && static_cast<unsigned char>(w[i + 2]) <= 0x96)) &&
               !kanji.empty()) {
      kana = true;
    } else {
      return w;
    }
  }
  return kana && kanji.size() >= 6 ? kanji : w;
}

}  // namespace

std::string Analyzer::stem(const Word& word) const {
  if (word.cjk) return okurigana_stem(word.text);
  if (impl_->stemmer.is_none()) return word.text;
  auto stem_of = [&] {
    std::string_view bare = without_elision(lang_, word.text);
    return bare.size() == word.text.size() ? impl_->stemmer(word.text) : impl_->stemmer(std::string(bare));
  };
  // Words repeat (Zipf): remember stems, within a bound. Long "words" (runs
  // of digits, identifiers, junk) rarely do, and would make the bound one of
  // count only.
  constexpr size_t kLongestCached = 40;
  if (word.text.size() > kLongestCached) return stem_of();
  auto& cache = impl_->stems;
  if (auto it = cache.find(word.text); it != cache.end()) return it->second;
  if (cache.size() >= impl_->stem_cache_size) cache.clear();
  return cache.emplace(word.text, stem_of()).first->second;
}

bool Analyzer::is_stopword(const Word& word) const {
  if (word.cjk) return text::is_stopword("ja", word.text) || hiragana_function_word(word.text);
  // Latin words inside CJK-language text are mostly English.
  const std::string& l = (lang_ == "ja" || lang_ == "zh" || lang_.empty()) ? std::string("en") : lang_;
  return text::is_stopword(l, without_elision(l, word.text));
}

std::vector<std::string> Analyzer::cjk_bigrams(std::string_view text) const {
  std::vector<std::string> out;
  // Every script this looks for is encoded from byte 0xE0 on: most text can
  // skip normalization here.
  if (std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE0; }))
    return out;
  icu::UnicodeString u = normalize_u(text);
  int32_t run_start = -1, prev = -1;
  for (int32_t i = 0; i <= u.length(); i = (i < u.length() ? u.moveIndex32(i, 1) : i + 1)) {
    bool cjk = i < u.length() && is_cjk_codepoint(u.char32At(i));
    // A pair of hiragana is grammar more often than not (see
    // hiragana_function_word): pairs need a kanji or katakana character.
    if (cjk && prev >= 0 && run_start >= 0 && !(is_hiragana(u.char32At(prev)) && is_hiragana(u.char32At(i)))) {
      std::string pair;
      u.tempSubStringBetween(prev, u.moveIndex32(i, 1)).toUTF8String(pair);
      out.push_back(std::move(pair));
    }
    if (cjk) {
      if (run_start < 0) run_start = i;
      prev = i;
    } else {
      run_start = prev = -1;
    }
  }
  return out;
}

std::vector<std::string> Analyzer::terms(std::string_view text) const {
  std::vector<std::string> out;
  for (const Word& w : words(text)) {
    if (is_stopword(w)) continue;
    out.push_back(stem(w));
  }
  return out;
}

}  // namespace faq::text
