// text/question_type.h — what a question asks for, and what a passage answers.
//
// "What causes X?" and "How is X treated?" share their topic and differ only
// in what they ask for; sections of a document ("Causes of X", "Treatment of
// X") differ the same way. Both sides are mapped onto the same small set of
// intents so that ranking can prefer the section whose intent matches.
#ifndef FAQ_TEXT_QUESTION_TYPE_H
#define FAQ_TEXT_QUESTION_TYPE_H

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace faq::text {

enum class Intent : int {
  definition, cause, symptom, diagnosis, treatment, prevention, outlook, risk,
  genetics, inheritance, frequency, complication, research, stages, cost, howto, place, time,
  count
};
inline constexpr int kIntents = static_cast<int>(Intent::count);

const char* intent_name(Intent i);

// One weight in [0, 1] per intent.
using IntentVector = std::array<float, kIntents>;

// What a user's question asks for, from its (normalized) words, stopwords
// included. Empty (all zero) when nothing is recognised.
IntentVector question_intents(const std::vector<Word>& words);

// True when a word is one of the intent cues ("causes", "treated", ...): such
// words say what is asked, not what it is asked about.
bool is_intent_cue(std::string_view normalized_word);

// What a passage answers: from its explicit question or heading when it has
// one (strong evidence), else from the first words of its answer (weaker).
// `first_sentence` is the answer's first sentence, `answer_lead` its first
// few dozen words.
IntentVector passage_intents(const std::vector<Word>& question_or_heading,
                             const std::vector<Word>& first_sentence,
                             const std::vector<Word>& answer_lead, bool is_lead_passage);

// The first sentence of `text` (at most about `max_bytes`), for passage_intents.
std::string first_sentence(const std::string& text, size_t max_bytes = 300);

// Whether `s` ends in a question mark ('?' or the fullwidth '？'), trailing
// white space aside: a title or heading that asks.
bool ends_with_question_mark(std::string_view s);

// The strongest intent, or nullptr when the vector is all zero.
const char* top_intent(const IntentVector& v);

// Compact storage of an IntentVector (one byte per intent).
std::string encode_intents(const IntentVector& v);
IntentVector decode_intents(std::string_view s);

}  // namespace faq::text

#endif  // FAQ_TEXT_QUESTION_TYPE_H
