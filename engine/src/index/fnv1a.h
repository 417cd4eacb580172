// index/fnv1a.h — 64-bit FNV-1a, for hashes stored in an index (document keys,
// file checksums in the manifest): stable across platforms and library
// versions, unlike std::hash.
#ifndef FAQ_INDEX_FNV1A_H
#define FAQ_INDEX_FNV1A_H

#include <cstdint>
#include <string_view>

namespace faq::index {

inline constexpr uint64_t kFnv1aStart = 1469598103934665603ull;

// Continues the hash `h` over `bytes`: fnv1a(b, fnv1a(a)) == fnv1a(a + b).
inline uint64_t fnv1a(std::string_view bytes, uint64_t h = kFnv1aStart) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace faq::index

#endif  // FAQ_INDEX_FNV1A_H
