// faq/version.h — the library's version.
#ifndef FAQ_VERSION_H
#define FAQ_VERSION_H

#define FAQ_VERSION_MAJOR 0
#define FAQ_VERSION_MINOR 1
#define FAQ_VERSION_PATCH 0
#define FAQ_VERSION_STRING "0.1.0"

#endif  // FAQ_VERSION_H
