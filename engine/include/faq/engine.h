// faq/engine.h — asking a knowledge base questions.
//
// Tutorial:
//   faq::Engine kb = faq::Engine::open("kb.index");
//   faq::Result r = kb.ask("why does my eyelid keep twitching?");
//   if (r.status == faq::Status::answer)
//     std::cout << r.answers[0].text << "  (" << r.answers[0].source << ")\n";
//
// The question is free text: it is never parsed as query syntax ("AND",
// quotes and "*" are just words). Ranking is question-aware: besides BM25 over
// all fields it weighs how well the passage's own question, heading and
// document title match, and whether the passage answers the kind of question
// asked ("what causes" vs "how is it treated").
//
// Thread safety: one Engine may be used by any number of threads at once; it
// keeps a Xapian database per concurrent caller inside. A Session belongs to
// one conversation and must not be used by two threads at the same time.
//
// Memory: besides Xapian's own, an Engine keeps what ranking reads of each
// passage a question found (about 150 bytes a passage, at most 16 MiB, shared
// by its threads) and, per concurrent caller, the frequencies of recently
// asked words; a new generation of the index starts afresh.
#ifndef FAQ_ENGINE_H
#define FAQ_ENGINE_H

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "faq/index.h"

namespace faq {

enum class Status {
  answer,     // the first passage answers the question
  ambiguous,  // passages from different documents are about equally good: offer them as choices
  no_answer,  // nothing answers it; `answers` holds the nearest passages as suggestions
};
const char* status_name(Status s);

struct Answer {
  std::string id;
  double score = 0;       // ranking score (comparable within one result only)
  double confidence = 0;  // probability that this passage answers the question
  std::string title;
  std::vector<std::string> headings;
  std::string question;
  std::string text;       // the full answer text
  std::string snippet;    // the best part of `text`, matched words in <mark>...</mark>
  std::string source;     // file the passage came from
  int line = 0;
  std::string url;
  std::vector<std::string> tags;
};

// Another section of the first answer's document, offered as a next question
// ("Causes of ...", "What is the outlook for ...").
struct FollowUp {
  std::string id;     // passage id
  std::string label;  // its question, or its heading
};

struct Result {
  Status status = Status::no_answer;
  double confidence = 0;           // of the first answer
  std::vector<Answer> answers;     // best first
  std::string intent;              // what the question asks for ("cause", ...), or ""
  std::string corrected;           // the question with spelling corrected, if it was
  std::vector<std::string> unmatched;  // content words of the question found nowhere in the index
  std::string context;             // focus carried over from the session, if used
  std::vector<FollowUp> follow_ups;  // other sections of the first answer's document
  // Why the confidence is what it is: the scale-free evidence about the first
  // answer ("coverage": share of the question's content it contains, "focus":
  // share of what is asked about found in its title, "intent", "margin" over
  // the best other document (0 when no other matched), "unmatched": share of words the index lacks...).
  std::vector<std::pair<std::string, double>> evidence;
};

// Ranking knobs. The defaults are the tuned configuration; they are exposed
// for evaluation and ablation (`faq eval --set name=value`).
struct RankParams {
  static constexpr int kMaxCandidates = 300;
  double k1 = 0.6;               // BM25 (its b is applied when indexing: index/schema.h)
  int candidates = 50;           // passages re-ranked per question, at least;
  int candidates_per_term = 16;  // long questions (BM25 is noisier there) get this many per
                                 // content term, up to kMaxCandidates
  double w_bm25 = 1.0;           // BM25 score relative to the best candidate
  double w_title_cov = 0.0;      // share of the question's content found in the title
  double w_title_prec = 0.9;     // share of the title mentioned by the question (focus)
  double w_question_cov = 0.1;   // share of the question's content in the passage's question/heading
  double w_question_prec = 0.9;  // share of the passage's question mentioned by the question
  double w_intent = 0.45;         // question intent matches what the passage answers
  double w_short = 0.1;          // extra BM25 weight of matches in questions and headings
  double w_bigram = 0.05;         // BM25 weight of CJK character-bigram matches
  double w_coverage = 0.0;       // share of the question's terms found anywhere in the passage
  double w_doc = 0.45;            // best BM25 of any passage of the same document
  double w_other_intent = -0.2;  // the passage answers another kind of question than asked
  double w_topic = 0.0;          // share of the passage's topic words (frequent ones) mentioned
  double common_share = 0.05;    // terms in more passages than this share (and than 1,000) only
                                 // re-weight what the others find (0: every term finds passages)
  bool spelling = true;          // correct words unknown to the index
  bool compounds = true;         // adjacent words also asked for as one ("back up" -> "backup")

  // Sets a knob by name; returns false for an unknown name.
  bool set(const std::string& name, double value);
};

// The confidence an answer needs for Status::answer when neither the question
// (AskOptions::threshold) nor the index (BuildOptions::threshold) sets one;
// how it was chosen: engine/src/answer/confidence.h.
inline constexpr double kDefaultThreshold = 0.35;

struct AskOptions {
  int k = 5;                 // passages to return (1..100)
  double threshold = -1;     // confidence needed for status answer, in [0, 1]; < 0 = the index's
                             // (BuildOptions::threshold), else the default (0.35); over 1 =
                             // never answer; NaN: invalid_argument
  std::map<std::string, std::string> filters;  // "tag" -> value, "lang" -> code
  bool passages = true;      // false: answers carry their id, score and confidence only: no
                             // stored passage is read, no snippet made, no follow-up looked
                             // up (ranking-only callers: TREC runs, evaluation, benchmarks)
  bool snippets = true;      // false: answers carry no snippet; saves most of an ask()
};

// Conversation context: lets "how is it treated?" follow "what is hemifacial
// spasm?". Create one per conversation and pass it to every ask(). A message
// that only thanks or greets ("thanks!", "ok", "hello") is read alone: it is
// no_answer and leaves the topic as it was.
class Session {
 public:
  Session() = default;
  const std::string& focus() const { return focus_; }
  void reset() { focus_.clear(); turns_ = 0; }
  int turns() const { return turns_; }

 private:
  friend class Engine;
  std::string focus_;  // the title of the document the conversation is about
  int turns_ = 0;
};

struct EngineOptions {
  RankParams rank;
};

class Engine {
 public:
  // Opens the index at `dir`. Throws faq::Error(not_found, corrupt_index,
  // version_mismatch).
  static Engine open(const std::string& dir, const EngineOptions& options = {});

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Answers a question. Throws faq::Error(invalid_argument) for k out of
  // range, invalid_utf8, too_large (questions over 10,000 bytes). When the
  // index is rebuilt or updated, later calls see the new index.
  Result ask(std::string_view question, const AskOptions& options = {},
             Session* session = nullptr) const;

  IndexInfo info() const;

  // Picks up a new generation of the index now (ask() also checks, at most
  // once a second).
  void reopen();

 private:
  struct Impl;
  explicit Engine(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// The result as JSON (the format of `faq ask --json` and the C API).
std::string to_json(const Result& r);

}  // namespace faq

#endif  // FAQ_ENGINE_H
