// index/schema.h — how a passage is laid out in a Xapian document.
//
// Terms: every content term of the passage, unprefixed, with its within-
// document frequency boosted by field (a term in the title or question counts
// several times), so Xapian's BM25 ranks over all fields at once. Boolean
// terms carry the id, tags and language for lookup and filters.
// Values: one slot holds all the ranker reads for every candidate (document
// key, intents, the short fields' terms), so a candidate costs one value
// lookup and no stored passage; others serve follow-up suggestions.
// Data: the passage itself in a compact binary record, for display.
// Every decoder is bounds-checked: damaged bytes give empty fields, never a
// read past the end.
#ifndef FAQ_INDEX_SCHEMA_H
#define FAQ_INDEX_SCHEMA_H

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "faq/passage.h"
#include "text/question_type.h"

namespace faq::index {

// Boolean term prefixes (Xapian's convention: capital letters).
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixTag = "K";
inline constexpr std::string_view kPrefixLang = "L";
// Content terms of the question, alternates and headings once more, so that a
// question can be matched against the passages' questions alone.
inline constexpr std::string_view kPrefixShort = "S";
// The document a passage belongs to (hash of its document key), for finding
// its sibling sections.
inline constexpr std::string_view kPrefixDoc = "D";
// Character bigrams of CJK text (see text::Analyzer::cjk_bigrams).
inline constexpr std::string_view kPrefixBigram = "B";

// Within-document frequency given to one occurrence of a term, by field.
inline constexpr Xapian::termcount kWdfTitle = 3;
inline constexpr Xapian::termcount kWdfQuestion = 3;
inline constexpr Xapian::termcount kWdfAlternate = 2;
inline constexpr Xapian::termcount kWdfHeading = 2;
inline constexpr Xapian::termcount kWdfAnswer = 1;

// BM25's length normalization is applied when a passage is indexed, not when
// it is searched: Xapian's BM25 with b = 0 then never reads a document's
// length (walking the document-length list was a fifth of the instructions of
// a short question). A term's frequency tf in a passage of length dl (the sum
// of its terms' frequencies) is stored as
//   kWdfScale * tf / (1 - kBm25B + kBm25B * max(dl / mean, 0.5))
// rounded, and at least 1, where `mean` is the index's reference length (the
// mean length of the first passages written, see kMetaMeanLength). Searched
// with k1 * kWdfScale, these give BM25's term weights (b = kBm25B) times a
// factor that is the same for every term. The scale keeps the rounding under
// 1 % in passages up to ten times the mean length (the development sets rank
// as with normalization at query time); most stored frequencies then take two
// bytes instead of one (MedQuAD's index: 6 % larger).
inline constexpr double kBm25B = 0.375;
inline constexpr double kWdfScale = 256;

// BM25's k1 for searching frequencies stored by normalized_wdf.
inline double searched_k1(double k1) { return k1 * kWdfScale; }

inline Xapian::termcount normalized_wdf(Xapian::termcount tf, double length, double mean) {
  double norm = mean > 0 ? std::max(length / mean, 0.5) : 1;
  double scaled = kWdfScale * tf / (1 - kBm25B + kBm25B * norm);
  return static_cast<Xapian::termcount>(std::max(1.0, std::min(scaled + 0.5, 1e9)));
}

enum Slot : Xapian::valueno {
  kSlotRank = 0,      // RankValue, encoded
  kSlotPosition = 1,  // Xapian::sortable_serialise(position in document)
  kSlotLabel = 2,     // the passage's question, or its last heading (follow-up suggestions)
  kSlotId = 3,        // the passage's id
  kSlotPassage = 4,   // the passage itself: PassagePacker::pack, read by unpack_passage
};

// Metadata keys.
inline constexpr const char* kMetaFormat = "faq.format_version";
inline constexpr const char* kMetaAnalysis = "faq.analysis";
inline constexpr const char* kMetaLang = "faq.lang";
inline constexpr const char* kMetaBuiltAt = "faq.built_at";
inline constexpr const char* kMetaGeneration = "faq.generation";
inline constexpr const char* kMetaMeanLength = "faq.mean_length";  // see normalized_wdf
// BuildOptions::threshold, when the index has one.
inline constexpr const char* kMetaThreshold = "faq.threshold";

// The analyzed terms of a passage's short fields (stemmed, stopwords dropped).
struct FieldTerms {
  std::vector<std::string> title;
  std::vector<std::string> heading;
  std::vector<std::string> question;  // the question and its alternates
};

// What the ranker reads of each candidate.
struct RankValue {
  uint64_t doc = 0;     // the document the passage belongs to: doc_hash of its key
  std::string intents;  // text::encode_intents of what the passage answers, then
                        // kTitleQuestionMark when `fields.question` is its
                        // document's title (a lead passage: index_writer.cc)
  FieldTerms fields;
};

// Appended to RankValue::intents (after text::kIntents bytes, which
// decode_intents reads alone).
inline constexpr char kTitleQuestionMark = 'T';

// Whether a rank value's question terms are its document's title.
inline bool title_question(std::string_view intents) {
  return intents.size() > static_cast<size_t>(text::kIntents) && intents[text::kIntents] == kTitleQuestionMark;
}

// A rank value as the ranker reads it: views into the encoded string, which
// must outlive it (no copies: the ranker decodes dozens per question).
struct RankValueView {
  uint64_t doc = 0;
  std::string_view intents;
  std::vector<std::string_view> title, heading, question;
};

std::string encode_rank_value(const RankValue& v);
// Decodes `s` into `out`, reusing its vectors; a damaged value decodes as
// empty and returns false.
bool decode_rank_value(std::string_view s, RankValueView& out);

std::string id_term(std::string_view id);

// The index's threshold (kMetaThreshold), or -1 when it has none. Throws
// Error(corrupt_index) when the stored value is not a confidence.
double read_threshold(const Xapian::Database& db);

// The document a passage belongs to, from its key (normalized title or
// source): a 64-bit hash, stored in rank values and as a boolean term.
uint64_t doc_hash(std::string_view doc_key);
std::string doc_term(uint64_t doc);

// The passage as stored with its document, in value slot kSlotPassage: its
// record deflated by zlib at the fastest level with a small window (a
// record is a few KB; MedQuAD's shrink 2.2 times). Not in Xapian's document
// data: glass deflates that at zlib's default level after clearing a 128 KB
// hash table for every document, a fifth of a build's instructions.
// One packer per thread: it keeps its zlib stream between passages.
class PassagePacker {
 public:
  PassagePacker();
  ~PassagePacker();
  PassagePacker(const PassagePacker&) = delete;
  PassagePacker& operator=(const PassagePacker&) = delete;

  std::string pack(const Passage& p);

 private:
  struct Stream;
  std::unique_ptr<Stream> z_;
};

// The passage of a stored kSlotPassage value; an empty Passage (no id) if
// the value is missing or damaged.
Passage unpack_passage(std::string_view stored);

}  // namespace faq::index

#endif  // FAQ_INDEX_SCHEMA_H
