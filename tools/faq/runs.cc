#include "runs.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cli.h"
#include "faq/error.h"

namespace faq::cli {

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::not_found, path + ": cannot open");
  std::vector<Query> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) throw Error(ErrorCode::bad_input, path + ":" + std::to_string(n) + ": not a JSON object");
    auto id = j.find("id");
    auto text = j.find("text");
    std::string where = path + ":" + std::to_string(n) + ": ";
    if (id == j.end() || !(id->is_string() || id->is_number_integer()))
      throw Error(ErrorCode::bad_input, where + "field \"id\" must be a string or an integer");
    if (text == j.end() || !text->is_string())
      throw Error(ErrorCode::bad_input, where + "field \"text\" must be a string");
    std::string qid = id->is_string() ? id->get<std::string>() : id->dump();
    // Run and qrels lines are split on white space.
    if (qid.empty() || qid.find_first_of(" \t\r\n\v\f") != std::string::npos)
      throw Error(ErrorCode::bad_input, where + "field \"id\" must be non-empty, without spaces");
    out.push_back({std::move(qid), text->get<std::string>()});
  }
  return out;
}

std::vector<Result> run_queries(const Engine& kb, const std::vector<Query>& queries,
                                const AskOptions& options, int threads,
                                std::vector<std::string>* errors) {
  std::vector<Result> results(queries.size());
  std::vector<std::string> errs(queries.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < queries.size();) {
      try {
        results[i] = kb.ask(queries[i].text, options);
      } catch (const Error& e) {
        errs[i] = queries[i].id + ": " + e.what();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (errors)
    for (auto& e : errs)
      if (!e.empty()) errors->push_back(e);
  return results;
}

Qrels read_qrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::not_found, path + ": cannot open");
  Qrels q;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::istringstream ss(line);
    std::vector<std::string> f;
    for (std::string w; ss >> w;) f.push_back(w);
    if (f.empty()) continue;
    try {
      if (f.size() == 3) q[f[0]][f[1]] = std::stoi(f[2]);
      else if (f.size() >= 4) q[f[0]][f[2]] = std::stoi(f[3]);
      else throw std::invalid_argument("fields");
    } catch (const std::exception&) {
      throw Error(ErrorCode::bad_input, path + ":" + std::to_string(n) + ": expected \"qid docid grade\"");
    }
  }
  return q;
}

Scores score_run(const Qrels& qrels, const std::vector<Query>& queries,
                 const std::vector<Result>& results, int min_grade) {
  std::map<std::string, std::vector<std::string>> run;
  for (size_t i = 0; i < queries.size(); ++i) {
    auto& ranked = run[queries[i].id];
    for (const Answer& a : results[i].answers)
      if (std::find(ranked.begin(), ranked.end(), a.id) == ranked.end()) ranked.push_back(a.id);
  }
  Scores s;
  for (const auto& [qid, judged] : qrels) {
    std::set<std::string> relevant;
    for (const auto& [d, g] : judged)
      if (g >= min_grade) relevant.insert(d);
    if (relevant.empty()) continue;
    ++s.queries;
    std::vector<std::string> ranked;
    if (auto it = run.find(qid); it != run.end()) ranked = it->second;
    if (ranked.size() > 10) ranked.resize(10);
    int hits = 0;
    double ap = 0, dcg = 0;
    int first = 0;
    for (size_t i = 0; i < ranked.size(); ++i) {
      auto g = judged.find(ranked[i]);
      bool rel = g != judged.end() && g->second >= min_grade;
      if (rel) {
        ++hits;
        ap += static_cast<double>(hits) / (i + 1);
        if (!first) first = static_cast<int>(i + 1);
        dcg += (g->second - min_grade + 1) / std::log2(i + 2.0);
      }
    }
    std::vector<int> gains;
    for (const auto& [d, g] : judged)
      if (g >= min_grade) gains.push_back(g - min_grade + 1);
    std::sort(gains.rbegin(), gains.rend());
    double idcg = 0;
    for (size_t i = 0; i < gains.size() && i < 10; ++i) idcg += gains[i] / std::log2(i + 2.0);
    s.mrr += first ? 1.0 / first : 0;
    s.map += ap / std::min<size_t>(relevant.size(), 10);
    s.p1 += (!ranked.empty() && relevant.count(ranked[0])) ? 1 : 0;
    s.r10 += static_cast<double>(hits) / relevant.size();
    s.ndcg += idcg > 0 ? dcg / idcg : 0;
  }
  if (s.queries) {
    double n = static_cast<double>(s.queries);
    s.mrr /= n; s.map /= n; s.ndcg /= n; s.p1 /= n; s.r10 /= n;
  }
  return s;
}

