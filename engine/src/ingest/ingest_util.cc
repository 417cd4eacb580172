// Text helpers shared by the readers.
#include <algorithm>
#include <cstdio>

#include "ingest/readers.h"

namespace faq::ingest {

void Context::skip_or_throw(const Error& error) const {
  if (!options.skip_bad) throw error;
  if (report) report->errors.push_back(error.what());
}

void check_utf8(std::string_view text, std::string_view name, int first_line) {
  size_t bad = invalid_utf8_at(text);
  if (bad == std::string_view::npos) return;
  size_t line_start = text.rfind('\n', bad);
  size_t column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  int line = first_line + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n'));
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
  fail(ErrorCode::invalid_utf8, name, line,
       std::string("invalid UTF-8 (byte ") + byte + " at column " + std::to_string(column) + ")");
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, number++});
    start = end + 1;
  }
  return lines;
}

std::string located(std::string_view name, int line, const std::string& what) {
  return std::string(name) + ":" + std::to_string(line) + ": " + what;
}

void fail(ErrorCode code, std::string_view name, int line, const std::string& what) {
  throw Error(code, located(name, line, what));
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : trim(s)) {
    if (is_blank(c)) {
      pending = true;
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

std::string normalise_answer(std::string_view s) {
  std::string out;
  for (const Line& line : split_lines(s)) {
    std::string text = collapse_spaces(line.text);
    if (text.empty()) continue;
    if (!out.empty()) out += '\n';
    out += text;
  }
  return out;
}

// CJK scripts do not separate words with spaces; counting each of their
// characters as a word keeps the "short line" and "long item" limits usable.
static bool is_cjk_lead(unsigned char c) { return c >= 0xE3 && c <= 0xED; }

size_t count_words(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (is_cjk_lead(c)) {
      ++words;
      in_word = false;
      i += 2;
    } else if (is_blank(c) || c == '\n') {
      in_word = false;
    } else if (!in_word) {
      ++words;
      in_word = true;
    }
  }
  return words;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string file_stem(std::string_view path) {
  size_t slash = path.find_last_of('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  size_t dot = path.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) path = path.substr(0, dot);
  return std::string(path);
}

std::vector<std::string> split_list(std::string_view s, std::string_view separators) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find_first_of(separators, start);
    if (end == std::string_view::npos) end = s.size();
    std::string piece = collapse_spaces(s.substr(start, end - start));
    if (!piece.empty()) out.push_back(std::move(piece));
    start = end + 1;
  }
  return out;
}

std::string lead_phrase(std::string_view point) {
  static const std::string_view stops[] = {". ", ": ", "\xE3\x80\x82", "\xEF\xBC\x9A"};  // 。：
  size_t cut = std::string_view::npos;
  for (std::string_view stop : stops) cut = std::min(cut, point.find(stop));
  std::string_view lead = point.substr(0, cut);
  if (cut == std::string_view::npos) {
    // A point that is nothing but its lead ("Facial paralysis.").
    lead = trim(lead);
    while (!lead.empty() && (lead.back() == '.' || lead.back() == ':')) lead.remove_suffix(1);
  }
  size_t words = count_words(lead);
  if (words == 0 || words > 8) return "";
  return collapse_spaces(lead);
}

std::string derive_question(const std::string& base, const std::string& lead) {
  if (base.empty()) return lead;
  if (lead.empty()) return base;
  return base + ": " + lead;
}

bool items_are_long(const std::vector<std::string>& items) {
  size_t long_items = 0;
  for (const std::string& item : items)
    if (count_words(item) >= 8) ++long_items;
  return !items.empty() && long_items * 2 >= items.size();
}

DocumentBuilder::DocumentBuilder(const Context& ctx, std::string title)
    : ctx_(ctx), title_(std::move(title)) {}

Passage& DocumentBuilder::add(std::vector<std::string> headings, std::string question,
                              bool derived, std::string answer, int line) {
  Passage p;
  p.position = static_cast<int>(passages_.size());
  p.id = ctx_.id_base + "#" + std::to_string(p.position);
  p.title = title_;
  p.headings = std::move(headings);
  p.question = std::move(question);
  p.question_derived = derived;
  p.answer = std::move(answer);
  p.source = ctx_.name;
  p.line = line;
  p.lang = ctx_.options.default_lang;
  passages_.push_back(std::move(p));
  return passages_.back();
}

}  // namespace faq::ingest
