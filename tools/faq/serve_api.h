// tools/faq/serve_api.h — the JSON contract of `faq serve`, apart from HTTP.
//
// Parsing and validating request bodies and shaping responses are pure
// functions here so that the HTTP layer (serve_server.cc) only routes.
#ifndef FAQ_TOOLS_SERVE_API_H
#define FAQ_TOOLS_SERVE_API_H

#include <optional>
#include <string>
#include <string_view>

#include "faq/engine.h"
#include "faq/error.h"

namespace faq::serve {

// A request the server refuses: the HTTP status and the body's
// {"error": {"code", "message"}}.
struct ApiError {
  int http = 400;
  std::string code;
  std::string message;
};

std::string error_json(const std::string& code, const std::string& message);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points
// past U+10FFFF); otherwise `bad_offset` is the first offending byte.
bool valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

struct AskRequest {
  std::string question;
  std::string session;  // "" = start a new conversation
  AskOptions options;
};

struct FeedbackRequest {
  std::string session;
  std::string answer_id;
  bool helpful = false;
};

// Both parse a request body; they return the error to send, or nothing.
// Unknown fields, wrong types, invalid UTF-8 and malformed JSON are errors.
std::optional<ApiError> parse_ask(std::string_view body, AskRequest& out);
std::optional<ApiError> parse_feedback(std::string_view body, FeedbackRequest& out);

// The /v1/ask response: the result plus the conversation's session id.
std::string ask_response_json(const Result& r, const std::string& session_id);

// Maps an engine error to the HTTP status and error code the client sees.
ApiError from_engine_error(const faq::Error& e);

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_API_H
