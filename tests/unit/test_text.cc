// Tests for the text stage (engine/src/text/): normalization, ICU word
// segmentation, stemming, stopwords, UTF-8 validation, script detection,
// CJK bigrams and question/passage intents.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "text/analyzer.h"
#include "text/question_type.h"

using faq::text::Analyzer;
using faq::text::Intent;
using faq::text::Word;

namespace {

std::vector<std::string> texts(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words) out.push_back(w.text);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
  return s;
}

std::string top(const std::string& question) {
  Analyzer a("en");
  const char* t = faq::text::top_intent(faq::text::question_intents(a.words(question)));
  return t ? t : "";
}

float weight(const faq::text::IntentVector& v, Intent i) { return v[static_cast<int>(i)]; }

// text::passage_intents, whether or not it takes the answer's first sentence
// separately from its lead (the signature is being extended): `lead` serves
// as both.
faq::text::IntentVector passage_intents(const std::vector<Word>& heading, const std::vector<Word>& lead,
                                        bool is_lead_passage) {
  using V = const std::vector<Word>&;
  auto call = [&](auto fn) {
    if constexpr (std::is_invocable_v<decltype(fn), V, V, V, bool>)
      return fn(heading, lead, lead, is_lead_passage);
    else
      return fn(heading, lead, is_lead_passage);
  };
  return call(&faq::text::passage_intents);
}

}  // namespace

TEST_CASE("normalize applies NFKC and case folding") {
  using faq::text::normalize;
  CHECK(normalize("\xEF\xBC\xA6\xEF\xBC\xA1\xEF\xBC\xB1") == "faq");  // ＦＡＱ full width
  CHECK(normalize("Hello World") == "hello world");
  CHECK(normalize("\xE2\x85\xAB") == "xii");                          // Ⅻ roman numeral twelve
  CHECK(normalize("\xEF\xAC\x81le") == "file");                       // ﬁ ligature
  CHECK(normalize("\xE2\x91\xA0") == "1");                            // ① circled digit
  CHECK(normalize("\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85") ==
        "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A");            // half-width ｶﾀｶﾅ -> カタカナ
  SUBCASE("German sharp s folds to ss") {
    CHECK(normalize("Stra\xC3\x9F" "e") == "strasse");   // Straße
    CHECK(normalize("STRASSE") == "strasse");
    CHECK(normalize("\xE1\xBA\x9E") == "ss");           // capital ẞ
  }
  SUBCASE("combining characters are composed") {
    // "e" + COMBINING ACUTE ACCENT == precomposed "é"
    CHECK(normalize("cafe\xCC\x81") == "caf\xC3\xA9");
    CHECK(normalize("CAF\xC3\x89") == "caf\xC3\xA9");
    CHECK(normalize("cafe\xCC\x81") == normalize("CAF\xC3\x89"));
  }
  SUBCASE("invalid UTF-8 becomes U+FFFD and never crashes") {
    std::string out = normalize(std::string("ab\xFF" "cd"));
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(out.find("ab") == 0);
  }
  CHECK(normalize("") == "");
}

TEST_CASE("Analyzer::words gives normalized words without punctuation") {
  Analyzer a("en");
  auto w = texts(a.words("Hello, World!  What's NEW? \xEF\xBC\xA6\xEF\xBC\xA1\xEF\xBC\xB1"));
  CHECK(contains(w, "hello"));
  CHECK(contains(w, "world"));
  CHECK(contains(w, "new"));
  CHECK(contains(w, "faq"));
  for (const auto& x : w) {
    CHECK(x.find(',') == std::string::npos);
    CHECK(x.find('!') == std::string::npos);
    CHECK(x.find(' ') == std::string::npos);
  }
  for (const Word& x : a.words("Hello world")) CHECK_FALSE(x.cjk);
  CHECK(texts(a.words("Stra\xC3\x9F" "e")) == std::vector<std::string>{"strasse"});
  CHECK(a.words("").empty());
  CHECK(a.words("   ...  !!! ").empty());
}

