/* faq.h — the C API of the faq engine: ask a knowledge base free-text
 * questions, get the best answer passages with how sure the engine is.
 *
 * TUTORIAL
 *
 *   #include <faq.h>
 *
 *   char* err = NULL;
 *   faq_engine_t* kb = NULL;
 *   if (faq_open("kb.index", NULL, &kb, &err) != FAQ_OK) {
 *     fprintf(stderr, "%s\n", err);       // e.g. "kb.index: no such index"
 *     faq_free(err);
 *     return 1;
 *   }
 *   faq_result_t* r = NULL;
 *   const char* q = "why does my eyelid keep twitching?";
 *   if (faq_ask(kb, q, strlen(q), NULL, NULL, &r) == FAQ_OK) {
 *     if (faq_result_status(r) == FAQ_STATUS_ANSWER) {
 *       size_t n;
 *       const char* text = faq_result_text(r, 0, &n);
 *       printf("%.*s  (%.0f%% sure)\n", (int)n, text, 100 * faq_result_confidence(r));
 *     }
 *     faq_result_destroy(r);
 *   } else {
 *     fprintf(stderr, "%s\n", faq_engine_errmsg(kb));
 *   }
 *   faq_close(kb);
 *
 * Building an index from files, or from records the host program holds:
 *
 *   const char* inputs[] = {"docs/", "faq.jsonl"};
 *   faq_build("kb.index", inputs, 2, NULL, &err);
 *
 *   faq_writer_t* w = NULL;
 *   faq_writer_update("kb.index", NULL, &w, &err);   // or faq_writer_create
 *   faq_writer_add(w, "refund-1", "Refunds", "How do I get a refund?",
 *                  "Write to us within 30 days ...", NULL, NULL, 0);
 *   faq_writer_remove(w, "old-record");
 *   faq_writer_commit(w, NULL);    // readers now see the new index, atomically
 *   faq_writer_destroy(w);
 *
 * CONVENTIONS
 *
 * Result codes. Every function that can fail returns an int from the FAQ_*
 * table below, FAQ_OK (0) on success. The numbers are those of the C++
 * faq::ErrorCode and are only ever appended. faq_errstr() gives a static
 * description of a code.
 *
 * Error messages. A failing call leaves a message saying what to fix (the
 * file and line of bad input, the index path, the byte offset of bad UTF-8):
 *  - on the engine handle for faq_ask & co (faq_engine_errmsg(), per thread);
 *  - on the writer handle for faq_writer_* (faq_writer_errmsg());
 *  - in a `char** errmsg` out-parameter for calls that create a handle or
 *    have none (faq_open, faq_writer_create/update, faq_build). Like LevelDB:
 *    initialize the variable to NULL; on failure any message already in it is
 *    released and a new one, allocated by the library, is stored; release it
 *    with faq_free(). On success it is left unchanged. errmsg may be NULL.
 *
 * Text. Every string is UTF-8, file names included. Strings passed in are
 * NUL-terminated unless a length parameter follows them. Invalid UTF-8 is
 * refused with FAQ_INVALID_UTF8. Strings handed out are pointer + length
 * (also NUL-terminated for convenience) and stay valid until the object that
 * owns them is destroyed.
 *
 * Memory. Whatever the library allocates is released by the library: handles
 * by their *_destroy / faq_close function, strings by faq_free(). Every
 * destroy function accepts NULL and does nothing.
 *
 * Threads. One faq_engine_t may be used by any number of threads at once
 * (the engine keeps a database per concurrent caller inside); it must not be
 * closed while another thread still uses it. A faq_result_t, faq_session_t,
 * faq_ask_options_t, faq_options_t or faq_writer_t belongs to one thread at
 * a time (it may be handed to another thread, not shared). Only one writer
 * may hold an index at a time (another gets FAQ_BUSY), in this process or any
 * other; readers are never blocked by it.
 *
 * Exceptions. No C++ exception ever leaves the library; a failure that is a
 * bug is reported as FAQ_INTERNAL.
 *
 * Linking: `pkg-config --cflags --libs faq`, or in CMake
 * `find_package(faq)` and `target_link_libraries(app PRIVATE faq::faq)`.
 */
