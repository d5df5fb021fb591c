// HTML -> metadata and text blocks (gumbo): block elements become blocks, with link counts and the
// nearest semantic container as role cues; recovered markup errors become warnings with line:col.
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "credence/annotate/extract.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

constexpr std::size_t k_max_markup_warnings = 100;
constexpr int k_max_html_depth = 2000;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const char* attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string tag_name(const GumboNode* node) {
  if (node->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(node->v.element.tag);
  GumboStringPiece piece = node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower_ascii(std::string_view(piece.data, piece.length));
}

// line:col (1-based, columns in code points) of byte offsets in one text.
class LineMap {
 public:
  explicit LineMap(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  std::pair<std::size_t, std::size_t> at(std::size_t byte) const {
    byte = std::min(byte, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte);
    const std::size_t line = static_cast<std::size_t>(it - starts_.begin());
    const std::size_t start = starts_[line - 1];
    return {line, code_point_count(text_.substr(start, byte - start)) + 1};
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

enum class Kind { skip, block, inline_, line_break };

Kind kind_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_SOURCE: case GUMBO_TAG_IMG: case GUMBO_TAG_TITLE: case GUMBO_TAG_META:
    case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
      return Kind::skip;
    case GUMBO_TAG_BR: case GUMBO_TAG_HR:
      return Kind::line_break;
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TR: case GUMBO_TAG_PRE: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_TABLE: case GUMBO_TAG_FORM: case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_LABEL:
      return Kind::block;
    default:
      return Kind::inline_;
  }
}

// Containers rank: a comment thread beats page furniture, which beats figures, headers and the
// article itself; among equals the nearest wins.
int container_rank(std::string_view c) {
  if (c == "comments") return 5;
  if (c == "nav" || c == "footer" || c == "aside" || c == "form") return 4;
  if (c == "figure") return 3;
  if (c == "header") return 2;
  if (c == "article" || c == "main") return 1;
  return 0;
}

bool in_list(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The container an element opens: its tag, its ARIA role, or telling class/id names.
std::string container_of(const GumboNode* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV: return "nav";
    case GUMBO_TAG_FOOTER: return "footer";
    case GUMBO_TAG_ASIDE: return "aside";
    case GUMBO_TAG_HEADER: return "header";
    case GUMBO_TAG_FORM: return "form";
    case GUMBO_TAG_FIGURE: return "figure";
    case GUMBO_TAG_ARTICLE: return "article";
    case GUMBO_TAG_MAIN: return "main";
    default: break;
  }
  if (const char* role = attr(node, "role")) {
    const std::string r = lower_ascii(role);
    if (r == "navigation" || r == "menu" || r == "menubar") return "nav";
    if (r == "contentinfo") return "footer";
    if (r == "complementary") return "aside";
    if (r == "banner") return "header";
    if (r == "main") return "main";
    if (r == "article") return "article";
    if (r == "search" || r == "form") return "form";
  }
  std::string names;
  if (const char* id = attr(node, "id")) names += std::string(id) + " ";
  if (const char* cls = attr(node, "class")) names += cls;
  names = lower_ascii(names);
  std::string result;
  std::size_t pos = 0;
  while (pos < names.size()) {
    const std::size_t end = std::min(names.find(' ', pos), names.size());
    const std::string_view name(names.data() + pos, end - pos);
    pos = end + 1;
    if (name.empty()) continue;
    if (in_list(name, {"comments", "comment-list", "commentlist", "comments-area", "comments-section",
                       "comment-section", "comment-thread", "comments-list", "disqus_thread", "respond",
                       "discussion", "wpdiscuz", "reader-comments", "user-comments"})) {
      return "comments";
    }
    // word pieces of the name ("site-nav", "related_posts")
    std::size_t p = 0;
    while (p < name.size()) {
      std::size_t q = p;
      while (q < name.size() && name[q] != '-' && name[q] != '_') ++q;
      const std::string_view piece = name.substr(p, q - p);
      p = q + 1;
      if (in_list(piece, {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs"})) result = "nav";
      else if (piece == "footer" && result.empty()) result = "footer";
      else if (in_list(piece, {"sidebar", "related", "share", "sharing", "social", "newsletter", "subscribe",
                               "promo", "advert", "advertisement", "ads", "widget", "cookie", "cookies", "donate",
                               "donation", "paywall"}) &&
               result.empty()) {
        result = "aside";
      }
    }
  }
  return result;
}

bool byline_marker(const GumboNode* node) {
  if (node->v.element.tag == GUMBO_TAG_ADDRESS || node->v.element.tag == GUMBO_TAG_TIME) return true;
  if (const char* rel = attr(node, "rel"); rel && lower_ascii(rel) == "author") return true;
  if (const char* prop = attr(node, "itemprop")) {
    const std::string p = lower_ascii(prop);
    if (p == "author" || p == "datepublished") return true;
  }
  std::string names;
  if (const char* cls = attr(node, "class")) names += cls;
  names = " " + lower_ascii(names) + " ";
  for (std::string_view w : {" byline ", " author ", " dateline ", " post-author ", " article-author ",
                             " entry-author ", " posted-on ", " entry-date ", " published "}) {
    if (names.find(w) != std::string::npos) return true;
  }
  return false;
}

struct Context {
  std::string container;
  std::string block_tag;
  bool in_link = false;
  bool byline = false;
  bool pre = false;
};

class Walker {
 public:
  explicit Walker(std::vector<SourceBlock>& blocks) : blocks_(blocks) {}

  void walk(const GumboNode* node, const Context& ctx) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
      append_text(node->v.text.text, ctx);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboTag tag = node->v.element.tag;
    const Kind kind = kind_of(tag);
    if (kind == Kind::skip) return;
    if (kind == Kind::line_break) {
      if (!buf_.empty()) buf_ += '\n';
      pending_space_ = false;
      return;
    }
    Context inner = ctx;
    const std::string c = container_of(node);
    if (!c.empty() && container_rank(c) >= container_rank(ctx.container)) inner.container = c;
    if (tag == GUMBO_TAG_A && attr(node, "href")) inner.in_link = true;
    if (byline_marker(node)) inner.byline = true;
    if (tag == GUMBO_TAG_PRE) inner.pre = true;
    if (kind == Kind::block) {
      flush();
      inner.block_tag = tag_name(node);
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned k = 0; k < children.length; ++k) walk(static_cast<const GumboNode*>(children.data[k]), inner);
    if (kind == Kind::block) flush();
  }

  void flush() {
    const std::string_view t = trim(buf_);
    if (!t.empty()) {
      SourceBlock b;
      b.text = to_nfc(t);
      b.tag = buf_tag_;
      b.container = buf_container_;
      b.link_chars = link_cps_;
      if (buf_byline_ && code_point_count(b.text) <= 150) b.forced_role = PassageRole::byline;
      blocks_.push_back(std::move(b));
    }
    buf_.clear();
    link_cps_ = 0;
    pending_space_ = false;
    buf_byline_ = false;
    has_text_ = false;
  }

 private:
  void append_text(const char* text, const Context& ctx) {
    const std::string_view s(text);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char ch = s[i];
      const bool nbsp = ch == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
      const bool ws = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || nbsp;
      if (ctx.pre && ch != '\r') {
        start_if_empty(ctx, ws);
        buf_ += ch;
        continue;
      }
      if (ws) {
        if (nbsp) ++i;
        if (!buf_.empty() && buf_.back() != '\n') pending_space_ = true;
        continue;
      }
      start_if_empty(ctx, false);
      if (pending_space_) {
        buf_ += ' ';
        if (ctx.in_link && last_in_link_) ++link_cps_;  // a space counts only inside one link
        pending_space_ = false;
      }
      buf_ += ch;
      if (ctx.in_link && (static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++link_cps_;
      last_in_link_ = ctx.in_link;
    }
  }

  // The block takes its tag and container from where its first visible character is.
  void start_if_empty(const Context& ctx, bool white_space) {
    if (has_text_) return;
    buf_tag_ = ctx.block_tag;
    buf_container_ = ctx.container;
    buf_byline_ = ctx.byline;
    has_text_ = !white_space;
  }

  std::vector<SourceBlock>& blocks_;
  std::string buf_;
  std::string buf_tag_, buf_container_;
  bool buf_byline_ = false;
  std::size_t link_cps_ = 0;
  bool pending_space_ = false;
  bool last_in_link_ = false;
  bool has_text_ = false;  // buf_ holds a visible character
};

std::string element_text(const GumboNode* node) {
  std::string out;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
    return node->v.text.text;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned k = 0; k < children.length; ++k) out += element_text(static_cast<const GumboNode*>(children.data[k]));
  return out;
}

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') { space = true; continue; }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return to_nfc(out);
}

void read_meta(const GumboNode* node, ArticleMeta& meta, std::string& og_title, std::string& h1) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_HTML) {
    if (const char* lang = attr(node, "lang")) meta.language = lang;
  } else if (tag == GUMBO_TAG_TITLE && meta.title.empty()) {
    meta.title = collapse(element_text(node));
  } else if (tag == GUMBO_TAG_H1 && h1.empty()) {
    h1 = collapse(element_text(node));
  } else if (tag == GUMBO_TAG_META) {
    const char* key = attr(node, "property");
    if (!key) key = attr(node, "name");
    const char* content = attr(node, "content");
    if (key && content) {
      const std::string k = lower_ascii(key);
      const std::string v = collapse(content);
      if (k == "og:title" || k == "twitter:title") { if (og_title.empty()) og_title = v; }
      else if (k == "og:site_name" || k == "application-name") { if (meta.source.empty()) meta.source = v; }
      else if (k == "author" || k == "article:author" || k == "dc.creator" || k == "byl") {
        if (meta.author.empty() && v.find("://") == std::string::npos) meta.author = v;
      } else if (k == "article:published_time" || k == "date" || k == "pubdate" || k == "dc.date" ||
                 k == "dc.date.issued" || k == "publish-date") {
        if (meta.date.empty()) meta.date = v;
      } else if (k == "og:url") {
        if (meta.url.empty()) meta.url = v;
      }
    }
  } else if (tag == GUMBO_TAG_LINK) {
    const char* rel = attr(node, "rel");
    const char* href = attr(node, "href");
    if (rel && href && lower_ascii(rel) == "canonical") meta.url = href;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned k = 0; k < children.length; ++k) {
    read_meta(static_cast<const GumboNode*>(children.data[k]), meta, og_title, h1);
  }
}

bool optional_end_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_RT: case GUMBO_TAG_RP:
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION:
    // void elements have no end tag at all
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR:
      return true;
    default:
      return false;
  }
}

