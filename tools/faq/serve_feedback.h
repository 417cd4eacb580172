// tools/faq/serve_feedback.h — the append-only log of questions the FAQ
// failed: answered no_answer or ambiguous, or marked not helpful.
//
// One JSON object a line (read by `faq report`):
//   {"time":"2024-05-01T12:00:00Z","kind":"no_answer"|"ambiguous"|"not_helpful",
//    "question":"...","status":"...","confidence":0.12,"session":"...",
//    "answer_id":"..." (not_helpful only)}
// Thread-safe: lines are written whole under a lock with O_APPEND, so several
// servers may share a file.
#ifndef FAQ_TOOLS_SERVE_FEEDBACK_H
#define FAQ_TOOLS_SERVE_FEEDBACK_H

#include <mutex>
#include <string>

namespace faq::serve {

class FeedbackLog {
 public:
  // An empty path disables the log. Throws faq::Error(io) when the file
  // cannot be opened for appending.
  explicit FeedbackLog(const std::string& path);
  ~FeedbackLog();
  FeedbackLog(const FeedbackLog&) = delete;
  FeedbackLog& operator=(const FeedbackLog&) = delete;

  bool enabled() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }
  // Appends one record; returns false when the write failed.
  bool append(const std::string& kind, const std::string& question, const std::string& status,
              double confidence, const std::string& session, const std::string& answer_id = "");

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mu_;
};

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_FEEDBACK_H
