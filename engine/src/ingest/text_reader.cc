// Plain text in the style of the seed documents.
//
// Segmentation rules (every non-empty line is a paragraph):
//  * The first line is the title, unless it is a numbered point or longer
//    than 30 words; then the file name stem is the title and the line is text.
//  * A short line (<= 12 words) ending in '?' and followed by something other
//    than another question is a question heading: everything up to the next
//    heading is its answer, one passage, question_derived = false.
//  * A short line that is not a numbered point, does not end in sentence
//    punctuation and is followed by a numbered point or a long line is a
//    heading. A line straight after a question heading is always answer text.
//  * A run of numbered points ("1. ...", "2) ...", "3、...") under a heading
//    gives one passage per point when most points have >= 8 words; the
//    question is "<heading>: <lead phrase>". Shorter points stay together as
//    one passage.
//  * Such a run of long points closes its section: seed documents put a
//    heading over each list, and the prose after a list is a summary or a
//    bridge to the next topic, so it falls back to the document level
//    (no headings, the title as question) rather than under the list's heading.
//  * Other paragraphs are one passage each, under the current heading.
#include "ingest/readers.h"
#include "text/question_type.h"

namespace faq::ingest {
namespace {

enum class Kind { paragraph, heading, question, point };

struct Block {
  Kind kind;
  std::string_view text;
  int line;
};

// Length of a "1. ", "12) " or "3、" marker at the start of `s`, 0 if none.
size_t point_marker(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && i < 3 && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0 || i >= s.size()) return 0;
  if (s.compare(i, 3, "\xE3\x80\x81") == 0) return i + 3;  // 、
  if (s[i] != '.' && s[i] != ')') return 0;
  ++i;
  // "1.5 million" is a number, not a point.
  if (i < s.size() && s[i] != ' ' && s[i] != '\t') return 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i < s.size() ? i : 0;
}

bool is_short(std::string_view s) { return count_words(s) <= 12 && s.size() <= 160; }

bool ends_sentence(std::string_view s) {
  for (std::string_view end : {".", "!", ";", ",", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9B",
                               "\xEF\xBC\x8C"})  // 。！；，
    if (ends_with(s, end)) return true;
  return false;
}

Kind raw_kind(std::string_view s) {
  if (point_marker(s)) return Kind::point;
  if (!is_short(s)) return Kind::paragraph;
  if (text::ends_with_question_mark(s)) return Kind::question;
  if (!ends_sentence(s)) return Kind::heading;
  return Kind::paragraph;
}

std::vector<Block> classify(const std::vector<Line>& lines) {
  std::vector<Block> blocks;
  std::vector<Kind> raw;
  for (const Line& l : lines) {
    blocks.push_back({Kind::paragraph, l.text, l.number});
    raw.push_back(raw_kind(l.text));
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    bool has_next = i + 1 < blocks.size();
    bool after_question = i > 0 && blocks[i - 1].kind == Kind::question;
    Kind kind = raw[i];
    if (kind == Kind::question && (!has_next || raw[i + 1] == Kind::question || after_question))
      kind = Kind::paragraph;
    if (kind == Kind::heading) {
      bool content_follows =
          has_next && (raw[i + 1] == Kind::point ||
                       (raw[i + 1] == Kind::paragraph && !is_short(blocks[i + 1].text)));
      if (!content_follows || after_question) kind = Kind::paragraph;
    }
    blocks[i].kind = kind;
  }
  return blocks;
}

std::string heading_text(std::string_view s) {
  s = trim(s);
  if (ends_with(s, ":")) s.remove_suffix(1);
  return collapse_spaces(s);
}

class TextSegmenter {
 public:
  TextSegmenter(const Context& ctx, std::string title) : doc_(ctx, std::move(title)) {}

  void run(const std::vector<Block>& blocks) {
    for (size_t i = 0; i < blocks.size();) {
      const Block& b = blocks[i];
      if (b.kind == Kind::heading || b.kind == Kind::question) {
        heading_ = heading_text(b.text);
        in_question_ = b.kind == Kind::question;
        answer_open_ = false;
        ++i;
      } else if (b.kind == Kind::point) {
        size_t end = i;
        while (end < blocks.size() && blocks[end].kind == Kind::point) ++end;
        points(blocks, i, end);
        i = end;
      } else {
        paragraph(collapse_spaces(b.text), b.line);
        ++i;
      }
    }
  }

  std::vector<Passage> take() { return doc_.take(); }

 private:
  std::vector<std::string> headings() const {
    return heading_.empty() ? std::vector<std::string>{} : std::vector<std::string>{heading_};
  }
  const std::string& base_question() const { return heading_.empty() ? doc_.title() : heading_; }

  void paragraph(std::string text, int line) {
    if (in_question_ && answer_open_) {
      last_->answer += "\n" + text;
      return;
    }
    add(base_question(), !in_question_, std::move(text), line);
    answer_open_ = in_question_;
  }

  void points(const std::vector<Block>& blocks, size_t begin, size_t end) {
    std::vector<std::string> items;
    for (size_t i = begin; i < end; ++i)
      items.push_back(collapse_spaces(blocks[i].text.substr(point_marker(blocks[i].text))));
    if (in_question_ || !items_are_long(items)) {
      // Kept with their markers: the list reads as a list in the answer.
      std::string text;
      for (size_t i = begin; i < end; ++i) text += (i > begin ? "\n" : "") + collapse_spaces(blocks[i].text);
      if (in_question_ && answer_open_) {
        last_->answer += "\n" + text;
      } else {
        add(base_question(), !in_question_, std::move(text), blocks[begin].line);
        answer_open_ = in_question_;
      }
      return;
    }
    for (size_t i = begin; i < end; ++i) {
      const std::string& item = items[i - begin];
      if (item.empty()) continue;  // a marker alone ("3." and nothing after it)
      add(derive_question(base_question(), lead_phrase(item)), true, item, blocks[i].line);
    }
    heading_.clear();
  }

  void add(std::string question, bool derived, std::string answer, int line) {
    last_ = &doc_.add(headings(), std::move(question), derived, std::move(answer), line);
  }

  DocumentBuilder doc_;
  std::string heading_;
  bool in_question_ = false;
  bool answer_open_ = false;  // the question heading's answer passage exists
  Passage* last_ = nullptr;   // valid until the next add()
};

}  // namespace

std::vector<Passage> read_text(const Context& ctx) {
  std::vector<Line> lines;
  for (const Line& l : split_lines(ctx.text))
    if (!trim(l.text).empty()) lines.push_back({trim(l.text), l.number});
  if (lines.empty()) return {};

  std::string title;
  if (!point_marker(lines.front().text) && count_words(lines.front().text) <= 30) {
    title = collapse_spaces(lines.front().text);
    lines.erase(lines.begin());
  } else {
    title = file_stem(ctx.name);
  }
  TextSegmenter segmenter(ctx, std::move(title));
  segmenter.run(classify(lines));
  return segmenter.take();
}

}  // namespace faq::ingest
