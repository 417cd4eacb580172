#include "faq/error.h"

namespace faq {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::invalid_argument: return "invalid argument";
    case ErrorCode::invalid_utf8: return "invalid UTF-8";
    case ErrorCode::bad_input: return "bad input";
    case ErrorCode::io: return "I/O error";
    case ErrorCode::not_found: return "not found";
    case ErrorCode::corrupt_index: return "corrupt index";
    case ErrorCode::version_mismatch: return "index version mismatch";
    case ErrorCode::too_large: return "input too large";
    case ErrorCode::internal: return "internal error";
    case ErrorCode::busy: return "index busy";
  }
  return "unknown error";
}

}  // namespace faq
