// tools/faq/serve_metrics.h — counters of `faq serve` in the Prometheus text
// format (GET /metrics). Thread-safe; cheap enough for every request.
#ifndef FAQ_TOOLS_SERVE_METRICS_H
#define FAQ_TOOLS_SERVE_METRICS_H

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "faq/engine.h"

namespace faq::serve {

class Metrics {
 public:
  // The endpoint label of a path: a fixed set, so that scanners probing
  // random paths cannot grow the label space.
  static std::string endpoint_of(const std::string& path);

  void observe(const std::string& endpoint, int code, double seconds);
  void count_status(Status s);
  void count_feedback(bool helpful);
  // `gauges` are appended as they are ("name value" pairs with their HELP).
  std::string render(const std::map<std::string, std::pair<std::string, double>>& gauges) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // non-cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, uint64_t> statuses_;
  uint64_t feedback_[2] = {0, 0};
};

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_METRICS_H
