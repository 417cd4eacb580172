#include "index/schema.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <new>
#include <stdexcept>

#include <zlib.h>

#include "faq/error.h"
#include "index/fnv1a.h"

namespace faq::index {
namespace {

// Records are sequences of varint-prefixed strings and varints (LEB128).
void put_num(std::string& out, uint64_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

void put_str(std::string& out, std::string_view s) {
  put_num(out, s.size());
  out.append(s);
}

void put_list(std::string& out, const std::vector<std::string>& list) {
  put_num(out, list.size());
  for (const std::string& s : list) put_str(out, s);
}

// Reads a record; after the first malformed field every read yields empty
// values and ok() turns false.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  size_t remaining() const { return s_.size() - pos_; }

  uint64_t num() {
    uint64_t n = 0;
    for (int shift = 0; ok_; shift += 7) {
      if (pos_ >= s_.size() || shift > 63) return fail();
      auto c = static_cast<unsigned char>(s_[pos_++]);
      n |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return n;
    }
    return 0;
  }

  std::string_view view() {
    uint64_t n = num();
    if (!ok_ || n > s_.size() - pos_) return fail(), std::string_view();
    std::string_view out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  std::string str() { return std::string(view()); }

  std::vector<std::string> list() {
    std::vector<std::string> out;
    uint64_t n = num();
    // Each element takes at least a byte: a count past the end is damage.
    if (!ok_ || n > s_.size() - pos_) return fail(), out;
    out.reserve(n);
    for (uint64_t i = 0; i < n && ok_; ++i) out.push_back(str());
    if (!ok_) out.clear();
    return out;
  }

  void views(std::vector<std::string_view>& out) {
    out.clear();
    uint64_t n = num();
    if (!ok_ || n > s_.size() - pos_) return void(fail());
    for (uint64_t i = 0; i < n && ok_; ++i) out.push_back(view());
    if (!ok_) out.clear();
  }

 private:
  uint64_t fail() {
    ok_ = false;
    return 0;
  }
  std::string_view s_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// The first byte of a passage record: the record layout's version.
constexpr char kPassageRecord = 'P';
// The first byte of a stored passage: a deflated record follows its size.
constexpr char kPackedPassage = 'Z';
// zlib's raw deflate (no header), window 2^13, hash table 2^13 entries:
// enough for records of a few KB, and cheap to reset per record.
constexpr int kWindowBits = -13;
constexpr int kMemLevel = 6;
// A stored passage claiming more than this inflated is damage (indexing
// limits a passage to BuildOptions::max_passage_bytes, 1 MiB by default),
// as is one claiming more than deflate can expand its bytes to (1032:1).
constexpr uint64_t kMaxRecordBytes = 1ull << 30;
constexpr uint64_t kMaxInflation = 1032;

// A passage's fields as one record, and back (an empty Passage, without
// an id, if the record is damaged).
std::string encode_passage(const Passage& p) {
  std::string out(1, kPassageRecord);
  put_str(out, p.id);
  put_str(out, p.title);
  put_list(out, p.headings);
  put_str(out, p.question);
  put_num(out, p.question_derived ? 1 : 0);
  put_list(out, p.alternates);
  put_str(out, p.answer);
  put_str(out, p.source);
  put_num(out, static_cast<uint64_t>(std::max(p.line, 0)));
  put_str(out, p.lang);
  put_str(out, p.url);
  put_list(out, p.tags);
  put_num(out, p.metadata.size());
  for (const auto& [k, v] : p.metadata) {
    put_str(out, k);
    put_str(out, v);
  }
  put_num(out, static_cast<uint64_t>(std::max(p.position, 0)));
  return out;
}

Passage decode_passage(std::string_view data) {
  Passage p;
  if (data.empty() || data[0] != kPassageRecord) return p;
  Reader r(data.substr(1));
  p.id = r.str();
  p.title = r.str();
  p.headings = r.list();
  p.question = r.str();
  p.question_derived = r.num() != 0;
  p.alternates = r.list();
  p.answer = r.str();
  p.source = r.str();
  p.line = static_cast<int>(std::min<uint64_t>(r.num(), INT32_MAX));
  p.lang = r.str();
  p.url = r.str();
  p.tags = r.list();
  uint64_t n = r.num();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string k = r.str();
    std::string v = r.str();
    if (r.ok()) p.metadata.emplace(std::move(k), std::move(v));
  }
  p.position = static_cast<int>(std::min<uint64_t>(r.num(), INT32_MAX));
  if (!r.ok()) return Passage{};
  return p;
}

}  // namespace

std::string encode_rank_value(const RankValue& v) {
  std::string out;
  put_num(out, v.doc);
  put_str(out, v.intents);
  put_list(out, v.fields.title);
  put_list(out, v.fields.heading);
  put_list(out, v.fields.question);
  return out;
}

bool decode_rank_value(std::string_view s, RankValueView& out) {
  Reader r(s);
  out.doc = r.num();
  out.intents = r.view();
  r.views(out.title);
  r.views(out.heading);
  r.views(out.question);
  if (r.ok()) return true;
  out.doc = 0;
  out.intents = {};
  out.title.clear();
  out.heading.clear();
  out.question.clear();
  return false;
}

std::string id_term(std::string_view id) {
  std::string t(kPrefixId);
  t += id;
  // Xapian terms are limited to 245 bytes; long ids are still unique by hash.
  if (t.size() > 240) {
    size_t h = std::hash<std::string_view>{}(id);
    t = t.substr(0, 200) + "#" + std::to_string(h);
  }
  return t;
}

uint64_t doc_hash(std::string_view doc_key) { return fnv1a(doc_key); }

std::string doc_term(uint64_t doc) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(doc));
  return std::string(kPrefixDoc) + buf;
}

