// text/breakers.h — ICU break iterators over the root locale, for any thread.
//
// Creating one loads rules and dictionaries; cloning a prototype is cheap.
// Both prototypes are made together, once per process and under one
// std::call_once, by the first caller: ICU then initializes its shared
// break-iterator data in one thread, and every other thread is ordered after
// it (ThreadSanitizer cannot see ICU's own once-flags inside the system
// library, and reports two first creations racing in two threads).
#ifndef FAQ_TEXT_BREAKERS_H
#define FAQ_TEXT_BREAKERS_H

#include <unicode/brkiter.h>

#include <memory>

namespace faq::text {

// A new word / sentence break iterator; throws std::runtime_error when ICU
// has no rules for them.
std::unique_ptr<icu::BreakIterator> new_word_breaker();
std::unique_ptr<icu::BreakIterator> new_sentence_breaker();

}  // namespace faq::text

#endif  // FAQ_TEXT_BREAKERS_H
