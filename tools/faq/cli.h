// tools/faq/cli.h — what the subcommands of `faq` share.
#ifndef FAQ_TOOLS_CLI_H
#define FAQ_TOOLS_CLI_H

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "faq/engine.h"

namespace faq::cli {

// A tiny argument parser: "--name value", "--flag", "-k N" and positionals.
class Args {
 public:
  // `flags` take no value; every other option takes one.
  Args(int argc, char** argv, std::vector<std::string> flags);
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> all(const std::string& name) const;  // repeated options
  int get_int(const std::string& name, int fallback) const;
  // A number from `lo` to `hi`; a usage error names the option otherwise.
  double get_double(const std::string& name, double fallback, double lo, double hi) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Options given but not in `known`; reported as usage errors. Every
  // command calls it first: it also throws UsageError for a known option
  // given last without its value.
  std::vector<std::string> unknown(const std::vector<std::string>& known) const;

 private:
  std::string missing_value_;  // an option given last, without its value
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// Thrown for bad command lines; main() prints it with the usage and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The index `faq ask` uses without --index: $FAQ_INDEX, else the default
// knowledge base, built from the shipped corpus on first use (into the build
// folder, or for an installed binary into $XDG_CACHE_HOME/faq/kb or
// ~/.cache/faq/kb, from PREFIX/share/faq/corpus).
std::string default_index();

// Where default_index() keeps the default knowledge base ($FAQ_INDEX, else
// the build folder's or the user's cache), without building it: the
// directory `faq index` writes when not given --out.
std::string default_index_path();

// Applies repeated "--set name=value" options to `params`.
void apply_settings(const Args& args, RankParams& params);

int cmd_index(int argc, char** argv);
int cmd_ask(int argc, char** argv);
int cmd_chat(int argc, char** argv);
int cmd_batch(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_info(int argc, char** argv);
int cmd_serve(int argc, char** argv);   // cmd_serve.cc (only with FAQ_BUILD_SERVER)
int cmd_report(int argc, char** argv);  // cmd_report.cc
int cmd_bench(int argc, char** argv);   // cmd_bench.cc (only with FAQ_BUILD_BENCH)

}  // namespace faq::cli

#endif  // FAQ_TOOLS_CLI_H
