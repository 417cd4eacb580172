#include "answer/snippet.h"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <memory>
#include <unordered_map>
#include <vector>

namespace faq::answer {
namespace {

struct Span {
  int32_t begin, end;  // UTF-16 offsets into the text
  bool hit;
};

void append_escaped(std::string& out, const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
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

}  // namespace

std::string make_snippet(const std::string& text, const std::unordered_set<std::string>& terms,
                         const text::Analyzer& analyzer, size_t max_chars) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  // Creating break iterators loads rules and dictionaries: keep one pair per thread.
  thread_local std::unique_ptr<icu::BreakIterator> words, sentences;
  if (!words || !sentences) {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !words || !sentences) {
      words.reset();
      sentences.reset();
      return text.substr(0, max_chars);
    }
  }

  // Matched words, found by analyzing each word as the index did.
  std::vector<Span> hits;
  std::unordered_map<std::string, bool> seen;
  words->setText(u);
  for (int32_t b = words->first(), e = words->next(); e != icu::BreakIterator::DONE;
       b = e, e = words->next()) {
    if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string w;
    u.tempSubStringBetween(b, e).toUTF8String(w);
    // Answers repeat their words: analyze each distinct word once.
    auto cached = seen.find(w);
    if (cached == seen.end()) {
      text::Word word = analyzer.word(w);
      bool hit = !analyzer.is_stopword(word) && terms.count(analyzer.stem(word)) > 0;
      cached = seen.emplace(std::move(w), hit).first;
    }
    if (cached->second) hits.push_back({b, e, true});
  }

  // The sentence-aligned window with the most hits.
  std::vector<int32_t> bounds;
  sentences->setText(u);
  for (int32_t p = sentences->first(); p != icu::BreakIterator::DONE; p = sentences->next())
    bounds.push_back(p);
  const int32_t limit = static_cast<int32_t>(max_chars);
  int32_t best_begin = 0, best_end = std::min(u.length(), limit);
  size_t best_hits = 0;
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    int32_t b = bounds[i];
    size_t j = i + 1;
    while (j + 1 < bounds.size() && bounds[j + 1] - b <= limit) ++j;
    int32_t e = std::min(bounds[j], b + limit);
    size_t n = 0;
    for (const Span& h : hits) n += (h.begin >= b && h.end <= e);
    if (n > best_hits) {
      best_hits = n;
      best_begin = b;
      best_end = e;
    }
  }
  // Never cut inside a word.
  if (best_end < u.length() && best_end > best_begin) {
    words->setText(u);
    int32_t p = words->preceding(best_end + 1);
    if (p > best_begin) best_end = p;
  }

  std::string out;
  if (best_begin > 0) out += "… ";
  int32_t pos = best_begin;
  for (const Span& h : hits) {
    if (h.begin < best_begin || h.end > best_end) continue;
    append_escaped(out, u.tempSubStringBetween(pos, h.begin));
    out += "<mark>";
    append_escaped(out, u.tempSubStringBetween(h.begin, h.end));
    out += "</mark>";
    pos = h.end;
  }
  append_escaped(out, u.tempSubStringBetween(pos, best_end));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  if (best_end < u.length()) out += " …";
  return out;
}

}  // namespace faq::answer