namespace {

std::string show(const std::vector<Word>& ws) {
  std::string s;
  for (const Word& w : ws) s += "[" + w.text + "]";
  return s;
}

}  // namespace

TEST_CASE("ASCII text gives the same words without ICU as with it") {
  Analyzer a("en");
  // Every string of up to three ASCII characters: each pair and triple of
  // character classes the word-boundary rules look at.
  std::string s;
  size_t checked = 0, differ = 0;
  for (int len = 1; len <= 3; ++len) {
    std::vector<int> c(len, 0);
    s.assign(len, '\0');
    while (true) {
      for (int k = 0; k < len; ++k) s[k] = static_cast<char>(c[k]);
      ++checked;
      auto fast = a.words(s), icu = a.words_icu(s);
      if (show(fast) != show(icu) && ++differ <= 10) {
        std::string codes;
        for (unsigned char ch : s) codes += std::to_string(ch) + " ";
        FAIL_CHECK("codes " << codes << ": fast " << show(fast) << " icu " << show(icu));
      }
      int k = len - 1;
      while (k >= 0 && ++c[k] == 128) c[k--] = 0;
      if (k < 0) break;
    }
  }
  CHECK(differ == 0);
  // Longer strings mixing the classes (letters, digits, the joiners . ' , ;
  // _ : and others), and real sentences.
  const std::string alphabet = "aZ09.',;_:- \t\n\"$@/(";
  uint32_t seed = 12345;
  for (int n = 0; n < 20000; ++n) {
    std::string t;
    int len = 4 + n % 9;
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245u + 12345u;
      t += alphabet[(seed >> 16) % alphabet.size()];
    }
    CHECK_MESSAGE(show(a.words(t)) == show(a.words_icu(t)), t);
  }
  for (const char* t : {"Don't stop: e.g. 3.5 mg, 1,000 units; U.S.A. and A.B_C 2nd-line x86_64 'quoted'",
                        "What causes hemifacial spasm? Botulinum toxin (Botox) injections...",
                        "email@example.com http://www.facebook.com/help/delete_account 10:30 a.m."})
    CHECK(show(a.words(t)) == show(a.words_icu(t)));
}

TEST_CASE("ICU segments Japanese into several words") {
  Analyzer a("ja");
  // From the localgov-faq-ja development queries.
  const std::string q = "\xE5\x9B\xBD\xE6\xB0\x91\xE5\xB9\xB4\xE9\x87\x91\xE3\x81\xAE\xE5\x85\x8D"
                        "\xE9\x99\xA4\xE7\x94\xB3\xE8\xAB\x8B\xE3\x82\x92\xE3\x81\x97\xE3\x81\x9F"
                        "\xE3\x81\x84\xE3\x81\xAE\xE3\x81\xA7\xE3\x81\x99\xE3\x81\x8C";  // 国民年金の免除申請をしたいのですが
  std::vector<Word> words = a.words(q);
  auto w = texts(words);
  INFO("words: " << joined(w));
  CHECK(w.size() >= 4);
  const std::string kokumin = "\xE5\x9B\xBD\xE6\xB0\x91", nenkin = "\xE5\xB9\xB4\xE9\x87\x91",
                    kokumin_nenkin = kokumin + nenkin, shinsei = "\xE7\x94\xB3\xE8\xAB\x8B",
                    menjo = "\xE5\x85\x8D\xE9\x99\xA4";
  CHECK((contains(w, kokumin) || contains(w, nenkin) || contains(w, kokumin_nenkin)));
  CHECK(contains(w, shinsei));
  CHECK((contains(w, menjo) || contains(w, menjo + shinsei)));
  // Every word is CJK and the words cover the sentence in order.
  std::string all;
  for (const Word& x : words) {
    CHECK(x.cjk);
    all += x.text;
  }
  CHECK(all == q);
  // Particles are stopwords: terms() keeps the content words only.
  auto terms = a.terms(q);
  CHECK(contains(terms, shinsei));
  CHECK_FALSE(contains(terms, "\xE3\x81\xAE"));  // の
  CHECK(terms.size() < w.size());
}

