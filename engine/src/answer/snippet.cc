#include "answer/snippet.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "text/breakers.h"

namespace faq::answer {
namespace {

struct Span {
  int64_t begin, end;  // byte offsets into the text
};

void append_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

bool is_lead_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// The byte offset `chars` characters after `from`, at most `to`.
int64_t advance_chars(std::string_view text, int64_t from, int64_t to, int64_t chars) {
  int64_t p = from;
  while (p < to && chars > 0) {
    ++p;
    while (p < to && !is_lead_byte(text[p])) ++p;
    --chars;
  }
  return p;
}

// The text as ICU sees it, without a UTF-16 copy: break iterators then work
// on byte offsets. (The answers were checked to be valid UTF-8 at ingestion.)
struct Utf8Text {
  UText* ut = nullptr;
  Utf8Text(std::string_view s, UErrorCode& status)
      : ut(utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status)) {}
  ~Utf8Text() { utext_close(ut); }
  Utf8Text(const Utf8Text&) = delete;
  Utf8Text& operator=(const Utf8Text&) = delete;
};

}  // namespace

std::string make_snippet(const std::string& text, const std::unordered_set<std::string>& terms,
                         const text::Analyzer& analyzer, size_t max_chars) {
  // One pair of break iterators per thread (text/breakers.h).
  thread_local std::unique_ptr<icu::BreakIterator> words, sentences;
  UErrorCode status = U_ZERO_ERROR;
  if (!words || !sentences) {
    try {
      words = text::new_word_breaker();
      sentences = text::new_sentence_breaker();
    } catch (const std::runtime_error&) {
      words.reset();  // no snippet, the answer's beginning: below
      sentences.reset();
    }
  }
  // ASCII text has its words found without ICU (the same words: see
  // text::ascii_word_spans); others go through the word break iterator.
  const bool ascii = text::is_ascii(text);
  Utf8Text utf8(text, status);
  if (U_SUCCESS(status) && words && sentences) {
    if (!ascii) words->setText(utf8.ut, status);
    sentences->setText(utf8.ut, status);
  }
  if (U_FAILURE(status) || !words || !sentences) {
    words.reset();
    sentences.reset();
    std::string out;
    append_escaped(out, std::string_view(text).substr(
                            0, advance_chars(text, 0, static_cast<int64_t>(text.size()),
                                             static_cast<int64_t>(max_chars))));
    return out;
  }
  const std::string_view all(text);
  const auto length = static_cast<int64_t>(text.size());

  std::vector<Span> spans;  // every word
  if (ascii) {
    thread_local std::vector<std::pair<size_t, size_t>> found;
    found.clear();
    text::ascii_word_spans(all, found);
    spans.reserve(found.size());
    for (const auto& [b, e] : found) spans.push_back({static_cast<int64_t>(b), static_cast<int64_t>(e)});
  } else {
    for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE;
         b = e, e = words->next())
      if (words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) spans.push_back({b, e});
  }

  // Matched words, found by analyzing each word as the index did. Stemmers
  // only change a word's end (English's also drops a leading apostrophe),
  // and an elided article (l'annulation) is split off before stemming: an
  // ASCII word whose first letter, after any elision, begins no term cannot
  // match.
  bool first_byte[256] = {};
  for (const std::string& t : terms)
    if (!t.empty()) first_byte[static_cast<unsigned char>(t[0])] = true;
  auto may_match = [&](std::string_view w) {
    w = text::without_elision(analyzer.lang(), w);
    auto c = static_cast<unsigned char>(w[0]);
    if (c >= 0x80 || c == '\'') return true;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    return first_byte[c];
  };
  std::vector<Span> hits;
  std::unordered_map<std::string_view, bool> seen;  // views into `text`
  for (const Span& s : spans) {
    std::string_view w = all.substr(s.begin, s.end - s.begin);
    if (!may_match(w)) continue;
    // Answers repeat their words: analyze each distinct word once.
    auto cached = seen.find(w);
    if (cached == seen.end()) {
      text::Word word = analyzer.word(w);
      bool hit = !analyzer.is_stopword(word) && terms.count(analyzer.stem(word)) > 0;
      cached = seen.emplace(w, hit).first;
    }
    if (cached->second) hits.push_back(s);
  }

  // The sentence-aligned window of at most max_chars characters with the most hits.
  std::vector<int64_t> bounds;      // byte offsets of sentence starts, and the end
  std::vector<int64_t> chars_at;    // characters before each bound
  for (int32_t p = sentences->first(); p != icu::BreakIterator::DONE; p = sentences->next()) {
    int64_t before = chars_at.empty() ? 0 : chars_at.back();
    for (int64_t i = bounds.empty() ? 0 : bounds.back(); i < p; ++i) before += is_lead_byte(text[i]);
    bounds.push_back(p);
    chars_at.push_back(before);
  }
  const auto limit = static_cast<int64_t>(max_chars);
  int64_t best_begin = 0, best_end = advance_chars(all, 0, length, limit);
  size_t best_hits = 0;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    int64_t b = bounds[i];
    size_t j = i + 1;
    while (j + 1 < bounds.size() && chars_at[j + 1] - chars_at[i] <= limit) ++j;
    int64_t e = chars_at[j] - chars_at[i] <= limit ? bounds[j] : advance_chars(all, b, bounds[j], limit);
    size_t n = 0;
    for (const Span& h : hits) n += (h.begin >= b && h.end <= e);
    if (n > best_hits) {
      best_hits = n;
      best_begin = b;
      best_end = e;
    }
  }
  // Never cut inside a word.
  if (best_end < length && best_end > best_begin) {
    auto inside = std::find_if(spans.begin(), spans.end(),
                               [&](const Span& s) { return s.begin < best_end && best_end < s.end; });
    if (inside != spans.end() && inside->begin > best_begin) best_end = inside->begin;
  }

  std::string out;
  if (best_begin > 0) out += "… ";
  int64_t pos = best_begin;
  for (const Span& h : hits) {
    if (h.begin < best_begin || h.end > best_end) continue;
    append_escaped(out, all.substr(pos, h.begin - pos));
    out += "<mark>";
    append_escaped(out, all.substr(h.begin, h.end - h.begin));
    out += "</mark>";
    pos = h.end;
  }
  append_escaped(out, all.substr(pos, best_end - pos));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  if (best_end < length) out += " …";
  return out;
}

}  // namespace faq::answer
