// tools/faq/serve_server.h — `faq serve`: the FAQ engine over HTTP + JSON.
//
//   POST /v1/ask       {"question", "session"?, "k"?, "filters"?}
//   POST /v1/feedback  {"session", "answer_id", "helpful"}
//   GET  /v1/health    GET /v1/info    GET /metrics
//   GET  /  /widget.js  /widget.css    the chat widget and its demo page
#ifndef FAQ_TOOLS_SERVE_SERVER_H
#define FAQ_TOOLS_SERVE_SERVER_H

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace faq::serve {

enum class LogLevel { error, warn, info, debug };

struct ServeConfig {
  std::string index;                      // index directory
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0 = any free port (printed on start)
  std::vector<std::string> cors_origins;  // allowed Origins; "*" = any
  std::string api_key;                    // "" = /v1/* and /metrics open
  size_t max_body = 64 * 1024;            // bytes
  double rate_limit = 0;                  // requests/s per client IP; 0 = off
  int session_ttl = 1800;                 // seconds
  size_t max_sessions = 50000;          // least recently used ones go first
  std::string feedback_log = "faq-feedback.jsonl";  // "" = off
  LogLevel log_level = LogLevel::info;
  int threads = 0;                        // HTTP workers; 0 = max(128, 32 x cores) (each open
                                          // keep-alive connection holds one; searches
                                          // run at most 2 x cores at once)
};

// Serves until stop() is called (from any thread) or the listening socket
// fails; in-flight requests finish first. Prints "listening on URL" to stderr
// once bound. Returns the process exit code. Throws faq::Error when the index
// cannot be opened.
int run_server(const ServeConfig& config, const std::function<void()>& on_listening = {});
void stop_server();

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_SERVER_H