#ifndef FAQ_C_H
#define FAQ_C_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(FAQ_BUILDING_LIBRARY)
#    define FAQ_EXPORT __declspec(dllexport)
#  else
#    define FAQ_EXPORT
#  endif
#else
#  define FAQ_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ---------------------------------------------------------------
 * The version this header belongs to (the same as the C++ faq/version.h).
 * Compare with faq_version_number() to detect a header/library mismatch. */
#define FAQ_VERSION_MAJOR 0
#define FAQ_VERSION_MINOR 1
#define FAQ_VERSION_PATCH 0
#define FAQ_VERSION_STRING "0.1.0"
#define FAQ_VERSION_NUMBER (FAQ_VERSION_MAJOR * 10000 + FAQ_VERSION_MINOR * 100 + FAQ_VERSION_PATCH)

/* The library's version as "MAJOR.MINOR.PATCH" (static string). */
FAQ_EXPORT const char* faq_version(void);
/* The library's version as MAJOR*10000 + MINOR*100 + PATCH. */
FAQ_EXPORT int faq_version_number(void);
/* The index format this library reads and writes. An index with another
 * format is refused at open with FAQ_VERSION_MISMATCH: rebuild it. */
FAQ_EXPORT int faq_index_format_version(void);

/* ---- Result codes ------------------------------------------------------- */
#define FAQ_OK 0
#define FAQ_INVALID_ARGUMENT 1  /* a NULL / empty / out-of-range argument */
#define FAQ_INVALID_UTF8 2      /* text that is not valid UTF-8 */
#define FAQ_BAD_INPUT 3         /* a document that cannot be parsed (file:line in the message) */
#define FAQ_IO 4                /* a file or directory cannot be read or written */
#define FAQ_NOT_FOUND 5         /* an index, file or passage id that does not exist */
#define FAQ_CORRUPT_INDEX 6     /* an index that exists but cannot be read */
#define FAQ_VERSION_MISMATCH 7  /* an index written by an incompatible format or analysis */
#define FAQ_TOO_LARGE 8         /* an input over a documented limit (questions: 10,000 bytes) */
#define FAQ_INTERNAL 9          /* a bug: please report it */
#define FAQ_BUSY 10             /* another writer holds the index */

/* A short static description of `code` ("invalid UTF-8", ...); "unknown
 * error" for a number not in the table. Never NULL. */
FAQ_EXPORT const char* faq_errstr(int code);

/* Releases a string the library allocated (error messages). NULL is fine. */
FAQ_EXPORT void faq_free(void* ptr);

/* ---- Handles ------------------------------------------------------------ */
typedef struct faq_engine_t faq_engine_t;           /* an open index, shared by threads */
typedef struct faq_options_t faq_options_t;         /* open / build options */
typedef struct faq_ask_options_t faq_ask_options_t; /* per-question options */
typedef struct faq_session_t faq_session_t;         /* one conversation's context */
typedef struct faq_result_t faq_result_t;           /* the answer to one question */
typedef struct faq_writer_t faq_writer_t;           /* builds or updates an index */

/* ---- Options for opening and building ----------------------------------
 * Returns a new options object with the tuned defaults, or NULL when out of
 * memory. Release with faq_options_destroy(). Passing NULL where options are
 * accepted means the defaults. */
FAQ_EXPORT faq_options_t* faq_options_create(void);
FAQ_EXPORT void faq_options_destroy(faq_options_t* options);

/* Opening: sets a ranking knob by name, those of faq::RankParams in
 * faq/engine.h ("k1", "candidates", "candidates_per_term", "w_bm25",
 * "w_title_cov", "w_title_prec", "w_question_cov", "w_question_prec",
 * "w_intent", "w_other_intent", "w_short", "w_bigram", "w_doc", "w_coverage",
 * "w_topic", "common_share", "spelling", "compounds"). For evaluation and ablation;
 * the defaults are the tuned configuration.
 * Errors: FAQ_INVALID_ARGUMENT (NULL, unknown name). */
FAQ_EXPORT int faq_options_set_rank(faq_options_t* options, const char* name, double value);

