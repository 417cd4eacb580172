// A small Markdown block parser: enough of CommonMark for FAQ documents
// (headings, paragraphs, lists, fenced code, block quotes, front matter).
// It never fails: anything it does not understand is paragraph text.
#include "ingest/markdown.h"
#include "ingest/readers.h"

namespace faq::ingest::md {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

int indent_of(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4 - n % 4;
    else break;
  }
  return n;
}

size_t run_of(std::string_view s, size_t i, char c) {
  size_t n = 0;
  while (i + n < s.size() && s[i + n] == c) ++n;
  return n;
}

bool is_rule(std::string_view s, char c, size_t min) {
  size_t n = 0;
  for (char ch : s) {
    if (ch == c) ++n;
    else if (!is_space(ch)) return false;
  }
  return n >= min;
}

// Parses a list marker; on success sets `marker` and `rest` (the item text).
bool list_marker(std::string_view s, std::string& marker, std::string_view& rest) {
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
    marker = "-";
    i = 1;
  } else {
    while (i < s.size() && i < 9 && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == 0 || i >= s.size() || (s[i] != '.' && s[i] != ')')) return false;
    marker = std::string(s.substr(0, i)) + ".";
    ++i;
  }
  if (i < s.size() && !is_space(s[i])) return false;
  rest = trim(s.substr(i));
  return true;
}

// An ATX heading "## Text ##"; returns its level, 0 if `s` is none.
int atx_heading(std::string_view s, std::string& text) {
  size_t n = run_of(s, 0, '#');
  if (n == 0 || n > 6 || (n < s.size() && !is_space(s[n]))) return 0;
  std::string_view t = trim(s.substr(n));
  size_t closing = t.size();
  while (closing > 0 && t[closing - 1] == '#') --closing;
  if (closing == 0 || is_space(t[closing - 1])) t = trim(t.substr(0, closing));
  text = std::string(t);
  return static_cast<int>(n);
}

std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);
  return std::string(s);
}

class Parser {
 public:
  Document run(std::string_view text) {
    std::vector<Line> lines = split_lines(text);
    size_t i = front_matter(lines);
    for (; i < lines.size(); ++i) line(lines[i]);
    flush_paragraph();
    if (in_fence_) flush_code();
    close_list();
    return std::move(doc_);
  }

 private:
  size_t front_matter(const std::vector<Line>& lines) {
    if (lines.empty() || trim(lines[0].text) != "---") return 0;
    for (size_t j = 1; j < lines.size(); ++j) {
      std::string_view t = trim(lines[j].text);
      if (t == "---" || t == "...") {
        for (size_t k = 1; k < j; ++k)
          if (lines[k].text.substr(0, 6) == "title:") doc_.front_matter_title = unquote(lines[k].text.substr(6));
        return j + 1;
      }
    }
    return 0;  // no closing line: a thematic break, not front matter
  }

  void line(const Line& l) {
    std::string_view raw = l.text;
    int indent = indent_of(raw);
    std::string_view s = trim(raw);
    if (in_fence_) {
      if (run_of(s, 0, fence_[0]) >= fence_.size() && trim(s.substr(run_of(s, 0, fence_[0]))).empty()) {
        flush_code();
      } else {
        std::string_view code = raw;
        while (!code.empty() && is_space(code.back())) code.remove_suffix(1);
        code_ += (code_.empty() ? "" : "\n") + std::string(code);
      }
      return;
    }
    if (in_comment_) {
      if (s.find("-->") != std::string_view::npos) in_comment_ = false;
      return;
    }
    while (!s.empty() && s[0] == '>') s = trim(s.substr(1));  // block quotes read as text
    if (s.empty()) {
      flush_paragraph();
      blank_in_list_ = list_open();
      return;
    }
    if (s.substr(0, 4) == "<!--") {
      in_comment_ = s.find("-->", 4) == std::string_view::npos;
      return;
    }
    if (s.substr(0, 3) == "```" || s.substr(0, 3) == "~~~") {
      flush_paragraph();
      close_list();
      in_fence_ = true;
      fence_ = std::string(run_of(s, 0, s[0]), s[0]);
      code_line_ = l.number + 1;
      code_.clear();
      return;
    }
    std::string text;
    if (indent < 4) {
      if (int level = atx_heading(s, text)) {
        flush_paragraph();
        close_list();
        heading(level, text, l.number);
        return;
      }
      if (!paragraph_.empty() && !list_open() && (is_rule(s, '=', 1) || is_rule(s, '-', 2))) {
        std::string joined = paragraph_text();
        int line = paragraph_line_;
        paragraph_.clear();
        heading(s[0] == '=' ? 1 : 2, joined, line);
        return;
      }
      if (is_rule(s, '-', 3) || is_rule(s, '*', 3) || is_rule(s, '_', 3)) {
        flush_paragraph();
        close_list();
        return;
      }
      if (s[0] == '[' && s.find("]:") != std::string_view::npos) return;  // link definition
    }
    std::string marker;
    std::string_view rest;
    if (list_marker(s, marker, rest) && (!rest.empty() || list_open())) {
      flush_paragraph();
      item(indent, marker, rest, l.number);
      return;
    }
    if (list_open()) {
      Item& current = doc_.blocks.back().items.back();
      if (!blank_in_list_) {
        current.text += " " + std::string(s);  // lazy continuation
        return;
      }
      if (indent > list_indent_) {
        current.text += "\n" + std::string(s);
        blank_in_list_ = false;
        return;
      }
      close_list();
    }
    if (paragraph_.empty()) paragraph_line_ = l.number;
    paragraph_.emplace_back(s);
  }

