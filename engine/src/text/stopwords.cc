#include "text/stopwords.h"

#include <unordered_set>

namespace faq::text {
namespace {

// Function words, question words and conversational filler: they say how a
// question is asked, not what it is about. Question type detection reads the
// words before they are dropped (see search/question_type.cc).
const std::unordered_set<std::string_view>& english() {
  static const std::unordered_set<std::string_view> words = {
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
      "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below",
      "between", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did",
      "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "either",
      "else", "etc", "even", "ever", "every", "few", "for", "from", "further", "get", "gets",
      "getting", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
      "he's", "hello", "her", "here", "hers", "herself", "hey", "hi", "him", "himself", "his",
      "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it",
      "it's", "its", "itself", "just", "let", "let's", "like", "may", "me", "might", "mine",
      "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off",
      "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
      "own", "please", "same", "shall", "she", "she's", "should", "shouldn't", "so", "some",
      "such", "than", "thank", "thanks", "that", "that's", "the", "their", "theirs", "them",
      "themselves", "then", "there", "there's", "these", "they", "they're", "this", "those",
      "through", "to", "too", "under", "until", "up", "us", "very", "was", "wasn't", "we",
      "we're", "were", "weren't", "what", "what's", "when", "where", "which", "while", "who",
      "who's", "whom", "why", "will", "with", "won't", "would", "wouldn't", "yes", "you",
      "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
      "anyone", "anybody", "someone", "somebody", "something", "anything", "thing", "things",
      "really", "actually", "basically", "maybe", "perhaps", "kind", "sort", "lot", "lots",
      "tell", "know", "want", "wondering", "wonder", "help", "question", "questions", "dear",
      "sir", "madam", "hello", "regards", "appreciate", "appreciated", "im", "ive", "dont",
      "cant", "doesnt", "isnt", "whats", "u", "ur", "pls", "plz", "ok", "okay", "oh", "well",
      "one", "way", "ways", "need", "go", "going", "make", "use", "used", "using"};
  return words;
}

// Particles, copulas and auxiliaries: single-function morphemes that ICU's
// dictionary segmentation splits off Japanese sentences.
const std::unordered_set<std::string_view>& japanese() {
  static const std::unordered_set<std::string_view> words = {
      "の", "は", "が", "を", "に", "へ", "と", "で", "も", "や", "か", "な", "ね", "よ",
      "から", "まで", "より", "など", "って", "です", "ます", "でし", "まし", "した", "して",
      "する", "し", "て", "た", "だ", "ある", "いる", "あり", "い", "う", "れ", "られ", "れる",
      "ない", "なら", "なく", "ください", "下さい", "こと", "もの", "ため", "よう", "これ",
      "それ", "あれ", "この", "その", "あの", "どの", "どこ", "何", "なに", "なん", "いつ",
      "誰", "どう", "どんな", "どれ", "ですか", "ますか", "でしょう", "か?", "けど", "けれど",
      "たい", "ほしい", "欲しい", "でき", "できる", "できます", "いい", "よい", "良い",
      "お", "ご", "さん", "について", "とき", "時", "場合", "方", "ば", "という", "といった"};
  return words;
}

}  // namespace

bool is_stopword(std::string_view lang, std::string_view word) {
  if (lang == "en") return english().count(word) > 0;
  if (lang == "ja") return japanese().count(word) > 0;
  return false;
}

}  // namespace faq::text
