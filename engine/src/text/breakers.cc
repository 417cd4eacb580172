#include "text/breakers.h"

#include <mutex>
#include <stdexcept>

namespace faq::text {
namespace {

struct Prototypes {
  icu::BreakIterator* words = nullptr;
  icu::BreakIterator* sentences = nullptr;
};

const Prototypes& prototypes() {
  static std::once_flag once;
  static Prototypes p;  // kept for the life of the process
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    p.words = icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status);
    if (U_FAILURE(status)) {
      delete p.words;
      p.words = nullptr;
    }
    status = U_ZERO_ERROR;
    p.sentences = icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status);
    if (U_FAILURE(status)) {
      delete p.sentences;
      p.sentences = nullptr;
    }
  });
  return p;
}

}  // namespace

std::unique_ptr<icu::BreakIterator> new_word_breaker() {
  const Prototypes& p = prototypes();
  if (p.words == nullptr) throw std::runtime_error("ICU: cannot create a word break iterator");
  return std::unique_ptr<icu::BreakIterator>(p.words->clone());
}

std::unique_ptr<icu::BreakIterator> new_sentence_breaker() {
  const Prototypes& p = prototypes();
  if (p.sentences == nullptr) throw std::runtime_error("ICU: cannot create a sentence break iterator");
  return std::unique_ptr<icu::BreakIterator>(p.sentences->clone());
}

}  // namespace faq::text
