/* Builds an index from the installed corpus, asks one question, prints the
 * answer. Usage: consumer CORPUS_DIR INDEX_DIR */
#include <faq.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  if (faq_version_number() != FAQ_VERSION_NUMBER) {
    fprintf(stderr, "header %s, library %s\n", FAQ_VERSION_STRING, faq_version());
    return 1;
  }
  char* err = NULL;
  const char* inputs[] = {argv[1]};
  faq_engine_t* kb = NULL;
  if (faq_build(argv[2], inputs, 1, NULL, &err) != FAQ_OK ||
      faq_open(argv[2], NULL, &kb, &err) != FAQ_OK) {
    fprintf(stderr, "%s\n", err);
    faq_free(err);
    return 1;
  }
  const char* q = "What is hemifacial spasm?";
  faq_result_t* r = NULL;
  int rc = faq_ask(kb, q, strlen(q), NULL, NULL, &r);
  if (rc != FAQ_OK || faq_result_count(r) == 0) {
    fprintf(stderr, "ask: %s: %s\n", faq_errstr(rc), faq_engine_errmsg(kb));
    faq_close(kb);
    return 1;
  }
  size_t n = 0;
  const char* title = faq_result_title(r, 0, &n);
  printf("faq %s: %s -> [%s] %.*s\n", faq_version(), q, faq_status_name(faq_result_status(r)),
         (int)n, title);
  faq_result_destroy(r);
  faq_close(kb);
  return 0;
}
