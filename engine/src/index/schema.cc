#include "index/schema.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace faq::index {
namespace {

constexpr char kFieldSep = '\x1f';

void append_terms(std::string& out, const std::vector<std::string>& terms) {
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) out += ' ';
    out += terms[i];
  }
}

std::vector<std::string> split_terms(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string encode_fields(const FieldTerms& f) {
  std::string out;
  append_terms(out, f.title);
  out += kFieldSep;
  append_terms(out, f.heading);
  out += kFieldSep;
  append_terms(out, f.question);
  return out;
}

FieldTerms decode_fields(std::string_view s) {
  FieldTerms f;
  std::vector<std::string>* parts[] = {&f.title, &f.heading, &f.question};
  size_t start = 0;
  for (auto* part : parts) {
    size_t end = s.find(kFieldSep, start);
    if (end == std::string_view::npos) end = s.size();
    if (start <= s.size()) *part = split_terms(s.substr(start, end - start));
    start = end + 1;
  }
  return f;
}

std::string id_term(std::string_view id) {
  std::string t(kPrefixId);
  t += id;
  // Xapian terms are limited to 245 bytes; long ids are still unique by hash.
  if (t.size() > 240) {
    size_t h = std::hash<std::string_view>{}(id);
    t = t.substr(0, 200) + "#" + std::to_string(h);
  }
  return t;
}

std::string doc_term(std::string_view doc_key) {
  // FNV-1a: stable across platforms and library versions, unlike std::hash.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : doc_key) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(kPrefixDoc) + buf;
}

std::string encode_passage(const Passage& p) {
  nlohmann::json j = {{"id", p.id}, {"title", p.title}, {"question", p.question},
                      {"answer", p.answer}, {"source", p.source}, {"line", p.line},
                      {"position", p.position}};
  if (!p.headings.empty()) j["headings"] = p.headings;
  if (p.question_derived) j["derived"] = true;
  if (!p.alternates.empty()) j["alternates"] = p.alternates;
  if (!p.lang.empty()) j["lang"] = p.lang;
  if (!p.url.empty()) j["url"] = p.url;
  if (!p.tags.empty()) j["tags"] = p.tags;
  if (!p.metadata.empty()) j["metadata"] = p.metadata;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Passage decode_passage(std::string_view data) {
  Passage p;
  nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return p;
  p.id = j.value("id", "");
  p.title = j.value("title", "");
  p.question = j.value("question", "");
  p.answer = j.value("answer", "");
  p.source = j.value("source", "");
  p.line = j.value("line", 0);
  p.position = j.value("position", 0);
  p.question_derived = j.value("derived", false);
  p.lang = j.value("lang", "");
  p.url = j.value("url", "");
  if (auto it = j.find("headings"); it != j.end() && it->is_array())
    p.headings = it->get<std::vector<std::string>>();
  if (auto it = j.find("alternates"); it != j.end() && it->is_array())
    p.alternates = it->get<std::vector<std::string>>();
  if (auto it = j.find("tags"); it != j.end() && it->is_array())
    p.tags = it->get<std::vector<std::string>>();
  if (auto it = j.find("metadata"); it != j.end() && it->is_object())
    p.metadata = it->get<std::map<std::string, std::string>>();
  return p;
}

}  // namespace faq::index
