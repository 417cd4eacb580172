#include "serve_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "faq/engine.h"
#include "faq/error.h"
#include "faq/version.h"
#include "serve_api.h"
#include "serve_assets.h"
#include "serve_feedback.h"
#include "serve_limits.h"
#include "serve_metrics.h"
#include "serve_sessions.h"

namespace faq::serve {
namespace {

using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;
using Clock = std::chrono::steady_clock;

std::mutex g_server_mu;
httplib::Server* g_server = nullptr;
bool g_stop_requested = false;

// When the current request started (set by the pre-routing handler, read by
// the logger on the same thread: cpp-httplib handles a request on one thread).
thread_local Clock::time_point t_start;
thread_local bool t_started = false;

const char* kJson = "application/json; charset=utf-8";

class Log {
 public:
  explicit Log(LogLevel level) : level_(level) {}
  bool on(LogLevel l) const { return l <= level_; }
  void write(LogLevel l, const std::string& msg) {
    if (!on(l)) return;
    static const char* names[] = {"error", "warn", "info", "debug"};
    std::lock_guard<std::mutex> lock(mu_);
    std::cerr << "faq serve [" << names[static_cast<int>(l)] << "] " << msg << std::endl;
  }

 private:
  LogLevel level_;
  std::mutex mu_;
};

bool same_secret(const std::string& a, const std::string& b) {
  // Compares every byte whatever the first difference, so the time taken
  // does not tell how much of a guessed key was right.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

// At most `n` holders at a time; the others wait their turn, first come
// first served (a plain condition variable lets late comers overtake, and
// some requests then wait for seconds). Connections need many worker threads
// (each open keep-alive connection holds one), but searching is CPU-bound: a
// few searches at once finish sooner than dozens, and the engine then keeps
// only a few searchers (database handles, caches).
class Gate {
 public:
  explicit Gate(int n) : free_(std::max(1, n)) {}
  void enter() {
    std::unique_lock<std::mutex> lock(mu_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    Waiter me;
    waiting_.push_back(&me);
    me.cv.wait(lock, [&] { return me.admitted; });
  }
  void leave() {
    std::lock_guard<std::mutex> lock(mu_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    Waiter* next = waiting_.front();  // the slot passes straight to it
    waiting_.pop_front();
    next->admitted = true;
    next->cv.notify_one();
  }

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  std::mutex mu_;
  std::deque<Waiter*> waiting_;
  int free_;
};

class App {
 public:
  explicit App(const ServeConfig& cfg)
      : cfg_(cfg),
        engine_(Engine::open(cfg.index)),
        sessions_(std::chrono::seconds(cfg.session_ttl), cfg.max_sessions),
        feedback_(cfg.feedback_log),
        log_(cfg.log_level),
        searches_(static_cast<int>(2 * std::max(1u, std::thread::hardware_concurrency()))),
        started_(Clock::now()) {
    if (cfg.rate_limit > 0) limiter_ = std::make_unique<RateLimiter>(cfg.rate_limit, std::max(1.0, cfg.rate_limit));
  }

  void install(httplib::Server& svr) {
    svr.set_pre_routing_handler([this](const Request& req, Response& res) { return pre_route(req, res); });
    svr.Post("/v1/ask", [this](const Request& req, Response& res) { ask(req, res); });
    svr.Post("/v1/feedback", [this](const Request& req, Response& res) { feedback(req, res); });
    svr.Get("/v1/health", [this](const Request& req, Response& res) { health(req, res); });
    svr.Get("/v1/info", [this](const Request& req, Response& res) { info(req, res); });
    svr.Get("/metrics", [this](const Request& req, Response& res) { metrics(req, res); });
    for (const char* path : {"/", "/index.html", "/widget.js", "/widget.css", "/demo.css"})
      svr.Get(path, [this](const Request& req, Response& res) { asset(req, res); });
    // Browsers ask for it on every page: no icon, and no 404 in their console.
    svr.Get("/favicon.ico", [](const Request&, Response& res) { res.status = 204; });
    // Other methods on known paths: 405 naming the right one.
    for (auto [path, allow] : {std::pair{"/v1/ask", "POST, OPTIONS"}, {"/v1/feedback", "POST, OPTIONS"},
                               {"/v1/health", "GET, HEAD, OPTIONS"}, {"/v1/info", "GET, HEAD, OPTIONS"},
                               {"/metrics", "GET, HEAD"}}) {
      std::string a = allow;
      auto h = [this, a](const Request& req, Response& res) {
        res.set_header("Allow", a);
        error(res, 405, "method_not_allowed", req.method + " is not allowed here (allowed: " + a + ")");
      };
      if (a.rfind("POST", 0) == 0) svr.Get(path, h);
      else svr.Post(path, h);
      svr.Put(path, h);
      svr.Delete(path, h);
      svr.Patch(path, h);
    }
    svr.set_error_handler(httplib::Server::HandlerWithResponse([](const Request& req, Response& res) {
      if (!res.body.empty()) return HandlerResponse::Unhandled;
      std::string code = "bad_request", message = "bad request";
      switch (res.status) {
        case 404: code = "not_found"; message = "no such path: " + req.path; break;
        case 413: code = "too_large"; message = "request body too large"; break;
        case 414: code = "uri_too_long"; message = "request URI too long"; break;
        case 416: code = "bad_range"; message = "bad range"; break;
        case 500: code = "internal"; message = "internal error"; break;
        default: break;
      }
      res.set_content(error_json(code, message), kJson);
      return HandlerResponse::Handled;
    }));
    svr.set_exception_handler([this](const Request& req, Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      log_.write(LogLevel::error, req.method + " " + req.path + ": " + what);
      error(res, 500, "internal", "internal error");
    });
    svr.set_logger([this](const Request& req, const Response& res) {
      double secs = t_started ? std::chrono::duration<double>(Clock::now() - t_start).count() : 0.0;
      t_started = false;
      metrics_.observe(Metrics::endpoint_of(req.path), res.status, secs);
      if (log_.on(LogLevel::debug))
        log_.write(LogLevel::debug, req.remote_addr + " " + req.method + " " + req.path + " " +
                                        std::to_string(res.status) + " " + std::to_string(secs * 1000) + "ms");
    });
  }

  Engine& engine() { return engine_; }
  Log& log() { return log_; }
  const FeedbackLog& feedback_log() const { return feedback_; }

 private:
  void json(Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, kJson);
  }
  void error(Response& res, int status, const std::string& code, const std::string& message) {
    json(res, status, error_json(code, message));
  }

  bool origin_allowed(const std::string& origin) const {
    for (const auto& o : cfg_.cors_origins)
      if (o == "*" || o == origin) return true;
    return false;
  }

  HandlerResponse pre_route(const Request& req, Response& res) {
    t_start = Clock::now();
    t_started = true;
    res.set_header("X-Content-Type-Options", "nosniff");
    std::string origin = req.get_header_value("Origin");
    bool cors = !origin.empty() && origin_allowed(origin);
    if (cors) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (req.method == "OPTIONS") {
      if (!origin.empty() && !cors) {
        error(res, 403, "cors_forbidden", "origin " + origin + " is not allowed (see --cors-origin)");
        return HandlerResponse::Handled;
      }
      res.status = 204;
      res.set_header("Allow", "GET, POST, OPTIONS");
      if (cors) {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization, X-API-Key");
        res.set_header("Access-Control-Max-Age", "600");
      }
      return HandlerResponse::Handled;
    }
    // A POST that says neither how long its body is nor that it comes in
    // chunks would be read until the client closes or the read times out
    // (cpp-httplib reads such a body to the end of the connection).
    if (req.method == "POST" && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      error(res, 411, "length_required", "send the body with a Content-Length header");
      res.set_header("Connection", "close");
      return HandlerResponse::Handled;
    }
    return HandlerResponse::Unhandled;
  }

  // Rate limit and API key of /v1/* and /metrics (health is exempt: load
  // balancers and probes ask it without credentials). False when `res` holds
  // the refusal.
  bool admit(const Request& req, Response& res) {
    double retry = 0;
    if (limiter_ && !limiter_->allow(req.remote_addr, &retry)) {
      res.set_header("Retry-After", std::to_string(static_cast<int>(std::ceil(retry))));
      error(res, 429, "rate_limited", "too many requests; retry after a moment");
      return false;
    }
    if (!cfg_.api_key.empty()) {
      std::string key = req.get_header_value("X-API-Key");
      std::string auth = req.get_header_value("Authorization");
      if (key.empty() && lower(auth.substr(0, 7)) == "bearer ") key = auth.substr(7);
      if (!same_secret(key, cfg_.api_key)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"faq\"");
        error(res, 401, "unauthorized",
              key.empty() ? "an API key is required (Authorization: Bearer KEY or X-API-Key)" : "wrong API key");
        return false;
      }
    }
    return true;
  }

  bool json_body(const Request& req, Response& res) {
    std::string type = lower(req.get_header_value("Content-Type"));
    if (type.rfind("application/json", 0) == 0) return true;
    error(res, 415, "unsupported_media_type", "send the body as Content-Type: application/json");
    return false;
  }

  void ask(const Request& req, Response& res) {
    if (!admit(req, res) || !json_body(req, res)) return;
    AskRequest ar;
    if (auto e = parse_ask(req.body, ar)) return error(res, e->http, e->code, e->message);
    std::string id = ar.session;
    auto conv = sessions_.open(id);
    Result r;
    {
      std::lock_guard<std::mutex> lock(conv->mu);
      try {
        searches_.enter();
        struct Leave {
          Gate& g;
          ~Leave() { g.leave(); }
        } leave{searches_};
        r = engine_.ask(ar.question, ar.options, &conv->session);
      } catch (const faq::Error& e) {
        ApiError a = from_engine_error(e);
        if (a.http >= 500) log_.write(LogLevel::error, std::string("ask: ") + e.what());
        return error(res, a.http, a.code, a.message);
      }
      Turn t{ar.question, r.status, r.confidence, {}};
      for (const Answer& a : r.answers) t.answer_ids.push_back(a.id);
      conv->turns.push_back(std::move(t));
      if (conv->turns.size() > Conversation::kMaxTurns) conv->turns.erase(conv->turns.begin());
    }
    metrics_.count_status(r.status);
    if (r.status != Status::answer &&
        !feedback_.append(status_name(r.status), ar.question, status_name(r.status), r.confidence, id))
      log_.write(LogLevel::warn, "cannot append to the feedback log " + feedback_.path());
    json(res, 200, ask_response_json(r, id));
  }

  void feedback(const Request& req, Response& res) {
    if (!admit(req, res) || !json_body(req, res)) return;
    FeedbackRequest fr;
    if (auto e = parse_feedback(req.body, fr)) return error(res, e->http, e->code, e->message);
    auto conv = sessions_.find(fr.session);
    if (!conv) return error(res, 404, "unknown_session", "no such session (it may have expired)");
    Turn turn;
    {
      std::lock_guard<std::mutex> lock(conv->mu);
      auto it = std::find_if(conv->turns.rbegin(), conv->turns.rend(), [&](const Turn& t) {
        return std::find(t.answer_ids.begin(), t.answer_ids.end(), fr.answer_id) != t.answer_ids.end();
      });
      if (it == conv->turns.rend())
        return error(res, 404, "unknown_answer", "answer_id is not one of this session's recent answers");
      turn = *it;
    }
    metrics_.count_feedback(fr.helpful);
    bool logged = false;
    if (!fr.helpful && feedback_.enabled()) {
      logged = feedback_.append("not_helpful", turn.question, status_name(turn.status), turn.confidence,
                                fr.session, fr.answer_id);
      if (!logged) log_.write(LogLevel::warn, "cannot append to the feedback log " + feedback_.path());
    }
    json(res, 200, nlohmann::json({{"ok", true}, {"logged", logged}}).dump());
  }

  void health(const Request&, Response& res) {
    json(res, 200, R"({"status":"ok"})");
  }

  void info(const Request& req, Response& res) {
    if (!admit(req, res)) return;
    try {
      IndexInfo i = engine_.info();
      nlohmann::json j = {
          {"version", FAQ_VERSION_STRING},
          {"index",
           {{"format_version", i.format_version}, {"analysis", i.analysis}, {"lang", i.lang},
            {"passages", i.passages}, {"generation", i.generation}, {"built_at", i.built_at},
            {"synonym_keys", i.synonym_keys},
            // the confidence an answer needs when a question sets none
            {"threshold", i.threshold >= 0 ? i.threshold : kDefaultThreshold}}},
          {"uptime_seconds", std::chrono::duration<double>(Clock::now() - started_).count()},
          {"sessions", sessions_.size()}};
      json(res, 200, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (const faq::Error& e) {
      ApiError a = from_engine_error(e);
      error(res, a.http, a.code, a.message);
    }
  }

  void metrics(const Request& req, Response& res) {
    if (!admit(req, res)) return;
    std::map<std::string, std::pair<std::string, double>> g;
    g["faq_sessions"] = {"Open conversations.", static_cast<double>(sessions_.size())};
    g["faq_uptime_seconds"] = {"Seconds since the server started.",
                               std::chrono::duration<double>(Clock::now() - started_).count()};
    g["process_resident_memory_bytes"] = {"Resident memory.", static_cast<double>(resident_bytes())};
    try {
      IndexInfo i = engine_.info();
      g["faq_index_generation"] = {"Generation of the index on disk.", static_cast<double>(i.generation)};
      g["faq_index_passages"] = {"Passages in the index.", static_cast<double>(i.passages)};
    } catch (const faq::Error&) {
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(metrics_.render(g), "text/plain; version=0.0.4; charset=utf-8");
  }

  void asset(const Request& req, Response& res) {
    const Asset* a = find_asset(req.path);
    if (!a) return error(res, 404, "not_found", "no such path: " + req.path);
    bool html = std::string(a->content_type).rfind("text/html", 0) == 0;
    res.set_header("Cache-Control", html ? "no-cache" : "public, max-age=300");
    if (html) {
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "object-src 'none'; base-uri 'none'; frame-ancestors 'self'");
      res.set_header("Referrer-Policy", "no-referrer");
    }
    res.set_content(reinterpret_cast<const char*>(a->data), a->size, a->content_type);
  }

  const ServeConfig& cfg_;
  Engine engine_;
  SessionStore sessions_;
  Metrics metrics_;
  std::unique_ptr<RateLimiter> limiter_;
  FeedbackLog feedback_;
  Log log_;
  Gate searches_;  // engine searches at once
  Clock::time_point started_;
};

// Notices a rebuilt index even when no question comes in, so /v1/info and
// the log show the switch (ask() would also pick it up by itself).
class IndexWatcher {
 public:
  explicit IndexWatcher(App& app) : app_(app), thread_([this] { run(); }) {}
  ~IndexWatcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void run() {
    uint64_t seen = generation();
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(2), [this] { return done_; })) {
      uint64_t g = generation();
      if (g != 0 && g != seen) {
        app_.engine().reopen();
        app_.log().write(LogLevel::info, "index generation " + std::to_string(seen) + " -> " + std::to_string(g));
        seen = g;
      }
    }
  }
  uint64_t generation() {
    try {
      return app_.engine().info().generation;
    } catch (const std::exception&) {
      return 0;
    }
  }

  App& app_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

int run_server(const ServeConfig& cfg, const std::function<void()>& on_listening) {
  App app(cfg);
  IndexInfo info = app.engine().info();
  app.log().write(LogLevel::info, "index " + cfg.index + ": " + std::to_string(info.passages) +
                                      " passages, generation " + std::to_string(info.generation));
  if (app.feedback_log().enabled())
    app.log().write(LogLevel::info, "feedback log: " + app.feedback_log().path());

  httplib::Server svr;
  // Each open keep-alive connection holds a worker: with fewer workers than
  // connections, a reconnecting client waits for one (seconds, under load).
  int threads = cfg.threads > 0 ? cfg.threads
                                : static_cast<int>(std::max(128u, 32 * std::thread::hardware_concurrency()));
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(cfg.max_body);
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(2);  // an idle keep-alive connection holds a worker: let it go soon
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);
  svr.set_tcp_nodelay(true);
  // cpp-httplib's default sets SO_REUSEPORT, with which a second server on a
  // busy port binds too and takes half its connections. SO_REUSEADDR alone
  // still allows a restart while old connections linger in TIME_WAIT.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  app.install(svr);

  int port = cfg.port;
  bool bound = false;
  if (port == 0) {
    port = svr.bind_to_any_port(cfg.host);
    bound = port > 0;
  } else {
    bound = svr.bind_to_port(cfg.host, port);
  }
  if (!bound) throw faq::Error(ErrorCode::io, "cannot listen on " + cfg.host + ":" + std::to_string(cfg.port));
  {
    std::lock_guard<std::mutex> lock(g_server_mu);
    if (g_stop_requested) return 0;
    g_server = &svr;
  }
  IndexWatcher watcher(app);
  std::string shown_host = cfg.host.find(':') != std::string::npos ? "[" + cfg.host + "]" : cfg.host;
  std::cerr << "faq serve: listening on http://" << shown_host << ":" << port << "/" << std::endl;
  if (on_listening) on_listening();
  bool ok = svr.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(g_server_mu);
    g_server = nullptr;
  }
  app.log().write(LogLevel::info, "stopped");
  return ok ? 0 : 1;
}

void stop_server() {
  std::lock_guard<std::mutex> lock(g_server_mu);
  g_stop_requested = true;
  if (g_server) g_server->stop();
}

}  // namespace faq::serve
