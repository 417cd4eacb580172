// tools/faq/serve_limits.h — per-client request rate limit (token bucket).
// Thread-safe.
#ifndef FAQ_TOOLS_SERVE_LIMITS_H
#define FAQ_TOOLS_SERVE_LIMITS_H

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace faq::serve {

class RateLimiter {
 public:
  // `rate` requests per second on average, bursts of up to `burst`.
  RateLimiter(double rate, double burst);
  // Takes a token of `client`'s bucket; false (and the seconds until the
  // next token in `retry_after`) when it is empty.
  bool allow(const std::string& client, double* retry_after);

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_;
};

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_LIMITS_H
