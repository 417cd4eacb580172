#include "serve_metrics.h"

#include <sstream>

namespace faq::serve {

std::string Metrics::endpoint_of(const std::string& path) {
  for (const char* p : {"/v1/ask", "/v1/feedback", "/v1/health", "/v1/info", "/metrics"})
    if (path == p) return p;
  if (path == "/" || path == "/index.html" || path == "/widget.js" || path == "/widget.css" || path == "/demo.css") return "static";
  return "other";
}

void Metrics::observe(const std::string& endpoint, int code, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{endpoint, code}];
  Histogram& h = latency_[endpoint];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::count_status(Status s) {
  std::lock_guard<std::mutex> lock(mu_);
  ++statuses_[status_name(s)];
}

void Metrics::count_feedback(bool helpful) {
  std::lock_guard<std::mutex> lock(mu_);
  ++feedback_[helpful ? 1 : 0];
}

std::string Metrics::render(const std::map<std::string, std::pair<std::string, double>>& gauges) const {
  std::ostringstream out;
  out.precision(10);
  std::lock_guard<std::mutex> lock(mu_);
  out << "# HELP faq_http_requests_total HTTP requests by endpoint and status code.\n"
      << "# TYPE faq_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "faq_http_requests_total{endpoint=\"" << key.first << "\",code=\"" << key.second << "\"} " << n << "\n";
  out << "# HELP faq_http_request_duration_seconds Time from reading a request to writing its response.\n"
      << "# TYPE faq_http_request_duration_seconds histogram\n";
  for (const auto& [ep, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "faq_http_request_duration_seconds_bucket{endpoint=\"" << ep << "\",le=\"" << kBuckets[i] << "\"} "
          << cumulative << "\n";
    }
    out << "faq_http_request_duration_seconds_bucket{endpoint=\"" << ep << "\",le=\"+Inf\"} " << h.count << "\n"
        << "faq_http_request_duration_seconds_sum{endpoint=\"" << ep << "\"} " << h.sum << "\n"
        << "faq_http_request_duration_seconds_count{endpoint=\"" << ep << "\"} " << h.count << "\n";
  }
  out << "# HELP faq_answers_total Questions answered, by result status.\n"
      << "# TYPE faq_answers_total counter\n";
  for (const char* s : {"answer", "ambiguous", "no_answer"}) {
    auto it = statuses_.find(s);
    out << "faq_answers_total{status=\"" << s << "\"} " << (it == statuses_.end() ? 0 : it->second) << "\n";
  }
  out << "# HELP faq_feedback_total Feedback received, by helpfulness.\n"
      << "# TYPE faq_feedback_total counter\n"
      << "faq_feedback_total{helpful=\"true\"} " << feedback_[1] << "\n"
      << "faq_feedback_total{helpful=\"false\"} " << feedback_[0] << "\n";
  for (const auto& [name, g] : gauges) {
    out << "# HELP " << name << " " << g.first << "\n# TYPE " << name << " gauge\n" << name << " " << g.second << "\n";
  }
  return out.str();
}

}  // namespace faq::serve
