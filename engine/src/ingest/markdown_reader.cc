// Markdown: ATX and setext headings, paragraphs, lists, fenced code.
//
// Segmentation rules:
//  * An H1 that is the first block is the title (or "title:" of a front
//    matter block); otherwise the file name stem is. Other headings form the
//    heading path (the title is not part of it).
//  * Under a heading ending in '?', everything up to the next heading is one
//    passage answering that explicit question.
//  * Elsewhere each paragraph is a passage. A list whose top-level items are
//    mostly long (>= 8 words) gives one passage per item, the question being
//    "<heading>: <lead phrase>"; a shorter list is one passage, joined to the
//    paragraph before it when that paragraph ends with ':' ("Install with:").
//    A code block joins the passage before it in the same section.
//  * Derived questions are the innermost heading, or the title at top level.
#include "ingest/markdown.h"
#include "ingest/readers.h"
#include "text/question_type.h"

namespace faq::ingest {
namespace {

using md::Block;
using md::Kind;

class Segmenter {
 public:
  Segmenter(const Context& ctx, std::string title) : doc_(ctx, std::move(title)) {}

  void run(const std::vector<Block>& blocks, size_t first) {
    for (size_t i = first; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      switch (b.kind) {
        case Kind::heading: heading(b); break;
        case Kind::paragraph: content(md::strip_inline(b.text), b.line, false); break;
        case Kind::code: content(b.text, b.line, true); break;
        case Kind::list: list(b); break;
      }
    }
  }

  std::vector<Passage> take() { return doc_.take(); }

 private:
  void heading(const Block& b) {
    while (!path_.empty() && path_.back().first >= b.level) path_.pop_back();
    path_.emplace_back(b.level, md::strip_inline(b.text));
    last_ = nullptr;
    lead_in_ = false;
  }

  bool in_question() const { return !path_.empty() && text::ends_with_question_mark(path_.back().second); }

  std::vector<std::string> headings() const {
    std::vector<std::string> out;
    for (const auto& h : path_) out.push_back(h.second);
    return out;
  }

  const std::string& base_question() const {
    return path_.empty() ? doc_.title() : path_.back().second;
  }

  // `attach`: joins the passage before it in this section, if any.
  void content(const std::string& text, int line, bool attach) {
    // Markup with no text ("**", an empty code fence) is no answer.
    if (trim(text).empty()) return;
    if (last_ && (in_question() || attach)) {
      last_->answer += "\n" + text;
    } else {
      add(base_question(), !in_question(), text, line);
    }
    lead_in_ = !in_question() && ends_with(text, ":");
  }

  void list(const Block& b) {
    std::vector<std::string> items;
    for (const md::Item& item : b.items) items.push_back(md::strip_inline(item.text));
    if (in_question() || !items_are_long(items)) {
      std::string text;
      for (size_t i = 0; i < items.size(); ++i)
        text += (i ? "\n" : "") + b.items[i].marker + " " + items[i];
      content(text, b.line, lead_in_);
      return;
    }
    for (size_t i = 0; i < items.size(); ++i)
      if (!trim(items[i]).empty())  // an empty item ("-") among long ones
        add(derive_question(base_question(), lead_phrase(items[i])), true, items[i], b.items[i].line);
    last_ = nullptr;  // a later code block belongs to no single item
    lead_in_ = false;
  }

  void add(std::string question, bool derived, std::string answer, int line) {
    last_ = &doc_.add(headings(), std::move(question), derived, std::move(answer), line);
  }

  DocumentBuilder doc_;
  std::vector<std::pair<int, std::string>> path_;
  Passage* last_ = nullptr;  // last passage of the current section; valid until next add()
  bool lead_in_ = false;     // the last paragraph ends with ':' and introduces what follows
};

}  // namespace

std::vector<Passage> read_markdown(const Context& ctx) {
  md::Document doc = md::parse(ctx.text);
  const std::vector<Block>& blocks = doc.blocks;
  size_t first = 0;
  std::string title = doc.front_matter_title;
  if (!blocks.empty() && blocks[0].kind == Kind::heading && blocks[0].level == 1) {
    title = md::strip_inline(blocks[0].text);
    first = 1;
  }
  if (title.empty()) title = file_stem(ctx.name);
  Segmenter segmenter(ctx, std::move(title));
  segmenter.run(blocks, first);
  return segmenter.take();
}

}  // namespace faq::ingest
