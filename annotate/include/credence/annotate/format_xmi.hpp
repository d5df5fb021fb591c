// UIMA CAS XMI as INCEpTION exports it: the text in cas:Sofa/@sofaString, annotations as elements with
// begin/end in UTF-16 units; UIMA type names come from the element's namespace URI and local name.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "credence/annotate/format_labels.hpp"

namespace credence::annotate {

// Reads .xmi files. Layout <document>/<annotator>.xmi; with --annotator the file stem names the document.
// Span annotations of types outside DKPro's segmentation/metadata give labels (the map's @feature, else a
// feature named label, value or category, else the only string feature).
void read_xmi(const std::vector<std::string>& paths, const ReadOptions& options, const LabelMap* map,
              const DocumentSink& sink, const DiagnosticSink& diagnostics);
// Writes OUT/<article>/<annotator>.xmi with type webanno.custom.Credence (feature label).
std::unique_ptr<LabelWriter> make_xmi_writer(const std::filesystem::path& out, const DiagnosticSink& diagnostics);

}  // namespace credence::annotate
