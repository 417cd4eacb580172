// faq/error.h — the one error type the C++ API throws.
//
// Every failure the engine reports is a faq::Error carrying an ErrorCode from
// a fixed table (the C API returns the same numbers) and a message that names
// what the user must fix: the file and line of bad input, the field of a bad
// JSON record, the index path that cannot be opened.
#ifndef FAQ_ERROR_H
#define FAQ_ERROR_H

#include <stdexcept>
#include <string>

namespace faq {

// Codes are only ever appended; the numbers are part of the C API (faq.h).
enum class ErrorCode : int {
  ok = 0,
  invalid_argument = 1,   // a NULL / empty / out-of-range argument
  invalid_utf8 = 2,       // text that is not valid UTF-8
  bad_input = 3,          // a document that cannot be parsed (file:line in the message)
  io = 4,                 // a file or directory cannot be read or written
  not_found = 5,          // an index, file or passage id that does not exist
  corrupt_index = 6,      // an index that exists but cannot be read
  version_mismatch = 7,   // an index written by an incompatible format or analysis
  too_large = 8,          // an input over one of the documented limits
  internal = 9,           // a bug: please report it
  busy = 10,              // another writer holds the index
};

// A short static description of a code ("invalid UTF-8", ...).
const char* error_code_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace faq

#endif  // FAQ_ERROR_H
