// ingest/markdown.h — the block structure of a Markdown file, kept apart
// from the segmentation into passages (markdown_reader.cc).
#ifndef FAQ_INGEST_MARKDOWN_H
#define FAQ_INGEST_MARKDOWN_H

#include <string>
#include <string_view>
#include <vector>

namespace faq::ingest::md {

enum class Kind { heading, paragraph, list, code };

struct Item {
  std::string text;    // inline markup not yet stripped; nested items on own lines
  std::string marker;  // "-" or "1." (bullets are normalised to "-")
  int line = 0;
};

struct Block {
  Kind kind = Kind::paragraph;
  int level = 0;     // 1..6 for headings
  std::string text;  // heading, paragraph or code text
  std::vector<Item> items;  // lists: the top-level items
  int line = 0;
};

struct Document {
  std::string front_matter_title;
  std::vector<Block> blocks;
};

Document parse(std::string_view text);

// "**bold** [text](url) `code`" -> "bold text code", blanks collapsed.
std::string strip_inline(std::string_view text);

}  // namespace faq::ingest::md

#endif  // FAQ_INGEST_MARKDOWN_H