TEST_CASE("ICU segments Chinese and Thai into more than one word") {
  Analyzer zh("zh");
  // 我们在北京学习中文 — "we study Chinese in Beijing"
  auto w = texts(zh.words("\xE6\x88\x91\xE4\xBB\xAC\xE5\x9C\xA8\xE5\x8C\x97\xE4\xBA\xAC\xE5\xAD\xA6"
                          "\xE4\xB9\xA0\xE4\xB8\xAD\xE6\x96\x87"));
  INFO("zh words: " << joined(w));
  CHECK(w.size() > 1);
  CHECK(contains(w, "\xE5\x8C\x97\xE4\xBA\xAC"));  // 北京

  Analyzer th("th");
  // สวัสดีครับ ยินดีต้อนรับ — "hello, welcome"
  auto t = texts(th.words("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5"
                          "\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A"));
  INFO("th words: " << joined(t));
  CHECK(t.size() > 1);
  for (const Word& x : th.words("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5"))
    CHECK(x.cjk);
}

TEST_CASE("English stemming conflates inflections") {
  Analyzer a("en");
  auto stem = [&](const std::string& s) {
    auto words = a.words(s);
    REQUIRE(words.size() == 1);
    return a.stem(words[0]);
  };
  CHECK(stem("treatments") == "treatment");
  CHECK(stem("treated") == "treat");
  CHECK(stem("treating") == "treat");
  CHECK(stem("treats") == "treat");
  // "treatments" and "treated" share the stem "treat" as a prefix; the
  // Porter2 stemmer keeps "-ment" nouns apart from the verb.
  CHECK(stem("treatments").rfind("treat", 0) == 0);
  CHECK(stem("spasms") == stem("spasm"));
  CHECK(stem("Twitching") == stem("twitch"));
  CHECK(a.terms("treated") == a.terms("treating"));
  // CJK words are never stemmed; "none" stems nothing.
  Analyzer plain("");
  auto w = plain.words("treatments");
  REQUIRE(w.size() == 1);
  CHECK(plain.stem(w[0]) == "treatments");
  Analyzer unknown("xx");  // no Snowball stemmer for this code
  CHECK(unknown.terms("treatments") == std::vector<std::string>{"treatments"});
}

TEST_CASE("Japanese okurigana: kanji with or without their kana endings are one term") {
  Analyzer a("ja");
  auto stem = [&](const char* w) { return a.stem(a.word(w)); };
  CHECK(stem("申し込み") == "申込");
  CHECK(stem("申込み") == "申込");
  CHECK(stem("申込") == "申込");
  CHECK(stem("申し込む") == "申込");
  CHECK(stem("手続き") == "手続");
  CHECK(stem("引っ越し") == "引越");
  // Left as they are: one kanji, kana first, kana only, katakana, the
  // iteration mark, Chinese.
  CHECK(stem("出す") == "出す");
  CHECK(stem("お知らせ") == "お知らせ");
  CHECK(stem("ください") == "ください");
  CHECK(stem("センター") == "センター");
  CHECK(stem("人々") == "人々");
  CHECK(stem("图书馆") == "图书馆");
}

TEST_CASE("stopwords are dropped from terms()") {
  Analyzer a("en");
  CHECK(a.terms("what is the").empty());
  CHECK(a.terms("What IS The").empty());
  auto t = a.terms("What is the treatment of a spasm?");
  CHECK(t == std::vector<std::string>{"treatment", "spasm"});
  auto words = a.words("the");
  REQUIRE(words.size() == 1);
  CHECK(a.is_stopword(words[0]));
  words = a.words("spasm");
  REQUIRE(words.size() == 1);
  CHECK_FALSE(a.is_stopword(words[0]));
}

