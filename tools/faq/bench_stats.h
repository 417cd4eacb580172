// tools/faq/bench_stats.h — measuring for `faq bench`: clocks, percentiles,
// disk usage, memory high-water marks and child processes.
#ifndef FAQ_TOOLS_BENCH_STATS_H
#define FAQ_TOOLS_BENCH_STATS_H

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace faq::cli::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of the calling thread, in seconds: unlike the wall clock it does
// not count the time other processes of a busy machine hold the cores.
double thread_cpu_seconds();

// Nearest-rank percentile (p in [0, 100]) of `values`, which it sorts.
double percentile(std::vector<double>& values, double p);
double median(std::vector<double> values);

// Bytes the files under `path` (a file or a directory) occupy on disk, as du
// counts them (allocated blocks), and their apparent size.
struct DiskUsage {
  uint64_t allocated = 0, apparent = 0;
};
DiskUsage disk_usage(const std::string& path);

// This process's resident-set high-water mark (VmHWM), in KiB. Unlike
// ru_maxrss it starts afresh at exec(): Linux carries the parent's peak over
// into a child's ru_maxrss through fork and exec.
long peak_rss_kib();

// A child process that ran to completion.
struct ChildRun {
  int status = -1;        // exit code, or 128 + signal
  double wall_s = 0;      // from fork or spawn to the child's exit, as the parent saw it
  long maxrss_kib = 0;    // ru_maxrss from wait4
  double cpu_s = 0;       // user + system time of the child, from wait4
  std::string out;        // what it wrote to stdout
};

// Runs this executable again (/proc/self/exe, started by posix_spawn) with
// `args` (argv[1...]).
ChildRun run_self(const std::vector<std::string>& args);

// Forks without exec and runs `work` in the child; its return value is the
// child's stdout (so a child can hand back a result). Exceptions in the child
// are printed to stderr and make the status 1.
template <class F>
ChildRun run_forked(F work);

// The implementation behind run_forked.
ChildRun run_forked_fn(std::string (*fn)(void*), void* ctx);

template <class F>
ChildRun run_forked(F work) {
  return run_forked_fn([](void* ctx) { return (*static_cast<F*>(ctx))(); }, &work);
}

}  // namespace faq::cli::bench

#endif  // FAQ_TOOLS_BENCH_STATS_H
