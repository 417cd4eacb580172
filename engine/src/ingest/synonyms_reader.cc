// Synonym files: one rule per line, phrases separated by commas.
//   delete, remove, get rid of          each phrase also asks for the others
//   HFS, facial tic => hemifacial spasm  the left phrases also ask for the right
#include <string>

#include "ingest/readers.h"

namespace faq::ingest {

namespace {

// The comma-separated phrases of one side of a rule, trimmed.
std::vector<std::string> phrases_of(std::string_view side, std::string_view name, int line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = side.find(',', start);
    std::string_view p = trim(side.substr(start, comma == std::string_view::npos ? side.npos : comma - start));
    if (p.empty()) fail(ErrorCode::bad_input, name, line, "empty phrase (two commas in a row, or one at an end?)");
    out.emplace_back(p);
    if (out.size() > kMaxSynonymPhrases)
      fail(ErrorCode::too_large, name, line,
           "more than " + std::to_string(kMaxSynonymPhrases) + " phrases in one rule");
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

std::vector<Synonym> parse_synonyms(std::string_view text, std::string_view name) {
  std::vector<Synonym> out;
  for (const Line& l : split_lines(text)) {
    std::string_view line = trim(l.text);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = std::string(name) + ":" + std::to_string(l.number);
    size_t arrow = line.find("=>");
    if (arrow != std::string_view::npos) {
      if (line.find("=>", arrow + 2) != std::string_view::npos)
        fail(ErrorCode::bad_input, name, l.number, "more than one \"=>\" in a rule");
      auto from = phrases_of(line.substr(0, arrow), name, l.number);
      auto to = phrases_of(line.substr(arrow + 2), name, l.number);
      for (const auto& f : from)
        for (const auto& t : to) out.push_back({f, t, where});
      continue;
    }
    auto group = phrases_of(line, name, l.number);
    if (group.size() < 2)
      fail(ErrorCode::bad_input, name, l.number,
           "a rule needs two phrases or more, separated by commas (or \"A => B\")");
    for (const auto& a : group)
      for (const auto& b : group)
        if (&a != &b) out.push_back({a, b, where});
  }
  return out;
}

}  // namespace faq::ingest
