// Structured inputs (HTML, XML/TEI) -> metadata and blocks that segment_blocks() turns into passages.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "credence/annotate/diagnostic.hpp"
#include "credence/annotate/document.hpp"
#include "credence/annotate/segment.hpp"

namespace credence::annotate {

struct ExtractedDocument {
  ArticleMeta meta;                  // whatever the markup states (<title>, meta tags, TEI header)
  std::vector<SourceBlock> blocks;   // in document order
};

struct ExtractResult {
  std::vector<ExtractedDocument> documents;  // HTML gives one; XML may hold several <article>s
  std::vector<Diagnostic> diagnostics;       // errors with line:col; warnings for recovered markup
};

// HTML5 (gumbo). Input is valid UTF-8. Never fails outright: malformed markup is recovered and
// reported as warnings with line:col; a page with no text gives no documents and an error.
ExtractResult extract_html(std::string_view html, const std::string& path);

// XML via pugixml: TEI (<TEI><teiHeader>...<text><body>) and plain article XML (<article> with
// <title>, <source>/<outlet>, <date>, <author>, <url>, <body>/<text> or <p> children; a root
// holding several <article> elements gives several documents). Malformed XML is an error with
// line:col and gives no documents.
ExtractResult extract_xml(std::string_view xml, const std::string& path);

}  // namespace credence::annotate