  void item(int indent, const std::string& marker, std::string_view text, int line) {
    if (list_open() && indent > list_indent_ + 1) {
      doc_.blocks.back().items.back().text += "\n" + marker + " " + std::string(text);
    } else {
      if (!list_open()) {
        Block b;
        b.kind = Kind::list;
        b.line = line;
        doc_.blocks.push_back(std::move(b));
        list_indent_ = indent;
      }
      doc_.blocks.back().items.push_back({std::string(text), marker, line});
    }
    blank_in_list_ = false;
  }

  void heading(int level, const std::string& text, int line) {
    Block b;
    b.kind = Kind::heading;
    b.level = level;
    b.text = text;
    b.line = line;
    doc_.blocks.push_back(std::move(b));
  }

  bool list_open() const { return list_indent_ >= 0; }
  void close_list() {
    list_indent_ = -1;
    blank_in_list_ = false;
  }

  // Table rows keep their own lines; wrapped prose is joined into one.
  std::string paragraph_text() const {
    std::string out;
    for (size_t i = 0; i < paragraph_.size(); ++i) {
      if (i) out += paragraph_[i][0] == '|' ? "\n" : " ";
      out += paragraph_[i];
    }
    return out;
  }

  void flush_paragraph() {
    if (paragraph_.empty()) return;
    Block b;
    b.kind = Kind::paragraph;
    b.text = paragraph_text();
    b.line = paragraph_line_;
    doc_.blocks.push_back(std::move(b));
    paragraph_.clear();
  }

  void flush_code() {
    in_fence_ = false;
    if (trim(code_).empty()) return;
    Block b;
    b.kind = Kind::code;
    b.text = code_;
    b.line = code_line_;
    doc_.blocks.push_back(std::move(b));
  }

  Document doc_;
  std::vector<std::string> paragraph_;
  int paragraph_line_ = 0;
  int list_indent_ = -1;  // indentation of the open list's markers, -1 if none
  bool blank_in_list_ = false;
  bool in_fence_ = false;
  bool in_comment_ = false;
  std::string fence_;
  std::string code_;
  int code_line_ = 0;
};

// Finds the ']' closing the '[' at `open`, allowing nested brackets.
size_t closing_bracket(std::string_view s, size_t open, char o, char c) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == o) ++depth;
    else if (s[i] == c && --depth == 0) return i;
  }
  return std::string_view::npos;
}

}  // namespace

Document parse(std::string_view text) { return Parser().run(text); }

std::string strip_inline(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : ' ';
    if (c == '\\' && next != ' ' && !is_alnum(next)) {
      out += next;
      i += 2;
    } else if (c == '`') {
      size_t n = run_of(s, i, '`');
      size_t close = s.find(std::string(n, '`'), i + n);
      if (close == std::string_view::npos) {
        out.append(n, '`');
        i += n;
      } else {
        out += trim(s.substr(i + n, close - i - n));
        i = close + n;
      }
    } else if ((c == '[' || (c == '!' && next == '[')) &&
               closing_bracket(s, i + (c == '!'), '[', ']') != std::string_view::npos) {
      size_t open = i + (c == '!');
      size_t close = closing_bracket(s, open, '[', ']');
      size_t after = close + 1;
      if (after < s.size() && (s[after] == '(' || s[after] == '[')) {
        size_t end = closing_bracket(s, after, s[after], s[after] == '(' ? ')' : ']');
        if (end != std::string_view::npos) after = end + 1;
      }
      if (after == close + 1) {  // "[1]": a bracket, not a link
        out += c;
        ++i;
        continue;
      }
      out += strip_inline(s.substr(open + 1, close - open - 1));
      i = after;
    } else if (c == '<' && (is_alnum(next) || next == '/') && s.find('>', i) != std::string_view::npos) {
      size_t close = s.find('>', i);
      std::string_view inner = s.substr(i + 1, close - i - 1);
      if (inner.find(' ') != std::string_view::npos && inner.find("://") == std::string_view::npos) {
        out += c;  // "a <b and c> d" is not a tag
        ++i;
        continue;
      }
      // Autolinks keep their address; HTML tags disappear.
      if (inner.find("://") != std::string_view::npos || inner.substr(0, 7) == "mailto:") out += inner;
      i = close + 1;
    } else if (c == '*' || c == '_' || (c == '~' && next == '~')) {
      size_t n = run_of(s, i, c);
      char before = i > 0 ? s[i - 1] : ' ';
      char after = i + n < s.size() ? s[i + n] : ' ';
      // "2 * 3" and snake_case are literal; anything else is emphasis.
      bool literal = c == '_' ? (is_alnum(before) && is_alnum(after))
                              : (is_space(before) && is_space(after));
      if (literal) out.append(n, c);
      i += n;
    } else {
      out += c;
      ++i;
    }
  }
  return collapse_spaces(out);
}

}  // namespace faq::ingest::md