// Markup problems the parser recovered from: unclosed elements, misnested formatting, stray end tags.
struct MarkupCheck {
  std::set<std::size_t> used_end_tags;                         // byte offsets of end tags the tree consumed
  std::vector<std::pair<std::size_t, std::size_t>> raw_ranges;  // comments and raw text: not markup
  std::vector<std::pair<std::size_t, std::string>> problems;    // byte offset, message
  // elements whose end tag the tree did not record (name, start offset): gumbo closes some of them
  // (e.g. <form>) without keeping the end tag, which must not then count as stray
  std::vector<std::pair<std::string, std::size_t>> open_without_end_tag;

  void visit(const GumboNode* node) {
    if (node->type == GUMBO_NODE_COMMENT || node->type == GUMBO_NODE_CDATA ||
        (node->type == GUMBO_NODE_TEXT && node->parent && node->parent->type == GUMBO_NODE_ELEMENT &&
         kind_of(node->parent->v.element.tag) == Kind::skip)) {
      const auto& t = node->v.text;
      raw_ranges.emplace_back(t.start_pos.offset, t.start_pos.offset + t.original_text.length);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& el = node->v.element;
    if (el.original_end_tag.length > 0) used_end_tags.insert(el.end_pos.offset);
    const bool from_source = el.original_tag.length > 0 && !(node->parse_flags & GUMBO_INSERTION_BY_PARSER);
    if (from_source && (node->parse_flags & GUMBO_INSERTION_IMPLICIT_END_TAG) && !optional_end_tag(el.tag) &&
        el.original_end_tag.length == 0) {
      const bool void_like = el.original_tag.length >= 2 && el.original_tag.data[el.original_tag.length - 2] == '/';
      if (!void_like) problems.emplace_back(el.start_pos.offset, "unclosed <" + tag_name(node) + "> (closed by the parser)");
    }
    // formatting elements closed out of order ("<b><i></b></i>") are cloned by the parser
    if (node->parse_flags & GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT) {
      problems.emplace_back(el.start_pos.offset, "misnested <" + tag_name(node) + ">");
    }
    if (!(node->parse_flags & GUMBO_INSERTION_BY_PARSER) && el.original_end_tag.length == 0) {
      open_without_end_tag.emplace_back(tag_name(node), el.start_pos.offset);
    }
    for (unsigned k = 0; k < el.children.length; ++k) visit(static_cast<const GumboNode*>(el.children.data[k]));
  }

  void find_stray_end_tags(std::string_view html) {
    std::sort(raw_ranges.begin(), raw_ranges.end());
    std::size_t pos = 0;
    while ((pos = html.find("</", pos)) != std::string_view::npos) {
      const std::size_t at = pos;
      pos += 2;
      if (pos >= html.size() || !((html[pos] >= 'a' && html[pos] <= 'z') || (html[pos] >= 'A' && html[pos] <= 'Z'))) {
        continue;
      }
      const bool raw = std::any_of(raw_ranges.begin(), raw_ranges.end(),
                                   [&](const auto& r) { return at >= r.first && at < r.second; });
      if (raw || used_end_tags.count(at)) continue;
      std::size_t end = pos;
      while (end < html.size() && (std::isalnum(static_cast<unsigned char>(html[end])) || html[end] == '-')) ++end;
      const std::string name = lower_ascii(html.substr(pos, end - pos));
      // end tags the HTML grammar swallows without complaint
      if (name == "html" || name == "body" || name == "head" || name == "p" || name == "li" || name == "td" ||
          name == "tr" || name == "th" || name == "tbody" || name == "thead" || name == "option") {
        // still stray when nothing of that name is open; gumbo converts "</p>" into an empty <p>, so
        // those are reported through used_end_tags: only "</p>" can be stray here
        if (name != "p") continue;
      }
      const bool explained = std::any_of(open_without_end_tag.begin(), open_without_end_tag.end(),
                                         [&](const auto& e) { return e.first == name && e.second < at; });
      if (!explained) problems.emplace_back(at, "stray end tag </" + name + ">");
    }
  }
};

// Byte offset where elements nest deeper than `limit`, estimated from the tags (void elements,
// self-closing tags and elements whose end tag may be omitted do not count), or nullopt. Gumbo takes
// time quadratic in the nesting depth and the extractor walks the tree recursively, so such input is
// refused before parsing.
std::optional<std::size_t> too_deep(std::string_view html, int limit) {
  int depth = 0;
  for (std::size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 2;
      continue;
    }
    const bool closing = html[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    if (j == name_start) continue;
    GumboStringPiece piece{html.data() + name_start, j - name_start};
    const GumboTag tag = gumbo_tagn_enum(piece.data, static_cast<unsigned>(piece.length));
    if (tag != GUMBO_TAG_UNKNOWN && optional_end_tag(tag)) continue;
    if (closing) {
      depth = std::max(0, depth - 1);
      continue;
    }
    const std::size_t gt = html.substr(0, std::min(html.size(), j + 4096)).find('>', j);  // bounded: stays linear
    if (gt != std::string_view::npos && html[gt - 1] == '/') continue;
    if (++depth > limit) return i;
  }
  return std::nullopt;
}

}  // namespace

