// faq/ingest.h — turning documents into passages.
//
// The reader is chosen by file extension:
//   .txt            seed-style plain text: first line = title, paragraphs,
//                   heading lines ("Causes of ..."), numbered points ("1. ...")
//                   that become passages of their own under their heading
//   .md .markdown   Markdown: # headings, paragraphs, lists
//   .json .jsonl    FAQ records {"id","title","question","answer"} plus optional
//                   "alternates", "tags", "url", "lang" (.json: an array of
//                   records, or {"items": [...]}; .jsonl: one record per line)
//   .csv .tsv       a header row naming question, answer and optionally id,
//                   title, url, tags (tags separated by ';' or '|')
// A directory is read recursively, in sorted path order; files with other
// extensions are skipped (and listed in the report).
//
// Errors: bad input (invalid UTF-8, a broken JSON line, a CSV row with the
// wrong number of fields, an empty file) throws faq::Error(bad_input or
// invalid_utf8) whose message starts with "FILE:LINE: ". With
// IngestOptions::skip_bad the reader records the same message in the report
// and goes on with the next record (or the next file: a whole-file problem,
// such as invalid UTF-8, skips the file, except in JSONL, where it skips the
// line).
//
// Limits (ErrorCode::too_large, "FILE:LINE: ..."): a file over
// IngestOptions::max_file_bytes; a record with more than 1,000 fields (JSON
// keys, CSV/TSV columns); JSON nested more than 64 arrays/objects deep.
#ifndef FAQ_INGEST_H
#define FAQ_INGEST_H

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "faq/index.h"
#include "faq/passage.h"

namespace faq {

enum class Format { text, markdown, json, jsonl, csv, tsv, unknown };

// The format a path's extension selects (case-insensitive); unknown otherwise.
Format format_for_path(std::string_view path);

struct IngestOptions {
  bool skip_bad = false;      // report bad records/files and continue
  std::string default_lang;   // given to passages that do not carry a language
  size_t max_file_bytes = 256u << 20;  // larger files are refused (too_large)
};

struct IngestReport {
  size_t files_read = 0;
  size_t passages = 0;
  std::vector<std::string> skipped_files;  // unsupported extensions
  std::vector<std::string> errors;         // "FILE:LINE: message", only with skip_bad
};

// Reads one file or a directory tree. Throws faq::Error (see above).
std::vector<Passage> read_path(const std::string& path, const IngestOptions& options = {},
                               IngestReport* report = nullptr);

// The same, handing each file's passages to `sink` as soon as the file is
// read, so that a large tree never has to be held in memory at once (an
// error thrown by `sink` stops the walk and propagates).
void read_path(const std::string& path, const std::function<void(std::vector<Passage>&&)>& sink,
               const IngestOptions& options = {}, IngestReport* report = nullptr);

// Several files or directory trees read as one collection: an id must be
// unique across all of them (a second "a1" in another input is a bad_input
// error naming both places, or skipped under skip_bad), so that one input
// never silently replaces another's passage. Derived ids come from a file's
// path relative to its directory input, so two directory inputs that both
// hold "faq.md" collide too: give them distinct names or index them apart.
std::vector<Passage> read_paths(const std::vector<std::string>& paths, const IngestOptions& options = {},
                                IngestReport* report = nullptr);
void read_paths(const std::vector<std::string>& paths, const std::function<void(std::vector<Passage>&&)>& sink,
                const IngestOptions& options = {}, IngestReport* report = nullptr);

// Reads `content` as if it were the file `name` in format `format`.
std::vector<Passage> read_document(std::string_view content, std::string_view name,
                                   Format format, const IngestOptions& options = {},
                                   IngestReport* report = nullptr);

// Reads a synonym file for BuildOptions::synonyms: UTF-8 text, one rule per
// line, blank lines and lines starting with "#" skipped:
//   delete, remove, get rid of           each phrase also asks for the others
//   HFS, facial tic => hemifacial spasm  the phrases on the left also ask for
//                                        those on the right, not the reverse
// At most 100 phrases on a side. Throws faq::Error (not_found, io, bad_input,
// invalid_utf8, too_large) whose message starts with "FILE:LINE: " for a bad
// line. Whether each phrase has words to match is checked when the index is
// committed, against the index's language.
std::vector<Synonym> read_synonyms(const std::string& path, const IngestOptions& options = {});

// The same for `content`, as if it were the file `name`.
std::vector<Synonym> parse_synonyms(std::string_view content, std::string_view name);

}  // namespace faq

#endif  // FAQ_INGEST_H
