#include "text/question_type.h"

#include <algorithm>

namespace faq::text {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

struct Cue {
  std::string_view prefix;  // a word starting with this (normalized, lower case)
  Intent intent;
  float weight;
};

// Word-prefix cues shared by questions and passages. English only for now; a
// language without cues simply gets no intent evidence.
const std::vector<Cue>& cues() {
  static const std::vector<Cue> c = {
      {"caus", Intent::cause, 1}, {"why", Intent::cause, 0.8f}, {"reason", Intent::cause, 0.8f},
      {"trigger", Intent::cause, 0.7f}, {"etiolog", Intent::cause, 1},
      {"symptom", Intent::symptom, 1}, {"signs", Intent::symptom, 0.9f},
      {"feel", Intent::symptom, 0.4f}, {"characteriz", Intent::symptom, 0.5f},
      {"diagnos", Intent::diagnosis, 1}, {"test", Intent::diagnosis, 0.7f},
      {"detect", Intent::diagnosis, 0.6f}, {"screen", Intent::diagnosis, 0.6f},
      {"exam", Intent::diagnosis, 0.5f},
      {"treat", Intent::treatment, 1}, {"therap", Intent::treatment, 0.9f},
      {"cure", Intent::treatment, 0.9f}, {"medication", Intent::treatment, 0.8f},
      {"medicine", Intent::treatment, 0.6f}, {"drug", Intent::treatment, 0.6f},
      {"management", Intent::treatment, 0.8f}, {"manage", Intent::treatment, 0.7f},
      {"remed", Intent::treatment, 0.8f}, {"surg", Intent::treatment, 0.6f},
      {"prevent", Intent::prevention, 1}, {"avoid", Intent::prevention, 0.6f},
      {"protect", Intent::prevention, 0.5f}, {"vaccin", Intent::prevention, 0.5f},
      {"outlook", Intent::outlook, 1}, {"prognos", Intent::outlook, 1},
      {"surviv", Intent::outlook, 0.7f}, {"expectancy", Intent::outlook, 0.8f},
      {"recover", Intent::outlook, 0.5f}, {"fatal", Intent::outlook, 0.5f},
      {"risk", Intent::risk, 1}, {"danger", Intent::risk, 0.6f}, {"safe", Intent::risk, 0.5f},
      {"inherit", Intent::inheritance, 1}, {"heredit", Intent::inheritance, 1},
      {"autosomal", Intent::inheritance, 1}, {"x-linked", Intent::inheritance, 1},
      {"genetic", Intent::genetics, 0.9f}, {"gene", Intent::genetics, 0.8f},
      {"mutation", Intent::genetics, 0.9f}, {"chromosom", Intent::genetics, 0.6f},
      {"stage", Intent::stages, 1}, {"staging", Intent::stages, 1},
      {"prevalen", Intent::frequency, 1}, {"common", Intent::frequency, 0.6f},
      {"rare", Intent::frequency, 0.5f}, {"incidence", Intent::frequency, 0.9f},
      {"frequen", Intent::frequency, 0.6f}, {"affects", Intent::frequency, 0.5f},
      {"estimated", Intent::frequency, 0.5f},
      {"complication", Intent::complication, 1}, {"side", Intent::complication, 0.3f},
      {"research", Intent::research, 1}, {"trial", Intent::research, 0.9f},
      {"studies", Intent::research, 0.6f}, {"study", Intent::research, 0.5f},
      {"cost", Intent::cost, 1}, {"price", Intent::cost, 1}, {"fee", Intent::cost, 0.9f},
      {"pay", Intent::cost, 0.6f}, {"charge", Intent::cost, 0.6f},
      {"where", Intent::place, 0.8f}, {"when", Intent::time, 0.6f},
  };
  return c;
}

bool skip_word(std::string_view w) {
  // Share a prefix with a cue but not its meaning.
  return starts_with(w, "signif") || starts_with(w, "testi") || starts_with(w, "genera") ||
         starts_with(w, "surgeon") || starts_with(w, "stagger");
}

// The strongest cue of each intent among the first `limit` words.
void add_cues(const std::vector<Word>& words, size_t limit, float scale, IntentVector& v) {
  for (size_t i = 0; i < words.size() && i < limit; ++i) {
    const std::string& w = words[i].text;
    if (skip_word(w)) continue;
    for (const Cue& c : cues()) {
      if (starts_with(w, c.prefix)) {
        float& slot = v[static_cast<int>(c.intent)];
        slot = std::max(slot, c.weight * scale);
      }
    }
  }
}

// Cue evidence summed over an answer's opening, earlier words counting more,
// then scaled so that the dominant intent gets `scale`: a section about
// treatment mentions treatment again and again, one about the outlook may
// mention treatment once.
void add_lead_cues(const std::vector<Word>& words, float scale, IntentVector& v) {
  std::array<float, kIntents> sum{};
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    if (skip_word(w)) continue;
    float decay = 1.0f / (1.0f + static_cast<float>(i) / 15.0f);
    for (const Cue& c : cues())
      if (starts_with(w, c.prefix)) sum[static_cast<int>(c.intent)] += c.weight * decay;
  }
  float top = *std::max_element(sum.begin(), sum.end());
  if (top <= 0) return;
  for (int i = 0; i < kIntents; ++i) v[i] = std::max(v[i], scale * sum[i] / top);
}

