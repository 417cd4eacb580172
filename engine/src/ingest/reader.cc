// The public ingest API: format dispatch, whole-file checks, files and
// directory trees, and ids that must be unique across one read.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "faq/ingest.h"
#include "ingest/readers.h"

namespace faq {
namespace {

namespace fs = std::filesystem;
using ingest::Context;
using ingest::fail;

// Ids seen so far in this read, with where they were first seen.
using IdRegistry = std::unordered_map<std::string, std::string>;

std::string_view extension_of(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view{} : base.substr(dot + 1);
}

int line_of(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// Size, BOM, binary content, encoding and emptiness: problems of the whole
// file, which skip_bad skips as a whole. Returns the text without its BOM.
// `lines_apart`: a file of one record per line (JSONL) whose lines are checked
// for UTF-8 one by one under skip_bad, so that one bad line loses one record.
std::string_view check_file(std::string_view content, std::string_view name, const IngestOptions& options,
                            bool lines_apart = false) {
  if (content.size() > options.max_file_bytes)
    fail(ErrorCode::too_large, name, 1,
         "file too large (" + std::to_string(content.size()) + " bytes, limit " +
             std::to_string(options.max_file_bytes) + ")");
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (size_t nul = content.find('\0'); nul != std::string_view::npos)
    fail(ErrorCode::bad_input, name, line_of(content, nul), "NUL byte: binary file?");
  if (!(lines_apart && options.skip_bad)) ingest::check_utf8(content, name);
  if (ingest::trim(content).empty()) fail(ErrorCode::bad_input, name, 1, "empty file");
  return content;
}

std::vector<Passage> parse(const Context& ctx, Format format) {
  switch (format) {
    case Format::text: return ingest::read_text(ctx);
    case Format::markdown: return ingest::read_markdown(ctx);
    case Format::json: return ingest::read_json(ctx);
    case Format::jsonl: return ingest::read_jsonl(ctx);
    case Format::csv: return ingest::read_delimited(ctx, ',');
    case Format::tsv: return ingest::read_delimited(ctx, '\t');
    case Format::unknown: break;
  }
  throw Error(ErrorCode::invalid_argument, std::string(ctx.name) + ": unsupported format");
}

// Reads one file's content into `out`; a whole-file problem throws.
void read_one(std::string_view content, const std::string& name, const std::string& id_base,
              Format format, const IngestOptions& options, IngestReport* report, IdRegistry& ids,
              std::vector<Passage>& out) {
  Context ctx{check_file(content, name, options, format == Format::jsonl), name, id_base, options, report};
  std::vector<Passage> passages = parse(ctx, format);
  size_t added = 0;
  for (Passage& p : passages) {
    std::string where = ingest::located(p.source, p.line, "");
    where.resize(where.size() - 2);  // "file:line"
    auto [it, fresh] = ids.emplace(p.id, where);
    if (!fresh) {
      // Keeping the first lets skip_bad drop exactly the later copy.
      ctx.skip_or_throw(Error(ErrorCode::bad_input,
                              ingest::located(p.source, p.line,
                                              "duplicate id \"" + p.id + "\" (first at " + it->second + ")")));
      continue;
    }
    out.push_back(std::move(p));
    ++added;
  }
  if (report) {
    ++report->files_read;
    report->passages += added;
  }
}

// Whole-file problems either throw or, under skip_bad, are reported.
template <class F>
void guarded(const IngestOptions& options, IngestReport* report, F&& f) {
  if (!options.skip_bad) return f();
  try {
    f();
  } catch (const Error& e) {
    if (report) report->errors.push_back(e.what());
  }
}

std::string read_file(const std::string& path, const IngestOptions& options) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) throw Error(ErrorCode::io, path + ": cannot read: " + ec.message());
  if (size > options.max_file_bytes)
    fail(ErrorCode::too_large, path, 1,
         "file too large (" + std::to_string(size) + " bytes, limit " + std::to_string(options.max_file_bytes) + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, path + ": cannot open for reading");
  std::string content(static_cast<size_t>(size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  content.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) throw Error(ErrorCode::io, path + ": read error");
  return content;
}

using Sink = std::function<void(std::vector<Passage>&&)>;

void read_file_into(const std::string& path, const std::string& id_base, const IngestOptions& options,
                    IngestReport* report, IdRegistry& ids, const Sink& sink) {
  Format format = format_for_path(path);
  if (format == Format::unknown) {
    if (report) report->skipped_files.push_back(path);
    return;
  }
  std::vector<Passage> out;
  guarded(options, report, [&] {
    std::string content = read_file(path, options);
    read_one(content, path, id_base, format, options, report, ids, out);
  });
  if (!out.empty()) sink(std::move(out));
}

// Every supported or unsupported regular file under `root`, hidden ones
// excepted, as paths relative to `root` in sorted order.
std::vector<std::string> list_tree(const std::string& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code entry_ec;  // a dangling link is no file, not a failure of the walk
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(entry_ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(entry_ec)) files.push_back(it->path().lexically_relative(root).generic_string());
  }
  if (ec) throw Error(ErrorCode::io, root + ": cannot list directory: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Format format_for_path(std::string_view path) {
  std::string ext = ingest::lower_ascii(extension_of(path));
  if (ext == "txt") return Format::text;
  if (ext == "md" || ext == "markdown") return Format::markdown;
  if (ext == "json") return Format::json;
  if (ext == "jsonl") return Format::jsonl;
  if (ext == "csv") return Format::csv;
  if (ext == "tsv") return Format::tsv;
  return Format::unknown;
}

namespace {

void read_one_path(const std::string& path, const Sink& sink, const IngestOptions& options, IngestReport* report,
                   IdRegistry& ids) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw Error(ErrorCode::not_found, path + ": no such file or directory");
  if (!fs::is_directory(status)) {
    if (format_for_path(path) == Format::unknown && !options.skip_bad)
      throw Error(ErrorCode::bad_input, path + ": unsupported file type (use .txt, .md, .json, .jsonl, .csv or .tsv)");
    read_file_into(path, path, options, report, ids, sink);
    return;
  }
  for (const std::string& rel : list_tree(path)) {
    std::string full = (fs::path(path) / rel).generic_string();
    read_file_into(full, rel, options, report, ids, sink);
  }
}

std::vector<Passage> collect(const std::vector<std::string>& paths, const IngestOptions& options,
                             IngestReport* report) {
  std::vector<Passage> out;
  read_paths(
      paths,
      [&](std::vector<Passage>&& file) {
        if (out.empty()) {
          out = std::move(file);
        } else {
          out.insert(out.end(), std::make_move_iterator(file.begin()), std::make_move_iterator(file.end()));
        }
      },
      options, report);
  return out;
}

}  // namespace

void read_paths(const std::vector<std::string>& paths, const Sink& sink, const IngestOptions& options,
                IngestReport* report) {
  IdRegistry ids;  // one for all inputs: an id given twice is an error, never a silent replacement
  for (const std::string& path : paths) read_one_path(path, sink, options, report, ids);
}

std::vector<Passage> read_paths(const std::vector<std::string>& paths, const IngestOptions& options,
                                IngestReport* report) {
  return collect(paths, options, report);
}

void read_path(const std::string& path, const Sink& sink, const IngestOptions& options, IngestReport* report) {
  read_paths({path}, sink, options, report);
}

std::vector<Passage> read_path(const std::string& path, const IngestOptions& options, IngestReport* report) {
  return collect({path}, options, report);
}

std::vector<Passage> read_document(std::string_view content, std::string_view name, Format format,
                                   const IngestOptions& options, IngestReport* report) {
  if (format == Format::unknown)
    throw Error(ErrorCode::invalid_argument, std::string(name) + ": unsupported format");
  std::vector<Passage> out;
  IdRegistry ids;
  std::string n(name);
  guarded(options, report, [&] { read_one(content, n, n, format, options, report, ids, out); });
  return out;
}

std::vector<Synonym> parse_synonyms(std::string_view content, std::string_view name) {
  return ingest::parse_synonyms(check_file(content, name, IngestOptions{}), name);
}

std::vector<Synonym> read_synonyms(const std::string& path, const IngestOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorCode::not_found, path + ": no such file");
  std::string content = read_file(path, options);
  return ingest::parse_synonyms(check_file(content, path, options), path);
}

}  // namespace faq
