#include "text/stopwords.h"

#include <unordered_set>
#include <utility>
#include <vector>

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

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies, as NFKC case folding writes them (ß as ss).
const std::unordered_set<std::string_view>& german() {
  static const std::unordered_set<std::string_view> words = {
      "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "andere",
      "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "beim", "bin", "bis", "bist",
      "bitte", "da", "damit", "danke", "dann", "das", "dass", "dein", "deine", "dem", "den", "denn",
      "der", "des", "dich", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "dir",
      "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
      "etwas", "euch", "euer", "eure", "für", "gibt", "habe", "haben", "hallo", "hast", "hat",
      "hatte", "hier", "hätte", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren",
      "ihrer", "im", "in", "ist", "ja", "jede", "jedem", "jeden", "jeder", "jetzt", "kann",
      "kannst", "kein", "keine", "keinen", "können", "könnte", "man", "mein", "meine", "meinem",
      "meinen", "meiner", "mich", "mir", "mit", "muss", "möchte", "müssen", "nach", "nicht",
      "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "sehr", "sein", "seine", "seinem",
      "seinen", "sich", "sie", "sind", "so", "soll", "sollte", "um", "und", "uns", "unser",
      "unsere", "unter", "viel", "vom", "von", "vor", "wann", "war", "waren", "warum", "was",
      "weil", "welche", "welchem", "welchen", "welcher", "welches", "wenn", "wer", "werde",
      "werden", "weshalb", "wie", "wieder", "wieso", "wir", "wird", "wo", "woher", "wohin", "wurde",
      "würde", "zu", "zum", "zur", "über"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies; elided forms (l', qu') are split off before the lookup.
const std::unordered_set<std::string_view>& french() {
  static const std::unordered_set<std::string_view> words = {
      "a", "ai", "aie", "as", "au", "aux", "avec", "avez", "avoir", "avons", "bonjour", "c", "ce",
      "cela", "ces", "cet", "cette", "comment", "d", "dans", "de", "des", "dois", "doit", "du",
      "elle", "elles", "en", "es", "est", "et", "eu", "faire", "fait", "il", "ils", "j", "je", "l", "la",
      "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "merci", "mes", "moi", "mon",
      "même", "n", "ne", "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "pas", "peut",
      "peux", "plus", "pour", "pourquoi", "pouvez", "puis", "qu", "quand", "que", "quel", "quelle",
      "quelles", "quels", "qui", "quoi", "s", "sa", "sans", "se", "ses", "si", "son", "sont",
      "suis", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre",
      "vous", "y", "été", "être"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies.
const std::unordered_set<std::string_view>& spanish() {
  static const std::unordered_set<std::string_view> words = {
      "a", "al", "algo", "algunos", "ante", "antes", "como", "con", "contra", "cual", "cuales",
      "cuando", "cuanto", "cuál", "cuándo", "cuánto", "cómo", "de", "del", "desde", "donde",
      "durante", "dónde", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa",
      "ese", "eso", "esta", "estas", "este", "esto", "estos", "está", "están", "favor", "fue",
      "gracias", "ha", "hacer", "han", "hasta", "hay", "hola", "la", "las", "le", "les", "lo",
      "los", "me", "mi", "mis", "muy", "más", "mí", "necesito", "ni", "no", "nos", "nosotros", "o",
      "os", "otra", "otro", "para", "pero", "por", "porque", "puede", "pueden", "puedo", "que",
      "quien", "quiero", "quién", "qué", "se", "sea", "ser", "si", "sin", "sobre", "son", "su",
      "sus", "sí", "también", "te", "tengo", "tiene", "tienen", "todo", "todos", "tu", "tus", "tú",
      "un", "una", "uno", "unos", "usted", "ustedes", "y", "ya", "yo", "él"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies; elided forms (l', dell') are split off before the lookup.
const std::unordered_set<std::string_view>& italian() {
  static const std::unordered_set<std::string_view> words = {
      "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "anche", "c", "che", "chi", "ci",
      "ciao", "come", "con", "cosa", "cui", "da", "dal", "dalla", "dei", "del", "della", "delle",
      "dello", "devo", "di", "dove", "e", "ed", "essere", "fare", "gli", "grazie", "ha", "hanno",
      "ho", "i", "il", "in", "io", "l", "la", "le", "lei", "lo", "loro", "lui", "ma", "mi", "mia",
      "mio", "ne", "nei", "nel", "nella", "no", "noi", "non", "o", "per", "perché", "più", "posso",
      "può", "quale", "quali", "quando", "quanto", "quella", "quello", "questa", "questo", "se",
      "si", "sia", "sono", "su", "sul", "sulla", "ti", "tra", "tu", "un", "una", "uno", "vi", "voi",
      "vorrei", "è"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies.
const std::unordered_set<std::string_view>& portuguese() {
  static const std::unordered_set<std::string_view> words = {
      "a", "ao", "aos", "as", "até", "com", "como", "da", "das", "de", "do", "dos", "e", "ela",
      "elas", "ele", "eles", "em", "entre", "era", "essa", "esse", "esta", "este", "estou", "está",
      "eu", "fazer", "foi", "isso", "isto", "já", "lhe", "mais", "mas", "me", "meu", "minha",
      "muito", "na", "nas", "nem", "no", "nos", "não", "nós", "o", "obrigada", "obrigado", "olá",
      "onde", "os", "ou", "para", "pela", "pelo", "pode", "por", "porque", "posso", "preciso",
      "quais", "qual", "quando", "que", "quem", "quero", "se", "sem", "ser", "seu", "sua", "são",
      "só", "também", "te", "tem", "tenho", "um", "uma", "você", "vocês", "à", "às", "é"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies.
const std::unordered_set<std::string_view>& dutch() {
  static const std::unordered_set<std::string_view> words = {
      "aan", "al", "als", "alstublieft", "bedankt", "ben", "bij", "dan", "dat", "de", "deze", "die",
      "dit", "doe", "doen", "door", "dus", "een", "en", "er", "graag", "had", "hallo", "heb",
      "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "ja", "je",
      "jij", "jou", "jouw", "kan", "kun", "kunnen", "maar", "me", "met", "mij", "mijn", "moet",
      "na", "naar", "niet", "niets", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op",
      "over", "te", "tot", "u", "uit", "uw", "van", "veel", "voor", "waar", "waarom", "wanneer",
      "was", "wat", "we", "welke", "wie", "wij", "wil", "worden", "wordt", "zal", "ze", "zelf",
      "zich", "zij", "zijn", "zo", "zou"};
  return words;
}

// Articles, pronouns, auxiliaries, prepositions, question words and
// courtesies.
const std::unordered_set<std::string_view>& swedish() {
  static const std::unordered_set<std::string_view> words = {
      "att", "av", "bara", "de", "dem", "den", "denna", "deras", "det", "detta", "dig", "din",
      "ditt", "du", "där", "då", "efter", "eller", "en", "er", "era", "ett", "från", "för", "ha",
      "har", "hej", "hon", "hur", "här", "i", "inte", "jag", "kan", "kunna", "man", "med", "mig",
      "min", "mitt", "mycket", "måste", "ni", "nu", "när", "och", "också", "om", "på", "sig", "sin",
      "sina", "sitt", "ska", "skulle", "som", "så", "tack", "till", "under", "upp", "ut", "vad",
      "var", "varför", "vi", "vilka", "vilken", "vill", "är", "åt", "över"};
  return words;
}

// Conjunctions, pronouns, particles, prepositions, question words and
// courtesies.
const std::unordered_set<std::string_view>& russian() {
  static const std::unordered_set<std::string_view> words = {
      "а", "без", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас", "весь", "во",
      "вот", "все", "всё", "вы", "где", "да", "даже", "для", "до", "его", "ее", "если", "есть",
      "еще", "ещё", "её", "же", "за", "зачем", "здесь", "здравствуйте", "и", "из", "или", "им",
      "их", "к", "как", "какая", "какие", "какой", "когда", "кто", "ли", "либо", "меня", "мне",
      "мной", "можно", "мой", "мы", "на", "над", "надо", "не", "него", "нее", "нет", "неё", "ни",
      "нибудь", "них", "но", "ну", "нужно", "о", "об", "однако", "он", "она", "они", "оно", "от",
      "очень", "по", "под", "пожалуйста", "почему", "при", "с", "сам", "свой", "себя", "со",
      "спасибо", "так", "также", "там", "тебя", "то", "тоже", "только", "ты", "у", "уже", "хочу",
      "чей", "чем", "что", "чтобы", "чье", "чья", "эта", "эти", "это", "этот", "я"};
  return words;
}

using WordSet = std::unordered_set<std::string_view>;

// Each list is built when its language is first asked for.
const WordSet* stopwords_of(std::string_view lang) {
  static const std::pair<std::string_view, const WordSet& (*)()> table[] = {
      {"en", english}, {"ja", japanese}, {"de", german}, {"fr", french}, {"es", spanish},
      {"it", italian}, {"pt", portuguese}, {"nl", dutch}, {"sv", swedish}, {"ru", russian}};
  for (const auto& [code, words] : table)
    if (code == lang) return &words();
  return nullptr;
}

}  // namespace

bool is_stopword(std::string_view lang, std::string_view word) {
  const WordSet* words = stopwords_of(lang);
  return words && words->count(word) > 0;
}

const std::vector<std::string_view>& stopword_languages() {
  static const std::vector<std::string_view> langs = {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "ru"};
  return langs;
}

}  // namespace faq::text
