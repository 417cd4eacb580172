// SQLite FTS5 as a bench subject, through SQLite's C API.
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

#include "bench_subjects.h"

namespace fs = std::filesystem;

namespace faq::cli::bench {
namespace {

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string("fts5: ") + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

void exec(sqlite3* db, const char* sql) { check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql); }

class Fts5Searcher : public Searcher {
 public:
  explicit Fts5Searcher(const std::string& file) {
    // One connection per thread, as SQLite wants it; NOMUTEX because the
    // connection never leaves its thread.
    check(db_, sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr),
          "open");
    check(db_, sqlite3_prepare_v3(db_, "SELECT id FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 10",
                                  -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr),
          "prepare");
  }
  ~Fts5Searcher() override {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }

  void search(const std::string& question, std::vector<std::string>& ids) override {
    ids.clear();
    // Every word quoted as an FTS5 string, so that nothing in a question is
    // read as query syntax.
    match_.clear();
    for (const std::string& w : split_words(question)) {
      if (!match_.empty()) match_ += " OR ";
      match_ += '"';
      for (char c : w) {
        if (c == '"') match_ += '"';
        match_ += c;
      }
      match_ += '"';
    }
    if (match_.empty()) return;
    sqlite3_bind_text(stmt_, 1, match_.data(), static_cast<int>(match_.size()), SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW)
      ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, 0)),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, 0)));
    sqlite3_reset(stmt_);
    check(db_, rc, "query");
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string match_;
};

class Fts5Subject : public Subject {
 public:
  void build(const std::vector<Passage>& passages, const std::string& path) override {
    fs::create_directories(path);
    sqlite3* db = nullptr;
    std::string file = path + "/fts5.db";
    check(db, sqlite3_open(file.c_str(), &db), "open");
    try {
      exec(db,
           "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, question, answer, "
           "tokenize='porter unicode61 remove_diacritics 2')");
      exec(db, "BEGIN");
      sqlite3_stmt* ins = nullptr;
      check(db, sqlite3_prepare_v2(db, "INSERT INTO t(id, title, question, answer) VALUES (?1, ?2, ?3, ?4)",
                                   -1, &ins, nullptr),
            "prepare");
      for (const Passage& p : passages) {
        sqlite3_bind_text(ins, 1, p.id.data(), static_cast<int>(p.id.size()), SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, p.title.data(), static_cast<int>(p.title.size()), SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, p.question.data(), static_cast<int>(p.question.size()), SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, p.answer.data(), static_cast<int>(p.answer.size()), SQLITE_STATIC);
        int rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        check(db, rc, "insert");
      }
      sqlite3_finalize(ins);
      exec(db, "COMMIT");
    } catch (...) {
      sqlite3_close(db);
      throw;
    }
    sqlite3_close(db);
  }

  void open(const std::string& path) override { file_ = path + "/fts5.db"; }
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<Fts5Searcher>(file_); }

 private:
  std::string file_;
};

}  // namespace

std::unique_ptr<Subject> make_fts5_subject() { return std::make_unique<Fts5Subject>(); }

}  // namespace faq::cli::bench
