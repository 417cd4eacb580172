// tools/faq/serve_assets.h — the web widget and demo page, compiled into the
// binary (serve_assets.cc is generated from tools/web/ by
// tools/web/embed_assets.cmake), so an installed `faq` needs no asset folder.
#ifndef FAQ_TOOLS_SERVE_ASSETS_H
#define FAQ_TOOLS_SERVE_ASSETS_H

#include <cstddef>
#include <string_view>

namespace faq::serve {

struct Asset {
  const char* path;          // URL path, e.g. "/widget.js"
  const char* content_type;
  const unsigned char* data;
  size_t size;
};

// The asset served at `path` ("/" is the demo page), or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace faq::serve

#endif  // FAQ_TOOLS_SERVE_ASSETS_H
