#include <nlohmann/json.hpp>

#include "faq/engine.h"

namespace faq {

std::string to_json(const Result& r) {
  nlohmann::json answers = nlohmann::json::array();
  for (const Answer& a : r.answers) {
    nlohmann::json j = {{"id", a.id},           {"score", a.score},     {"confidence", a.confidence},
                        {"title", a.title},     {"headings", a.headings}, {"question", a.question},
                        {"text", a.text},       {"snippet", a.snippet}, {"source", a.source},
                        {"line", a.line}};
    if (!a.url.empty()) j["url"] = a.url;
    if (!a.tags.empty()) j["tags"] = a.tags;
    answers.push_back(std::move(j));
  }
  nlohmann::json out = {{"status", status_name(r.status)},
                        {"confidence", r.confidence},
                        {"answers", std::move(answers)}};
  if (!r.intent.empty()) out["intent"] = r.intent;
  if (!r.corrected.empty()) out["did_you_mean"] = r.corrected;
  if (!r.unmatched.empty()) out["unmatched"] = r.unmatched;
  if (!r.context.empty()) out["context"] = r.context;
  nlohmann::json follow = nlohmann::json::array();
  for (const FollowUp& f : r.follow_ups) follow.push_back({{"id", f.id}, {"label", f.label}});
  out["follow_ups"] = std::move(follow);
  nlohmann::json evidence = nlohmann::json::object();
  for (const auto& [name, value] : r.evidence) evidence[name] = value;
  out["evidence"] = std::move(evidence);
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace faq
