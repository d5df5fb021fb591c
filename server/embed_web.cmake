# Turns the files of web/ into a C++ source with one byte array each (run by server/CMakeLists.txt
# at build time: cmake -DWEB_DIR=... -DOUTPUT=... -P embed_web.cmake).
file(GLOB_RECURSE web_files RELATIVE "${WEB_DIR}" "${WEB_DIR}/*")
list(SORT web_files)
set(arrays "")
set(entries "")
set(index 0)
foreach(rel ${web_files})
  if(rel MATCHES "(^|/)\\.")
    continue()
  endif()
  file(READ "${WEB_DIR}/${rel}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "alignas(1) const unsigned char k_asset_${index}[] = {${bytes}0x00};\n")
  get_filename_component(ext "${rel}" LAST_EXT)
  set(type "application/octet-stream")
  if(ext STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(ext STREQUAL ".js")
    set(type "text/javascript; charset=utf-8")
  elseif(ext STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(ext STREQUAL ".svg")
    set(type "image/svg+xml")
  elseif(ext STREQUAL ".png")
    set(type "image/png")
  elseif(ext STREQUAL ".json")
    set(type "application/json")
  endif()
  string(APPEND entries "    {\"/${rel}\", \"${type}\", std::string_view(reinterpret_cast<const char*>(k_asset_${index}), ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
set(content "// Generated from web/ by server/embed_web.cmake; do not edit.
#include \"credence/server/assets.hpp\"

#include <array>

namespace credence::server {
namespace {
${arrays}
const Asset k_assets[] = {
${entries}};
}  // namespace

const Asset* find_asset(std::string_view path) {
  for (const auto& asset : k_assets) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace credence::server
")
# Only rewrite when changed, so an unchanged web/ does not recompile.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