/* Building: the ISO 639-1 language ("en", "de", "ja") for stemming and
 * stopwords of passages that do not name theirs. NULL or "" = detect from
 * the passages (by script, or by function words for en, de, fr, es, it, pt,
 * nl, sv and ru; when every passage names its language, the one most name),
 * else English; an update keeps the index's. A value that is not a language
 * tag ("x", "French") makes the build fail with FAQ_INVALID_ARGUMENT.
 * Errors: FAQ_INVALID_ARGUMENT (NULL
 * options), FAQ_INVALID_UTF8. */
FAQ_EXPORT int faq_options_set_language(faq_options_t* options, const char* lang);

/* Building: whether to record spelling data so that misspelled questions can
 * be corrected (default 1). */
FAQ_EXPORT void faq_options_set_spelling(faq_options_t* options, int on);

/* Building: how many threads analyse and write passages (each writes one
 * part of the index; the parts are merged at commit). 0 = one per core, the
 * default; more than 8 count as 8. */
FAQ_EXPORT void faq_options_set_build_threads(faq_options_t* options, unsigned threads);

/* Building: the index's own confidence threshold, 0..1: questions that set
 * none (faq_ask_options_set_threshold) use it instead of the default (0.35),
 * in every program that opens the index. Negative = none, the default; an
 * update keeps the index's unless this sets another.
 * Errors: FAQ_INVALID_ARGUMENT (NULL options, NaN, over 1). */
FAQ_EXPORT int faq_options_set_index_threshold(faq_options_t* options, double threshold);

/* Building: reads a synonym file (one rule per line: "delete, remove, get
 * rid of" for phrases that mean the same, "HFS => hemifacial spasm" for one
 * way; "#" starts a comment line) and adds its rules to the options: a
 * question with a phrase also asks for its synonyms. An update keeps the
 * index's synonyms and adds these. A phrase without words to match fails the
 * build or commit with FAQ_INVALID_ARGUMENT.
 * Errors: FAQ_INVALID_ARGUMENT (NULL), FAQ_NOT_FOUND, FAQ_IO, FAQ_BAD_INPUT,
 * FAQ_INVALID_UTF8, FAQ_TOO_LARGE, with "FILE:LINE: " in *errmsg. */
FAQ_EXPORT int faq_options_add_synonyms_file(faq_options_t* options, const char* path, char** errmsg);

/* ---- Engine: an open index ---------------------------------------------- */

/* Opens the index directory `path` (made by faq_build, faq_writer_* or the
 * `faq index` tool). `options` may be NULL. On success stores a new handle
 * in *engine (release with faq_close()); on failure stores NULL.
 * Errors: FAQ_INVALID_ARGUMENT (NULL path or engine), FAQ_INVALID_UTF8,
 * FAQ_NOT_FOUND (no such directory, or not an index), FAQ_CORRUPT_INDEX,
 * FAQ_VERSION_MISMATCH (built by an incompatible version: rebuild),
 * FAQ_INTERNAL. */
FAQ_EXPORT int faq_open(const char* path, const faq_options_t* options, faq_engine_t** engine,
                        char** errmsg);

/* Closes the index and releases the handle. NULL is fine. No other thread
 * may be using the handle. */
FAQ_EXPORT void faq_close(faq_engine_t* engine);

/* The message of the calling thread's most recent failed call on `engine`
 * ("" if none). Valid until that thread's next failing call on the engine
 * or faq_close(). Never NULL (a static message for a NULL engine). */
FAQ_EXPORT const char* faq_engine_errmsg(const faq_engine_t* engine);

/* Picks up the index's newest committed generation now. faq_ask() also
 * checks, at most once a second, so an open engine sees a commit at the
 * latest a second later without this call. Readers never see a half-written
 * index. Errors: FAQ_INVALID_ARGUMENT (NULL), FAQ_INTERNAL. */
FAQ_EXPORT int faq_engine_reopen(faq_engine_t* engine);

/* Describes the index currently on disk: the number of passages and its
 * generation (which increases with every commit). Either pointer may be
 * NULL. Errors: FAQ_INVALID_ARGUMENT (NULL engine), FAQ_NOT_FOUND,
 * FAQ_CORRUPT_INDEX, FAQ_VERSION_MISMATCH (the index was replaced by an
 * incompatible one). */
