// faq/index.h — building and updating a knowledge base index.
//
// An index is a directory. Each build or update writes a complete new Xapian
// database (a "generation") beside the current one and then switches a small
// stub file to it with an atomic rename, so a reader — or a crash, or kill -9
// at any moment — only ever sees the old index or the new one, never a mix.
// Older generations are removed once a newer one is in place (the previous
// one is kept for readers that still have it open).
//
// Thread safety: an IndexWriter is used by one thread. Only one writer may
// hold an index at a time (another gets ErrorCode::busy).
#ifndef FAQ_INDEX_H
#define FAQ_INDEX_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "faq/passage.h"

namespace faq {

// Bumped whenever the stored layout changes; an index written with another
// version is refused with ErrorCode::version_mismatch.
inline constexpr int kIndexFormatVersion = 4;

// A question that says `phrase` also asks for `synonym`: "get rid of" ->
// "delete", "HFS" -> "hemifacial spasm". Both are analysed as questions are
// (case, accents, stemming; stopwords dropped), so "Getting rid of" matches
// too; each must keep at least one and at most kMaxSynonymWords content
// words. Xapian's synonym table holds them. read_synonyms() makes these from
// a synonym file.
struct Synonym {
  std::string phrase;
  std::string synonym;
  std::string where;  // "FILE:LINE" it came from, for error messages ("" if none)
};
inline constexpr size_t kMaxSynonymWords = 8;

struct BuildOptions {
  // ISO 639-1 language for stemming and stopwords of passages that do not say
  // theirs ("pt-BR" counts as "pt"); empty = the language of the index being
  // updated, else detected from the first passages written (by script, or by
  // function words for en, de, fr, es, it, pt, nl, sv and ru), else the one
  // most of them name when all name theirs, else "en". A value that is not a
  // language tag ("x", "French") is Error(invalid_argument) when the writer
  // is created; so is a passage's Passage::lang when it is added.
  std::string lang;
  // Record spelling data so that misspelled questions can be corrected.
  bool spelling = true;
  // Largest passage accepted (answer + question + title), in bytes.
  size_t max_passage_bytes = 1u << 20;
  // Threads that analyse and write passages (one part of the index each,
  // merged at commit); 0 = one per core, at most 8.
  unsigned threads = 0;
  // Synonyms the index answers with (see Synonym). An update keeps the
  // index's synonyms and adds these. A phrase without content words, or
  // with too many, fails commit() with ErrorCode::invalid_argument.
  std::vector<Synonym> synonyms;
  // The confidence an answer needs for Status::answer when a question does
  // not set its own (AskOptions::threshold), kept in the index: every
  // program that opens it answers alike. Negative = none (the engine's
  // default, 0.35); an update keeps the index's unless this sets another.
  // NaN or over 1 is Error(invalid_argument) when the writer is created.
  double threshold = -1;
};

struct IndexInfo {
  std::string path;
  int format_version = 0;
  std::string analysis;     // identifies the text analysis the index was built with
  std::string lang;
  uint64_t passages = 0;
  uint64_t generation = 0;  // increases with every build / commit
  std::string built_at;     // UTC, ISO 8601
  uint64_t synonym_keys = 0;  // phrases that have synonyms (Synonym::phrase, analysed)
  double threshold = -1;      // BuildOptions::threshold it was built with; < 0 = none
};

// Reads an index's description. Throws faq::Error (not_found, corrupt_index,
// version_mismatch).
IndexInfo read_index_info(const std::string& dir);

class IndexWriter {
 public:
  // Starts a new, empty index for `dir` (created if missing). Nothing visible
  // changes until commit(). Throws faq::Error: io when `dir` cannot be
  // written or is a non-empty directory that is not an index; busy when
  // another writer holds it.
  static IndexWriter create(const std::string& dir, const BuildOptions& options = {});

  // Starts an update of the existing index at `dir`: the new generation is
  // the current one plus what is added, minus what is replaced or removed.
  // Adding is cheap; replacing or removing passages re-analyses the ones
  // that stay, at commit. Throws like create(), plus not_found /
  // corrupt_index / version_mismatch for the existing index.
  static IndexWriter update(const std::string& dir, const BuildOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();  // without commit(), the work is discarded

  // Adds a passage, replacing any passage with the same id. Throws
  // faq::Error(invalid_argument) for an empty id or answer, invalid_utf8,
  // too_large. Passages are written in batches, so an io error from writing
  // may surface at a later add() or at commit(); after one, the writer only
  // discards its work.
  void add(const Passage& passage);

  // Removes the passage with this id; returns false when there was none.
  bool remove(const std::string& id);

  uint64_t size() const;  // passages in the index being written

  // Makes the new generation the index's current one, atomically.
  IndexInfo commit();

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Builds an index from `passages`, atomically replacing what `dir` held.
IndexInfo build_index(const std::vector<Passage>& passages, const std::string& dir,
                      const BuildOptions& options = {});

}  // namespace faq

#endif  // FAQ_INDEX_H
