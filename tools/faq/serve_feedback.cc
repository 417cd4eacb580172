#include "serve_feedback.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "faq/error.h"

namespace faq::serve {

FeedbackLog::FeedbackLog(const std::string& path) : path_(path) {
  if (path.empty()) return;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0)
    throw faq::Error(ErrorCode::io, "cannot open the feedback log " + path + ": " + std::strerror(errno));
}

FeedbackLog::~FeedbackLog() {
  if (fd_ >= 0) ::close(fd_);
}

bool FeedbackLog::append(const std::string& kind, const std::string& question, const std::string& status,
                         double confidence, const std::string& session, const std::string& answer_id) {
  if (fd_ < 0) return true;
  char when[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  nlohmann::json j = {{"time", when},     {"kind", kind},       {"question", question},
                      {"status", status}, {"confidence", confidence}, {"session", session}};
  if (!answer_id.empty()) j["answer_id"] = answer_id;
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace faq::serve