struct PassagePacker::Stream {
  z_stream z{};
};

PassagePacker::PassagePacker() : z_(std::make_unique<Stream>()) {
  if (deflateInit2(&z_->z, 1, Z_DEFLATED, kWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::bad_alloc();
}

PassagePacker::~PassagePacker() { deflateEnd(&z_->z); }

std::string PassagePacker::pack(const Passage& p) {
  const std::string record = encode_passage(p);
  if (record.size() > kMaxRecordBytes)
    throw Error(ErrorCode::too_large, "passage \"" + p.id + "\": over 1 GiB, more than an index stores");
  std::string out(1, kPackedPassage);
  put_num(out, record.size());
  size_t head = out.size();
  z_stream& z = z_->z;
  deflateReset(&z);
  out.resize(head + deflateBound(&z, record.size()));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(record.data()));
  z.avail_in = static_cast<uInt>(record.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data() + head);
  z.avail_out = static_cast<uInt>(out.size() - head);
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("zlib: cannot deflate a passage");
  out.resize(out.size() - z.avail_out);
  return out;
}

Passage unpack_passage(std::string_view stored) {
  if (stored.empty() || stored[0] != kPackedPassage) return Passage{};
  Reader r(stored.substr(1));
  uint64_t size = r.num();
  const size_t head = stored.size() - r.remaining();
  if (!r.ok() || size == 0 || size > kMaxRecordBytes || size > (stored.size() - head) * kMaxInflation + 64)
    return Passage{};
  std::string record(size, '\0');
  z_stream z{};
  if (inflateInit2(&z, kWindowBits) != Z_OK) return Passage{};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stored.data() + head));
  z.avail_in = static_cast<uInt>(stored.size() - head);
  z.next_out = reinterpret_cast<Bytef*>(record.data());
  z.avail_out = static_cast<uInt>(record.size());
  int rc = inflate(&z, Z_FINISH);
  bool whole = rc == Z_STREAM_END && z.avail_out == 0;
  inflateEnd(&z);
  return whole ? decode_passage(record) : Passage{};
}

double read_threshold(const Xapian::Database& db) {
  const std::string v = db.get_metadata(kMetaThreshold);
  if (v.empty()) return -1;
  char* end = nullptr;
  double t = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size() || std::isnan(t) || t < 0 || t > 1)
    throw Error(ErrorCode::corrupt_index, std::string("index metadata ") + kMetaThreshold + " is damaged: \"" + v + "\"");
  return t;
}

}  // namespace faq::index