Abstention score_abstention(const Qrels& qrels, const std::vector<Query>& queries,
                            const std::vector<Result>& results, int min_grade,
                            const std::vector<Result>& out_of_scope) {
  Abstention a;
  std::vector<std::pair<double, int>> in_conf;  // confidence, first passage right
  size_t answered = 0, answered_right = 0, right = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    auto judged = qrels.find(queries[i].id);
    if (judged == qrels.end()) continue;
    bool any = false;
    for (const auto& [d, g] : judged->second) any |= g >= min_grade;
    if (!any) continue;
    const Result& r = results[i];
    int ok = 0;
    if (!r.answers.empty()) {
      auto g = judged->second.find(r.answers[0].id);
      ok = g != judged->second.end() && g->second >= min_grade;
    }
    in_conf.emplace_back(r.confidence, ok);
    right += ok;
    if (r.status == Status::answer) {
      ++answered;
      answered_right += ok;
    }
  }
  a.in_domain = in_conf.size();
  a.out_of_scope = out_of_scope.size();
  if (a.in_domain) {
    a.in_answered = static_cast<double>(answered) / a.in_domain;
    a.in_p1 = static_cast<double>(right) / a.in_domain;
    a.in_p1_answered = answered ? static_cast<double>(answered_right) / answered : 0;
    double bins_conf[10] = {}, bins_ok[10] = {};
    size_t bins_n[10] = {};
    for (auto [c, ok] : in_conf) {
      int b = std::min(9, static_cast<int>(c * 10));
      bins_conf[b] += c;
      bins_ok[b] += ok;
      ++bins_n[b];
    }
    for (int b = 0; b < 10; ++b)
      if (bins_n[b]) a.ece += std::abs(bins_conf[b] - bins_ok[b]) / a.in_domain;
  }
  size_t out_answered = 0;
  for (const Result& r : out_of_scope) out_answered += r.status == Status::answer;
  if (a.out_of_scope) a.out_answered = static_cast<double>(out_answered) / a.out_of_scope;
  // AUROC as the probability that an in-domain question outranks an
  // out-of-scope one (ties count half), by sorting both together.
  if (a.in_domain && a.out_of_scope) {
    std::vector<std::pair<double, int>> all;
    for (auto [c, ok] : in_conf) all.emplace_back(c, 1);
    for (const Result& r : out_of_scope) all.emplace_back(r.confidence, 0);
    std::sort(all.begin(), all.end());
    double rank_sum = 0;
    for (size_t i = 0; i < all.size();) {
      size_t j = i;
      while (j < all.size() && all[j].first == all[i].first) ++j;
      double avg_rank = (i + j + 1) / 2.0;
      for (size_t k = i; k < j; ++k) rank_sum += all[k].second ? avg_rank : 0;
      i = j;
    }
    double n_in = static_cast<double>(a.in_domain), n_out = static_cast<double>(a.out_of_scope);
    a.auroc = (rank_sum - n_in * (n_in + 1) / 2) / (n_in * n_out);
  }
  return a;
}

}  // namespace faq::cli
