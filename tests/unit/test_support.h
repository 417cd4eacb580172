// tests/unit/test_support.h — helpers shared by the unit tests.
#ifndef FAQ_TESTS_TEST_SUPPORT_H
#define FAQ_TESTS_TEST_SUPPORT_H

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "faq/error.h"

namespace faq_test {

// The error thrown by f; ErrorCode::internal for any exception that is not a
// faq::Error (that is a bug), ErrorCode::ok when nothing is thrown.
inline faq::Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const faq::Error& e) {
    return e;
  } catch (const std::exception& e) {
    return faq::Error(faq::ErrorCode::internal, std::string("not a faq::Error: ") + e.what());
  } catch (...) {
    return faq::Error(faq::ErrorCode::internal, "not a std::exception");
  }
  return faq::Error(faq::ErrorCode::ok, "no error thrown");
}

// A scratch directory, unique to the test and process, removed when the test ends.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("faq_test_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str(const std::string& rel = "") const { return (rel.empty() ? path : path / rel).string(); }
  void write(const std::string& rel, const std::string& content) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << content;
  }
};

}  // namespace faq_test

#endif  // FAQ_TESTS_TEST_SUPPORT_H
