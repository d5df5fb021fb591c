// WebAnno TSV 3.x: reader of INCEpTION's per-annotator TSV exports (span layers, stacked and
// multi-token annotations, sub-tokens) and a writer whose tokens are cut at every label boundary.
#include "credence/annotate/format_webanno_tsv.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_layer = "webanno.custom.Credence";

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[++i];
      if (next == 't') out.push_back('\t');
      else if (next == 'n') out.push_back('\n');
      else if (next == 'r') out.push_back('\r');
      else out.push_back(next);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' || c == '[' || c == ']' || c == '|' || c == '_' || c == ';' || c == '*' ||
        (c == '-' && i + 1 < s.size() && s[i + 1] == '>')) {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Splits on `sep` outside backslash escapes.
std::vector<std::string_view> split_unescaped(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

bool is_linguistic_layer(const std::string& type) {
  return type.find(".segmentation.") != std::string::npos || type.find(".lexmorph.") != std::string::npos ||
         type.find(".syntax.") != std::string::npos;
}

std::string short_name(const std::string& type) {
  auto dot = type.rfind('.');
  return dot == std::string::npos ? type : type.substr(dot + 1);
}

struct Layer {
  std::string type;
  std::vector<std::string> features;
  std::size_t first_column = 0;  // index into the annotation columns (after the token text)
  std::size_t columns = 0;
  bool span = false;
  std::optional<std::size_t> label_feature;  // which of `features` holds the label
};

std::string document_id_of(const fs::path& path, const ReadOptions& options) {
  if (!options.annotator.empty() || !path.has_parent_path()) return path.stem().string();
  fs::path folder = path.parent_path().filename();
  const std::string ext = folder.extension().string();
  if (ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".xml" || ext == ".tsv" || ext == ".xmi") return folder.stem().string();
  return folder.string();
}

std::string annotator_of(const fs::path& path, const ReadOptions& options) {
  if (!options.annotator.empty()) return options.annotator;
  const std::string stem = path.stem().string();
  if (stem == "CURATION_USER") return "adjudicated";  // INCEpTION's curated result
  return stem;
}

void read_tsv(const fs::path& path, const ReadOptions& options, const LabelMap* map, const DocumentSink& sink,
              const DiagnosticSink& diagnostics) {
  const std::string file = path.string();
  if (path.stem() == "INITIAL_CAS") return;  // INCEpTION's unannotated copy
  auto content = read_whole_file(path, diagnostics);
  if (!content) return;
  if (auto bad = find_invalid_utf8(*content)) {
    diagnostics(error_at_byte(file, *bad, "invalid UTF-8 (mixed encodings?); INCEpTION writes UTF-8, was the file re-saved?"));
    return;
  }
  std::string_view text = *content;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);

  ForeignDocument doc;
  doc.id = document_id_of(path, options);
  doc.annotator = annotator_of(path, options);
  doc.unit = OffsetUnit::utf16;
  doc.text_is_reconstructed = true;
  doc.where = Location{file, 0, 0, std::nullopt, ""};

  std::vector<Layer> layers;
  std::size_t n_columns = 0;
  bool header_seen = false;
  std::string rebuilt;           // the text, rebuilt from sentences at their offsets
  std::size_t rebuilt_units = 0; // its length in UTF-16 units
  std::vector<std::string> pending_text;
  std::optional<std::size_t> sentence_line;
  // Multi-token annotations: (layer, id) -> label index.
  std::map<std::pair<std::size_t, std::string>, std::size_t> open_spans;

  auto place_sentence = [&](std::size_t begin) {
    if (pending_text.empty()) return;
    std::string sentence;
    for (std::size_t i = 0; i < pending_text.size(); ++i) sentence += (i ? "\n" : "") + pending_text[i];
    pending_text.clear();
    if (begin >= rebuilt_units) {
      // Gaps between sentences are not in the file: a line break stands for them.
      if (begin > rebuilt_units) {
        rebuilt.push_back('\n');
        rebuilt.append(begin - rebuilt_units - 1, ' ');
      }
      rebuilt += sentence;
      rebuilt_units = begin + UnitConverter(sentence, OffsetUnit::utf16).to_unit(code_point_count(sentence));
    }
  };

  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto bad = [&](std::size_t col, const std::string& message) { diagnostics(error_at(file, line_no, col, message)); };
    if (!header_seen) {
      if (trim(line).empty()) continue;
      if (line.rfind("#FORMAT=WebAnno TSV 3", 0) != 0) {
        bad(1, "missing header '#FORMAT=WebAnno TSV 3.x' (is this INCEpTION's \"WebAnno TSV v3\" export?); file skipped");
        return;
      }
      header_seen = true;
      continue;
    }
    if (line.rfind("#T_SP=", 0) == 0 || line.rfind("#T_CH=", 0) == 0 || line.rfind("#T_RL=", 0) == 0) {
      const auto parts = split_unescaped(line.substr(6), '|');
      Layer layer;
      layer.type = std::string(parts[0]);
      for (std::size_t i = 1; i < parts.size(); ++i) layer.features.emplace_back(parts[i]);
      layer.span = line[3] == 'S';
      layer.columns = layer.span ? std::max<std::size_t>(1, layer.features.size()) : layer.features.size();
      layer.first_column = n_columns;
      n_columns += layer.columns;
      if (layer.span && !is_linguistic_layer(layer.type) && !layer.features.empty()) {
        std::optional<std::string> wanted;
        if (map != nullptr) {
          if (auto it = map->features.find(layer.type); it != map->features.end()) wanted = it->second;
        }
        for (std::size_t f = 0; f < layer.features.size(); ++f) {
          const auto& name = layer.features[f];
          if (wanted ? name == *wanted : (name == "label" || name == "value" || name == "category")) layer.label_feature = f;
        }
        if (!layer.label_feature && !wanted) layer.label_feature = 0;
        if (!layer.label_feature) bad(7, "layer " + layer.type + " has no feature '" + *wanted + "' (named by @feature in the map)");
      }
      layers.push_back(std::move(layer));
      continue;
    }
    if (line.rfind("#Text=", 0) == 0) {
      pending_text.push_back(unescape(line.substr(6)));
      sentence_line = line_no;
      continue;
    }
    if (trim(line).empty() || line[0] == '#') continue;
    // A token line: SENT-TOK <TAB> BEGIN-END <TAB> TOKEN <TAB> columns...
    auto fields = split_unescaped(line, '\t');
    if (fields.size() > 3 + n_columns && fields.back().empty()) fields.pop_back();  // INCEpTION's trailing tab
    if (fields.size() < 3) {
      bad(1, "expected SENTENCE-TOKEN<TAB>BEGIN-END<TAB>TOKEN and " + std::to_string(n_columns) + " annotation columns");
      continue;
    }
    if (fields.size() != 3 + n_columns) {
      bad(1, "token line has " + std::to_string(fields.size() - 3) + " annotation columns, the header declares " +
                 std::to_string(n_columns));
      continue;
    }
    const auto dash = fields[1].find('-');
    std::size_t begin = 0, end = 0;
    bool ok = dash != std::string_view::npos;
    try {
      if (ok) {
        std::size_t used = 0;
        begin = std::stoul(std::string(fields[1].substr(0, dash)), &used);
        ok = used == dash;
        end = std::stoul(std::string(fields[1].substr(dash + 1)), &used);
        ok = ok && used == fields[1].size() - dash - 1;
      }
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok || begin > end) {
      bad(fields[0].size() + 2, "bad offsets '" + std::string(fields[1]) + "'; expected BEGIN-END in UTF-16 units");
      continue;
    }
    const bool sub_token = fields[0].find('.') != std::string_view::npos;
    if (!sub_token) {
      place_sentence(begin);
      doc.anchors.push_back(TextAnchor{begin, end, unescape(fields[2]), Location{file, line_no, 1, std::nullopt, ""}});
    }
    for (std::size_t layer_idx = 0; layer_idx < layers.size(); ++layer_idx) {
      const Layer& layer = layers[layer_idx];
      if (!layer.label_feature) continue;
      const std::string_view cell = fields[3 + layer.first_column + *layer.label_feature];
      if (cell == "_") continue;
      for (auto part : split_unescaped(cell, '|')) {
        std::string id;
        if (!part.empty() && part.back() == ']') {
          auto open = part.rfind('[');
          if (open != std::string_view::npos && (open == 0 || part[open - 1] != '\\')) {
            id = std::string(part.substr(open + 1, part.size() - open - 2));
            part = part.substr(0, open);
          }
        }
        std::string name = unescape(part);
        if (name.empty() || name == "*" || part == "*") name = short_name(layer.type);
        if (!id.empty() && id != "0") {
          auto key = std::make_pair(layer_idx, id);
          if (auto it = open_spans.find(key); it != open_spans.end()) {
            auto& label = doc.labels[it->second];
            label.start = std::min(label.start, begin);
            label.end = std::max(label.end, end);
            continue;
          }
          open_spans[key] = doc.labels.size();
        }
        ForeignLabel label;
        label.name = std::move(name);
        label.has_span = true;
        label.start = begin;
        label.end = end;
        label.where = Location{file, line_no, 1, std::nullopt, ""};
        doc.labels.push_back(std::move(label));
      }
    }
  }
  if (!header_seen) {
    diagnostics(error_in(file, "empty file; expected '#FORMAT=WebAnno TSV 3.x'"));
    return;
  }
  if (!pending_text.empty()) place_sentence(rebuilt_units + (rebuilt_units ? 1 : 0));
  (void)sentence_line;
  doc.text = std::move(rebuilt);
  sink(std::move(doc));
}