ExtractResult extract_html(std::string_view html, const std::string& path) {
  ExtractResult result;
  if (const auto deep = too_deep(html, k_max_html_depth)) {
    const auto [line, col] = LineMap(html).at(*deep);
    result.diagnostics.push_back(error_at(path, line, col, "HTML nested deeper than " + std::to_string(k_max_html_depth) +
                                                               " elements; not read"));
    return result;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.tab_stop = 1;
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) {
    result.diagnostics.push_back(error_in(path, "HTML parser failed"));
    return result;
  }

  MarkupCheck check;
  check.visit(output->root);
  check.find_stray_end_tags(html);
  std::sort(check.problems.begin(), check.problems.end());
  const LineMap lines(html);
  std::size_t reported = 0;
  for (const auto& [offset, message] : check.problems) {
    if (reported == k_max_markup_warnings) {
      Diagnostic d = error_in(path, std::to_string(check.problems.size() - reported) + " further markup problems not shown");
      d.severity = Severity::warning;
      result.diagnostics.push_back(std::move(d));
      break;
    }
    const auto [line, col] = lines.at(offset);
    Diagnostic d = error_at(path, line, col, message);
    d.severity = Severity::warning;
    result.diagnostics.push_back(std::move(d));
    ++reported;
  }

  ExtractedDocument doc;
  std::string og_title, h1;
  read_meta(output->root, doc.meta, og_title, h1);
  if (!og_title.empty()) doc.meta.title = og_title;
  if (doc.meta.title.empty()) doc.meta.title = h1;

  Walker walker(doc.blocks);
  walker.walk(output->root, Context{});
  walker.flush();
  if (doc.blocks.empty()) {
    result.diagnostics.push_back(error_in(path, "no text in HTML document"));
    return result;
  }
  result.documents.push_back(std::move(doc));
  return result;
}

}  // namespace credence::annotate
