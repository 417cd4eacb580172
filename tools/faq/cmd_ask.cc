#include <iostream>
#include <string>

#include "cli.h"
#include "faq/engine.h"
#include "faq/error.h"

namespace faq::cli {
namespace {

std::string strip_marks(std::string s) {
  for (const char* tag : {"<mark>", "</mark>"}) {
    for (size_t p; (p = s.find(tag)) != std::string::npos;) s.erase(p, std::string(tag).size());
  }
  for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += std::string(to).size())
      s.replace(p, std::string(from).size(), to);
  }
  return s;
}

void print_human(const Result& r, std::ostream& out) {
  out << "[" << status_name(r.status) << "] confidence " << static_cast<int>(r.confidence * 100 + 0.5)
      << "%";
  if (!r.intent.empty()) out << ", asks for: " << r.intent;
  out << "\n";
  if (!r.corrected.empty()) out << "did you mean: " << r.corrected << "\n";
  if (r.status == Status::no_answer && !r.answers.empty())
    out << "No passage answers this well. The nearest ones:\n";
  if (r.status == Status::ambiguous) out << "Several documents could answer this; did you mean:\n";
  for (size_t i = 0; i < r.answers.size(); ++i) {
    const Answer& a = r.answers[i];
    out << "\n" << i + 1 << ". " << (a.question.empty() ? a.title : a.question);
    if (!a.headings.empty()) out << "  [" << a.headings.back() << "]";
    out << "\n";
    out << "   " << (i == 0 && r.status == Status::answer ? a.text : strip_marks(a.snippet)) << "\n";
    out << "   source: " << a.source;
    if (a.line > 0) out << ":" << a.line;
    if (!a.url.empty()) out << "  " << a.url;
    out << "  (id " << a.id << ")\n";
  }
  if (r.answers.empty()) out << "Nothing in the knowledge base matches this question.\n";
}

AskOptions ask_options(const Args& args) {
  AskOptions o;
  o.k = args.get_int("k", 3);
  if (args.has("threshold")) o.threshold = args.get_double("threshold", -1, 0, 1);
  if (args.has("tag")) o.filters["tag"] = args.get("tag");
  return o;
}

EngineOptions engine_options(const Args& args) {
  EngineOptions e;
  apply_settings(args, e.rank);
  return e;
}

}  // namespace

int cmd_ask(int argc, char** argv) {
  Args args(argc, argv, {"json"});
  if (auto u = args.unknown({"index", "k", "json", "threshold", "tag", "set"}); !u.empty())
    throw UsageError("unknown option --" + u[0]);
  if (args.positional().empty()) throw UsageError("give the question to ask");
  std::string question;
  for (const auto& p : args.positional()) question += (question.empty() ? "" : " ") + p;
  Engine kb = Engine::open(args.has("index") ? args.get("index") : default_index(), engine_options(args));
  Result r = kb.ask(question, ask_options(args));
  if (args.has("json")) std::cout << to_json(r) << "\n";
  else print_human(r, std::cout);
  return 0;
}

int cmd_chat(int argc, char** argv) {
  Args args(argc, argv, {"json"});
  if (auto u = args.unknown({"index", "k", "json", "threshold", "tag", "set"}); !u.empty())
    throw UsageError("unknown option --" + u[0]);
  Engine kb = Engine::open(args.has("index") ? args.get("index") : default_index(), engine_options(args));
  AskOptions opts = ask_options(args);
  Session session;
  std::string line;
  bool tty = true;
  if (tty) std::cerr << "Ask a question (empty line or Ctrl-D to quit, /reset to start over).\n> " << std::flush;
  while (std::getline(std::cin, line)) {
    if (line.empty()) break;
    if (line == "/reset") {
      session.reset();
    } else {
      try {
        Result r = kb.ask(line, opts, &session);
        if (args.has("json")) std::cout << to_json(r) << "\n";
        else print_human(r, std::cout);
      } catch (const Error& e) {
        std::cout << "error: " << e.what() << "\n";
      }
    }
    std::cout << std::flush;
    std::cerr << "> " << std::flush;
  }
  return 0;
}

}  // namespace faq::cli
