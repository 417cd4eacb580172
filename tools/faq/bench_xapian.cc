// Plain Xapian as a bench subject, set up like ../shared/eval/peers/xapian_run.py.
#include <xapian.h>

#include "bench_subjects.h"

namespace faq::cli::bench {
namespace {

class XapianSearcher : public Searcher {
 public:
  XapianSearcher(const std::string& path, bool cjk) : db_(path), enquire_(db_), cjk_(cjk) {
    parser_.set_stemmer(Xapian::Stem("en"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_OR);
  }

  void search(const std::string& question, std::vector<std::string>& ids) override {
    ids.clear();
    Xapian::Query query;
    try {
      // Flags 0, as the eval peer passes them: no boolean or phrase syntax.
      query = parser_.parse_query(question, cjk_ ? Xapian::QueryParser::FLAG_CJK_NGRAM : 0);
    } catch (const Xapian::QueryParserError&) {
      return;
    }
    enquire_.set_query(query);
    Xapian::MSet mset = enquire_.get_mset(0, kTopK);
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_document().get_data());
  }

 private:
  Xapian::Database db_;
  Xapian::Enquire enquire_;
  Xapian::QueryParser parser_;
  bool cjk_;
};

class XapianSubject : public Subject {
 public:
  explicit XapianSubject(bool cjk) : cjk_(cjk) {}

  void build(const std::vector<Passage>& passages, const std::string& path) override {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("en"));
    if (cjk_) tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    for (const Passage& p : passages) {
      Xapian::Document doc;
      tg.set_document(doc);
      for (const std::string* field : {&p.title, &p.question, &p.answer}) {
        tg.index_text(*field);
        tg.increase_termpos();
      }
      doc.set_data(p.id);
      db.add_document(doc);
    }
    db.commit();
  }

  void open(const std::string& path) override { path_ = path; }
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<XapianSearcher>(path_, cjk_); }

 private:
  bool cjk_;
  std::string path_;
};

}  // namespace

std::unique_ptr<Subject> make_xapian_subject(bool cjk) { return std::make_unique<XapianSubject>(cjk); }

}  // namespace faq::cli::bench