FAQ_EXPORT int faq_engine_info(faq_engine_t* engine, uint64_t* passages, uint64_t* generation);

/* ---- Asking ------------------------------------------------------------- */

/* Per-question options: k = 5, the index's threshold (else the default,
 * 0.35), no filters.
 * NULL when out of memory. Release with faq_ask_options_destroy(). An
 * options object may be reused for any number of questions. */
FAQ_EXPORT faq_ask_options_t* faq_ask_options_create(void);
FAQ_EXPORT void faq_ask_options_destroy(faq_ask_options_t* options);

/* Passages to return, 1..100. Checked by faq_ask() (FAQ_INVALID_ARGUMENT). */
FAQ_EXPORT void faq_ask_options_set_k(faq_ask_options_t* options, int k);
/* The confidence (0..1) the first passage needs for FAQ_STATUS_ANSWER;
 * negative = the index's (faq_options_set_index_threshold), else the
 * default, 0.35; over 1 = never FAQ_STATUS_ANSWER. NaN is
 * refused by faq_ask() (FAQ_INVALID_ARGUMENT). */
FAQ_EXPORT void faq_ask_options_set_threshold(faq_ask_options_t* options, double threshold);
/* Nonzero: ranking only. Each passage carries its id, score and confidence;
 * title, heading, question, text, snippet, source and URL are "" (no stored
 * passage is read) and the JSON has no follow-ups. Status and confidence are
 * those of a full answer. For evaluation runs and hosts that keep passages
 * themselves; 0 (the default) = full passages. */
FAQ_EXPORT void faq_ask_options_set_ids_only(faq_ask_options_t* options, int ids_only);
/* Only passages in this language (ISO 639-1 code); NULL or "" = any.
 * Errors: FAQ_INVALID_ARGUMENT (NULL options), FAQ_INVALID_UTF8. */
FAQ_EXPORT int faq_ask_options_set_language(faq_ask_options_t* options, const char* lang);
/* Only passages carrying this tag (metadata "tags"/"tag"); NULL or "" = any.
 * Errors: FAQ_INVALID_ARGUMENT (NULL options), FAQ_INVALID_UTF8. */
FAQ_EXPORT int faq_ask_options_set_tag(faq_ask_options_t* options, const char* tag);

/* Answers `question` (`len` bytes of UTF-8, free text: never parsed as query
 * syntax). `options` and `session` may be NULL. With a session the question
 * is read in the conversation's context ("how is it treated?" after "what is
 * hemifacial spasm?") and the session is updated; "thanks!" or "hello" is
 * read alone (FAQ_STATUS_NO_ANSWER, the topic kept).
 * On success stores a new result in *result (release with
 * faq_result_destroy()); on failure stores NULL and leaves a message for
 * faq_engine_errmsg().
 * Errors: FAQ_INVALID_ARGUMENT (NULL engine/question/result, k out of
 * range), FAQ_INVALID_UTF8 (message gives the byte offset), FAQ_TOO_LARGE
 * (over 10,000 bytes), FAQ_CORRUPT_INDEX (the index cannot be read),
 * FAQ_BUSY (the index kept changing during the question: ask again),
 * FAQ_INTERNAL. */
FAQ_EXPORT int faq_ask(faq_engine_t* engine, const char* question, size_t len,
                       const faq_ask_options_t* options, faq_session_t* session,
                       faq_result_t** result);

/* ---- Results -------------------------------------------------------------
 * A result owns everything its accessors return; pointers stay valid until
 * faq_result_destroy(). Per-passage accessors take the 0-based index of the
 * passage (best first); for a NULL result or an index >= the count they
 * return NULL / 0 and set *len to 0. `len` may be NULL. */

#define FAQ_STATUS_ANSWER 0     /* the first passage answers the question */
#define FAQ_STATUS_AMBIGUOUS 1  /* passages of different documents are about equally good */
#define FAQ_STATUS_NO_ANSWER 2  /* nothing answers it; the passages are suggestions */

