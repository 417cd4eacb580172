// FAQ records in JSON (an array, or {"items": [...]}) and JSONL.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "ingest/readers.h"

namespace faq::ingest {
namespace {

using nlohmann::json;

[[noreturn]] void bad_field(const Context& ctx, int line, const std::string& field, const char* should) {
  fail(ErrorCode::bad_input, ctx.name, line, "field \"" + field + "\" must be " + should);
}

std::string scalar_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string string_field(const Context& ctx, int line, const json& record, const char* field) {
  auto it = record.find(field);
  if (it == record.end() || it->is_null()) return "";
  if (!it->is_string()) bad_field(ctx, line, field, "a string");
  return it->get<std::string>();
}

std::vector<std::string> string_list(const Context& ctx, int line, const json& v, const std::string& field) {
  std::vector<std::string> out;
  for (const json& item : v) {
    if (!item.is_string()) bad_field(ctx, line, field, "an array of strings");
    std::string text = collapse_spaces(item.get<std::string>());
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

void add_record(const Context& ctx, RecordSet& records, const json& record, int line) {
  if (!record.is_object()) fail(ErrorCode::bad_input, ctx.name, line, "a record must be a JSON object");
  if (record.size() > kMaxFields)
    fail(ErrorCode::too_large, ctx.name, line,
         "record has " + std::to_string(record.size()) + " fields, over the limit of " +
             std::to_string(kMaxFields));
  Passage p;
  p.line = line;
  for (const auto& [key, value] : record.items()) {
    if (value.is_null()) continue;
    if (key == "id") {
      if (!value.is_string() && !value.is_number()) bad_field(ctx, line, key, "a string or a number");
      p.id = std::string(trim(scalar_text(value)));
    } else if (key == "alternates") {
      if (!value.is_array()) bad_field(ctx, line, key, "an array of strings");
      p.alternates = string_list(ctx, line, value, key);
    } else if (key == "tags") {
      if (value.is_string()) p.tags = split_list(value.get<std::string>(), ";|,");
      else if (value.is_array()) p.tags = string_list(ctx, line, value, key);
      else bad_field(ctx, line, key, "a string or an array of strings");
    } else if (value.is_primitive() && key != "title" && key != "question" && key != "answer" &&
               key != "url" && key != "lang") {
      p.metadata[key] = scalar_text(value);
    }
  }
  if (!record.contains("answer")) fail(ErrorCode::bad_input, ctx.name, line, "missing field \"answer\"");
  p.title = collapse_spaces(string_field(ctx, line, record, "title"));
  p.question = collapse_spaces(string_field(ctx, line, record, "question"));
  p.answer = normalise_answer(string_field(ctx, line, record, "answer"));
  p.url = collapse_spaces(string_field(ctx, line, record, "url"));
  p.lang = collapse_spaces(string_field(ctx, line, record, "lang"));
  records.add(std::move(p));
}

// nlohmann's messages start "[json.exception.parse_error.101] parse error at
// line 1, column 5: "; the location is ours to give, so keep what follows.
std::string parse_problem(const json::parse_error& e) {
  std::string what = e.what();
  size_t column = what.find("column ");
  size_t colon = what.find(": ", column == std::string::npos ? 0 : column);
  return "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
}

int line_at(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') ++line;
  return line;
}

// Parses `text` (which starts on line `first_line`); any nlohmann error
// becomes bad_input at FILE:LINE. Besides parse_error, nlohmann throws
// out_of_range for a number it cannot hold ("1e999"), which has no byte
// offset: its line is that of the offending token.
json parse_json(const Context& ctx, std::string_view text, int first_line) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    fail(ErrorCode::bad_input, ctx.name, first_line - 1 + line_at(text, e.byte ? e.byte - 1 : 0),
         parse_problem(e));
  } catch (const json::exception& e) {
    std::string what = e.what();
    size_t close = what.find("] ");
    std::string problem = close == std::string::npos ? what : what.substr(close + 2);
    size_t open = problem.find('\'');
    size_t offset = 0;
    if (open != std::string::npos && problem.size() > open + 2) {
      std::string token = problem.substr(open + 1, problem.size() - open - 2);
      offset = std::min(text.find(token), text.size());
    }
    fail(ErrorCode::bad_input, ctx.name, first_line - 1 + line_at(text, offset), "invalid JSON: " + problem);
  }
}

// Refuses JSON nested deeper than kMaxJsonDepth before nlohmann sees it.
// `line` is the line `text` starts on. Strings are skipped; brackets of
// invalid JSON are counted all the same (the parser reports those).
void check_depth(const Context& ctx, std::string_view text, int line) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
      if (i < text.size() && text[i] == '\n') ++line;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        fail(ErrorCode::too_large, ctx.name, line,
             "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// Finds where each record of an already validated JSON document starts;
// nlohmann::json keeps no positions and messages need a line per record.
class RecordOffsets {
 public:
  explicit RecordOffsets(std::string_view s) : s_(s) {}

  std::vector<size_t> find() {
    ws();
    if (peek() == '[') return elements();
    if (peek() != '{') return {};
    ++i_;
    while (ws(), peek() == '"') {
      size_t key_start = i_;
      string();
      bool items = s_.substr(key_start, i_ - key_start) == "\"items\"";
      ws();
      ++i_;  // ':'
      ws();
      if (items && peek() == '[') return elements();
      value();
      ws();
      if (peek() == ',') ++i_;
    }
    return {};
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  void string() {
    for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_)
      if (s_[i_] == '\\') ++i_;
    ++i_;
  }
  std::vector<size_t> elements() {
    std::vector<size_t> starts;
    ++i_;
    while (ws(), i_ < s_.size() && peek() != ']') {
      starts.push_back(i_);
      value();
      ws();
      if (peek() == ',') ++i_;
    }
    return starts;
  }
  void value() {
    char c = peek();
    if (c == '"') return string();
    if (c == '[' || c == '{') {
      int depth = 0;
      for (; i_ < s_.size(); ++i_) {
        if (s_[i_] == '"') string(), --i_;
        else if (s_[i_] == '[' || s_[i_] == '{') ++depth;
        else if ((s_[i_] == ']' || s_[i_] == '}') && --depth == 0) break;
      }
      ++i_;
      return;
    }
    while (i_ < s_.size() && !std::strchr(",]} \t\r\n", s_[i_])) ++i_;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Passage> read_json(const Context& ctx) {
  check_depth(ctx, ctx.text, 1);
  json doc = parse_json(ctx, ctx.text, 1);
  const json* list = &doc;
  if (doc.is_object() && doc.contains("items")) list = &doc["items"];
  if (!list->is_array())
    fail(ErrorCode::bad_input, ctx.name, 1, "expected an array of records or {\"items\": [...]}");

  std::vector<size_t> offsets = RecordOffsets(ctx.text).find();
  RecordSet records(ctx);
  size_t counted = 0;
  int line = 1;
  for (size_t k = 0; k < list->size(); ++k) {
    // Offsets ascend, so lines are counted in one pass.
    size_t offset = k < offsets.size() ? offsets[k] : counted;
    for (; counted < offset; ++counted)
      if (ctx.text[counted] == '\n') ++line;
    try {
      add_record(ctx, records, (*list)[k], line);
    } catch (const Error& e) {
      ctx.skip_or_throw(e);
    }
  }
  return records.take();
}

std::vector<Passage> read_jsonl(const Context& ctx) {
  RecordSet records(ctx);
  for (const Line& l : split_lines(ctx.text)) {
    if (trim(l.text).empty()) continue;
    try {
      if (ctx.options.skip_bad) check_utf8(l.text, ctx.name, l.number);  // else checked whole (reader.cc)
      check_depth(ctx, l.text, l.number);
      json record = parse_json(ctx, l.text, l.number);
      add_record(ctx, records, record, l.number);
    } catch (const Error& e) {
      ctx.skip_or_throw(e);
    }
  }
  return records.take();
}

}  // namespace faq::ingest