bool has_sequence(const std::vector<Word>& words, std::initializer_list<std::string_view> seq) {
  if (words.size() < seq.size()) return false;
  for (size_t i = 0; i + seq.size() <= words.size(); ++i) {
    size_t k = 0;
    for (std::string_view s : seq) {
      if (words[i + k].text != s) break;
      ++k;
    }
    if (k == seq.size()) return true;
  }
  return false;
}

}  // namespace

const char* intent_name(Intent i) {
  static const char* names[kIntents] = {
      "definition", "cause", "symptom", "diagnosis", "treatment", "prevention", "outlook",
      "risk", "genetics", "inheritance", "frequency", "complication", "research", "stages",
      "cost", "howto", "place", "time"};
  int k = static_cast<int>(i);
  return k >= 0 && k < kIntents ? names[k] : "unknown";
}

IntentVector question_intents(const std::vector<Word>& words) {
  IntentVector v{};
  add_cues(words, words.size(), 1.0f, v);
  auto set = [&](Intent i, float w) {
    float& s = v[static_cast<int>(i)];
    s = std::max(s, w);
  };
  if (has_sequence(words, {"how", "many"}) || has_sequence(words, {"how", "common"}))
    set(Intent::frequency, 1);
  if (has_sequence(words, {"how", "long"}) || has_sequence(words, {"how", "soon"}))
    set(Intent::time, 0.8f);
  if (has_sequence(words, {"how", "much"})) set(Intent::cost, 0.8f);
  if (has_sequence(words, {"who", "gets"}) || has_sequence(words, {"who", "is", "at"}))
    set(Intent::risk, 1);
  if (has_sequence(words, {"what", "to", "do"}) || has_sequence(words, {"get", "rid"}))
    set(Intent::treatment, 0.9f);
  if (has_sequence(words, {"go", "away"})) set(Intent::outlook, 0.7f);
  if (has_sequence(words, {"run", "in"}) || has_sequence(words, {"passed", "down"}))
    set(Intent::inheritance, 0.8f);
  const bool other = std::any_of(v.begin(), v.end(), [](float x) { return x > 0; });
  if (!other && !words.empty()) {
    const std::string& first = words[0].text;
    bool how = first == "how";
    if (how && words.size() > 1 &&
        (words[1].text == "do" || words[1].text == "can" || words[1].text == "to" ||
         words[1].text == "should"))
      set(Intent::howto, 0.8f);
    else if (first == "what" || first == "what's" || first == "whats" || first == "define" ||
             first == "explain" || has_sequence(words, {"information", "about"}) ||
             has_sequence(words, {"what", "is"}) || has_sequence(words, {"what", "are"}) ||
             has_sequence(words, {"mean"}) || has_sequence(words, {"meaning"}))
      set(Intent::definition, 0.8f);
  }
  return v;
}

std::string first_sentence(const std::string& text, size_t max_bytes) {
  size_t words = 0;
  for (size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    char c = text[i];
    if (c == ' ') ++words;
    bool end = c == '.' || c == '?' || c == '!' || c == '\n' || c == ':';
    if (end && words >= 4 && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'))
      return text.substr(0, i + 1);
  }
  return text.substr(0, std::min(text.size(), max_bytes));
}

IntentVector passage_intents(const std::vector<Word>& question_or_heading,
                             const std::vector<Word>& first, const std::vector<Word>& answer_lead,
                             bool is_lead_passage) {
  IntentVector v{};
  if (!question_or_heading.empty()) {
    v = question_intents(question_or_heading);
  } else {
    // Without a question, the first words of the answer usually name what the
    // section is about ("Treatment is symptomatic", "Mutations in the X gene
    // cause", "This condition affects about 1 in 10,000 people").
    add_lead_cues(first, 0.8f, v);
    add_lead_cues(answer_lead, 0.3f, v);
  }
  auto& def = v[static_cast<int>(Intent::definition)];
  if (is_lead_passage) def = std::max(def, 0.7f);
  return v;
}

bool is_intent_cue(std::string_view w) {
  if (skip_word(w)) return false;
  for (const Cue& c : cues())
    if (starts_with(w, c.prefix)) return true;
  return false;
}

bool ends_with_question_mark(std::string_view s) {
  s = s.substr(0, s.find_last_not_of(" \t\r\n\f\v") + 1);  // npos + 1 == 0: all blank
  return (!s.empty() && s.back() == '?') || (s.size() >= 3 && s.substr(s.size() - 3) == "\xEF\xBC\x9F");
}

const char* top_intent(const IntentVector& v) {
  auto it = std::max_element(v.begin(), v.end());
  if (*it <= 0) return nullptr;
  return intent_name(static_cast<Intent>(it - v.begin()));
}

std::string encode_intents(const IntentVector& v) {
  std::string s(kIntents, '\0');
  for (int i = 0; i < kIntents; ++i)
    s[i] = static_cast<char>(static_cast<unsigned char>(std::clamp(v[i], 0.0f, 1.0f) * 255 + 0.5f));
  return s;
}

IntentVector decode_intents(std::string_view s) {
  IntentVector v{};
  for (int i = 0; i < kIntents && i < static_cast<int>(s.size()); ++i)
    v[i] = static_cast<unsigned char>(s[i]) / 255.0f;
  return v;
}

}  // namespace faq::text