class WebannoTsvWriter : public LabelWriter {
 public:
  WebannoTsvWriter(const fs::path& out, const DiagnosticSink& diagnostics) : out_(out), diagnostics_(diagnostics) {
    create_output_folder(out_);
  }

  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    const auto by_annotator = labels_by_annotator(labels);
    if (by_annotator.empty()) return;
    const std::u32string cps = to_u32(article.text);
    const UnitConverter utf16(article.text, OffsetUnit::utf16);
    // Sentences: the segmenter's, or whole passages without sentences.
    std::vector<std::pair<std::size_t, std::size_t>> sentences;
    for (const auto& p : article.passages) {
      if (p.sentences.empty()) sentences.emplace_back(p.start, p.end);
      for (const auto& s : p.sentences) sentences.emplace_back(s.start, s.end);
    }
    std::sort(sentences.begin(), sentences.end());
    if (sentences.empty()) sentences.emplace_back(0, cps.size());
    const fs::path folder = out_ / safe_file_name(article.meta.external_id);
    bool folder_made = false;
    for (const auto& [annotator, indices] : by_annotator) {
      // Code-point ranges of the labels.
      std::vector<std::pair<std::size_t, std::size_t>> ranges;
      for (auto label_idx : indices) {
        const auto& a = labels[label_idx];
        if (a.unit == UnitKind::span && a.start && a.end) ranges.emplace_back(*a.start, *a.end);
        else if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size())
          ranges.emplace_back(article.passages[static_cast<std::size_t>(*a.passage_index)].start,
                              article.passages[static_cast<std::size_t>(*a.passage_index)].end);
        else ranges.emplace_back(sentences.front().first, sentences.back().second);  // article label: the whole text
      }
      // Label boundaries by code point (a lookup per code point below: a flag, not a tree).
      std::vector<bool> is_cut(cps.size() + 1, false);
      for (const auto& [s, e] : ranges) {
        if (s < is_cut.size()) is_cut[s] = true;
        if (e < is_cut.size()) is_cut[e] = true;
      }
      // Tokens: non-space runs cut at every label boundary, and space runs that begin or end a label.
      struct Token {
        std::size_t start, end;
        std::size_t sentence;
      };
      std::vector<Token> tokens;
      for (std::size_t sent_idx = 0; sent_idx < sentences.size(); ++sent_idx) {
        auto [s, e] = sentences[sent_idx];
        std::size_t i = s;
        while (i < e) {
          const bool space = cps[i] == U' ' || cps[i] == U'\t' || cps[i] == U'\n' || cps[i] == 0xA0 || cps[i] == 0x2028 || cps[i] == 0x2029;
          std::size_t j = i + 1;
          while (j < e && !is_cut[j]) {
            const bool sp = cps[j] == U' ' || cps[j] == U'\t' || cps[j] == U'\n' || cps[j] == 0xA0 || cps[j] == 0x2028 || cps[j] == 0x2029;
            if (sp != space) break;
            ++j;
          }
          bool keep = !space;
          if (space) {
            bool has_break = false;
            for (std::size_t k = i; k < j; ++k) has_break = has_break || cps[k] == U'\n' || cps[k] == U'\t';
            for (const auto& [rs, re] : ranges) keep = keep || (!has_break && ((rs == i && re >= j) || (re == j && rs <= i)));
          }
          if (keep) tokens.push_back(Token{i, j, sent_idx});
          i = j;
        }
      }
      // Which labels cover each token; labels over more than one token get a [N] id.
      std::vector<std::vector<std::size_t>> cover(tokens.size());
      std::vector<std::size_t> n_tokens(indices.size(), 0);
      for (std::size_t r = 0; r < ranges.size(); ++r) {
        auto first = std::lower_bound(tokens.begin(), tokens.end(), ranges[r].first,
                                      [](const Token& t, std::size_t v) { return t.start < v; });
        for (auto it = first; it != tokens.end() && it->end <= ranges[r].second; ++it) {
          cover[static_cast<std::size_t>(it - tokens.begin())].push_back(r);
          ++n_tokens[r];
        }
        if (n_tokens[r] == 0 || first == tokens.end() || first->start != ranges[r].first) {
          Diagnostic d = error_in(out_.string(), "article '" + article.meta.external_id + "': label " + names[indices[r]] + " [" +
                                                     std::to_string(ranges[r].first) + ", " + std::to_string(ranges[r].second) +
                                                     ") lies outside every sentence and is not written");
          d.severity = Severity::warning;
          diagnostics_(std::move(d));
          ++skipped_labels;
        }
      }
      std::vector<std::size_t> multi_id(ranges.size(), 0);
      std::size_t next_id = 0;
      for (std::size_t r = 0; r < ranges.size(); ++r) {
        if (n_tokens[r] > 1) multi_id[r] = ++next_id;
      }
      // The file is built whole and written with one call: one TSV per document and annotator.
      std::string out;
      out.reserve(article.text.size() * 4 + 256);
      out += "#FORMAT=WebAnno TSV 3.3\n#T_SP=";
      out += k_layer;
      out += "|label\n\n";
      std::size_t token_in_sentence = 0;
      std::optional<std::size_t> current;
      for (std::size_t tok_idx = 0; tok_idx < tokens.size(); ++tok_idx) {
        const auto& t = tokens[tok_idx];
        if (!current || *current != t.sentence) {
          current = t.sentence;
          token_in_sentence = 0;
          const auto [ss, se] = sentences[t.sentence];
          // #Text: the sentence from its first token; line breaks start a new #Text line.
          const std::string sentence_text = from_u32(std::u32string_view(cps).substr(t.start, se - t.start));
          out += '\n';
          std::size_t p = 0;
          while (true) {
            auto nl = sentence_text.find('\n', p);
            std::string piece = sentence_text.substr(p, nl == std::string::npos ? std::string::npos : nl - p);
            std::string escaped;
            for (char c : piece) {
              if (c == '\\') escaped += "\\\\";
              else if (c == '\t') escaped += "\\t";
              else escaped.push_back(c);
            }
            out += "#Text=";
            out += escaped;
            out += '\n';
            if (nl == std::string::npos) break;
            p = nl + 1;
          }
          (void)ss;
        }
        ++token_in_sentence;
        std::string token = from_u32(std::u32string_view(cps).substr(t.start, t.end - t.start));
        std::string cell;
        for (auto r : cover[tok_idx]) {
          cell += (cell.empty() ? "" : "|") + escape(names[indices[r]]);
          if (multi_id[r] != 0) cell += "[" + std::to_string(multi_id[r]) + "]";
        }
        append_number(out, t.sentence + 1);
        out += '-';
        append_number(out, token_in_sentence);
        out += '\t';
        append_number(out, utf16.to_unit(t.start));
        out += '-';
        append_number(out, utf16.to_unit(t.end));
        out += '\t';
        out += escape_token(token);
        out += '\t';
        out += cell.empty() ? std::string_view("_") : std::string_view(cell);
        out += "\t\n";
      }
      if (!folder_made) {
        create_output_folder(folder);
        folder_made = true;
      }
      write_whole_file(folder / (safe_file_name(annotator) + ".tsv"), out);
    }
  }
  void finish() override {}

 private:
  static std::string escape_token(const std::string& token) {
    std::string out;
    for (char c : token) {
      if (c == '\\') out += "\\\\";
      else if (c == '\t') out += "\\t";
      else out.push_back(c);
    }
    return out;
  }
  fs::path out_;
  DiagnosticSink diagnostics_;
};

}  // namespace

void read_webanno_tsv(const std::vector<std::string>& paths, const ReadOptions& options, const LabelMap* map,
                      const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".tsv"}, diagnostics)) read_tsv(path, options, map, sink, diagnostics);
}

std::unique_ptr<LabelWriter> make_webanno_tsv_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<WebannoTsvWriter>(out, diagnostics);
}

}  // namespace credence::annotate
