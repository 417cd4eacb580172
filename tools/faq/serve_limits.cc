#include "serve_limits.h"

#include <algorithm>

namespace faq::serve {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(rate), burst_(std::max(burst, 1.0)), last_sweep_(Clock::now()) {}

bool RateLimiter::allow(const std::string& client, double* retry_after) {
  auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  // Buckets idle long enough to be full again carry no state: forget them,
  // so that many clients over time do not grow the map without bound.
  if (now - last_sweep_ > std::chrono::seconds(30)) {
    double refill = burst_ / rate_;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      if (std::chrono::duration<double>(now - it->second.last).count() > refill) it = buckets_.erase(it);
      else ++it;
    }
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after) *retry_after = (1.0 - b.tokens) / rate_;
  return false;
}

}  // namespace faq::serve
