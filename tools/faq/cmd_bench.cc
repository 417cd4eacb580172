// faq bench — the engine against SQLite FTS5 and plain Xapian on the same
// corpus and questions, in one run, reported as ratios to the best peer.
//
// The parent reads the corpus once and builds each engine's index in a forked
// child (build time counts the build only, not reading the corpus). Each
// engine's query phase then runs in a fresh process (this executable with the
// hidden `--phase query`), so that its memory high-water mark is its own; cold
// start times a fresh process (`--cold ENGINE INDEX QUESTION`) from spawn to
// exit.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench_stats.h"
#include "bench_subjects.h"
#include "cli.h"
#include "faq/error.h"
#include "faq/ingest.h"
#include "runs.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define FAQ_PROFILE_START() CALLGRIND_START_INSTRUMENTATION
#define FAQ_PROFILE_STOP() CALLGRIND_STOP_INSTRUMENTATION
#else
#define FAQ_PROFILE_START() ((void)0)
#define FAQ_PROFILE_STOP() ((void)0)
#endif

namespace fs = std::filesystem;
using nlohmann::json;

namespace faq::cli {
namespace {

using namespace bench;

const std::vector<std::string> kEngines = {"faq", "fts5", "xapian"};

// ---- the query phase, in its own process ------------------------------------

std::vector<Query> load_queries(const std::string& path, int limit) {
  std::vector<Query> q = read_queries(path);
  if (limit > 0 && q.size() > static_cast<size_t>(limit)) q.resize(static_cast<size_t>(limit));
  if (q.empty()) throw Error(ErrorCode::bad_input, path + ": no questions");
  return q;
}

// Questions per second with `threads` threads, each with its own searcher
// (the first `threads` of `searchers`), over `passes` passes.
double throughput(const std::vector<std::unique_ptr<Searcher>>& searchers, size_t threads,
                  const std::vector<Query>& queries, size_t passes) {
  size_t total = queries.size() * passes;
  std::atomic<size_t> next{0};
  auto work = [&](Searcher* s) {
    std::vector<std::string> ids;
    for (size_t i; (i = next++) < total;) {
      try {
        s->search(queries[i % queries.size()].text, ids);
      } catch (const Error&) {
      }
    }
  };
  auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, searchers[t].get());
  work(searchers[0].get());
  for (auto& t : pool) t.join();
  return static_cast<double>(total) / seconds_since(t0);
}

// The subject options a child process was started with (see child_options).
SubjectOptions subject_options(const Args& args) {
  SubjectOptions o;
  o.cjk = args.get("cjk") == "on";
  o.answers = args.get("answers", "ids");
  return o;
}

int query_phase(const Args& args) {
  std::unique_ptr<Subject> subject = make_subject(args.get("engine"), subject_options(args));
  if (!subject) throw UsageError("unknown engine \"" + args.get("engine") + "\"");
  std::vector<Query> queries = load_queries(args.get("queries"), args.get_int("limit", 0));
  const bool profile = args.has("profile");
  const int threads = std::max(1, args.get_int("threads", 2));
  const double min_seconds = std::stod(args.get("min-seconds", "2"));

  auto t0 = Clock::now();
  subject->open(args.get("index"));
  std::vector<std::unique_ptr<Searcher>> searchers;
  searchers.push_back(subject->searcher());
  double open_s = seconds_since(t0);

  std::vector<std::string> scratch;
  if (!profile)
    for (const Query& q : queries) try { searchers[0]->search(q.text, scratch); } catch (const Error&) {}

  std::vector<double> lat_us(queries.size()), cpu_us(queries.size());
  json ids = json::array();
  size_t errors = 0;
  FAQ_PROFILE_START();
  for (size_t i = 0; i < queries.size(); ++i) {
    auto t = Clock::now();
    double c = thread_cpu_seconds();
    try {
      searchers[0]->search(queries[i].text, scratch);
    } catch (const Error&) {
      scratch.clear();
      ++errors;
    }
    cpu_us[i] = (thread_cpu_seconds() - c) * 1e6;
    lat_us[i] = seconds_since(t) * 1e6;
    ids.push_back(scratch);
  }
  FAQ_PROFILE_STOP();

  json out = {{"open_s", open_s}, {"lat_us", lat_us}, {"cpu_us", cpu_us}, {"ids", ids}, {"errors", errors}};
  if (!profile) {
    double pass_s = 0;
    for (double u : lat_us) pass_s += u / 1e6;
    size_t passes = static_cast<size_t>(std::clamp(std::ceil(min_seconds / std::max(pass_s, 1e-6)), 1.0, 1000.0));
    out["passes"] = passes;
    while (searchers.size() < static_cast<size_t>(threads)) searchers.push_back(subject->searcher());
    // The other threads' first questions open their handles: not part of the run.
    std::vector<Query> head(queries.begin(), queries.begin() + std::min<size_t>(queries.size(), 200));
    throughput(searchers, searchers.size(), head, 1);
    // One thread, then all, in turns: a burst of other work on the machine
    // during a window of a few seconds would otherwise decide the ratio. Three
    // turns (the median of each) when a pass is shorter than min_seconds; a
    // longer window averages such bursts out by itself.
    const int turns = pass_s < min_seconds ? 3 : 1;
    std::vector<double> one, many;
    for (int t = 0; t < turns; ++t) {
      one.push_back(throughput(searchers, 1, queries, passes));
      many.push_back(throughput(searchers, searchers.size(), queries, passes));
    }
    out["threads"] = threads;
    out["qps_1t_turns"] = one;
    out["qps_nt_turns"] = many;
    out["qps_1t"] = median(one);
    out["qps_nt"] = median(many);
  }
  out["peak_rss_kib"] = peak_rss_kib();
  std::cout << out.dump() << std::endl;
  return 0;
}

// `faq bench --cold ENGINE INDEX QUESTION`: open and answer once, then exit.
int cold_start(const Args& args) {
  const auto& p = args.positional();
  if (p.size() != 3) throw UsageError("--cold needs ENGINE INDEX QUESTION");
  if (p[0] == "none") return 0;  // the cost of starting this executable at all
  std::unique_ptr<Subject> subject = make_subject(p[0], subject_options(args));
  if (!subject) throw UsageError("unknown engine \"" + p[0] + "\"");
  subject->open(p[1]);
  std::vector<std::string> ids;
  subject->searcher()->search(p[2], ids);
  std::cout << (ids.empty() ? "-" : ids[0]) << "\n";
  return 0;
}

// ---- the parent -------------------------------------------------------------

struct Metric {
  const char* key;
  const char* label;
  bool lower_is_better;
  double scale;  // display = value * scale
  const char* fmt;
};

const Metric kBuildMetrics[] = {
    {"build_s", "index build (s)", true, 1, "%.2f"},
    {"build_cpu_s", "index build CPU (s)", true, 1, "%.2f"},
    {"index_mib", "index size (MiB)", true, 1, "%.1f"},
    {"index_vs_text", "index size / corpus text", true, 1, "%.2f"},
};

const Metric kQueryMetrics[] = {
    {"p50_ms", "latency p50 (ms)", true, 1, "%.3f"},
    {"p90_ms", "latency p90 (ms)", true, 1, "%.3f"},
    {"p99_ms", "latency p99 (ms)", true, 1, "%.3f"},
    {"mean_ms", "latency mean (ms)", true, 1, "%.3f"},
    {"cpu_p50_ms", "CPU/question p50 (ms)", true, 1, "%.3f"},
    {"cpu_p99_ms", "CPU/question p99 (ms)", true, 1, "%.3f"},
    {"qps_1t", "questions/s, 1 thread", false, 1, "%.0f"},
    {"qps_2t", "questions/s, 2 threads", false, 1, "%.0f"},
    {"scaling_2t", "2 threads / 1 thread", false, 1, "%.2f"},
    {"peak_rss_mib", "peak RSS, query (MiB)", true, 1, "%.1f"},
    {"cold_ms", "cold start (ms, median)", true, 1, "%.1f"},
    {"cold_cpu_ms", "cold start CPU (ms)", true, 1, "%.1f"},
    {"mrr10", "MRR@10", false, 1, "%.4f"},
    {"p1", "P@1", false, 1, "%.4f"},
    {"r10", "R@10", false, 1, "%.4f"},
};

// Each engine's figure as a ratio to the best peer's ("0.42x best peer").
void add_ratios(json& engines, const Metric* metrics, size_t n) {
  for (size_t m = 0; m < n; ++m) {
    const Metric& mt = metrics[m];
    double best = NAN;
    for (auto& [name, e] : engines.items()) {
      if (name == "faq" || !e.contains(mt.key) || !e[mt.key].is_number()) continue;
      double v = e[mt.key].get<double>();
      if (std::isnan(best) || (mt.lower_is_better ? v < best : v > best)) best = v;
    }
    if (std::isnan(best) || best == 0) continue;
    for (auto& [name, e] : engines.items())
      if (e.contains(mt.key) && e[mt.key].is_number()) e["x_best_peer"][mt.key] = e[mt.key].get<double>() / best;
  }
}

void print_rows(const json& engines, const std::vector<std::string>& names, const Metric* metrics, size_t n) {
  for (size_t m = 0; m < n; ++m) {
    const Metric& mt = metrics[m];
    bool any = false;
    for (const auto& name : names) any |= engines[name].contains(mt.key);
    if (!any) continue;
    std::printf("  %-26s", mt.label);
    for (const auto& name : names) {
      const json& e = engines[name];
      char cell[64] = "-";
      if (e.contains(mt.key) && e[mt.key].is_number()) {
        char v[32];
        std::snprintf(v, sizeof v, mt.fmt, e[mt.key].get<double>() * mt.scale);
        if (e.contains("x_best_peer") && e["x_best_peer"].contains(mt.key))
          std::snprintf(cell, sizeof cell, "%s (%.2fx)", v, e["x_best_peer"][mt.key].get<double>());
        else
          std::snprintf(cell, sizeof cell, "%s", v);
      }
      std::printf(" %-22s", cell);
    }
    std::printf("\n");
  }
}

struct Target {
  std::string name;
  double value, limit;
  bool pass;
};

void check_target(std::vector<Target>& out, const std::string& name, double value, double limit, bool lower) {
  if (std::isnan(value) || std::isnan(limit)) return;
  out.push_back({name, value, limit, lower ? value <= limit : value >= limit});
}

double get(const json& e, const char* key) {
  return e.contains(key) && e[key].is_number() ? e[key].get<double>() : NAN;
}

// The best peer's figure for `key`.
double best_peer(const json& engines, const char* key, bool lower) {
  double best = NAN;
  for (auto& [name, e] : engines.items()) {
    if (name == "faq") continue;
    double v = get(e, key);
    if (!std::isnan(v) && (std::isnan(best) || (lower ? v < best : v > best))) best = v;
  }
  return best;
}

bool looks_cjk(const std::vector<Passage>& passages) {
  size_t cjk = 0, total = 0;
  for (size_t i = 0; i < passages.size() && i < 500; ++i)
    for (size_t j = 0; j + 2 < passages[i].answer.size(); ++j) {
      unsigned char c = static_cast<unsigned char>(passages[i].answer[j]);
      if (c < 0x80 || c >= 0xC0) ++total;
      if (c >= 0xE3 && c <= 0xE9) ++cjk;  // U+3000..U+9FFF
    }
  return total && cjk * 5 > total;
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

int run_bench(const Args& args) {
  if (!args.has("corpus") || !args.has("queries")) throw UsageError("give --corpus FILE and --queries FILE.jsonl");
  std::vector<std::string> engines;
  {
    std::string list = args.get("engines", "faq,fts5,xapian");
    for (size_t a = 0; a <= list.size();) {
      size_t b = list.find(',', a);
      if (b == std::string::npos) b = list.size();
      std::string e = list.substr(a, b - a);
      if (!e.empty()) {
        if (std::find(kEngines.begin(), kEngines.end(), e) == kEngines.end())
          throw UsageError("unknown engine \"" + e + "\" (known: faq, fts5, xapian)");
        engines.push_back(e);
      }
      a = b + 1;
    }
  }
  const std::string corpus = args.get("corpus");
  const std::vector<std::string> query_files = args.all("queries");
  const int rel = args.get_int("rel", 1);
  const int limit = args.get_int("limit", 0);
  const int cold_runs = std::max(1, args.get_int("cold-runs", 5));
  const std::string threads = std::to_string(std::max(1, args.get_int("threads", 2)));
  const std::string min_seconds = args.get("min-seconds", "2");
  const bool own_work = !args.has("work");
  const std::string work =
      args.get("work", (fs::temp_directory_path() / ("faq-bench-" + std::to_string(::getpid()))).string());
  fs::create_directories(work);
  Qrels qrels;
  if (args.has("qrels")) qrels = read_qrels(args.get("qrels"));

  json report;
  report["machine"] = {{"cores", std::thread::hardware_concurrency()}, {"loadavg_start", loadavg()}};

  // Reading is not part of any build time.
  std::fprintf(stderr, "bench: reading %s ...\n", corpus.c_str());
  auto t0 = Clock::now();
  std::vector<Passage> passages = read_path(corpus);
  double read_s = seconds_since(t0);
  uint64_t text_bytes = 0;
  for (const Passage& p : passages) text_bytes += p.title.size() + p.question.size() + p.answer.size();
  bool cjk = args.get("cjk", "auto") == "on" || (args.get("cjk", "auto") == "auto" && looks_cjk(passages));
  report["corpus"] = {{"path", corpus},
                      {"passages", passages.size()},
                      {"file_bytes", disk_usage(corpus).apparent},
                      {"text_bytes", text_bytes},
                      {"read_s", read_s},
                      {"cjk", cjk}};
  const std::string answers = args.get("answers", "ids");
  if (answers != "ids" && answers != "passages" && answers != "snippets")
    throw UsageError("--answers must be ids, passages or snippets");
  report["faq_answers"] = answers;
  SubjectOptions subject;
  subject.cjk = cjk;
  subject.answers = answers;

  // ---- builds, each in a forked child
  json builds = json::object();
  for (const std::string& e : engines) {
    std::string dir = work + "/" + e;
    fs::remove_all(dir);
    std::fprintf(stderr, "bench: building %s ...\n", e.c_str());
    ChildRun run = run_forked([&]() -> std::string {
      std::unique_ptr<Subject> s = make_subject(e, subject);
      auto t = Clock::now();
      s->build(passages, dir);
      return json{{"build_s", seconds_since(t)}}.dump();
    });
    if (run.status != 0) throw Error(ErrorCode::internal, "building the " + e + " index failed");
    DiskUsage du = disk_usage(dir);
    builds[e] = {{"build_s", json::parse(run.out)["build_s"]},
                 {"build_cpu_s", run.cpu_s},  // the child's CPU time: robust on a busy machine
                 {"index_bytes", du.allocated},
                 {"index_apparent_bytes", du.apparent},
                 {"index_mib", du.allocated / 1048576.0},
                 {"index_vs_text", text_bytes ? static_cast<double>(du.allocated) / text_bytes : NAN}};
  }
  // The query phases run in fresh processes: keep the parent small.
  std::vector<Passage>().swap(passages);
  ::malloc_trim(0);
  add_ratios(builds, kBuildMetrics, std::size(kBuildMetrics));
  report["build"] = builds;

  // Starting this executable at all, for reading the cold-start times.
  std::vector<double> exec_ms, exec_cpu_ms;
  for (int r = 0; r < cold_runs; ++r) {
    ChildRun run = run_self({"bench", "--cold", "none", "-", "-"});
    exec_ms.push_back(run.wall_s * 1e3);
    exec_cpu_ms.push_back(run.cpu_s * 1e3);
  }
  report["exec_baseline_ms"] = median(exec_ms);
  report["exec_baseline_cpu_ms"] = median(exec_cpu_ms);

  std::vector<Target> targets;
  json sets = json::array();
  for (const std::string& qfile : query_files) {
    std::vector<Query> queries = load_queries(qfile, limit);
    double words = 0;
    for (const Query& q : queries) words += split_words(q.text).size();
    json set = {{"queries", qfile}, {"questions", queries.size()}, {"words_mean", words / queries.size()}};
    json res = json::object();
    for (const std::string& e : engines) {
      std::fprintf(stderr, "bench: %s: querying %s ...\n", fs::path(qfile).filename().c_str(), e.c_str());
      ChildRun run = run_self({"bench", "--phase", "query", "--engine", e, "--index", work + "/" + e, "--queries",
                               qfile, "--limit", std::to_string(limit), "--threads", threads, "--min-seconds",
                               min_seconds, "--cjk", cjk ? "on" : "off", "--answers", answers});
      if (run.status != 0) throw Error(ErrorCode::internal, "the " + e + " query phase failed");
      json q = json::parse(run.out);
      std::vector<double> lat = q["lat_us"].get<std::vector<double>>();
      std::vector<double> cpu = q["cpu_us"].get<std::vector<double>>();
      json r = {{"p50_ms", percentile(lat, 50) / 1e3},
                {"p90_ms", percentile(lat, 90) / 1e3},
                {"p99_ms", percentile(lat, 99) / 1e3},
                {"max_ms", percentile(lat, 100) / 1e3},
                {"cpu_p50_ms", percentile(cpu, 50) / 1e3},
                {"cpu_p99_ms", percentile(cpu, 99) / 1e3},
                {"open_ms", q["open_s"].get<double>() * 1e3},
                {"errors", q["errors"]},
                {"passes", q["passes"]},
                {"qps_1t", q["qps_1t"]},
                {"qps_2t", q["qps_nt"]},
                {"scaling_2t", q["qps_nt"].get<double>() / q["qps_1t"].get<double>()},
                {"peak_rss_mib", q["peak_rss_kib"].get<double>() / 1024},
                {"wait4_maxrss_mib", run.maxrss_kib / 1024.0}};
      double sum = 0;
      for (double u : lat) sum += u;
      r["mean_ms"] = sum / lat.size() / 1e3;
      if (!qrels.empty()) {
        std::vector<Result> results(queries.size());
        for (size_t i = 0; i < queries.size(); ++i)
          for (const auto& id : q["ids"][i]) {
            results[i].answers.emplace_back();
            results[i].answers.back().id = id.get<std::string>();
          }
        // Only the questions asked (--limit): score_run counts a judged
        // question without results as a miss.
        Qrels asked;
        for (const Query& qu : queries)
          if (auto it = qrels.find(qu.id); it != qrels.end()) asked.insert(*it);
        Scores s = score_run(asked, queries, results, rel);
        r["mrr10"] = s.mrr;
        r["p1"] = s.p1;
        r["r10"] = s.r10;
        r["judged"] = s.queries;
      }
      res[e] = r;
    }
    // Cold start: engines interleaved, so that drift on a shared machine hits all.
    std::map<std::string, std::vector<double>> cold, cold_cpu;
    for (int k = 0; k < cold_runs; ++k)
      for (const std::string& e : engines) {
        ChildRun run = run_self({"bench", "--cold", e, work + "/" + e, queries[0].text, "--cjk", cjk ? "on" : "off",
                                 "--answers", answers});
        if (run.status != 0) throw Error(ErrorCode::internal, "the " + e + " cold start failed");
        cold[e].push_back(run.wall_s * 1e3);
        cold_cpu[e].push_back(run.cpu_s * 1e3);
      }
    for (const std::string& e : engines) {
      res[e]["cold_ms"] = median(cold[e]);
      res[e]["cold_runs_ms"] = cold[e];
      res[e]["cold_cpu_ms"] = median(cold_cpu[e]);
    }
    add_ratios(res, kQueryMetrics, std::size(kQueryMetrics));
    set["engines"] = res;

    // The targets that one run can check.
    if (res.contains("faq")) {
      const json& f = res["faq"];
      std::string tag = fs::path(qfile).parent_path().filename().string() + "/" + fs::path(qfile).stem().string();
      check_target(targets, tag + ": p50 <= 0.5x best peer", get(f, "p50_ms"), 0.5 * best_peer(res, "p50_ms", true), true);
      check_target(targets, tag + ": p99 <= 1x best peer", get(f, "p99_ms"), best_peer(res, "p99_ms", true), true);
      check_target(targets, tag + ": CPU p50 <= 0.5x best peer", get(f, "cpu_p50_ms"),
                   0.5 * best_peer(res, "cpu_p50_ms", true), true);
      check_target(targets, tag + ": CPU p99 <= 1x best peer", get(f, "cpu_p99_ms"),
                   best_peer(res, "cpu_p99_ms", true), true);
      if (!qrels.empty()) {
        double best = best_peer(res, "mrr10", false);
        if (!std::isnan(best))
          targets.push_back({tag + ": MRR@10 > every peer", get(f, "mrr10"), best, get(f, "mrr10") > best});
      }
      check_target(targets, tag + ": 2 threads >= 1.8x 1 thread", get(f, "scaling_2t"), 1.8, false);
      check_target(targets, tag + ": peak RSS <= 64 MiB", get(f, "peak_rss_mib"), 64, true);
      check_target(targets, tag + ": cold start <= 10 ms", get(f, "cold_ms"), 10, true);
      check_target(targets, tag + ": cold start CPU <= 10 ms", get(f, "cold_cpu_ms"), 10, true);
    }
    sets.push_back(set);
  }
  report["sets"] = sets;
  if (builds.contains("faq")) {
    if (builds.contains("fts5"))
      check_target(targets, "build <= 2x FTS5", get(builds["faq"], "build_s"), 2 * get(builds["fts5"], "build_s"), true);
    check_target(targets, "index size <= 1.5x corpus text", get(builds["faq"], "index_vs_text"), 1.5, true);
  }
  json tj = json::array();
  for (const Target& t : targets) tj.push_back({{"target", t.name}, {"value", t.value}, {"limit", t.limit}, {"pass", t.pass}});
  report["targets"] = tj;
  report["machine"]["loadavg_end"] = loadavg();

  // ---- the table
  std::printf("faq bench: %s — %zu passages, %.1f MiB of text (%s); %u cores, load %s\n", corpus.c_str(),
              report["corpus"]["passages"].get<size_t>(), text_bytes / 1048576.0, cjk ? "CJK" : "no CJK",
              std::thread::hardware_concurrency(), report["machine"]["loadavg_start"].get<std::string>().c_str());
  std::printf("  figures in parentheses: ratio to the best peer (fts5, xapian); per question, faq\n"
              "  returns the %s of the first 10 passages, the peers their ids\n\n",
              answers == "ids" ? "ids" : answers == "passages" ? "ids and stored text" : "ids, stored text and snippets");
  std::printf("  %-26s", "");
  for (const auto& e : engines) std::printf(" %-22s", e.c_str());
  std::printf("\n");
  print_rows(builds, engines, kBuildMetrics, std::size(kBuildMetrics));
  for (const json& set : sets) {
    std::printf("\n  %s: %zu questions, %.1f words on average\n", set["queries"].get<std::string>().c_str(),
                set["questions"].get<size_t>(), set["words_mean"].get<double>());
    print_rows(set["engines"], engines, kQueryMetrics, std::size(kQueryMetrics));
  }
  std::printf("\n  cold start includes starting the executable: %.1f ms (%.1f ms CPU) for `faq bench --cold none`\n",
              report["exec_baseline_ms"].get<double>(), report["exec_baseline_cpu_ms"].get<double>());
  std::printf("  load average at the start %s, at the end %s\n", report["machine"]["loadavg_start"].get<std::string>().c_str(),
              loadavg().c_str());
  if (!targets.empty()) {
    std::printf("\ntargets (faq):\n");
    for (const Target& t : targets)
      std::printf("  %-4s %-52s %.4g (limit %.4g)\n", t.pass ? "pass" : "FAIL", t.name.c_str(), t.value, t.limit);
  }
  if (args.has("json")) {
    std::ofstream out(args.get("json"));
    if (!out) throw Error(ErrorCode::io, args.get("json") + ": cannot write");
    out << report.dump(2) << "\n";
  }
  if (own_work && !args.has("keep")) fs::remove_all(work);
  return 0;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  Args args(argc, argv, {"cold", "keep", "profile"});
  if (auto u = args.unknown({"corpus", "queries", "qrels", "rel", "json", "engines", "work", "keep", "limit",
                             "threads", "min-seconds", "cold-runs", "cjk", "cold", "phase", "engine", "index",
                             "profile", "answers"});
      !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (args.has("cold")) return cold_start(args);
  if (args.get("phase") == "query") return query_phase(args);
  return run_bench(args);
}

}  // namespace faq::cli
