// Fuzzes the passages as the index stores them (engine/src/index/schema.h):
// unpack_passage on arbitrary bytes (a damaged kSlotPassage value) must give
// a passage or none, never crash or allocate without bound; and a passage
// made of the input's pieces must come back from PassagePacker::pack intact.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  (void)faq::index::unpack_passage(s);
  // As a packed value whatever the first byte.
  if (!s.empty()) (void)faq::index::unpack_passage("Z" + std::string(s.substr(1)));

  static faq::index::PassagePacker packer;
  faq::Passage p;
  size_t third = size / 3;
  p.id = "id-" + std::string(s.substr(0, third));
  p.title = std::string(s.substr(third, third));
  p.answer = std::string(s.substr(2 * third));
  p.headings = {p.title, p.answer};
  p.line = static_cast<int>(size);
  p.position = static_cast<int>(third);
  faq::Passage q = faq::index::unpack_passage(packer.pack(p));
  if (q.id != p.id || q.title != p.title || q.answer != p.answer || q.headings != p.headings ||
      q.line != p.line || q.position != p.position)
    __builtin_trap();
  return 0;
}
