#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "faq/engine.h"
#include "faq/index.h"
#include "faq/ingest.h"

namespace faq::cli {

namespace fs = std::filesystem;

int cmd_index(int argc, char** argv) {
  Args args(argc, argv, {"skip-bad", "quiet", "no-spelling"});
  if (auto u = args.unknown({"out", "lang", "skip-bad", "quiet", "no-spelling", "threads", "synonyms", "threshold"});
      !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (args.positional().empty()) throw UsageError("give at least one INPUT file or directory");
  std::string out = args.has("out") ? args.get("out") : default_index_path();

  auto t0 = std::chrono::steady_clock::now();
  IngestOptions in_opts;
  in_opts.skip_bad = args.has("skip-bad");
  in_opts.default_lang = args.get("lang");
  BuildOptions b_opts;
  b_opts.lang = args.get("lang");
  b_opts.spelling = !args.has("no-spelling");
  int threads = args.get_int("threads", 0);
  if (threads < 0 || threads > 8) throw UsageError("option --threads needs a number from 0 to 8");
  b_opts.threads = static_cast<unsigned>(threads);
  if (args.has("threshold")) b_opts.threshold = args.get_double("threshold", -1, 0, 1);
  for (const std::string& file : args.all("synonyms")) {
    std::vector<Synonym> more = read_synonyms(file);
    b_opts.synonyms.insert(b_opts.synonyms.end(), more.begin(), more.end());
  }
  // Each file's passages go to the writer as soon as the file is read: a
  // large corpus is never held in memory at once. Nothing replaces what
  // `out` held until commit(); an error before leaves it as it was.
  // A directory made for an index that did not come about is removed again.
  std::error_code ec;
  bool out_existed = fs::exists(out, ec);
  auto forget_out = [&] {
    if (!out_existed) fs::remove_all(out, ec);
  };
  IngestReport report;
  IndexInfo info;
  try {
    IndexWriter writer = IndexWriter::create(out, b_opts);
    read_paths(
        args.positional(), [&](std::vector<Passage>&& file) { for (const Passage& p : file) writer.add(p); },
        in_opts, &report);
    for (const std::string& e : report.errors) std::cerr << "skipped: " << e << "\n";
    if (writer.size() > 0) info = writer.commit();
  } catch (...) {
    forget_out();
    throw;
  }
  if (info.generation == 0) {  // the writer, never committed, left `out` as it was
    forget_out();
    std::cerr << "faq index: no passages found in the inputs; " << out << " left unchanged\n";
    return 1;
  }
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
            << "synonyms:   " << info.synonym_keys << " phrase(s) with synonyms\n"
            << "threshold:  " << (info.threshold >= 0 ? info.threshold : kDefaultThreshold)
            << (info.threshold >= 0 ? " (the index's)" : " (the default)") << "\n"
            << "format:     " << info.format_version << " (" << info.analysis << ")\n";
  return 0;
}

}  // namespace faq::cli
