#include "serve_sessions.h"

#include <algorithm>
#include <random>

namespace faq::serve {

SessionStore::SessionStore(std::chrono::seconds ttl, size_t max)
    : ttl_(ttl), max_(std::max<size_t>(max, 1)), last_sweep_(Clock::now()) {
  std::random_device rd;  // /dev/urandom: ids must not be guessable
  for (auto& s : id_state_) s = (uint64_t(rd()) << 32) ^ rd();
}

// 128 bits from a xorshift generator seeded by the OS; reseeded from the OS
// now and then so that ids stay unpredictable.
std::string SessionStore::new_id() {
  static thread_local std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int half = 0; half < 2; ++half) {
    uint64_t x = id_state_[half] ^ ((uint64_t(rd()) << 32) | rd());
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    id_state_[half] = x;
    for (int i = 0; i < 16; ++i) out += hex[(x >> (i * 4)) & 15];
  }
  return out;
}

void SessionStore::sweep_locked(Clock::time_point now) {
  for (auto it = map_.begin(); it != map_.end();) {
    if (now - it->second.last_used > ttl_) it = map_.erase(it);
    else ++it;
  }
  if (map_.size() < max_) return;
  // Still full: drop the least recently used tenth.
  std::vector<std::pair<Clock::time_point, std::string>> by_age;
  by_age.reserve(map_.size());
  for (const auto& [id, e] : map_) by_age.emplace_back(e.last_used, id);
  size_t drop = map_.size() - max_ + max_ / 10 + 1;
  drop = std::min(drop, by_age.size());
  std::nth_element(by_age.begin(), by_age.begin() + (drop - 1), by_age.end());
  for (size_t i = 0; i < drop; ++i) map_.erase(by_age[i].second);
}

std::shared_ptr<Conversation> SessionStore::open(std::string& id) {
  auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  if (now - last_sweep_ > std::chrono::seconds(10)) {
    sweep_locked(now);
    last_sweep_ = now;
  }
  if (!id.empty()) {
    auto it = map_.find(id);
    if (it != map_.end() && now - it->second.last_used <= ttl_) {
      it->second.last_used = now;
      return it->second.conv;
    }
  }
  if (map_.size() >= max_) sweep_locked(now);
  do id = new_id(); while (map_.count(id));
  auto conv = std::make_shared<Conversation>();
  map_[id] = Entry{conv, now};
  return conv;
}

std::shared_ptr<Conversation> SessionStore::find(const std::string& id) {
  auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = map_.find(id);
  if (it == map_.end() || now - it->second.last_used > ttl_) return nullptr;
  it->second.last_used = now;
  return it->second.conv;
}

size_t SessionStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return map_.size();
}

}  // namespace faq::serve
