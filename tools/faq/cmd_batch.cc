#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "runs.h"

namespace faq::cli {

int cmd_batch(int argc, char** argv) {
  Args args(argc, argv, {});
  if (auto u = args.unknown({"index", "queries", "k", "format", "threads", "set", "threshold"}); !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (!args.has("queries")) throw UsageError("--queries FILE.jsonl is required");
  std::string format = args.get("format", "trec");
  if (format != "trec" && format != "jsonl") throw UsageError("--format must be trec or jsonl");
  EngineOptions eo;
  apply_settings(args, eo.rank);
  Engine kb = Engine::open(args.has("index") ? args.get("index") : default_index(), eo);
  AskOptions opts;
  opts.k = args.get_int("k", 10);
  if (args.has("threshold")) opts.threshold = args.get_double("threshold", -1, 0, 1);
  opts.passages = format == "jsonl";  // trec lines name passages only
  std::vector<Query> queries = read_queries(args.get("queries"));
  std::vector<std::string> errors;
  std::vector<Result> results = run_queries(kb, queries, opts, args.get_int("threads", 2), &errors);
  for (size_t i = 0; i < queries.size(); ++i) {
    const Result& r = results[i];
    if (format == "trec") {
      for (size_t k = 0; k < r.answers.size(); ++k)
        std::printf("%s Q0 %s %zu %.6f faq\n", queries[i].id.c_str(), r.answers[k].id.c_str(), k + 1,
                    r.answers[k].score);
    } else {
      nlohmann::json j = nlohmann::json::parse(to_json(r));
      j["id"] = queries[i].id;
      for (auto& a : j["answers"]) a.erase("text");  // keep lines short; the snippet stays
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  }
  for (const auto& e : errors) std::cerr << "faq batch: " << e << "\n";
  return errors.empty() ? 0 : 1;
}

}  // namespace faq::cli
