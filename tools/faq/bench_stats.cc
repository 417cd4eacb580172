#include "bench_stats.h"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace faq::cli::bench {

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * values.size()));
  return values[std::min(values.size(), std::max<size_t>(rank, 1)) - 1];
}

double median(std::vector<double> values) { return percentile(values, 50); }

double thread_cpu_seconds() {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

DiskUsage disk_usage(const std::string& path) {
  DiskUsage du;
  auto add = [&](const fs::path& p) {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    du.allocated += static_cast<uint64_t>(st.st_blocks) * 512;
    du.apparent += static_cast<uint64_t>(st.st_size);
  };
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      add(it->path());
  } else {
    add(path);
  }
  return du;
}

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) break;
  }
  return out;
}

// Opens the pipe a child reports through and forks (0 in the child); `t0` is
// when the child started.
pid_t fork_with_pipe(int fds[2], Clock::time_point& t0) {
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("bench: pipe: ") + std::strerror(errno));
  std::fflush(nullptr);
  t0 = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("bench: fork: ") + std::strerror(errno));
  return pid;
}

ChildRun finish(pid_t pid, int fd, Clock::time_point t0) {
  ChildRun run;
  run.out = read_all(fd);
  ::close(fd);
  int status = 0;
  struct rusage ru;
  while (::wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  run.wall_s = seconds_since(t0);
  run.maxrss_kib = ru.ru_maxrss;
  run.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace

ChildRun run_self(const std::vector<std::string>& args) {
  std::vector<std::string> argv_s{"/proc/self/exe"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(std::string("bench: pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::fflush(nullptr);
  // posix_spawn, not fork: a fresh process started the way a service manager
  // starts a bot, without first copying this (large) process's page tables.
  // /proc/self/exe itself, not the path it names: that still works when the
  // file has been replaced (rebuilt) while the bench runs.
  Clock::time_point t0 = Clock::now();
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw std::runtime_error(std::string("bench: spawn: ") + std::strerror(rc));
  }
  return finish(pid, fds[0], t0);
}

ChildRun run_forked_fn(std::string (*fn)(void*), void* ctx) {
  int fds[2];
  Clock::time_point t0;
  pid_t pid = fork_with_pipe(fds, t0);
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      std::string out = fn(ctx);
      for (size_t off = 0; off < out.size();) {
        ssize_t w = ::write(fds[1], out.data() + off, out.size() - off);
        if (w <= 0) break;
        off += static_cast<size_t>(w);
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench: %s\n", e.what());
      code = 1;
    }
    ::close(fds[1]);
    std::fflush(nullptr);
    ::_exit(code);
  }
  ::close(fds[1]);
  return finish(pid, fds[0], t0);
}

}  // namespace faq::cli::bench
