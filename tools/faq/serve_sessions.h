// tools/faq/serve_sessions.h — conversations of `faq serve`, by session id.
//
// Each conversation keeps a faq::Session (so "how is it treated?" follows the
// earlier turns) and its last turns (so feedback can name the question an
// answer was for). Sessions expire after `ttl` without use; past `max`
// sessions the least recently used ones go first.
//
// Thread safety: the store is used by all server threads. A Conversation is
// locked by whoever works on it (its `mu`), so two requests of one session run
// one after the other while other sessions proceed.
#ifndef FAQ_TOOLS_SERVE_SESSIONS_H
#define FAQ_TOOLS_SERVE_SESSIONS_H

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "faq/engine.h"

namespace faq::serve {

struct Turn {
  std::string question;
  Status status = Status::no_answer;
  double confidence = 0;
  std::vector<std::string> answer_ids;
};

struct Conversation {
  std::mutex mu;
  Session session;
  // The most recent last; at most kMaxTurns. (A vector, not a deque: a
  // deque's first block alone is 512 bytes, times every open session.)
  std::vector<Turn> turns;
  static constexpr size_t kMaxTurns = 8;
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;
  SessionStore(std::chrono::seconds ttl, size_t max);

  // The conversation `id`, or a new one (with a new id, written to `id`)
  // when `id` is empty, unknown or expired.
  std::shared_ptr<Conversation> open(std::string& id);
  // The conversation `id` if it exists, else nullptr.
  std::shared_ptr<Conversation> find(const std::string& id);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<Conversation> conv;
    Clock::time_point last_used;
  };
  void sweep_locked(Clock::time_point now);
  std::string new_id();

  std::chrono::seconds ttl_;
  size_t max_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> map_;
  Clock::time_point last_sweep_;
  uint64_t id_state_[2];
};

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_SESSIONS_H
