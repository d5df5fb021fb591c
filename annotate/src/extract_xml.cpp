// XML -> metadata and text blocks (pugixml): TEI documents (teiHeader + text/front/body/back) and plain
// article XML (<article> with <title>, <author>, ..., <body>); malformed XML is an error with line:col.
#include <pugixml.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "credence/annotate/extract.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

constexpr int k_max_xml_depth = 2000;

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

pugi::xml_node child_named(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

// First descendant (depth first) with the local name.
pugi::xml_node descendant_named(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == name) return c;
    if (pugi::xml_node d = descendant_named(c, name)) return d;
  }
  return {};
}

void raw_text(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    else if (c.type() == pugi::node_element) raw_text(c, out);
  }
}

std::string collapsed_text(const pugi::xml_node& node) {
  std::string raw;
  raw_text(node, raw);
  std::string out;
  bool space = false;
  for (char c : trim(raw)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return to_nfc(out);
}

std::string attr_or(const pugi::xml_node& node, const char* name) {
  const pugi::xml_attribute a = node.attribute(name);
  return a ? std::string(a.value()) : std::string();
}

enum class Kind { skip, block, inline_, line_break };

struct ElementInfo {
  Kind kind = Kind::inline_;
  std::string tag;                       // SourceBlock::tag
  std::optional<PassageRole> forced;
  std::string container;
  bool link = false;
};

ElementInfo describe(const pugi::xml_node& node, const std::string& container) {
  const std::string name = lower_ascii(local_name(node));
  ElementInfo info;
  auto block = [&](std::string tag, std::optional<PassageRole> forced = std::nullopt) {
    info.kind = Kind::block;
    info.tag = std::move(tag);
    info.forced = forced;
  };
  if (name == "teiheader" || name == "fw" || name == "pb" || name == "milestone" || name == "graphic" ||
      name == "media" || name == "script" || name == "style" || name == "meta") {
    info.kind = Kind::skip;
  } else if (name == "lb" || name == "br") {
    info.kind = Kind::line_break;
  } else if (name == "p" || name == "ab" || name == "para" || name == "paragraph" || name == "l") {
    block("p");
  } else if (name == "head") {
    block("h2", container == "figure" ? PassageRole::caption : PassageRole::heading);
  } else if (name == "h1" || name == "h2" || name == "h3" || name == "h4" || name == "h5" || name == "h6") {
    block(name);
  } else if (name == "item" || name == "li") {
    block("li");
  } else if (name == "doctitle" || name == "titlepart") {
    block("h1", PassageRole::title);
  } else if (name == "byline" || name == "docauthor" || name == "docdate" || name == "dateline" ||
             name == "signed") {
    block("p", PassageRole::byline);
  } else if (name == "figdesc" || name == "caption" || name == "figcaption") {
    block("figcaption", PassageRole::caption);
  } else if (name == "note") {
    block("note", PassageRole::boilerplate);
  } else if (name == "cell") {
    block("td");
  } else if (name == "div" || name == "body" || name == "front" || name == "back" || name == "list" ||
             name == "figure" || name == "table" || name == "row" || name == "text" || name == "section" ||
             name == "cit" || name == "closer" || name == "opener" || name == "lg" || name == "sp" ||
             name == "content" || name == "article") {
    block(name);
  }
  if (name == "figure") info.container = "figure";
  if (name == "body") info.container = "article";
  if (name == "back") info.container = "footer";
  if (name == "front") info.container = "header";
  if (name == "div" || name == "section") {
    const std::string type = lower_ascii(attr_or(node, "type"));
    if (type == "comments" || type == "comment" || type == "discussion") info.container = "comments";
  }
  if ((name == "ref" || name == "ptr" || name == "a" || name == "link") &&
      (node.attribute("target") || node.attribute("href"))) {
    info.link = true;
  }
  return info;
}

int container_rank(std::string_view c) {
  if (c == "comments") return 5;
  if (c == "footer") return 4;
  if (c == "figure") return 3;
  if (c == "header") return 2;
  return c.empty() ? 0 : 1;
}

// Mixed content -> blocks, white space collapsed; block elements cut blocks.
class Walker {
 public:
  explicit Walker(std::vector<SourceBlock>& blocks) : blocks_(blocks) {}

  void walk(const pugi::xml_node& node, const std::string& container, bool in_link, const ElementInfo& block) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        append(c.value(), container, in_link, block);
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      ElementInfo info = describe(c, container);
      if (info.kind == Kind::skip) continue;
      if (info.kind == Kind::line_break) {
        if (!buf_.empty()) buf_ += '\n';
        pending_space_ = false;
        continue;
      }
      std::string inner_container = container;
      if (!info.container.empty() && container_rank(info.container) >= container_rank(container)) {
        inner_container = info.container;
      }
      if (info.forced == PassageRole::boilerplate) {
        // notes interrupt running text; they are kept as boilerplate blocks after the text
        Walker note_walker(notes_);
        note_walker.walk(c, inner_container, in_link || info.link, info);
        note_walker.flush();
        continue;
      }
      if (info.kind == Kind::block) {
        flush();
        walk(c, inner_container, in_link || info.link, info);
        flush();
      } else {
        walk(c, inner_container, in_link || info.link, block);
      }
    }
  }

  // Appends the notes met so far after the blocks (call once, at the end).
  void finish() {
    flush();
    for (auto& b : notes_) blocks_.push_back(std::move(b));
    notes_.clear();
  }

  void flush() {
    const std::string_view t = trim(buf_);
    if (!t.empty()) {
      SourceBlock b;
      b.text = to_nfc(t);
      b.tag = tag_;
      b.container = container_;
      b.forced_role = forced_;
      b.link_chars = link_cps_;
      blocks_.push_back(std::move(b));
    }
    buf_.clear();
    link_cps_ = 0;
    pending_space_ = false;
    has_text_ = false;
  }

 private:
  void append(std::string_view s, const std::string& container, bool in_link, const ElementInfo& block) {
    for (char ch : s) {
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        if (!buf_.empty() && buf_.back() != '\n') pending_space_ = true;
        continue;
      }
      if (!has_text_) {  // the block takes its role cues from where its first character is
        tag_ = block.tag;
        container_ = container;
        forced_ = block.forced;
        has_text_ = true;
      }
      if (pending_space_) {
        buf_ += ' ';
        if (in_link && last_in_link_) ++link_cps_;  // a space counts only inside one link
        pending_space_ = false;
      }
      buf_ += ch;
      if (in_link && (static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++link_cps_;
      last_in_link_ = in_link;
    }
  }

  std::vector<SourceBlock>& blocks_;
  std::vector<SourceBlock> notes_;
  std::string buf_, tag_, container_;
  std::optional<PassageRole> forced_;
  std::size_t link_cps_ = 0;
  bool pending_space_ = false;
  bool last_in_link_ = false;
  bool has_text_ = false;
};

