// UIMA CAS XMI (INCEpTION's export): reads the sofa text and span annotations with pugixml, resolving
// each element's namespace to a UIMA type name; writes one XMI per article and annotator plus TypeSystem.xml.
#include "credence/annotate/format_xmi.hpp"

#include <pugixml.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_xmi_ns = "http://www.omg.org/XMI";
constexpr const char* k_cas_ns = "http:///uima/cas.ecore";

Location location_of(const std::string& file, std::string_view content, std::ptrdiff_t offset) {
  std::size_t line = 1, col = 1;
  for (std::ptrdiff_t i = 0; i < offset && static_cast<std::size_t>(i) < content.size(); ++i) {
    if (content[static_cast<std::size_t>(i)] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return Location{file, line, col, std::nullopt, ""};
}

// "http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" + "Sentence" ->
// "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"; nullopt for other namespace URIs.
std::optional<std::string> uima_type(std::string_view uri, std::string_view local) {
  constexpr std::string_view prefix = "http:///";
  constexpr std::string_view suffix = ".ecore";
  if (uri.rfind(prefix, 0) != 0 || uri.size() <= prefix.size() + suffix.size() ||
      uri.substr(uri.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  std::string package(uri.substr(prefix.size(), uri.size() - prefix.size() - suffix.size()));
  for (auto& c : package) {
    if (c == '/') c = '.';
  }
  return package + "." + std::string(local);
}

bool skipped_type(const std::string& type) {
  return type.rfind("uima.", 0) == 0 || type.find(".segmentation.") != std::string::npos ||
         type.find(".metadata.") != std::string::npos || type.find(".lexmorph.") != std::string::npos ||
         type.find(".syntax.") != std::string::npos;
}

std::string document_id_of(const fs::path& path, const ReadOptions& options) {
  if (!options.annotator.empty() || !path.has_parent_path()) return path.stem().string();
  fs::path folder = path.parent_path().filename();
  const std::string ext = folder.extension().string();
  if (ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".xml" || ext == ".xmi") return folder.stem().string();
  return folder.string();
}

void read_one_xmi(const fs::path& path, const ReadOptions& options, const LabelMap* map, const DocumentSink& sink,
                  const DiagnosticSink& diagnostics) {
  const std::string file = path.string();
  if (path.stem() == "INITIAL_CAS") return;
  auto content = read_whole_file(path, diagnostics);
  if (!content) return;
  if (auto bad = find_invalid_utf8(*content)) {
    diagnostics(error_at_byte(file, *bad, "invalid UTF-8 (mixed encodings?); INCEpTION writes UTF-8 XMI"));
    return;
  }
  pugi::xml_document xml;
  const auto parsed = xml.load_buffer(content->data(), content->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto loc = location_of(file, *content, parsed.offset);
    diagnostics(error_at(file, loc.line, loc.column, std::string("XML error: ") + parsed.description()));
    return;
  }
  auto report = [&](const pugi::xml_node& node, const std::string& message) {
    // offset_debug() points at the element name; the reader looks for the '<' before it.
    auto loc = location_of(file, *content, node.offset_debug() - 1);
    diagnostics(error_at(file, loc.line, loc.column, message));
  };
  const pugi::xml_node root = xml.document_element();
  std::map<std::string, std::string> ns;  // prefix -> URI
  for (auto attr : root.attributes()) {
    const std::string name = attr.name();
    if (name.rfind("xmlns:", 0) == 0) ns[name.substr(6)] = attr.value();
  }
  const std::string root_name = root.name();
  const auto colon = root_name.find(':');
  if (root_name.substr(colon == std::string::npos ? 0 : colon + 1) != "XMI" || colon == std::string::npos ||
      ns[root_name.substr(0, colon)] != k_xmi_ns) {
    report(root, "not a UIMA CAS XMI file: the root must be xmi:XMI with xmlns:xmi=\"" + std::string(k_xmi_ns) + "\"");
    return;
  }
  ForeignDocument doc;
  doc.id = document_id_of(path, options);
  doc.unit = OffsetUnit::utf16;
  doc.where = Location{file, 0, 0, std::nullopt, ""};
  doc.annotator = !options.annotator.empty() ? options.annotator : path.stem() == "CURATION_USER" ? "adjudicated" : path.stem().string();
  std::string sofa_id;
  std::set<std::string> reported_ns;
  struct Pending {
    pugi::xml_node node;
    std::string type;
  };
  std::vector<Pending> spans;
  for (auto node : root.children()) {
    if (node.type() != pugi::node_element) continue;
    const std::string name = node.name();
    const auto c = name.find(':');
    if (c == std::string::npos) {
      report(node, "element <" + name + "> has no namespace prefix; UIMA types are written prefix:Type");
      continue;
    }
    const std::string prefix = name.substr(0, c), local = name.substr(c + 1);
    auto it = ns.find(prefix);
    if (it == ns.end()) {
      if (reported_ns.insert(prefix).second) report(node, "unknown namespace prefix '" + prefix + "' (no xmlns:" + prefix + " declaration on the root)");
      continue;
    }
    if (it->second == k_cas_ns) {
      if (local == "Sofa") {
        const std::string id = node.attribute("sofaID").value();
        if (sofa_id.empty() || id == "_InitialView") {
          if (!node.attribute("sofaString")) {
            report(node, "cas:Sofa without sofaString: the document text is missing");
            continue;
          }
          doc.text = node.attribute("sofaString").value();
          sofa_id = node.attribute("xmi:id").value();
        }
      }
      continue;
    }
    auto type = uima_type(it->second, local);
    if (!type) {
      if (reported_ns.insert(prefix).second) {
        report(node, "unknown namespace '" + it->second + "' (prefix " + prefix + "): UIMA types use http:///<package path>.ecore; elements skipped");
      }
      continue;
    }
    if (!node.attribute("begin") || !node.attribute("end")) continue;  // not a span annotation
    if (type->rfind("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData", 0) == 0) {
      if (doc.meta.title.empty()) doc.meta.title = node.attribute("documentTitle").value();
      continue;
    }
    if (skipped_type(*type)) continue;
    spans.push_back(Pending{node, *type});
  }
  if (!doc.text) {
    diagnostics(error_in(file, "no cas:Sofa with the document text; is this a CAS XMI export?"));
    return;
  }
  for (const auto& [node, type] : spans) {
    if (!sofa_id.empty() && node.attribute("sofa") && sofa_id != node.attribute("sofa").value()) continue;  // another view
    const auto begin = node.attribute("begin").as_llong(-1), end = node.attribute("end").as_llong(-1);
    if (begin < 0 || end < 0) {
      report(node, "begin and end must be whole, non-negative numbers");
      continue;
    }
    std::optional<std::string> feature;
    if (map != nullptr) {
      if (auto it = map->features.find(type); it != map->features.end()) feature = it->second;
    }
    std::string name;
    bool found = false;
    if (feature) {
      if (auto attr = node.attribute(feature->c_str())) {
        name = attr.value();
        found = true;
      } else {
        report(node, type + " has no feature '" + *feature + "' (named by @feature in the map)");
        continue;
      }
    }
    std::vector<pugi::xml_attribute> features;
    for (auto attr : node.attributes()) {
      const std::string n = attr.name();
      if (n == "xmi:id" || n == "sofa" || n == "begin" || n == "end" || n == "note") continue;
      features.push_back(attr);
    }
    for (const char* preferred : {"label", "value", "category"}) {
      if (found) break;
      for (auto attr : features) {
        if (std::string(attr.name()) == preferred) {
          name = attr.value();
          found = true;
        }
      }
    }
    if (!found && features.size() == 1) {
      name = features[0].value();
      found = true;
    }
    if (!found || name.empty()) name = type.substr(type.rfind('.') + 1);
    ForeignLabel label;
    label.name = name;
    label.context = type.substr(type.rfind('.') + 1);
    label.has_span = true;
    label.start = static_cast<std::size_t>(begin);
    label.end = static_cast<std::size_t>(end);
    label.note = node.attribute("note").value();
    label.where = location_of(file, *content, node.offset_debug() - 1);
    doc.labels.push_back(std::move(label));
  }
  sink(std::move(doc));
}

std::string xml_attr(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

class XmiWriter : public LabelWriter {
 public:
  XmiWriter(const fs::path& out, const DiagnosticSink& diagnostics) : out_(out) {
    create_output_folder(out_);
  }
  void write(const Article& article, const std::vector<Annotation>& labels, const std::vector<std::string>& names) override {
    const auto by_annotator = labels_by_annotator(labels);
    const UnitConverter utf16(article.text, OffsetUnit::utf16);
    const std::size_t n_cp = code_point_count(article.text);
    const fs::path folder = out_ / safe_file_name(article.meta.external_id);
    bool folder_made = false;
    for (const auto& [annotator, indices] : by_annotator) {
      // Built whole in memory (as a file stream would write it) and written with one call.
      std::ostringstream out;
      out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\" "
             "xmlns:type=\"http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore\" "
             "xmlns:type2=\"http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore\" "
             "xmlns:custom=\"http:///webanno/custom.ecore\" xmi:version=\"2.0\">\n"
             "  <cas:NULL xmi:id=\"0\"/>\n";
      std::size_t next_id = 2;
      std::string members;
      auto member = [&](std::size_t id) { members += (members.empty() ? "" : " ") + std::to_string(id); };
      out << "  <type2:DocumentMetaData xmi:id=\"" << next_id << "\" sofa=\"1\" begin=\"0\" end=\"" << utf16.to_unit(n_cp)
          << "\" language=\"" << xml_attr(article.meta.language.empty() ? "x-unspecified" : article.meta.language)
          << "\" documentTitle=\"" << xml_attr(article.meta.title.empty() ? article.meta.external_id : article.meta.title)
          << "\" documentId=\"" << xml_attr(article.meta.external_id) << "\"/>\n";
      member(next_id++);
      for (const auto& p : article.passages) {
        for (const auto& s : p.sentences) {
          out << "  <type:Sentence xmi:id=\"" << next_id << "\" sofa=\"1\" begin=\"" << utf16.to_unit(s.start) << "\" end=\""
              << utf16.to_unit(s.end) << "\"/>\n";
          member(next_id++);
        }
      }
      for (auto label_idx : indices) {
        const auto& a = labels[label_idx];
        std::size_t start = 0, end = n_cp;  // an article label covers the whole text
        if (a.unit == UnitKind::span && a.start && a.end) {
          start = *a.start;
          end = *a.end;
        } else if (a.unit == UnitKind::passage && a.passage_index && static_cast<std::size_t>(*a.passage_index) < article.passages.size()) {
          start = article.passages[static_cast<std::size_t>(*a.passage_index)].start;
          end = article.passages[static_cast<std::size_t>(*a.passage_index)].end;
        }
        out << "  <custom:Credence xmi:id=\"" << next_id << "\" sofa=\"1\" begin=\"" << utf16.to_unit(start) << "\" end=\""
            << utf16.to_unit(end) << "\" label=\"" << xml_attr(names[label_idx]) << "\"";
        if (!a.note.empty()) out << " note=\"" << xml_attr(a.note) << "\"";
        out << "/>\n";
        member(next_id++);
      }
      out << "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" sofaString=\""
          << xml_attr(article.text) << "\"/>\n"
          << "  <cas:View sofa=\"1\" members=\"" << members << "\"/>\n</xmi:XMI>\n";
      if (!folder_made) {
        create_output_folder(folder);
        folder_made = true;
      }
      write_whole_file(folder / (safe_file_name(annotator) + ".xmi"), out.str());
    }
  }
  void finish() override {
    auto out = open_output(out_ / "TypeSystem.xml");
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n"
           "  <types>\n"
           "    <typeDescription>\n"
           "      <name>webanno.custom.Credence</name>\n"
           "      <description>A credence label: dimension.category of a rubric</description>\n"
           "      <supertypeName>uima.tcas.Annotation</supertypeName>\n"
           "      <features>\n"
           "        <featureDescription><name>label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>\n"
           "        <featureDescription><name>note</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>\n"
           "      </features>\n"
           "    </typeDescription>\n"
           "  </types>\n"
           "</typeSystemDescription>\n";
    if (!out) throw StoreError("write error; is the disk full?");
  }

 private:
  fs::path out_;
};

}  // namespace

void read_xmi(const std::vector<std::string>& paths, const ReadOptions& options, const LabelMap* map,
              const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  for (const auto& path : collect_label_files(paths, {".xmi"}, diagnostics)) read_one_xmi(path, options, map, sink, diagnostics);
}

std::unique_ptr<LabelWriter> make_xmi_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics) {
  return std::make_unique<XmiWriter>(out, diagnostics);
}

}  // namespace credence::annotate
