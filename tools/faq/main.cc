// faq — build FAQ indexes and ask them questions.
//
// The same main() makes three executables: `faq`, and `faq-serve` and
// `faq-bench`, which `faq serve` and `faq bench` run in place of themselves
// (see tools/CMakeLists.txt for why).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli.h"
#include "faq/error.h"
#include "faq/version.h"

namespace {

const char* kUsage = R"(usage: faq COMMAND [OPTIONS]

Commands:
  index  [--out DIR] [--lang CODE] [--skip-bad] [--no-spelling] [--threads N]
         [--synonyms FILE]... [--threshold X] INPUT...
                          build an index from files or directories (.txt .md
                          .json .jsonl .csv .tsv), atomically replacing DIR
                          (default: where ask finds the default knowledge
                          base, $FAQ_INDEX if set); --lang:
                          the passages' language, ISO 639-1 (default:
                          detected, else en); --threads:
                          writers in parallel (default 0 = one per core);
                          --synonyms: lines of phrases that mean the same
                          ("delete, remove, get rid of"; "HFS => hemifacial
                          spasm": one way); --threshold: the index's own
                          confidence threshold, 0 to 1 (questions that set
                          none use it; default: none, 0.35 applies)
  ask    [--index DIR] [-k N] [--json] [--threshold X] [--tag T] "question"
                          answer one question (default index: the shipped corpus)
  chat   [--index DIR] [-k N] [--json] [--threshold X] [--tag T]
                          ask questions line by line, with conversation context
  batch  [--index DIR] --queries FILE.jsonl [-k N] [--format trec|jsonl]
         [--threads N] [--threshold X]
                          answer every {"id","text"} line; trec lines are
                          "qid Q0 passage_id rank score faq"; a question the
                          engine refuses is named on stderr, the others are
                          answered, and the exit status is 1
  eval   [--index DIR] --queries FILE.jsonl --qrels FILE.tsv [--rel G] [-k N]
         [--threads N] [--out-of-scope FILE.jsonl]
         --suite EVAL_DIR [--work DIR] [--rebuild]
                          MRR@10, MAP@10, nDCG@10, P@1, R@10 and abstention
                          (answered shares, ECE, AUROC against out-of-scope
                          questions) for one set, or for every development set
                          under EVAL_DIR beside the peers
  info   [--index DIR]    describe an index
  serve  [--index DIR] [--host 127.0.0.1] [--port 8080] [--cors-origin ORIGIN]...
         [--api-key KEY] [--max-body BYTES] [--rate-limit PER_SEC] [--threads N]
         [--session-ttl 1800] [--max-sessions 50000] [--log FILE | --no-log]
         [--log-level error|warn|info|debug]
                          answer questions over HTTP + JSON (POST /v1/ask,
                          /v1/feedback; GET /v1/health, /v1/info, /metrics) and
                          serve the chat widget with a demo page at /;
                          unanswered questions and negative feedback are
                          appended to --log (default ./faq-feedback.jsonl);
                          --threads: HTTP workers, default max(128, 32 x cores),
                          one per open keep-alive connection
  report [--log FILE] [--top N] [--min-count N] [--json]
                          the most asked unanswered questions in a feedback
                          log, grouped, for the people who write the FAQ
  bench  --corpus FILE --queries FILE.jsonl... [--qrels FILE.tsv] [--rel G]
         [--engines faq,fts5,xapian] [--json FILE] [--limit N] [--threads 2]
         [--answers ids|passages|snippets]
                          build and query the engine, SQLite FTS5 and plain
                          Xapian on the same corpus and questions: build time,
                          index size, latency p50/p90/p99, questions/s, peak
                          memory, cold start, MRR@10, as ratios to the best peer
                          (like the peers, faq returns the ranked passages'
                          ids; --answers passages: their stored text too,
                          snippets: and snippets, as faq serve does)

Common options:
  --threshold X           (ask, chat, batch) the confidence an answer needs,
                          0 to 1 (default: the index's, else 0.35)
  --set NAME=VALUE        (ask, chat, batch, eval) override a ranking setting
                          (k1, candidates, candidates_per_term, w_bm25,
                          w_title_cov, w_title_prec, w_question_cov,
                          w_question_prec, w_intent, w_other_intent, w_short,
                          w_bigram, w_doc, w_coverage, w_topic, common_share,
                          spelling, compounds); for ablations
  --                      ends the options: a question may then start with '-'
  -h, --help              this help;  --version  the version

Environment: FAQ_INDEX names the index used when --index is not given (and
the one `faq index` writes without --out);
FAQ_API_KEY is the API key of `faq serve` when --api-key is not given.
)";

#if !defined(FAQ_WITH_SERVER) || !defined(FAQ_HAVE_BENCH)
// Replaces this process by `helper` (faq-serve, faq-bench) from this
// executable's directory, with the same arguments. Returns only when the
// helper cannot be run; then says why.
int run_helper(const char* helper, const char* command, char** argv) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  fs::path path = (ec ? fs::path(argv[0]) : self).parent_path() / helper;
  if (fs::exists(path, ec)) {
    argv[0] = const_cast<char*>(helper);
    ::execv(path.c_str(), argv);
    std::cerr << "faq " << command << ": cannot run " << path.string() << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  std::cerr << "faq " << command << ": " << path.string()
            << " is missing (this faq was built without it: -DFAQ_BUILD_"
            << (std::strcmp(command, "serve") ? "BENCH" : "SERVER") << "=OFF)\n";
  return 1;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help") ||
      !std::strcmp(argv[1], "help")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "faq " << FAQ_VERSION_STRING << "\n";
    return 0;
  }
  std::string cmd = argv[1];
  // `faq COMMAND --help` (before any "--") shows the usage too.
  for (int i = 2; i < argc && std::strcmp(argv[i], "--"); ++i)
    if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) {
      std::cout << kUsage;
      return 0;
    }
  try {
    if (cmd == "index") return faq::cli::cmd_index(argc - 2, argv + 2);
    if (cmd == "ask") return faq::cli::cmd_ask(argc - 2, argv + 2);
    if (cmd == "chat") return faq::cli::cmd_chat(argc - 2, argv + 2);
    if (cmd == "batch") return faq::cli::cmd_batch(argc - 2, argv + 2);
    if (cmd == "eval") return faq::cli::cmd_eval(argc - 2, argv + 2);
    if (cmd == "info") return faq::cli::cmd_info(argc - 2, argv + 2);
    if (cmd == "report") return faq::cli::cmd_report(argc - 2, argv + 2);
    if (cmd == "bench") {
#ifdef FAQ_HAVE_BENCH
      return faq::cli::cmd_bench(argc - 2, argv + 2);
#else
      return run_helper("faq-bench", "bench", argv);
#endif
    }
    if (cmd == "serve") {
#ifdef FAQ_WITH_SERVER
      return faq::cli::cmd_serve(argc - 2, argv + 2);
#else
      return run_helper("faq-serve", "serve", argv);
#endif
    }
    std::cerr << "faq: unknown command \"" << cmd << "\"\n\n" << kUsage;
    return 2;
  } catch (const faq::cli::UsageError& e) {
    std::cerr << "faq " << cmd << ": " << e.what() << "\n(see faq --help)\n";
    return 2;
  } catch (const faq::Error& e) {
    std::cerr << "faq " << cmd << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "faq " << cmd << ": " << e.what() << "\n";
    return 1;
  }
}
