// `faq report`: the questions the FAQ fails most often, from the feedback log
// `faq serve` writes (serve_feedback.h), for the people who write the FAQ.
//
// Questions are grouped when they say the same thing: lowercased, punctuation
// stripped, stop words dropped, a plural "s" removed, and the remaining words
// sorted — so "What causes X?" and "x: what causes it" are one group.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_set>

#include "cli.h"
#include "faq/error.h"

namespace faq::cli {
namespace {

const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> words = {
      "a", "an", "the", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "i", "me", "my",
      "you", "your", "we", "our", "it", "its", "this", "that", "these", "those", "of", "to", "for", "in", "on",
      "at", "by", "with", "and", "or", "can", "could", "should", "would", "will", "there", "any", "some",
      "please", "about", "from", "as", "so", "if", "what", "whats", "how", "why", "when", "where", "which",
      "who", "whom", "get", "have", "has", "had", "tell", "know"};
  return words;
}

// Lowercase, punctuation to spaces, whitespace collapsed. Bytes of non-ASCII
// characters are kept as they are (no case folding beyond ASCII).
std::string normalize(const std::string& q) {
  std::string out;
  bool space = true;
  for (unsigned char c : q) {
    if (c < 0x80 && !std::isalnum(c)) {
      if (c == '\'') continue;  // "what's" -> "whats"
      if (!space) out += ' ';
      space = true;
    } else {
      out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
      space = false;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The group key: sorted distinct content words. Falls back to the whole
// normalized question when it has only stop words.
std::string group_key(const std::string& normalized) {
  std::set<std::string> words;
  std::istringstream in(normalized);
  for (std::string w; in >> w;) {
    if (stop_words().count(w)) continue;
    if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
    words.insert(w);
  }
  if (words.empty()) return normalized;
  std::string key;
  for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
  return key;
}

struct Group {
  size_t count = 0;
  std::map<std::string, size_t> kinds;     // no_answer / ambiguous / not_helpful
  std::map<std::string, size_t> variants;  // normalized question -> count
  std::map<std::string, std::string> example;  // normalized -> first original
  std::string last_seen;
};

}  // namespace

int cmd_report(int argc, char** argv) {
  Args args(argc, argv, {"json"});
  if (auto u = args.unknown({"log", "top", "min-count", "json"}); !u.empty())
    throw UsageError("unknown option --" + u[0]);
  std::string path = args.has("log") ? args.get("log") : (args.positional().empty() ? "faq-feedback.jsonl"
                                                                                   : args.positional()[0]);
  int top = args.get_int("top", 50);
  int min_count = args.get_int("min-count", 1);
  std::ifstream in(path);
  if (!in) throw faq::Error(ErrorCode::io, "cannot read the feedback log " + path);

  std::map<std::string, Group> groups;
  size_t lines = 0, bad = 0, records = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("question") || !j["question"].is_string()) {
      ++bad;
      continue;
    }
    ++records;
    std::string question = j["question"].get<std::string>();
    std::string norm = normalize(question);
    if (norm.empty()) continue;
    Group& g = groups[group_key(norm)];
    ++g.count;
    ++g.kinds[j.value("kind", std::string("unknown"))];
    ++g.variants[norm];
    g.example.emplace(norm, question);
    std::string time = j.value("time", std::string());
    if (time > g.last_seen) g.last_seen = time;
  }

  std::vector<std::pair<std::string, const Group*>> ranked;
  for (const auto& [key, g] : groups)
    if (g.count >= static_cast<size_t>(min_count)) ranked.emplace_back(key, &g);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second->count != b.second->count ? a.second->count > b.second->count : a.first < b.first;
  });
  if (top > 0 && ranked.size() > static_cast<size_t>(top)) ranked.resize(static_cast<size_t>(top));

  auto representative = [](const Group& g) {
    auto best = std::max_element(g.variants.begin(), g.variants.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return g.example.at(best->first);
  };

  if (args.has("json")) {
    nlohmann::json out = {{"log", path}, {"records", records}, {"bad_lines", bad}, {"groups", nlohmann::json::array()}};
    for (const auto& [key, g] : ranked) {
      nlohmann::json variants = nlohmann::json::array();
      for (const auto& [norm, n] : g->variants) variants.push_back({{"question", g->example.at(norm)}, {"count", n}});
      out["groups"].push_back({{"question", representative(*g)}, {"key", key}, {"count", g->count},
                               {"kinds", g->kinds}, {"variants", variants}, {"last_seen", g->last_seen}});
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }

  std::cout << "Unanswered questions in " << path << ": " << records << " records, " << groups.size()
            << " distinct questions";
  if (bad) std::cout << " (" << bad << " unreadable lines skipped)";
  std::cout << "\n\n";
  if (ranked.empty()) {
    std::cout << "Nothing to report.\n";
    return 0;
  }
  std::cout << std::setw(6) << "count" << "  question\n";
  for (const auto& [key, g] : ranked) {
    std::cout << std::setw(6) << g->count << "  " << representative(*g) << "\n        ";
    bool first = true;
    for (const auto& [kind, n] : g->kinds) {
      std::cout << (first ? "" : ", ") << kind << " " << n;
      first = false;
    }
    if (g->variants.size() > 1) std::cout << "; " << g->variants.size() << " wordings";
    if (!g->last_seen.empty()) std::cout << "; last " << g->last_seen;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace faq::cli