TEST_CASE("punctuation, emoji and right-to-left text never crash") {
  Analyzer a("en");
  CHECK(a.terms("?!?!... --- ((( ))) ;;; :: \"\" ''").empty());
  CHECK(a.words("\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xE2\x9D\xA4\xEF\xB8\x8F").empty());  // 😀👍🏽 ❤️
  auto mixed = texts(a.words("I \xE2\x9D\xA4\xEF\xB8\x8F spasm \xF0\x9F\x98\x80 treatment!"));
  CHECK(contains(mixed, "spasm"));
  CHECK(contains(mixed, "treatment"));

  // Arabic: مرحبا بالعالم ("hello world")
  auto ar = texts(a.words("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9"
                          "\xD8\xA7\xD9\x84\xD9\x85"));
  CHECK(ar.size() == 2);
  CHECK(ar[0] == "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7");
  // Hebrew: שלום עולם ("hello world"), with an RTL mark and an English word
  auto he = texts(a.words("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x80\x8F\xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D"
                          " FAQ"));
  CHECK(he.size() == 3);
  CHECK(contains(he, "faq"));
  for (const Word& w : a.words("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D")) CHECK_FALSE(w.cjk);

  // Invalid UTF-8 and lone control characters do not crash either.
  CHECK_NOTHROW(a.words(std::string("ab\xC3\x28 \xFF\xFE spasm\x01\x02", 16)));
  CHECK(contains(texts(a.words(std::string("\xFF spasm"))), "spasm"));
  CHECK_NOTHROW(a.cjk_bigrams(std::string("\xE5\x9B\xBD\xFF\xE6\xB0\x91")));
  CHECK(a.terms(std::string(5000, '!')).empty());
}

