/* test_concurrency.c — one engine handle, many threads, while the index is
 * updated underneath.
 *
 * Eight threads ask different questions through one faq_engine_t for a few
 * seconds (each with its own session half of the time) while a writer thread
 * adds passages and commits, again and again. Every ask must succeed; at the
 * end the engine must see the last commit. Meant to run under
 * ThreadSanitizer too (-DFAQ_TSAN=ON).
 *
 * Usage: test_concurrency CORPUS_DIR WORK_DIR [SECONDS]
 */
#define _XOPEN_SOURCE 700
#include <faq.h>

#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define READERS 8

static faq_engine_t* engine;
static char index_dir[4200];
static double deadline;
static atomic_int errors;
static atomic_long asks;
static atomic_int commits;

static const char* questions[READERS][3] = {
    {"What is hemifacial spasm?", "how is it treated?", "what causes it?"},
    {"What is Absence of the Septum Pellucidum?", "what is the prognosis?", "research"},
    {"What causes migraine headaches?", "treatment of migraine", "is there a cure?"},
    {"what is epilepsy", "seizure medication", "can children outgrow it"},
    {"Parkinson's disease symptoms", "tremor in the hands", "what research is being done?"},
    {"stroke warning signs", "how is a stroke treated", "rehabilitation after stroke"},
    {"multiple sclerosis", "is MS inherited?", "xylophonist live passage"},
    {"twitching eyelid", "botulinum toxin injections", "microvascular decompression surgery"},
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void* reader(void* arg) {
  int n = (int)(long)arg;
  faq_session_t* session = n % 2 ? faq_session_create() : NULL;
  faq_ask_options_t* options = faq_ask_options_create();
  faq_ask_options_set_k(options, 3 + n % 5);
  for (int i = 0; now() < deadline; ++i) {
    const char* q = questions[n][i % 3];
    faq_result_t* r = NULL;
    int rc = faq_ask(engine, q, strlen(q), options, session, &r);
    if (rc != FAQ_OK) {
      fprintf(stderr, "reader %d: \"%s\": %s: %s\n", n, q, faq_errstr(rc), faq_engine_errmsg(engine));
      atomic_fetch_add(&errors, 1);
      continue;
    }
    /* Touch everything a host would read. */
    size_t len = 0, total = 0;
    for (size_t j = 0; j < faq_result_count(r); ++j) {
      faq_result_id(r, j, &len), total += len;
      faq_result_text(r, j, &len), total += len;
      faq_result_snippet(r, j, &len), total += len;
      faq_result_title(r, j, &len), total += len;
    }
    faq_result_json(r, &len);
    if (len == 0 || (faq_result_count(r) > 0 && total == 0)) atomic_fetch_add(&errors, 1);
    faq_result_destroy(r);
    atomic_fetch_add(&asks, 1);
    if (session && i % 7 == 6) faq_session_reset(session);
  }
  faq_ask_options_destroy(options);
  faq_session_destroy(session);
  return NULL;
}

static void* writer(void* arg) {
  (void)arg;
  for (int n = 0; now() < deadline - 0.3; ++n) {
    char* err = NULL;
    faq_writer_t* w = NULL;
    int rc = faq_writer_update(index_dir, NULL, &w, &err);
    if (rc != FAQ_OK) {
      fprintf(stderr, "writer: update: %s: %s\n", faq_errstr(rc), err ? err : "");
      faq_free(err);
      atomic_fetch_add(&errors, 1);
      break;
    }
    char id[64], answer[256];
    snprintf(id, sizeof id, "live-%d", n);
    snprintf(answer, sizeof answer,
             "Live passage number %d, written by the xylophonist while readers ask.", n);
    rc = faq_writer_add(w, id, "Live updates", "Who writes live passages?", answer, NULL, NULL, 0);
    if (rc == FAQ_OK && n > 0) {
      snprintf(id, sizeof id, "live-%d", n - 1);
      rc = faq_writer_remove(w, id);
    }
    if (rc == FAQ_OK) rc = faq_writer_commit(w, NULL);
    if (rc != FAQ_OK) {
      fprintf(stderr, "writer: %s: %s\n", faq_errstr(rc), faq_writer_errmsg(w));
      atomic_fetch_add(&errors, 1);
    } else {
      atomic_fetch_add(&commits, 1);
    }
    faq_writer_destroy(w);
    if (n % 3 == 0) faq_engine_reopen(engine); /* the explicit path, as well as the timed one */
  }
  return NULL;
}

static int remove_entry(const char* path, const struct stat* sb, int flag, struct FTW* ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(path);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CORPUS_DIR WORK_DIR [SECONDS]\n", argv[0]);
    return 2;
  }
  double seconds = argc > 3 ? atof(argv[3]) : 3.0;
  char work[4096];
  snprintf(work, sizeof work, "%s/concurrency-XXXXXX", argv[2]);
  if (!mkdtemp(work)) {
    perror("mkdtemp");
    return 2;
  }
  snprintf(index_dir, sizeof index_dir, "%s/kb", work);

  char* err = NULL;
  const char* inputs[] = {argv[1]};
  int rc = faq_build(index_dir, inputs, 1, NULL, &err);
  if (rc == FAQ_OK) rc = faq_open(index_dir, NULL, &engine, &err);
  if (rc != FAQ_OK) {
    fprintf(stderr, "setup: %s: %s\n", faq_errstr(rc), err ? err : "");
    faq_free(err);
    return 1;
  }

  deadline = now() + seconds;
  pthread_t threads[READERS + 1];
  for (long i = 0; i < READERS; ++i) pthread_create(&threads[i], NULL, reader, (void*)i);
  pthread_create(&threads[READERS], NULL, writer, NULL);
  for (int i = 0; i <= READERS; ++i) pthread_join(threads[i], NULL);

  /* The last commit is what the engine sees now. */
  int last = atomic_load(&commits) - 1;
  if (faq_engine_reopen(engine) != FAQ_OK) atomic_fetch_add(&errors, 1);
  faq_result_t* r = NULL;
  const char* q = "who writes live passages";
  if (faq_ask(engine, q, strlen(q), NULL, NULL, &r) == FAQ_OK && faq_result_count(r) > 0) {
    char want[64];
    snprintf(want, sizeof want, "live-%d", last);
    if (strcmp(faq_result_id(r, 0, NULL), want) != 0) {
      fprintf(stderr, "after the last commit: top passage %s, expected %s\n",
              faq_result_id(r, 0, NULL), want);
      atomic_fetch_add(&errors, 1);
    }
  } else {
    fprintf(stderr, "final ask failed: %s\n", faq_engine_errmsg(engine));
    atomic_fetch_add(&errors, 1);
  }
  faq_result_destroy(r);
  faq_close(engine);
  nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

  printf("%ld asks by %d threads, %d commits, %d errors\n", atomic_load(&asks), READERS,
         atomic_load(&commits), atomic_load(&errors));
  if (atomic_load(&commits) < 2) {
    fprintf(stderr, "the writer committed fewer than 2 times\n");
    return 1;
  }
  return atomic_load(&errors) == 0 ? 0 : 1;
}
