// faq/faq.hpp — the umbrella header of the C++ API.
#ifndef FAQ_FAQ_HPP
#define FAQ_FAQ_HPP

#include "faq/engine.h"
#include "faq/error.h"
#include "faq/index.h"
#include "faq/ingest.h"
#include "faq/passage.h"
#include "faq/version.h"

#endif  // FAQ_FAQ_HPP
