#include "search/query.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

namespace faq::search {
namespace {

// Adds the terms of the synonyms of the question's phrases (runs of its
// content terms that are keys of `synonyms`, longest first), each standing
// for the rarest term of its phrase; terms the index lacks are left out.
void add_synonyms(Question& q, const std::vector<std::string>& sequence, const Synonyms& synonyms,
                  const Xapian::Database& db) {
  std::unordered_map<std::string, int> index_of;
  for (size_t i = 0; i < q.terms.size(); ++i) index_of.emplace(q.terms[i].term, static_cast<int>(i));
  const double n_docs = std::max<double>(1, db.get_doccount());
  size_t added = 0;
  std::string key;
  for (size_t n = std::min(synonyms.max_terms(), sequence.size()); n >= 1 && added < kMaxSynonymTerms; --n) {
    for (size_t i = 0; i + n <= sequence.size() && added < kMaxSynonymTerms; ++i) {
      if (!synonyms.starts_with(sequence[i])) continue;
      key.clear();
      for (size_t j = i; j < i + n; ++j) key += (j > i ? " " : "") + sequence[j];
      if (!synonyms.is_key(key)) continue;
      int anchor = -1;
      for (size_t j = i; j < i + n; ++j) {
        auto it = index_of.find(sequence[j]);
        if (it == index_of.end() || it->second >= static_cast<int>(q.asked)) continue;  // cut as too many
        if (anchor < 0 || q.terms[it->second].idf > q.terms[anchor].idf) anchor = it->second;
      }
      if (anchor < 0) continue;
      for (auto v = db.synonyms_begin(key); v != db.synonyms_end(key); ++v) {
        const std::string value = *v;
        for (std::string_view t : split_terms(value)) {
          std::string term(t);
          if (added >= kMaxSynonymTerms || index_of.count(term)) continue;
          Xapian::doccount tf = term.size() <= 200 ? db.get_termfreq(term) : 0;
          if (tf == 0) continue;
          QueryTerm qt;
          qt.term = term;
          qt.word = term;
          qt.cue = q.terms[anchor].cue;
          qt.idf = std::log((n_docs + 1) / tf);
          qt.df = tf;
          qt.alias_of = anchor;
          // A word the index lacks is known through its synonym: it weighs
          // as that, and no longer counts as unmatched.
          QueryTerm& a = q.terms[anchor];
          if (a.df == 0) {
            a.idf = std::max(a.idf, qt.idf);
            q.unmatched.erase(std::remove(q.unmatched.begin(), q.unmatched.end(), a.word), q.unmatched.end());
          }
          index_of.emplace(term, static_cast<int>(q.terms.size()));
          q.terms.push_back(std::move(qt));
          ++added;
        }
      }
    }
    if (n == 1) break;
  }
}

// Adds `variants`' stems, each standing for its term among the question's
// own (those cut as too many are left out, with their variants).
template <typename TermFreq>
void add_variants(Question& q, const std::vector<std::pair<std::string, std::string>>& variants, double n_docs,
                  const TermFreq& termfreq) {
  std::unordered_map<std::string, int> index_of;
  for (size_t i = 0; i < q.terms.size(); ++i) index_of.emplace(q.terms[i].term, static_cast<int>(i));
  for (const auto& [stem, of] : variants) {
    auto anchor = index_of.find(of);
    if (anchor == index_of.end() || index_of.count(stem)) continue;
    QueryTerm qt;
    qt.term = stem;
    qt.word = q.terms[anchor->second].word;
    qt.cue = q.terms[anchor->second].cue;
    qt.df = termfreq(stem);
    qt.idf = std::log((n_docs + 1) / qt.df);
    qt.alias_of = anchor->second;
    index_of.emplace(stem, static_cast<int>(q.terms.size()));
    q.terms.push_back(std::move(qt));
  }
}

// The sentences of a message that ask (end in a question mark), when it
// also holds others: "My mother was recently diagnosed. Is X inherited?
// Thanks!" asks about inheritance, not diagnosis. The whole text otherwise.
std::string_view asking_part(std::string_view text) {
  static constexpr std::string_view kFullwidthQuestion = "\xEF\xBC\x9F";  // ？
  static constexpr std::string_view kIdeographicStop = "\xE3\x80\x82";    // 。
  static constexpr std::string_view kFullwidthExclamation = "\xEF\xBC\x81";  // ！
  size_t sentence = 0, first = std::string_view::npos, last = 0, sentences = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t len = 1;
    bool asks = text[i] == '?';
    bool ends = asks || text[i] == '.' || text[i] == '!' || text[i] == '\n';
    if (!ends && (text[i] == '\xEF' || text[i] == '\xE3')) {  // lead bytes of the three below
      const std::string_view mark = text.substr(i, 3);
      asks = mark == kFullwidthQuestion;
      ends = asks || mark == kIdeographicStop || mark == kFullwidthExclamation;
      len = 3;
    }
    if (!ends) continue;
    // "e.g." or "3.5": a period inside a word ends nothing.
    if (text[i] == '.' && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\n') continue;
    if (text.substr(sentence, i - sentence).find_first_not_of(" \t\r\n") != std::string_view::npos) {
      ++sentences;
      if (asks) {
        if (first == std::string_view::npos) first = sentence;
        last = i + len;
      }
    }
    sentence = i + len;
  }
  if (text.substr(sentence).find_first_not_of(" \t\r\n") != std::string_view::npos) ++sentences;
  if (first == std::string_view::npos || sentences < 2) return text;
  return text.substr(first, last - first);
}

}  // namespace

Question analyze_question(std::string_view text, const text::Analyzer& analyzer,
                          const Xapian::Database& db, const QuestionOptions& options) {
  Question q;
  // The asking sentences say what is asked (intent), and their words weigh
  // double (a second occurrence). Sentences end at punctuation, which no word
  // spans: the text is segmented once, in its three parts.
  const std::string_view asking = asking_part(text);
  const bool whole = asking.size() == text.size();
  size_t ask_begin = 0, ask_end = 0;
  if (whole) {
    q.words = analyzer.words(text);
    q.intents = text::question_intents(q.words);
  } else {
    const size_t from = static_cast<size_t>(asking.data() - text.data());
    q.words = analyzer.words(text.substr(0, from));
    std::vector<text::Word> asked = analyzer.words(asking);
    q.intents = text::question_intents(asked);
    ask_begin = q.words.size();
    ask_end = ask_begin + asked.size();
    std::move(asked.begin(), asked.end(), std::back_inserter(q.words));
    for (text::Word& w : analyzer.words(text.substr(from + asking.size()))) q.words.push_back(std::move(w));
  }
  const double n_docs = std::max<double>(1, db.get_doccount());

  bool any_correction = false;
  // Each lookup scans Xapian's spelling table: a message full of words the
  // index lacks must not cost more than a few.
  constexpr int kMaxSpellingLookups = 3;
  int lookups = 0;
  std::vector<std::string> shown;  // the question's words, after correction
  std::vector<std::string> sequence;  // its content terms in order, repeats included
  std::unordered_map<std::string, size_t> index_of;
  // (stem, term it stands for): the question's words as the index's other
  // languages stem them, where the index has both.
  std::vector<std::pair<std::string, std::string>> variants;
  auto add_term = [&](std::string term, std::string word, bool cue, Xapian::doccount tf) {
    index_of.emplace(term, q.terms.size());
    QueryTerm qt;
    qt.term = std::move(term);
    qt.word = std::move(word);
    qt.cue = cue;
    qt.idf = tf ? std::log((n_docs + 1) / tf) : 0;
    qt.df = tf;
    q.terms.push_back(std::move(qt));
  };
  // Terms longer than this are never indexed (Xapian's limit is 245 bytes).
  auto usable = [](const std::string& t) { return !t.empty() && t.size() <= 200; };
  auto termfreq = [&](const std::string& t) -> Xapian::doccount {
    if (!usable(t)) return 0;
    return options.stats ? options.stats->termfreq(t) : db.get_termfreq(t);
  };
  // The term a word asks for and its frequency: its stem in the index's
  // language, else in the first of the index's other languages whose stem
  // the index has (where the index has both, the other stems are kept as
  // variants). No term for a stopword of the index's language, nor for a
  // word the index lacks that is a stopword of one of its other languages.
  auto lookup = [&](const text::Word& w, std::string& term, Xapian::doccount& tf) {
    term.clear();
    tf = 0;
    if (analyzer.is_stopword(w)) return;
    term = analyzer.stem(w);
    tf = termfreq(term);
    if (!options.other_languages) return;
    bool foreign_stopword = false;
    for (const auto& other : *options.other_languages) {
      if (other->is_stopword(w)) {
        foreign_stopword = true;
        continue;
      }
      std::string stem = other->stem(w);
      if (stem == term || !usable(stem)) continue;
      Xapian::doccount stem_tf = termfreq(stem);
      if (stem_tf == 0) continue;
      if (tf == 0) {  // a word of that language
        term = std::move(stem);
        tf = stem_tf;
      } else if (variants.size() < kMaxSynonymTerms) {
        variants.emplace_back(std::move(stem), term);
      }
    }
    if (tf == 0 && foreign_stopword) term.clear();
  };
  for (size_t wi = 0; wi < q.words.size(); ++wi) {
    text::Word w = q.words[wi];
    const bool stressed = wi >= ask_begin && wi < ask_end;
    std::string term;  // stays empty for a stopword
    Xapian::doccount tf = 0;
    lookup(w, term, tf);
    // A word the index lacks but the synonyms know is no typo.
    bool synonym = tf == 0 && options.synonyms && options.synonyms->is_key(term);
    if (usable(term) && tf == 0) {
      std::string suggestion;
      // One edit in a short word already makes another word ("bank" ->
      // "back"); allow two only in long ones.
      if (options.spelling && !synonym && !w.cjk && w.text.size() >= 5 && lookups++ < kMaxSpellingLookups) {
        const unsigned edits = w.text.size() >= 8 ? 2 : 1;
        suggestion = options.stats ? options.stats->suggestion(w.text, edits)
                                   : db.get_spelling_suggestion(w.text, edits);
      }
      if (!suggestion.empty()) {
        w.text = suggestion;
        any_correction = true;
        q.corrected_words.push_back(suggestion);
        lookup(w, term, tf);  // in whichever of the index's languages has it
      } else {
        q.unmatched.push_back(w.text);
      }
    }
    shown.push_back(w.text);
    if (!usable(term)) continue;
    sequence.push_back(term);
    auto it = index_of.find(term);
    if (it != index_of.end()) {
      q.terms[it->second].wqf += stressed ? 2 : 1;
      continue;
    }
    add_term(term, w.text, text::is_intent_cue(w.text), tf);
    if (stressed) ++q.terms.back().wqf;
  }
  if (options.compounds) {
    // Writers split and join words differently ("back up" / "backup",
    // "e-mail" / "email"): a pair written as one word the index knows is
    // asked for too. Only pairs of alphabetic words, so "windows 10" stays.
    auto alphabetic = [](const std::string& s) {
      return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 'a' && c <= 'z'; });
    };
    constexpr size_t kMaxCompounds = 4;
    size_t added = 0;
    for (size_t i = 0; i + 1 < q.words.size() && added < kMaxCompounds; ++i) {
      const text::Word& a = q.words[i];
      const text::Word& b = q.words[i + 1];
      if (a.cjk || b.cjk || !alphabetic(a.text) || !alphabetic(b.text)) continue;
      if (a.text.size() + b.text.size() < 5) continue;
      text::Word joined{a.text + b.text, false};
      std::string term = analyzer.stem(joined);
      if (index_of.count(term)) continue;
      Xapian::doccount tf = termfreq(term);
      if (tf == 0) continue;
      add_term(term, joined.text, false, tf);
      ++added;
    }
  }
  if (q.terms.size() > kMaxQueryTerms) {
    std::stable_sort(q.terms.begin(), q.terms.end(),
                     [](const QueryTerm& a, const QueryTerm& b) { return a.idf > b.idf; });
    q.terms.resize(kMaxQueryTerms);
  }
  q.asked = q.terms.size();
  if (!variants.empty()) add_variants(q, variants, n_docs, termfreq);
  if (options.synonyms && !options.synonyms->empty()) add_synonyms(q, sequence, *options.synonyms, db);
  for (size_t i = 0; i < q.asked; ++i) {
    q.idf_total += q.terms[i].idf;
    if (!q.terms[i].cue) q.focus_idf_total += q.terms[i].idf;
  }
  for (size_t i = 1; i < q.unmatched.size();) {  // each word once, in the question's order
    if (std::find(q.unmatched.begin(), q.unmatched.begin() + i, q.unmatched[i]) != q.unmatched.begin() + i)
      q.unmatched.erase(q.unmatched.begin() + i);
    else
      ++i;
  }
  q.unseen_idf = static_cast<double>(q.unmatched.size()) * std::log(n_docs + 1);
  if (any_correction) {
    for (size_t i = 0; i < shown.size(); ++i) q.corrected += (i ? " " : "") + shown[i];
  }
  return q;
}

}  // namespace faq::search