/* "answer", "ambiguous", "no_answer" or "unknown" (static string). */
FAQ_EXPORT const char* faq_status_name(int status);

FAQ_EXPORT void faq_result_destroy(faq_result_t* result);
/* Number of passages (0..k). */
FAQ_EXPORT size_t faq_result_count(const faq_result_t* result);
/* FAQ_STATUS_*; FAQ_STATUS_NO_ANSWER for NULL. */
FAQ_EXPORT int faq_result_status(const faq_result_t* result);
/* Probability (0..1) that the first passage answers the question. */
FAQ_EXPORT double faq_result_confidence(const faq_result_t* result);
/* The conversation focus the question was read with ("" if none). */
FAQ_EXPORT const char* faq_result_context(const faq_result_t* result, size_t* len);
/* The whole result as JSON (the format of `faq ask --json`: status,
 * confidence, answers[], intent, did_you_mean, unmatched, context, evidence,
 * follow_ups[]). */
FAQ_EXPORT const char* faq_result_json(const faq_result_t* result, size_t* len);

FAQ_EXPORT const char* faq_result_id(const faq_result_t* result, size_t i, size_t* len);
/* Ranking score: comparable within one result only. */
FAQ_EXPORT double faq_result_score(const faq_result_t* result, size_t i);
/* Probability that passage i answers the question. */
FAQ_EXPORT double faq_result_passage_confidence(const faq_result_t* result, size_t i);
/* The document's title. */
FAQ_EXPORT const char* faq_result_title(const faq_result_t* result, size_t i, size_t* len);
/* The section heading path, outermost first, joined by " > " ("" if none). */
FAQ_EXPORT const char* faq_result_heading(const faq_result_t* result, size_t i, size_t* len);
/* The passage's question (explicit, or derived from its headings). */
FAQ_EXPORT const char* faq_result_question(const faq_result_t* result, size_t i, size_t* len);
/* The full answer text. */
FAQ_EXPORT const char* faq_result_text(const faq_result_t* result, size_t i, size_t* len);
/* The best part of the text, matched words in <mark>...</mark> (the rest is
 * the text as is: escape it before putting it into HTML). */
FAQ_EXPORT const char* faq_result_snippet(const faq_result_t* result, size_t i, size_t* len);
/* The file the passage came from ("" for records without one). */
FAQ_EXPORT const char* faq_result_source(const faq_result_t* result, size_t i, size_t* len);
/* 1-based line in the source (0 if none). */
FAQ_EXPORT int faq_result_line(const faq_result_t* result, size_t i);
/* The passage's URL ("" if none). */
FAQ_EXPORT const char* faq_result_url(const faq_result_t* result, size_t i, size_t* len);

/* ---- Sessions: conversation context --------------------------------------
 * One session per conversation, passed to every faq_ask() of it. NULL when
 * out of memory. A session is independent of any engine. */
FAQ_EXPORT faq_session_t* faq_session_create(void);
FAQ_EXPORT void faq_session_destroy(faq_session_t* session);
/* Forgets the context: the next question starts a new topic. */
FAQ_EXPORT void faq_session_reset(faq_session_t* session);
/* The title of the document the conversation is about ("" if none); valid
 * until the session's next use. */
FAQ_EXPORT const char* faq_session_focus(const faq_session_t* session, size_t* len);
/* Questions asked in this session so far. */
FAQ_EXPORT int faq_session_turns(const faq_session_t* session);

/* ---- Building and updating an index --------------------------------------
 * A writer prepares a complete new generation of the index beside the
 * current one; nothing is visible until faq_writer_commit(), which switches
 * to it atomically (readers and crashes see the old index or the new one,
 * never a mix). Destroying a writer without commit discards its work.
 * Passages are analysed and written in batches, one thread per core unless
 * faq_options_set_build_threads() says otherwise, so a failure to write (FAQ_IO:
 * disk full, say) may be reported by a later faq_writer_add or by
 * faq_writer_commit; after it the writer can only be destroyed. */