ExtractedDocument read_tei(const pugi::xml_node& tei) {
  ExtractedDocument doc;
  doc.meta.external_id = attr_or(tei, "xml:id");
  doc.meta.language = attr_or(tei, "xml:lang");
  const pugi::xml_node header = child_named(tei, "teiHeader");
  const pugi::xml_node file_desc = child_named(header, "fileDesc");
  const pugi::xml_node title_stmt = child_named(file_desc, "titleStmt");
  for (pugi::xml_node t = title_stmt.first_child(); t; t = t.next_sibling()) {
    if (local_name(t) != "title") continue;
    if (doc.meta.title.empty() || attr_or(t, "type") == "main") doc.meta.title = collapsed_text(t);
  }
  if (pugi::xml_node author = child_named(title_stmt, "author")) doc.meta.author = collapsed_text(author);
  const pugi::xml_node pub = child_named(file_desc, "publicationStmt");
  const pugi::xml_node source_desc = child_named(file_desc, "sourceDesc");
  pugi::xml_node date = descendant_named(source_desc, "date");
  if (!date) date = child_named(pub, "date");
  if (date) doc.meta.date = attr_or(date, "when").empty() ? collapsed_text(date) : attr_or(date, "when");
  pugi::xml_node publisher = descendant_named(source_desc, "publisher");
  if (!publisher) publisher = child_named(pub, "publisher");
  if (publisher) doc.meta.source = collapsed_text(publisher);
  if (doc.meta.author.empty()) {
    if (pugi::xml_node a = descendant_named(source_desc, "author")) doc.meta.author = collapsed_text(a);
  }
  for (pugi::xml_node scope : {source_desc, pub}) {
    if (!doc.meta.url.empty()) break;
    if (pugi::xml_node ptr = descendant_named(scope, "ptr"); ptr && ptr.attribute("target")) {
      doc.meta.url = attr_or(ptr, "target");
    } else if (pugi::xml_node idno = descendant_named(scope, "idno");
               idno && lower_ascii(attr_or(idno, "type")) == "url") {
      doc.meta.url = collapsed_text(idno);
    }
  }
  const pugi::xml_node text = child_named(tei, "text");
  if (doc.meta.language.empty()) doc.meta.language = attr_or(text, "xml:lang");
  Walker walker(doc.blocks);
  ElementInfo top;
  top.kind = Kind::block;
  top.tag = "p";
  walker.walk(text, "", false, top);
  walker.finish();
  return doc;
}

