// FAQ records in CSV (RFC 4180 quoting) and TSV (tabs, no quoting), with a
// header row naming the columns.
#include <algorithm>

#include "ingest/readers.h"

namespace faq::ingest {
namespace {

struct Row {
  std::vector<std::string> fields;
  int line = 0;  // where the row starts; a quoted field may span lines
  size_t dropped = 0;  // fields past kMaxFields, counted but not kept
};

class RowReader {
 public:
  RowReader(const Context& ctx, char delimiter) : ctx_(ctx), text_(ctx.text), delim_(delimiter) {}

  // Reads the next non-blank row; false at the end of the input.
  bool next(Row& row) {
    while (pos_ < text_.size()) {
      row.fields.clear();
      row.dropped = 0;
      row.line = line_;
      size_t start = pos_;
      read_row(row);
      bool blank = row.fields.size() == 1 && trim(text_.substr(start, pos_ - start)).empty();
      if (!blank) return true;
    }
    return false;
  }

 private:
  void read_row(Row& row) {
    std::string field;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"' && delim_ == ',' && field.empty()) {
        quoted(field);
      } else if (c == delim_) {
        keep(row, std::move(field));
        field.clear();
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        ++line_;
        break;
      } else {
        if (c != '\r' || (pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n')) field += c;
        ++pos_;
      }
    }
    keep(row, std::move(field));
  }

  static void keep(Row& row, std::string&& field) {
    if (row.fields.size() < kMaxFields) row.fields.push_back(std::move(field));
    else ++row.dropped;
  }

  void quoted(std::string& field) {
    int opened = line_;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        ++pos_;  // text after the closing quote is kept as written
        return;
      }
      if (c == '\n') ++line_;
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') continue;
      field += c;
    }
    // The rest of the file is inside the field: nothing after it can be trusted.
    fail(ErrorCode::bad_input, ctx_.name, opened, "unterminated quoted field");
  }

  const Context& ctx_;
  std::string_view text_;
  char delim_;
  size_t pos_ = 0;
  int line_ = 1;
};

enum class Column { id, title, question, answer, url, tags, lang, alternates, other };

Column column_for(const std::string& name) {
  static const std::pair<const char*, Column> known[] = {
      {"id", Column::id},     {"title", Column::title}, {"question", Column::question},
      {"answer", Column::answer}, {"url", Column::url},   {"tags", Column::tags},
      {"lang", Column::lang}, {"alternates", Column::alternates}};
  for (const auto& [key, column] : known)
    if (name == key) return column;
  return Column::other;
}

struct Header {
  std::vector<std::string> names;
  std::vector<Column> columns;
};

void check_field_count(const Context& ctx, const Row& row) {
  if (row.dropped)
    fail(ErrorCode::too_large, ctx.name, row.line,
         std::to_string(row.fields.size() + row.dropped) + " fields, over the limit of " +
             std::to_string(kMaxFields));
}

Header read_header(const Context& ctx, const Row& row) {
  check_field_count(ctx, row);
  Header h;
  for (const std::string& field : row.fields) {
    std::string name = lower_ascii(collapse_spaces(field));
    for (const std::string& seen : h.names)
      if (!name.empty() && seen == name)
        fail(ErrorCode::bad_input, ctx.name, row.line, "duplicate column \"" + name + "\"");
    h.columns.push_back(column_for(name));
    h.names.push_back(std::move(name));
  }
  for (const char* required : {"question", "answer"})
    if (std::find(h.names.begin(), h.names.end(), required) == h.names.end())
      fail(ErrorCode::bad_input, ctx.name, row.line, std::string("missing column \"") + required + "\"");
  return h;
}

void add_row(const Context& ctx, RecordSet& records, const Header& h, const Row& row) {
  check_field_count(ctx, row);
  if (row.fields.size() != h.columns.size())
    fail(ErrorCode::bad_input, ctx.name, row.line,
         "expected " + std::to_string(h.columns.size()) + " fields, found " + std::to_string(row.fields.size()));
  Passage p;
  p.line = row.line;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    const std::string& value = row.fields[i];
    switch (h.columns[i]) {
      case Column::id: p.id = std::string(trim(value)); break;
      case Column::title: p.title = collapse_spaces(value); break;
      case Column::question: p.question = collapse_spaces(value); break;
      case Column::answer: p.answer = normalise_answer(value); break;
      case Column::url: p.url = collapse_spaces(value); break;
      case Column::lang: p.lang = collapse_spaces(value); break;
      case Column::tags: p.tags = split_list(value, ";|"); break;
      case Column::alternates: p.alternates = split_list(value, ";|"); break;
      case Column::other:
        if (!h.names[i].empty() && !trim(value).empty()) p.metadata[h.names[i]] = collapse_spaces(value);
        break;
    }
  }
  records.add(std::move(p));
}

}  // namespace

std::vector<Passage> read_delimited(const Context& ctx, char delimiter) {
  RowReader reader(ctx, delimiter);
  Row row;
  if (!reader.next(row)) fail(ErrorCode::bad_input, ctx.name, 1, "empty file");
  Header header = read_header(ctx, row);
  RecordSet records(ctx);
  while (reader.next(row)) {
    try {
      add_row(ctx, records, header, row);
    } catch (const Error& e) {
      ctx.skip_or_throw(e);
    }
  }
  return records.take();
}

}  // namespace faq::ingest
