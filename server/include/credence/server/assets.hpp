// The workspace's web files (web/), compiled into the binary by cmake/embed_web.cmake.
#pragma once
#include <string_view>

namespace credence::server {

struct Asset {
  std::string_view path;          // "/index.html", "/app.js"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
};

// nullptr when there is no such file.
const Asset* find_asset(std::string_view path);

}  // namespace credence::server
