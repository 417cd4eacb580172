// The faq engine as a bench subject: build_index, then Engine::ask with k=10.
// Like the peers it returns the ranked passages' ids, unless `--answers` asks
// for the stored passages too, or for their snippets as well (what `faq
// serve` pays).
#include <cctype>
#include <string>
#include <utility>

#include "bench_subjects.h"
#include "faq/engine.h"
#include "faq/index.h"

namespace faq::cli::bench {
namespace {

class FaqSearcher : public Searcher {
 public:
  FaqSearcher(const Engine& kb, const std::string& answers) : kb_(kb) {
    options_.k = kTopK;
    options_.passages = answers != "ids";
    options_.snippets = answers == "snippets";
  }
  void search(const std::string& question, std::vector<std::string>& ids) override {
    ids.clear();
    Result r = kb_.ask(question, options_);
    for (const Answer& a : r.answers) ids.push_back(a.id);
  }

 private:
  const Engine& kb_;
  AskOptions options_;
};

class FaqSubject : public Subject {
 public:
  void build(const std::vector<Passage>& passages, const std::string& path) override {
    build_index(passages, path);
  }
  explicit FaqSubject(std::string answers) : answers_(std::move(answers)) {}
  void open(const std::string& path) override { kb_ = std::make_unique<Engine>(Engine::open(path)); }
  // The engine keeps a database per concurrent caller itself: every thread
  // shares the one Engine, as an application would.
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<FaqSearcher>(*kb_, answers_); }

 private:
  std::string answers_;
  std::unique_ptr<Engine> kb_;
};

}  // namespace

std::unique_ptr<Subject> make_faq_subject(const std::string& answers) {
  return std::make_unique<FaqSubject>(answers);
}

std::unique_ptr<Subject> make_subject(const std::string& name, const SubjectOptions& options) {
  if (name == "faq") return make_faq_subject(options.answers);
  if (name == "fts5") return make_fts5_subject();
  if (name == "xapian") return make_xapian_subject(options.cjk);
  return nullptr;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c) || c == '_') cur += static_cast<char>(std::tolower(c));
      else flush();
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > text.size()) len = text.size() - i;
    char32_t cp = 0;
    if (len == 2) cp = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F);
    else if (len == 3) cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
    else if (len == 4)
      cp = ((c & 0x07) << 18) | ((text[i + 1] & 0x3F) << 12) | ((text[i + 2] & 0x3F) << 6) |
           (text[i + 3] & 0x3F);
    bool punct = (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
                 (cp >= 0x2000 && cp <= 0x2BFF) ||   // general punctuation, symbols, arrows
                 (cp >= 0x3000 && cp <= 0x303F) ||   // CJK symbols and punctuation
                 (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
                 (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
    if (punct) flush();
    else cur.append(text, i, len);
    i += len;
  }
  flush();
  return words;
}

}  // namespace faq::cli::bench