ExtractedDocument read_article(const pugi::xml_node& article) {
  ExtractedDocument doc;
  doc.meta.external_id = attr_or(article, "id");
  doc.meta.language = attr_or(article, "xml:lang");
  if (doc.meta.language.empty()) doc.meta.language = attr_or(article, "lang");
  pugi::xml_node body;
  std::vector<pugi::xml_node> loose_paragraphs;
  for (pugi::xml_node c = article.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = lower_ascii(local_name(c));
    auto set = [&](std::string& field) {
      if (field.empty()) field = collapsed_text(c);
    };
    if (name == "title" || name == "headline") set(doc.meta.title);
    else if (name == "source" || name == "outlet" || name == "publisher" || name == "site") set(doc.meta.source);
    else if (name == "date" || name == "published" || name == "pubdate") {
      if (doc.meta.date.empty()) doc.meta.date = attr_or(c, "when").empty() ? collapsed_text(c) : attr_or(c, "when");
    } else if (name == "author" || name == "byline" || name == "creator") set(doc.meta.author);
    else if (name == "url" || name == "link") {
      if (doc.meta.url.empty()) doc.meta.url = attr_or(c, "href").empty() ? collapsed_text(c) : attr_or(c, "href");
    } else if (name == "language" || name == "lang") set(doc.meta.language);
    else if (name == "id") set(doc.meta.external_id);
    else if ((name == "body" || name == "text" || name == "content") && !body) body = c;
    else if (name == "p" || name == "para" || name == "paragraph" || name == "h2" || name == "h3") {
      loose_paragraphs.push_back(c);
    }
  }
  ElementInfo top;
  top.kind = Kind::block;
  top.tag = "p";
  if (body) {
    bool has_elements = false;
    for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && describe(c, "").kind == Kind::block) has_elements = true;
    }
    if (has_elements) {
      Walker walker(doc.blocks);
      walker.walk(body, "article", false, top);
      walker.finish();
    } else {
      // plain text body: keep its line structure; segment_blocks cuts it at blank lines
      std::string raw;
      raw_text(body, raw);
      SourceBlock b;
      b.text = normalize_text(trim(raw));
      b.tag = "p";
      b.container = "article";
      if (!trim(b.text).empty()) doc.blocks.push_back(std::move(b));
    }
  } else {
    Walker walker(doc.blocks);
    for (const pugi::xml_node& p : loose_paragraphs) {
      ElementInfo info = describe(p, "");
      walker.flush();
      walker.walk(p, "article", false, info);
      walker.flush();
    }
    walker.finish();
  }
  return doc;
}

void collect_articles(const pugi::xml_node& node, std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (lower_ascii(local_name(c)) == "article") out.push_back(c);
    else collect_articles(c, out);
  }
}

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, code_point_count(text.substr(line_start, byte - line_start)) + 1};
}

}  // namespace

ExtractResult extract_xml(std::string_view xml, const std::string& path) {
  ExtractResult result;
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!parsed) {
    const auto [line, col] = line_column(xml, static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)));
    result.diagnostics.push_back(error_at(path, line, col, std::string("malformed XML: ") + parsed.description()));
    return result;
  }
  // The extractor walks the tree recursively: refuse absurd nesting instead of overflowing the stack.
  struct DepthProbe : pugi::xml_tree_walker {
    int max_depth = 0;
    pugi::xml_node deepest;
    bool for_each(pugi::xml_node& node) override {
      if (depth() > max_depth) {
        max_depth = depth();
        deepest = node;
      }
      return max_depth <= k_max_xml_depth;
    }
  } probe;
  doc.traverse(probe);
  if (probe.max_depth > k_max_xml_depth) {
    const auto [line, col] = line_column(xml, static_cast<std::size_t>(std::max<std::ptrdiff_t>(probe.deepest.offset_debug(), 0)));
    result.diagnostics.push_back(error_at(path, line, col, "XML nested deeper than " + std::to_string(k_max_xml_depth) +
                                                               " elements; not read"));
    return result;
  }
  const pugi::xml_node root = doc.document_element();
  const std::string root_name = lower_ascii(local_name(root));
  std::vector<pugi::xml_node> teis;
  if (root_name == "tei") teis.push_back(root);
  else if (root_name == "teicorpus") {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && lower_ascii(local_name(c)) == "tei") teis.push_back(c);
    }
  }
  std::vector<pugi::xml_node> articles;
  if (teis.empty()) {
    if (root_name == "article") articles.push_back(root);
    else collect_articles(root, articles);
  }
  if (teis.empty() && articles.empty()) {
    const auto [line, col] = line_column(xml, static_cast<std::size_t>(root.offset_debug() > 0 ? root.offset_debug() : 0));
    result.diagnostics.push_back(
        error_at(path, line, col, "no TEI document or <article> element (root element is <" + std::string(root.name()) + ">)"));
    return result;
  }
  std::size_t position = 0;
  auto add = [&](ExtractedDocument d, const pugi::xml_node& node) {
    ++position;
    if (d.blocks.empty()) {
      const auto [line, col] = line_column(xml, static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 0)));
      result.diagnostics.push_back(error_at(path, line, col, "document " + std::to_string(position) + " has no text"));
      return;
    }
    result.documents.push_back(std::move(d));
  };
  for (const auto& tei : teis) add(read_tei(tei), tei);
  for (const auto& article : articles) add(read_article(article), article);
  return result;
}

}  // namespace credence::annotate
