#include <chrono>
#include <iostream>

#include "cli.h"
#include "faq/index.h"
#include "faq/ingest.h"

namespace faq::cli {

int cmd_index(int argc, char** argv) {
  Args args(argc, argv, {"skip-bad", "quiet", "no-spelling"});
  if (auto u = args.unknown({"out", "lang", "skip-bad", "quiet", "no-spelling", "threads"}); !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (args.positional().empty()) throw UsageError("give at least one INPUT file or directory");
  std::string out = args.get("out", FAQ_DEFAULT_INDEX);

  auto t0 = std::chrono::steady_clock::now();
  IngestOptions in_opts;
  in_opts.skip_bad = args.has("skip-bad");
  in_opts.default_lang = args.get("lang");
  IngestReport report;
  std::vector<Passage> passages;
  for (const std::string& input : args.positional()) {
    std::vector<Passage> more = read_path(input, in_opts, &report);
    passages.insert(passages.end(), std::make_move_iterator(more.begin()),
                    std::make_move_iterator(more.end()));
  }
  for (const std::string& e : report.errors) std::cerr << "skipped: " << e << "\n";
  if (passages.empty()) {
    std::cerr << "faq index: no passages found in the inputs; " << out << " left unchanged\n";
    return 1;
  }
  BuildOptions b_opts;
  b_opts.lang = args.get("lang");
  b_opts.spelling = !args.has("no-spelling");
  int threads = args.get_int("threads", 0);
  if (threads < 0 || threads > 8) throw UsageError("option --threads needs a number from 0 to 8");
  b_opts.threads = static_cast<unsigned>(threads);
  IndexInfo info = build_index(passages, out, b_opts);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!args.has("quiet"))
    std::cout << "indexed " << info.passages << " passages from " << report.files_read
              << " file(s) into " << out << " (lang " << info.lang << ", generation "
              << info.generation << ") in " << secs << " s"
              << (report.errors.empty() ? "" : ", " + std::to_string(report.errors.size()) + " problem(s) skipped")
              << "\n";
  return 0;
}

int cmd_info(int argc, char** argv) {
  Args args(argc, argv, {});
  if (auto u = args.unknown({"index"}); !u.empty()) throw UsageError("unknown option --" + u[0]);
  std::string dir = args.has("index") ? args.get("index") : default_index();
  IndexInfo info = read_index_info(dir);
  std::cout << "index:      " << info.path << "\n"
            << "passages:   " << info.passages << "\n"
            << "language:   " << info.lang << "\n"
            << "generation: " << info.generation << "\n"
            << "built at:   " << info.built_at << "\n"
            << "format:     " << info.format_version << " (" << info.analysis << ")\n";
  return 0;
}

}  // namespace faq::cli
