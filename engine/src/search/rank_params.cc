#include "faq/engine.h"

namespace faq {

bool RankParams::set(const std::string& name, double value) {
  if (name == "k1") k1 = value;
  else if (name == "candidates") candidates = static_cast<int>(value);
  else if (name == "candidates_per_term") candidates_per_term = static_cast<int>(value);
  else if (name == "w_bm25") w_bm25 = value;
  else if (name == "w_title_cov") w_title_cov = value;
  else if (name == "w_title_prec") w_title_prec = value;
  else if (name == "w_question_cov") w_question_cov = value;
  else if (name == "w_question_prec") w_question_prec = value;
  else if (name == "w_intent") w_intent = value;
  else if (name == "w_short") w_short = value;
  else if (name == "w_doc") w_doc = value;
  else if (name == "w_coverage") w_coverage = value;
  else if (name == "w_bigram") w_bigram = value;
  else if (name == "w_topic") w_topic = value;
  else if (name == "w_other_intent") w_other_intent = value;
  else if (name == "common_share") common_share = value;
  else if (name == "spelling") spelling = value != 0;
  else if (name == "compounds") compounds = value != 0;
  else return false;
  return true;
}

}  // namespace faq
