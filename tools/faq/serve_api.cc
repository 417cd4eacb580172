#include "serve_api.h"

#include <nlohmann/json.hpp>

namespace faq::serve {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 16;        // request bodies are flat objects
constexpr size_t kMaxSessionId = 64;
constexpr size_t kMaxFilterValue = 200;

// Deeply nested input is refused before parsing: it can only be an attack,
// and destroying a deep nlohmann::json recurses.
bool too_deep(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

std::optional<ApiError> parse_object(std::string_view body, json& out) {
  size_t bad = 0;
  if (!valid_utf8(body, &bad))
    return ApiError{400, "invalid_utf8", "request body is not valid UTF-8 (byte " + std::to_string(bad) + ")"};
  if (too_deep(body)) return ApiError{400, "malformed_json", "request body nests too deeply"};
  try {
    out = json::parse(body.begin(), body.end());
  } catch (const json::parse_error& e) {
    return ApiError{400, "malformed_json",
                    "request body is not valid JSON (byte " + std::to_string(e.byte) + ")"};
  }
  if (!out.is_object()) return ApiError{400, "bad_request", "request body must be a JSON object"};
  return std::nullopt;
}

std::optional<ApiError> check_fields(const json& j, std::initializer_list<const char*> known) {
  for (const auto& item : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || item.key() == k;
    if (!ok) return ApiError{400, "unknown_field", "unknown field \"" + item.key() + "\""};
  }
  return std::nullopt;
}

ApiError wrong_type(const std::string& field, const char* expected) {
  return ApiError{400, "wrong_type", "field \"" + field + "\" must be " + expected};
}

std::optional<ApiError> read_session(const json& j, std::string& out, bool required) {
  auto it = j.find("session");
  if (it == j.end() || it->is_null()) {
    if (required) return ApiError{400, "missing_field", "field \"session\" is required"};
    return std::nullopt;
  }
  if (!it->is_string()) return wrong_type("session", "a string");
  out = it->get<std::string>();
  if (out.size() > kMaxSessionId) return ApiError{400, "bad_value", "field \"session\" is too long"};
  return std::nullopt;
}

}  // namespace

std::string error_json(const std::string& code, const std::string& message) {
  json j = {{"error", {{"code", code}, {"message", message}}}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool valid_utf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else { if (bad_offset) *bad_offset = i; return false; }
    if (i + len > n) { if (bad_offset) *bad_offset = i; return false; }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) { if (bad_offset) *bad_offset = i; return false; }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

std::optional<ApiError> parse_ask(std::string_view body, AskRequest& out) {
  json j;
  if (auto e = parse_object(body, j)) return e;
  if (auto e = check_fields(j, {"question", "session", "k", "filters"})) return e;
  auto q = j.find("question");
  if (q == j.end() || q->is_null()) return ApiError{400, "missing_field", "field \"question\" is required"};
  if (!q->is_string()) return wrong_type("question", "a string");
  out.question = q->get<std::string>();
  if (out.question.find_first_not_of(" \t\r\n") == std::string::npos)
    return ApiError{400, "bad_value", "field \"question\" is empty"};
  if (auto e = read_session(j, out.session, false)) return e;
  out.options.k = 3;
  if (auto k = j.find("k"); k != j.end() && !k->is_null()) {
    if (!k->is_number_integer()) return wrong_type("k", "a whole number");
    long long v = k->get<long long>();
    if (v < 1 || v > 20) return ApiError{400, "bad_value", "field \"k\" must be between 1 and 20"};
    out.options.k = static_cast<int>(v);
  }
  if (auto f = j.find("filters"); f != j.end() && !f->is_null()) {
    if (!f->is_object()) return wrong_type("filters", "an object");
    for (const auto& item : f->items()) {
      if (item.key() != "tag" && item.key() != "lang")
        return ApiError{400, "unknown_field", "unknown filter \"" + item.key() + "\" (known: tag, lang)"};
      if (!item.value().is_string()) return wrong_type("filters." + item.key(), "a string");
      std::string v = item.value().get<std::string>();
      if (v.size() > kMaxFilterValue) return ApiError{400, "bad_value", "filter \"" + item.key() + "\" is too long"};
      out.options.filters[item.key()] = v;
    }
  }
  return std::nullopt;
}

std::optional<ApiError> parse_feedback(std::string_view body, FeedbackRequest& out) {
  json j;
  if (auto e = parse_object(body, j)) return e;
  if (auto e = check_fields(j, {"session", "answer_id", "helpful"})) return e;
  if (auto e = read_session(j, out.session, true)) return e;
  auto a = j.find("answer_id");
  if (a == j.end() || a->is_null()) return ApiError{400, "missing_field", "field \"answer_id\" is required"};
  if (!a->is_string()) return wrong_type("answer_id", "a string");
  out.answer_id = a->get<std::string>();
  auto h = j.find("helpful");
  if (h == j.end() || h->is_null()) return ApiError{400, "missing_field", "field \"helpful\" is required"};
  if (!h->is_boolean()) return wrong_type("helpful", "true or false");
  out.helpful = h->get<bool>();
  return std::nullopt;
}

std::string ask_response_json(const Result& r, const std::string& session_id) {
  json answers = json::array();
  for (const Answer& a : r.answers) {
    answers.push_back({{"id", a.id},
                       {"confidence", a.confidence},
                       {"title", a.title},
                       {"heading", a.headings.empty() ? std::string() : a.headings.back()},
                       {"headings", a.headings},
                       {"question", a.question},
                       {"text", a.text},
                       {"snippet", a.snippet},
                       {"source", a.source},
                       {"line", a.line},
                       {"url", a.url}});
  }
  json follow = json::array();
  for (const FollowUp& f : r.follow_ups) follow.push_back({{"id", f.id}, {"label", f.label}});
  json out = {{"session", session_id},
              {"status", status_name(r.status)},
              {"confidence", r.confidence},
              {"answers", std::move(answers)},
              {"follow_ups", std::move(follow)}};
  if (!r.intent.empty()) out["intent"] = r.intent;
  if (!r.corrected.empty()) out["did_you_mean"] = r.corrected;
  if (!r.context.empty()) out["context"] = r.context;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

ApiError from_engine_error(const faq::Error& e) {
  switch (e.code()) {
    case ErrorCode::invalid_argument: return {400, "bad_value", e.what()};
    case ErrorCode::invalid_utf8: return {400, "invalid_utf8", e.what()};
    case ErrorCode::too_large: return {413, "too_large", e.what()};
    case ErrorCode::bad_input: return {400, "bad_request", e.what()};
    case ErrorCode::not_found: return {404, "not_found", e.what()};
    case ErrorCode::busy: return {503, "busy", e.what()};
    case ErrorCode::io:
    case ErrorCode::corrupt_index:
    case ErrorCode::version_mismatch: return {503, "index_unavailable", e.what()};
    default: return {500, "internal", e.what()};
  }
}

}  // namespace faq::serve
