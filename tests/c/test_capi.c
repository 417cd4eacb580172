/* test_capi.c — every function of faq.h, success and error paths, from C.
 *
 * Usage: test_capi CORPUS_DIR SEED_TXT WORK_DIR
 *   CORPUS_DIR  the repository's corpus/ (for the session test)
 *   SEED_TXT    tests/fixtures/ingest/seed.txt (building from files)
 *   WORK_DIR    a writable directory; the test makes and removes a temp dir in it
 */
#define _XOPEN_SOURCE 700
#include <faq.h>

#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                          \
  do {                                                                       \
    ++checks;                                                                \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                            \
    }                                                                        \
  } while (0)

#define CHECK_RC(call, expected)                                                        \
  do {                                                                                  \
    int rc_ = (call);                                                                   \
    ++checks;                                                                           \
    if (rc_ != (expected)) {                                                            \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s)\n", __FILE__, __LINE__, \
              #call, rc_, faq_errstr(rc_), (expected), faq_errstr(expected));             \
      ++failures;                                                                       \
    }                                                                                   \
  } while (0)

static char work[4096];

static const char* path_in_work(const char* name, char* buf, size_t size) {
  snprintf(buf, size, "%s/%s", work, name);
  return buf;
}

static int remove_entry(const char* path, const struct stat* sb, int flag, struct FTW* ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(path);
}

static int contains(const char* s, size_t len, const char* needle) {
  size_t n = strlen(needle);
  if (!s || n > len) return 0;
  for (size_t i = 0; i + n <= len; ++i)
    if (memcmp(s + i, needle, n) == 0) return 1;
  return 0;
}

static int ask_text(faq_engine_t* e, const char* q, const faq_ask_options_t* o, faq_session_t* s,
                    faq_result_t** r) {
  return faq_ask(e, q, strlen(q), o, s, r);
}

/* ---- Version and error table ------------------------------------------- */
static void test_version_and_errors(void) {
  CHECK(strcmp(faq_version(), FAQ_VERSION_STRING) == 0);
  CHECK(faq_version_number() == FAQ_VERSION_NUMBER);
  CHECK(faq_index_format_version() >= 1);
  for (int code = FAQ_OK; code <= FAQ_BUSY; ++code) {
    CHECK(faq_errstr(code) != NULL);
    CHECK(strcmp(faq_errstr(code), "unknown error") != 0);
  }
  CHECK(strcmp(faq_errstr(FAQ_INVALID_UTF8), "invalid UTF-8") == 0);
  CHECK(strcmp(faq_errstr(-1), "unknown error") == 0);
  CHECK(strcmp(faq_errstr(1000), "unknown error") == 0);
  CHECK(strcmp(faq_status_name(FAQ_STATUS_ANSWER), "answer") == 0);
  CHECK(strcmp(faq_status_name(FAQ_STATUS_AMBIGUOUS), "ambiguous") == 0);
  CHECK(strcmp(faq_status_name(FAQ_STATUS_NO_ANSWER), "no_answer") == 0);
  CHECK(strcmp(faq_status_name(7), "unknown") == 0);
  faq_free(NULL);
}

/* ---- Options ------------------------------------------------------------ */
static void test_options(void) {
  faq_options_t* o = faq_options_create();
  CHECK(o != NULL);
  CHECK_RC(faq_options_set_rank(o, "k1", 1.2), FAQ_OK);
  CHECK_RC(faq_options_set_rank(o, "no_such_knob", 1), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_set_rank(o, NULL, 1), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_set_rank(NULL, "k1", 1), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_set_language(o, "en"), FAQ_OK);
  CHECK_RC(faq_options_set_language(o, NULL), FAQ_OK);
  CHECK_RC(faq_options_set_language(o, "e\xffn"), FAQ_INVALID_UTF8);
  CHECK_RC(faq_options_set_language(NULL, "en"), FAQ_INVALID_ARGUMENT);
  faq_options_set_spelling(o, 0);
  faq_options_set_spelling(o, 1);
  faq_options_set_spelling(NULL, 1);
  faq_options_set_build_threads(o, 1);
  faq_options_set_build_threads(o, 1000);  /* counts as 8 */
  faq_options_set_build_threads(o, 0);
  faq_options_set_build_threads(NULL, 2);
  CHECK_RC(faq_options_set_index_threshold(o, 0.5), FAQ_OK);
  CHECK_RC(faq_options_set_index_threshold(o, -1), FAQ_OK); /* none */
  CHECK_RC(faq_options_set_index_threshold(o, 1.5), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_set_index_threshold(o, NAN), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_set_index_threshold(NULL, 0.5), FAQ_INVALID_ARGUMENT);
  faq_options_destroy(o);
  faq_options_destroy(NULL);

  faq_ask_options_t* a = faq_ask_options_create();
  CHECK(a != NULL);
  faq_ask_options_set_k(a, 3);
  faq_ask_options_set_k(NULL, 3);
  faq_ask_options_set_threshold(a, 0.5);
  faq_ask_options_set_threshold(NULL, 0.5);
  faq_ask_options_set_ids_only(a, 1);
  faq_ask_options_set_ids_only(NULL, 1);
  CHECK_RC(faq_ask_options_set_tag(a, "x"), FAQ_OK);
  CHECK_RC(faq_ask_options_set_tag(a, "\xc3\x28"), FAQ_INVALID_UTF8);
  CHECK_RC(faq_ask_options_set_tag(NULL, "x"), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_ask_options_set_language(a, "en"), FAQ_OK);
  CHECK_RC(faq_ask_options_set_language(a, "\xe2\x82"), FAQ_INVALID_UTF8);
  CHECK_RC(faq_ask_options_set_language(NULL, "en"), FAQ_INVALID_ARGUMENT);
  faq_ask_options_destroy(a);
  faq_ask_options_destroy(NULL);
}

/* ---- Building from records ---------------------------------------------- */
static void build_records(const char* dir) {
  char* err = NULL;
  faq_writer_t* w = (faq_writer_t*)1;

  CHECK_RC(faq_writer_create(NULL, NULL, &w, &err), FAQ_INVALID_ARGUMENT);
  CHECK(w == NULL);
  CHECK(err != NULL && strlen(err) > 0);
  CHECK_RC(faq_writer_create("", NULL, &w, &err), FAQ_INVALID_ARGUMENT); /* reuses err */
  CHECK_RC(faq_writer_create("bad\xff", NULL, &w, &err), FAQ_INVALID_UTF8);
  CHECK_RC(faq_writer_create(dir, NULL, NULL, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_create(dir, NULL, NULL, NULL), FAQ_INVALID_ARGUMENT); /* errmsg may be NULL */
  faq_free(err);
  err = NULL;

  faq_options_t* o = faq_options_create();
  CHECK_RC(faq_options_set_language(o, "en"), FAQ_OK);
  CHECK_RC(faq_writer_create(dir, o, &w, &err), FAQ_OK);
  CHECK(w != NULL);
  CHECK(err == NULL);
  faq_options_destroy(o);

  /* Only one writer at a time. */
  faq_writer_t* w2 = NULL;
  CHECK_RC(faq_writer_create(dir, NULL, &w2, &err), FAQ_BUSY);
  CHECK(w2 == NULL);
  CHECK(err != NULL && strstr(err, "writer") != NULL);
  faq_free(err);
  err = NULL;

  const char* keys[] = {"tags", "url", "heading", "heading", "source", "owner"};
  const char* vals[] = {"billing; money", "https://example.org/refunds", "Payments", "Refunds",
                        "refunds.md", "support"};
  CHECK_RC(faq_writer_add(w, "refund-1", "Refund policy", "How do I get a refund?",
                          "Write to the support desk within 30 days of purchase and we return "
                          "the full price to your card.",
                          keys, vals, 6),
           FAQ_OK);
  const char* k2[] = {"tag"};
  const char* v2[] = {"account"};
  CHECK_RC(faq_writer_add(w, "password-1", "Accounts", "How do I reset my password?",
                          "Use the link 'forgot password' on the sign-in page; a reset mail "
                          "arrives within minutes.",
                          k2, v2, 1),
           FAQ_OK);
  CHECK_RC(faq_writer_add(w, "shipping-1", NULL, "How long does shipping take?",
                          "Parcels arrive in three to five working days.", NULL, NULL, 0),
           FAQ_OK);
  CHECK_RC(faq_writer_add(w, "temp-1", "Temporary", NULL, "This record is removed again.", NULL,
                          NULL, 0),
           FAQ_OK);
  CHECK(faq_writer_count(w) == 4);

  /* Error paths: the writer stays usable and carries the message. */
  CHECK_RC(faq_writer_add(NULL, "x", NULL, NULL, "y", NULL, NULL, 0), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_add(w, "", NULL, NULL, "answer", NULL, NULL, 0), FAQ_INVALID_ARGUMENT);
  CHECK(strstr(faq_writer_errmsg(w), "id") != NULL);
  CHECK_RC(faq_writer_add(w, NULL, NULL, NULL, "answer", NULL, NULL, 0), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_add(w, "x", NULL, NULL, NULL, NULL, NULL, 0), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_add(w, "x", "ti\xfftle", NULL, "answer", NULL, NULL, 0), FAQ_INVALID_UTF8);
  CHECK(strstr(faq_writer_errmsg(w), "title") != NULL);
  CHECK_RC(faq_writer_add(w, "x", NULL, NULL, "answer", NULL, NULL, 2), FAQ_INVALID_ARGUMENT);
  const char* bad_keys[] = {"url"};
  const char* bad_vals[] = {NULL};
  CHECK_RC(faq_writer_add(w, "x", NULL, NULL, "answer", bad_keys, bad_vals, 1), FAQ_INVALID_ARGUMENT);
  const char* utf_vals[] = {"\xed\xa0\x80"}; /* an encoded surrogate */
  CHECK_RC(faq_writer_add(w, "x", NULL, NULL, "answer", bad_keys, utf_vals, 1), FAQ_INVALID_UTF8);
  CHECK(faq_writer_count(w) == 4);

  CHECK_RC(faq_writer_remove(w, "no-such-id"), FAQ_NOT_FOUND);
  CHECK(strstr(faq_writer_errmsg(w), "no-such-id") != NULL);
  CHECK_RC(faq_writer_remove(w, NULL), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_remove(NULL, "temp-1"), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_remove(w, "temp-1"), FAQ_OK);
  CHECK(faq_writer_count(w) == 3);
  CHECK(faq_writer_count(NULL) == 0);

  uint64_t gen = 0;
  CHECK_RC(faq_writer_commit(w, &gen), FAQ_OK);
  CHECK(gen >= 1);
  CHECK_RC(faq_writer_commit(w, &gen), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_add(w, "late", NULL, NULL, "too late", NULL, NULL, 0), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_commit(NULL, NULL), FAQ_INVALID_ARGUMENT);
  CHECK(strcmp(faq_writer_errmsg(NULL), "") != 0);
  faq_writer_destroy(w);
  faq_writer_destroy(NULL);

  /* A writer destroyed without commit changes nothing. */
  CHECK_RC(faq_writer_update(dir, NULL, &w, &err), FAQ_OK);
  CHECK_RC(faq_writer_remove(w, "refund-1"), FAQ_OK);
  faq_writer_destroy(w);
}

/* ---- Building from files ------------------------------------------------- */
static void build_files(const char* dir, const char* seed, const char* corpus_dir,
                        const char* corpus_index) {
  char* err = NULL;
  const char* inputs[] = {seed};
  CHECK_RC(faq_build(dir, inputs, 1, NULL, &err), FAQ_OK);
  CHECK(err == NULL);

  faq_options_t* o = faq_options_create();
  const char* corpus[] = {corpus_dir};
  CHECK_RC(faq_build(corpus_index, corpus, 1, o, &err), FAQ_OK);
  if (err) fprintf(stderr, "faq_build(corpus): %s\n", err);
  faq_options_destroy(o);

  CHECK_RC(faq_build(NULL, inputs, 1, NULL, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_build(dir, NULL, 1, NULL, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_build(dir, inputs, 0, NULL, &err), FAQ_INVALID_ARGUMENT);
  const char* missing[] = {"/nonexistent/faq-input.txt"};
  CHECK_RC(faq_build(dir, missing, 1, NULL, &err), FAQ_NOT_FOUND);
  CHECK(err != NULL && strstr(err, "faq-input.txt") != NULL);
  const char* null_input[] = {NULL};
  CHECK_RC(faq_build(dir, null_input, 1, NULL, &err), FAQ_INVALID_ARGUMENT);
  faq_free(err);
  CHECK_RC(faq_build(dir, missing, 1, NULL, NULL), FAQ_NOT_FOUND);
}

/* ---- Opening: missing, corrupt, bad arguments ----------------------------- */
static void test_open_errors(void) {
  char* err = NULL;
  faq_engine_t* e = (faq_engine_t*)1;
  char path[4200];

  CHECK_RC(faq_open(path_in_work("no-such-index", path, sizeof path), NULL, &e, &err), FAQ_NOT_FOUND);
  CHECK(e == NULL);
  CHECK(err != NULL && strstr(err, "no-such-index") != NULL);
  CHECK_RC(faq_open(NULL, NULL, &e, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_open(path, NULL, NULL, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_open("\xc3\x28", NULL, &e, &err), FAQ_INVALID_UTF8);
  CHECK_RC(faq_open(path, NULL, &e, NULL), FAQ_NOT_FOUND);

  /* A directory that is not an index. */
  path_in_work("plain-dir", path, sizeof path);
  CHECK(mkdir(path, 0755) == 0);
  CHECK_RC(faq_open(path, NULL, &e, &err), FAQ_NOT_FOUND);

  /* A stub pointing at garbage. */
  path_in_work("corrupt", path, sizeof path);
  CHECK(mkdir(path, 0755) == 0);
  char file[4300];
  snprintf(file, sizeof file, "%s/garbage", path);
  CHECK(mkdir(file, 0755) == 0);
  snprintf(file, sizeof file, "%s/garbage/iamglass", path);
  FILE* f = fopen(file, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("this is not a xapian database\n", f);
    fclose(f);
  }
  snprintf(file, sizeof file, "%s/XAPIANDB", path);
  f = fopen(file, "w");
  CHECK(f != NULL);
  if (f) {
    fputs("auto garbage\n", f);
    fclose(f);
  }
  CHECK_RC(faq_open(path, NULL, &e, &err), FAQ_CORRUPT_INDEX);
  CHECK(e == NULL);
  CHECK(err != NULL && strstr(err, "corrupt") != NULL);
  faq_free(err);

  faq_close(NULL);
  CHECK(strlen(faq_engine_errmsg(NULL)) > 0);
  CHECK_RC(faq_engine_reopen(NULL), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_engine_info(NULL, NULL, NULL), FAQ_INVALID_ARGUMENT);
}

/* ---- Asking and reading results ------------------------------------------- */
static void check_result_nulls(void) {
  size_t len = 99;
  CHECK(faq_result_count(NULL) == 0);
  CHECK(faq_result_status(NULL) == FAQ_STATUS_NO_ANSWER);
  CHECK(faq_result_confidence(NULL) == 0.0);
  CHECK(faq_result_json(NULL, &len) == NULL && len == 0);
  len = 99;
  CHECK(faq_result_context(NULL, &len) == NULL && len == 0);
  CHECK(faq_result_id(NULL, 0, NULL) == NULL);
  CHECK(faq_result_score(NULL, 0) == 0.0);
  CHECK(faq_result_passage_confidence(NULL, 0) == 0.0);
  CHECK(faq_result_line(NULL, 0) == 0);
  faq_result_destroy(NULL);
}

static void test_ask(const char* dir) {
  char* err = NULL;
  faq_engine_t* e = NULL;
  faq_options_t* o = faq_options_create();
  CHECK_RC(faq_options_set_rank(o, "candidates", 50), FAQ_OK);
  CHECK_RC(faq_open(dir, o, &e, &err), FAQ_OK);
  faq_options_destroy(o);
  if (!e) {
    fprintf(stderr, "cannot open %s: %s\n", dir, err ? err : "?");
    faq_free(err);
    ++failures;
    return;
  }
  CHECK(strcmp(faq_engine_errmsg(e), "") == 0);

  uint64_t passages = 0, gen = 0;
  CHECK_RC(faq_engine_info(e, &passages, &gen), FAQ_OK);
  CHECK(passages == 3);  /* the update that removed refund-1 was never committed */
  CHECK(gen >= 1);
  CHECK_RC(faq_engine_info(e, NULL, NULL), FAQ_OK);

  faq_result_t* r = NULL;
  CHECK_RC(ask_text(e, "how can I get a refund for my purchase?", NULL, NULL, &r), FAQ_OK);
  CHECK(r != NULL);
  CHECK(faq_result_count(r) >= 1);
  int status = faq_result_status(r);
  CHECK(status >= FAQ_STATUS_ANSWER && status <= FAQ_STATUS_NO_ANSWER);
  CHECK(faq_result_confidence(r) >= 0 && faq_result_confidence(r) <= 1);
  size_t len = 0;
  const char* s = faq_result_id(r, 0, &len);
  CHECK(s && len == strlen("refund-1") && memcmp(s, "refund-1", len) == 0);
  CHECK(s && s[len] == '\0');
  s = faq_result_title(r, 0, &len);
  CHECK(contains(s, len, "Refund policy"));
  s = faq_result_heading(r, 0, &len);
  CHECK(s && strcmp(s, "Payments > Refunds") == 0 && len == strlen(s));
  s = faq_result_question(r, 0, &len);
  CHECK(contains(s, len, "refund"));
  s = faq_result_text(r, 0, &len);
  CHECK(contains(s, len, "30 days"));
  s = faq_result_snippet(r, 0, &len);
  CHECK(s && len > 0);
  CHECK(contains(s, len, "<mark>"));
  s = faq_result_source(r, 0, &len);
  CHECK(s && strcmp(s, "refunds.md") == 0);
  s = faq_result_url(r, 0, &len);
  CHECK(s && strcmp(s, "https://example.org/refunds") == 0);
  CHECK(faq_result_line(r, 0) == 0);
  CHECK(faq_result_score(r, 0) > 0);
  CHECK(faq_result_passage_confidence(r, 0) == faq_result_confidence(r));
  for (size_t i = 1; i < faq_result_count(r); ++i)
    CHECK(faq_result_score(r, i) <= faq_result_score(r, i - 1));
  s = faq_result_context(r, &len);
  CHECK(s && len == 0);
  s = faq_result_json(r, &len);
  CHECK(s && len == strlen(s));
  CHECK(contains(s, len, "\"status\""));
  CHECK(contains(s, len, "\"refund-1\""));
  CHECK(faq_result_json(r, NULL) == s); /* made once, owned by the result */
  /* Out of range: NULL and 0. */
  size_t n = faq_result_count(r);
  len = 99;
  CHECK(faq_result_id(r, n, &len) == NULL && len == 0);
  CHECK(faq_result_title(r, n, NULL) == NULL);
  CHECK(faq_result_heading(r, n, NULL) == NULL);
  CHECK(faq_result_question(r, n, NULL) == NULL);
  CHECK(faq_result_text(r, n, NULL) == NULL);
  CHECK(faq_result_snippet(r, n, NULL) == NULL);
  CHECK(faq_result_source(r, n, NULL) == NULL);
  CHECK(faq_result_url(r, n, NULL) == NULL);
  CHECK(faq_result_score(r, n) == 0.0);
  CHECK(faq_result_line(r, n) == 0);
  faq_result_destroy(r);
  check_result_nulls();

  /* Options: k, threshold, tag and language filters. */
  faq_ask_options_t* a = faq_ask_options_create();
  faq_ask_options_set_k(a, 1);
  CHECK_RC(ask_text(e, "password reset", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) == 1);
  CHECK(strcmp(faq_result_id(r, 0, NULL), "password-1") == 0);
  faq_result_destroy(r);

  /* Ranking only: the same passages and confidences, no stored text. */
  faq_result_t* full = NULL;
  faq_ask_options_set_k(a, 3);
  CHECK_RC(ask_text(e, "how do I reset my password?", a, NULL, &full), FAQ_OK);
  faq_ask_options_set_ids_only(a, 1);
  CHECK_RC(ask_text(e, "how do I reset my password?", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) == faq_result_count(full) && faq_result_count(r) > 0);
  CHECK(faq_result_status(r) == faq_result_status(full));
  CHECK(faq_result_confidence(r) == faq_result_confidence(full));
  for (size_t i = 0; i < faq_result_count(r); ++i) {
    size_t len = 1;
    CHECK(strcmp(faq_result_id(r, i, NULL), faq_result_id(full, i, NULL)) == 0);
    CHECK(strcmp(faq_result_text(r, i, &len), "") == 0 && len == 0);
    CHECK(faq_result_text(full, i, &len)[0] != '\0' && len > 0);
  }
  faq_result_destroy(r);
  faq_result_destroy(full);
  faq_ask_options_set_ids_only(a, 0);

  faq_ask_options_set_k(a, 5);
  faq_ask_options_set_threshold(a, 1.01);  /* nothing is that sure */
  CHECK_RC(ask_text(e, "how do I reset my password?", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_status(r) != FAQ_STATUS_ANSWER);
  faq_result_destroy(r);
  faq_ask_options_set_threshold(a, -1);

  CHECK_RC(faq_ask_options_set_tag(a, "money"), FAQ_OK);
  CHECK_RC(ask_text(e, "how long do I have to wait?", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) <= 1);
  for (size_t i = 0; i < faq_result_count(r); ++i)
    CHECK(strcmp(faq_result_id(r, i, NULL), "refund-1") == 0);
  faq_result_destroy(r);
  CHECK_RC(faq_ask_options_set_tag(a, "account"), FAQ_OK);
  CHECK_RC(ask_text(e, "password refund shipping", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) == 1 && strcmp(faq_result_id(r, 0, NULL), "password-1") == 0);
  faq_result_destroy(r);
  CHECK_RC(faq_ask_options_set_tag(a, NULL), FAQ_OK);

  CHECK_RC(faq_ask_options_set_language(a, "ja"), FAQ_OK);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) == 0);
  CHECK(faq_result_id(r, 0, NULL) == NULL);
  faq_result_destroy(r);
  CHECK_RC(faq_ask_options_set_language(a, "en"), FAQ_OK);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_OK);
  CHECK(faq_result_count(r) >= 1);
  faq_result_destroy(r);
  CHECK_RC(faq_ask_options_set_language(a, ""), FAQ_OK);

  /* Errors: each its own code, a message per thread on the engine. */
  r = (faq_result_t*)1;
  faq_ask_options_set_k(a, 0);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_INVALID_ARGUMENT);
  CHECK(r == NULL);
  CHECK(strstr(faq_engine_errmsg(e), "k must be") != NULL);
  faq_ask_options_set_k(a, 101);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_INVALID_ARGUMENT);
  faq_ask_options_set_k(a, -5);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_INVALID_ARGUMENT);
  faq_ask_options_set_k(a, 5);
  faq_ask_options_set_threshold(a, NAN);
  CHECK_RC(ask_text(e, "password", a, NULL, &r), FAQ_INVALID_ARGUMENT);
  CHECK(strstr(faq_engine_errmsg(e), "threshold is NaN") != NULL);
  faq_ask_options_destroy(a);

  CHECK_RC(faq_ask(e, "pass\xc3\x28word", 10, NULL, NULL, &r), FAQ_INVALID_UTF8);
  CHECK(strstr(faq_engine_errmsg(e), "byte 4") != NULL);
  CHECK_RC(faq_ask(e, "\xff", 1, NULL, NULL, &r), FAQ_INVALID_UTF8);
  /* The length counts: bytes past it are not read. */
  CHECK_RC(faq_ask(e, "password\xff", 8, NULL, NULL, &r), FAQ_OK);
  faq_result_destroy(r);
  CHECK_RC(faq_ask(e, NULL, 0, NULL, NULL, &r), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_ask(NULL, "x", 1, NULL, NULL, &r), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_ask(e, "x", 1, NULL, NULL, NULL), FAQ_INVALID_ARGUMENT);
  char* big = malloc(10001);
  memset(big, 'a', 10001);
  CHECK_RC(faq_ask(e, big, 10001, NULL, NULL, &r), FAQ_TOO_LARGE);
  free(big);
  CHECK(strstr(faq_engine_errmsg(e), "10000") != NULL);

  /* An empty question is no error: it has no answer. */
  CHECK_RC(faq_ask(e, "", 0, NULL, NULL, &r), FAQ_OK);
  CHECK(faq_result_status(r) == FAQ_STATUS_NO_ANSWER);
  faq_result_destroy(r);

  faq_close(e);
}

/* ---- Sessions --------------------------------------------------------------- */
static void test_session(const char* corpus_index) {
  char* err = NULL;
  faq_engine_t* e = NULL;
  CHECK_RC(faq_open(corpus_index, NULL, &e, &err), FAQ_OK);
  if (!e) {
    faq_free(err);
    return;
  }
  faq_session_t* s = faq_session_create();
  CHECK(s != NULL);
  size_t len = 99;
  CHECK(faq_session_focus(s, &len) != NULL && len == 0);
  CHECK(faq_session_turns(s) == 0);

  faq_result_t* r = NULL;
  CHECK_RC(ask_text(e, "What is hemifacial spasm?", NULL, s, &r), FAQ_OK);
  CHECK(faq_result_status(r) == FAQ_STATUS_ANSWER);
  const char* title = faq_result_title(r, 0, &len);
  CHECK(contains(title, len, "spasm") || contains(title, len, "Spasm"));
  faq_result_destroy(r);
  CHECK(faq_session_turns(s) == 1);
  const char* focus = faq_session_focus(s, &len);
  CHECK(focus && len > 0);

  CHECK_RC(ask_text(e, "how is it treated?", NULL, s, &r), FAQ_OK);
  CHECK(faq_result_count(r) >= 1);
  const char* context = faq_result_context(r, &len);
  CHECK(context && len > 0);
  title = faq_result_title(r, 0, &len);
  CHECK(contains(title, len, "pasm"));  /* still about the spasm, not some other treatment */
  const char* json = faq_result_json(r, &len);
  CHECK(contains(json, len, "\"context\""));
  faq_result_destroy(r);
  CHECK(faq_session_turns(s) == 2);

  faq_session_reset(s);
  CHECK(faq_session_turns(s) == 0);
  faq_session_focus(s, &len);
  CHECK(len == 0);

  faq_session_reset(NULL);
  CHECK(faq_session_turns(NULL) == 0);
  len = 99;
  CHECK(faq_session_focus(NULL, &len) == NULL && len == 0);
  faq_session_destroy(s);
  faq_session_destroy(NULL);
  faq_close(e);
}

/* ---- Updates seen by an open engine ------------------------------------------ */
static const char* top_id(faq_engine_t* e, const char* q) {
  static char id[256];
  faq_result_t* r = NULL;
  id[0] = '\0';
  if (ask_text(e, q, NULL, NULL, &r) == FAQ_OK && faq_result_count(r) > 0)
    snprintf(id, sizeof id, "%s", faq_result_id(r, 0, NULL));
  faq_result_destroy(r);
  return id;
}

static void test_updates(const char* dir, const char* seed) {
  char* err = NULL;
  faq_engine_t* e = NULL;
  CHECK_RC(faq_open(dir, NULL, &e, &err), FAQ_OK);
  if (!e) {
    faq_free(err);
    return;
  }
  uint64_t gen0 = 0, gen = 0, passages = 0;
  CHECK_RC(faq_engine_info(e, NULL, &gen0), FAQ_OK);

  /* add */
  faq_writer_t* w = NULL;
  CHECK_RC(faq_writer_update(dir, NULL, &w, &err), FAQ_OK);
  CHECK(faq_writer_count(w) == 3);
  CHECK_RC(faq_writer_add(w, "zoo-1", "Zoo", "Who plays the xylophone?",
                          "The xylophonist of the zoo band plays it every Sunday.", NULL, NULL, 0),
           FAQ_OK);
  size_t added = 0;
  CHECK_RC(faq_writer_add_path(w, seed, &added), FAQ_OK);
  CHECK(added > 0);
  size_t none = 99;
  CHECK_RC(faq_writer_add_path(w, "/nonexistent/seed.txt", &none), FAQ_NOT_FOUND);
  CHECK(none == 0);
  CHECK(strstr(faq_writer_errmsg(w), "/nonexistent/seed.txt") != NULL);
  CHECK_RC(faq_writer_add_path(w, NULL, NULL), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_writer_add_path(NULL, seed, NULL), FAQ_INVALID_ARGUMENT);
  CHECK(strcmp(top_id(e, "xylophonist"), "zoo-1") != 0);  /* not committed: not visible */
  CHECK_RC(faq_writer_commit(w, &gen), FAQ_OK);
  faq_writer_destroy(w);
  CHECK(gen > gen0);
  CHECK_RC(faq_engine_reopen(e), FAQ_OK);
  CHECK(strcmp(top_id(e, "xylophonist"), "zoo-1") == 0);
  CHECK_RC(faq_engine_info(e, &passages, &gen0), FAQ_OK);
  CHECK(gen0 == gen);
  CHECK(passages == 4 + added);

  /* replace */
  CHECK_RC(faq_writer_update(dir, NULL, &w, &err), FAQ_OK);
  CHECK_RC(faq_writer_add(w, "zoo-1", "Zoo", "Who feeds the quokka?",
                          "The quokka keeper feeds it at noon.", NULL, NULL, 0),
           FAQ_OK);
  CHECK_RC(faq_writer_commit(w, NULL), FAQ_OK);
  faq_writer_destroy(w);
  CHECK_RC(faq_engine_reopen(e), FAQ_OK);
  CHECK(strcmp(top_id(e, "quokka keeper"), "zoo-1") == 0);
  CHECK(strcmp(top_id(e, "xylophonist"), "zoo-1") != 0);

  /* delete */
  CHECK_RC(faq_writer_update(dir, NULL, &w, &err), FAQ_OK);
  CHECK_RC(faq_writer_remove(w, "zoo-1"), FAQ_OK);
  CHECK_RC(faq_writer_commit(w, NULL), FAQ_OK);
  faq_writer_destroy(w);
  CHECK_RC(faq_engine_reopen(e), FAQ_OK);
  CHECK(strcmp(top_id(e, "quokka keeper"), "zoo-1") != 0);

  /* Updating something that is not an index. */
  char path[4200];
  CHECK_RC(faq_writer_update(path_in_work("no-such-index", path, sizeof path), NULL, &w, &err),
           FAQ_NOT_FOUND);
  CHECK(w == NULL);
  faq_free(err);
  faq_close(e);
}

/* Synonym files through the options: "HFS" finds hemifacial spasm. */
static void test_synonyms(const char* seed) {
  char file[4200], bad[4200], dir[4200];
  path_in_work("synonyms.txt", file, sizeof file);
  path_in_work("bad-synonyms.txt", bad, sizeof bad);
  path_in_work("synonyms.index", dir, sizeof dir);
  FILE* f = fopen(file, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("# abbreviations\nHFS => hemifacial spasm\n", f);
  fclose(f);
  f = fopen(bad, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("twitch, spasm\nlonely\n", f);
  fclose(f);

  char* err = NULL;
  faq_options_t* o = faq_options_create();
  CHECK_RC(faq_options_add_synonyms_file(o, bad, &err), FAQ_BAD_INPUT);
  CHECK(err && strstr(err, "bad-synonyms.txt:2: ") != NULL);
  CHECK_RC(faq_options_add_synonyms_file(o, "/nonexistent/synonyms.txt", &err), FAQ_NOT_FOUND);
  CHECK_RC(faq_options_add_synonyms_file(o, NULL, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_add_synonyms_file(NULL, file, &err), FAQ_INVALID_ARGUMENT);
  CHECK_RC(faq_options_add_synonyms_file(o, file, &err), FAQ_OK);
  const char* inputs[] = {seed};
  CHECK_RC(faq_build(dir, inputs, 1, o, &err), FAQ_OK);
  faq_options_destroy(o);
  faq_free(err);
  faq_engine_t* e = NULL;
  CHECK_RC(faq_open(dir, NULL, &e, NULL), FAQ_OK);
  if (!e) return;
  faq_result_t* r = NULL;
  CHECK_RC(ask_text(e, "HFS", NULL, NULL, &r), FAQ_OK);  /* a word of no passage */
  CHECK(faq_result_count(r) > 0);
  if (faq_result_count(r) > 0) {
    const char* title = faq_result_title(r, 0, NULL);
    CHECK(title && strstr(title, "spasm") != NULL);
  }
  faq_result_destroy(r);
  faq_close(e);
}

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s CORPUS_DIR SEED_TXT WORK_DIR\n", argv[0]);
    return 2;
  }
  const char* corpus = argv[1];
  const char* seed = argv[2];
  snprintf(work, sizeof work, "%s/capi-XXXXXX", argv[3]);
  if (!mkdtemp(work)) {
    perror("mkdtemp");
    return 2;
  }
  char records[4200], files[4200], corpus_index[4200];
  path_in_work("records.index", records, sizeof records);
  path_in_work("files.index", files, sizeof files);
  path_in_work("corpus.index", corpus_index, sizeof corpus_index);

  test_version_and_errors();
  test_options();
  build_records(records);
  build_files(files, seed, corpus, corpus_index);
  test_open_errors();
  test_ask(records);
  test_session(corpus_index);
  test_updates(records, seed);
  test_synonyms(seed);

  nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