/* Builds the index `index_dir` from files: `inputs` are `n_inputs` files or
 * directories (read recursively); the format follows the extension (.txt
 * seed-style text, .md, .json/.jsonl FAQ records, .csv/.tsv); other files
 * in a directory are skipped, a file of another type named in `inputs` is
 * FAQ_BAD_INPUT. An id must be unique across all inputs: one given twice is
 * FAQ_BAD_INPUT naming both places. Atomically replaces what `index_dir` held.
 * Errors: FAQ_INVALID_ARGUMENT (NULL/empty arguments), FAQ_INVALID_UTF8,
 * FAQ_NOT_FOUND (an input does not exist), FAQ_BAD_INPUT ("FILE:LINE: ..."),
 * FAQ_TOO_LARGE, FAQ_IO (index_dir is a non-empty directory that is not an
 * index, or cannot be written), FAQ_BUSY, FAQ_INTERNAL. */
FAQ_EXPORT int faq_build(const char* index_dir, const char* const* inputs, size_t n_inputs,
                         const faq_options_t* options, char** errmsg);

/* Starts a new, empty index for `index_dir` (created if missing; an existing
 * index is replaced at commit). Errors: FAQ_INVALID_ARGUMENT,
 * FAQ_INVALID_UTF8, FAQ_IO, FAQ_BUSY (another writer holds it). */
FAQ_EXPORT int faq_writer_create(const char* index_dir, const faq_options_t* options,
                                 faq_writer_t** writer, char** errmsg);
/* Starts an update of the existing index `index_dir`, beginning with all its
 * passages. Errors: as faq_writer_create, plus FAQ_NOT_FOUND,
 * FAQ_CORRUPT_INDEX, FAQ_VERSION_MISMATCH. */
FAQ_EXPORT int faq_writer_update(const char* index_dir, const faq_options_t* options,
                                 faq_writer_t** writer, char** errmsg);
/* Releases the writer (and its lock), discarding uncommitted work. */
FAQ_EXPORT void faq_writer_destroy(faq_writer_t* writer);
/* The message of the writer's most recent failure ("" if none). */
FAQ_EXPORT const char* faq_writer_errmsg(const faq_writer_t* writer);

/* Adds a record handed over by the host, replacing any passage with the same
 * id. `id` and `answer` are required; `title` and `question` may be NULL.
 * Metadata: `n_meta` key/value pairs. Known keys: "tags" (separated by ';',
 * '|' or ','; also "tag", one tag), "url", "lang", "source", "heading"
 * (repeat for a path, outermost first), "alternate" (another phrasing of the
 * question); other keys are stored as they are. keys/values may be NULL when
 * n_meta is 0. Errors: FAQ_INVALID_ARGUMENT (NULL writer, empty id or
 * answer, a NULL key or value, a "lang" that is not a language tag),
 * FAQ_INVALID_UTF8, FAQ_TOO_LARGE (over 1 MiB),
 * FAQ_IO, FAQ_INTERNAL. */
FAQ_EXPORT int faq_writer_add(faq_writer_t* writer, const char* id, const char* title,
                              const char* question, const char* answer,
                              const char* const* meta_keys, const char* const* meta_values,
                              size_t n_meta);
/* Adds (or replaces, by id) the passages of a file or directory, read as
 * faq_build does. `added` (may be NULL) receives the number of passages.
 * Errors: as faq_build. */
FAQ_EXPORT int faq_writer_add_path(faq_writer_t* writer, const char* path, size_t* added);
/* Removes the passage `id`. Errors: FAQ_INVALID_ARGUMENT, FAQ_NOT_FOUND
 * (no such passage; the writer is unchanged). */
FAQ_EXPORT int faq_writer_remove(faq_writer_t* writer, const char* id);
/* Passages in the index being written (0 for NULL, and after commit). */
FAQ_EXPORT uint64_t faq_writer_count(const faq_writer_t* writer);
/* Makes the new generation the index's current one, atomically; its number
 * goes to *generation (may be NULL). A writer commits once; after that only
 * faq_writer_destroy() is useful. Errors: FAQ_INVALID_ARGUMENT (NULL, already
 * committed), FAQ_IO, FAQ_INTERNAL. */
FAQ_EXPORT int faq_writer_commit(faq_writer_t* writer, uint64_t* generation);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* FAQ_C_H */