TEST_CASE("valid_utf8 finds the offset of the first bad sequence") {
  using faq::text::valid_utf8;
  size_t off = 12345;
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ascii"));
  CHECK(valid_utf8("caf\xC3\xA9 \xE5\x9B\xBD \xF0\x9F\x98\x80", &off));
  CHECK(off == 12345);  // untouched when valid

  CHECK_FALSE(valid_utf8("abc\xFF" "def", &off));
  CHECK(off == 3);
  CHECK_FALSE(valid_utf8("\x80", &off));  // stray continuation byte
  CHECK(off == 0);
  CHECK_FALSE(valid_utf8("ab\xC3", &off));  // truncated 2-byte sequence at the end
  CHECK(off == 2);
  CHECK_FALSE(valid_utf8("caf\xC3\xA9\xE5\x9B", &off));  // truncated 3-byte
  CHECK(off == 5);
  CHECK_FALSE(valid_utf8("x\xC3\x28", &off));  // bad continuation
  CHECK(off == 1);
  CHECK_FALSE(valid_utf8("\xC0\xAF", &off));  // overlong "/"
  CHECK(off == 0);
  CHECK_FALSE(valid_utf8("ok\xE0\x80\xAF", &off));  // overlong 3-byte
  CHECK(off == 2);
  CHECK_FALSE(valid_utf8("\xED\xA0\x80", &off));  // UTF-16 surrogate D800
  CHECK(off == 0);
  CHECK_FALSE(valid_utf8("abcd\xF4\x90\x80\x80", &off));  // past U+10FFFF
  CHECK(off == 4);
  CHECK_FALSE(valid_utf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
  CHECK(valid_utf8(std::string("a\0b", 3)));          // NUL is valid UTF-8
  CHECK(valid_utf8("\xF4\x8F\xBF\xBF"));              // U+10FFFF itself
}

TEST_CASE("detect_language: by script, and by function words for Latin and Cyrillic text") {
  using faq::text::detect_language;
  CHECK(detect_language("\xE5\x9B\xBD\xE6\xB0\x91\xE5\xB9\xB4\xE9\x87\x91\xE3\x81\xAE"
                        "\xE5\x85\x8D\xE9\x99\xA4\xE7\x94\xB3\xE8\xAB\x8B\xE3\x82\x92") == "ja");
  CHECK(detect_language("\xE6\x88\x91\xE4\xBB\xAC\xE5\x9C\xA8\xE5\x8C\x97\xE4\xBA\xAC") == "zh");
  CHECK(detect_language("\xEC\x95\x88\xEB\x85\x95\xED\x95\x98\xEC\x84\xB8\xEC\x9A\x94") == "ko");
  CHECK(detect_language("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5") == "th");
  CHECK(detect_language("كيف يمكنني تغيير كلمة المرور؟") == "ar");
  CHECK(detect_language("Πώς μπορώ να αλλάξω τον κωδικό μου;") == "el");
  CHECK(detect_language("How do I change my password? Open the settings of your account and choose a new one.") ==
        "en");
  CHECK(detect_language("Wie ändere ich mein Passwort? Öffnen Sie die Kontoeinstellungen und wählen Sie ein "
                        "neues Passwort, das Sie sich merken können.") == "de");
  CHECK(detect_language("Comment changer mon mot de passe ? Ouvrez les paramètres de votre compte et choisissez "
                        "l'option qui vous convient.") == "fr");
  CHECK(detect_language("¿Cómo cambio mi contraseña? Abra la configuración de su cuenta y elija una nueva que "
                        "pueda recordar.") == "es");
  CHECK(detect_language("Come posso cambiare la password? Apri le impostazioni del tuo account e scegli una "
                        "nuova password che sia facile da ricordare.") == "it");
  CHECK(detect_language("Como faço para alterar a minha senha? Abra as configurações da sua conta e escolha uma "
                        "nova senha que você possa lembrar.") == "pt");
  CHECK(detect_language("Hoe verander ik mijn wachtwoord? Open de instellingen van je account en kies een nieuw "
                        "wachtwoord dat je kunt onthouden.") == "nl");
  CHECK(detect_language("Hur byter jag mitt lösenord? Öppna inställningarna för ditt konto och välj ett nytt "
                        "lösenord som du kan komma ihåg.") == "sv");
  CHECK(detect_language("Как изменить пароль? Откройте настройки учётной записи и выберите новый пароль, который "
                        "вы сможете запомнить.") == "ru");
  // Two languages' function words about equally often: no clear one.
  CHECK(detect_language("How do I change my password? Comment changer mon mot de passe ? Open the settings. "
                        "Ouvrez les paramètres.") == "");
  // A language without a list here is not taken for the nearest one by the
  // few words they share (Finnish "kun", "se", "on" are Dutch function words).
  CHECK(detect_language("Miten voin vaihtaa salasanani? Voit vaihtaa salasanan asetuksista. Se on helppoa ja "
                        "nopeaa, kun olet kirjautunut sisään ja avaat tilin sivun.") == "");
  // Too few function words to tell: the caller's default.
  CHECK(detect_language("What causes facial spasm?") == "");
  CHECK(detect_language("") == "");
  CHECK(detect_language("1234 !!") == "");
}

TEST_CASE("language_code keeps a tag's primary subtag, in lower case") {
  using faq::text::language_code;
  CHECK(language_code("en-US") == "en");
  CHECK(language_code("pt_BR") == "pt");
  CHECK(language_code("DE") == "de");
  CHECK(language_code(" fr ") == "fr");
  CHECK(language_code("") == "");
}

TEST_CASE("valid_language_tag: an ISO 639 code, then subtags") {
  using faq::text::valid_language_tag;
  for (const char* ok : {"en", "pt-BR", "zh_Hant", "DE", " fr ", "yue", "vi", "sr-Latn-RS"}) {
    CAPTURE(ok);
    CHECK(valid_language_tag(ok));
  }
  for (const char* bad : {"", " ", "x", "French", "-BR", "en-", "en--US", "e1", "en US", "de-ÄT"}) {
    CAPTURE(bad);
    CHECK_FALSE(valid_language_tag(bad));
  }
}

TEST_CASE("French and Italian words lose an elided article; other languages keep their apostrophes") {
  using faq::text::without_elision;
  CHECK(without_elision("fr", "l'avion") == "avion");
  CHECK(without_elision("fr", "qu\xE2\x80\x99il") == "il");  // typographic apostrophe
  CHECK(without_elision("fr", "aujourd'hui") == "aujourd'hui");  // no elided word before it
  CHECK(without_elision("it", "dell'anno") == "anno");
  CHECK(without_elision("en", "don't") == "don't");
  CHECK(without_elision("fr", "l'") == "l'");
  Analyzer fr("fr");
  CHECK(fr.terms("l'annulation de la commande") == fr.terms("annulation commande"));
  CHECK(fr.terms("l'annulation de la commande").size() == 2);
}

TEST_CASE("stopwords and stems of other languages") {
  Analyzer de("de");
  CHECK(de.terms("Wie ändere ich mein Passwort?") == de.terms("ändern Passwort"));
  Analyzer ru("ru");
  CHECK(ru.terms("Как изменить пароль?") == ru.terms("изменим паролей"));
  Analyzer es("es-ES");
  CHECK(es.lang() == "es");
  CHECK(es.terms("¿Cómo cambio mi contraseña?") == es.terms("cambiar contraseñas"));
}

TEST_CASE("cjk_bigrams pairs neighbouring CJK characters only") {
  Analyzer a("ja");
  // 年金申請 -> 年金, 金申, 申請
  auto b = a.cjk_bigrams("\xE5\xB9\xB4\xE9\x87\x91\xE7\x94\xB3\xE8\xAB\x8B");
  CHECK(b == std::vector<std::string>{"\xE5\xB9\xB4\xE9\x87\x91", "\xE9\x87\x91\xE7\x94\xB3",
                                      "\xE7\x94\xB3\xE8\xAB\x8B"});
  // Runs are broken by non-CJK text: no pair spans "abc".
  auto split = a.cjk_bigrams("\xE5\xB9\xB4\xE9\x87\x91 abc \xE7\x94\xB3\xE8\xAB\x8B");
  CHECK(split == std::vector<std::string>{"\xE5\xB9\xB4\xE9\x87\x91", "\xE7\x94\xB3\xE8\xAB\x8B"});
  CHECK(a.cjk_bigrams("\xE5\xB9\xB4").empty());  // one character: no pair
  CHECK(a.cjk_bigrams("hello world").empty());
  CHECK(a.cjk_bigrams("").empty());
  // Normalized first: half-width katakana ｶﾀ -> カタ
  CHECK(a.cjk_bigrams("\xEF\xBD\xB6\xEF\xBE\x80") == std::vector<std::string>{"\xE3\x82\xAB\xE3\x82\xBF"});
}

TEST_CASE("short hiragana words are Japanese grammar, not content") {
  Analyzer a("ja");
  // ありますか, ですが, ください: pieces of conjugation and auxiliaries.
  for (const char* w : {"\xE3\x81\x82\xE3\x82\x8A\xE3\x81\xBE", "\xE3\x81\x99\xE3\x81\x8B", "\xE3\x81\xA7\xE3\x81\x99\xE3\x81\x8C", "\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84"})
    CHECK(a.is_stopword(a.word(w)));
  // Kanji and katakana words, and longer hiragana words, carry content.
  for (const char* w : {"\xE4\xBD\x8F\xE6\xB0\x91\xE7\xA5\xA8", "\xE3\x82\xBB\xE3\x83\xB3\xE3\x82\xBF\xE3\x83\xBC", "\xE3\x81\x99\xE3\x81\x93\xE3\x82\x84\xE3\x81\x8B\xE3\x81\xAB"})
    CHECK_FALSE(a.is_stopword(a.word(w)));
  // 市役所はありますか: only the noun remains a term.
  CHECK(a.terms("\xE5\xB8\x82\xE5\xBD\xB9\xE6\x89\x80\xE3\x81\xAF\xE3\x81\x82\xE3\x82\x8A\xE3\x81\xBE\xE3\x81\x99\xE3\x81\x8B") == std::vector<std::string>{"\xE5\xB8\x82\xE5\xBD\xB9\xE6\x89\x80"});
  // No pair of two hiragana (ごみは -> ごみ, みは are dropped), pairs with kanji stay.
  CHECK(a.cjk_bigrams("\xE3\x81\x94\xE3\x81\xBF\xE8\xA2\x8B") == std::vector<std::string>{"\xE3\x81\xBF\xE8\xA2\x8B"});
  CHECK(a.cjk_bigrams("\xE3\x81\x94\xE3\x81\xBF\xE3\x81\xAF").empty());
}

TEST_CASE("question intents") {
  CHECK(top("What causes facial spasm?") == "cause");
  CHECK(top("How is it treated?") == "treatment");
  CHECK(top("What are the symptoms of hemifacial spasm") == "symptom");
  CHECK(top("how many people are affected") == "frequency");
  CHECK(top("Why do my eyelids twitch?") == "cause");
  CHECK(top("How is hemifacial spasm diagnosed?") == "diagnosis");
  CHECK(top("What is the outlook for Bell's palsy?") == "outlook");
  CHECK(top("Can it be prevented?") == "prevention");
  const std::string inherited = top("Is it inherited?");
  CHECK((inherited == "genetics" || inherited == "inheritance"));
  CHECK(top("What is hemifacial spasm?") == "definition");
  CHECK(top("How do I apply for a pension exemption") == "howto");
  CHECK(top("") == "");
  CHECK(top("hemifacial spasm") == "");
  Analyzer a("en");
  auto v = faq::text::question_intents(a.words("What causes facial spasm?"));
  CHECK(weight(v, Intent::cause) == doctest::Approx(1.0));
  CHECK(weight(v, Intent::treatment) == doctest::Approx(0.0));
  // Words that only share a prefix with a cue are not cues.
  CHECK(top("Is the testimony significant in general?") == "");
}

TEST_CASE("passage intents") {
  Analyzer a("en");
  using faq::text::top_intent;
  auto heading = a.words("Causes of facial nerve twitching");
  auto lead = a.words("Facial paralysis is a major cause of facial nerve twitching.");
  auto v = passage_intents(heading, lead, false);
  REQUIRE(top_intent(v) != nullptr);
  CHECK(std::string(top_intent(v)) == "cause");

  v = passage_intents(a.words("Treatment of facial nerve convulsions"), {}, false);
  CHECK(std::string(top_intent(v)) == "treatment");

  // Without a question or heading, the answer's lead is weaker evidence.
  v = passage_intents({}, a.words("Treatment is symptomatic and may include drugs."), false);
  CHECK(std::string(top_intent(v)) == "treatment");
  CHECK(weight(v, Intent::treatment) < 1.0f);
  CHECK(weight(v, Intent::treatment) > 0.0f);

  // The lead passage of a document answers "what is X?".
  v = passage_intents({}, a.words("Hemifacial spasm is a neuromuscular disorder."), true);
  CHECK(weight(v, Intent::definition) >= 0.7f);
  v = passage_intents({}, a.words("Hemifacial spasm is a neuromuscular disorder."), false);
  CHECK(weight(v, Intent::definition) == doctest::Approx(0.0));
  CHECK(top_intent(passage_intents({}, {}, false)) == nullptr);
}

TEST_CASE("intent vectors round-trip through their encoding") {
  Analyzer a("en");
  auto v = faq::text::question_intents(a.words("What causes and treats facial spasm? how many"));
  auto d = faq::text::decode_intents(faq::text::encode_intents(v));
  for (int i = 0; i < faq::text::kIntents; ++i) CHECK(d[i] == doctest::Approx(v[i]).epsilon(0.01));
  CHECK(faq::text::encode_intents(v).size() == static_cast<size_t>(faq::text::kIntents));
  auto empty = faq::text::decode_intents("");
  CHECK(faq::text::top_intent(empty) == nullptr);
  CHECK(std::string(faq::text::intent_name(Intent::frequency)) == "frequency");
}
