// `faq serve`: options, signals, and the server's lifetime.
#include <pthread.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli.h"
#include "serve_server.h"

namespace faq::cli {
namespace {

serve::LogLevel parse_level(const std::string& s) {
  if (s == "error") return serve::LogLevel::error;
  if (s == "warn") return serve::LogLevel::warn;
  if (s == "info") return serve::LogLevel::info;
  if (s == "debug") return serve::LogLevel::debug;
  throw UsageError("--log-level must be error, warn, info or debug, got \"" + s + "\"");
}

double parse_number(const Args& args, const std::string& name, double fallback) {
  if (!args.has(name)) return fallback;
  std::string v = args.get(name);
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(d >= 0)) throw UsageError("--" + name + " needs a number >= 0, got \"" + v + "\"");
  return d;
}

}  // namespace

int cmd_serve(int argc, char** argv) {
  Args args(argc, argv, {"no-log"});
  if (auto u = args.unknown({"index", "port", "host", "cors-origin", "api-key", "max-body", "rate-limit",
                             "session-ttl", "max-sessions", "log", "no-log", "log-level", "threads"});
      !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (!args.positional().empty()) throw UsageError("unexpected argument \"" + args.positional()[0] + "\"");

  serve::ServeConfig cfg;
  cfg.host = args.get("host", cfg.host);
  cfg.port = args.get_int("port", cfg.port);
  if (cfg.port < 0 || cfg.port > 65535) throw UsageError("--port must be 0..65535");
  cfg.cors_origins = args.all("cors-origin");
  cfg.api_key = args.get("api-key");
  if (cfg.api_key.empty())
    if (const char* env = std::getenv("FAQ_API_KEY")) cfg.api_key = env;
  int max_body = args.get_int("max-body", static_cast<int>(cfg.max_body));
  if (max_body < 64) throw UsageError("--max-body must be at least 64 bytes");
  cfg.max_body = static_cast<size_t>(max_body);
  cfg.rate_limit = parse_number(args, "rate-limit", 0);
  cfg.session_ttl = args.get_int("session-ttl", cfg.session_ttl);
  if (cfg.session_ttl < 1) throw UsageError("--session-ttl must be at least 1 second");
  int max_sessions = args.get_int("max-sessions", static_cast<int>(cfg.max_sessions));
  if (max_sessions < 1) throw UsageError("--max-sessions must be at least 1");
  cfg.max_sessions = static_cast<size_t>(max_sessions);
  cfg.feedback_log = args.has("no-log") ? "" : args.get("log", cfg.feedback_log);
  cfg.log_level = parse_level(args.get("log-level", "info"));
  cfg.threads = args.get_int("threads", 0);
  if (cfg.threads < 0 || cfg.threads > 1024) throw UsageError("--threads must be 1..1024 (0 = default)");
  cfg.index = args.has("index") ? args.get("index") : default_index();

  // SIGINT/SIGTERM are taken by one thread with sigwait, never by a handler
  // interrupting a worker: blocked here, before any thread starts, so every
  // thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client hanging up mid-response is not fatal

#ifdef __GLIBC__
  // Dozens of worker threads would each get a malloc arena of their own;
  // sessions made on one thread and dropped on another then leave every arena
  // fragmented and the resident size creeping up. A few arenas are enough
  // for a CPU-bound server.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, 2 * std::thread::hardware_concurrency())));
#endif

  std::atomic<bool> done{false};
  std::thread waiter([&] {
    timespec tick{0, 200 * 1000 * 1000};
    int ticks = 0;
    while (!done) {
#ifdef __GLIBC__
      // Expired and evicted sessions free memory all the time: give it back
      // to the system now and then, so that the resident size stays flat.
      if (++ticks % 150 == 0) malloc_trim(0);
#endif
      int sig = sigtimedwait(&stop_signals, nullptr, &tick);
      if (sig == SIGINT || sig == SIGTERM) {
        std::cerr << "faq serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                  << ", finishing requests in flight" << std::endl;
        serve::stop_server();
        return;
      }
    }
  });
  int rc = 1;
  try {
    rc = serve::run_server(cfg);
  } catch (...) {
    done = true;
    waiter.join();
    throw;
  }
  done = true;
  waiter.join();
  return rc;
}

}  // namespace faq::cli
